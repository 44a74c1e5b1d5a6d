"""Links in e-mails and QR codes: PORTAL_BASE_URL when set (production requires it); without it,
the address the portal is actually served on, carried into the jobs the request enqueued."""

import pytest
from django.core import mail

from certificates.models import CertificateEmail
from portal.site_url import DEVELOPMENT_FALLBACK, serving, site_url
from tests.certificates.helpers import LIST_URL, CertificateTypeFactory, submitted


def test_without_the_setting_a_link_follows_the_address_served_on(settings):
    settings.PORTAL_BASE_URL = ""
    with serving("http://192.168.1.20:8102"):
        assert site_url() == "http://192.168.1.20:8102"
    assert site_url() == DEVELOPMENT_FALLBACK


def test_the_setting_wins_over_the_address_served_on(settings):
    settings.PORTAL_BASE_URL = "https://portal.gzlawyer.org"
    with serving("http://192.168.1.20:8102"):
        assert site_url() == "https://portal.gzlawyer.org"


@pytest.fixture
def issued(firm):
    application = submitted(firm, CertificateTypeFactory(lawyer_scope="none"), email="office@gx-law.cn")
    assert application.is_issued
    return application


def send(client, firm_user, issued, django_capture_on_commit_callbacks, host):
    from tests.certificates.test_views import login

    login(client, firm_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST_URL}{issued.number}/email/", {"to": "office@gx-law.cn"}, HTTP_HOST=host)
    assert response.status_code == 302
    assert CertificateEmail.objects.get().status == "sent"
    return mail.outbox[-1].body


def test_a_mailed_link_follows_the_host_the_member_used_in_development(
    settings, client, firm_user, issued, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["lan-box.local"]
    body = send(client, firm_user, issued, django_capture_on_commit_callbacks, "lan-box.local:8102")
    assert "http://lan-box.local:8102/verify/?number=" in body
    assert "127.0.0.1:8000" not in body


def test_a_mailed_link_uses_the_setting_when_it_is_set(
    settings, client, firm_user, issued, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.gzlawyer.org"
    settings.ALLOWED_HOSTS = ["lan-box.local"]
    body = send(client, firm_user, issued, django_capture_on_commit_callbacks, "lan-box.local:8102")
    assert "https://portal.gzlawyer.org/verify/?number=" in body
