"""django-q2 job: mail the copy of a message, retrying on failure (like the certificates'
发送邮箱: two retries scheduled a minute and ten minutes later, then 发送失败)."""

import logging

from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone

from portal.site_url import serving, site_url
from portal.tasks import retry_later

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "【律师协会】"


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}{path}"


def email_body(notification: Notification) -> str:
    link = absolute_url(notification.url or notification.get_absolute_url())
    return f"{notification.body}\n\n查看详情：{link}\n\n（本邮件由系统自动发送，请勿直接回复。）\n"


def send_notification_email(notification_id: int, base_url: str = "") -> None:
    """`base_url`: the address the notice arose on, for the link (portal.site_url)."""
    with serving(base_url):
        _send_notification_email(notification_id, base_url)


def _send_notification_email(notification_id: int, base_url: str) -> None:
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.email_status not in (EmailStatus.PENDING, EmailStatus.SENDING):
        return  # gone, sent already, given up, or never meant to be mailed
    # Claim the attempt: a job queued twice (portal.reconcile re-queues what looks stuck) sends once.
    claimed = Notification.objects.filter(
        pk=notification.pk, email_attempts=notification.email_attempts, email_status=notification.email_status
    ).update(email_attempts=F("email_attempts") + 1)
    if not claimed:
        return
    notification.email_attempts += 1
    try:
        EmailMessage(
            subject=SUBJECT_PREFIX + notification.title,
            body=email_body(notification),
            to=[notification.email_to],
        ).send()
    except Exception as error:  # any failure is recorded and retried, never dropped
        logger.warning(
            "notification e-mail %s failed (attempt %s): %s",
            notification.pk,
            notification.email_attempts,
            type(error).__name__,
        )
        notification.email_error = str(error)[:300] or type(error).__name__
        if notification.email_attempts < Notification.MAX_EMAIL_ATTEMPTS:
            notification.email_status = EmailStatus.SENDING
            notification.save(update_fields=["email_attempts", "email_error", "email_status"])
            retry_later(
                "portal.notifications.tasks.send_notification_email",
                notification.pk,
                notification.email_attempts,
                "notification-email",
                base_url,
            )
        else:
            notification.email_status = EmailStatus.FAILED
            notification.save(update_fields=["email_attempts", "email_error", "email_status"])
        return
    notification.email_status = EmailStatus.SENT
    notification.email_sent_at = timezone.now()
    notification.email_error = ""
    notification.save(update_fields=["email_attempts", "email_status", "email_sent_at", "email_error"])
