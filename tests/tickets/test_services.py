"""工单系统's rules (manual 002 §2.2), through the services."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from member_center.tickets import services
from member_center.tickets.models import MessageKind, Ticket, TicketState
from portal.notifications.models import Notification
from portal.uploads.services import attachments_of
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory
from tests.tickets.helpers import jpeg, new_ticket, pdf, ticket_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = TicketState
TZ = timezone.get_current_timezone()


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True, email="support@lawyers.example.cn")


def test_a_new_ticket_is_pending_numbered_by_day_and_waiting_since_it_was_made():
    ticket = new_ticket()
    assert ticket.state == S.PENDING
    assert ticket.number == f"GD{timezone.localdate():%y%m%d}0001"
    assert new_ticket().number.endswith("0002")
    assert ticket.waiting_since == ticket.created_at


def test_the_same_form_sent_twice_makes_one_ticket():
    lawyer, token = LawyerFactory(), uuid.uuid4()
    first = new_ticket(lawyer, submission_token=token)
    second, created = services.create_ticket(
        lawyer, submission_token=token, title="姓名错误", description="再次提交", category="name"
    )
    assert (second, created) == (first, False)
    assert Ticket.objects.count() == 1


def test_a_ticket_keeps_its_files():
    ticket = new_ticket(files=[pdf(), jpeg()])
    assert [a.original_name for a in attachments_of(ticket)] == ["执业证.pdf", "scan.jpg"]


def test_more_than_five_files_are_refused_and_nothing_is_kept():
    with pytest.raises(ValidationError, match="最多上传 5 个文件。"):
        new_ticket(files=[pdf(f"{n}.pdf") for n in range(6)])
    assert Ticket.objects.count() == 0


def test_a_file_that_is_not_what_it_claims_is_refused():
    fake = SimpleUploadedFile("执业证.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="格式不受支持"):
        new_ticket(files=[fake])


def test_a_staff_reply_answers_the_ticket_and_tells_the_member(staff, django_capture_on_commit_callbacks):
    lawyer = LawyerFactory()
    account = MemberUserFactory(lawyer=lawyer, email="zhang@example.cn")
    ticket = new_ticket(lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_reply(ticket, staff, "您好，已更正。", [pdf("回执.pdf")])
    ticket.refresh_from_db()
    assert ticket.state == S.ANSWERED
    assert ticket.assigned_to == staff
    assert ticket.waiting_since is None
    assert ticket.last_reply_at == ticket.last_staff_reply_at is not None
    [notice] = Notification.objects.filter(recipient=account)
    assert notice.title == f"工单 {ticket.number} 有新回复"
    assert notice.url == ticket.get_absolute_url()
    assert notice.event == "tickets.ticket.reply"
    [message] = ticket.messages.all()
    assert [a.original_name for a in attachments_of(message)] == ["回执.pdf"]
    assert [m.subject for m in mail.outbox] == [f"【律师协会】工单 {ticket.number} 有新回复"]


def test_closing_tells_the_member_the_result(staff):
    lawyer = LawyerFactory()
    account = MemberUserFactory(lawyer=lawyer)
    ticket = new_ticket(lawyer)
    services.close(ticket, staff, "已按执业证更正姓名。")
    [notice] = Notification.objects.filter(recipient=account)
    assert notice.title == f"工单 {ticket.number} 已关闭"
    assert "处理结果：已按执业证更正姓名。" in notice.body
    assert Ticket.objects.get(pk=ticket.pk).closed_at is not None


def test_an_internal_note_tells_nobody(staff):
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer)
    ticket = new_ticket(lawyer)
    message = services.add_note(ticket, staff, "已联系司法局核实。")
    assert message.kind == MessageKind.NOTE
    assert Notification.objects.count() == 0
    assert Ticket.objects.get(pk=ticket.pk).state == S.PENDING


def test_an_empty_reply_is_refused(staff):
    ticket = new_ticket()
    with pytest.raises(services.WorkflowError, match="请填写回复内容。"):
        services.staff_reply(ticket, staff, "   ")


def test_the_members_reply_reopens_an_answered_ticket_and_he_waits_again():
    ticket = ticket_in_state(S.ANSWERED)
    services.member_reply(ticket, MemberUserFactory(lawyer=ticket.lawyer), "已上传执业证扫描件。", [jpeg()])
    ticket.refresh_from_db()
    assert ticket.state == S.PROCESSING
    assert ticket.waiting_since is not None


def test_assigning_a_pending_ticket_starts_it_and_reassigning_keeps_its_state(staff):
    ticket = new_ticket()
    services.assign(ticket, staff, staff)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.assigned_to) == (S.PROCESSING, staff)
    other = StaffUserFactory(superuser=True)
    services.assign(ticket, staff, other)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.assigned_to) == (S.PROCESSING, other)


def test_a_cancelled_ticket_is_kept_and_marked():
    ticket = new_ticket()
    services.cancel(ticket, MemberUserFactory(lawyer=ticket.lawyer))
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.state, ticket.get_state_display()) == (S.CANCELLED, "已取消")
    assert ticket.cancelled_at is not None


def test_a_staff_reply_is_new_until_the_member_opens_the_ticket(staff):
    ticket = ticket_in_state(S.ANSWERED)
    assert ticket.has_new_reply
    assert list(Ticket.objects.with_new_replies()) == [ticket]
    services.mark_seen(ticket)
    assert not Ticket.objects.get(pk=ticket.pk).has_new_reply
    assert not Ticket.objects.with_new_replies().exists()


def test_opening_a_ticket_with_nothing_new_writes_nothing(staff, django_assert_num_queries):
    ticket = ticket_in_state(S.ANSWERED)
    services.mark_seen(ticket)
    again = Ticket.objects.get(pk=ticket.pk)

    with django_assert_num_queries(0):
        services.mark_seen(again)


def test_a_firm_and_its_lawyer_each_have_only_their_own_tickets():
    firm = FirmFactory()
    lawyer = LawyerFactory(firm=firm)
    firms, lawyers = new_ticket(firm), new_ticket(lawyer)
    assert list(Ticket.objects.of_member(firm)) == [firms]
    assert list(Ticket.objects.of_member(lawyer)) == [lawyers]


# --- working days ---------------------------------------------------------------------------------


def at(day, hour=10):
    return datetime.datetime(2025, 3, day, hour, tzinfo=TZ)  # 2025-03-03 is a Monday


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(5), at(3)),  # Wednesday → Monday
        (at(3), at(3).replace(month=2, day=27)),  # Monday → last Thursday
        (at(4), at(3).replace(month=2, day=28)),  # Tuesday → last Friday
        (at(8), at(6)),  # Saturday → Thursday
    ],
)
def test_two_working_days_before_skips_the_weekend(now, expected):
    assert services.working_days_before(now, 2) == expected


def test_a_ticket_waiting_more_than_two_working_days_is_overdue():
    ticket = new_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(waiting_since=at(6, 9))  # Thursday morning
    ticket.refresh_from_db()
    assert not services.is_overdue(ticket, now=at(10, 8))  # Monday 8:00: Thursday 9:00 to now is < 2 working days
    assert services.is_overdue(ticket, now=at(10, 10))
    assert list(services.overdue(Ticket.objects.all(), now=at(10, 10))) == [ticket]


def test_an_answered_ticket_is_not_overdue(staff):
    ticket = ticket_in_state(S.ANSWERED)
    assert not services.is_overdue(ticket, now=timezone.now() + datetime.timedelta(days=30))
