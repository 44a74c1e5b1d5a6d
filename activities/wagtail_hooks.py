from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from member_center import roles
from member_center.demo import DEMO_ORDER_PROFILES
from member_center.lawyer_chooser import lawyer_chooser
from member_center.menu import MemberMenuItem
from member_center.models import MemberKind
from member_center.workbench import SearchResult, Shortcut, StatusItem, Todo
from portal.review import ReviewViewSetMixin
from portal.staff import datetime_column, local_time

from . import admin_views, demo, services, windows
from .models import ActivityPage, SignUp, SignUpState, TrainingRecord

GROUP = "业务管理"  # manual 002 §4
MENU_LABEL = "活动报名"
TRAINING_LABEL = "培训记录"
LAWYERS = frozenset({MemberKind.LAWYER, MemberKind.TRAINEE})
DEMO_ORDER_ACTIVITIES = DEMO_ORDER_PROFILES + 150  # after the roster, the profiles and the tickets

# --- the member centre ------------------------------------------------------------------------


@hooks.register("register_member_menu_item")
def activity_menu_items():
    return [
        MemberMenuItem(MENU_LABEL, "activities:list", icon="✓", order=500, group=GROUP),
        MemberMenuItem(TRAINING_LABEL, "activities:training", icon="☷", order=510, kinds=LAWYERS, group=GROUP),
    ]


def _live(request):
    cached = getattr(request, "_activity_signups", None)
    if cached is None:
        cached = request._activity_signups = list(
            SignUp.objects.of_member(request.member)
            .active()
            .filter(activity__ends_at__gt=timezone.now())
            .select_related("activity", "firm", "lawyer")
            .order_by("activity__starts_at", "pk")
        )
    return cached


@hooks.register("register_member_todos")
def activity_todos(request):
    """An activity starting within a day; a sign-up whose cancel deadline is within a day."""
    now, todos = timezone.now(), []
    for signup in _live(request):
        if signup.state != SignUpState.SIGNED_UP:
            continue
        w = windows.windows(signup.activity)
        if now < w.starts <= now + services.REMINDER_AHEAD:
            todos.append(Todo(f"参加活动：{signup.activity.title}", signup.get_absolute_url(),
                              f"{local_time(w.starts)} · {signup.activity.place}"))  # fmt: skip
        elif signup.member == request.member and now < w.cancel_until <= now + services.REMINDER_AHEAD:
            todos.append(Todo(f"取消报名截止：{signup.activity.title}", signup.get_absolute_url(),
                              f"如不能参加，请在{w.cancel_deadline_text()}之前取消报名"))  # fmt: skip
    return todos


@hooks.register("register_member_shortcuts")
def activity_shortcuts(request):
    return [Shortcut(MENU_LABEL, reverse("activities:list"), icon="✓", order=50)]


@hooks.register("register_member_status")
def activity_status(request):
    signups = _live(request)
    url = f"{reverse('activities:list')}?tab=mine"
    signed = sum(1 for s in signups if s.state == SignUpState.SIGNED_UP)
    waiting = sum(1 for s in signups if s.state == SignUpState.WAITING)
    items = [StatusItem(MENU_LABEL, "已报名", f"{signed} 个", url)]
    if waiting:
        items.append(StatusItem(MENU_LABEL, "候补中", f"{waiting} 个", url))
    return items


SEARCH_LIMIT = 20


@hooks.register("register_member_search")
def activity_search(request, query):
    """The member's own sign-ups by the activity's name or the attendee's."""
    found = (
        SignUp.objects.of_member(request.member)
        .filter(Q(activity__title__icontains=query) | Q(name__icontains=query))
        .select_related("activity")
        .order_by("-created_at", "-pk")[:SEARCH_LIMIT]
    )
    return [
        SearchResult(
            MENU_LABEL,
            signup.activity.title,
            signup.get_absolute_url(),
            f"{signup.name} · {local_time(signup.activity.starts_at)} · {signup.get_state_display()}",
        )
        for signup in found
    ]


SIGNUP_PERMISSIONS = [
    "activities.view_signup", "activities.manage_signup",
    "activities.view_trainingrecord", "activities.add_trainingrecord", "activities.change_trainingrecord",
    "activities.delete_trainingrecord",
    "activities.change_trainingsettings",
]  # fmt: skip


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {roles.ACTIVITY_MANAGERS: SIGNUP_PERMISSIONS}


# --- staff: the admin screens -------------------------------------------------------------------

register_permission_policy(SignUp, admin_views.SignUpPermissionPolicy(SignUp))


