"""传阅给's member chooser in the browser at 1366 px: staff write a 公文, pick 指定会员, open 选择律师,
find 张明文 by pinyin, tick him and 王雷, confirm; the names show under the numbers, the draft
saves, and publishing sends it to those two."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import VIEWPORTS, screenshot

pytestmark = pytest.mark.e2e


def test_choosing_two_members_for_a_document(page, roster):
    from member_center.models import Lawyer
    from notices.models import OfficialDocument
    from tests.factories import STAFF_PASSWORD, StaffUserFactory

    zhang, wang = Lawyer.objects.get(name="张明文"), Lawyer.objects.get(name="王雷")
    user = StaffUserFactory(superuser=True)
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/snippets/notices/officialdocument/add/")
    page.fill("#id_number", "粤律协〔2026〕31号")
    page.fill("#id_issuer", "广东省律师协会")
    page.fill("#id_title", "关于参加专题培训的通知")
    page.click("#id_circles-ADD")
    page.select_option("#id_circles-0-kind", "members")

    circle = page.locator("#inline_child_circles-0")
    circle.get_by_role("button", name="选择律师", exact=True).click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_contain_text("选择律师")
    modal.locator("#id_q").fill("zmw")  # 张明文 by the initials of his name's pinyin
    expect(modal.locator("h2[role=alert]")).to_be_visible()  # the search's results, not the first list
    expect(modal.locator("tbody")).to_contain_text("张明文")
    expect(modal.locator("tbody")).not_to_contain_text("王雷")
    modal.locator(f"#chooser-modal-select-{zhang.pk}").check()
    modal.get_by_role("button", name="确认选择").click()
    expect(modal).to_be_hidden()

    circle.get_by_role("button", name="选择律师", exact=True).click()
    modal.locator("#id_q").fill("王雷")
    expect(modal.locator("h2[role=alert]")).to_be_visible()
    expect(modal.locator("tbody")).to_contain_text("王雷")
    modal.locator(f"#chooser-modal-select-{wang.pk}").check()
    modal.get_by_role("button", name="确认选择").click()
    expect(modal).to_be_hidden()

    numbers = page.locator("#id_circles-0-numbers")
    expect(numbers).to_have_value(f"{zhang.licence_no}\n{wang.licence_no}")
    picked = circle.locator("[data-member-picked]")
    expect(picked).to_contain_text(f"张明文（{zhang.licence_no}）")
    expect(picked).to_contain_text(f"王雷（{wang.licence_no}）")
    screenshot(page, "documents-staff-chooser-desktop")

    page.get_by_role("button", name=re.compile("^保存")).first.click()
    page.wait_for_url(re.compile(r"/admin/snippets/notices/officialdocument/(\?.*)?$"))
    document = OfficialDocument.objects.get(number="粤律协〔2026〕31号")
    assert document.circles.get().number_list() == [zhang.licence_no, wang.licence_no]

    page.goto(f"/admin/snippets/notices/officialdocument/inspect/{document.pk}/")
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("传阅 2 人")
    assert {r.lawyer_id for r in document.recipients.all()} == {zhang.pk, wang.pk}
