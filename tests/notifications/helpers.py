import datetime

from django.utils import timezone

from portal.notifications.models import Notification

LIST_URL = "/member/messages/"


def message(user, title="证明申请已通过", minutes_ago=0, read=False, **fields):
    """A message to `user`, created `minutes_ago` (so the order of several is certain)."""
    notification = Notification.objects.create(
        recipient=user,
        title=title,
        body=fields.pop("body", "您申请的《无违法违纪证明》已审核通过，可在“我的证明”中下载。"),
        **fields,
    )
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Notification.objects.filter(pk=notification.pk).update(created_at=created, read_at=created if read else None)
    notification.refresh_from_db()
    return notification


def detail_url(notification) -> str:
    return f"{LIST_URL}{notification.pk}/"
