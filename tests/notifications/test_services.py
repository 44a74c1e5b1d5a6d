"""portal.notifications.services: notify() for users and members, the e-mail copy, its retries."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_q.models import Schedule

from portal.notifications import services, tasks
from portal.notifications.models import EmailStatus, Notification
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.notifications.test_services.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 服务暂不可用")


def approve(recipient, **kwargs):
    return services.notify(
        recipient,
        title="证明申请已通过",
        body="您申请的《无违法违纪证明》已审核通过。",
        url="/member/certificates/2605010001/",
        event="certificates.application.approve",
        **kwargs,
    )


@pytest.fixture
def member_user():
    return MemberUserFactory(email="zhang.wei@lawfirm.example.cn")


def test_notify_a_user_writes_an_unread_message(member_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = approve(member_user)

    notification.refresh_from_db()
    assert notification.recipient == member_user
    assert notification.title == "证明申请已通过"
    assert notification.body == "您申请的《无违法违纪证明》已审核通过。"
    assert notification.url == "/member/certificates/2605010001/"
    assert notification.event == "certificates.application.approve"
    assert notification.read_at is None
    assert notification.created_at is not None
    assert services.unread_count(member_user) == 1


@pytest.mark.parametrize("kind", ["lawyer", "firm"])
def test_notify_a_member_writes_to_its_account(kind, django_capture_on_commit_callbacks):
    member = LawyerFactory() if kind == "lawyer" else FirmFactory()
    account = MemberUserFactory(**{kind: member}, email="office@lawfirm.example.cn")
    member.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        notification = approve(member)

    assert notification.recipient == account
    assert list(account.notifications.all()) == [notification]


def test_notify_a_member_without_an_account_writes_nothing(django_capture_on_commit_callbacks):
    lawyer = LawyerFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert approve(lawyer) is None

    assert not Notification.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_notify_refuses_anything_else():
    with pytest.raises(TypeError):
        services.notify("someone", title="x", body="y")


def test_the_email_copy_is_sent_after_the_commit(member_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = approve(member_user)
    assert notification.email_status == EmailStatus.PENDING
    assert notification.get_email_status_display() == "待发送"
    assert notification.email_to == "zhang.wei@lawfirm.example.cn"
    assert mail.outbox == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.email_sent_at is not None
    assert notification.email_attempts == 1
    [message] = mail.outbox
    assert message.subject == "【律师协会】证明申请已通过"
    assert message.to == ["zhang.wei@lawfirm.example.cn"]
    assert "您申请的《无违法违纪证明》已审核通过。" in message.body
    assert "http://127.0.0.1:8000/member/certificates/2605010001/" in message.body


def test_the_email_links_to_the_message_when_there_is_no_url(member_user, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_BASE_URL = "https://portal.lawyers.example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(member_user, title="年度考核提醒", body="请于月底前完成年度考核。")

    assert f"https://portal.lawyers.example.cn/member/messages/{notification.pk}/" in mail.outbox[0].body


def test_a_rolled_back_state_change_leaves_no_message_and_sends_no_mail(member_user):
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(member_user)
        raise RuntimeError("the state change failed")

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_no_email_when_the_member_turned_it_off(django_capture_on_commit_callbacks):
    user = MemberUserFactory(email="zhang.wei@lawfirm.example.cn", notify_by_email=False)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = approve(user)

    assert notification.email_status == EmailStatus.NONE
    assert notification.get_email_status_display() == "不发送"
    assert notification.email_to == ""
    assert callbacks == []
    assert mail.outbox == []


def test_no_email_without_an_address(django_capture_on_commit_callbacks):
    user = MemberUserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        notification = approve(user)

    assert notification.email_status == EmailStatus.NONE
    assert mail.outbox == []


def test_a_failed_mail_is_retried_then_given_up(member_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        notification = approve(member_user)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENDING
    assert notification.get_email_status_display() == "发送中"
    assert notification.email_attempts == 1
    assert "421" in notification.email_error
    retry = Schedule.objects.get(name=f"notification-email-{notification.pk}-retry-1")
    assert retry.func == "portal.notifications.tasks.send_notification_email"
    assert retry.schedule_type == Schedule.ONCE
    assert retry.next_run > notification.created_at

    # The scheduled retries run the same job.
    tasks.send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENDING
    assert Schedule.objects.filter(name=f"notification-email-{notification.pk}-retry-2").exists()
    tasks.send_notification_email(notification.pk)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.get_email_status_display() == "发送失败"
    assert notification.email_attempts == 3
    assert "421 服务暂不可用" in notification.email_error
    assert notification.email_sent_at is None
    assert Schedule.objects.filter(name__startswith=f"notification-email-{notification.pk}-").count() == 2
    assert mail.outbox == []

    tasks.send_notification_email(notification.pk)  # a late duplicate changes nothing
    notification.refresh_from_db()
    assert notification.email_attempts == 3


def test_a_retry_that_succeeds_sends_the_mail(member_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        notification = approve(member_user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    tasks.send_notification_email(notification.pk)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.email_attempts == 2
    assert notification.email_error == ""
    assert len(mail.outbox) == 1


def test_a_sent_mail_is_not_sent_again(member_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = approve(member_user)

    tasks.send_notification_email(notification.pk)

    assert len(mail.outbox) == 1


def test_notify_many_skips_members_without_accounts(django_capture_on_commit_callbacks):
    with_account = MemberUserFactory().lawyer
    without = LawyerFactory()
    staff = StaffUserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_many(
            [with_account, without, staff], title="系统维护通知", body="本周六 22:00 至 24:00 系统维护。"
        )

    assert [n.recipient for n in sent] == [with_account.account, staff]
    assert Notification.objects.count() == 2


def test_mark_read_and_unread_count(member_user):
    first = approve(member_user)
    approve(member_user)
    approve(MemberUserFactory())  # someone else's
    assert services.unread_count(member_user) == 2

    services.mark_read(first)
    read_at = first.read_at
    services.mark_read(first)  # reading again keeps the first time

    first.refresh_from_db()
    assert first.read_at == read_at
    assert services.unread_count(member_user) == 1
    assert services.mark_all_read(member_user) == 1
    assert services.unread_count(member_user) == 0
