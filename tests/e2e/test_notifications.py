"""消息 at phone width: a member with two unread messages opens one; it turns 已读 and the
top bar's count drops; the page never scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    assert_no_horizontal_scroll,
    axe_violations,
    first_login,
    heading,
    screenshot,
)

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page):
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
    assert_no_horizontal_scroll(page)


def test_opening_a_message_at_phone_width(phone, roster):
    from django.contrib.auth import get_user_model

    from portal.notifications.services import notify

    page = phone
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    user = get_user_model().objects.get(username=LAWYER_LOGIN)
    notify(
        user,
        title="证明申请已通过",
        body="您申请的《律师执业证明》已审核通过，证明文件可在“我的证明”中下载，也可发送到您的电子邮箱。",
        url="/member/certificates/",
        event="certificates.application.approve",
    )
    notify(
        user,
        title="律师档案审核未通过，请按审核意见修改后重新提交",
        body="审核意见：工作经历缺少起止时间。",
        url="/member/profile/completion/",
        event="profiles.profile.reject",
    )

    page.goto("/member/messages/")
    expect(heading(page)).to_have_text("消息")
    badge = page.locator(".mc-topbar .mc-inbox .mc-badge")
    expect(badge).to_contain_text("2")
    items = page.locator(".nt-list > li")
    expect(items).to_have_count(2)
    expect(items.locator(".nt-tag")).to_have_text(["未读", "未读"])
    no_sideways_scroll(page)
    assert axe_violations(page) == []
    screenshot(page, "messages-phone")

    newest = items.first
    expect(newest).to_contain_text("律师档案审核未通过")
    newest.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/member/messages/\d+/$"))
    expect(heading(page)).to_contain_text("律师档案审核未通过")
    expect(page.locator(".nt-facts")).to_contain_text("不发送")  # the account has no e-mail address
    expect(page.get_by_role("link", name="查看详情")).to_have_attribute("href", "/member/profile/completion/")
    expect(badge).to_contain_text("1")
    no_sideways_scroll(page)
    assert axe_violations(page) == []
    screenshot(page, "message-detail-phone")

    page.get_by_role("link", name="返回").click()
    page.wait_for_url("**/member/messages/")
    expect(items.locator(".nt-tag")).to_have_text(["已读", "未读"])
    expect(badge).to_contain_text("1")
    no_sideways_scroll(page)
