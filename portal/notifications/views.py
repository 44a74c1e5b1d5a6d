"""The member centre's 消息 pages: the list (全部 / 未读), one message, 全部标为已读."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from member_center.decorators import member_required
from portal.membercopies import kept_for_member

from . import services

PAGE_SIZE = 20
# recipient: the related manager sets it on each row from the deferred column otherwise.
LIST_FIELDS = ("id", "recipient", "title", "body", "created_at", "read_at")


@kept_for_member
@member_required
def notification_list(request):
    show_unread = request.GET.get("show") == "unread"
    notifications = request.user.notifications.only(*LIST_FIELDS).order_by("-created_at", "-pk")
    if show_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "show_unread": show_unread, "unread": services.unread_count_for_request(request)},
    )


@kept_for_member
@member_required
def notification_detail(request, pk):
    # Through the user's own messages: anyone else's id is a 404.
    notification = get_object_or_404(request.user.notifications, pk=pk)
    services.mark_read(notification)
    return render(request, "notifications/notification_detail.html", {"notification": notification})


@require_POST
@member_required
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:list")
