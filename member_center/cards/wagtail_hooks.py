from django.db.models import Q
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from member_center import roles
from member_center.menu import MemberMenuItem
from member_center.models import MemberKind
from member_center.workbench import SearchResult, Shortcut, StatusItem, Todo
from portal.review import ReviewViewSetMixin
from portal.staff import ActOnlyPermissionPolicy, datetime_column, local_time

from . import admin_views, demo, services
from .models import OPEN_STATES, ApplicationState, CardApplication, CardBatch, CardStatus

GROUP = "会员服务"
LAWYERS = frozenset({MemberKind.LAWYER})
DEMO_ORDER_CARDS = 600  # after the roster (200) and profiles (400), beside tickets (500)

# --- the member centre (practising lawyers) -----------------------------------------------------------


@hooks.register("register_member_menu_item")
def card_menu_items():
    return [
        MemberMenuItem("申请会员卡", "cards:list", icon="▭", order=600, kinds=LAWYERS, group=GROUP),
        MemberMenuItem("会员卡管理", "cards:cards", icon="▣", order=601, kinds=LAWYERS, group=GROUP),
    ]


def _served(request) -> bool:
    return services.serves(request.member)


@hooks.register("register_member_todos")
def card_todos(request):
    if not _served(request):
        return []
    made = request.member.card_applications.filter(state__in=[ApplicationState.MADE, ApplicationState.CHECKED]).first()
    if made is not None:
        return [
            Todo(
                "领取会员卡",
                reverse("cards:list"),
                f"您的会员卡已制作完成，请于{made.pickup_time}到{made.pickup_place}领取",
            )
        ]
    return []


@hooks.register("register_member_shortcuts")
def card_shortcuts(request):
    if not _served(request):
        return []
    return [Shortcut("申请会员卡", reverse("cards:list"), icon="▭", order=600)]


@hooks.register("register_member_status")
def card_status(request):
    if not _served(request):
        return []
    lawyer = request.member
    current = lawyer.card_applications.order_by("-created_at", "-pk").first()
    card = lawyer.member_cards.filter(status__in=[CardStatus.ACTIVE, CardStatus.LOST]).first()
    items = []
    if current is not None:
        rejected = current.state == ApplicationState.REJECTED
        items.append(
            StatusItem(
                "会员卡", current.get_kind_display(), current.get_state_display(), reverse("cards:list"),
                detail=f"驳回理由：{current.reject_reason}" if rejected else "", alert=rejected,
            )
        )  # fmt: skip
    if card is not None:
        items.append(
            StatusItem("会员卡", f"会员卡 {card.number}", card.get_status_display(), reverse("cards:cards"),
                       alert=card.status == CardStatus.LOST)
        )  # fmt: skip
    return items


SEARCH_LIMIT = 20


@hooks.register("register_member_search")
def card_search(request, query):
    """The lawyer's own applications by 申请编号 or 卡号, and his cards by 卡号."""
    if not _served(request):
        return []
    lawyer = request.member
    applications = (
        lawyer.card_applications.filter(Q(number__icontains=query) | Q(card_number__icontains=query))
        .only("pk", "number", "kind", "state", "created_at", "lawyer_id")
        .order_by("-created_at", "-pk")[:SEARCH_LIMIT]
    )
    cards = lawyer.member_cards.filter(number__icontains=query).order_by("-issued_on", "-pk")[:SEARCH_LIMIT]
    return [
        SearchResult(
            "会员卡", a.get_kind_display(), reverse("cards:list"),
            f"申请编号 {a.number} · {local_time(a.created_at)} 申请 · {a.get_state_display()}",
        )
        for a in applications
    ] + [
        SearchResult("会员卡", f"会员卡 {card.number}", reverse("cards:cards"), f"发卡日期 {card.issued_on:%Y-%m-%d} · {card.get_status_display()}")
        for card in cards
    ]  # fmt: skip


CARD_PERMISSIONS = [
    "cards.view_cardapplication", "cards.handle_cardapplication", "cards.view_membercard",
    "cards.view_cardbatch",
]  # fmt: skip


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {roles.MEMBER_MANAGERS: CARD_PERMISSIONS}


# --- staff: the admin screens (会员卡) ------------------------------------------------------------

register_permission_policy(CardApplication, admin_views.CardPermissionPolicy(CardApplication))


class ViewOnlyPolicy(ActOnlyPermissionPolicy):
    """Batches are made by 制卡导出 only; staff look at them and download their files."""

    acting = ("view", "view")


register_permission_policy(CardBatch, ViewOnlyPolicy(CardBatch))


class ApplicationViewSet(ReviewViewSetMixin, SnippetViewSet):
    model = CardApplication
    icon = "user"
    menu_label = "会员卡申请"
    index_view_class = admin_views.ApplicationIndexView
    index_template_name = "staff/state_index.html"
    inspect_view_class = admin_views.ApplicationReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = admin_views.ApplicationFilterSet
    list_display = [
        "number",
        "name",
        "licence_no",
        "firm_name",
        "kind",
        StatusTagColumn(
            "state", label="状态", accessor="get_state_display", sort_key="state",
            primary=lambda a: a.state in OPEN_STATES,
        ),
        Column("card_number", label="卡号", accessor=lambda a: a.card_number or "—"),
        datetime_column("created_at", "申请时间"),
    ]  # fmt: skip
    search_fields = ["name", "licence_no"]
    search_backend_name = None
    ordering = None
    list_export = ["number", "name", "licence_no", "firm_name", "kind", "state", "card_number", "batch", "created_at"]
    export_headings = {
        "number": "申请编号", "name": "姓名", "licence_no": "执业证号", "firm_name": "执业机构", "kind": "类型",
        "state": "状态", "card_number": "卡号", "batch": "制卡批次", "created_at": "申请时间",
    }  # fmt: skip
    export_filename = "会员卡申请"

    def get_queryset(self, request):
        return CardApplication.objects.select_related("batch").defer("address", "phone", "mobile", "postcode")


class BatchViewSet(SnippetViewSet):
    model = CardBatch
    icon = "download"
    menu_label = "制卡批次"
    copy_view_enabled = False
    list_display = [
        "number",
        "size",
        datetime_column("created_at", "导出时间"),
        TitleColumn(
            "applications", label="本批申请",
            accessor=lambda b: "查看并批量办理",
            get_url=lambda b: f"{reverse(CardApplication.snippet_viewset.get_url_name('list'))}?batch={b.pk}",
        ),
        TitleColumn(
            "download", label="下载",
            accessor=lambda b: "下载制卡文件", get_url=lambda b: reverse("cards_admin:download_batch", args=[b.pk]),
        ),
    ]  # fmt: skip
    ordering = "-created_at"


class CardAdminGroup(SnippetViewSetGroup):
    menu_label = "会员卡"
    menu_icon = "user"
    menu_order = 196
    items = (ApplicationViewSet, BatchViewSet)


register_snippet(CardAdminGroup)


@hooks.register("register_admin_urls")
def card_admin_urls():
    patterns = [
        path("export/", admin_views.export_batch, name="export_batch"),
        path("batches/<int:pk>/download/", admin_views.download_batch, name="download_batch"),
    ]
    return [path("cards/", include((patterns, "cards_admin")))]


for action in admin_views.BULK_ACTIONS:
    hooks.register("register_bulk_action", action)
hooks.register("register_staff_queues", admin_views.staff_queues)
hooks.register("register_member_related_records", admin_views.member_related_records)
hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_CARDS)
