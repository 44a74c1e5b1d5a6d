"""The staff listings' exports as Chromium downloads them: the Chinese file name arrives (not
download.csv), and a cell someone typed as a formula comes out as text; over the inline limit,
the export is built by a job and staff find it through 我的消息 on the admin home."""

import csv
import io

import pytest

from tests.e2e.helpers import screenshot
from tests.e2e.test_tickets import staff_page

pytestmark = pytest.mark.e2e


def download(page, url):
    """Follow a link to `url` as a click would, and wait for the download it starts."""
    with page.expect_download() as info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; document.body.appendChild(a); a.click(); }",
            url,
        )
    return info.value


@pytest.mark.parametrize(("export", "name"), [("csv", "会员卡申请.csv"), ("xlsx", "会员卡申请.xlsx")])
def test_an_export_arrives_with_its_chinese_name_and_no_formula(
    roster, browser, base_url, tmp_path, private_media, export, name
):
    from tests.cards.helpers import apply
    from tests.factories import LawyerFactory

    apply(LawyerFactory(name='=HYPERLINK("http://evil.example/","点击")'))
    staff = staff_page(browser, base_url, {"width": 1366, "height": 900})
    staff.goto("/admin/snippets/cards/cardapplication/")
    done = download(staff, f"/admin/snippets/cards/cardapplication/?export={export}")
    assert done.suggested_filename == name
    target = tmp_path / name
    done.save_as(target)
    if export == "csv":
        rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
        assert rows[1][1] == '\'=HYPERLINK("http://evil.example/","点击")'
    else:
        import openpyxl

        sheet = openpyxl.load_workbook(target).active
        cell = sheet.cell(row=2, column=2)
        assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_a_large_export_arrives_through_my_messages(roster, browser, base_url, tmp_path, private_media, settings):
    from playwright.sync_api import expect

    from tests.cards.helpers import apply
    from tests.factories import LawyerFactory

    settings.EXPORT_INLINE_LIMIT = 1  # two rows are "large"
    apply(LawyerFactory(name="=1+2"))
    apply(LawyerFactory(name="欧阳锋"))
    staff = staff_page(browser, base_url, {"width": 1366, "height": 900})
    staff.goto("/admin/snippets/cards/cardapplication/")

    # The export is queued (and, the test jobs being synchronous, built): the listing says so.
    staff.goto("/admin/snippets/cards/cardapplication/?export=xlsx")
    expect(staff.get_by_text("共 2 行，导出文件正在后台生成，完成后会在消息中通知您")).to_be_visible()
    screenshot(staff, "exports-queued-1366")

    staff.goto("/admin/")
    panel = staff.locator("section[aria-labelledby=my-messages-title]")
    expect(panel).to_contain_text("我的消息（1 条未读）")
    screenshot(staff, "exports-home-panel-1366")
    panel.get_by_role("link", name="导出文件已生成").click()
    expect(staff.get_by_text("「会员卡申请」的导出文件已生成，共 2 行")).to_be_visible()
    screenshot(staff, "exports-message-1366")

    with staff.expect_download() as info:
        staff.get_by_role("link", name="下载导出文件").click()
    done = info.value
    assert done.suggested_filename == "会员卡申请.xlsx"
    target = tmp_path / done.suggested_filename
    done.save_as(target)
    import openpyxl

    sheet = openpyxl.load_workbook(target).active
    names = {sheet.cell(row=row, column=2).value for row in (2, 3)}
    assert names == {"=1+2", "欧阳锋"}
    assert all(sheet.cell(row=row, column=2).data_type == "s" for row in (2, 3))

    staff.goto("/admin/")
    expect(panel).to_contain_text("暂无未读消息")
