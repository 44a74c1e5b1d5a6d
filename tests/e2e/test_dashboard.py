"""The member centre's layout: the menu at phone and desktop width, no sideways scrolling, 账户信息
(its 个人照片 through the shared crop tool)."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    NEW_PASSWORD,
    activate,
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
    page.wait_for_url("**/member/login/activate/")
    assert_no_horizontal_scroll(page)
    screenshot(page, "activate-phone")
    activate(page)
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


def test_account_photo_goes_through_the_crop_tool(page, roster, viewport, tmp_path):
    """个人照片 follows the ID photo rule: a camera picture opens 裁剪照片, 确定 makes the 358×441 JPEG
    and saves it with what was typed; for a lawyer it is his profile's photo (one photo)."""
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto("/member/account/")
    field(page, "手机号码").fill("13922223333")
    picture = tmp_path / "camera.jpg"
    Image.new("RGB", (1600, 1200), (70, 110, 190)).save(picture, "JPEG", quality=85)

    page.locator("[data-photo-upload] input[type=file]").set_input_files(str(picture))
    dialog = page.locator("dialog[data-crop-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".cropper-container")).to_be_visible()
    if viewport == "phone":
        assert_no_horizontal_scroll(page)
    screenshot(page, f"account-photo-crop-{viewport}")
    with page.expect_navigation(timeout=30_000):
        dialog.get_by_role("button", name="确定", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("账户信息已保存")
    expect(field(page, "手机号码")).to_have_value("13922223333")
    photo = page.locator("[data-photo-upload] img[data-current-photo]")
    expect(photo).to_be_visible()
    src = photo.get_attribute("src")
    assert src.startswith("/member/profile/photo/")
    served = page.request.get(src)
    assert served.ok and Image.open(io.BytesIO(served.body())).size == (358, 441)
    if viewport == "phone":
        assert_no_horizontal_scroll(page)
    screenshot(page, f"account-photo-{viewport}")
