"""Staff screens of 活动报名 in the Wagtail admin (role 活动管理): the activities with their counts,
each one's sign-ups, waiting list and leave requests (filters, the 报名表 as xlsx, the files as a
zip), one sign-up's page (代为取消报名 with a reason, 签到, 签退, 撤销请假), 签到 by the QR code or
the typed code or the ticked list, 结束活动 (attendance into 培训记录), and the import of 培训记录.

Nothing here changes a sign-up by itself: every change goes through activities.services."""

import io
import zipfile

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core import signing
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views import snippets as snippet_views

from member_center import roles
from member_center.admin_views import RelatedRecords
from member_center.models import Lawyer
from portal.dashboard import StaffQueue
from portal.filters import LabelChoiceFilter
from portal.review import NoInput, ReviewAction, ReviewQueueMixin, ReviewView, reason_form
from portal.search import any_of
from portal.staff import ActOnlyPermissionPolicy, ChunkedExportMixin, forbidden, local_time
from portal.uploads.models import Attachment
from portal.workflow import WorkflowError

from . import importing, services, windows
from .models import ActivityPage, Attendance, LeaveRequest, SignUp, SignUpState, TrainingRecord

S = SignUpState
NO_PERMISSION = "您没有管理活动报名的权限。"


class SignUpPermissionPolicy(ActOnlyPermissionPolicy):
    """Sign-ups: "manage" (签到, 代为取消, 结束活动) needs activities.manage_signup."""

    acting = ("manage", "manage")


def may_manage(user) -> bool:
    return services.is_manager(user)


# --- the sign-ups listing ---------------------------------------------------------------------


FILTER_ACTIVITIES = 200


def activity_choices(request=None):
    """The filter's 活动: the newest FILTER_ACTIVITIES (a <select> of 2,000 is 150 KB on every page of
    the list), and the one the address names (one activity's page links to its lists)."""
    newest = ActivityPage.objects.order_by("-starts_at", "-pk").values("pk")[:FILTER_ACTIVITIES]
    chosen = Q(pk__in=newest)
    wanted = request.GET.get("activity", "") if request is not None else ""
    if wanted.isdigit():
        chosen |= Q(pk=int(wanted))
    return ActivityPage.objects.filter(chosen).order_by("-starts_at", "-pk")


class SignUpFilterSet(WagtailFilterSet):
    activity = LabelChoiceFilter(label="活动", queryset=activity_choices, label_field="title", empty_label="全部活动")
    state = django_filters.ChoiceFilter(label="状态", choices=S.choices, empty_label="全部", widget=forms.RadioSelect)
    attendance = django_filters.ChoiceFilter(label="出席情况", choices=Attendance.choices, empty_label="全部")
    checked_in = django_filters.BooleanFilter(
        label="已签到", field_name="checked_in_at", lookup_expr="isnull", exclude=True
    )
    by_firm = django_filters.BooleanFilter(label="律所代报", field_name="firm", lookup_expr="isnull", exclude=True)
    upcoming = django_filters.BooleanFilter(label="活动未开始", method="filter_upcoming")

    class Meta:
        model = SignUp
        fields = []

    def filter_upcoming(self, queryset, name, value):
        if value is None:
            return queryset
        now = timezone.now()
        return queryset.filter(activity__starts_at__gt=now) if value else queryset.filter(activity__starts_at__lte=now)


def search_signups(queryset, query: str):
    """姓名, 手机号码, 签到码, or the lawyer's 执业证号."""
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q(name__icontains=query) | Q(employer__icontains=query)
    if not query.isascii():
        # A 手机号码, 签到码 or 执业证号 is never Chinese: a name is searched without the lawyer's join
        # (at 200,000 sign-ups the join and three more LIKEs cost SQLite half a second).
        return queryset.filter(condition)
    condition |= Q(mobile__icontains=query) | Q(code__iexact=query)
    # The 执业证号 is the roster's: an arm of its own (portal.search), not an OR across the join.
    licensed = SignUp.objects.filter(attendee__in=Lawyer.objects.filter(licence_no__icontains=query).values("pk"))
    return any_of(queryset, SignUp.objects.filter(condition).values("pk"), licensed.values("pk"))


