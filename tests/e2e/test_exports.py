"""The staff listings' exports as Chromium downloads them: the Chinese file name arrives (not
download.csv), and a cell someone typed as a formula comes out as text."""

import csv
import io

import pytest

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
