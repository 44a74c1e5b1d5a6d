"""What every member sees alike (the site settings, the main navigation, the dashboard's 通知公告
and 近期会员系统首要工作项目, the home page's 更多 links) is worked out once per process
(portal.pagecache.kept) and shows a staff change on the very next page; a member's pages never
ask for staff permissions."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import PortalSettings, WorkItem
from tests.factories import StaffUserFactory
from tests.home.pages import make_article, make_notice_index, make_standard

pytestmark = pytest.mark.django_db

DASHBOARD_URL = "/member/"
DAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def site_settings():
    return PortalSettings.load()


def tables(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def section(html: str, title_id: str) -> str:
    return re.search(rf'aria-labelledby="{title_id}">.*?</section>', html, re.S).group(0)


def test_a_member_page_reads_the_site_settings_once_per_process(lawyer_client):
    lawyer_client.get(DASHBOARD_URL)

    assert not [sql for sql in tables(lawyer_client, DASHBOARD_URL) if "home_portalsettings" in sql]


def test_a_changed_setting_shows_on_the_next_member_page(lawyer_client, site_settings):
    lawyer_client.get(DASHBOARD_URL)

    site_settings.association_name = "佛山市律师协会"
    site_settings.save()

    assert "佛山市律师协会 · 会员中心" in lawyer_client.get(DASHBOARD_URL).content.decode()


def test_a_newly_published_notice_shows_on_the_next_dashboard(lawyer_client, home):
    notices = make_notice_index(home)
    make_article(notices, "关于年度考核的通知", DAY, "annual-review")
    assert "关于年度考核的通知" in section(lawyer_client.get(DASHBOARD_URL).content.decode(), "notices-title")

    newer = make_article(notices, "关于会费缴纳的通知", DAY, "fees")
    shown = section(lawyer_client.get(DASHBOARD_URL).content.decode(), "notices-title")
    assert "关于会费缴纳的通知" in shown
    assert f'href="{newer.url}"' in shown

    newer.unpublish()
    assert "关于会费缴纳的通知" not in section(lawyer_client.get(DASHBOARD_URL).content.decode(), "notices-title")


def test_an_edited_work_item_shows_on_the_next_dashboard(lawyer_client):
    item = WorkItem.objects.create(title="会员信息采集", deadline=DAY)
    assert "会员信息采集" in section(lawyer_client.get(DASHBOARD_URL).content.decode(), "work-items-title")

    item.title = "年度考核"
    item.save()

    shown = section(lawyer_client.get(DASHBOARD_URL).content.decode(), "work-items-title")
    assert "年度考核" in shown
    assert "会员信息采集" not in shown


def test_a_work_item_shows_closed_the_day_after_its_deadline_without_any_save(lawyer_client):
    WorkItem.objects.create(title="会员信息采集", deadline=DAY)
    assert "已截止" not in section(lawyer_client.get(DASHBOARD_URL).content.decode(), "work-items-title")

    with time_machine.travel(datetime.datetime(2026, 6, 2, 10, tzinfo=datetime.UTC), tick=False):
        assert "已截止" in section(lawyer_client.get(DASHBOARD_URL).content.decode(), "work-items-title")


def test_a_page_put_in_the_menu_shows_in_the_next_pages_navigation(lawyer_client, home):
    lawyer_client.get("/")
    page = make_standard(home, "协会简介", "about")
    assert "协会简介" not in lawyer_client.get("/").content.decode()

    page.show_in_menus = True
    page.save_revision().publish()

    assert 'href="/about/"' in re.search(
        r'<nav class="site-nav".*?</nav>', lawyer_client.get("/").content.decode(), re.S
    ).group(0)


def test_a_members_pages_never_ask_for_staff_permissions(lawyer_client, home):
    for url in (DASHBOARD_URL, "/member/me/", "/"):
        lawyer_client.get(url)
        assert not [sql for sql in tables(lawyer_client, url) if "auth_permission" in sql], url


def test_staff_still_get_wagtails_userbar_on_a_public_page(client, home):
    client.force_login(StaffUserFactory(superuser=True))

    assert "wagtail-userbar" in client.get("/").content.decode()
