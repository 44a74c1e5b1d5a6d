"""django-q2 jobs of 我的公文: telling a document's recipients, in batches (20,000 recipients
are never told inside the request that published the document)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from portal.notifications.services import notify_accounts_in_bulk

from .models import OfficialDocument

BATCH = 1000

MESSAGES = {
    "all": ("新公文：{title}", "您收到一份公文“{number} {title}”，请在我的公文中查阅。"),
    "corrected": ("公文更正：{title}", "公文“{number} {title}”已更正（第{version}版），请在我的公文中重新查阅。"),
    "unread": ("请查阅公文：{title}", "您尚未查阅公文“{number} {title}”，请在我的公文中查阅。"),
    "followers": ("公文有新反馈：{title}", "您关注的公文“{number} {title}”有新的反馈，请在我的公文中查看。"),
}


def notify_recipients(document_id: int, audience: str, after_id: int = 0, exclude_id: int = 0) -> int:
    """One 消息 (and its e-mail) to each recipient with an account: `all` (those added after
    `after_id`), `unread` (not read the current version) or `followers` (but `exclude_id`)."""
    document = OfficialDocument.objects.filter(pk=document_id).select_related("current").first()
    if document is None or document.current is None:
        return 0
    recipients = document.recipients.filter(pk__gt=after_id)
    kind = audience
    if audience == "all" and document.version > 1 and not after_id:
        kind = "corrected"
    elif audience == "unread":
        recipients = recipients.filter(read_version__lt=document.version)
    elif audience == "followers":
        recipients = recipients.filter(following=True).exclude(pk=exclude_id)
    title, body = MESSAGES[kind]
    values = {"number": document.current.number, "title": document.current.title, "version": document.version}
    accounts = get_user_model().objects.filter(is_active=True)
    told, last = 0, 0
    while True:
        batch = list(recipients.filter(pk__gt=last).order_by("pk").values_list("pk", "lawyer_id", "firm_id")[:BATCH])
        if not batch:
            return told
        last = batch[-1][0]
        lawyers = [lawyer for _, lawyer, _ in batch if lawyer]
        firms = [firm for _, _, firm in batch if firm]
        users = accounts.filter(Q(lawyer_id__in=lawyers) | Q(firm_id__in=firms)).only("pk", "email", "notify_by_email")
        with transaction.atomic():
            told += notify_accounts_in_bulk(
                users,
                title=title.format(**values),
                body=body.format(**values),
                url=document.get_absolute_url(),
                event=f"notices.document.{audience}",
            )