def signer(signup: SignUp) -> str:
    return f"{signup.firm.name}（律所代报）" if signup.by_firm else "本人"


EXPORT_VALUES = {
    "activity": lambda s: s.activity.title,
    "licence_no": lambda s: s.attendee.licence_no,
    "gender": lambda s: s.get_gender_display(),
    "signer": signer,
    "state": lambda s: s.get_state_display(),
    "leave_reason": lambda s: s.leave.reason if hasattr(s, "leave") else "",
    "attendance": lambda s: s.get_attendance_display(),
}


class SignUpIndexView(ReviewQueueMixin, ChunkedExportMixin, snippet_views.IndexView):
    policy_action = "manage"
    workflow = services.SIGNUP
    transition = "staff_cancel"
    row_action_label = "处理"
    page_title = "活动报名"
    export_values = EXPORT_VALUES
    sheet_title = "报名表"

    def search_queryset(self, queryset):
        return search_signups(queryset, self.search_query) if self.is_searching else queryset


class TrainingRecordIndexView(ChunkedExportMixin, snippet_views.IndexView):
    """培训记录 exported like every staff list (formulas as text, the file name kept, local dates)."""

    sheet_title = "培训记录"
    export_values = {
        "lawyer": lambda record: f"{record.lawyer.name} {record.lawyer.licence_no}",
        "source": lambda record: record.source_label,
    }


