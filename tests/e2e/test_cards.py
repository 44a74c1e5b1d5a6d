"""会员卡 in the browser, both sides, at desktop and phone width: 张明文 goes through 申请律师一卡通
(执业信息 → 上传照片 → 确认信息, a double click makes one application), prints and revokes it;
staff take another through the pipeline to 已领取; he reports the card lost and activates it, and
the public check shows each status."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    assert_no_horizontal_scroll,
    first_login,
    heading,
    screenshot,
)
from tests.e2e.test_tickets import staff_page

pytestmark = pytest.mark.e2e


def test_apply_revoke_and_the_card_on_both_sides(page, viewport, roster, browser, base_url, tmp_path):
    from member_center.cards.models import ApplicationState, CardApplication, CardStatus
    from tests.factories import id_photo

    picture = tmp_path / "me.jpg"
    picture.write_bytes(id_photo())

    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto("/member/cards/")
    expect(heading(page)).to_have_text("申请会员卡")
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="首次申请会员卡").click()
    expect(page.locator(".cd-info")).to_contain_text(LAWYER_LOGIN)
    expect(page.get_by_role("link", name="工单系统").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"cards-info-{viewport}")
    page.get_by_role("link", name="下一步").click()
    expect(page.locator("body")).to_contain_text("照片不符合证件照要求的，一律驳回")
    page.set_input_files("input[type=file]", str(picture))
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_role("heading", name="确认信息")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"cards-confirm-{viewport}")
    page.get_by_role("button", name="申请会员卡").dblclick()
    expect(page.locator("body")).to_contain_text("已提交成功")
    assert CardApplication.objects.count() == 1
    application = CardApplication.objects.get()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"cards-list-{viewport}")

    # 打印 opens the PDF; 撤消 while 待审核.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="打印").click()
    popup.value.close()
    page.get_by_role("link", name="撤消").click()
    page.get_by_role("button", name="撤消").click()
    expect(page.locator("table")).to_contain_text("已撤消")

    # A new application, taken by staff through the pipeline.
    page.get_by_role("link", name="首次申请会员卡").click()
    page.get_by_role("link", name="下一步").click()
    page.set_input_files("input[type=file]", str(picture))
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="申请会员卡").click()
    expect(page.locator("body")).to_contain_text("已提交成功")
    application = CardApplication.objects.get(state=ApplicationState.PENDING)

    staff = staff_page(browser, base_url, page.viewport_size)
    staff.goto(f"/admin/snippets/cards/cardapplication/inspect/{application.pk}/")
    staff.get_by_role("button", name="受理", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("已受理")
    staff.goto("/admin/snippets/cards/cardapplication/")
    staff.get_by_role("link", name="制卡导出").click()
    staff.get_by_role("button", name="确认导出").click()
    expect(staff.locator(".messages")).to_contain_text("已生成制卡批次")
    staff.goto(f"/admin/snippets/cards/cardapplication/inspect/{application.pk}/")
    staff.get_by_role("button", name="制卡", exact=True).click()
    staff.fill("#made-pickup_place", "协会一楼服务大厅")
    staff.fill("#made-pickup_time", "工作日 9:00–17:00")
    staff.get_by_role("button", name="制卡完成", exact=True).click()
    staff.get_by_role("button", name="验卡", exact=True).click()
    staff.get_by_role("button", name="领取", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("已领取会员卡")
    screenshot(staff, f"cards-staff-collected-{viewport}")
    application.refresh_from_db()
    card = application.card

    # 会员卡管理: 挂失 at once, seen by the public check; then 激活.
    page.goto("/member/cards/manage/")
    expect(page.locator("table")).to_contain_text(card.number)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="挂失").click()
    page.get_by_role("button", name="挂失").click()
    expect(page.locator("table")).to_contain_text("已挂失")
    screenshot(page, f"cards-manage-{viewport}")
    check = browser.new_context(base_url=base_url, viewport=page.viewport_size).new_page()
    check.goto(f"/verify/member/{card.verify_token}/")
    expect(check.locator(".verify__result")).to_contain_text("已挂失")
    assert_no_horizontal_scroll(check)
    screenshot(check, f"cards-verify-{viewport}")
    page.get_by_role("button", name="激活").click()
    expect(page.locator("table")).to_contain_text("正常")
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_staff_finish_a_whole_batch_at_once(roster, browser, base_url, private_media):
    """批量制卡完成: the batch picked by the 制卡批次 filter, every row selected, 领取地点 and
    领取时间 typed once (asked for beside the field when left out); each member is told."""
    from member_center.cards import services
    from member_center.cards.models import ApplicationState, CardBatch
    from member_center.models import Lawyer
    from portal.notifications.models import Notification
    from tests.cards.helpers import in_state
    from tests.factories import StaffUserFactory

    lawyers = list(Lawyer.objects.filter(name__in=["王雷", "陈晓东", "刘芳"]))
    accepted = [in_state(ApplicationState.ACCEPTED, lawyer) for lawyer in lawyers]
    manager = StaffUserFactory(superuser=True)
    services.export_batch([a.pk for a in accepted], manager)
    for application in accepted:
        services.make(application, manager)
    batch = CardBatch.objects.get()

    staff = staff_page(browser, base_url, {"width": 1366, "height": 900})
    staff.goto("/admin/snippets/cards/cardbatch/")
    staff.get_by_role("link", name="查看并批量办理").click()
    expect(staff).to_have_url(re.compile(rf"batch={batch.pk}"))
    staff.locator("thead input[type=checkbox]").check()
    staff.get_by_role("link", name="制卡完成所选的会员卡申请").click()
    expect(staff.locator("body")).to_contain_text("将以下 3 份会员卡申请转为“已制卡”")
    staff.fill("#id_pickup_time", "6月1日至6月30日 工作日 9:00–17:00")
    staff.get_by_role("button", name="确认制卡完成").click()
    expect(staff.locator("body")).to_contain_text("请填写领取地点。")
    staff.fill("#id_pickup_place", "协会一楼服务大厅")
    staff.get_by_role("button", name="确认制卡完成").click()
    expect(staff.locator(".messages")).to_contain_text("已将 3 份会员卡申请转为“已制卡”")
    screenshot(staff, "cards-staff-bulk-made")
    for application in accepted:
        application.refresh_from_db()
        assert (application.state, application.batch_id) == (ApplicationState.MADE, batch.pk)
    notices = Notification.objects.filter(event="cards.application.made")
    assert all("协会一楼服务大厅" in n.body for n in notices)
