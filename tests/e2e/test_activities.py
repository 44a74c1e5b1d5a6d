"""活动报名 in the browser at desktop and phone width: 张明文 finds an open activity, signs up with
the 报名表 (prefilled), sees 您已经报名此活动 and his 签到码, cancels after confirming; a full
activity offers the waiting list; his 培训记录 shows the year's hours."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    assert_no_horizontal_scroll,
    field,
    first_login,
    heading,
    menu,
    screenshot,
)

pytestmark = pytest.mark.e2e
DAY = datetime.timedelta(days=1)


def open_activity(title, **fields):
    from tests.activities.helpers import make_activity

    now = timezone.now()
    return make_activity(
        title=title, signup_opens=now - DAY, signup_closes=now + 5 * DAY, starts_at=now + 7 * DAY,
        ends_at=now + 7 * DAY + datetime.timedelta(hours=3), **fields,
    )  # fmt: skip


def test_sign_up_then_cancel(page, viewport, roster):
    from activities.models import SignUp, SignUpState

    open_activity("2026年度律师执业技能培训")
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    menu(page, "活动报名")
    expect(heading(page)).to_have_text("活动报名")
    expect(page.get_by_text("通过本页面完成活动的报名、取消、请假等事项")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="我要报名").first.click()
    expect(heading(page)).to_have_text("报名参与活动 2026年度律师执业技能培训")
    expect(page.get_by_text("100人（还剩100个名额）")).to_be_visible()
    expect(field(page, "工作单位")).to_have_value("广州明法律师事务所")
    field(page, "手机号码").fill("13916292000")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"activities-form-{viewport}")
    page.get_by_role("button", name="提交报名申请").dblclick()
    expect(page.locator(".ac-signed")).to_contain_text("您已经报名此活动")
    expect(page.get_by_text("100人（还剩99个名额）")).to_be_visible()
    assert SignUp.objects.count() == 1

    page.locator(".ac-signed").get_by_role("link", name="查看").click()
    expect(page.locator(".ac-code svg")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"activities-signup-{viewport}")
    page.get_by_role("link", name="取消报名").click()
    page.get_by_role("button", name="确认取消").click()
    expect(page.locator(".mc-messages")).to_contain_text("已取消")
    assert SignUp.objects.get().state == SignUpState.CANCELLED


def test_a_full_activity_offers_the_waiting_list(page, viewport, roster):
    from activities import services
    from activities.models import SignUp, SignUpState
    from tests.factories import LawyerFactory

    activity = open_activity("青年律师沙龙", capacity=1)
    other = LawyerFactory()
    services.sign_up(activity, other, [services.entry_from_roster(other, mobile="13800000000")])
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto(f"/member/activities/{activity.pk}/")
    expect(page.get_by_text("本次活动名额已满，可加入候补名单")).to_be_visible()
    field(page, "手机号码").fill("13916292000")
    page.get_by_role("button", name="加入候补名单").click()
    expect(page.locator(".mc-messages")).to_contain_text("已加入候补名单")
    assert SignUp.objects.filter(state=SignUpState.WAITING).count() == 1
    assert_no_horizontal_scroll(page)


def test_the_training_page(page, viewport, roster):
    from activities.models import TrainingRecord
    from member_center.models import Lawyer

    lawyer = Lawyer.objects.get(licence_no=LAWYER_LOGIN)
    TrainingRecord.objects.create(lawyer=lawyer, course="职业道德培训", date=timezone.localdate(),
                                  training_type="on_site", hours=Decimal("4"))  # fmt: skip
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    menu(page, "培训记录")
    expect(heading(page)).to_have_text("培训记录")
    expect(page.locator(".ac-totals")).to_contain_text("4.0 学时")
    expect(page.get_by_text("职业道德培训")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"activities-training-{viewport}")
