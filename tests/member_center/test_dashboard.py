"""Manual 002 §1.3: the home page of the member centre (user info, menu, workbench, notices)."""

import datetime
import re

import pytest
from wagtail.models import Site

from notices.models import NoticeIndexPage, NoticePage
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory

from .utils import ACCOUNT_URL, DASHBOARD_URL, PASSWORD_URL, page_text

pytestmark = pytest.mark.django_db


def sidebar(html: str) -> str:
    return re.search(r'<aside class="mc-sidebar".*?</aside>', html, re.S).group(0)


def menu_links(html: str) -> dict[str, str]:
    """label -> href of the sidebar menu."""
    return {
        label: href
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*><span[^>]*>[^<]*</span>([^<]+)</a>', sidebar(html))
    }


def workbench(html: str) -> str:
    return re.search(r'<section class="mc-card" aria-labelledby="workbench-title">.*?</section>', html, re.S).group(0)


@pytest.mark.parametrize("member_client", ["lawyer_client", "firm_client"])
def test_lawyers_and_firms_see_the_account_menu_entries(request, member_client):
    client = request.getfixturevalue(member_client)

    links = menu_links(page_text(client.get(DASHBOARD_URL)))

    assert links["首页"] == DASHBOARD_URL
    assert links["账户信息"] == ACCOUNT_URL
    assert links["修改密码"] == PASSWORD_URL


def test_the_current_page_is_marked_in_the_menu(lawyer_client):
    html = sidebar(page_text(lawyer_client.get(ACCOUNT_URL)))

    assert re.search(rf'<a href="{ACCOUNT_URL}" class="is-active" aria-current="page">', html)
    assert f'<a href="{DASHBOARD_URL}" class="is-active"' not in html


def test_dashboard_shows_the_lawyers_name_kind_and_firm(lawyer_client, lawyer):
    html = page_text(lawyer_client.get(DASHBOARD_URL))

    assert lawyer.name in html
    assert "执业律师" in html
    assert "执业机构" in html
    assert lawyer.firm.name in html
    assert lawyer.licence_no in html
    assert lawyer.member_no in html


def test_dashboard_shows_the_firms_name_and_kind(firm_client, firm):
    html = page_text(firm_client.get(DASHBOARD_URL))

    assert firm.name in html
    assert "律师事务所" in html
    assert "执业机构" not in html
    assert firm.licence_no in html


def test_dashboard_shows_an_offices_kind(client):
    office = FirmFactory(office=True)
    client.force_login(MemberUserFactory(firm=office), backend=MEMBER_BACKEND)

    html = page_text(client.get(DASHBOARD_URL))

    assert office.name in html
    assert "公司律师办公室" in html


def test_dashboard_shows_a_trainees_kind(client):
    trainee = LawyerFactory(trainee=True)
    client.force_login(MemberUserFactory(lawyer=trainee), backend=MEMBER_BACKEND)

    html = page_text(client.get(DASHBOARD_URL))

    assert trainee.name in html
    assert "实习人员" in html


def test_workbench_asks_to_complete_the_account_info_when_email_and_mobile_are_missing(lawyer_client):
    html = workbench(page_text(lawyer_client.get(DASHBOARD_URL)))

    assert "完善账户信息" in html
    assert f'href="{ACCOUNT_URL}"' in html
    assert "个人邮箱" in html and "手机号码" in html


def test_workbench_names_only_what_is_missing(lawyer_client, lawyer_user):
    lawyer_user.email = "li.na@lawfirm.example.cn"
    lawyer_user.save()

    html = workbench(page_text(lawyer_client.get(DASHBOARD_URL)))

    assert "完善账户信息" in html
    assert "手机号码" in html
    assert "个人邮箱" not in html


def test_workbench_does_not_ask_once_email_and_mobile_are_filled(lawyer_client, lawyer_user):
    lawyer_user.email = "li.na@lawfirm.example.cn"
    lawyer_user.mobile = "13922223333"
    lawyer_user.save()

    html = workbench(page_text(lawyer_client.get(DASHBOARD_URL)))

    assert "完善账户信息" not in html


@pytest.fixture
def notice_index(db):
    site_root = Site.objects.get(is_default_site=True).root_page
    return site_root.add_child(instance=NoticeIndexPage(title="通知公告", slug="notices-test"))


def add_notice(index, title, date, live=True):
    return index.add_child(instance=NoticePage(title=title, slug=f"notice-{date:%Y%m%d}", date=date, live=live))


def test_dashboard_lists_the_latest_five_published_notices(lawyer_client, notice_index):
    for day in range(1, 7):
        add_notice(notice_index, f"关于2026年第{day}期执业培训的通知", datetime.date(2026, 3, day))
    add_notice(notice_index, "尚未发布的通知草稿", datetime.date(2026, 3, 30), live=False)

    html = page_text(lawyer_client.get(DASHBOARD_URL))

    assert "通知公告" in html
    shown = re.findall(r"关于2026年第(\d)期执业培训的通知", html)
    assert shown == ["6", "5", "4", "3", "2"]  # newest first, the oldest left out
    assert "2026年03月06日" in html
    assert "尚未发布的通知草稿" not in html
    assert "/notice-20260306/" in html


def test_dashboard_without_notices_says_so(lawyer_client):
    assert "暂无通知公告" in page_text(lawyer_client.get(DASHBOARD_URL))