class TrainingRecordEditView(snippet_views.EditView):
    """Wagtail's edit view asks for its object twice (setup, then the form's instance): once is enough."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_record"):
            self._record = super().get_object(queryset)
        return self._record


def _staff_cancel(signup, user, data):
    services.staff_cancel(signup, user, data["reason"])
    return f"已取消{signup.name}的报名，会员会收到通知。"


def _cancel_leave(signup, user, data):
    services.cancel_leave(signup, user, data["reason"])
    return f"已撤销{signup.name}的请假。"


def _check_in(signup, user, data):
    services.check_in(signup, user)
    return f"{signup.name}已签到。"


def _check_out(signup, user, data):
    services.check_out(signup, user)
    return f"{signup.name}已签退。"


def _attendance_move(kind):
    """签到 / 签退 are not moves; they are shown while the seat is taken and the activity open."""

    def transition(signup):
        if signup.state != S.SIGNED_UP or windows.is_closed(signup.activity):
            return None
        if kind == "in" and signup.checked_in_at is None:
            return "staff_cancel"
        if kind == "out" and signup.checked_in_at is not None and signup.checked_out_at is None:
            return "staff_cancel"
        return None

    return transition


class SignUpReviewView(ReviewView):
    template_name = "activities/admin/signup_review.html"
    page_title = "活动报名"
    policy_action = "manage"
    forbidden_message = NO_PERMISSION
    select_related = ("activity", "activity__ledger", "firm", "lawyer", "attendee__firm")
    actions = [
        ReviewAction("check_in", services.SIGNUP, _check_in, transition=_attendance_move("in"), form_class=NoInput,
                     button="签到", heading="签到"),
        ReviewAction("check_out", services.SIGNUP, _check_out, transition=_attendance_move("out"), form_class=NoInput,
                     button="签退", heading="签退", classname="button button-secondary"),
        ReviewAction("cancel_leave", services.SIGNUP, _cancel_leave, form_class=reason_form("说明（可不填）"),
                     button="撤销请假", heading="撤销请假", hint="会员通过工单申请取消请假时使用。",
                     classname="button button-secondary"),
        ReviewAction("staff_cancel", services.SIGNUP, _staff_cancel, form_class=reason_form("取消原因"),
                     button="代为取消报名", heading="代为取消报名", hint="取消后名额由候补名单第一位递补，会员会收到通知。",
                     classname="button button-secondary serious"),
    ]  # fmt: skip

    def get_page_subtitle(self):
        return f"{self.object.name} · {self.object.activity.title}"

    def panel_context(self) -> dict:
        signup = self.object
        leave = LeaveRequest.objects.filter(signup=signup).prefetch_related("attachments").first()
        return {
            "signup": signup,
            "signer": signer(signup),
            "files": list(signup.attachments.all()),
            "leave": leave,
            "leave_files": list(leave.attachments.all()) if leave else [],
            "position": services.waiting_position(signup),
            "manage_url": reverse("activities_admin:activity", args=[signup.activity_id]),
        }


# --- the activities and one activity's management ------------------------------------------------


def activity_counts(activities):
    """Per activity: 候补, 请假, 签到 (the seats taken are on the ledger)."""
    rows = (
        SignUp.objects.filter(activity__in=activities)
        .values("activity_id")
        .annotate(
            waiting=Count("pk", filter=Q(state=S.WAITING)),
            on_leave=Count("pk", filter=Q(state=S.ON_LEAVE)),
            checked_in=Count("pk", filter=Q(state=S.SIGNED_UP, checked_in_at__isnull=False)),
        )
        .order_by()
    )
    return {row["activity_id"]: row for row in rows}


def signups_url(activity, **filters) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"activity": activity.pk, **filters}.items())
    return f"{reverse(SignUp.snippet_viewset.get_url_name('list'))}?{query}"


class ManagerRequired:
    """Every view of the viewset needs activities.manage_signup; a 403 page otherwise."""

    def dispatch(self, request, *args, **kwargs):
        if not may_manage(request.user):
            return forbidden(request, NO_PERMISSION)
        return super().dispatch(request, *args, **kwargs)


class ActivityIndexView(ManagerRequired, View):
    def get(self, request):
        activities = list(ActivityPage.objects.select_related("ledger").order_by("-starts_at", "-pk")[:200])
        counts = activity_counts(activities)
        now = timezone.now()
        rows = [
            {
                "activity": activity,
                "status": windows.status_label(activity, now),
                "taken": windows.taken(activity),
                "counts": counts.get(activity.pk, {}),
                "url": reverse("activities_admin:activity", args=[activity.pk]),
            }
            for activity in activities
        ]
        return TemplateResponse(
            request, "activities/admin/activity_index.html", {"rows": rows, "page_title": "活动管理"}
        )


def _activity_or_404(pk) -> ActivityPage:
    return get_object_or_404(ActivityPage.objects.select_related("ledger"), pk=pk)


class ActivityView(ManagerRequired, View):
    """One activity: its counts, links to its lists, 签到, the files, 结束活动."""

    def get(self, request, pk):
        activity = _activity_or_404(pk)
        counts = activity_counts([activity]).get(activity.pk, {})
        context = {
            "page_title": activity.title,
            "activity": activity,
            "status": windows.status_label(activity),
            "taken": windows.taken(activity),
            "counts": counts,
            "closed": windows.is_closed(activity),
            "ledger": getattr(activity, "ledger", None),
            "links": [
                ("报名名单", signups_url(activity, state=S.SIGNED_UP)),
                ("候补名单", signups_url(activity, state=S.WAITING)),
                ("请假申请", signups_url(activity, state=S.ON_LEAVE)),
                ("已取消", signups_url(activity, state=S.CANCELLED)),
                ("全部报名", signups_url(activity)),
            ],
            "export_url": signups_url(activity) + "&export=xlsx",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[activity.pk]),
        }
        return TemplateResponse(request, "activities/admin/activity.html", context)


class CheckInForm(forms.Form):
    code = forms.CharField(label="签到码", max_length=300, required=False)


class CheckInView(ManagerRequired, View):
    """签到: by the QR code (a camera app opens this page with ?code=…; the page's own scanner fills
    the box), by the typed code, or by ticking the list. GET never changes anything."""

    template_name = "activities/admin/check_in.html"

    def context(self, request, activity, found=None, form=None):
        seats = (
            SignUp.objects.filter(activity=activity, state__in=[S.SIGNED_UP, S.ON_LEAVE])
            .select_related("attendee")
            .order_by("name", "pk")
        )
        return {
            "page_title": f"签到 · {activity.title}",
            "activity": activity,
            "closed": windows.is_closed(activity),
            "form": form or CheckInForm(),
            "found": found,
            "seats": list(seats),
            "checked": sum(1 for s in seats if s.checked_in_at),
            "url": request.path,
        }

    def get(self, request, pk):
        activity = _activity_or_404(pk)
        found, form = None, CheckInForm(initial={"code": request.GET.get("code", "")})
        if request.GET.get("code"):
            try:
                found = services.find_by_code(activity, request.GET["code"])
            except WorkflowError as error:
                messages.error(request, str(error))
        return TemplateResponse(request, self.template_name, self.context(request, activity, found, form))

    def post(self, request, pk):
        activity = _activity_or_404(pk)
        action = request.POST.get("action", "in")
        try:
            if request.POST.get("signup"):
                signup = get_object_or_404(
                    SignUp.objects.select_related("activity__ledger"), pk=request.POST["signup"], activity=activity
                )
            else:
                signup = services.find_by_code(activity, request.POST.get("code", ""))
            if action == "out":
                services.check_out(signup, request.user)
                messages.success(request, f"{signup.name}已签退。")
            else:
                already = signup.checked_in_at is not None
                services.check_in(signup, request.user)
                messages.success(request, f"{signup.name}{'此前已签到' if already else '签到成功'}。")
        except WorkflowError as error:
            messages.error(request, str(error))
        return redirect(reverse("activities_admin:check_in", args=[activity.pk]))


class AttachmentsZipView(ManagerRequired, View):
    """The 报名表's files of one activity as one zip, each under 姓名_文件名."""

    def get(self, request, pk):
        activity = _activity_or_404(pk)
        signups = {s.pk: s for s in SignUp.objects.filter(activity=activity).only("pk", "name", "code")}
        leaves = {
            leave.pk: leave.signup_id
            for leave in LeaveRequest.objects.filter(signup__activity=activity).only("pk", "signup_id")
        }
        files = Attachment.objects.filter(
            Q(activity_signup__activity=activity) | Q(activity_leave__signup__activity=activity)
        ).select_related("content_type")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            used = set()
            for attachment in files:
                if attachment.content_type.model == "leaverequest":
                    signup, prefix = signups.get(leaves.get(attachment.object_id)), "请假_"
                else:
                    signup, prefix = signups.get(attachment.object_id), ""
                if signup is None:
                    continue
                name = f"{prefix}{signup.name}_{signup.code}_{attachment.download_name}"
                while name in used:
                    name = f"_{name}"
                used.add(name)
                with attachment.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
        buffer.seek(0)
        return FileResponse(
            buffer, as_attachment=True, filename=f"{activity.title}-报名附件.zip", content_type="application/zip"
        )


