"""Synthetic 工单 for the benchmark: `count` tickets spread over the roster's lawyers and firms
in every state (most closed, a tenth still waiting, some for more than 2 working days), and the
measured members with many:

- the measured lawyer (accounts["lawyer"]): MEASURED_TICKETS, the newest with MEASURED_MESSAGES
  replies and notes (the detail page);
- the measured firm: 100.
Rows go in through certdata.insert_rows: bulk_create would stamp created_at and updated_at with now."""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from member_center.models import Firm, Lawyer, User
from member_center.tickets.models import MessageKind, Ticket, TicketCategory, TicketMessage, TicketState

from .certdata import insert_rows

MEASURED_TICKETS = 150
MEASURED_MESSAGES = 20
BATCH = 5000
S = TicketState
STATES = [S.CLOSED] * 14 + [S.ANSWERED] * 3 + [S.CANCELLED] + [S.PENDING] + [S.PROCESSING]
TITLES = ["姓名错误", "执业机构不对", "所内身份不对", "律师列表名单不对", "照片无法上传", "证明申请一直待审批"]


@dataclass
class Tickets:
    tickets: int = 0
    messages: int = 0
    generation_s: float = 0.0
    states: dict = field(default_factory=dict)
    measured: dict = field(default_factory=dict)


def _row(rng, n: int, owner: dict, created, staff_id: int) -> dict:
    state = rng.choice(STATES)
    answered = state in (S.ANSWERED, S.CLOSED) or (state == S.PROCESSING and rng.random() < 0.5)
    replied = created + datetime.timedelta(hours=rng.randint(2, 60)) if answered else None
    finished = (replied or created) + datetime.timedelta(hours=rng.randint(1, 48))
    return {
        "number": f"GD{created:%y%m%d}{n:06d}",
        "submission_token": uuid.UUID(int=rng.getrandbits(128)),
        **owner,
        "category": rng.choice(TicketCategory.values),
        "title": rng.choice(TITLES),
        "description": "错误信息为张明闻，正确应该为张明文，已上传执业证扫描件。",
        "state": state,
        "assigned_to_id": staff_id if state != S.PENDING else None,
        "created_at": created,
        "waiting_since": created if state in (S.PENDING, S.PROCESSING) else None,
        "last_reply_at": replied,
        "last_staff_reply_at": replied,
        "member_seen_at": replied if state != S.ANSWERED or rng.random() < 0.5 else None,
        "closed_at": finished if state == S.CLOSED else None,
        "cancelled_at": finished if state == S.CANCELLED else None,
        "updated_at": finished,
    }


@transaction.atomic
def create_tickets(count: int, accounts: dict, seed: int = 2026) -> Tickets:
    rng = random.Random(seed)
    now = timezone.now()
    made = Tickets()
    staff_id = accounts["superuser"]["user_id"]
    measured_lawyer = User.objects.get(pk=accounts["lawyer"]["user_id"]).lawyer_id
    measured_firm = User.objects.get(pk=accounts["firm"]["user_id"]).firm_id
    lawyer_ids = list(Lawyer.objects.values_list("pk", flat=True))
    firm_ids = list(Firm.objects.values_list("pk", flat=True))
    owners = [{"lawyer_id": measured_lawyer}] * min(MEASURED_TICKETS, count // 3) + [{"firm_id": measured_firm}] * min(
        100, count // 3
    )
    owners += [
        {"lawyer_id": rng.choice(lawyer_ids)} if rng.random() < 0.8 else {"firm_id": rng.choice(firm_ids)}
        for _ in range(max(0, count - len(owners)))
    ]
    pending = []
    for n, owner in enumerate(owners, start=1):
        # Spread over two years; the numbers are unique whatever the day.
        created = now - datetime.timedelta(minutes=int(2 * 365 * 24 * 60 * (count - n) / max(count, 1)) + 5)
        pending.append(_row(rng, n, owner, created, staff_id))
        if len(pending) >= BATCH:
            insert_rows(Ticket, pending)
            made.tickets += len(pending)
            pending = []
    insert_rows(Ticket, pending)
    made.tickets += len(pending)

    newest = Ticket.objects.filter(lawyer_id=measured_lawyer).order_by("-created_at", "-pk").first()
    rows = [
        {
            "ticket_id": newest.pk,
            "kind": MessageKind.NOTE if i % 5 == 4 else MessageKind.REPLY,
            "from_staff": i % 2 == 0 or i % 5 == 4,
            "author_id": staff_id if i % 2 == 0 or i % 5 == 4 else accounts["lawyer"]["user_id"],
            "body": "您好，请上传律师执业证（副本）的扫描件，以便我们核对并更正登记信息。",
            "created_at": newest.created_at + datetime.timedelta(minutes=10 * (i + 1)),
        }
        for i in range(MEASURED_MESSAGES)
    ]
    insert_rows(TicketMessage, rows)
    made.messages = len(rows)
    made.states = {
        S(row["state"]).label: row["n"] for row in Ticket.objects.values("state").annotate(n=Count("pk")).order_by()
    }
    made.measured = {
        "lawyer_tickets": Ticket.objects.filter(lawyer_id=measured_lawyer).count(),
        "detail_number": newest.number,
        "detail_pk": newest.pk,
        "search_number": Ticket.objects.order_by("pk").values_list("number", flat=True)[count // 2],
        "waiting": Ticket.objects.filter(state__in=[S.PENDING, S.PROCESSING]).count(),
    }
    return made


def loaded_models() -> list:
    return [Ticket, TicketMessage]
