"""工单系统 in the browser, both sides, at desktop and phone width: 张明文 files a ticket with a file
(a double click makes one), staff answer it with a 常用回复 and add an internal note, the member
sees the reply (not the note) and answers again, staff close it and he is told."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    assert_no_horizontal_scroll,
    field,
    first_login,
    heading,
    screenshot,
)

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def staff_page(browser, base_url, viewport_size):
    from tests.factories import STAFF_PASSWORD, StaffUserFactory

    user = StaffUserFactory(superuser=True, last_name="客", first_name="服")
    context = browser.new_context(base_url=base_url, viewport=viewport_size, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_a_ticket_conversation_on_both_sides(page, viewport, roster, browser, base_url, tmp_path):
    from member_center.tickets.models import CannedReply, Ticket, TicketState

    CannedReply.objects.create(title="请补充执业证扫描件", body="您好，请上传律师执业证（副本）的扫描件。")
    scan = tmp_path / "执业证.pdf"
    scan.write_bytes(PDF)

    # The member files a ticket from his 工单系统.
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto("/member/tickets/")
    expect(heading(page)).to_have_text("工单系统")
    page.get_by_role("link", name="提交新工单").first.click()
    expect(heading(page)).to_have_text("创建问题")
    assert_no_horizontal_scroll(page)
    field(page, "问题类别").select_option(label="姓名错误")
    field(page, "问题标题").fill("姓名错误")
    field(page, "问题描述").fill("错误信息为张明闻，正确应该为张明文")
    field(page, "附件").set_input_files(str(scan))
    page.get_by_role("button", name="创建", exact=True).dblclick()
    expect(heading(page)).to_have_text("姓名错误")
    assert Ticket.objects.count() == 1
    ticket = Ticket.objects.get()
    expect(page.locator(".tk-facts")).to_contain_text("待处理")
    expect(page.locator(".tk-files")).to_contain_text("执业证.pdf")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"tickets-member-new-{viewport}")

    # Staff answer with a 常用回复, then leave an internal note.
    staff = staff_page(browser, base_url, page.viewport_size)
    staff.goto(f"/admin/snippets/tickets/ticket/inspect/{ticket.pk}/")
    expect(staff.locator("#ticket-conversation-section, #ticket-conversation").first).to_contain_text("张明闻")
    staff.select_option("#reply-canned", label="请补充执业证扫描件")
    expect(staff.locator("#reply-body")).to_have_value("您好，请上传律师执业证（副本）的扫描件。")
    staff.get_by_role("button", name="回复", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text(f"已回复工单 {ticket.number}")
    staff.fill("#note-body", "已与司法局名册核对，确为录入错误。")
    staff.get_by_role("button", name="添加备注").click()
    expect(staff.locator(".messages")).to_contain_text("已添加内部备注")
    screenshot(staff, f"tickets-staff-answered-{viewport}")

    # The member sees the reply, never the note, and answers with the scan.
    page.goto("/member/tickets/")
    expect(page.locator("tbody")).to_contain_text("新回复")
    page.get_by_role("link", name=ticket.number).click()
    conversation = page.locator(".tk-conversation")
    expect(conversation).to_contain_text("您好，请上传律师执业证（副本）的扫描件。")
    expect(conversation).not_to_contain_text("录入错误")
    field(page, "回复内容").fill("已上传执业证扫描件，请查收。")
    field(page, "附件").set_input_files(str(scan))
    page.get_by_role("button", name="回复", exact=True).click()
    expect(page.locator(".tk-facts")).to_contain_text("处理中")
    assert_no_horizontal_scroll(page)

    # Staff close it; the member is told and the ticket takes no more replies.
    staff.reload()
    expect(staff.locator("#ticket-conversation-section, #ticket-conversation").first).to_contain_text(
        "已上传执业证扫描件"
    )
    staff.fill("#close-reason", "已按执业证更正姓名。")
    staff.get_by_role("button", name="关闭工单").click()
    expect(staff.locator(".messages")).to_contain_text(f"已关闭工单 {ticket.number}")
    staff.context.close()

    page.reload()
    expect(page.locator(".tk-facts")).to_contain_text("已关闭")
    expect(page.get_by_label(re.compile("回复内容"))).to_have_count(0)
    page.goto("/member/messages/")
    expect(page.locator(".nt-list")).to_contain_text(f"工单 {ticket.number} 已关闭")
    assert Ticket.objects.get().state == TicketState.CLOSED
    screenshot(page, f"tickets-member-closed-{viewport}")
