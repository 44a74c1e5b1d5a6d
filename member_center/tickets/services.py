"""The rules of 工单系统 (manual 002 §2.2), one transaction each, on the shared workflow.

States: 待处理 → 处理中 → 已回复 → 已关闭, and 已取消 (the manual's 删除工单: the ticket is kept and
marked, never deleted). Staff replies and closing notify the member (消息 + e-mail); a member's
reply to an answered ticket opens it again (已回复 → 处理中). Internal notes are staff's only."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from member_center.models import Firm, Lawyer
from portal.uploads.rules import ATTACHMENTS
from portal.uploads.services import attach
from portal.workflow import OWNER, Notice, Transition, Workflow, WorkflowError

from .models import OPEN_STATES, WAITING_STATES, MessageKind, Ticket, TicketCounter, TicketMessage, TicketState

S = TicketState
HANDLE = "tickets.handle_ticket"
VIEW = "tickets.view_ticket"
RULE = ATTACHMENTS  # images, PDF and Office documents by content, ≤ 10 MB each, ≤ 5 per message

# Working days for 等待超过 2 个工作日: Monday to Friday (public holidays are not known here).
OVERDUE_WORKING_DAYS = 2


def _tell_member(title: str, body: str):
    def notices(ticket: Ticket, reason: str, details: dict):
        text = body.format(number=ticket.number, title=ticket.title, reason=reason)
        return [Notice(ticket.member, title.format(number=ticket.number), text, ticket.get_absolute_url())]

    return notices


TICKET = Workflow(
    "tickets.ticket",
    Ticket,
    owner=lambda ticket: ticket.member,
    select_related=("firm__account", "lawyer__account"),
    transitions=[
        Transition("start", [S.PENDING], S.PROCESSING, "开始处理", permission=HANDLE),
        Transition(
            "reply", OPEN_STATES, S.ANSWERED, "回复", permission=HANDLE,
            notify=_tell_member("工单 {number} 有新回复", "协会已回复您的工单“{title}”，请在工单系统中查看回复内容。"),
        ),
        Transition("reopen", [S.ANSWERED], S.PROCESSING, "会员回复", by=OWNER),
        Transition(
            "close", OPEN_STATES, S.CLOSED, "关闭工单", permission=HANDLE,
            notify=_tell_member("工单 {number} 已关闭", "您的工单“{title}”已处理完毕并关闭。{reason}"),
        ),
        Transition("cancel", [S.PENDING, S.ANSWERED], S.CANCELLED, "取消工单", by=OWNER),
    ],
    events={"submit": "提交工单", "member_reply": "会员回复", "note": "内部备注", "assign": "指派处理人"},
)  # fmt: skip


def can(ticket: Ticket, name: str) -> bool:
    return TICKET.can(ticket, name)


def may_reply(ticket: Ticket) -> bool:
    """The member may add to the conversation while the ticket is open (待处理, 处理中, 已回复)."""
    return ticket.state in OPEN_STATES


# --- who sees what -----------------------------------------------------------------------------


def is_handler(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.has_perm(HANDLE) or user.has_perm(VIEW))


def may_see_ticket_files(user, ticket: Ticket) -> bool:
    member = getattr(user, "member", None)
    return (member is not None and member == ticket.member) or is_handler(user)


def may_see_message_files(user, message: TicketMessage) -> bool:
    if message.is_note:
        return is_handler(user)
    return may_see_ticket_files(user, message.ticket)


# --- working days ------------------------------------------------------------------------------


def working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The moment `days` working days (Monday to Friday) before `moment`, at the same time of day."""
    moment = timezone.localtime(moment)
    counted = 0
    while counted < days:
        moment -= datetime.timedelta(days=1)
        if moment.weekday() < 5:
            counted += 1
    return moment


