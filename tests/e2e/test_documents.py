"""我的公文 in the browser, both sides, at desktop and phone width: staff publish a 机密 公文 to
张明文 and 王雷, 张明文 finds it 未读 in 我的公文, opens it (已阅), 关注s it and gives 反馈 (a double
click makes one); 王雷's feedback reaches him as a 消息; staff see 已阅 on 传阅情况."""

import re
import uuid

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

pytestmark = pytest.mark.e2e


def staff_page(browser, base_url, viewport_size):
    from tests.factories import STAFF_PASSWORD, StaffUserFactory

    user = StaffUserFactory(superuser=True)
    context = browser.new_context(base_url=base_url, viewport=viewport_size, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_a_document_from_publishing_to_feedback(page, viewport, roster, browser, base_url):
    from member_center.models import Lawyer
    from notices import services
    from notices.models import Circle, CircleKind, Feedback, OfficialDocument, Recipient, Secrecy

    zhang = Lawyer.objects.get(licence_no=LAWYER_LOGIN)
    wang = Lawyer.objects.get(name="王雷")
    document = OfficialDocument.objects.create(
        number="穗律协〔2026〕8号", issuer="广州市律师协会", secrecy=Secrecy.CONFIDENTIAL,
        title="关于重大敏感案件报告制度的通知", keywords="报告", body="<p>承办重大敏感案件的律师应在三日内书面报告。</p>",
    )  # fmt: skip
    Circle.objects.create(document=document, kind=CircleKind.MEMBERS, numbers=f"{zhang.licence_no}\n{wang.licence_no}")

    # Staff publish it from the document's page.
    staff = staff_page(browser, base_url, page.viewport_size)
    staff.goto(f"/admin/snippets/notices/officialdocument/inspect/{document.pk}/")
    expect(staff.locator("#document-circulation-section, #document-circulation").first).to_contain_text("指定会员")
    staff.get_by_role("button", name="发布", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("已发布公文 穗律协〔2026〕8号，传阅 2 人")
    screenshot(staff, f"documents-staff-published-{viewport}")

    # 张明文 finds it unread in 我的公文 and opens it.
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto("/member/documents/")
    expect(heading(page)).to_have_text("我的公文")
    row = page.locator("tbody tr").filter(has_text="关于重大敏感案件报告制度的通知")
    expect(row).to_contain_text("机密")
    expect(row).to_contain_text("未读")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"documents-member-list-{viewport}")
    row.get_by_role("link", name="查看").click()
    expect(heading(page)).to_have_text("查看收文")
    expect(page.locator(".doc-table")).to_contain_text("公文标题：关于重大敏感案件报告制度的通知")
    expect(page.locator(".doc-circulation")).to_contain_text(f"{zhang.name}（已阅）")
    assert Recipient.objects.get(document=document, lawyer=zhang).read_at is not None
    assert_no_horizontal_scroll(page)

    # 关注, then 反馈 (a double click makes one).
    page.get_by_role("button", name="关注", exact=True).click()
    expect(page.get_by_role("button", name="取消关注", exact=True)).to_be_visible()
    page.get_by_label(re.compile("反馈内容")).fill("已收到，将按要求报告。")
    page.get_by_role("button", name="反馈", exact=True).dblclick()
    expect(page.locator(".mc-alert, .mc-messages").first).to_contain_text("反馈已提交")
    assert Feedback.objects.filter(document=document).count() == 1
    screenshot(page, f"documents-member-detail-{viewport}")

    # 王雷's feedback reaches 张明文, who follows the document.
    services.give_feedback(
        Recipient.objects.select_related("document").get(document=document, lawyer=wang),
        submission_token=uuid.uuid4(), body="收到。",
    )  # fmt: skip
    page.goto("/member/messages/")
    expect(page.locator(".nt-list")).to_contain_text("公文有新反馈：关于重大敏感案件报告制度的通知")
    assert_no_horizontal_scroll(page)

    # Staff see who has read it.
    staff.goto(f"/admin/snippets/notices/recipient/?document={document.pk}")
    expect(staff.locator("table.listing tbody")).to_contain_text("张明文")
    expect(staff.locator("table.listing tbody")).to_contain_text("已阅")
    expect(staff.locator("table.listing tbody")).to_contain_text("未读")
    screenshot(staff, f"documents-staff-receipts-{viewport}")
    staff.context.close()
