"""django-q2 jobs of 我的公文: telling a document's recipients, in batches (20,000 recipients
are never told inside the request that published the document)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from portal.notifications.services import notify_accounts_in_bulk

from .models import OfficialDocument, Recipient

BATCH = 1000

MESSAGES = {
    "all": ("新公文：{title}", "您收到一份公文“{number} {title}”，请在我的公文中查阅。"),
    "corrected": ("公文更正：{title}", "公文“{number} {title}”已更正（第{version}版），请在我的公文中重新查阅。"),
    "unread": ("请查阅公文：{title}", "您尚未查阅公文“{number} {title}”，请在我的公文中查阅。"),
    "followers": ("公文有新反馈：{title}", "您关注的公文“{number} {title}”有新的反馈，请在我的公文中查看。"),
}


def notify_recipients(document_id: int, audience: str, after_id: int = 0, exclude_id: int = 0) -> int:
    """One 消息 (and its e-mail) to each recipient with an account: `all` (every recipient not yet
    told of the current version: 新公文 to those told of none, 公文更正 to those told of an
    earlier one), `unread` (not read the current version) or `followers` (but `exclude_id`).

    `all` marks each recipient told (`told_version`) in the transaction that writes its 消息, so
    the job can run again, from reconcile_jobs after a lost job, and tells nobody twice;
    `after_id` is kept for jobs queued before that and changes nothing now."""
    document = OfficialDocument.objects.filter(pk=document_id).select_related("current").first()
    if document is None or document.current is None:
        return 0
    if audience == "all":
        untold = document.recipients.filter(told_version__lt=document.version)
        return _tell(document, "all", untold.filter(told_version=0)) + _tell(
            document, "corrected", untold.filter(told_version__gt=0)
        )
    recipients = document.recipients.all()
    if audience == "unread":
        recipients = recipients.filter(read_version__lt=document.version)
    elif audience == "followers":
        recipients = recipients.filter(following=True).exclude(pk=exclude_id)
    return _tell(document, audience, recipients)


def _tell(document: OfficialDocument, kind: str, recipients) -> int:
    title, body = MESSAGES[kind]
    values = {"number": document.current.number, "title": document.current.title, "version": document.version}
    accounts = get_user_model().objects.filter(is_active=True)
    marks = kind in ("all", "corrected")
    told, last = 0, 0
    while True:
        with transaction.atomic():
            rows = recipients.filter(pk__gt=last).order_by("pk")
            if marks:  # a second job at once (reconcile_jobs) takes other rows, never the same
                rows = rows.select_for_update(skip_locked=True)
            batch = list(rows.values_list("pk", "lawyer_id", "firm_id")[:BATCH])
            if not batch:
                return told
            last = batch[-1][0]
            lawyers = [lawyer for _, lawyer, _ in batch if lawyer]
            firms = [firm for _, _, firm in batch if firm]
            users = accounts.filter(Q(lawyer_id__in=lawyers) | Q(firm_id__in=firms)).only(
                "pk", "email", "notify_by_email"
            )
            told += notify_accounts_in_bulk(
                users,
                title=title.format(**values),
                body=body.format(**values),
                url=document.get_absolute_url(),
                event=f"notices.document.{'all' if marks else kind}",
            )
            if marks:
                Recipient.objects.filter(pk__in=[pk for pk, _, _ in batch]).update(told_version=document.version)
