"""axe-core (bundled in axe-playwright-python) on the home page, the login page and the dashboard.

A "critical" violation fails the test, and so does a "serious" one: the pages are few and small,
and every serious finding so far has been in our own markup or CSS (contrast, names, labels)."""

import re

import pytest

from tests.e2e.helpers import LAWYER_INITIAL_PASSWORD, LAWYER_LOGIN, axe_violations, field, first_login, login

pytestmark = pytest.mark.e2e


def test_home_page(page, demo):
    page.goto("/")
    assert axe_violations(page) == []


def test_login_page(page, roster):
    page.goto("/member/login/")
    assert axe_violations(page) == []


def test_login_page_with_an_error(page, roster):
    page.goto("/member/login/")
    field(page, "账号").fill(LAWYER_LOGIN)
    field(page, "密码").fill("wrong")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()
    assert axe_violations(page) == []


def test_identity_check_with_a_code_sent(page, roster):
    login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.wait_for_url("**/member/login/activate/")
    page.get_by_role("button", name=re.compile(r"^获取短信验证码")).click()
    page.get_by_text("验证码已发送至").wait_for()
    assert axe_violations(page) == []


def test_identity_check_with_a_wrong_code(page, roster):
    login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.wait_for_url("**/member/login/activate/")
    field(page, "验证码或激活码").fill("12345")
    page.get_by_role("button", name="验证并登录", exact=True).click()
    page.get_by_text("请输入 6 位数字验证码").wait_for()
    assert axe_violations(page) == []


def test_phone_password_reset(page, roster):
    page.goto("/member/password/reset/phone/")
    assert axe_violations(page) == []


def test_dashboard(page, demo):
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.reload()  # without the one-off "密码修改成功" message (see test_flash_message)
    assert axe_violations(page) == []


def test_flash_message(page, roster):
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)  # lands on the dashboard with 密码修改成功
    assert axe_violations(page) == []
