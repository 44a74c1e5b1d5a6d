"""The member centre's layout: the menu at phone and desktop width, no sideways scrolling, 账户信息."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    NEW_PASSWORD,
    assert_no_horizontal_scroll,
    change_password,
    field,
    first_login,
    login,
    screenshot,
)

pytestmark = pytest.mark.e2e


def test_menu(page, demo, viewport):
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    sidebar = page.locator("aside.mc-sidebar")
    toggle = page.locator("details.mc-menu-toggle")
    if viewport == "phone":
        expect(sidebar).to_be_hidden()
        expect(toggle).to_be_visible()
        account_link = toggle.get_by_role("link", name="账户信息")
        expect(account_link).to_be_hidden()
        toggle.locator("summary").click()
        expect(toggle).to_have_attribute("open", "")
        expect(account_link).to_be_visible()
        assert_no_horizontal_scroll(page)
        screenshot(page, "dashboard-phone-menu-open")
    else:
        expect(toggle).to_be_hidden()
        account_link = sidebar.get_by_role("link", name="账户信息")
        expect(account_link).to_be_visible()
        screenshot(page, "dashboard-desktop")
    account_link.click()
    page.wait_for_url("**/member/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("账户信息")


def test_no_horizontal_scroll_at_phone_width(phone, demo):
    page = phone
    login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.wait_for_url("**/member/password/")
    assert_no_horizontal_scroll(page)
    screenshot(page, "password-phone")

    change_password(page, LAWYER_INITIAL_PASSWORD, NEW_PASSWORD)
    page.wait_for_url("**/member/")
    assert_no_horizontal_scroll(page)
    screenshot(page, "dashboard-phone")

    page.goto("/member/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("账户信息")
    assert_no_horizontal_scroll(page)
    screenshot(page, "account-phone")


def test_account_info_saves_the_email(page, roster):
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto("/member/account/")
    email = field(page, "个人邮箱")
    email.fill("zhang.mingwen@example.cn")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/member/account/")
    expect(page.get_by_role("status")).to_contain_text("账户信息已保存")
    expect(field(page, "个人邮箱")).to_have_value("zhang.mingwen@example.cn")
