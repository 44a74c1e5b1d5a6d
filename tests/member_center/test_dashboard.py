"""Manual 002 §1.3: the home page of the member centre (user info, menu, workbench, notices)."""

import datetime
import re

import pytest
from wagtail import hooks
from wagtail.models import Site

from member_center.templatetags import member_menu
from member_center.workbench import SearchResult, Shortcut, StatusItem
from notices.models import NoticeIndexPage, NoticePage
from portal.notifications.services import notify
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


# --- 查询工具区, 控制台 and 办理状态 (the areas the apps fill through the workbench hooks) ---------

SEARCH_URL = "/member/search/"


def area(html: str, title_id: str) -> str:
    return re.search(rf'<section class="mc-card" aria-labelledby="{title_id}">.*?</section>', html, re.S).group(0)


def test_the_dashboard_has_the_search_box(lawyer_client):
    html = page_text(lawyer_client.get(DASHBOARD_URL))

    assert f'action="{SEARCH_URL}"' in html
    assert 'name="q"' in html


@pytest.mark.parametrize("member_client", ["lawyer_client", "firm_client"])
def test_the_console_offers_password_change_and_account_info(request, member_client):
    html = area(page_text(request.getfixturevalue(member_client).get(DASHBOARD_URL)), "workbench-title")

    assert f'href="{PASSWORD_URL}"' in html and "修改密码" in html
    assert f'href="{ACCOUNT_URL}"' in html


def test_shortcuts_come_from_the_hook_in_their_order(lawyer_client):
    def shortcuts(request):
        return [
            Shortcut("工单系统", "/member/tickets/", order=50),
            Shortcut("活动报名", "/member/activities/", order=5),
        ]

    with hooks.register_temporarily("register_member_shortcuts", shortcuts):
        html = area(page_text(lawyer_client.get(DASHBOARD_URL)), "workbench-title")

    assert html.index("活动报名") < html.index("工单系统") < html.index("修改密码")


def test_status_items_are_grouped_with_their_detail(lawyer_client):
    def status(request):
        return [
            StatusItem("工单", "处理中", "1 件", "/member/tickets/?state=open"),
            StatusItem("工单", "已回复", "2 件", detail="请查看回复内容", alert=True),
        ]

    with hooks.register_temporarily("register_member_status", status):
        html = area(page_text(lawyer_client.get(DASHBOARD_URL)), "status-title")

    assert re.search(r"<dt>工单</dt>.*处理中.*1 件.*已回复.*2 件.*请查看回复内容", html, re.S)
    assert 'href="/member/tickets/?state=open"' in html


def test_the_search_page_without_a_query_says_what_to_type(lawyer_client):
    html = page_text(lawyer_client.get(SEARCH_URL))

    assert "请输入证明编号、验证码、证明类型或消息标题进行查询" in html


def test_the_search_page_without_results_says_so(lawyer_client):
    html = page_text(lawyer_client.get(SEARCH_URL, {"q": "不存在的内容"}))

    assert "未找到与“不存在的内容”相关的内容" in html


def test_the_search_shows_each_hooks_results_under_its_kind(lawyer_client):
    seen = []

    def search(request, query):
        seen.append((request.member, query))
        return [SearchResult("公文", "关于年度考核的通知", "/member/documents/1/", "2026年03月02日")]

    with hooks.register_temporarily("register_member_search", search):
        html = page_text(lawyer_client.get(SEARCH_URL, {"q": "  年度考核 "}))

    assert seen and seen[0][1] == "年度考核"  # trimmed
    assert re.search(r"<h2[^>]*>公文.*关于年度考核的通知.*2026年03月02日", html, re.S)
    assert 'href="/member/documents/1/"' in html


def test_a_too_long_query_is_refused_beside_the_box_and_kept(lawyer_client):
    query = "查" * 51

    response = lawyer_client.get(SEARCH_URL, {"q": query})

    html = page_text(response)
    assert response.status_code == 200
    assert "查询内容不能超过 50 个字" in html
    assert f'value="{query}"' in html


def test_the_search_page_is_for_members_only(client):
    response = client.get(SEARCH_URL, {"q": "证明"})

    assert response.status_code == 302
    assert "/member/login/" in response["Location"]


def test_the_menu_is_rendered_once_for_the_sidebar_and_the_phone_toggle(lawyer_client):
    member_menu._menu_html.cache_clear()  # an earlier test in this process may have rendered it
    response = lawyer_client.get(DASHBOARD_URL)

    html = response.content.decode()
    toggle = re.search(r'<details class="mc-menu-toggle">.*?</details>', html, re.S).group(0)
    assert [t.name for t in response.templates].count("member_center/includes/menu.html") == 1
    assert re.search(r'<ul class="mc-menu">.*?</ul>', toggle, re.S).group(0) in sidebar(html)


def test_the_same_menu_is_not_rendered_again_on_the_next_page(lawyer_client):
    lawyer_client.get(DASHBOARD_URL)

    again = lawyer_client.get(DASHBOARD_URL)

    assert "member_center/includes/menu.html" not in [t.name for t in again.templates]
    assert 'class="is-active" aria-current="page"' in sidebar(again.content.decode())


def test_a_new_badge_shows_on_the_next_page_although_the_menu_is_kept(lawyer_client, lawyer_user):
    lawyer_client.get(DASHBOARD_URL)

    notify(lawyer_user, title="审核结果", body="您的信息已审核通过。")

    assert re.search(r'消息<span class="mc-badge">1', sidebar(lawyer_client.get(DASHBOARD_URL).content.decode()))
