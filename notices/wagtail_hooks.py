from django.db.models import F, Prefetch, Q
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from member_center import member_chooser, roles
from member_center.menu import MemberMenuItem
from member_center.workbench import SearchResult, StatusItem, Todo
from portal import pagecache
from portal.pages import public
from portal.review import ReviewViewSetMixin
from portal.staff import datetime_column

from . import admin_views, demo, services
from .forms import DocumentAdminForm
from .models import DocumentState, NewsPage, NoticePage, OfficialDocument, ReadReceipt, Recipient

LATEST_ON_HOME_PAGE = 6
LATEST_ON_MEMBER_DASHBOARD = 5


@hooks.register("construct_home_page_context")
def latest_articles(request, context):
    # The same for every visitor until a page is published, unpublished or moved (portal.pagecache);
    # their addresses are worked out on each request ({% pageurl %}).
    def newest(model):
        return lambda: list(public(model.objects.live()).order_by("-date", "-pk")[:LATEST_ON_HOME_PAGE])

    context["latest_news"] = pagecache.kept(request, "notices.home.news", newest(NewsPage))
    context["latest_notices"] = pagecache.kept(request, "notices.home.notices", newest(NoticePage))


@hooks.register("construct_member_dashboard_context")
def latest_notices(request, context):
    # The same for every member until a page is published or unpublished (portal.pagecache).
    def newest():
        pages = public(NoticePage.objects.live()).order_by("-date", "-pk")[:LATEST_ON_MEMBER_DASHBOARD]
        return [{"title": page.title, "date": page.date, "url": page.get_url(request)} for page in pages]

    context["notices"] = pagecache.kept(request, f"notices.dashboard:{request.get_host()}", newest)


# --- 我的公文 (manual 002 §4.3) ----------------------------------------------------------------


DOCUMENTS_LABEL = "我的公文"
DOCUMENTS_GROUP = "业务管理"  # manual 002 §4
DOCUMENT_MANAGERS = roles.DOCUMENT_MANAGERS


def _unread(request) -> int:
    cached = getattr(request, "_documents_unread", None)
    if cached is None:
        cached = request._documents_unread = (
            services.documents_of(request.member).filter(read_version__lt=F("document__version")).count()
        )
    return cached


@hooks.register("register_member_menu_item")
def document_menu_items():
    return [
        MemberMenuItem(
            DOCUMENTS_LABEL, "documents:list", icon="✉", order=520, group=DOCUMENTS_GROUP,
            badge=_unread, badge_label="份未读",
        )
    ]  # fmt: skip


@hooks.register("register_member_todos")
def document_todos(request):
    count = _unread(request)
    if not count:
        return []
    return [Todo("查阅公文", reverse("documents:list") + "?read=unread", f"您有 {count} 份公文未读")]


@hooks.register("register_member_status")
def document_status(request):
    count = _unread(request)
    url = reverse("documents:list") + "?read=unread"
    return [StatusItem(DOCUMENTS_LABEL, "未读", f"{count} 份", url, alert=bool(count))]


SEARCH_LIMIT = 20


@hooks.register("register_member_search")
def document_search(request, query):
    """The member's own 公文 by 公文编号 or 公文标题."""
    found = services.documents_of(request.member).filter(
        Q(document__current__number__icontains=query) | Q(document__current__title__icontains=query)
    )[:SEARCH_LIMIT]
    return [
        SearchResult(
            DOCUMENTS_LABEL,
            receipt.document.current.title,
            reverse("documents:detail", args=[receipt.document_id]),
            f"公文编号 {receipt.document.current.number} · {receipt.document.current.issuer} · "
            + ("已阅" if receipt.has_read else "未读"),
        )
        for receipt in found
    ]


@hooks.register("construct_member_dashboard_context")
def unread_documents(request, context):
    context["unread_documents"] = _unread(request)


DOCUMENT_PERMISSIONS = [
    "notices.view_officialdocument", "notices.add_officialdocument", "notices.change_officialdocument",
    "notices.publish_officialdocument", "notices.view_recipient",
]  # fmt: skip


@hooks.register("register_staff_role_permissions")
def document_role_permissions():
    return {DOCUMENT_MANAGERS: DOCUMENT_PERMISSIONS}


# --- staff: 公文管理 ------------------------------------------------------------------------------

