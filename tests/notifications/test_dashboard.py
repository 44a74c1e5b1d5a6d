"""What 消息 adds to the member centre's home page: the unread count under 办理状态, and the
查询工具区's search of the member's own messages by title."""

import re

import pytest

from tests.factories import MemberUserFactory

from .helpers import LIST_URL, detail_url, message

pytestmark = pytest.mark.django_db

SEARCH_URL = "/member/search/"


def status(client) -> str:
    html = client.get("/member/").content.decode()
    return re.search(r'<section class="mc-card" aria-labelledby="status-title">.*?</section>', html, re.S).group(0)


def test_the_status_counts_unread_messages_and_links_to_them(lawyer_client, lawyer_user):
    message(lawyer_user)
    message(lawyer_user, minutes_ago=5)
    message(lawyer_user, minutes_ago=9, read=True)

    html = status(lawyer_client)

    assert re.search(r"<dt>消息</dt>.*未读消息.*2 条", html, re.S)
    assert f'href="{LIST_URL}?show=unread"' in html


def test_the_status_says_no_unread_messages(lawyer_client):
    assert re.search(r"未读消息.*0 条", status(lawyer_client), re.S)


def test_the_search_finds_own_messages_by_title(lawyer_client, lawyer_user):
    found = message(lawyer_user, title="电子证明申请已通过")
    message(lawyer_user, title="律师档案审核未通过")

    html = lawyer_client.get(SEARCH_URL, {"q": "电子证明"}).content.decode()

    assert f'href="{detail_url(found)}"' in html
    assert "律师档案审核未通过" not in html


def test_the_search_never_finds_another_members_message(lawyer_client):
    other = message(MemberUserFactory(), title="电子证明申请已通过")

    html = lawyer_client.get(SEARCH_URL, {"q": "电子证明"}).content.decode()

    assert detail_url(other) not in html
    assert "未找到" in html
