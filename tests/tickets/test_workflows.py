"""The ticket's state machine, move by move. The expected table is written out here, not read
back from the declarations."""

import pytest
from auditlog.models import LogEntry

from member_center import roles
from member_center.tickets import services
from member_center.tickets.models import Ticket, TicketState
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.factories import MemberUserFactory, StaffUserFactory
from tests.tickets.helpers import ticket_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = TicketState

MOVES = {
    ("start", S.PENDING): S.PROCESSING,
    ("reply", S.PENDING): S.ANSWERED,
    ("reply", S.PROCESSING): S.ANSWERED,
    ("reply", S.ANSWERED): S.ANSWERED,
    ("reopen", S.ANSWERED): S.PROCESSING,
    ("close", S.PENDING): S.CLOSED,
    ("close", S.PROCESSING): S.CLOSED,
    ("close", S.ANSWERED): S.CLOSED,
    ("cancel", S.PENDING): S.CANCELLED,
    ("cancel", S.ANSWERED): S.CANCELLED,
}
LABELS = {"start": "开始处理", "reply": "回复", "reopen": "会员回复", "close": "关闭工单", "cancel": "取消工单"}
ALL = [(move, state) for move in LABELS for state in S.values]
OWNER_MOVES = {"reopen", "cancel"}


@pytest.fixture
def staff(db):
    return StaffUserFactory(roles=[roles.TECH_SUPPORT])


def take(move, ticket, staff):
    """The move through the service that takes it, by whom it belongs to."""
    if move in OWNER_MOVES:
        account = MemberUserFactory(lawyer=ticket.lawyer)
        if move == "reopen":
            services.member_reply(ticket, account, "已上传扫描件。")
        else:
            services.cancel(ticket, account)
        return account
    if move == "start":  # the move itself: services.assign takes it only from 待处理
        services.TICKET.move(ticket, "start", staff, changes={"assigned_to": staff})
    elif move == "reply":
        services.staff_reply(ticket, staff, "您好，已更正。")
    else:
        services.close(ticket, staff, "已更正")
    return staff


def entries(ticket, code):
    return [e for e in LogEntry.objects.get_for_object(ticket).order_by("pk") if e.additional_data.get("event") == code]


def test_the_ticket_declares_exactly_these_moves():
    assert {name: t.label for name, t in services.TICKET.transitions.items()} == LABELS


@pytest.mark.parametrize(("move", "state"), [key for key in ALL if key in MOVES])
def test_an_allowed_move(move, state, staff):
    ticket = ticket_in_state(state)
    before = len(entries(ticket, f"tickets.ticket.{move}"))
    actor = take(move, ticket, staff)
    ticket.refresh_from_db()
    assert ticket.state == MOVES[(move, state)]
    new = entries(ticket, f"tickets.ticket.{move}")[before:]
    assert len(new) == 1
    assert new[0].actor == actor
    assert new[0].changes_dict["state"] == [S(state).label, S(ticket.state).label]


@pytest.mark.parametrize(("move", "state"), [key for key in ALL if key not in MOVES and key[0] != "reopen"])
def test_a_refused_move(move, state, staff):
    ticket = ticket_in_state(state)
    with pytest.raises(TransitionNotAllowed, match=f"当前状态为“{S(state).label}”，不能{LABELS[move]}。"):
        take(move, ticket, staff)
    assert Ticket.objects.get(pk=ticket.pk).state == state


@pytest.mark.parametrize("state", [S.CLOSED, S.CANCELLED])
def test_a_member_cannot_reply_to_a_finished_ticket(state, staff):
    ticket = ticket_in_state(state)
    with pytest.raises(services.WorkflowError, match=f"工单{S(state).label}，不能再回复。"):
        take("reopen", ticket, staff)


@pytest.mark.parametrize("state", [S.PENDING, S.PROCESSING])
def test_a_member_reply_to_a_waiting_ticket_changes_no_state(state, staff):
    ticket = ticket_in_state(state)
    take("reopen", ticket, staff)
    ticket.refresh_from_db()
    assert ticket.state == state
    assert entries(ticket, "tickets.ticket.reopen") == []
    assert len(entries(ticket, "tickets.ticket.member_reply")) == 1


def test_the_refused_moves_are_all_the_others():
    assert len(ALL) == 25
    assert len([key for key in ALL if key not in MOVES]) == 15


def test_staff_without_the_permission_may_not_reply():
    ticket = ticket_in_state(S.PENDING)
    with pytest.raises(NotPermitted, match="您没有权限回复。"):
        services.staff_reply(ticket, StaffUserFactory(roles=[roles.CONTENT_EDITORS]), "您好")


def test_another_member_may_not_cancel():
    ticket = ticket_in_state(S.PENDING)
    with pytest.raises(NotPermitted, match="您没有权限取消工单。"):
        services.cancel(ticket, MemberUserFactory())


def test_another_member_may_not_reply():
    ticket = ticket_in_state(S.PENDING)
    with pytest.raises(services.WorkflowError, match="您没有权限回复该工单。"):
        services.member_reply(ticket, MemberUserFactory(), "我也有问题")


def test_staff_may_not_take_the_members_moves(staff):
    ticket = ticket_in_state(S.ANSWERED)
    with pytest.raises(NotPermitted):
        services.cancel(ticket, staff)
