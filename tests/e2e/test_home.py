"""The public home page: the association, the quick entries, the hotline and the notices."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.e2e

HOTLINE = "020-83550600"  # PortalSettings' default, which seed_demo keeps


def test_home_page(page, demo, viewport):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_title(re.compile("广州市律师协会"))
    expect(page.locator("main").get_by_text("广州市律师协会", exact=True).first).to_be_visible()

    entries = page.get_by_role("navigation", name="快捷入口")
    for title, href in (("会员登录", "/member/login/"), ("电子证明申请", "/member/"), ("证明验证", "/verify/")):
        link = entries.get_by_role("link", name=re.compile(title))
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", href)
    expect(entries).to_contain_text(HOTLINE)
    expect(page.locator("main").get_by_role("link", name=HOTLINE).first).to_have_attribute("href", "tel:02083550600")

    assert_no_horizontal_scroll(page)
    screenshot(page, f"home-{viewport}")


def test_notice_link_opens_the_notice(page, demo):
    page.goto("/")
    notices = page.get_by_role("region", name="通知公告")
    first = notices.get_by_role("link").filter(has_not_text="更多").first
    title = first.inner_text().strip()
    assert title, "the first notice link has no text"
    first.click()
    expect(page).to_have_url(re.compile(r"/notices/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
