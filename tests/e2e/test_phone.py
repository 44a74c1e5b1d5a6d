"""The member centre on a phone (manual 001 §2.2, the 律兴 APP) at 390 px: the bottom tab bar
(首页, 服务, 消息, 我的), no sideways scroll, touch targets of at least 44 px; and the public
header, which stays short."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    FIRM_INITIAL_PASSWORD,
    FIRM_LOGIN,
    assert_no_horizontal_scroll,
    first_login,
    screenshot,
)

pytestmark = pytest.mark.e2e


def box(locator) -> dict:
    return locator.bounding_box()


def test_the_tab_bar_takes_the_member_to_each_tab(phone, demo):
    page = phone
    first_login(page, FIRM_LOGIN, FIRM_INITIAL_PASSWORD)
    tabbar = page.locator("nav.mc-tabbar")
    expect(tabbar).to_be_visible()
    expect(page.locator("aside.mc-sidebar")).to_be_hidden()
    # Fixed at the foot of the screen.
    bar = box(tabbar)
    assert abs(bar["y"] + bar["height"] - 844) <= 1
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-tabbar-home")

    tabbar.get_by_role("link", name="服务").click()
    page.wait_for_url("**/member/services/")
    expect(tabbar.locator("a.is-active")).to_have_accessible_name("服务")
    expect(page.get_by_role("heading", name="电子证明")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-services")

    page.get_by_role("link", name="我的申请").click()
    page.wait_for_url("**/member/certificates/")
    expect(tabbar.locator("a.is-active")).to_have_accessible_name("服务")

    tabbar.get_by_role("link", name="消息").click()
    page.wait_for_url("**/member/messages/")
    assert_no_horizontal_scroll(page)

    tabbar.get_by_role("link", name="我的").click()
    page.wait_for_url("**/member/me/")
    expect(page.get_by_role("link", name="账户信息")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-mine")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(lambda url: "/member/" not in url or "/member/login/" in url)


def test_tabs_are_at_least_44_px_high(phone, demo):
    page = phone
    first_login(page, FIRM_LOGIN, FIRM_INITIAL_PASSWORD)
    for link in page.locator("nav.mc-tabbar a").all():
        assert box(link)["height"] >= 44


def test_the_tab_bar_is_hidden_on_a_desktop(page, demo):
    page.set_viewport_size({"width": 1366, "height": 900})
    first_login(page, FIRM_LOGIN, FIRM_INITIAL_PASSWORD)
    expect(page.locator("nav.mc-tabbar")).to_be_hidden()
    expect(page.locator("aside.mc-sidebar")).to_be_visible()


def test_a_radio_is_a_44_px_touch_target(phone, demo):
    page = phone
    first_login(page, FIRM_LOGIN, FIRM_INITIAL_PASSWORD)
    page.goto("/member/certificates/apply/")
    page.get_by_role("button", name="信息无误，下一步").click()
    page.wait_for_url("**/apply/choose/")
    radio = page.locator(".cert-type__option input[type=radio]").first
    label = page.locator(".cert-type__option").first

    radio_box, label_box = box(radio), box(label)
    assert radio_box["width"] >= 20 and radio_box["height"] >= 20
    assert label_box["height"] >= 44 and label_box["width"] >= 44
    # The whole row checks the radio, not only the small circle.
    page.mouse.click(label_box["x"] + label_box["width"] - 10, label_box["y"] + label_box["height"] / 2)
    expect(radio).to_be_checked()
    assert_no_horizontal_scroll(page)


def test_the_public_header_stays_short_on_a_phone(phone, demo):
    page = phone
    page.goto("/")
    header = box(page.locator("header.site-header"))
    assert header["height"] <= 844 / 5
    nav = page.locator("nav.site-nav")
    expect(nav.get_by_role("link", name="证明验证")).to_be_visible()
    expect(nav.get_by_role("link", name="服务热线")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-public-home")
