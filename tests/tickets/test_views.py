"""The member's side of 工单系统: the list, 创建问题, the conversation, 回复, 取消工单."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from member_center.tickets.models import Ticket, TicketMessage, TicketState
from portal.uploads.services import attachments_of
from tests.factories import StaffUserFactory
from tests.tickets.helpers import new_ticket, pdf, ticket_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = TicketState
CREATE = reverse("tickets:create")
LIST = reverse("tickets:list")


def form_data(**extra):
    return {
        "category": "name",
        "title": "姓名错误",
        "description": "错误信息为123，正确应该为321",
        "token": str(uuid.uuid4()),
        **extra,
    }


def test_the_menu_lists_the_ticket_system_for_a_lawyer_and_a_firm(lawyer_client, firm_user, client):
    assert "工单系统" in lawyer_client.get(reverse("member_center:dashboard")).content.decode()


def test_the_create_form_has_the_manuals_labels_and_guidance(lawyer_client):
    page = lawyer_client.get(CREATE).content.decode()
    for text in ["创建问题", "问题标题", "问题描述", "附件", "可上传相应证明材料", "创建", "取消",
                 "关于律师列表名单不对的处理办法（适用律师事务所）", "关于执业机构不对的问题", "关于所内身份不对的问题",
                 "请将问题描述清楚，并上传有关证明材料作为附件"]:  # fmt: skip
        assert text in page


def test_the_category_and_context_come_from_the_link(lawyer_client):
    page = lawyer_client.get(CREATE, {"category": "firm", "context": "信息补全 · 执业信息"}).content.decode()
    assert re.search(r'<option value="firm" selected>执业机构不对</option>', page)
    assert "来源：信息补全 · 执业信息" in page
    assert 'value="执业机构不对"' in page  # the title, to be adapted


def test_an_unknown_category_in_the_link_falls_back_to_other(lawyer_client):
    page = lawyer_client.get(CREATE, {"category": "nonsense"}).content.decode()
    assert '<option value="other" selected>其他</option>' in page


def test_creating_a_ticket_with_files(lawyer_client, lawyer):
    response = lawyer_client.post(CREATE, {**form_data(context="来自律师列表"), "files": [pdf()]})
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == ticket.get_absolute_url()
    assert (ticket.lawyer, ticket.state, ticket.context) == (lawyer, S.PENDING, "来自律师列表")
    assert [a.original_name for a in attachments_of(ticket)] == ["执业证.pdf"]


def test_a_double_click_creates_one_ticket(lawyer_client):
    data = form_data()
    first = lawyer_client.post(CREATE, data)
    second = lawyer_client.post(CREATE, data)
    assert Ticket.objects.count() == 1
    assert first.url == second.url


def test_missing_title_and_description_are_named_beside_the_fields(lawyer_client):
    page = lawyer_client.post(CREATE, form_data(title="", description="")).content.decode()
    assert "请填写问题标题。" in page
    assert "请填写问题描述。" in page
    assert Ticket.objects.count() == 0


def test_a_refused_file_is_named_beside_the_field_and_the_text_is_kept(lawyer_client):
    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00\x03", content_type="application/octet-stream")
    response = lawyer_client.post(CREATE, {**form_data(description="我写了很多字"), "files": [bad]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "文件“病毒.exe”的格式不受支持，请上传图片、PDF 或 Office 文档。" in page
    assert "我写了很多字" in page
    assert Ticket.objects.count() == 0


def test_six_files_are_refused(lawyer_client):
    files = [pdf(f"{n}.pdf") for n in range(6)]
    page = lawyer_client.post(CREATE, {**form_data(), "files": files}).content.decode()
    assert "最多上传 5 个文件。" in page


def test_the_list_shows_the_members_tickets_with_the_manuals_columns(lawyer_client, lawyer):
    ticket = new_ticket(lawyer)
    page = lawyer_client.get(LIST).content.decode()
    for heading in ["编号", "问题标题", "类别", "状态", "提交时间", "最后回复"]:
        assert f">{heading}</th>" in page
    assert ticket.number in page
    assert "待处理" in page


def test_the_list_filters_by_state(lawyer_client, lawyer):
    pending = new_ticket(lawyer, title="还在等")
    closed = ticket_in_state(S.CLOSED, member=lawyer)
    page = lawyer_client.get(LIST, {"state": S.CLOSED}).content.decode()
    assert closed.number in page
    assert pending.number not in page


def test_the_detail_shows_public_replies_never_internal_notes(lawyer_client, lawyer):
    from member_center.tickets import services

    staff = StaffUserFactory(superuser=True)
    ticket = new_ticket(lawyer)
    services.add_note(ticket, staff, "内部：此人曾多次反映")
    services.staff_reply(ticket, staff, "您好，已更正。", [pdf("回执.pdf")])
    page = lawyer_client.get(ticket.get_absolute_url()).content.decode()
    assert "您好，已更正。" in page
    assert "回执.pdf" in page
    assert "此人曾多次反映" not in page
    assert "协会工作人员" in page


def test_opening_the_ticket_reads_its_new_reply(lawyer_client, lawyer):
    ticket = ticket_in_state(S.ANSWERED, member=lawyer)
    assert "新回复" in lawyer_client.get(LIST).content.decode()
    lawyer_client.get(ticket.get_absolute_url())
    assert not Ticket.objects.get(pk=ticket.pk).has_new_reply


def test_the_member_replies_with_a_file_and_reopens_the_answered_ticket(lawyer_client, lawyer):
    ticket = ticket_in_state(S.ANSWERED, member=lawyer)
    response = lawyer_client.post(ticket.get_absolute_url(), {"body": "已上传扫描件。", "files": [pdf()]})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == S.PROCESSING
    reply = TicketMessage.objects.get(ticket=ticket, from_staff=False)
    assert [a.original_name for a in attachments_of(reply)] == ["执业证.pdf"]


def test_an_empty_reply_is_named_beside_the_field(lawyer_client, lawyer):
    ticket = new_ticket(lawyer)
    page = lawyer_client.post(ticket.get_absolute_url(), {"body": ""}).content.decode()
    assert "请填写回复内容。" in page


@pytest.mark.parametrize("state", [S.CLOSED, S.CANCELLED])
def test_a_finished_ticket_takes_no_reply(lawyer_client, lawyer, state):
    ticket = ticket_in_state(state, member=lawyer)
    page = lawyer_client.get(ticket.get_absolute_url()).content.decode()
    assert 'name="body"' not in page
    response = lawyer_client.post(ticket.get_absolute_url(), {"body": "还在吗"}, follow=True)
    assert f"工单{S(state).label}，不能再回复。" in response.content.decode()
    assert not TicketMessage.objects.filter(ticket=ticket).exists()


def test_cancelling_asks_then_keeps_the_ticket_marked(lawyer_client, lawyer):
    ticket = new_ticket(lawyer)
    url = reverse("tickets:cancel", args=[ticket.number])
    assert "确定取消工单" in lawyer_client.get(url).content.decode()
    lawyer_client.post(url)
    assert Ticket.objects.get(pk=ticket.pk).state == S.CANCELLED


def test_a_ticket_being_processed_offers_no_cancel(lawyer_client, lawyer):
    ticket = ticket_in_state(S.PROCESSING, member=lawyer)
    assert "取消工单" not in lawyer_client.get(ticket.get_absolute_url()).content.decode()
    response = lawyer_client.post(reverse("tickets:cancel", args=[ticket.number]))
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).state == S.PROCESSING


def test_the_dashboard_shows_new_replies_and_the_shortcut(lawyer_client, lawyer):
    ticket_in_state(S.ANSWERED, member=lawyer)
    page = lawyer_client.get(reverse("member_center:dashboard")).content.decode()
    assert "提交新工单" in page
    assert "您有 1 个工单有新回复" in page


def test_the_members_search_finds_his_ticket_by_number_and_title(lawyer_client, lawyer):
    ticket = new_ticket(lawyer, title="照片无法上传")
    for query in [ticket.number, "照片"]:
        page = lawyer_client.get(reverse("member_center:search"), {"q": query}).content.decode()
        assert ticket.get_absolute_url() in page