register_permission_policy(Recipient, admin_views.ReceiptPermissionPolicy(Recipient))


class DocumentViewSet(ReviewViewSetMixin, SnippetViewSet):
    model = OfficialDocument
    icon = "doc-full"
    menu_label = "公文"
    index_view_class = admin_views.DocumentIndexView
    inspect_view_class = admin_views.DocumentReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = admin_views.DocumentFilterSet
    list_display = [
        "number",
        "title",
        "issuer",
        "received_on",
        Column("secrecy", label="保密等级", accessor="get_secrecy_display"),
        StatusTagColumn(
            "state", label="状态", accessor="get_state_display", sort_key="state",
            primary=lambda d: d.state == DocumentState.DRAFT,
        ),
        Column("version", label="版本"),
        Column("recipient_count", label="传阅人数"),
        datetime_column("published_at", "发布时间"),
    ]  # fmt: skip
    search_fields = ["number", "title", "issuer"]
    search_backend_name = None
    edit_handler = ObjectList(OfficialDocument.panels, base_form_class=DocumentAdminForm)
    list_export = ["number", "title", "issuer", "received_on", "issued_on", "secrecy", "keywords", "state",
                   "version", "recipient_count", "published_at"]  # fmt: skip
    export_filename = "公文"

    def get_queryset(self, request):
        return OfficialDocument.objects.defer("body")


class ReceiptViewSet(SnippetViewSet):
    model = Recipient
    icon = "group"
    menu_label = "传阅情况"
    index_view_class = admin_views.ReceiptIndexView
    filterset_class = admin_views.ReceiptFilterSet
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        Column("document", label="公文", accessor=lambda r: f"{r.document.number} {r.document.title}"),
        "name",
        "login_name",
        StatusTagColumn("read", label="阅读情况", accessor=admin_views.read_label, primary=lambda r: not r.has_read),
        Column("history", label="阅读记录（版本及时间）", accessor=admin_views.read_history),
        Column("following", label="关注", accessor=lambda r: "是" if r.following else "否"),
        datetime_column("added_at", "传阅时间"),
    ]
    search_fields = ["name", "login_name"]
    search_backend_name = None
    # The export adds a column per version (第N版阅读时间): see ReceiptIndexView.
    list_export = ["document", "title", "name", "login_name", "member_kind", "current_version", "read",
                   "read_version", "read_at", "following", "added_at"]  # fmt: skip
    export_headings = {"document": "公文编号", "title": "公文标题", "current_version": "当前版本", "name": "姓名 / 名称",
                       "login_name": "执业证号 / 执业许可证号", "member_kind": "会员类别", "read": "阅读情况",
                       "read_version": "已阅最新版本", "read_at": "最近阅读时间", "following": "关注",
                       "added_at": "传阅时间"}  # fmt: skip
    export_filename = "传阅情况"
    ordering = ["pk"]

    def get_queryset(self, request):
        # One query for the page's (or an export chunk's) receipts, however many recipients.
        receipts = Prefetch("receipts", queryset=ReadReceipt.objects.only("recipient_id", "version", "read_at"))
        return (
            Recipient.objects.select_related("document")
            .only(
                "pk", "name", "login_name", "read_version", "read_at", "following", "added_at", "firm_id",
                "lawyer_id", "document__number", "document__title", "document__version",
            )
            .prefetch_related(receipts)
        )  # fmt: skip


class DocumentAdminGroup(SnippetViewSetGroup):
    menu_label = "公文管理"
    menu_icon = "doc-full"
    menu_order = 196
    items = (DocumentViewSet, ReceiptViewSet)


register_snippet(DocumentAdminGroup)


@hooks.register("register_admin_viewset")
def member_choosers():
    # 传阅给's 选择律师 / 选择律师事务所 (member_center.member_chooser, shared with any app).
    return [member_chooser.lawyer_chooser_viewset, member_chooser.firm_chooser_viewset]


hooks.register("register_staff_queues", admin_views.staff_queues)
# A 公文's 消息 job lost (broker down, worker killed): queued again for those still untold.
hooks.register("register_job_reconcilers", services.reconcile_jobs)
hooks.register("register_member_related_records", admin_views.member_related_records)
hooks.register("register_demo_data", demo.load_demo, order=demo.DEMO_ORDER)
