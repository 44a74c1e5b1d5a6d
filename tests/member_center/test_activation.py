"""Issue 14: the initial password is only the first factor. The first login (and the first after
staff reset the password) asks for a code sent to the roster's mobile or e-mail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from member_center import services
from member_center.models import OneTimeCode
from portal import sms
from tests.factories import MEMBER_PASSWORD, FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

from .utils import (
    ACTIVATE_URL,
    DASHBOARD_URL,
    LOGIN_URL,
    PASSWORD_URL,
    activate,
    last_sms_code,
    logged_in_user_id,
    login,
    page_text,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def lawyer():
    return LawyerFactory(mobile="13812345678", email="", id_number="440104198507153216")


def begin(client, lawyer):
    """The right initial password: 验证身份 comes next."""
    return login(client, lawyer.licence_no, lawyer.initial_password())


def send(client, channel="sms"):
    return client.post(ACTIVATE_URL, {"send": channel})


def verify(client, code):
    return client.post(ACTIVATE_URL, {"verify": "1", "code": code})


def events_of(user) -> list[str]:
    entries = LogEntry.objects.get_for_object(user).order_by("pk")
    return [entry.additional_data["事件"] for entry in entries if (entry.additional_data or {}).get("事件")]


def test_the_right_initial_password_leads_to_identity_check_not_into_the_member_centre(client, lawyer):
    response = begin(client, lawyer)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL
    assert logged_in_user_id(client) is None
    assert client.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_the_identity_check_offers_the_rosters_mobile_masked(client, lawyer):
    begin(client, lawyer)

    html = page_text(client.get(ACTIVATE_URL))

    assert "验证身份" in html
    assert "获取短信验证码：138****5678" in html
    assert "13812345678" not in html
    assert "验证码或激活码" in html


def test_a_code_by_sms_activates_and_logs_in_then_the_password_must_change(client, lawyer):
    begin(client, lawyer)
    send(client)
    assert sms.outbox[-1].to == "13812345678"
    assert sms.outbox[-1].body.startswith("【")

    response = verify(client, last_sms_code())

    assert response.status_code == 302
    assert logged_in_user_id(client) is not None
    assert client.get(DASHBOARD_URL)["Location"] == PASSWORD_URL
    user = User.objects.get(lawyer=lawyer)
    assert user.activated_at is not None
    assert events_of(user)[-2:] == ["发送验证码", "激活账号"]


def test_a_code_by_email_goes_to_the_rosters_address(client):
    lawyer = LawyerFactory(mobile="", email="chen@example.cn")
    begin(client, lawyer)
    assert "获取邮箱验证码：c***@example.cn" in page_text(client.get(ACTIVATE_URL))

    response = activate(client, channel="email")

    assert mail.outbox[-1].to == ["chen@example.cn"]
    assert response.status_code == 302
    assert logged_in_user_id(client) is not None


def test_a_firm_activates_as_a_lawyer_does(client):
    firm = FirmFactory(licence_no="24401200110654321", mobile="13900001111")
    login(client, firm.licence_no, "654321")

    activate(client)

    assert client.get(DASHBOARD_URL)["Location"] == PASSWORD_URL


def test_the_code_is_stored_only_as_a_keyed_hash(client, lawyer):
    begin(client, lawyer)
    send(client)
    code = last_sms_code()

    stored = OneTimeCode.objects.get()

    assert code not in stored.code_hash
    assert len(stored.code_hash) == 64
    assert stored.sent_to == "138****5678"


def test_a_wrong_code_says_how_many_tries_are_left_and_keeps_the_page(client, lawyer):
    begin(client, lawyer)
    send(client)
    wrong = "000000" if last_sms_code() != "000000" else "111111"

    response = verify(client, wrong)

    assert response.status_code == 200
    assert "验证码不正确，还可输入 4 次。" in page_text(response)
    assert logged_in_user_id(client) is None


def test_after_five_wrong_codes_the_code_is_void_even_the_right_one(client, lawyer):
    begin(client, lawyer)
    send(client)
    code = last_sms_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        verify(client, wrong)

    assert "错误次数过多" in page_text(verify(client, wrong))
    response = verify(client, code)

    assert "验证码已失效" in page_text(response)
    assert logged_in_user_id(client) is None


def test_a_code_expires_after_ten_minutes(client, lawyer, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+08:00", tick=False)
    begin(client, lawyer)
    send(client)
    time_machine.move_to("2026-12-01 10:10:01+08:00", tick=False)

    response = verify(client, last_sms_code())

    assert "验证码已失效" in page_text(response)


def test_a_new_code_waits_sixty_seconds_and_then_voids_the_old_one(client, lawyer, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+08:00", tick=False)
    begin(client, lawyer)
    send(client)
    first = last_sms_code()

    refused = send(client)
    assert "验证码已发送，请 60 秒后再获取。" in page_text(refused)
    assert len(sms.outbox) == 1

    time_machine.move_to("2026-12-01 10:01:01+08:00", tick=False)
    send(client)
    assert len(sms.outbox) == 2
    second = last_sms_code()
    if first != second:
        assert "验证码" in page_text(verify(client, first)) and logged_in_user_id(client) is None
    verify(client, second)
    assert logged_in_user_id(client) is not None


def test_a_double_click_on_send_sends_one_code(client, lawyer):
    begin(client, lawyer)

    send(client)
    send(client)

    assert len(sms.outbox) == 1
    assert OneTimeCode.objects.count() == 1


def test_at_most_five_codes_a_day(client, lawyer, time_machine):
    time_machine.move_to("2026-12-01 08:00:00+08:00", tick=False)
    begin(client, lawyer)
    for minute in range(5):
        time_machine.move_to(f"2026-12-01 08:{minute * 2:02d}:00+08:00", tick=False)
        send(client)
    time_machine.move_to("2026-12-01 08:12:00+08:00", tick=False)

    response = send(client)

    assert "今日获取验证码的次数已达上限" in page_text(response)
    assert len(sms.outbox) == 5


def test_without_mobile_or_email_on_the_roster_only_a_letter_works(client):
    lawyer = LawyerFactory(mobile="", email="")
    begin(client, lawyer)

    html = page_text(client.get(ACTIVATE_URL))
    assert "名册中没有登记您的手机号码和电子邮箱" in html
    assert "获取短信验证码" not in html
    response = send(client)

    assert "名册中没有登记该联系方式" in page_text(response)
    assert not sms.outbox


def test_the_identity_check_waits_fifteen_minutes_then_the_login_starts_again(client, lawyer, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+08:00", tick=False)
    begin(client, lawyer)
    time_machine.move_to("2026-12-01 10:15:01+08:00", tick=False)

    response = client.get(ACTIVATE_URL)

    assert response["Location"] == LOGIN_URL


def test_the_identity_check_without_a_login_goes_to_the_login(client):
    assert client.get(ACTIVATE_URL)["Location"] == LOGIN_URL


def test_a_code_works_only_in_the_session_that_typed_the_password(client, lawyer):
    begin(client, lawyer)
    send(client)
    other = Client()

    response = other.post(ACTIVATE_URL, {"verify": "1", "code": last_sms_code()})

    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(other) is None


def test_a_code_cannot_be_used_twice(client, lawyer):
    begin(client, lawyer)
    send(client)
    code = last_sms_code()
    verify(client, code)
    client.post("/member/logout/")
    begin(client, lawyer)  # the password is still the initial one: a code is asked again

    response = verify(client, code)

    assert "验证码已失效" in page_text(response)


def test_the_staff_admin_login_refuses_an_account_not_activated(client, lawyer):
    response = client.post("/admin/login/", {"username": lawyer.licence_no, "password": lawyer.initial_password()})

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_the_right_initial_password_is_no_failed_login(client, lawyer):
    from axes.models import AccessAttempt

    for _ in range(6):
        begin(client, lawyer)

    assert not AccessAttempt.objects.exists()
    assert begin(client, lawyer)["Location"] == ACTIVATE_URL


def test_an_activated_member_still_on_the_initial_password_is_asked_again(client, lawyer):
    begin(client, lawyer)
    activate(client)
    client.post("/member/logout/")  # left without replacing the initial password

    response = begin(client, lawyer)

    assert response["Location"] == ACTIVATE_URL
    assert logged_in_user_id(client) is None


def test_the_session_that_activated_goes_on_to_the_password_change(client, lawyer):
    begin(client, lawyer)
    activate(client)

    assert client.get(PASSWORD_URL).status_code == 200


def test_a_member_who_changed_the_password_is_not_asked_again(client):
    user = MemberUserFactory()

    response = login(client, user.lawyer.licence_no, MEMBER_PASSWORD)

    assert response["Location"] == DASHBOARD_URL


def test_after_staff_reset_the_next_login_asks_for_a_code_again(client):
    user = MemberUserFactory(lawyer=LawyerFactory(mobile="13812340000"))
    services.reset_to_initial_password(user.lawyer, by=StaffUserFactory(superuser=True))

    response = login(client, user.lawyer.licence_no, user.lawyer.initial_password())

    assert response["Location"] == ACTIVATE_URL
    activate(client)
    assert logged_in_user_id(client) == str(user.pk)


def test_a_session_of_an_account_reset_by_staff_ends(client):
    user = MemberUserFactory()
    client.force_login(user, backend="member_center.backends.PortalBackend")
    user.activated_at = None
    user.save(update_fields=["activated_at"])

    assert client.get(DASHBOARD_URL)["Location"].startswith(LOGIN_URL)


def test_the_code_mail_and_message_never_leave_through_the_job_queue(client, lawyer):
    from django_q.models import OrmQ

    begin(client, lawyer)
    send(client)

    assert not OrmQ.objects.exists()
    assert timezone.now() - OneTimeCode.objects.get().created_at < datetime.timedelta(minutes=1)


def test_a_gateway_that_fails_gives_a_clear_message_and_voids_the_code(client, lawyer, settings):
    settings.SMS_BACKEND = "portal.sms.backends.http.SmsBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/send"  # nothing listens there
    settings.SMS_HTTP_TIMEOUT = 2
    begin(client, lawyer)

    response = send(client)

    assert response.status_code == 200
    assert "验证码发送失败，请稍后重试" in page_text(response)
    assert OneTimeCode.objects.get().revoked_at is not None


def test_one_address_gets_at_most_twenty_codes_an_hour_across_accounts(client, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+08:00", tick=False)
    lawyers = LawyerFactory.create_batch(21)
    for lawyer in lawyers[:20]:
        begin(client, lawyer)
        send(client)
    begin(client, lawyers[20])

    response = send(client)

    assert "该网络地址获取验证码过于频繁" in page_text(response)
    assert len(sms.outbox) == 20
