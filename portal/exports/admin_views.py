"""Staff screens of 后台导出 and of a staff user's own 消息: 我的导出 (the user's exports, their
state and download), the download itself (the user who asked, no one else), 我的消息 and one
message (read when opened). Staff accounts are not members: /member/ is not theirs."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from portal.notifications import services as notifications
from portal.storage import private_file_response

from . import services
from .models import ExportFormat, ExportState

PAGE_SIZE = 30
CONTENT_TYPES = {
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}


def my_exports(request):
    exports = request.user.staff_exports.order_by("-created_at", "-pk")
    page = Paginator(exports, PAGE_SIZE).get_page(request.GET.get("page"))
    for export in page:
        export.expired = services.is_expired(export)
    context = {
        "page_title": "我的导出",
        "page": page,
        "keep_days": services.KEEP_FOR.days,
        "inline_limit": settings.EXPORT_INLINE_LIMIT,
    }
    return TemplateResponse(request, "exports/admin/my_exports.html", context)


def download(request, pk):
    # Through the user's own exports: anyone else's is a 404 by construction.
    export = get_object_or_404(request.user.staff_exports, pk=pk)
    if services.is_expired(export):
        context = {"page_title": "导出文件已过期", "export": export, "keep_days": services.KEEP_FOR.days}
        return TemplateResponse(request, "exports/admin/expired.html", context, status=410)
    if export.state != ExportState.DONE:
        context = {"page_title": "导出文件尚未生成", "export": export}
        return TemplateResponse(request, "exports/admin/not_ready.html", context)
    response = private_file_response(
        export.file, CONTENT_TYPES[export.format], filename=export.full_filename, inline=False
    )
    services.downloaded(export, request.user)
    return response


def my_messages(request):
    show_unread = request.GET.get("show") == "unread"
    found = request.user.notifications.only("id", "recipient", "title", "body", "created_at", "read_at")
    if show_unread:
        found = found.filter(read_at__isnull=True)
    page = Paginator(found.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_title": "我的消息",
        "page": page,
        "show_unread": show_unread,
        "unread": notifications.unread_count(request.user),
    }
    return TemplateResponse(request, "exports/admin/my_messages.html", context)


def message(request, pk):
    notification = get_object_or_404(request.user.notifications, pk=pk)
    notifications.mark_read(notification)
    context = {"page_title": notification.title, "notification": notification}
    return TemplateResponse(request, "exports/admin/message.html", context)


@require_POST
def mark_all_read(request):
    count = notifications.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("exports:messages")
