"""The notification layer's public API, for the workflow of every app.

Call `notify()` inside the transaction of the state change it reports: the message is written
with it (and rolled back with it), and the e-mail copy is enqueued only once that transaction
commits (portal.tasks.enqueue_on_commit).

    from portal.notifications.services import notify

    notify(application.firm, title="证明申请已通过", body="…", url=application.get_absolute_url(),
           event="certificates.application.approve")
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils import timezone

from member_center.models import Firm, Lawyer
from member_center.roster import account_of
from portal.site_url import request_site_url
from portal.tasks import enqueue_on_commit

from .models import EmailStatus, Notification

SEND_EMAIL_TASK = "portal.notifications.tasks.send_notification_email"


def _account(recipient):
    """The User to write to: the recipient itself, or a member's account (None before the
    member's first login, when the account does not exist yet)."""
    if isinstance(recipient, get_user_model()):
        return recipient
    if isinstance(recipient, Firm | Lawyer):
        return account_of(recipient)
    raise TypeError(f"notify() takes a user or a member (Firm, Lawyer), not {type(recipient).__name__}")


def notify(recipient: Model, *, title: str, body: str, url: str = "", event: str = "") -> Notification | None:
    """Write one message to `recipient` (a User, or a Firm / Lawyer of the roster) and, when the
    account wants e-mail (接收邮件通知) and has an address, mail a copy after the commit.

    Returns the Notification, or None when the member has no account yet."""
    user = _account(recipient)
    if user is None:
        return None
    email_to = (user.email or "").strip() if user.notify_by_email else ""
    notification = Notification.objects.create(
        recipient=user,
        title=title,
        body=body,
        url=url,
        event=event,
        email_to=email_to,
        email_status=EmailStatus.PENDING if email_to else EmailStatus.NONE,
    )
    if email_to:
        enqueue_on_commit(SEND_EMAIL_TASK, notification.pk, request_site_url())
    return notification


def notify_many(
    recipients: Iterable[Model], *, title: str, body: str, url: str = "", event: str = ""
) -> list[Notification]:
    """notify() each recipient; members without an account are skipped. Pass members with
    select_related("account") to look their accounts up in the same query."""
    sent = (notify(recipient, title=title, body=body, url=url, event=event) for recipient in recipients)
    return [notification for notification in sent if notification is not None]


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    """Every unread message of `user` read now; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_count_for_request(request) -> int:
    """unread_count() of the logged-in user, counted once per request (the top bar, the menu
    badge and the workbench all ask)."""
    cached = getattr(request, "_unread_notifications", None)
    if cached is None:
        cached = request._unread_notifications = unread_count(request.user)
    return cached


def notify_accounts_in_bulk(users, *, title: str, body: str, url: str = "", event: str = "") -> int:
    """One message to each of `users` (accounts) in one insert, for a job telling thousands at
    once (a 公文's recipients); the e-mail copies are enqueued after the commit, as notify()'s.
    Returns how many were written."""
    rows = []
    for user in users:
        email_to = (user.email or "").strip() if user.notify_by_email else ""
        rows.append(
            Notification(
                recipient=user,
                title=title,
                body=body,
                url=url,
                event=event,
                email_to=email_to,
                email_status=EmailStatus.PENDING if email_to else EmailStatus.NONE,
            )
        )
    created = Notification.objects.bulk_create(rows)
    base_url = request_site_url()
    for notification in created:
        if notification.email_to:
            enqueue_on_commit(SEND_EMAIL_TASK, notification.pk, base_url)
    return len(created)
