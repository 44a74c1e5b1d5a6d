from django.db.models import Count, Q
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from member_center import roles
from member_center.demo import DEMO_ORDER_PROFILES
from member_center.menu import MemberMenuItem
from member_center.workbench import SearchResult, Shortcut, StatusItem, Todo
from portal.review import ReviewViewSetMixin
from portal.staff import datetime_column, local_time, person_name

from . import admin_views, demo
from .models import OPEN_STATES, WAITING_STATES, CannedReply, Ticket, has_new_reply

GROUP = "技术支持"  # manual 002 §2.2
MENU_LABEL = "工单系统"
DEMO_ORDER_TICKETS = DEMO_ORDER_PROFILES + 100  # after the roster and what the other apps load

# --- the member centre (every member kind: firms, offices, lawyers, trainees) --------------------


@hooks.register("register_member_menu_item")
def ticket_menu_items():
    return [MemberMenuItem(MENU_LABEL, "tickets:list", icon="✆", order=700, group=GROUP)]


def _counts(request) -> dict:
    """{"open": 未关闭, "new": with a reply not yet read}: one query per request, for the to-do and
    the status both."""
    cached = getattr(request, "_ticket_counts", None)
    if cached is None:
        cached = request._ticket_counts = Ticket.objects.of_member(request.member).aggregate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)), new=Count("pk", filter=has_new_reply())
        )
    return cached


def _new_replies(request) -> int:
    return _counts(request)["new"]


@hooks.register("register_member_todos")
def ticket_todos(request):
    count = _new_replies(request)
    if not count:
        return []
    return [Todo("查看工单回复", reverse("tickets:list"), f"您有 {count} 个工单有新回复")]


@hooks.register("register_member_shortcuts")
def ticket_shortcuts(request):
    return [Shortcut("提交新工单", reverse("tickets:create"), icon="✆", order=800)]


@hooks.register("register_member_status")
def ticket_status(request):
    """未关闭 tickets, and those with a reply the member has not read yet."""
    counts = _counts(request)
    still_open, new = counts["open"], counts["new"]
    url = reverse("tickets:list")
    return [
        StatusItem(MENU_LABEL, "未关闭", f"{still_open} 个", url),
        StatusItem(MENU_LABEL, "新回复", f"{new} 个", url, alert=bool(new)),
    ]


SEARCH_LIMIT = 20


@hooks.register("register_member_search")
def ticket_search(request, query):
    """The member's own tickets by 编号 or 问题标题."""
    found = (
        Ticket.objects.of_member(request.member)
        .filter(Q(number__icontains=query) | Q(title__icontains=query))
        .only("pk", "number", "title", "state", "created_at")
        .order_by("-created_at", "-pk")[:SEARCH_LIMIT]
    )
    return [
        SearchResult(
            MENU_LABEL,
            ticket.title,
            ticket.get_absolute_url(),
            f"编号 {ticket.number} · {local_time(ticket.created_at)} 提交 · {ticket.get_state_display()}",
        )
        for ticket in found
    ]


TICKET_PERMISSIONS = [
    "tickets.view_ticket", "tickets.handle_ticket",
    "tickets.view_cannedreply", "tickets.add_cannedreply", "tickets.change_cannedreply",
    "tickets.delete_cannedreply",
]  # fmt: skip


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {roles.TECH_SUPPORT: TICKET_PERMISSIONS, roles.MEMBER_MANAGERS: TICKET_PERMISSIONS}


# --- staff: the admin screens (工单) ------------------------------------------------------------

# Tickets change only through the services (the ticket page's actions, 批量关闭).
register_permission_policy(Ticket, admin_views.TicketPermissionPolicy(Ticket))


class TicketViewSet(ReviewViewSetMixin, SnippetViewSet):
    model = Ticket
    icon = "help"
    menu_label = "工单"
    index_view_class = admin_views.TicketIndexView
    index_template_name = "staff/state_index.html"
    inspect_view_class = admin_views.TicketReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = admin_views.TicketFilterSet
    list_display = [
        "number",
        "title",
        "category",
        Column("member", label="会员", accessor=admin_views.member_name),
        Column("member_kind", label="会员类别", accessor=admin_views.member_kind),
        StatusTagColumn(
            "state",
            label="状态",
            accessor="get_state_display",
            sort_key="state",
            primary=lambda ticket: ticket.state in WAITING_STATES,
        ),
        Column("waiting", label="等待", accessor=admin_views.waiting_label),
        Column(
            "assigned_to",
            label="处理人",
            accessor=lambda ticket: person_name(ticket.assigned_to) if ticket.assigned_to_id else "—",
        ),
        datetime_column("created_at", "提交时间"),
        datetime_column("last_reply_at", "最后回复"),
    ]
    search_fields = ["number", "title"]
    search_backend_name = None
    ordering = None  # the index view's queue order: waiting first, oldest first
    list_export = [
        "number", "title", "category", "member", "member_kind", "licence_no", "state", "assigned_to",
        "created_at", "last_reply_at", "closed_at", "cancelled_at", "context",
    ]  # fmt: skip
    export_headings = {
        "number": "编号",
        "title": "问题标题",
        "category": "问题类别",
        "member": "会员",
        "member_kind": "会员类别",
        "licence_no": "执业证号 / 会员编号",
        "state": "状态",
        "assigned_to": "处理人",
        "created_at": "提交时间",
        "last_reply_at": "最后回复",
        "closed_at": "关闭时间",
        "cancelled_at": "取消时间",
        "context": "来源",
    }
    export_filename = "工单"

    def get_queryset(self, request):
        # One query for the page whatever its length; the description stays in the database.
        return Ticket.objects.select_related("firm", "lawyer", "assigned_to__firm", "assigned_to__lawyer").defer(
            "description"
        )


class CannedReplyViewSet(SnippetViewSet):
    model = CannedReply
    icon = "comment"
    menu_label = "常用回复"
    list_display = ["title", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["title", "body"]
    search_backend_name = None
    ordering = "sort_order"


class TicketAdminGroup(SnippetViewSetGroup):
    menu_label = "工单系统"
    menu_icon = "help"
    menu_order = 197
    items = (TicketViewSet, CannedReplyViewSet)


register_snippet(TicketAdminGroup)

hooks.register("register_bulk_action", admin_views.CloseTicketsBulkAction)
hooks.register("register_staff_queues", admin_views.staff_queues)
hooks.register("register_member_related_records", admin_views.member_related_records)
hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_TICKETS)
