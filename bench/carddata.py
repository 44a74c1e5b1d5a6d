"""Synthetic 会员卡 for the benchmark: `count` applications spread over the roster's lawyers in
every state (at most one open application per lawyer, as the database requires), a card for each
collected one, and:

- the measured lawyer (accounts["lawyer"]): MEASURED_APPLICATIONS closed applications (rejected,
  revoked, one collected) and his card (申请会员卡, 会员卡管理);
- one batch of BATCH_SIZE applications 已印制 (制卡导出's zip: the sheet and the photos).
Every application points at one stored photo. Rows go in through certdata.insert_rows."""

import datetime
import io
import random
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from PIL import Image

from member_center.cards.models import ApplicationKind, ApplicationState, CardApplication, CardBatch, MemberCard
from member_center.models import Lawyer, User
from portal.storage import private_storage

from .certdata import insert_rows

MEASURED_APPLICATIONS = 30
BATCH_SIZE = 500
CHUNK = 5000
S = ApplicationState
OPEN = [S.PENDING, S.ACCEPTED, S.MAKING, S.MADE, S.CHECKED]
CLOSED = [S.COLLECTED] * 6 + [S.REJECTED] * 2 + [S.REVOKED]


@dataclass
class Cards:
    applications: int = 0
    cards: int = 0
    generation_s: float = 0.0
    states: dict = field(default_factory=dict)
    measured: dict = field(default_factory=dict)


def _photo_name() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (358, 441), (214, 226, 240)).save(buffer, "JPEG", quality=85)
    return private_storage().save("cards/bench/photo.jpg", io.BytesIO(buffer.getvalue()))


def _row(n, lawyer, state, created, photo, batch_id=None) -> dict:
    return {
        "lawyer_id": lawyer.pk,
        "number": f"HK{created:%y%m%d}{n:06d}",
        "submission_token": uuid.UUID(int=n),
        "kind": ApplicationKind.FIRST,
        "state": state,
        "created_at": created,
        "updated_at": created,
        "name": lawyer.name,
        "gender": lawyer.get_gender_display(),
        "practice_type": lawyer.get_practice_type_display(),
        "firm_name": "",
        "licence_no": lawyer.licence_no,
        "id_number": lawyer.id_number,
        "photo": photo,
        "reject_reason": "照片不符合证件照要求" if state == S.REJECTED else "",
        "card_number": f"HYK{n:08d}" if state in (S.PRINTED, S.MAKING, S.MADE, S.CHECKED, S.COLLECTED) else "",
        "batch_id": batch_id,
        "pickup_place": "协会一楼服务大厅" if state in (S.MADE, S.CHECKED, S.COLLECTED) else "",
        "pickup_time": "工作日 9:00–17:00" if state in (S.MADE, S.CHECKED, S.COLLECTED) else "",
    }


@transaction.atomic
def create_cards(count: int, accounts: dict, seed: int = 2026) -> Cards:
    rng = random.Random(seed)
    now = timezone.now()
    photo = _photo_name()
    measured = User.objects.get(pk=accounts["lawyer"]["user_id"]).lawyer
    lawyers = list(
        Lawyer.objects.exclude(pk=measured.pk).only("pk", "name", "gender", "practice_type", "licence_no", "id_number")
    )
    rng.shuffle(lawyers)
    batch = CardBatch.objects.create(number="ZKBENCH0001", created_at=now, size=0)

    rows, n = [], 0

    def created_at(i):
        return now - datetime.timedelta(minutes=int(2 * 365 * 24 * 60 * (count - i) / max(count, 1)) + 5)

    # The measured lawyer: closed applications, the newest collected.
    for i in range(min(MEASURED_APPLICATIONS, max(count // 10, 1))):
        n += 1
        state = S.COLLECTED if i == 0 else rng.choice([S.REJECTED, S.REVOKED])
        rows.append(_row(n, measured, state, created_at(n), photo))
    # The batch: 已印制, each for a lawyer of his own; then each open application or card another's.
    free = iter(lawyers)
    for _ in range(min(BATCH_SIZE, max(count // 4, 1))):
        lawyer = next(free, None)
        if lawyer is None:
            break
        n += 1
        batch.size += 1
        rows.append(_row(n, lawyer, S.PRINTED, created_at(n), photo, batch.pk))
    # The rest: open ones for lawyers without one, else closed (rejected / revoked).
    while n < count:
        n += 1
        state = rng.choice(OPEN + CLOSED)
        lawyer = next(free, None) if state in OPEN or state == S.COLLECTED else None
        if lawyer is None:  # every lawyer has his one open application or card: a closed one
            lawyer, state = rng.choice(lawyers), rng.choice([S.REJECTED, S.REVOKED])
        rows.append(_row(n, lawyer, state, created_at(n), photo))
    for start in range(0, len(rows), CHUNK):
        insert_rows(CardApplication, rows[start : start + CHUNK])
    batch.save(update_fields=["size"])

    collected = CardApplication.objects.filter(state=S.COLLECTED).values_list(
        "pk", "lawyer_id", "card_number", "created_at"
    )
    cards = [
        {
            "lawyer_id": lawyer_id,
            "number": number,
            "issued_on": timezone.localdate(created),
            "status": "active",
            "application_id": pk,
            "verify_token": uuid.UUID(int=pk).hex,
            "updated_at": created,
        }
        for pk, lawyer_id, number, created in collected
    ]
    insert_rows(MemberCard, cards)
    made = Cards(applications=n, cards=len(cards))
    made.states = {
        S(r["state"]).label: r["n"] for r in CardApplication.objects.values("state").annotate(n=Count("pk")).order_by()
    }
    review = CardApplication.objects.filter(state=S.PENDING).order_by("pk").first() or CardApplication.objects.first()
    made.measured = {
        "lawyer_applications": CardApplication.objects.filter(lawyer=measured).count(),
        "batch_pk": batch.pk,
        "batch_size": batch.size,
        "review_pk": review.pk,
    }
    return made


def loaded_models() -> list:
    return [CardApplication, MemberCard]
