"""Who may open the member centre and the staff admin, and logging out."""

import pytest

from member_center.models import RosterStatus
from tests.factories import StaffUserFactory

from .utils import ACCOUNT_URL, DASHBOARD_URL, logged_in_user_id

pytestmark = pytest.mark.django_db


def test_logout_by_get_is_not_allowed(lawyer_client):
    response = lawyer_client.get("/member/logout/")

    assert response.status_code == 405
    assert logged_in_user_id(lawyer_client) is not None


def test_logout_by_post_logs_out(lawyer_client):
    response = lawyer_client.post("/member/logout/")

    assert response.status_code == 302
    assert logged_in_user_id(lawyer_client) is None
    assert lawyer_client.get(DASHBOARD_URL).status_code == 302


def test_the_member_pages_offer_a_logout_form(lawyer_client):
    html = lawyer_client.get(DASHBOARD_URL).content.decode()

    assert 'action="/member/logout/"' in html
    assert "退出" in html


@pytest.mark.parametrize("url", [DASHBOARD_URL, ACCOUNT_URL, "/member/password/", "/member/account/photo/"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/member/login/?next={url}"


def test_staff_user_without_a_member_record_gets_403(client):
    client.force_login(StaffUserFactory(superuser=True))

    assert client.get(DASHBOARD_URL).status_code == 403
    assert client.get(ACCOUNT_URL).status_code == 403


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/"])
def test_member_cannot_open_the_wagtail_admin(lawyer_client, url):
    response = lawyer_client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_member_cannot_open_the_django_admin(firm_client):
    response = firm_client.get("/django-admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")


def test_a_member_cancelled_while_logged_in_is_turned_away(lawyer_client, lawyer):
    lawyer.status = RosterStatus.CANCELLED
    lawyer.save()

    response = lawyer_client.get(DASHBOARD_URL)

    assert response.status_code in (302, 403)
