"""找回密码: a reset link by e-mail to the address kept in 账户信息 (sent by a django-q2 job)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import MEMBER_PASSWORD

from .utils import DASHBOARD_URL, login, page_text

User = get_user_model()

pytestmark = pytest.mark.django_db

RESET_URL = "/member/password/reset/"
DONE_URL = "/member/password/reset/sent/"
NEW_PASSWORD = "Baiyun#Mountain2024"
LINK_RE = re.compile(r"https?://[^/\s]+(/member/password/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def member_with_email(lawyer_user):
    lawyer_user.email = "chen.jing@lawfirm.example.cn"
    lawyer_user.save()
    return lawyer_user


def request_reset(client, email, capture):
    # The mail is enqueued on commit: run the commit callbacks as a real request would.
    with capture(execute=True):
        return client.post(RESET_URL, {"email": email})


def test_the_reset_form_asks_for_the_email(client):
    html = page_text(client.get(RESET_URL))

    assert "找回密码" in html
    assert 'name="email"' in html


def test_a_known_email_gets_exactly_one_mail_with_a_link(client, member_with_email, django_capture_on_commit_callbacks):
    response = request_reset(client, "chen.jing@lawfirm.example.cn", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chen.jing@lawfirm.example.cn"]
    assert "重置密码" in message.subject
    assert member_with_email.lawyer.name in message.body
    assert LINK_RE.search(message.body)


def test_the_link_lets_the_member_set_a_new_password(client, member_with_email, django_capture_on_commit_callbacks):
    request_reset(client, member_with_email.email, django_capture_on_commit_callbacks)
    link = LINK_RE.search(mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "新密码" in page_text(form)
    set_password_url = form.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/member/password/reset/done/"
    assert "密码已重置" in page_text(client.get(response["Location"]))
    member_with_email.refresh_from_db()
    assert member_with_email.check_password(NEW_PASSWORD)
    assert member_with_email.must_change_password is False
    assert login(client, member_with_email.username, MEMBER_PASSWORD).status_code == 200
    assert login(client, member_with_email.username, NEW_PASSWORD)["Location"] == DASHBOARD_URL


def test_the_link_works_only_once(client, member_with_email, django_capture_on_commit_callbacks):
    request_reset(client, member_with_email.email, django_capture_on_commit_callbacks)
    link = LINK_RE.search(mail.outbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert "该重置链接无效或已过期" in page_text(response)


def test_a_forged_link_is_refused(client, member_with_email):
    response = client.get("/member/password/reset/MQ/abc-0123456789abcdef/", follow=True)

    assert "该重置链接无效或已过期" in page_text(response)


def test_an_unknown_email_sends_nothing_but_shows_the_same_page(
    client, member_with_email, django_capture_on_commit_callbacks
):
    response = request_reset(client, "nobody@example.cn", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert mail.outbox == []
    assert "邮件已发送" in page_text(client.get(DONE_URL))


def test_the_link_is_on_the_portals_address_whatever_host_the_request_names(
    client, member_with_email, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.lawyers.example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET_URL, {"email": member_with_email.email}, HTTP_HOST="evil.example")
    body = mail.outbox[0].body
    assert "evil.example" not in body
    assert re.search(r"https://portal\.lawyers\.example\.cn/member/password/reset/[^/\s]+/[^/\s]+/", body)