class CloseView(ManagerRequired, View):
    """结束活动: a confirmation with what will happen, then attendance into 培训记录."""

    def get(self, request, pk):
        activity = _activity_or_404(pk)
        seats = SignUp.objects.filter(activity=activity, state__in=[S.SIGNED_UP, S.ON_LEAVE])
        preview = [(signup, *services.hours_for(signup, activity)) for signup in seats.order_by("name", "pk")]
        return TemplateResponse(
            request,
            "activities/admin/close.html",
            {
                "page_title": f"结束活动 · {activity.title}",
                "activity": activity,
                "closed": windows.is_closed(activity),
                "preview": preview,
                "attendance_labels": dict(Attendance.choices),
            },
        )

    def post(self, request, pk):
        activity = _activity_or_404(pk)
        try:
            result = services.close_activity(activity, request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect(reverse("activities_admin:close", args=[activity.pk]))
        messages.success(
            request,
            f"活动已结束：出席 {result['present']} 人，部分出席 {result['partial']} 人，请假 {result['leave']} 人，"
            f"缺席 {result['absent']} 人；已记录 {result['records']} 条培训记录。",
        )
        return redirect(reverse("activities_admin:activity", args=[activity.pk]))


# --- importing 培训记录 -----------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="文件", help_text="Excel (.xlsx) 或 CSV，第一行为列名：" + "、".join(importing.COLUMNS.values())
    )
    provider = forms.CharField(
        label="培训机构 / 平台", max_length=100, required=False, help_text="文件中没有“培训机构”列时使用。"
    )


SIGNING_SALT = "activities.training-import"


