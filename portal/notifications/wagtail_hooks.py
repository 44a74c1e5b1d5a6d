from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from member_center import roles
from member_center.admin_views import ReadOnlyPermissionPolicy
from member_center.menu import TAB_MESSAGES, MemberMenuItem
from member_center.workbench import SearchResult, StatusItem, Todo
from portal.search import any_of
from portal.staff import datetime_column, local_time, person_name

from . import services
from .models import EmailStatus, Notification

# --- the member centre ----------------------------------------------------------------------


@hooks.register("register_member_menu_item")
def notification_menu_items():
    return [
        MemberMenuItem(
            "消息",
            "notifications:list",
            icon="✉",
            order=800,
            badge=services.unread_count_for_request,
            badge_label="条未读",
            tab=TAB_MESSAGES,
        )
    ]


@hooks.register("register_member_todos")
def unread_todo(request):
    count = services.unread_count_for_request(request)
    if not count:
        return []
    return [Todo("未读消息", reverse("notifications:list") + "?show=unread", f"您有 {count} 条未读消息")]


SEARCH_LIMIT = 20


@hooks.register("register_member_status")
def unread_status(request):
    count = services.unread_count_for_request(request)
    return [
        StatusItem("消息", "未读消息", f"{count} 条", reverse("notifications:list") + "?show=unread", alert=bool(count))
    ]


@hooks.register("register_member_search")
def notification_search(request, query):
    """The member's own messages by title."""
    found = (
        request.user.notifications.filter(title__icontains=query)
        .only("pk", "title", "created_at", "read_at")
        .order_by("-created_at", "-pk")[:SEARCH_LIMIT]
    )
    return [
        SearchResult(
            "消息",
            notification.title,
            reverse("notifications:detail", args=[notification.pk]),
            f"{local_time(notification.created_at)}{'' if notification.read_at else ' · 未读'}",
        )
        for notification in found
    ]


# --- staff: 会员管理 → 消息记录 (read only) ------------------------------------------------------

register_permission_policy(Notification, ReadOnlyPermissionPolicy(Notification))


def search_notifications(queryset, query: str):
    """标题, 事件, 邮件地址 or the recipient's username, as Wagtail's search_fields would, but the
    username as an arm of its own (portal.search): an OR across the join reads every message."""
    query = (query or "").strip()
    if not query:
        return queryset
    own = Notification.objects.filter(
        Q(title__icontains=query) | Q(event__icontains=query) | Q(email_to__icontains=query)
    )
    users = get_user_model().objects.filter(username__icontains=query).values("pk")
    return any_of(queryset, own.values("pk"), Notification.objects.filter(recipient__in=users).values("pk"))


class NotificationIndexView(IndexView):
    def search_queryset(self, queryset):
        return search_notifications(queryset, self.search_query)


class NotificationViewSet(ModelViewSet):
    model = Notification
    icon = "mail"
    menu_label = "消息记录"
    index_view_class = NotificationIndexView
    url_prefix = "notifications"
    add_to_admin_menu = True
    # Listed inside the 会员管理 group (member_center.wagtail_hooks.RosterViewSetGroup.submenu_hook).
    menu_hook = "register_roster_menu_item"
    menu_order = 900
    form_fields = ["title"]  # never shown: the policy allows viewing only
    list_display = [
        Column("recipient", label="接收人", accessor=lambda n: person_name(n.recipient)),
        "title",
        "event",
        datetime_column("created_at", "发送时间"),
        Column("read_at", label="阅读", accessor=lambda n: local_time(n.read_at) or "未读", sort_key="read_at"),
        StatusTagColumn(
            "email_status",
            label="邮件状态",
            accessor="get_email_status_display",
            sort_key="email_status",
            primary=lambda n: n.email_status == EmailStatus.FAILED,
        ),
    ]
    list_filter = ["email_status"]
    search_fields = ["title", "event", "recipient__username", "email_to"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs):
        # The index view takes its queryset as an argument (Wagtail 8): person_name reads the
        # recipient's firm or lawyer, selected with the row.
        kwargs.setdefault(
            "queryset", Notification.objects.select_related("recipient__firm", "recipient__lawyer").defer("body")
        )
        return super().get_index_view_kwargs(**kwargs)


@hooks.register("register_admin_viewset")
def register_notification_viewset():
    return NotificationViewSet()


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {roles.MEMBER_MANAGERS: ["notifications.view_notification"]}
