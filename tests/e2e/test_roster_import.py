"""会员管理 → 名册导入 in the browser at desktop width (1366 px), as a member of the role 会员管理:
upload the sample lawyers' file (docs/samples/lawyers.csv) against the demo roster, read the
dry run (new, changed, a transfer, a cancellation, the invalid lines with their reasons), confirm,
and find the roster changed."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import VIEWPORTS, screenshot

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "lawyers.csv"


def member_manager_page(page):
    from member_center import roles
    from tests.factories import STAFF_PASSWORD, StaffUserFactory

    user = StaffUserFactory(roles=[roles.MEMBER_MANAGERS], last_name="名", first_name="册")
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_import_the_sample_lawyers_file_dry_run_then_confirm(page, roster, private_media):
    from member_center.models import Lawyer, RosterStatus

    page.set_viewport_size(VIEWPORTS["desktop"])
    member_manager_page(page)

    page.goto("/admin/roster-import/")
    page.get_by_label("律师（含实习人员）").check()
    page.get_by_label("文件", exact=True).set_input_files(str(SAMPLE))
    page.get_by_role("button", name="上传并试运行").click()

    page.wait_for_url(re.compile(r"/admin/roster-import/\d+/$"))
    expect(page.locator("#run-state")).to_have_text("待确认")
    counts = {
        outcome: page.locator(f"[data-count={outcome}]") for outcome in ("new", "changed", "cancelled", "invalid")
    }
    expect(counts["new"]).to_have_text("2")
    expect(counts["changed"]).to_have_text("2")
    expect(counts["cancelled"]).to_have_text("1")
    expect(counts["invalid"]).to_have_text("5")
    expect(page.get_by_text("转所：广州明法律师事务所 → 广州正信律师事务所")).to_be_visible()
    expect(page.get_by_text("身份证号校验位错误（“440106199003150027”）")).to_be_visible()
    expect(page.get_by_text("执业机构不存在（“广州不存在律师事务所”）")).to_be_visible()
    expect(page.get_by_text("首次执业时间日期格式错误", exact=False)).to_be_visible()
    expect(page.get_by_text("文件中执业证号重复（与第 11 行）")).to_be_visible()
    expect(page.get_by_text("手机号码：13801000004 → 13800001234", exact=False)).to_be_visible()
    screenshot(page, "roster-import-dry-run")
    assert not Lawyer.objects.filter(licence_no="14401202610000101").exists()

    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#run-state")).to_have_text("已完成")
    expect(page.locator(".messages")).to_contain_text("已确认导入")
    screenshot(page, "roster-import-done")

    assert Lawyer.objects.get(licence_no="14401202610000101").name == "邓子涵"
    assert Lawyer.objects.get(licence_no="14401200110000011").firm.name == "广州正信律师事务所"
    assert Lawyer.objects.get(licence_no="14401200110000007").status == RosterStatus.CANCELLED
    assert not Lawyer.objects.filter(licence_no="14401202610000102").exists()
