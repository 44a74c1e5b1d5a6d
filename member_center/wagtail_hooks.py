import django_filters
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.dashboard import StaffQueue
from portal.staff import AUDIT_ACTIONS

from . import admin_views, demo, roles, workbench
from .menu import TAB_HOME, TAB_MINE, MemberMenuItem
from .models import DisciplineRecord, Firm, Lawyer, MemberKind, RosterStatus

# --- member centre ------------------------------------------------------------------


@hooks.register("register_member_menu_item")
def account_menu_items():
    return [
        MemberMenuItem("首页", "member_center:dashboard", icon="⌂", order=0, tab=TAB_HOME),
        MemberMenuItem("账户信息", "member_center:account_info", icon="☺", order=900, tab=TAB_MINE),
        MemberMenuItem("修改密码", "member_center:password_change", icon="✱", order=910, tab=TAB_MINE),
    ]


hooks.register("register_member_todos", workbench.account_todos)
hooks.register("register_member_shortcuts", workbench.account_shortcuts)
hooks.register("register_demo_data", demo.load_demo, order=demo.DEMO_ORDER_ROSTER)


# --- staff: the roster ---------------------------------------------------------------


class QuerysetViewSet(ModelViewSet):
    """Wagtail 8 viewsets never call a get_queryset(request); the index view takes its queryset
    as a view argument, which is where select_related and ordering go."""

    def index_queryset(self):
        return None

    def get_index_view_kwargs(self, **kwargs):
        queryset = self.index_queryset()
        if queryset is not None:
            kwargs.setdefault("queryset", queryset)
        return super().get_index_view_kwargs(**kwargs)


class LawyerFilterSet(WagtailFilterSet):
    # A text filter: a drop-down of every firm would make the page grow with the roster.
    firm_name = django_filters.CharFilter(field_name="firm__name", lookup_expr="icontains", label="执业机构")

    class Meta:
        model = Lawyer
        fields = ["status", "kind", "practice_type"]


class FirmViewSet(QuerysetViewSet):
    model = Firm
    icon = "group"
    menu_label = "律师事务所"
    index_view_class = admin_views.MemberIndexView
    inspect_view_class = admin_views.MemberInspectView
    inspect_view_fields_exclude = ["id"]
    list_display = ["name", "licence_no", "member_no", "kind", "status", "founded_on"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "licence_no", "member_no", "credit_code"]
    search_backend_name = None
    list_export = ["name", "kind", "licence_no", "member_no", "credit_code", "office_address", "founded_on", "status"]
    export_filename = "律师事务所名单"
    form_fields = [
        "kind",
        "name",
        "office_address",
        "licence_no",
        "member_no",
        "credit_code",
        "founded_on",
        "phone",
        "mobile",
        "email",
        "status",
    ]
    inspect_view_enabled = True
    copy_view_enabled = False


class LawyerViewSet(QuerysetViewSet):
    model = Lawyer
    icon = "user"
    menu_label = "律师"
    index_view_class = admin_views.MemberIndexView
    inspect_view_class = admin_views.MemberInspectView
    inspect_view_fields_exclude = ["id"]
    list_display = ["name", "licence_no", "firm", "practice_type", "firm_role", "kind", "status"]
    filterset_class = LawyerFilterSet
    search_fields = ["name", "licence_no", "member_no"]
    search_backend_name = None
    list_export = [
        "name",
        "gender",
        "licence_no",
        "member_no",
        "firm",
        "practice_type",
        "firm_role",
        "authority",
        "kind",
        "status",
    ]
    export_filename = "律师名单"
    form_fields = [
        "kind", "name", "gender", "authority", "practice_type", "firm", "firm_role",
        "licence_no", "member_no", "id_number", "first_licensed_on", "mobile", "email", "status", "cancelled_on",
    ]  # fmt: skip
    inspect_view_enabled = True
    copy_view_enabled = False

    def index_queryset(self):
        return Lawyer.objects.select_related("firm")


class DisciplineRecordViewSet(QuerysetViewSet):
    model = DisciplineRecord
    icon = "warning"
    menu_label = "行业处分"
    list_display = ["__str__", "firm", "lawyer", "kind", "decided_on"]
    list_filter = ["kind", "decided_on"]
    search_fields = ["firm__name", "lawyer__name", "lawyer__licence_no", "summary"]
    search_backend_name = None
    form_fields = ["firm", "lawyer", "decided_on", "kind", "summary"]
    copy_view_enabled = False

    def index_queryset(self):
        return DisciplineRecord.objects.select_related("firm", "lawyer")


class AuditLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label="操作", choices=sorted(AUDIT_ACTIONS.items()), empty_label="全部")
    timestamp = django_filters.DateFromToRangeFilter(label="时间", widget=DateRangePickerWidget)

    class Meta:
        model = LogEntry
        fields = ["content_type"]


class AuditLogViewSet(QuerysetViewSet):
    model = LogEntry
    icon = "history"
    menu_label = "操作记录"
    url_prefix = "audit-log"
    index_view_class = admin_views.AuditLogIndexView
    form_fields = ["object_repr"]  # never shown: the policy allows viewing only
    list_display = admin_views.AUDIT_COLUMNS
    filterset_class = AuditLogFilterSet
    search_fields = ["object_repr", "actor__username", "actor__first_name", "actor__last_name"]
    search_backend_name = None
    inspect_view_enabled = False  # the listing shows the entry whole, in words
    copy_view_enabled = False
    list_export = ["time", "actor", "object_repr", "kind", "event", "content", "remote_addr"]
    export_headings = {
        "time": "时间",
        "actor": "操作人",
        "object_repr": "对象",
        "kind": "类别",
        "event": "操作",
        "content": "内容",
        "remote_addr": "IP 地址",
    }
    export_filename = "操作记录"

    def index_queryset(self):
        return LogEntry.objects.select_related("actor__firm", "actor__lawyer", "content_type").order_by("-timestamp")


register_permission_policy(LogEntry, admin_views.ReadOnlyPermissionPolicy(LogEntry))


class AccessAttemptViewSet(QuerysetViewSet):
    """Failed logins recorded by django-axes; deleting an entry unlocks the account."""

    model = AccessAttempt
    icon = "lock"
    menu_label = "登录锁定"
    url_prefix = "login-attempts"
    list_display = ["username", "failures_since_start", "attempt_time", "ip_address"]
    search_fields = ["username"]
    search_backend_name = None
    form_fields = ["username"]
    copy_view_enabled = False

    def index_queryset(self):
        return AccessAttempt.objects.order_by("-attempt_time")


class RosterViewSetGroup(ViewSetGroup):
    menu_label = "会员管理"
    menu_icon = "group"
    menu_order = 200
    submenu_hook = "register_roster_menu_item"  # other apps' viewsets with this menu_hook join the group
    items = (FirmViewSet, LawyerViewSet, DisciplineRecordViewSet, AccessAttemptViewSet, AuditLogViewSet)


@hooks.register("register_admin_viewset")
def register_roster_viewsets():
    return RosterViewSetGroup()


@hooks.register("register_admin_urls")
def roster_admin_urls():
    return [
        path(
            "roster/<str:model_name>/<str:pk>/reset-password/", admin_views.reset_password, name="roster_reset_password"
        ),
        path(
            "roster/<str:model_name>/<str:pk>/activation-letter/",
            admin_views.activation_letter,
            name="roster_activation_letter",
        ),
        path(
            "roster/<str:model_name>/<str:pk>/activation-letter/print/<slug:digest>/",
            admin_views.activation_letter_print,
            name="roster_activation_letter_print",
        ),
    ]


# --- staff: the dashboard ------------------------------------------------------------


@hooks.register("register_staff_queues")
def roster_queues(user):
    """The roster's figures on the dashboard: locked accounts wait for 会员管理 (to unlock, or
    to look into an attack); practising lawyers and firms are plain counts (概况)."""
    if not user.has_perm("member_center.view_lawyer"):
        return []
    queues = []
    if user.has_perm("axes.view_accessattempt"):
        since = timezone.now() - timezone.timedelta(hours=settings.AXES_COOLOFF_TIME)
        locked = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        )
        queues.append(
            StaffQueue.waiting(
                "被锁定的账号（15 分钟内）",
                locked,
                "attempt_time",
                reverse(AccessAttemptViewSet().get_url_name("index")),
                role=roles.MEMBER_MANAGERS,
            )
        )
    queues += [
        StaffQueue(
            "执业律师",
            Lawyer.objects.filter(status=RosterStatus.PRACTISING, kind=MemberKind.LAWYER).count(),
            reverse(LawyerViewSet().get_url_name("index")),
            is_wait=False,
        ),
        StaffQueue(
            "律师事务所",
            Firm.objects.filter(status=RosterStatus.PRACTISING).count(),
            reverse(FirmViewSet().get_url_name("index")),
            is_wait=False,
        ),
    ]
    return queues


# --- setup_site (imported here, at the end, to keep this block apart from the rest) ----------

from . import setup as site_setup  # noqa: E402

hooks.register("register_site_setup", site_setup.setup_roles, order=site_setup.SETUP_ORDER_ROLES)
hooks.register("register_site_setup", site_setup.setup_site_address, order=site_setup.SETUP_ORDER_SITE_ADDRESS)
