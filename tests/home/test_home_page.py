import datetime
import re

import pytest

from home.demo import create_page_tree
from home.models import PortalSettings
from tests.home.pages import make_article, make_notice_index

pytestmark = pytest.mark.django_db


def test_home_page_renders_association_name_and_hotline(client, home):
    settings = PortalSettings.load()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "广州市律师协会" in html
    assert settings.hotline in html
    assert (
        '工作日<span class="time-range">上午9:00-11:30</span> <span class="time-range">下午13:30-17:30</span>' in html
    )


def test_home_page_has_quick_entries(client, home):

    html = client.get("/").content.decode()

    assert re.search(r'href="/member/login/"[^>]*>\s*<span[^>]*>[^<]*</span>\s*<span[^>]*>会员登录', html)
    assert re.search(r'href="/member/"[^>]*>\s*<span[^>]*>[^<]*</span>\s*<span[^>]*>电子证明申请', html)
    assert re.search(r'href="/verify/"[^>]*>\s*<span[^>]*>[^<]*</span>\s*<span[^>]*>证明验证', html)


def test_home_page_lists_latest_notices_with_dates(client, home):
    notices = make_notice_index(home)
    make_article(notices, "关于电子证明系统正式上线的通知", datetime.date(2026, 2, 2), "ecert")
    make_article(notices, "关于办理律师会员卡的通知", datetime.date(2026, 5, 6), "card")

    html = client.get("/").content.decode()

    assert "关于电子证明系统正式上线的通知" in html
    assert "关于办理律师会员卡的通知" in html
    assert "2026年02月02日" in html
    assert html.index("关于办理律师会员卡的通知") < html.index("关于电子证明系统正式上线的通知")


def test_home_page_shows_banner_text(client):
    home = create_page_tree()  # the demo's banner text

    html = client.get("/").content.decode()

    assert home.banner_title in html
    assert home.banner_subtitle in html


def test_header_menu_lists_sections_and_member_login(client):
    create_page_tree()

    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))]

    for label in ("首页", "新闻动态", "通知公告", "关于协会", "常见问题", "会员登录"):
        assert label in nav
    assert 'href="/news/"' in nav
    assert 'href="/member/login/"' in nav


def test_header_menu_has_certificate_verification_and_the_hotline_from_the_settings(client):
    create_page_tree()
    settings = PortalSettings.load()
    settings.hotline = "020-12345678"
    settings.save()

    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))]

    assert '<a href="/verify/">证明验证</a>' in nav
    assert re.search(r'<a href="/hotline/">服务热线<span class="site-nav__number">020-12345678</span></a>', nav)


def test_the_verification_entry_is_marked_on_the_verification_page(client):
    create_page_tree()

    html = client.get("/verify/").content.decode()

    assert '<a href="/verify/" class="is-active" aria-current="page">证明验证</a>' in html
