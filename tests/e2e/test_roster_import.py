"""会员管理 → 名册导入 in the browser at desktop width (1366 px), as a member of the role 会员管理:
upload the sample lawyers' file (docs/samples/lawyers.csv) against the demo roster, read the
dry run (new, changed, a transfer, a cancellation, the invalid lines with their reasons), confirm,
and find the roster changed; with the jobs held back, watch the progress bar while they work, and
注销 the members a full list leaves out; the run's page at phone width (390 px)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import VIEWPORTS, assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "lawyers.csv"
SHOTS = Path("/tmp/importrest-shots")


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


@pytest.fixture
def held_jobs(monkeypatch):
    """The import's jobs kept back instead of run inside the request (the test settings run
    django-q2 synchronously): the test runs them itself, so the page can be seen while they work."""
    from member_center.roster_import import services

    held = []
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: held.append((task, args)))
    return held


def run_held(held):
    from django.utils.module_loading import import_string

    while held:
        task, args = held.pop(0)
        import_string(task)(*args)


def shot(page, name):
    """Into /tmp/importrest-shots/ as well as the usual /tmp/e2e-shots/."""
    screenshot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_progress_bar_follows_the_jobs_then_staff_cancel_who_is_not_in_the_full_list(
    page, roster, private_media, held_jobs, monkeypatch
):
    from member_center.models import Lawyer, RosterStatus
    from member_center.roster_import import services
    from member_center.roster_import.models import ImportRun

    page.set_viewport_size(VIEWPORTS["desktop"])
    member_manager_page(page)
    page.goto("/admin/roster-import/")
    page.get_by_label("律师（含实习人员）").check()
    page.get_by_label("文件", exact=True).set_input_files(str(SAMPLE))
    page.get_by_label("这是完整名单").check()
    page.get_by_role("button", name="上传并试运行").click()

    page.wait_for_url(re.compile(r"/admin/roster-import/\d+/$"))
    expect(page.locator("#run-state")).to_have_text("待试运行")
    expect(page.locator("#run-progress-bar")).to_have_attribute("value", "0")
    expect(page.locator("#run-progress-step")).to_have_text("等待试运行")
    run = ImportRun.objects.get()
    expected_missing = Lawyer.objects.filter(status=RosterStatus.PRACTISING).count() - 3  # 3 of the file are known

    # The dry run writes its rows 5 lines at a time: halfway through the sample's 10 lines, the
    # page (polling status.json) shows the state and the bar at 50 %.
    monkeypatch.setattr(services, "PROGRESS_EVERY", 5)
    report_progress, seen = services._report_progress, []

    def look_at_the_page(import_run):
        report_progress(import_run)
        if not seen:
            seen.append(import_run.processed_rows)
            expect(page.locator("#run-state")).to_have_text("试运行中")
            expect(page.locator("#run-progress-step")).to_have_text("正在试运行")
            expect(page.locator("#run-progress-bar")).to_have_attribute("value", "50")
            expect(page.locator("#run-progress-text")).to_have_text("5 / 10 行")
            shot(page, "roster-import-dry-running")

    monkeypatch.setattr(services, "_report_progress", look_at_the_page)
    run_held(held_jobs)
    assert seen == [5]

    # Done: the page reloads itself with the results.
    expect(page.locator("#run-state")).to_have_text("待确认")
    expect(page.locator("[data-count=new]")).to_have_text("2")
    expect(page.locator("[data-count=invalid]")).to_have_text("5")
    expect(page.locator("[data-count=missing]")).to_have_text(str(expected_missing))
    expect(page.get_by_text("转所：广州明法律师事务所 → 广州正信律师事务所")).to_be_visible()

    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#run-state")).to_have_text("导入中")
    expect(page.locator("#run-progress-step")).to_have_text("正在导入")
    expect(page.locator("#run-progress-text")).to_have_text("0 / 5 行")  # 新增 2, 变更 2, 注销 1
    shot(page, "roster-import-applying")
    run_held(held_jobs)
    expect(page.locator("#run-state")).to_have_text("已完成")  # reloaded when the job finished
    assert Lawyer.objects.get(licence_no="14401200110000011").firm.name == "广州正信律师事务所"

    # 不在文件中: nobody was cancelled by the import; staff tick them all and cancel deliberately.
    assert Lawyer.objects.filter(status=RosterStatus.PRACTISING).count() == expected_missing + 4
    page.get_by_role("link", name=re.compile(r"^不在文件中")).click()
    page.get_by_label("全选本页不在文件中的会员").check()
    expect(page.locator('input[name="rows"]:checked')).to_have_count(expected_missing)
    shot(page, "roster-import-missing")
    page.get_by_role("button", name="注销所选会员…").click()

    expect(page.get_by_label("注销日期")).to_have_value(timezone_today())
    page.get_by_role("button", name="确认注销").click()
    expect(page.get_by_text("请填写注销原因。")).to_be_visible()
    page.get_by_label("注销原因").fill("司法局 2026 年度名单中已无此人")
    shot(page, "roster-import-cancel-confirm")
    page.get_by_role("button", name="确认注销").click()

    expect(page.locator(".messages")).to_contain_text(f"已注销 {expected_missing} 名会员")
    expect(page.locator('input[name="rows"]')).to_have_count(0)
    shot(page, "roster-import-missing-cancelled")
    assert Lawyer.objects.filter(status=RosterStatus.PRACTISING).count() == 4  # the file's, and the 2 new
    assert run.rows.filter(outcome="missing", applied_at__isnull=False).count() == expected_missing

    # The run's page on a phone: the tables scroll inside their box, not the page.
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"/admin/roster-import/{run.pk}/")
    expect(page.locator("#run-state")).to_have_text("已完成")
    shot(page, "roster-import-run-phone")
    assert_no_horizontal_scroll(page)


def timezone_today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
