"""活动管理 in the browser at desktop (1366 px) and phone (390 px) width, as a member of the role
活动管理: 签到 by typing a member's 签到码 and by ticking the list, then 结束活动, which turns the
attendance into 培训记录; axe-core finds nothing serious or critical on either page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import axe_violations, screenshot

pytestmark = pytest.mark.e2e
HOUR = datetime.timedelta(hours=1)


def manager_page(page):
    from member_center import roles
    from tests.factories import STAFF_PASSWORD, StaffUserFactory

    user = StaffUserFactory(roles=[roles.ACTIVITY_MANAGERS], last_name="活", first_name="动")
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def started_activity(names, title="2026年度律师执业技能培训"):
    """An activity that began an hour ago, with a seat for each of `names` (signed up while open)."""
    from activities import services
    from activities.models import ActivityPage
    from tests.activities.helpers import make_activity
    from tests.factories import FirmFactory, LawyerFactory

    now = timezone.now()
    activity = make_activity(
        title=title, signup_opens=now - 3 * 24 * HOUR, signup_closes=now + 24 * HOUR, starts_at=now + 48 * HOUR,
        ends_at=now + 51 * HOUR,
    )  # fmt: skip
    firm = FirmFactory(name="广州明法律师事务所")
    signups = []
    for name in names:
        lawyer = LawyerFactory(name=name, firm=firm)
        [signup] = services.sign_up(activity, lawyer, [services.entry_from_roster(lawyer, mobile="13800000000")])
        signups.append(signup)
    # Sign-up has closed and the activity is under way: the moment staff take attendance.
    ActivityPage.objects.filter(pk=activity.pk).update(
        signup_closes=now - 2 * HOUR, starts_at=now - HOUR, ends_at=now + 2 * HOUR
    )
    return activity, signups


def assert_no_axe_findings(page):
    """Once Wagtail's messages have faded in: half-way, axe measures a half-transparent colour."""
    page.wait_for_function(
        """() => !document.getAnimations().some(a => a.effect?.target?.closest?.('.messages'))
                 && [...document.querySelectorAll('.messages li')].every(li => getComputedStyle(li).opacity === '1')"""
    )
    assert axe_violations(page) == []


def test_check_in_by_the_typed_code_and_by_the_list(page, viewport, roster):
    from activities.models import SignUp

    activity, (first, second) = started_activity(["王雷", "李红"])
    manager_page(page)

    page.goto(f"/admin/activities/{activity.pk}/check-in/")
    expect(page.get_by_text("已签到 0 / 2 人")).to_be_visible()
    assert_no_axe_findings(page)

    page.get_by_label("签到码").fill(first.code.lower())  # typed as it comes, in lower case
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("王雷签到成功")
    expect(page.get_by_text("已签到 1 / 2 人")).to_be_visible()
    assert_no_axe_findings(page)

    page.get_by_role("button", name="李红 签到").click()
    expect(page.locator(".messages")).to_contain_text("李红签到成功")
    expect(page.get_by_text("已签到 2 / 2 人")).to_be_visible()
    screenshot(page, f"activities-check-in-{viewport}")
    assert SignUp.objects.filter(pk__in=[first.pk, second.pk], checked_in_at__isnull=False).count() == 2

    page.get_by_label("签到码").fill("NOSUCHCODE")
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("签到码无效，请核对后重新输入。")
    assert_no_axe_findings(page)


def test_closing_the_activity_turns_attendance_into_training_records(page, viewport, roster):
    from activities import windows
    from activities.models import ActivityPage, Attendance, SignUp, TrainingRecord

    activity, (present, absent) = started_activity(["王雷", "李红"], title="律师职业道德与执业纪律培训")
    manager_page(page)
    page.goto(f"/admin/activities/{activity.pk}/check-in/")
    page.get_by_role("button", name="王雷 签到").click()
    expect(page.locator(".messages")).to_contain_text("王雷签到成功")

    page.goto(f"/admin/activities/{activity.pk}/close/")
    expect(page.get_by_role("row").filter(has_text="王雷")).to_contain_text("出席")
    expect(page.get_by_role("row").filter(has_text="李红")).to_contain_text("缺席")
    assert_no_axe_findings(page)
    screenshot(page, f"activities-close-{viewport}")

    page.get_by_role("button", name="结束活动并记录学时").click()
    expect(page.locator(".messages")).to_contain_text("活动已结束：出席 1 人")
    expect(page.locator(".messages")).to_contain_text("已记录 1 条培训记录")
    assert_no_axe_findings(page)

    record = TrainingRecord.objects.get()
    assert record.lawyer_id == present.attendee_id and record.hours == activity.hours
    assert SignUp.objects.get(pk=absent.pk).attendance == Attendance.ABSENT
    assert windows.is_closed(ActivityPage.objects.select_related("ledger").get(pk=activity.pk))

    page.goto(f"/admin/activities/{activity.pk}/close/")
    expect(page.get_by_text("该活动已结束，学时已记录。")).to_be_visible()
    assert_no_axe_findings(page)
