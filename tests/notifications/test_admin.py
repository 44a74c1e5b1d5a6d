"""Staff: 会员管理 → 消息记录, a read-only listing filtered by e-mail status."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from member_center import roles
from portal.notifications.models import EmailStatus
from tests.factories import MemberUserFactory, StaffUserFactory

from .helpers import message

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/notifications/"


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager():
    return staff_client(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))


def listing_rows(response) -> list[str]:
    assert response.status_code == 200
    return [row.get_text(" ", strip=True) for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")]


def test_the_url_is_the_one_expected():
    assert reverse("notification:index") == INDEX_URL


def test_member_managers_see_every_message(manager, lawyer_user):
    message(lawyer_user, "证明申请已通过", event="certificates.application.approve", email_status=EmailStatus.SENT)
    message(MemberUserFactory(), "档案审核未通过", event="profiles.profile.reject", read=True)

    text = " ".join(listing_rows(manager.get(INDEX_URL)))

    assert "证明申请已通过" in text and "档案审核未通过" in text
    assert "certificates.application.approve" in text
    assert f"{lawyer_user.lawyer.name}（会员）" in text
    assert "已发送" in text and "未读" in text


def test_the_listing_filters_by_email_status(manager, lawyer_user):
    message(lawyer_user, "发送失败的消息", email_status=EmailStatus.FAILED)
    message(lawyer_user, "不发邮件的消息")

    rows = listing_rows(manager.get(INDEX_URL, {"email_status": EmailStatus.FAILED}))

    assert len(rows) == 1
    assert "发送失败的消息" in rows[0]


def admin_menu(client) -> dict[str, list[str]]:
    """The admin sidebar's groups: label -> the labels of their entries."""
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    props = json.loads(page.find("script", id="wagtail-sidebar-props").string)
    groups = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type") == "wagtail.sidebar.SubMenuItem":
                label, items = node["_args"][0]["label"], node["_args"][1]
                groups[label] = [item["_args"][0]["label"] for item in items]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return groups


def test_the_listing_is_in_the_member_management_menu(manager):
    assert "消息记录" in admin_menu(manager)["会员管理"]


def test_it_is_read_only(manager, lawyer_user):
    notification = message(lawyer_user)

    assert manager.get(f"{INDEX_URL}edit/{notification.pk}/").status_code in (302, 403)
    assert manager.get(f"{INDEX_URL}delete/{notification.pk}/").status_code in (302, 403)
    assert manager.get(f"{INDEX_URL}new/").status_code in (302, 403)
    assert manager.get(f"{INDEX_URL}inspect/{notification.pk}/").status_code == 200


def test_other_staff_cannot_see_it():
    reviewer = staff_client(StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS]))

    assert reviewer.get(INDEX_URL).status_code in (302, 403)
    assert "消息记录" not in [label for labels in admin_menu(reviewer).values() for label in labels]


def test_the_listing_costs_the_same_queries_for_more_rows(manager):
    for _ in range(3):
        message(MemberUserFactory())
    manager.get(INDEX_URL)
    with CaptureQueriesContext(connection) as few:
        manager.get(INDEX_URL)
    for _ in range(10):
        message(MemberUserFactory())
    with CaptureQueriesContext(connection) as many:
        manager.get(INDEX_URL)
    assert len(many) == len(few)


@pytest.mark.parametrize("query", ["申请已通过", "approve", "lawyer-mail"])
def test_the_search_finds_a_message_by_title_event_or_recipient_username(manager, lawyer_user, query):
    lawyer_user.username = "lawyer-mail-login"
    lawyer_user.save()
    message(lawyer_user, "证明申请已通过", event="certificates.application.approve")
    message(MemberUserFactory(), "档案审核未通过", event="profiles.profile.reject")

    rows = listing_rows(manager.get(INDEX_URL, {"q": query}))

    assert len(rows) == 1 and "证明申请已通过" in rows[0]


def test_the_search_finds_nothing_for_a_title_no_message_has(manager, lawyer_user):
    message(lawyer_user, "证明申请已通过")

    assert listing_rows(manager.get(INDEX_URL, {"q": "查无此消息"})) == []
