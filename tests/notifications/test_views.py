"""The member centre's 消息 pages: the list, the 未读 tab, one message, 全部标为已读."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.notifications.models import EmailStatus
from tests.factories import MemberUserFactory

from .helpers import LIST_URL, detail_url, message

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(response) -> list:
    return soup(response).select(".nt-list > li")


def titles(response) -> list[str]:
    return [row.select_one(".nt-item__title").get_text(strip=True) for row in rows(response)]


def test_the_list_shows_newest_first_with_read_tags(lawyer_client, lawyer_user):
    message(lawyer_user, "最早的消息", minutes_ago=30, read=True)
    message(lawyer_user, "最新的消息", minutes_ago=1)
    message(lawyer_user, "中间的消息", minutes_ago=10)
    message(MemberUserFactory(), "别人的消息")

    response = lawyer_client.get(LIST_URL)

    assert titles(response) == ["最新的消息", "中间的消息", "最早的消息"]
    tags = [row.select_one(".nt-tag").get_text(strip=True) for row in rows(response)]
    assert tags == ["未读", "未读", "已读"]
    first = rows(response)[0]
    assert "已审核通过" in first.get_text()  # a short body
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", first.select_one("time").get_text())


def test_the_body_is_shortened_in_the_list(lawyer_client, lawyer_user):
    message(lawyer_user, body="很长的内容" * 40)

    body = rows(lawyer_client.get(LIST_URL))[0].select_one(".nt-item__body").get_text()

    assert len(body) <= 80
    assert body.endswith(("…", "..."))


def test_the_unread_tab_shows_only_unread_messages(lawyer_client, lawyer_user):
    message(lawyer_user, "已读的消息", read=True)
    message(lawyer_user, "未读的消息")

    response = lawyer_client.get(LIST_URL, {"show": "unread"})

    assert titles(response) == ["未读的消息"]
    active = soup(response).select_one(".nt-tabs a.is-active")
    assert active.get_text(strip=True).startswith("未读")


def test_no_messages_says_so(lawyer_client):
    html = soup(lawyer_client.get(LIST_URL)).get_text()
    assert "暂无消息" in html
    assert "全部标为已读" not in html


def test_twenty_per_page(lawyer_client, lawyer_user):
    for n in range(25):
        message(lawyer_user, f"第{n}条消息", minutes_ago=n)

    first = lawyer_client.get(LIST_URL)
    second = lawyer_client.get(LIST_URL, {"page": 2})

    assert len(rows(first)) == 20
    assert titles(first)[0] == "第0条消息"
    assert titles(second) == [f"第{n}条消息" for n in range(20, 25)]
    assert soup(first).select_one("nav.pagination")


def test_opening_a_message_marks_it_read(lawyer_client, lawyer_user):
    notification = message(lawyer_user, url="/member/certificates/2605010001/")

    page = soup(lawyer_client.get(detail_url(notification)))

    notification.refresh_from_db()
    assert notification.read_at is not None
    assert page.select_one("h1").get_text(strip=True) == "证明申请已通过"
    assert "已审核通过" in page.select_one(".nt-body").get_text()
    assert page.find("a", string="查看详情")["href"] == "/member/certificates/2605010001/"
    assert "邮件通知" in page.get_text()
    assert titles(lawyer_client.get(LIST_URL, {"show": "unread"})) == []


@pytest.mark.parametrize(
    ("status", "shown"),
    [(EmailStatus.NONE, "不发送"), (EmailStatus.FAILED, "发送失败"), (EmailStatus.PENDING, "发送中")],
)
def test_the_message_shows_its_email_status(lawyer_client, lawyer_user, status, shown):
    notification = message(lawyer_user, email_status=status)

    facts = soup(lawyer_client.get(detail_url(notification))).select_one(".nt-facts").get_text()

    assert shown in facts


def test_a_sent_email_shows_when(lawyer_client, lawyer_user):
    sent_at = timezone.now()
    notification = message(lawyer_user, email_status=EmailStatus.SENT, email_sent_at=sent_at)

    facts = soup(lawyer_client.get(detail_url(notification))).select_one(".nt-facts").get_text()

    assert "已发送" in facts
    assert timezone.localtime(sent_at).strftime("%Y-%m-%d %H:%M") in facts


def test_no_details_link_without_a_url_and_never_a_script_link(lawyer_client, lawyer_user):
    plain = message(lawyer_user)
    odd = message(lawyer_user, url="javascript:alert(1)")

    for notification in (plain, odd):
        assert soup(lawyer_client.get(detail_url(notification))).find("a", string="查看详情") is None


def test_mark_all_read(lawyer_client, lawyer_user):
    message(lawyer_user, "一")
    message(lawyer_user, "二")
    other = message(MemberUserFactory(), "别人的消息")

    response = lawyer_client.post("/member/messages/read-all/", follow=True)

    assert response.redirect_chain[-1][0] == LIST_URL
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not lawyer_user.notifications.filter(read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_needs_a_post(lawyer_client, lawyer_user):
    message(lawyer_user)
    assert lawyer_client.get("/member/messages/read-all/").status_code == 405
    assert lawyer_user.notifications.filter(read_at__isnull=True).count() == 1


def test_another_members_message_is_a_404(lawyer_client):
    notification = message(MemberUserFactory())

    assert lawyer_client.get(detail_url(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("url", [LIST_URL, "/member/messages/1/"])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/member/login/?next=")


def test_firms_have_messages_too(firm_client, firm_user):
    message(firm_user, "律所年度检查通知")
    assert titles(firm_client.get(LIST_URL)) == ["律所年度检查通知"]


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_5_and_25_messages(lawyer_client, lawyer_user):
    lawyer_client.get(LIST_URL)  # caches (site settings, the site root) filled once
    for n in range(5):
        message(lawyer_user, f"第{n}条消息", minutes_ago=n, read=n % 2 == 0)
    few = list_queries(lawyer_client)
    for n in range(5, 25):
        message(lawyer_user, f"第{n}条消息", minutes_ago=n, read=n % 2 == 0)

    assert list_queries(lawyer_client) == few
