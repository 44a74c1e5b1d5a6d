"""Staff's side of 工单系统 in the Wagtail admin: the queue, one ticket's page and its actions,
常用回复, the dashboard counts, the member's roster page."""

import datetime
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from member_center import roles
from member_center.models import MemberKind
from member_center.tickets import services
from member_center.tickets.models import CannedReply, MessageKind, Ticket, TicketState
from portal.notifications.models import Notification
from portal.uploads.services import attachments_of
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory
from tests.http import body
from tests.tickets.helpers import new_ticket, pdf, ticket_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = TicketState
LIST_URL = reverse("wagtailsnippets_tickets_ticket:list")


def inspect_url(ticket):
    return reverse("wagtailsnippets_tickets_ticket:inspect", args=[ticket.pk])


def action_url(ticket, action):
    return reverse("wagtailsnippets_tickets_ticket:review_action", args=[ticket.pk, action])


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def support(db):
    return StaffUserFactory(roles=[roles.TECH_SUPPORT], last_name="客", first_name="服")


@pytest.fixture
def support_client(support):
    return staff_client(support)


def backdate(ticket, days):
    moment = timezone.now() - datetime.timedelta(days=days)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=moment, waiting_since=moment)


def test_the_queue_lists_waiting_tickets_first_oldest_first(support_client):
    closed = ticket_in_state(S.CLOSED)
    newer, older = new_ticket(), new_ticket()
    backdate(older, 5)
    backdate(closed, 10)
    page = text_of(support_client.get(LIST_URL))
    assert page.index(older.number) < page.index(newer.number) < page.index(closed.number)


def test_the_queue_filters_by_state_category_and_member_kind(support_client):
    firms = new_ticket(FirmFactory(), category="roster")
    lawyers = new_ticket(LawyerFactory(), category="name")
    answered = ticket_in_state(S.ANSWERED)
    page = text_of(support_client.get(LIST_URL, {"state": S.ANSWERED}))
    assert answered.number in page and firms.number not in page
    page = text_of(support_client.get(LIST_URL, {"category": "roster"}))
    assert firms.number in page and lawyers.number not in page
    page = text_of(support_client.get(LIST_URL, {"member_kind": MemberKind.LAW_FIRM}))
    assert firms.number in page and lawyers.number not in page


def test_the_queue_filters_what_waited_more_than_two_working_days(support_client):
    late, fresh = new_ticket(), new_ticket()
    backdate(late, 7)
    page = text_of(support_client.get(LIST_URL, {"overdue": "1"}))
    assert late.number in page and fresh.number not in page
    assert "超过 2 个工作日" in page


@pytest.mark.parametrize("query", ["number", "name", "licence"])
def test_the_queue_searches_by_number_member_name_or_licence(support_client, query):
    lawyer = LawyerFactory(name="何家豪")
    wanted, other = new_ticket(lawyer), new_ticket()
    q = {"number": wanted.number, "name": "何家豪", "licence": lawyer.licence_no}[query]
    page = text_of(support_client.get(LIST_URL, {"q": q}))
    assert wanted.number in page and other.number not in page


def test_listing_runs_the_same_queries_for_one_row_or_many(support_client):
    new_ticket(FirmFactory())
    support_client.get(LIST_URL)  # warm caches (settings, content types)
    with CaptureQueriesContext(connection) as one_row:
        assert support_client.get(LIST_URL).status_code == 200
    staff = StaffUserFactory(superuser=True)
    for n in range(6):
        ticket = new_ticket(FirmFactory() if n % 2 else LawyerFactory())
        services.assign(ticket, staff, staff)
    with CaptureQueriesContext(connection) as many_rows:
        assert support_client.get(LIST_URL).status_code == 200
    assert len(many_rows) == len(one_row)


def test_the_export_is_an_xlsx_of_what_is_filtered(support_client):
    lawyer = LawyerFactory(name="何家豪")
    wanted = new_ticket(lawyer, title="姓名错误")
    closed = ticket_in_state(S.CLOSED)
    response = support_client.get(LIST_URL, {"export": "xlsx", "state": S.PENDING})
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("编号", "问题标题", "问题类别", "会员", "会员类别", "执业证号 / 会员编号", "状态")
    assert rows[1][:7] == (wanted.number, "姓名错误", "姓名错误", "何家豪", "执业律师", lawyer.licence_no, "待处理")
    assert closed.number not in [row[0] for row in rows]


def test_the_ticket_page_shows_the_member_with_his_roster_record_and_the_whole_conversation(support_client):
    lawyer = LawyerFactory(name="何家豪")
    ticket = new_ticket(lawyer, files=[pdf("他的执业证.pdf")], context="新增律师")
    staff = StaffUserFactory(superuser=True)
    services.add_note(ticket, staff, "已联系司法局核实。")
    response = support_client.get(inspect_url(ticket))
    page = text_of(response)
    assert "何家豪" in page and "他的执业证.pdf" in page and "已联系司法局核实。" in page and "内部备注" in page
    assert "来源 新增律师" in page
    assert reverse("lawyer:inspect", args=[lawyer.pk]) in response.content.decode()
    for button in ["回复", "添加备注", "指派", "关闭工单"]:
        assert button in page


def test_a_member_manager_is_linked_to_the_edit_page_to_correct_the_roster():
    lawyer = LawyerFactory()
    ticket = new_ticket(lawyer)
    client = staff_client(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))
    assert reverse("lawyer:edit", args=[lawyer.pk]) in client.get(inspect_url(ticket)).content.decode()


