"""待办与概况 on the admin dashboard, per role with the oldest wait, and the weekly summary e-mail."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from member_center import roles
from member_center.cards.models import ApplicationState as CardState
from member_center.cards.models import CardApplication
from portal import dashboard
from portal.dashboard import StaffQueue
from tests.cards.helpers import apply, in_state
from tests.factories import LawyerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"
ACCOUNT = "/admin/account/"


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def backdate_card(application, **delta):
    CardApplication.objects.filter(pk=application.pk).update(created_at=ago(**delta), updated_at=ago(**delta))


# --- the rows -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("waited", "words"),
    [
        (datetime.timedelta(seconds=20), "不到 1 分钟"),
        (datetime.timedelta(minutes=12), "12 分钟"),
        (datetime.timedelta(hours=5, minutes=59), "5 小时"),
        (datetime.timedelta(days=3, hours=4, minutes=10), "3 天 4 小时"),
        (datetime.timedelta(days=2), "2 天"),
    ],
)
def test_the_oldest_wait_reads_in_days_hours_or_minutes(waited, words):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert StaffQueue("待审核", 1, "/", oldest=now - waited).waited_words == words


def test_a_queue_with_nothing_waiting_has_no_oldest(private_media):
    queue = StaffQueue.waiting(
        "待审核的会员卡申请", CardApplication.objects.all(), "created_at", "/", role=roles.MEMBER_MANAGERS
    )
    assert (queue.count, queue.oldest, queue.waited_words) == (0, None, "")


def test_the_oldest_is_the_longest_waiting_item_of_the_queue(private_media):
    older, newer = apply(), apply()
    backdate_card(older, days=4)
    backdate_card(newer, hours=1)

    rows = {queue.label: queue for queue in dashboard.staff_queues(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))}

    assert rows["待审核的会员卡申请"].count == 2
    assert rows["待审核的会员卡申请"].waited_words == "4 天"


def test_card_making_shows_a_row_for_every_state_that_waits_for_staff(private_media):
    in_state(CardState.MAKING)
    in_state(CardState.CHECKED)
    in_state(CardState.COLLECTED)  # handed out: waits for nobody

    rows = {
        queue.label: queue.count for queue in dashboard.staff_queues(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))
    }

    assert rows["制卡中的会员卡申请"] == 1
    assert rows["已验卡、待领取的会员卡"] == 1
    assert rows["待审核的会员卡申请"] == 0
    assert not any("已领取" in label for label in rows)


def test_each_role_sees_only_its_own_queues():
    def labels(role):
        return {queue.label for queue in dashboard.staff_queues(StaffUserFactory(roles=[role]))}

    assert "待审批的电子证明" in labels(roles.CERTIFICATE_REVIEWERS)
    assert "待审核档案" not in labels(roles.CERTIFICATE_REVIEWERS)
    assert {"待审核档案", "待处理变更", "待审核的会员卡申请"} <= labels(roles.MEMBER_MANAGERS)
    assert "待审批的电子证明" not in labels(roles.MEMBER_MANAGERS)
    assert "待处理的工单" in labels(roles.TECH_SUPPORT)
    assert "待发布的公文" in labels(roles.DOCUMENT_MANAGERS)
    assert "待开始活动的请假" in labels(roles.ACTIVITY_MANAGERS)
    assert labels(roles.CONTENT_EDITORS) == set()


def test_the_queues_are_grouped_by_role_in_the_roles_order_with_the_overview_last():
    queues = [
        StaffQueue("执业律师", 5, "/", is_wait=False),
        StaffQueue("待审核档案", 1, "/", role=roles.MEMBER_MANAGERS),
        StaffQueue("待审批的电子证明", 2, "/", role=roles.CERTIFICATE_REVIEWERS),
        StaffQueue("待处理变更", 0, "/", role=roles.MEMBER_MANAGERS),
    ]

    groups = dashboard.by_role(queues)

    assert [(role, [queue.label for queue in rows]) for role, rows in groups] == [
        (roles.CERTIFICATE_REVIEWERS, ["待审批的电子证明"]),  # the roles' own order
        (roles.MEMBER_MANAGERS, ["待审核档案", "待处理变更"]),
        (dashboard.OVERVIEW, ["执业律师"]),
    ]


# --- the dashboard page -------------------------------------------------------------------------


def test_the_dashboard_shows_each_role_heading_with_count_and_oldest_wait(private_media):
    backdate_card(apply(), days=2, hours=3)
    staff = StaffUserFactory(roles=[roles.MEMBER_MANAGERS, roles.TECH_SUPPORT])

    page = text_of(client_for(staff).get(HOME))

    assert "会员管理 事项 数量 最久已等待" in page
    assert "技术支持 事项 数量 最久已等待" in page
    assert "待审核的会员卡申请 1 2 天 3 小时" in page
    assert "待审批的电子证明" not in page


def test_every_queue_links_to_its_filtered_listing_which_lists_what_it_counts(private_media):
    apply()
    in_state(CardState.MAKING)
    staff = StaffUserFactory(roles=[roles.MEMBER_MANAGERS])
    queue = next(q for q in dashboard.staff_queues(staff) if q.label == "制卡中的会员卡申请")

    listing = client_for(staff).get(queue.url)

    assert listing.status_code == 200
    assert "制卡中" in text_of(listing)
    assert CardApplication.objects.filter(state=CardState.MAKING).count() == queue.count == 1


def on_leave(activity):
    from activities.models import LeaveRequest, SignUp, SignUpState
    from tests.activities.helpers import sign

    signup = sign(activity, LawyerFactory())
    SignUp.objects.filter(pk=signup.pk).update(state=SignUpState.ON_LEAVE)
    return LeaveRequest.objects.create(signup=signup, reason="工作冲突")


def test_the_leave_queue_counts_only_activities_still_to_come():
    from tests.activities import helpers

    with time_machine.travel(helpers.NOW, tick=False):
        upcoming = on_leave(helpers.make_activity("还没开始的活动"))
        on_leave(
            helpers.make_activity(
                "已经开始的活动",
                signup_closes=helpers.NOW + datetime.timedelta(days=1),
                starts_at=helpers.NOW + datetime.timedelta(days=2),
                ends_at=helpers.NOW + datetime.timedelta(days=2, hours=3),
            )
        )
    staff = StaffUserFactory(roles=[roles.ACTIVITY_MANAGERS])

    with time_machine.travel(helpers.NOW + datetime.timedelta(days=4), tick=False):
        queue = next(q for q in dashboard.staff_queues(staff) if q.label == "待开始活动的请假")
        listing = text_of(client_for(staff).get(queue.url))

    assert queue.count == 1
    assert "共有 1 个符合" in listing
    assert upcoming.signup.name in listing


def test_a_staff_member_without_a_queue_sees_no_summary_offer():
    page = text_of(client_for(StaffUserFactory(roles=[roles.CONTENT_EDITORS])).get(HOME))
    assert "暂无待办" in page
    assert "每周待办摘要" not in page


# --- the weekly summary: opting in ----------------------------------------------------------------


def account_form(user, **fields):
    data = {
        "name_email-first_name": user.first_name,
        "name_email-last_name": user.last_name,
        "name_email-email": user.email,
        "locale-preferred_language": "zh-hans",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    data.update(fields)
    return data


def test_staff_opt_in_to_the_weekly_summary_in_account_settings():
    staff = StaffUserFactory(roles=[roles.MEMBER_MANAGERS])
    client = client_for(staff)
    assert "接收每周待办摘要" in text_of(client.get(ACCOUNT))

    response = client.post(ACCOUNT, account_form(staff, **{"weekly_summary-weekly_summary": "on"}))

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.weekly_summary is True
    assert "每周一上午会把这些待办发到" in text_of(client.get(HOME))


def test_opting_in_without_an_email_address_is_refused_beside_the_field():
    staff = StaffUserFactory(roles=[roles.MEMBER_MANAGERS], email="")
    client = client_for(staff)

    response = client.post(ACCOUNT, account_form(staff, **{"weekly_summary-weekly_summary": "on"}))

    assert response.status_code == 200
    assert "请先在“个人资料”中填写电子邮箱" in text_of(response)
    staff.refresh_from_db()
    assert staff.weekly_summary is False


def test_the_summary_is_off_unless_asked_for():
    assert StaffUserFactory(roles=[roles.MEMBER_MANAGERS]).weekly_summary is False


# --- the weekly summary: sending -----------------------------------------------------------------


def test_the_weekly_job_mails_each_subscriber_his_own_queues(private_media, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.cn"
    backdate_card(apply(), days=6)
    manager = StaffUserFactory(roles=[roles.MEMBER_MANAGERS], weekly_summary=True)
    reviewer = StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS], weekly_summary=True)
    StaffUserFactory(roles=[roles.MEMBER_MANAGERS])  # did not ask

    sent = dashboard.send_weekly_summaries()

    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {manager.email, reviewer.email}
    text = by_address[manager.email].body
    assert "【会员管理】" in text
    assert "待审核的会员卡申请：1，最久已等待 6 天" in text
    assert "https://portal.example.cn/admin/snippets/" in text  # a link a mail reader can follow
    assert "待审批的电子证明" not in text
    assert "制卡中的会员卡申请" not in text  # an empty queue is left out of the mail
    assert "目前没有等待您处理的事项" in by_address[reviewer.email].body
    assert text.startswith(f"{manager.last_name}{manager.first_name}，您好")
    html = by_address[manager.email].alternatives[0]
    assert html.mimetype == "text/html" and "待审核的会员卡申请" in html.content
    assert "每周待办摘要" in by_address[manager.email].subject


def test_members_and_staff_without_an_address_or_a_queue_get_no_summary():
    member = LawyerFactory()
    member_account = StaffUserFactory(is_staff=False, lawyer=member, weekly_summary=True)
    member_account.groups.add(*StaffUserFactory(roles=[roles.MEMBER_MANAGERS]).groups.all())
    StaffUserFactory(roles=[roles.MEMBER_MANAGERS], weekly_summary=True, email="")
    StaffUserFactory(roles=[roles.CONTENT_EDITORS], weekly_summary=True)  # holds no queue
    StaffUserFactory(roles=[roles.MEMBER_MANAGERS], weekly_summary=True, is_active=False)

    assert dashboard.send_weekly_summaries() == 0
    assert mail.outbox == []


def test_one_refused_address_does_not_stop_the_others(monkeypatch):
    first = StaffUserFactory(roles=[roles.MEMBER_MANAGERS], weekly_summary=True)
    second = StaffUserFactory(roles=[roles.MEMBER_MANAGERS], weekly_summary=True)
    real = dashboard.send_weekly_summary

    def refuse_first(user):
        if user.pk == first.pk:
            raise ConnectionRefusedError("SMTP refused")
        return real(user)

    monkeypatch.setattr(dashboard, "send_weekly_summary", refuse_first)

    assert dashboard.send_weekly_summaries() == 1
    assert [message.to for message in mail.outbox] == [[second.email]]


def test_the_command_sends_the_summaries_now():
    StaffUserFactory(roles=[roles.MEMBER_MANAGERS], weekly_summary=True)
    call_command("send_weekly_summaries")
    assert len(mail.outbox) == 1


def test_the_weekly_schedule_runs_on_monday_mornings():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name=dashboard.SUMMARY_SCHEDULE)

    assert schedule.func == dashboard.SUMMARY_TASK
    assert schedule.schedule_type == Schedule.WEEKLY
    assert timezone.localtime(schedule.next_run).weekday() == 0
    assert timezone.localtime(schedule.next_run).hour == 8


def test_the_first_run_is_the_coming_monday_even_on_a_monday():
    monday_noon = timezone.make_aware(datetime.datetime(2026, 11, 30, 12, 0))
    wednesday = timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 0))
    assert dashboard.next_monday_morning(monday_noon) == timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0))
    assert dashboard.next_monday_morning(wednesday) == timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0))


def test_migrate_keeps_the_reconciliation_and_heartbeat_schedules_too():
    from django_q.models import Schedule

    from portal import reconcile

    names = set(Schedule.objects.values_list("name", flat=True))

    assert {reconcile.SCHEDULE_NAME, reconcile.HEARTBEAT_NAME, dashboard.SUMMARY_SCHEDULE} <= names


def test_the_card_pipeline_is_counted_in_one_query(private_media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from member_center.cards.admin_views import staff_queues

    in_state(CardState.MAKING)
    staff = StaffUserFactory(roles=[roles.MEMBER_MANAGERS])
    staff_queues(staff)  # the permission lookups, once
    with CaptureQueriesContext(connection) as queries:
        queues = staff_queues(staff)

    assert len(queues) == 6
    assert len(queries) == 1
