"""Logging in to the member centre: the forced first password change, logout, a wrong password."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    FIRM_INITIAL_PASSWORD,
    FIRM_LOGIN,
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    NEW_PASSWORD,
    activate,
    assert_no_horizontal_scroll,
    change_password,
    fact,
    field,
    first_login,
    login,
    screenshot,
)

pytestmark = pytest.mark.e2e


def test_lawyer_first_login_changes_password_then_logs_in_again(page, roster):
    base = roster
    login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)

    # The initial password is only the first factor: 验证身份, with the roster's mobile masked.
    expect(page).to_have_url(f"{base}/member/login/activate/")
    expect(page.get_by_role("button", name=re.compile(r"^获取短信验证码：138\*{4}\d{4}$"))).to_be_visible()
    screenshot(page, "activate-desktop")
    activate(page)

    # Then only 修改密码 is open.
    expect(page).to_have_url(f"{base}/member/password/")
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(page.get_by_text("您正在使用初始密码")).to_be_visible()
    page.goto("/member/account/")
    expect(page).to_have_url(f"{base}/member/password/")
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()

    # A confirmation that does not match: the error stands beside 确认密码.
    change_password(page, LAWYER_INITIAL_PASSWORD, NEW_PASSWORD, confirm="Lvshi-2026-no")
    expect(page).to_have_url(f"{base}/member/password/")
    confirm_field = page.locator(".mc-field").filter(has=field(page, "确认密码"))
    expect(confirm_field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(confirm_field.locator(".mc-error")).to_have_text("两次输入的新密码不一致。")

    # Fixing the field clears its error at once; the other fields keep theirs until then.
    field(page, "确认密码").fill(NEW_PASSWORD)
    expect(confirm_field).not_to_have_class(re.compile(r"\bhas-error\b"))
    expect(confirm_field.locator(".mc-error")).to_have_count(0)

    # A weak new password: its error stands under 新密码, where it was typed.
    change_password(page, LAWYER_INITIAL_PASSWORD, "20240101")
    new_field = page.locator(".mc-field").filter(has=field(page, "新密码"))
    expect(new_field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(confirm_field.locator(".mc-error")).to_have_count(0)

    # A strong new password: the dashboard.
    change_password(page, LAWYER_INITIAL_PASSWORD, NEW_PASSWORD)
    expect(page).to_have_url(f"{base}/member/")
    expect(page.get_by_role("status")).to_contain_text("密码修改成功")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("张明文")
    expect(fact(page, "会员类别")).to_contain_text("执业律师")
    expect(fact(page, "执业机构")).to_have_text("广州明法律师事务所")
    expect(main.get_by_role("heading", name="工作台")).to_be_visible()
    expect(main.get_by_role("heading", name="通知公告")).to_be_visible()

    # 退出, then the new password leads straight to the dashboard.
    page.get_by_role("button", name="退出", exact=True).click()
    expect(page).to_have_url(f"{base}/")  # LOGOUT_REDIRECT_URL: the public home page
    page.goto("/member/")
    expect(page).to_have_url(re.compile(r"/member/login/"))
    login(page, LAWYER_LOGIN, NEW_PASSWORD)
    expect(page).to_have_url(f"{base}/member/")
    expect(page.locator("main").get_by_role("heading", level=1)).to_have_text("张明文")


def test_firm_first_login(page, roster):
    first_login(page, FIRM_LOGIN, FIRM_INITIAL_PASSWORD)
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("广州明法律师事务所")
    expect(fact(page, "会员类别")).to_have_text("律师事务所")
    expect(fact(page, "登录账号")).to_have_text(FIRM_LOGIN)


def test_wrong_password_keeps_the_username(page, roster):
    base = roster
    login(page, LAWYER_LOGIN, "not-the-password")
    expect(page).to_have_url(f"{base}/member/login/")
    expect(page.get_by_role("alert").filter(has_text="账号或密码错误")).to_be_visible()
    expect(field(page, "账号")).to_have_value(LAWYER_LOGIN)
    expect(field(page, "密码")).to_have_value("")


def test_login_page_layout(page, demo, viewport):
    page.goto("/member/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("会员登录")
    expect(field(page, "账号")).to_be_focused()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"login-{viewport}")