class TrainingImportView(ManagerRequired, View):
    """Upload → every row checked (the dry run: nothing saved, errors by row) → 确认导入 with the
    checked rows signed in a hidden field, so what is confirmed is what was shown."""

    template_name = "activities/admin/training_import.html"

    def render(self, request, **context):
        return TemplateResponse(request, self.template_name, {"page_title": "导入培训记录", **context})

    def get(self, request):
        return self.render(request, form=ImportForm())

    def post(self, request):
        if "rows" in request.POST:
            try:
                rows = signing.loads(request.POST["rows"], salt=SIGNING_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, "导入内容已失效，请重新上传文件。")
                return redirect(reverse("activities_admin:training_import"))
            added, skipped = services.import_training_rows(rows, request.user)
            messages.success(
                request, f"已导入 {added} 条培训记录" + (f"，跳过 {skipped} 条已导入的记录。" if skipped else "。")
            )
            return redirect(reverse(TrainingRecord.snippet_viewset.get_url_name("list")))
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        try:
            result = importing.read(form.cleaned_data["file"], form.cleaned_data["provider"])
        except ValueError as error:
            form.add_error("file", str(error))
            return self.render(request, form=form)
        signed = (
            signing.dumps(result.rows, salt=SIGNING_SALT, compress=True) if result.rows and not result.errors else ""
        )
        return self.render(request, form=form, result=result, signed=signed)


class ActivityAdminViewSet(ViewSet):
    """活动管理: the activities with their counts, one activity's page, 签到, 结束活动, 导入培训记录."""

    name = "activities_admin"
    url_prefix = "activities"
    icon = "date"
    menu_label = "活动管理"
    menu_name = "activity-management"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("", ActivityIndexView.as_view(), name="index"),
            path("<int:pk>/", ActivityView.as_view(), name="activity"),
            path("<int:pk>/check-in/", CheckInView.as_view(), name="check_in"),
            path("<int:pk>/attachments.zip", AttachmentsZipView.as_view(), name="attachments"),
            path("<int:pk>/close/", CloseView.as_view(), name="close"),
            path("training/import/", TrainingImportView.as_view(), name="training_import"),
        ]

    def get_menu_item(self, order=None):
        return ManagerMenuItem(self.menu_label, reverse("activities_admin:index"), name=self.menu_name,
                               icon_name=self.icon, order=order or 100)  # fmt: skip


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


# --- the dashboard and the roster page ------------------------------------------------------------


def staff_queues(user) -> list[StaffQueue]:
    """活动管理's queues: activities begun but not yet closed (签到 and 结束活动 wait), and the
    leave requests (请假) of activities still to come, for the seating."""
    if not may_manage(user):
        return []
    now = timezone.now()
    listing = reverse(SignUp.snippet_viewset.get_url_name("list"))
    return [
        StaffQueue.waiting(
            "已开始、待结束的活动",
            ActivityPage.objects.filter(starts_at__lte=now, ledger__closed_at__isnull=True),
            "starts_at",
            reverse("activities_admin:index"),
            role=roles.ACTIVITY_MANAGERS,
        ),
        StaffQueue.waiting(
            "待开始活动的请假",
            LeaveRequest.objects.filter(signup__state=S.ON_LEAVE, signup__activity__starts_at__gt=now),
            "created_at",
            f"{listing}?state={S.ON_LEAVE}&upcoming=true",
            role=roles.ACTIVITY_MANAGERS,
        ),
    ]


def member_related_records(request, member):
    """A lawyer's sign-ups and 培训记录 on his roster page."""
    if not isinstance(member, Lawyer) or not may_manage(request.user):
        return []
    signups = SignUp.objects.filter(attendee=member).select_related("activity")
    rows = [
        (
            signup.activity.title,
            reverse(SignUp.snippet_viewset.get_url_name("inspect"), args=[quote(signup.pk)]),
            f"{signup.get_state_display()} · 报名时间 {local_time(signup.created_at)}",
        )
        for signup in signups.order_by("-created_at", "-pk")[:10]
    ]
    records = TrainingRecord.objects.filter(lawyer=member)
    record_rows = [
        (
            record.course,
            "",
            f"{record.date:%Y-%m-%d} · {record.get_training_type_display()} · {record.hours} 学时 · {record.source_label}",
        )
        for record in records.order_by("-date", "-pk")[:10]
    ]
    return [
        RelatedRecords("activity_signups", "活动报名", rows, total=signups.count(), empty="暂无活动报名。"),
        RelatedRecords("training_records", "培训记录", record_rows, total=records.count(), empty="暂无培训记录。"),
    ]
