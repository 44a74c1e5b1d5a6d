from django.db.models import Count, Q
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from member_center import roles
from member_center.demo import DEMO_ORDER_CERTIFICATES
from member_center.menu import MemberMenuItem
from member_center.models import MemberKind
from member_center.workbench import SearchResult, Shortcut, StatusItem
from portal.review import ReviewViewSetMixin
from portal.staff import datetime_column, local_time

from . import admin_views, demo, services
from .models import AdditionState, ApplicationState, CertificateApplication, CertificateType, LawyerAdditionRequest

CERTIFICATE_KINDS = frozenset({MemberKind.LAW_FIRM, MemberKind.LAWYER})
GROUP = "电子证明"


@hooks.register("register_member_menu_item")
def certificate_menu_items():
    return [
        MemberMenuItem("我要申请", "certificates:apply", icon="✎", order=10, kinds=CERTIFICATE_KINDS, group=GROUP),
        # 我的申请: the mobile manual's name for the list (manual 001 §2.2).
        MemberMenuItem(
            "我的证明",
            "certificates:list",
            icon="▤",
            order=20,
            kinds=CERTIFICATE_KINDS,
            group=GROUP,
            phone_label="我的申请",
        ),
        MemberMenuItem(
            "律师列表",
            "certificates:lawyer_list",
            icon="☰",
            order=30,
            kinds=frozenset({MemberKind.LAW_FIRM}),
            group=GROUP,
        ),
    ]


SEARCH_LIMIT = 20
DATE = "%Y年%m月%d日"


@hooks.register("register_member_shortcuts")
def certificate_shortcuts(request):
    if request.member.kind not in CERTIFICATE_KINDS:
        return []
    return [Shortcut("我要申请", reverse("certificates:apply"), icon="✎", order=10)]


@hooks.register("register_member_status")
def certificate_status(request):
    """证明 待审批 / 已驳回, each linking to 我的证明 filtered by 申请状态 / 审核结果."""
    if request.member.kind not in CERTIFICATE_KINDS:
        return []
    counts = CertificateApplication.objects.of_member(request.member).aggregate(
        pending=Count("pk", filter=Q(state=ApplicationState.PENDING)),
        rejected=Count("pk", filter=Q(state=ApplicationState.REJECTED)),
    )
    url = reverse("certificates:list")
    return [
        StatusItem(GROUP, "待审批", f"{counts['pending']} 件", f"{url}?status=pending"),
        StatusItem(
            GROUP,
            "已驳回",
            f"{counts['rejected']} 件",
            f"{url}?result=rejected",
            alert=bool(counts["rejected"]),
        ),
    ]


@hooks.register("register_member_search")
def certificate_search(request, query):
    """The member's own applications by 编号, 验证码 or 证明类型."""
    if request.member.kind not in CERTIFICATE_KINDS:
        return []
    applications = (
        CertificateApplication.objects.of_member(request.member)
        .filter(
            Q(number__icontains=query) | Q(verification_code__iexact=query) | Q(certificate_type__name__icontains=query)
        )
        .select_related("certificate_type")
        .only("number", "state", "submitted_at", "snapshot", "certificate_type__name")
        .order_by("-submitted_at", "-pk")[:SEARCH_LIMIT]
    )
    return [
        SearchResult(
            GROUP,
            application.type_name,
            application.get_absolute_url(),
            f"编号 {application.number} · {local_time(application.submitted_at, DATE)}申请 · {application.get_state_display()}",
        )
        for application in applications
    ]


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {
        roles.CONTENT_EDITORS: [
            "certificates.view_certificatetype", "certificates.add_certificatetype",
            "certificates.change_certificatetype", "certificates.change_certificatesettings",
        ],
        roles.CERTIFICATE_REVIEWERS: [
            "certificates.view_certificateapplication", "certificates.review_certificateapplication",
            # 审核方式 is theirs: the type's form shows it only with set_review_mode.
            "certificates.view_certificatetype", "certificates.change_certificatetype", "certificates.set_review_mode",
            "certificates.view_lawyeradditionrequest", "certificates.change_lawyeradditionrequest",
        ],
        roles.MEMBER_MANAGERS: ["certificates.view_lawyeradditionrequest", "certificates.change_lawyeradditionrequest"],
    }  # fmt: skip


# --- staff: the admin screens (电子证明) -----------------------------------------------------------

# Applications and 新增律师 requests change only through the services (review actions).
register_permission_policy(CertificateApplication, admin_views.ApplicationPermissionPolicy(CertificateApplication))
register_permission_policy(LawyerAdditionRequest, admin_views.AdditionPermissionPolicy(LawyerAdditionRequest))


