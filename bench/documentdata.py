"""Synthetic 公文 for the benchmark: `count` published documents circulated to the measured
lawyer (accounts["lawyer"]) and a few other members, most read; one document circulated to every
lawyer of the roster (the receipt list of a 20,000-recipient document), half of them having read
it, then corrected (第2版) and read again by half of those; and one publication timed in the request: a draft to 全部执业律师 published through
notices.services.publish, its time and query count kept (the notices go to a job, not timed here).
Rows go in through certdata.insert_rows: bulk_create would stamp created_at and updated_at with now."""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from member_center.models import Lawyer, User
from notices import services
from notices.models import (
    Circle,
    CircleKind,
    DocumentState,
    DocumentVersion,
    OfficialDocument,
    ReadReceipt,
    Recipient,
    Secrecy,
)

from .certdata import insert_rows

BATCH = 5000
SECRECY = [Secrecy.NORMAL] * 7 + [Secrecy.SECRET, Secrecy.CONFIDENTIAL, Secrecy.TOP_SECRET]
TITLES = [
    "关于开展年度考核工作的通知",
    "关于报送年度工作总结的通知",
    "关于重大敏感案件报告制度的通知",
    "关于会费缴纳的通知",
]
BODY = "<p>各律师事务所、各位律师：</p>" + "<p>请按要求于规定期限内完成相关工作，并报送书面材料。</p>" * 20


@dataclass
class Documents:
    documents: int = 0
    recipients: int = 0
    generation_s: float = 0.0
    publish: dict = field(default_factory=dict)
    measured: dict = field(default_factory=dict)


def _document(n: int, rng, published) -> dict:
    return {
        "number": f"粤律协〔{published.year}〕{n}号",
        "received_on": published.date(),
        "issuer": "广东省律师协会",
        "issued_on": published.date(),
        "secrecy": rng.choice(SECRECY),
        "title": f"{rng.choice(TITLES)}（{n}）",
        "keywords": "通知",
        "body": BODY,
        "state": DocumentState.PUBLISHED,
        "version": 1,
        "published_at": published,
        "recipient_count": 0,
        "created_at": published,
        "updated_at": published,
    }


@transaction.atomic
def _load(count: int, accounts: dict, rng) -> Documents:
    now = timezone.now()
    made = Documents()
    lawyer = User.objects.select_related("lawyer").get(pk=accounts["lawyer"]["user_id"]).lawyer
    others = list(Lawyer.objects.exclude(pk=lawyer.pk).values_list("pk", "name", "licence_no")[:3])
    rows = [_document(n, rng, now - datetime.timedelta(hours=count + 1 - n)) for n in range(1, count + 2)]
    for start in range(0, len(rows), BATCH):
        insert_rows(OfficialDocument, rows[start : start + BATCH])
    documents = list(OfficialDocument.objects.order_by("pk").values_list("pk", "published_at", *_version_fields()))
    insert_rows(
        DocumentVersion,
        [
            {"document_id": pk, "version": 1, "published_at": at, "note": "", "published_by_id": None,
             **dict(zip(_version_fields(), values, strict=True))}
            for pk, at, *values in documents
        ],
    )  # fmt: skip
    versions = dict(DocumentVersion.objects.values_list("document_id", "pk"))
    for pk, version in versions.items():  # one statement per 5,000 would need CASE; this runs once
        OfficialDocument.objects.filter(pk=pk).update(current_id=version)
    big_pk = documents[-1][0]
    recipients = []
    for pk, at, *_ in documents[:-1]:
        read = rng.random() < 0.8
        for lawyer_pk, name, licence in [(lawyer.pk, lawyer.name, lawyer.licence_no), *others]:
            recipients.append({"document_id": pk, "lawyer_id": lawyer_pk, "name": name, "login_name": licence,
                               "added_at": at, "read_version": 1 if read else 0, "read_at": at if read else None,
                               "following": False})  # fmt: skip
    for lawyer_pk, name, licence in Lawyer.objects.values_list("pk", "name", "licence_no").iterator(chunk_size=BATCH):
        read = rng.random() < 0.5
        recipients.append({"document_id": big_pk, "lawyer_id": lawyer_pk, "name": name, "login_name": licence,
                           "added_at": now, "read_version": 1 if read else 0, "read_at": now if read else None,
                           "following": False})  # fmt: skip
    for start in range(0, len(recipients), BATCH):
        insert_rows(Recipient, recipients[start : start + BATCH])
    insert_rows(
        ReadReceipt,
        [
            {"recipient_id": pk, "version": 1, "read_at": at}
            for pk, at in Recipient.objects.filter(read_version=1).values_list("pk", "read_at")
        ],
    )
    OfficialDocument.objects.filter(pk=big_pk).update(
        recipient_count=Recipient.objects.filter(document_id=big_pk).count()
    )
    _correct_big(big_pk, now, rng)
    made.documents = len(documents)
    made.recipients = len(recipients)
    made.measured = {
        "lawyer_documents": Recipient.objects.filter(lawyer=lawyer).count(),
        "detail_pk": documents[-2][0],
        "big_pk": big_pk,
        "big_recipients": Recipient.objects.filter(document_id=big_pk).count(),
    }
    return made


def _correct_big(big_pk: int, now, rng) -> None:
    """The big document's 更正 (第2版): half of those who read the first read it again, so its
    传阅情况 has every case (未读, 已阅旧版本, 已阅) and two receipts for many recipients."""
    first = DocumentVersion.objects.get(document_id=big_pk, version=1)
    second = DocumentVersion.objects.create(
        document_id=big_pk, version=2, note="更正时间", published_at=now,
        **{name: getattr(first, name) for name in _version_fields()},
    )  # fmt: skip
    OfficialDocument.objects.filter(pk=big_pk).update(version=2, current=second)
    readers = Recipient.objects.filter(document_id=big_pk, read_version=1).values_list("pk", flat=True)
    again = [pk for pk in readers.iterator(chunk_size=BATCH) if rng.random() < 0.5]
    for start in range(0, len(again), BATCH):
        chunk = again[start : start + BATCH]
        Recipient.objects.filter(pk__in=chunk).update(read_version=2, read_at=now)
        insert_rows(ReadReceipt, [{"recipient_id": pk, "version": 2, "read_at": now} for pk in chunk])


def _version_fields() -> list[str]:
    return ["number", "received_on", "issuer", "issued_on", "secrecy", "title", "keywords", "body"]


def time_publish(superuser_id: int) -> dict:
    """发布 to 全部执业律师, in one request's work: resolving and freezing every recipient."""
    document = OfficialDocument.objects.create(number="粤律协〔2026〕bench号", issuer="广东省律师协会",
                                               title="关于全体执业律师的通知", body=BODY)  # fmt: skip
    Circle.objects.create(document=document, kind=CircleKind.ALL_LAWYERS)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        document = services.publish(document, User.objects.get(pk=superuser_id))
    return {
        "publish_ms": round((time.perf_counter() - start) * 1000),
        "publish_queries": len(captured),
        "recipients": document.recipient_count,
    }


def create_documents(count: int, accounts: dict, seed: int = 2026) -> Documents:
    rng = random.Random(seed)
    made = _load(count, accounts, rng)
    made.publish = time_publish(accounts["superuser"]["user_id"])
    return made


def loaded_models() -> list:
    return [OfficialDocument, DocumentVersion, Recipient, ReadReceipt]