def overdue_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Waiting since before this: waiting for staff more than 2 working days."""
    return working_days_before(now or timezone.now(), OVERDUE_WORKING_DAYS)


def overdue(queryset, now=None):
    return queryset.filter(state__in=WAITING_STATES, waiting_since__lt=overdue_cutoff(now))


def is_overdue(ticket: Ticket, now=None) -> bool:
    return (
        ticket.state in WAITING_STATES
        and ticket.waiting_since is not None
        and ticket.waiting_since < overdue_cutoff(now)
    )


# --- the member's side -------------------------------------------------------------------------


def _next_number(counter: TicketCounter) -> str:
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"GD{counter.day:%y%m%d}{counter.last:04d}"


def create_ticket(
    member: Firm | Lawyer,
    *,
    submission_token: uuid.UUID,
    title: str,
    description: str,
    category: str,
    context: str = "",
    files=(),
    by=None,
) -> tuple[Ticket, bool]:
    """创建问题. The token makes a double click or a resubmitted form return the first ticket.
    Returns (ticket, created)."""
    now = timezone.now()
    with transaction.atomic():
        # The day's counter row, locked: creations queue here, so a second click sees the first's ticket.
        counter, _ = TicketCounter.objects.select_for_update().get_or_create(day=timezone.localdate(now))
        existing = Ticket.objects.of_member(member).filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
        ticket = Ticket(
            number=_next_number(counter),
            submission_token=submission_token,
            title=title.strip(),
            description=description.strip(),
            category=category,
            context=context.strip()[:300],
            created_at=now,
            waiting_since=now,
        )
        if isinstance(member, Lawyer):
            ticket.lawyer = member
        else:
            ticket.firm = member
        try:
            with transaction.atomic():
                ticket.save()
        except IntegrityError:
            existing = Ticket.objects.of_member(member).filter(submission_token=submission_token).first()
            if existing is None:
                raise WorkflowError("提交失败，请刷新页面后重试。") from None
            return existing, False
        if files:
            attach(ticket, files, RULE, by=by)
        TICKET.log(ticket, "submit", by=by, changes={"state": [None, S.PENDING.label]})
    return ticket, True


def _message(ticket, by, body, files, kind=MessageKind.REPLY, from_staff=False) -> TicketMessage:
    message = TicketMessage.objects.create(
        ticket=ticket, kind=kind, from_staff=from_staff, author=by if by is not None else None, body=body.strip()
    )
    if files:
        attach(message, files, RULE, by=by)
    return message


def _required(body: str, message: str = "请填写回复内容。") -> str:
    if not (body or "").strip():
        raise WorkflowError(message)
    return body


@transaction.atomic
def member_reply(ticket: Ticket, by, body: str, files=()) -> TicketMessage:
    """The member's 回复 while the ticket is open; to an answered ticket it opens it again."""
    _required(body)
    now = timezone.now()
    reopen = {"last_reply_at": now, "waiting_since": now}
    if ticket.state == S.ANSWERED:
        locked = TICKET.move(ticket, "reopen", by, changes=reopen)  # the move locks and checks again
    else:
        locked = TICKET.locked(ticket)
        if locked.state == S.ANSWERED:  # answered meanwhile
            locked = TICKET.move(locked, "reopen", by, changes=reopen)
        elif locked.state in WAITING_STATES:
            if by is not None and TICKET.owner(locked) != getattr(by, "member", None):
                raise WorkflowError("您没有权限回复该工单。")
            TICKET.update(locked, "member_reply", {"last_reply_at": now}, by=by)
        else:
            raise WorkflowError(f"工单{locked.get_state_display()}，不能再回复。")
    return _message(locked, by, body, files)


def cancel(ticket: Ticket, by) -> Ticket:
    """取消工单: kept, marked 已取消."""
    return TICKET.move(ticket, "cancel", by, changes={"cancelled_at": timezone.now()})


def mark_seen(ticket: Ticket) -> None:
    """The member opened the ticket: its replies are no longer new (not a change worth auditing).
    Written only when a staff reply was new: opening it again writes nothing, so the member's
    page copies (portal.membercopies), everybody's, are not replaced by a mere look."""
    if not ticket.has_new_reply:
        return
    now = timezone.now()
    Ticket.objects.filter(pk=ticket.pk).update(member_seen_at=now)
    ticket.member_seen_at = now


# --- staff's side ------------------------------------------------------------------------------


@transaction.atomic
def staff_reply(ticket: Ticket, by, body: str, files=()) -> TicketMessage:
    """A public reply: the member sees it and is notified."""
    _required(body)
    now = timezone.now()
    changes = {"last_reply_at": now, "last_staff_reply_at": now, "waiting_since": None}
    if ticket.assigned_to_id is None:
        changes["assigned_to"] = by  # whoever answers first handles it
    moved = TICKET.move(ticket, "reply", by, changes=changes)
    return _message(moved, by, body, files, from_staff=True)


@transaction.atomic
def add_note(ticket: Ticket, by, body: str) -> TicketMessage:
    """An internal note: never shown to the member, nobody notified."""
    _required(body, "请填写备注内容。")
    locked = TICKET.locked(ticket)
    if not TICKET.may(by, locked, TICKET["reply"]):
        raise WorkflowError("您没有权限处理工单。")
    TICKET.log(locked, "note", by=by)
    return _message(locked, by, body, (), kind=MessageKind.NOTE, from_staff=True)


@transaction.atomic
def assign(ticket: Ticket, by, to) -> Ticket:
    """指派 a staff user; a ticket still 待处理 is then 处理中."""
    if to is None:
        raise WorkflowError("请选择处理人。")
    if ticket.state == S.PENDING:
        return TICKET.move(ticket, "start", by, changes={"assigned_to": to})  # the move locks and checks again
    locked = TICKET.locked(ticket)  # never 待处理 again: no ticket goes back there
    if locked.state not in OPEN_STATES:
        raise WorkflowError(f"工单{locked.get_state_display()}，不能再指派。")
    if not TICKET.may(by, locked, TICKET["start"]):
        raise WorkflowError("您没有权限指派工单。")
    TICKET.update(locked, "assign", {"assigned_to": to}, by=by)
    return locked


def close(ticket: Ticket, by, result: str = "") -> Ticket:
    """关闭工单, with the 处理结果 (optional) told to the member."""
    result = (result or "").strip()
    reason = f"处理结果：{result}" if result else ""
    return TICKET.move(ticket, "close", by, reason, changes={"closed_at": timezone.now()})


def close_many(tickets, by):
    return TICKET.move_many(tickets, "close", by, changes={"closed_at": timezone.now()})
