"""What waits for staff: the admin dashboard's 待办与概况, per role, and the weekly summary e-mail.

Each app adds its queues through the Wagtail hook `register_staff_queues`: a function taking the
staff user and returning StaffQueue rows for what that user may see (nothing for a role he does
not hold). The dashboard and the weekly summary read the same rows, so they never disagree.

    @hooks.register("register_staff_queues")
    def staff_queues(user):
        if not user.has_perm("certificates.view_certificateapplication"):
            return []
        pending = CertificateApplication.objects.filter(state=ApplicationState.PENDING)
        return [StaffQueue.waiting("待审批的电子证明", pending, "submitted_at", url, role=roles.CERTIFICATE_REVIEWERS)]
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from .notifications.tasks import SUBJECT_PREFIX
from .site_url import site_url

HOOK = "register_staff_queues"
OVERVIEW = "概况"  # rows of no role: plain counts (practising lawyers, locked accounts)


@dataclass(frozen=True)
class StaffQueue:
    """One row of 待办与概况: what waits (or, with is_wait False, a plain count), the listing
    filtered to it, and since when its oldest item has waited."""

    label: str
    count: int
    url: str
    role: str = OVERVIEW
    oldest: datetime.datetime | None = None
    is_wait: bool = True

    @classmethod
    def waiting(cls, label, queryset, since_field: str, url: str, role: str) -> "StaffQueue":
        """The count and the oldest `since_field` of `queryset`, in one query."""
        figures = queryset.aggregate(count=Count("pk"), oldest=Min(since_field))
        return cls(label, figures["count"], url, role, figures["oldest"] if figures["count"] else None)

    @classmethod
    def waiting_in(cls, queryset, queues, role: str) -> list["StaffQueue"]:
        """Several queues of one table in one query: `queues` are (label, Q, since_field, url)."""
        figures = queryset.aggregate(
            **{f"count_{i}": Count("pk", filter=condition) for i, (_, condition, _, _) in enumerate(queues)},
            **{f"oldest_{i}": Min(since, filter=condition) for i, (_, condition, since, _) in enumerate(queues)},
        )
        return [
            cls(label, figures[f"count_{i}"], url, role, figures[f"oldest_{i}"] if figures[f"count_{i}"] else None)
            for i, (label, _, _, url) in enumerate(queues)
        ]

    @property
    def waited(self) -> datetime.timedelta | None:
        return timezone.now() - self.oldest if self.oldest else None

    @property
    def waited_words(self) -> str:
        """最久已等待 in words: 3 天 4 小时, 5 小时, 12 分钟."""
        waited = self.waited
        if waited is None:
            return ""
        minutes = max(int(waited.total_seconds() // 60), 0)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        if days:
            return f"{days} 天 {hours} 小时" if hours else f"{days} 天"
        if hours:
            return f"{hours} 小时"
        return f"{minutes} 分钟" if minutes else "不到 1 分钟"


def staff_queues(user) -> list[StaffQueue]:
    """Every queue `user` may see, in the hooks' order."""
    return [queue for fn in hooks.get_hooks(HOOK) for queue in fn(user)]


def by_role(queues: list[StaffQueue]) -> list[tuple[str, list[StaffQueue]]]:
    """The queues grouped by role, in the roles' own order (证明审核, 会员管理, 技术支持, …; a
    role not in that table after them, where its first queue came), 概况 last."""
    from member_center.roles import staff_roles  # the roles' table, kept by member_center

    order = {role: rank for rank, role in enumerate(staff_roles())}
    for queue in queues:
        order.setdefault(queue.role, len(order))
    order[OVERVIEW] = len(order)
    ranked = sorted(queues, key=lambda queue: order[queue.role])  # stable: each role keeps its rows' order
    return [(role, list(rows)) for role, rows in groupby(ranked, key=lambda queue: queue.role)]


# --- the weekly summary ------------------------------------------------------------------------

SUMMARY_TASK = "portal.dashboard.send_weekly_summaries"
SUMMARY_SCHEDULE = "每周待办摘要"
SUBJECT = "每周待办摘要"


def summary_recipients():
    """Staff who asked for the summary (接收每周待办摘要) and have an address: never a member."""
    return (
        get_user_model()
        .objects.filter(is_active=True, weekly_summary=True, firm__isnull=True, lawyer__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )


def summary_for(user) -> tuple[str, str] | None:
    """The summary e-mail's text and HTML for `user`, or None when he holds no queue at all (with
    queues that are all empty he is told so: the mail is also the sign that the job runs)."""
    from .staff import person_name

    queues = [queue for queue in staff_queues(user) if queue.is_wait]
    if not queues:
        return None
    context = {
        "name": person_name(user),
        # What waits, not the empty queues: the mail is read for what needs doing.
        "groups": by_role([queue for queue in queues if queue.count]),
        "site_url": site_url(),
        "generated_at": timezone.now(),
    }
    text = render_to_string("portal/email/weekly_summary.txt", context)
    html = render_to_string("portal/email/weekly_summary.html", context)
    return text, html


def send_weekly_summary(user) -> bool:
    """Mail `user` his summary now; False when there is nothing of his to summarise."""
    summary = summary_for(user)
    if summary is None:
        return False
    text, html = summary
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + SUBJECT,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


def send_weekly_summaries() -> int:
    """The weekly job: one summary to each staff member who asked for it. A failure for one
    address does not stop the others; the job reports how many went out."""
    import logging

    sent = 0
    for user in summary_recipients().iterator():
        try:
            sent += send_weekly_summary(user)
        except Exception:  # one refused address must not cost the others their summary
            logging.getLogger(__name__).exception("weekly summary to user %s failed", user.pk)
    return sent


def next_monday_morning(now=None) -> datetime.datetime:
    """When the schedule first runs: the coming Monday at 08:00 in the portal's time zone."""
    now = timezone.localtime(now or timezone.now())
    days = (7 - now.weekday()) % 7 or 7
    return (now + datetime.timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0)


def ensure_summary_schedule(**kwargs) -> None:
    """post_migrate: the weekly job exists once (its next run is left alone once set)."""
    if "plan" not in kwargs:
        return
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=SUMMARY_SCHEDULE,
        defaults={"func": SUMMARY_TASK, "schedule_type": Schedule.WEEKLY, "next_run": next_monday_morning()},
    )
