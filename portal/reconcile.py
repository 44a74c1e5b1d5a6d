"""Queue again what a lost job left undone.

A job can be lost between the request and the worker: the broker was down when it was queued
(portal.tasks.enqueue logs and carries on), a `cache.clear()` on a shared Redis database, or a
worker killed mid-render. The rows say what is still to do, so every ten minutes (a django-q2
schedule) and on demand (`manage.py reconcile_jobs`) each app's reconciler queues it again.
Apps register theirs with the `register_job_reconcilers` hook: a function taking the cut-off
time (only what has waited longer than that is touched) and returning {what: how many}.
"""

import datetime

from django.utils import timezone
from wagtail import hooks

from .tasks import enqueue

SCHEDULE_NAME = "portal-reconcile-jobs"
SCHEDULE_TASK = "portal.reconcile.run"
HEARTBEAT_NAME = "portal-worker-heartbeat"
HEARTBEAT_TASK = "portal.health.heartbeat"
# Longer than the mail retries (a minute, then ten) and a slow PDF: anything older is lost.
STUCK_AFTER = datetime.timedelta(minutes=30)


def reconcile(stuck_after: datetime.timedelta = STUCK_AFTER) -> dict[str, int]:
    cutoff = timezone.now() - stuck_after
    counts: dict[str, int] = {}
    for fn in [notification_emails, *hooks.get_hooks("register_job_reconcilers")]:
        counts.update(fn(cutoff))
    return counts


def run() -> dict[str, int]:
    """The scheduled job."""
    return reconcile()


def notification_emails(cutoff) -> dict[str, int]:
    from .notifications.models import EmailStatus, Notification
    from .notifications.services import SEND_EMAIL_TASK

    stuck = Notification.objects.filter(
        email_status__in=(EmailStatus.PENDING, EmailStatus.SENDING), created_at__lt=cutoff
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(stuck):  # a list: the database broker closes the connection per job
        enqueue(SEND_EMAIL_TASK, pk)
        count += 1
    return {"消息邮件": count}


def ensure_schedules(**kwargs) -> None:
    """The periodic jobs every deployment needs, kept in step after each migrate."""
    if "plan" not in kwargs:
        return
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME, defaults={"func": SCHEDULE_TASK, "schedule_type": Schedule.MINUTES, "minutes": 10}
    )
    Schedule.objects.update_or_create(
        name=HEARTBEAT_NAME, defaults={"func": HEARTBEAT_TASK, "schedule_type": Schedule.MINUTES, "minutes": 1}
    )
