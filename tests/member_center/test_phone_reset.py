"""Manual 002 FAQ 7 忘记登录密码: 通过手机进行密码重置, beside the e-mail link."""

import pytest
from auditlog.models import LogEntry

from member_center.models import OneTimeCode
from portal import sms
from portal.notifications.models import Notification
from tests.factories import MEMBER_PASSWORD, LawyerFactory, MemberUserFactory

from .utils import DASHBOARD_URL, last_sms_code, login, page_text

pytestmark = pytest.mark.django_db

START_URL = "/member/password/reset/phone/"
CONFIRM_URL = "/member/password/reset/phone/confirm/"
NEW_PASSWORD = "Baiyun#Lawyer2026"


@pytest.fixture
def user():
    return MemberUserFactory(lawyer=LawyerFactory(mobile="13911112222"))


def ask(client, username):
    return client.post(START_URL, {"username": username})


def confirm(client, code, password=NEW_PASSWORD, again=None):
    return client.post(CONFIRM_URL, {"code": code, "new_password1": password, "new_password2": again or password})


def test_the_login_and_reset_pages_offer_the_phone_reset(client):
    assert "通过手机重置" in page_text(client.get("/member/login/"))
    assert "通过手机重置" in page_text(client.get("/member/password/reset/"))


def test_a_code_goes_to_the_rosters_mobile(client, user):
    response = ask(client, user.lawyer.licence_no)

    assert response["Location"] == CONFIRM_URL
    assert sms.outbox[-1].to == "13911112222"
    assert "重置登录密码" in sms.outbox[-1].body


def test_the_code_sets_a_new_password_that_logs_in(client, user):
    ask(client, user.lawyer.licence_no)

    response = confirm(client, last_sms_code())

    assert response["Location"] == "/member/login/"
    assert login(client, user.lawyer.licence_no, NEW_PASSWORD)["Location"] == DASHBOARD_URL
    assert login(client, user.lawyer.licence_no, MEMBER_PASSWORD).status_code in (200, 302)


def test_the_old_password_no_longer_works(client, user):
    ask(client, user.lawyer.licence_no)
    confirm(client, last_sms_code())

    user.refresh_from_db()

    assert not user.check_password(MEMBER_PASSWORD)
    assert user.check_password(NEW_PASSWORD)


def test_the_member_is_told_by_message_and_the_reset_is_recorded(client, user):
    ask(client, user.lawyer.licence_no)
    confirm(client, last_sms_code())

    notification = Notification.objects.get(recipient=user)
    assert notification.title == "登录密码已重置"
    assert "139****2222" in notification.body
    events = [(e.additional_data or {}).get("事件") for e in LogEntry.objects.get_for_object(user)]
    assert "通过手机验证码重置密码" in events


def test_an_unknown_number_gets_the_same_answer_and_no_message(client):
    response = ask(client, "14401201099999999")

    assert response["Location"] == CONFIRM_URL
    assert not sms.outbox
    page = confirm(client, "123456")
    assert "验证码不正确" in page_text(page)


def test_a_member_without_mobile_on_the_roster_gets_the_same_answer(client):
    user = MemberUserFactory(lawyer=LawyerFactory(mobile=""))

    assert ask(client, user.lawyer.licence_no)["Location"] == CONFIRM_URL
    assert not sms.outbox


def test_a_struck_off_member_gets_no_code(client):
    user = MemberUserFactory(lawyer=LawyerFactory(cancelled=True, mobile="13911113333"))

    ask(client, user.lawyer.licence_no)

    assert not sms.outbox


def test_a_wrong_code_keeps_the_form_and_counts(client, user):
    ask(client, user.lawyer.licence_no)
    wrong = "000000" if last_sms_code() != "000000" else "111111"

    response = confirm(client, wrong)

    assert response.status_code == 200
    assert "验证码不正确，还可输入 4 次。" in page_text(response)
    assert OneTimeCode.objects.get().attempts == 1
    user.refresh_from_db()
    assert user.check_password(MEMBER_PASSWORD)


def test_a_weak_password_is_refused_beside_the_field(client, user):
    ask(client, user.lawyer.licence_no)

    response = confirm(client, last_sms_code(), password="12345678")

    assert response.status_code == 200
    assert "新密码" in page_text(response)
    assert OneTimeCode.objects.get().used_at is None  # the code is still good for the next try


def test_the_initial_password_is_refused_as_the_new_one(client, user):
    ask(client, user.lawyer.licence_no)

    response = confirm(client, last_sms_code(), password=user.lawyer.initial_password())

    assert response.status_code == 200
    assert "新密码不能与初始密码相同。" in page_text(response)


def test_a_member_who_never_logged_in_sets_a_password_by_phone(client):
    lawyer = LawyerFactory(mobile="13911114444")
    ask(client, lawyer.licence_no)

    confirm(client, last_sms_code())

    assert login(client, lawyer.licence_no, NEW_PASSWORD)["Location"] == DASHBOARD_URL


def test_a_locked_account_may_log_in_after_a_phone_reset(client, user):
    for _ in range(5):
        login(client, user.lawyer.licence_no, "wrong-password")
    ask(client, user.lawyer.licence_no)
    confirm(client, last_sms_code())

    assert login(client, user.lawyer.licence_no, NEW_PASSWORD)["Location"] == DASHBOARD_URL


def test_the_confirm_page_without_a_request_goes_back_to_step_one(client):
    assert client.get(CONFIRM_URL)["Location"] == START_URL


def test_an_empty_account_is_refused_beside_the_field(client):
    response = client.post(START_URL, {"username": ""})

    assert response.status_code == 200
    assert "请输入账号。" in page_text(response)