class SignUpViewSet(ReviewViewSetMixin, SnippetViewSet):
    model = SignUp
    icon = "list-ul"
    menu_label = "报名名单"
    menu_order = 2
    index_view_class = admin_views.SignUpIndexView
    index_template_name = "staff/state_index.html"
    inspect_view_class = admin_views.SignUpReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = admin_views.SignUpFilterSet
    list_display = [
        "name",
        Column("activity", label="活动", accessor=lambda s: s.activity.title),
        "employer",
        "mobile",
        Column("signer", label="报名方式", accessor=admin_views.signer),
        StatusTagColumn(
            "state", label="状态", accessor="get_state_display", sort_key="state",
            primary=lambda s: s.state == SignUpState.SIGNED_UP,
        ),
        datetime_column("created_at", "报名时间"),
        datetime_column("checked_in_at", "签到时间"),
        Column("attendance", label="出席情况", accessor="get_attendance_display"),
    ]  # fmt: skip
    search_fields = ["name", "mobile"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_export = [
        "activity", "name", "gender", "employer", "position", "phone", "mobile", "email", "licence_no", "signer",
        "state", "created_at", "leave_reason", "checked_in_at", "checked_out_at", "attendance", "hours_awarded",
        "code",
    ]  # fmt: skip
    export_headings = {
        "activity": "活动名称", "name": "姓名", "gender": "性别", "employer": "工作单位", "position": "工作职务",
        "phone": "联系电话", "mobile": "手机号码", "email": "电子邮箱", "licence_no": "执业证号", "signer": "报名方式",
        "state": "状态", "created_at": "报名时间", "leave_reason": "请假原因", "checked_in_at": "签到时间",
        "checked_out_at": "签退时间", "attendance": "出席情况", "hours_awarded": "获得学时", "code": "签到码",
    }  # fmt: skip
    export_filename = "活动报名表"

    def get_queryset(self, request):
        return SignUp.objects.select_related("activity", "activity__ledger", "firm", "attendee", "leave")


class TrainingRecordViewSet(SnippetViewSet):
    model = TrainingRecord
    icon = "doc-full"
    index_view_class = admin_views.TrainingRecordIndexView
    edit_view_class = admin_views.TrainingRecordEditView
    menu_label = "培训记录"
    menu_order = 3
    list_display = [
        Column("lawyer", label="律师", accessor=lambda r: f"{r.lawyer.name} {r.lawyer.licence_no}"),
        "course",
        "date",
        "training_type",
        "hours",
        Column("source", label="来源", accessor="source_label"),
    ]
    list_filter = ["training_type", "source", "date"]
    search_fields = ["course", "lawyer__name", "lawyer__licence_no"]
    search_backend_name = None
    ordering = ["-date", "-pk"]
    list_export = ["lawyer", "course", "date", "training_type", "hours", "source", "provider"]
    export_filename = "培训记录"
    # The lawyer through the roster's chooser (search by name, 执业证号 or pinyin), not a <select>
    # of every lawyer.
    panels = [
        FieldPanel("lawyer", widget=lawyer_chooser.widget_class),
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("training_type"), FieldPanel("hours")]),
        FieldPanel("provider"),
    ]

    def get_queryset(self, request):
        return TrainingRecord.objects.select_related("lawyer")


class ActivityAdminGroup(SnippetViewSetGroup):
    menu_label = "活动报名"
    menu_icon = "date"
    menu_order = 196
    items = (SignUpViewSet, TrainingRecordViewSet)
    submenu_hook = "register_activities_menu_item"


register_snippet(ActivityAdminGroup)
hooks.register("register_admin_viewset", admin_views.ActivityAdminViewSet)


# 培训记录's add / edit forms pick the lawyer through it: its staff may search the roster.
lawyer_chooser.allow("activities.add_trainingrecord", "activities.change_trainingrecord")


@hooks.register("register_admin_viewset")
def register_lawyer_chooser():
    return lawyer_chooser


@hooks.register("register_activities_menu_item")
def activities_menu_item():
    return admin_views.ManagerMenuItem("活动管理", reverse("activities_admin:index"), icon_name="date", order=1)


@hooks.register("register_activities_menu_item")
def import_menu_item():
    return admin_views.ManagerMenuItem(
        "导入培训记录", reverse("activities_admin:training_import"), icon_name="upload", order=4
    )


@hooks.register("register_page_listing_buttons")
def page_listing_buttons(page, user, next_url=None):
    if page.specific_class is ActivityPage and admin_views.may_manage(user):
        yield ListingButton("报名管理", reverse("activities_admin:activity", args=[page.pk]), priority=15)


hooks.register("register_staff_queues", admin_views.staff_queues)
hooks.register("register_member_related_records", admin_views.member_related_records)
hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_ACTIVITIES)


# --- setup_site (imported here, at the end, to keep this block apart from the rest) ----------

from member_center.setup import SETUP_ORDER_ACTIVITIES  # noqa: E402

from . import setup as site_setup  # noqa: E402

hooks.register("register_site_setup", site_setup.setup_site, order=SETUP_ORDER_ACTIVITIES)
