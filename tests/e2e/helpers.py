"""Constants and page helpers shared by the browser tests."""

import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]

VIEWPORTS = {
    "desktop": {"width": 1366, "height": 900},
    "phone": {"width": 390, "height": 844},
}

SHOTS_DIR = Path("/tmp/e2e-shots")

# The demo accounts (member_center/demo.py) and the password the tests change them to.
LAWYER_LOGIN = "14401201510000001"
LAWYER_INITIAL_PASSWORD = "011234"
FIRM_LOGIN = "24401200110000001"
FIRM_INITIAL_PASSWORD = "000001"
NEW_PASSWORD = "Lvshi-2026-ok"


def assert_no_horizontal_scroll(page):
    """Nothing on the page is wider than the viewport: the page never scrolls sideways."""
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 8)
                .map(el => el.tagName.toLowerCase()
                     + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                     + ' right=' + Math.round(el.getBoundingClientRect().right))"""
        )
        pytest.fail(f"{page.url}: scrollWidth {scroll_width} > innerWidth {inner_width}; too wide: {culprits}")


def screenshot(page, name):
    """A full-page screenshot into /tmp/e2e-shots/ for a person to look at (not committed)."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"{name}.png"), full_page=True)


def field(page, label):
    """A form control by its label's text; the red star of a required field (aria-hidden, but
    part of the label's text) is allowed in front."""
    return page.get_by_label(re.compile(rf"^\*?\s*{re.escape(label)}$"))


def fact(page, term):
    """The value (<dd>) beside a term (<dt>) of the dashboard's profile card."""
    return page.locator(".mc-facts > div").filter(has=page.locator("dt", has_text=term)).locator("dd")


def login(page, username, password):
    page.goto("/member/login/")
    field(page, "账号").fill(username)
    field(page, "密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def change_password(page, old, new, confirm=None):
    field(page, "旧密码").fill(old)
    field(page, "新密码").fill(new)
    field(page, "确认密码").fill(new if confirm is None else confirm)
    page.get_by_role("button", name="确认修改", exact=True).click()


def sms_code() -> str:
    """The code of the newest text message: live_server runs in this process, with the in-memory
    SMS backend of the test settings."""
    from portal import sms

    assert sms.outbox, "no text message was sent"
    return re.search(r"验证码 (\d{6})", sms.outbox[-1].body).group(1)


def activate(page):
    """验证身份 after the initial password: a code by SMS to the roster's mobile, typed in."""
    page.wait_for_url("**/member/login/activate/")
    page.get_by_role("button", name=re.compile(r"^获取短信验证码")).click()
    page.get_by_text("验证码已发送至").wait_for()
    field(page, "验证码或激活码").fill(sms_code())
    page.get_by_role("button", name="验证并登录", exact=True).click()


def first_login(page, username, initial_password, new_password=NEW_PASSWORD):
    """Log in with the initial password, prove who it is with an SMS code (验证身份) and replace
    the password (the forced 修改密码 step): ends on the dashboard."""
    login(page, username, initial_password)
    activate(page)
    page.wait_for_url("**/member/password/")
    change_password(page, initial_password, new_password)
    page.wait_for_url("**/member/")


# axe-core: a "critical" or "serious" finding fails a test; the pages are few and small, and every
# serious finding so far has been in our own markup or CSS (contrast, names, labels).
AXE_FAIL_ON = {"critical", "serious"}


def axe_violations(page, exclude=()):
    """The findings of the impacts in AXE_FAIL_ON, one readable line per rule, with why for the first
    few elements; `exclude`: CSS selectors of elements left out."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    lines = []
    for violation in Axe().run(page, context=context).response["violations"]:
        if violation["impact"] in AXE_FAIL_ON:
            nodes = violation["nodes"][:5]
            targets = [" ".join(map(str, node["target"])) for node in nodes]
            why = "; ".join(sorted({check["message"] for node in nodes for check in node["any"]}))
            lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} -> {targets} ({why})")
    return lines


def menu(page, label):
    """Follow a member-centre menu entry: the sidebar on a desktop, the 菜单 toggle on a phone."""
    sidebar = page.locator("aside.mc-sidebar")
    if sidebar.is_visible():
        sidebar.get_by_role("link", name=label, exact=True).click()
    else:
        toggle = page.locator("details.mc-menu-toggle")
        toggle.locator("summary").click()
        toggle.get_by_role("link", name=label, exact=True).click()


def heading(page):
    return page.get_by_role("heading", level=1)
