"""Synthetic 消息 for the benchmark: accounts for part of the roster, each with messages of the
pipelines' decisions (most read, some unread, e-mail statuses spread), and the measured lawyer
with many.

- the measured lawyer (accounts["lawyer"]): MEASURED_MESSAGES messages, MEASURED_UNREAD unread;
- the measured firm: 100;
- every other account: 1–79, for a quarter of the roster (at most 5,000 accounts).
Rows go in through certdata.insert_rows: bulk_create would stamp created_at with now."""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from member_center.models import Lawyer, User
from portal.notifications.models import EmailStatus, Notification

from .certdata import insert_rows

MEASURED_MESSAGES = 300
MEASURED_UNREAD = 60
BATCH = 5000

EVENTS = [
    (
        "certificates.application.approve",
        "电子证明 {n} 已审核通过",
        "您申请的电子证明（编号 {n}）已审核通过，可在“我的证明”中下载证明文件或发送到邮箱。",
    ),
    (
        "certificates.application.reject",
        "电子证明申请 {n} 被驳回",
        "您申请的电子证明（编号 {n}）未通过审核。驳回理由：起始时间填写有误",
    ),
    ("profiles.profile.approve", "律师档案审核通过", "您提交的律师档案已审核通过，此后可通过“信息变更”修改。"),
    (
        "profiles.profile.reject",
        "律师档案审核未通过",
        "您的材料审核未通过，请根据审核意见修改后重新提交。审核意见：照片不符合要求",
    ),
]
STATUSES = [EmailStatus.SENT] * 6 + [EmailStatus.NONE] * 3 + [EmailStatus.FAILED]


@dataclass
class Messages:
    notifications: int = 0
    accounts: int = 0
    generation_s: float = 0.0
    measured: dict = field(default_factory=dict)


def _rows(rng, user_id: int, count: int, unread: int, now) -> list[dict]:
    rows = []
    for i in range(count):
        event, title, body = rng.choice(EVENTS)
        number = f"2{rng.randint(40101, 61130)}{rng.randint(1, 9999):04d}"
        created = now - datetime.timedelta(minutes=37 * (count - i) + rng.randint(0, 30))
        status = rng.choice(STATUSES)
        rows.append(
            {
                "recipient_id": user_id,
                "title": title.format(n=number),
                "body": body.format(n=number),
                "url": f"/member/certificates/{number}/" if event.startswith("certificates") else "/member/profile/",
                "event": event,
                "created_at": created,
                "read_at": None if i >= count - unread else created + datetime.timedelta(hours=2),
                "email_to": "" if status == EmailStatus.NONE else f"u{user_id}@bench.example.cn",
                "email_status": status,
                "email_attempts": 0 if status == EmailStatus.NONE else (3 if status == EmailStatus.FAILED else 1),
                "email_sent_at": created if status == EmailStatus.SENT else None,
                "email_error": "421 服务暂不可用" if status == EmailStatus.FAILED else "",
            }
        )
    return rows


@transaction.atomic
def create_messages(accounts: dict, lawyer_count: int, seed: int = 2026) -> Messages:
    rng = random.Random(seed)
    now = timezone.now()
    made = Messages()
    # Accounts for a quarter of the roster (at most 5,000): only members who have logged in get messages.
    wanted = min(5000, max(20, lawyer_count // 4))
    existing = set(User.objects.exclude(lawyer=None).values_list("lawyer_id", flat=True))
    lawyers = list(Lawyer.objects.exclude(pk__in=existing).order_by("pk").values_list("pk", "licence_no")[:wanted])
    User.objects.bulk_create(
        [
            User(username=licence, lawyer_id=pk, password="!", must_change_password=False, activated_at=timezone.now())
            for pk, licence in lawyers
        ],
        batch_size=BATCH,
    )
    member_ids = list(User.objects.filter(lawyer_id__in=[pk for pk, _ in lawyers]).values_list("pk", flat=True))
    pending = []
    measured, firm = accounts["lawyer"]["user_id"], accounts["firm"]["user_id"]
    for user_id, count, unread in [(measured, MEASURED_MESSAGES, MEASURED_UNREAD), (firm, 100, 5)] + [
        (user_id, rng.randint(1, 79), rng.choice([0, 0, 0, 1, 2])) for user_id in member_ids
    ]:
        pending += _rows(rng, user_id, count, unread, now)
        if len(pending) >= BATCH:
            insert_rows(Notification, pending)
            made.notifications += len(pending)
            pending = []
    insert_rows(Notification, pending)
    made.notifications += len(pending)
    made.accounts = len(member_ids) + 2
    newest = Notification.objects.filter(recipient_id=measured).order_by("-created_at", "-pk").first()
    made.measured = {
        "messages": MEASURED_MESSAGES,
        "unread": MEASURED_UNREAD,
        "detail_id": newest.pk,
        "failed": Notification.objects.filter(email_status=EmailStatus.FAILED).count(),
    }
    return made


def loaded_models() -> list:
    return [User, Notification]