def test_replying_with_a_file_answers_and_notifies(support_client, support):
    lawyer = LawyerFactory()
    account = MemberUserFactory(lawyer=lawyer)
    ticket = new_ticket(lawyer)
    response = support_client.post(action_url(ticket, "reply"), {"body": "您好，已更正。", "files": [pdf("回执.pdf")]})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.state, ticket.assigned_to) == (S.ANSWERED, support)
    reply = ticket.messages.get()
    assert [a.original_name for a in attachments_of(reply)] == ["回执.pdf"]
    assert Notification.objects.filter(recipient=account, event="tickets.ticket.reply").exists()


def test_an_empty_reply_is_named_beside_the_field_and_changes_nothing(support_client):
    ticket = new_ticket()
    response = support_client.post(action_url(ticket, "reply"), {"body": ""})
    assert "请填写回复内容。" in text_of(response)
    assert Ticket.objects.get(pk=ticket.pk).state == S.PENDING


def test_a_refused_file_keeps_the_typed_reply(support_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = new_ticket()
    bad = SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = support_client.post(action_url(ticket, "reply"), {"body": "我打了很多字", "files": [bad]})
    page = response.content.decode()
    assert "格式不受支持" in page and "我打了很多字" in page
    assert not ticket.messages.exists()


def test_an_internal_note_is_kept_and_nobody_is_told(support_client):
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer)
    ticket = new_ticket(lawyer)
    support_client.post(action_url(ticket, "note"), {"body": "此人曾多次反映"})
    assert ticket.messages.get().kind == MessageKind.NOTE
    assert not Notification.objects.exists()


def test_assigning_a_pending_ticket_puts_it_in_hand(support_client, support):
    ticket = new_ticket()
    support_client.post(action_url(ticket, "assign"), {"assigned_to": support.pk})
    ticket.refresh_from_db()
    assert (ticket.state, ticket.assigned_to) == (S.PROCESSING, support)


def test_closing_with_a_result_tells_the_member(support_client):
    lawyer = LawyerFactory()
    account = MemberUserFactory(lawyer=lawyer)
    ticket = new_ticket(lawyer)
    support_client.post(action_url(ticket, "close"), {"reason": "已更正"})
    assert Ticket.objects.get(pk=ticket.pk).state == S.CLOSED
    assert "处理结果：已更正" in Notification.objects.get(recipient=account).body


def test_every_change_is_in_the_history(support_client, support):
    ticket = new_ticket()
    support_client.post(action_url(ticket, "assign"), {"assigned_to": support.pk})
    support_client.post(action_url(ticket, "note"), {"body": "核实中"})
    support_client.post(action_url(ticket, "reply"), {"body": "您好"})
    support_client.post(action_url(ticket, "close"), {"reason": ""})
    page = text_of(support_client.get(inspect_url(ticket)))
    for event in ["提交工单", "开始处理", "内部备注", "回复", "关闭工单"]:
        assert event in page
    assert "处理人：— → 客服" in page


def test_a_finished_ticket_offers_no_action(support_client):
    ticket = ticket_in_state(S.CLOSED)
    page = text_of(support_client.get(inspect_url(ticket)))
    assert "当前状态没有可执行的审核操作。" in page
    support_client.post(action_url(ticket, "reply"), {"body": "再回复"})
    assert not ticket.messages.exists()


def test_staff_without_the_ticket_role_may_not_act():
    ticket = new_ticket()
    client = staff_client(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    assert client.post(action_url(ticket, "reply"), {"body": "您好"}).status_code in (302, 403)
    assert not ticket.messages.exists()


def test_canned_replies_are_offered_in_the_reply_form(support_client):
    CannedReply.objects.create(title="请补充执业证扫描件", body="您好，请上传律师执业证扫描件。")
    CannedReply.objects.create(title="停用的", body="不再使用", active=False)
    response = support_client.get(inspect_url(new_ticket()))
    soup = BeautifulSoup(response.content, "html.parser")
    options = [option.get_text() for option in soup.select("#reply-canned option")]
    assert options == ["插入常用回复…", "请补充执业证扫描件"]
    assert list(json.loads(soup.select_one("#canned-replies").string).values()) == ["您好，请上传律师执业证扫描件。"]


def test_canned_replies_are_snippets_the_role_edits(support_client):
    response = support_client.post(
        reverse("wagtailsnippets_tickets_cannedreply:add"),
        {"title": "已更正", "body": "您好，已更正。", "sort_order": 0, "active": "on"},
    )
    assert response.status_code == 302
    assert CannedReply.objects.filter(title="已更正").exists()


def test_bulk_close_closes_the_open_and_skips_the_closed(support):
    open_one, closed = new_ticket(), ticket_in_state(S.CLOSED)
    moved, skipped = services.close_many([open_one, closed], support)
    assert [t.pk for t in moved] == [open_one.pk]
    assert [t.pk for t, _ in skipped] == [closed.pk]


def test_the_dashboard_counts_pending_and_overdue_tickets(support_client):
    late = new_ticket()
    new_ticket()
    backdate(late, 7)
    page = text_of(support_client.get(reverse("wagtailadmin_home")))
    assert "待处理的工单 2 7 天" in page  # the oldest has waited since it was backdated
    assert "等待超过 2 个工作日的工单 1 7 天" in page


def test_the_members_roster_page_lists_his_tickets(support_client):
    lawyer = LawyerFactory()
    ticket = new_ticket(lawyer, title="照片无法上传")
    page = text_of(support_client.get(reverse("lawyer:inspect", args=[lawyer.pk])))
    assert f"{ticket.number} 照片无法上传" in page
