"""Every window of an activity, computed in one place: sign-up from 报名开始 until 报名截止 (报满即止),
取消报名 until 24 hours before sign-up closes, 请假 from sign-up close until two hours before the
start; and what the page says of it (活动状态, the seats left). Depends on nothing of the app, so
the page model and the services both read it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

CANCEL_BEFORE_CLOSE = datetime.timedelta(hours=24)
LEAVE_BEFORE_START = datetime.timedelta(hours=2)
DATE = "%Y年%m月%d日"


@dataclass(frozen=True)
class Windows:
    """When each thing may be done for one activity; every rule about time reads these."""

    opens: datetime.datetime
    closes: datetime.datetime
    cancel_until: datetime.datetime  # 取消报名 before this
    leave_from: datetime.datetime  # 请假 from this …
    leave_until: datetime.datetime  # … until before this
    starts: datetime.datetime
    ends: datetime.datetime

    def signing_up(self, now) -> bool:
        return self.opens <= now < self.closes

    def cancelling(self, now) -> bool:
        return now < self.cancel_until

    def on_leave(self, now) -> bool:
        return self.leave_from <= now < self.leave_until

    def cancel_deadline_text(self) -> str:
        """The manual's “请您在2016年04月27日之前进行取消报名操作”; with the time when not midnight."""
        local = timezone.localtime(self.cancel_until)
        return local.strftime(DATE) if local.time() == datetime.time(0) else local.strftime(f"{DATE} %H:%M")


def windows(activity) -> Windows:
    return Windows(
        opens=activity.signup_opens,
        closes=activity.signup_closes,
        cancel_until=activity.signup_closes - CANCEL_BEFORE_CLOSE,
        leave_from=activity.signup_closes,
        leave_until=activity.starts_at - LEAVE_BEFORE_START,
        starts=activity.starts_at,
        ends=activity.ends_at,
    )


def _ledger(activity):
    try:
        return activity.ledger
    except ObjectDoesNotExist:
        return None


def taken(activity) -> int:
    """Seats taken, from the ledger (select_related("ledger") to read it with the page)."""
    ledger = _ledger(activity)
    return ledger.taken if ledger is not None else 0


def remaining(activity) -> int:
    return max(0, activity.capacity - taken(activity))


def is_closed(activity) -> bool:
    ledger = _ledger(activity)
    return ledger is not None and ledger.closed_at is not None


def status_label(activity, now=None) -> str:
    """活动状态 as the sign-up page shows it."""
    now = now or timezone.now()
    w = windows(activity)
    if is_closed(activity) or now >= w.ends:
        return "已结束"
    if now >= w.starts:
        return "进行中"
    if now < w.opens:
        return "未开始报名"
    if now >= w.closes:
        return "报名已截止"
    return "报名中" if remaining(activity) else "已报满"
