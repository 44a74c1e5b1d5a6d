"""账户信息: 接收邮件通知, on by default, saved with the form, and obeyed by notify()."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from portal.notifications import services
from portal.notifications.models import EmailStatus
from tests.factories import MemberUserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_URL = "/member/account/"
FORM = {"email": "zhang.wei@lawfirm.example.cn", "postcode": "510030", "mobile": "13800138000", "bio": ""}


def test_new_accounts_receive_email():
    assert MemberUserFactory().notify_by_email is True


def test_the_account_form_shows_the_preference_with_its_help(lawyer_client):
    page = BeautifulSoup(lawyer_client.get(ACCOUNT_URL).content, "html.parser")

    checkbox = page.select_one('input[type="checkbox"][name="notify_by_email"]')
    assert checkbox.has_attr("checked")
    assert page.find("label", attrs={"for": checkbox["id"]}).get_text(strip=True) == "接收邮件通知"
    assert "开启后，审核结果等消息同时发送到您的电子邮箱。" in page.get_text()


def test_turning_it_off_is_saved_and_stops_the_mail(lawyer_client, lawyer_user, django_capture_on_commit_callbacks):
    response = lawyer_client.post(ACCOUNT_URL, FORM)  # an unticked box is not posted
    assert response.status_code == 302

    lawyer_user.refresh_from_db()
    assert lawyer_user.notify_by_email is False
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(lawyer_user, title="档案审核通过", body="您的律师档案已审核通过。")
    assert notification.email_status == EmailStatus.NONE
    assert mail.outbox == []


def test_turning_it_back_on_is_saved(lawyer_client, lawyer_user):
    lawyer_user.notify_by_email = False
    lawyer_user.save()

    lawyer_client.post(ACCOUNT_URL, {**FORM, "notify_by_email": "on"})

    lawyer_user.refresh_from_db()
    assert lawyer_user.notify_by_email is True