class CertificateApplicationViewSet(ReviewViewSetMixin, SnippetViewSet):
    model = CertificateApplication
    icon = "clipboard-list"
    menu_label = "证明申请"
    index_view_class = admin_views.ApplicationIndexView
    index_template_name = "staff/state_index.html"
    inspect_view_class = admin_views.ApplicationReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = admin_views.ApplicationFilterSet
    list_display = [
        "number",
        "certificate_type",
        "applicant_name",
        datetime_column("submitted_at", "申请时间"),
        StatusTagColumn(
            "state",
            label="状态",
            accessor="get_state_display",
            sort_key="state",
            primary=lambda application: application.state == ApplicationState.PENDING,
        ),
        "paper_status",
        datetime_column("reviewed_at", "审核时间"),
    ]
    search_fields = ["number", "applicant_name"]
    search_backend_name = None
    ordering = "-submitted_at"
    list_export = [
        "number",
        "certificate_type",
        "applicant_name",
        "email",
        "submitted_at",
        "state",
        "reviewed_at",
        "reject_reason",
        "paper",
        "tracking_number",
    ]
    export_headings = {
        "number": "编号",
        "certificate_type": "申请类型",
        "applicant_name": "申请人",
        "email": "联系邮箱",
        "submitted_at": "申请时间",
        "state": "状态",
        "reviewed_at": "审核时间",
        "reject_reason": "驳回理由",
        "paper": "纸质证明",
        "tracking_number": "快递单号",
    }
    export_filename = "电子证明申请"

    def get_queryset(self, request):
        # One query for the page whatever its length; the big JSON columns stay in the database.
        return CertificateApplication.objects.select_related("certificate_type").defer(
            "snapshot", "review_evidence", "certificate_type__body"
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(pdf_url_name=self.get_url_name("pdf"), **kwargs)

    @property
    def pdf_view(self):
        return self.construct_view(admin_views.ApplicationPdfView)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("pdf/<int:pk>/", self.pdf_view, name="pdf")]


class CertificateTypeViewSet(SnippetViewSet):
    model = CertificateType
    icon = "doc-full"
    menu_label = "证明类型"
    list_display = [
        "name",
        "group",
        "applicant_kind",
        "lawyer_scope",
        BooleanColumn("appends_roster", label="附全体律师名单", sort_key="appends_roster"),
        "review_mode",
        BooleanColumn("active", label="启用", sort_key="active"),
        "sort_order",
    ]
    list_filter = ["group", "applicant_kind", "review_mode", "active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = "sort_order"
    inspect_view_enabled = True


class LawyerAdditionViewSet(ReviewViewSetMixin, ModelViewSet):
    model = LawyerAdditionRequest
    name = "lawyer_additions"
    url_prefix = "certificates/lawyer-additions"
    icon = "user"
    menu_label = "新增律师申请"
    index_view_class = admin_views.AdditionIndexView
    inspect_view_class = admin_views.AdditionReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["staff_note"]  # never shown: the policy allows no generic edit
    list_display = [
        "name",
        "licence_no",
        "firm",
        StatusTagColumn(
            "state",
            label="状态",
            accessor="get_state_display",
            sort_key="state",
            primary=lambda addition: addition.state == AdditionState.PENDING,
        ),
        datetime_column("created_at", "提交时间"),
        datetime_column("decided_at", "处理时间"),
    ]
    list_filter = ["state"]
    search_fields = ["name", "licence_no"]
    search_backend_name = None
    ordering = "-created_at"


class CertificateAdminGroup(SnippetViewSetGroup):
    menu_label = "电子证明"
    menu_icon = "doc-full-inverse"
    menu_order = 190
    items = (CertificateApplicationViewSet, CertificateTypeViewSet, LawyerAdditionViewSet)


register_snippet(CertificateAdminGroup)

hooks.register("register_bulk_action", admin_views.ApproveApplicationsBulkAction)
hooks.register("register_staff_queues", admin_views.staff_queues)
hooks.register("register_member_related_records", admin_views.member_related_records)
hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_CERTIFICATES)
hooks.register("register_job_reconcilers", services.reconcile_jobs)


# --- setup_site (imported here, at the end, to keep this block apart from the rest) ----------

from member_center.setup import SETUP_ORDER_CERTIFICATES  # noqa: E402

from . import setup as site_setup  # noqa: E402

hooks.register("register_site_setup", site_setup.setup_site, order=SETUP_ORDER_CERTIFICATES)
