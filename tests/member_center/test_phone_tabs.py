"""The phone (manual 001 §2.2, the 律兴 APP): a bottom tab bar 首页, 服务, 消息, 我的; 服务 lists
every service the member may use, grouped, from the registered menu entries; 我的 holds the
account's entries and 退出登录."""

import pytest
from bs4 import BeautifulSoup

from member_center.models import Lawyer
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory
from tests.notifications.helpers import message

pytestmark = pytest.mark.django_db

SERVICES_URL = "/member/services/"
MINE_URL = "/member/me/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    for icon in element.select("[aria-hidden]"):
        icon.decompose()
    return element.get_text(strip=True)


def services(response) -> dict[str, list[tuple[str, str]]]:
    return {
        text(group.h2): [(text(a), a["href"]) for a in group.select("a")]
        for group in soup(response).select(".mc-service-group")
    }


def as_member(client, member):
    client.force_login(
        MemberUserFactory(**{"lawyer" if isinstance(member, Lawyer) else "firm": member}), MEMBER_BACKEND
    )
    return client


def test_the_tab_bar_has_home_services_messages_and_mine(lawyer_client):
    links = soup(lawyer_client.get("/member/")).select("nav.mc-tabbar a")

    assert [a.find(string=True, recursive=False) for a in links] == ["首页", "服务", "消息", "我的"]
    assert [a["href"] for a in links] == ["/member/", SERVICES_URL, "/member/messages/", MINE_URL]


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        ("/member/", "首页"),
        (SERVICES_URL, "服务"),
        ("/member/certificates/", "服务"),
        ("/member/profile/completion/", "服务"),
        ("/member/messages/", "消息"),
        (MINE_URL, "我的"),
        ("/member/account/", "我的"),
        ("/member/password/", "我的"),
    ],
)
def test_the_tab_of_the_current_page_is_marked(lawyer_client, path, tab):
    active = soup(lawyer_client.get(path)).select("nav.mc-tabbar a.is-active")

    assert [a.find(string=True, recursive=False) for a in active] == [tab]
    assert active[0]["aria-current"] == "page"


def test_the_messages_tab_shows_the_unread_count(lawyer_client, lawyer_user):
    message(lawyer_user)
    message(lawyer_user, minutes_ago=3)

    badge = soup(lawyer_client.get("/member/")).select_one("nav.mc-tabbar a[href='/member/messages/'] .mc-badge")

    assert badge.get_text(" ", strip=True) == "2 条未读"


def test_a_firms_services_are_its_certificates(client):
    groups = services(as_member(client, FirmFactory()).get(SERVICES_URL))

    assert groups == {
        "电子证明": [
            ("我要申请", "/member/certificates/apply/"),
            ("我的申请", "/member/certificates/"),
            ("律师列表", "/member/certificates/firm/lawyers/"),
        ],
        "业务管理": [("活动报名", "/member/activities/"), ("我的公文", "/member/documents/")],
        "技术支持": [("工单系统", "/member/tickets/")],
    }


def test_a_lawyers_services_are_certificates_and_the_profile(lawyer_client):
    groups = services(lawyer_client.get(SERVICES_URL))

    assert groups["电子证明"] == [("我要申请", "/member/certificates/apply/"), ("我的申请", "/member/certificates/")]
    assert [label for label, _ in groups["律师档案"]] == ["个人档案", "信息补全", "信息变更"]


def test_an_offices_services_are_the_activities_its_documents_and_the_ticket_system(client):
    groups = services(as_member(client, FirmFactory(office=True)).get(SERVICES_URL))

    assert groups == {
        "业务管理": [("活动报名", "/member/activities/"), ("我的公文", "/member/documents/")],
        "技术支持": [("工单系统", "/member/tickets/")],
    }


def test_a_member_with_no_service_is_told_so(client, monkeypatch):
    from wagtail import hooks

    every = hooks.get_hooks
    # Without the ticket system, 我的公文 and the activities, which every member kind has, an office has
    # no service at all.
    monkeypatch.setattr(
        hooks,
        "get_hooks",
        lambda name: [
            fn for fn in every(name) if not fn.__module__.startswith(("member_center.tickets", "notices", "activities"))
        ],
    )
    response = as_member(client, FirmFactory(office=True)).get(SERVICES_URL)

    assert services(response) == {}
    assert "暂无可办理的服务" in response.content.decode()


def test_mine_holds_the_account_entries_the_profile_help_and_logout_for_a_lawyer(lawyer_client):
    page = soup(lawyer_client.get(MINE_URL))

    entries = [(text(a), a["href"]) for a in page.select(".mc-service-list a")]
    assert entries == [
        ("个人档案", "/member/profile/"),
        ("账户信息", "/member/account/"),
        ("修改密码", "/member/password/"),
        ("帮助", "/faq/"),
    ]
    logout = page.select_one("form.mc-mine-logout")
    assert logout["action"] == "/member/logout/" and logout["method"] == "post"
    assert text(logout.button) == "退出登录"


def test_a_firms_mine_has_no_profile(client):
    page = soup(as_member(client, FirmFactory()).get(MINE_URL))

    assert "个人档案" not in [text(a) for a in page.select(".mc-service-list a")]


def test_a_trainee_has_no_profile_service(client):
    groups = services(as_member(client, LawyerFactory(trainee=True)).get(SERVICES_URL))

    assert "律师档案" not in groups


@pytest.mark.parametrize("path", [SERVICES_URL, MINE_URL])
def test_the_tab_pages_are_for_members_only(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/member/login/" in response["Location"]


def test_the_member_centre_has_a_help_link_to_the_faq(lawyer_client):
    help_link = soup(lawyer_client.get("/member/")).select_one(".mc-topbar a.mc-help-link")

    assert help_link["href"] == "/faq/" and help_link.get_text(strip=True) == "帮助"
