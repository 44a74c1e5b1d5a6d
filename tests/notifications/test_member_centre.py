"""The unread count in the member centre: the top bar, the 消息 menu entry's badge and the
dashboard's workbench, counted once per page."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from member_center.menu import menu_for
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory

from .helpers import LIST_URL, detail_url, message

pytestmark = pytest.mark.django_db

DASHBOARD_URL = "/member/"


def page(client, url=DASHBOARD_URL) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def topbar_link(html: BeautifulSoup):
    return html.select_one(".mc-topbar a.mc-inbox")


def menu_entry(html: BeautifulSoup):
    return next(a for a in html.select("aside.mc-sidebar .mc-menu a") if "消息" in a.get_text())


def test_the_top_bar_links_to_the_messages_with_the_unread_count(lawyer_client, lawyer_user):
    message(lawyer_user, "一")
    message(lawyer_user, "二")
    message(lawyer_user, "已读", read=True)
    message(MemberUserFactory(), "别人的")

    link = topbar_link(page(lawyer_client))

    assert link["href"] == LIST_URL
    assert link.select_one(".mc-badge").get_text(" ", strip=True) == "2 条未读"


def test_no_badge_when_everything_is_read(lawyer_client, lawyer_user):
    message(lawyer_user, read=True)

    html = page(lawyer_client)

    assert topbar_link(html).get_text(strip=True) == "消息"
    assert topbar_link(html).select_one(".mc-badge") is None
    assert menu_entry(html).select_one(".mc-badge") is None


def test_the_menu_entry_carries_the_badge(lawyer_client, lawyer_user):
    message(lawyer_user)

    entry = menu_entry(page(lawyer_client))

    assert entry["href"] == LIST_URL
    assert entry.select_one(".mc-badge").get_text(" ", strip=True) == "1 条未读"


@pytest.mark.parametrize(
    "member", [LawyerFactory, FirmFactory, lambda: FirmFactory(office=True), lambda: LawyerFactory(trainee=True)]
)
def test_every_member_kind_has_the_menu_entry(member):
    labels = [item["label"] for item in menu_for(member(), DASHBOARD_URL)]
    assert "消息" in labels


def test_the_entry_is_active_on_a_message(lawyer_client, lawyer_user):
    notification = message(lawyer_user)

    entry = menu_entry(page(lawyer_client, detail_url(notification)))

    assert "is-active" in entry["class"]


def test_the_badge_drops_once_a_message_is_opened(lawyer_client, lawyer_user):
    first = message(lawyer_user, "一")
    message(lawyer_user, "二")

    html = page(lawyer_client, detail_url(first))

    assert topbar_link(html).select_one(".mc-badge").get_text(" ", strip=True) == "1 条未读"


def test_the_workbench_names_the_unread_messages(lawyer_client, lawyer_user):
    message(lawyer_user)
    message(lawyer_user)

    workbench = page(lawyer_client).find("section", attrs={"aria-labelledby": "workbench-title"})

    todo = workbench.find("a", string="未读消息")
    assert todo["href"] == f"{LIST_URL}?show=unread"
    assert "您有 2 条未读消息" in workbench.get_text()


def test_no_workbench_line_without_unread_messages(lawyer_client, lawyer_user):
    message(lawyer_user, read=True)

    workbench = page(lawyer_client).find("section", attrs={"aria-labelledby": "workbench-title"})

    assert "未读消息" not in workbench.get_text()


def count_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


@pytest.mark.parametrize("url", [DASHBOARD_URL, "/member/account/"])
def test_the_count_is_one_query_per_page(lawyer_client, lawyer_user, url):
    for n in range(3):
        message(lawyer_user, f"第{n}条")

    # The top bar, both menus (sidebar and phone) and the workbench share one count.
    assert len(count_queries(lawyer_client, url)) == 1


def test_pages_outside_the_member_centre_do_not_count(client, lawyer_user):
    message(lawyer_user)
    client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    with CaptureQueriesContext(connection) as queries:
        client.get("/verify/")
    assert not [q for q in queries if "notifications_notification" in q["sql"]]


def test_a_request_without_a_user_gets_no_inbox(rf):
    from portal.notifications.context_processors import inbox

    assert inbox(rf.get("/member/certificates/1/pdf/")) == {}
