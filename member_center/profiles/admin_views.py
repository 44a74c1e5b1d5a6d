"""Staff screens of the lawyers' profiles in the Wagtail admin (manual 002 §3, the association's
side): the review queue (律师档案) with its review page, 通过 / 驳回, 批量通过 and export; and
the change log (档案变更) with 标记已处理.

Staff never edit a lawyer's profile: they look, and act through member_center.profiles.services,
which refuses what is not allowed with a message shown as it is. The permission policy, the 403
page, the display helpers, the audit history, the export and the bulk actions' base are
portal.staff's, shared with the certificates, so both queues behave alike."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views

from member_center import roles
from member_center.admin_views import RelatedRecords
from member_center.models import Lawyer
from portal import printing
from portal.dashboard import StaffQueue
from portal.review import ReviewAction, ReviewQueueMixin, ReviewView, reason_form
from portal.staff import (
    ActOnlyPermissionPolicy,
    ChunkedExportMixin,
    StateBulkAction,
    forbidden,
    local_time,
    person_name,
)
from portal.storage import private_file_response

from . import rendering, services
from .display import EMPTY
from .models import ChangeState, Profile, ProfileChange, ProfileState
from .sections import PREFETCH_ALL
from .steps import STEPS_BY_KEY

# --- permissions ------------------------------------------------------------------------------


class ProfilePermissionPolicy(ActOnlyPermissionPolicy):
    """Profiles: "review" (通过 / 驳回 / 批量通过) needs profiles.review_profile."""

    acting = ("review", "review")


class ProfileChangePermissionPolicy(ActOnlyPermissionPolicy):
    """The change log: "process" (标记已处理) needs the model's change permission."""

    acting = ("process", "change")


def profile_policy() -> ProfilePermissionPolicy:
    return policy_registry.get_by_type(Profile)


def change_policy() -> ProfileChangePermissionPolicy:
    return policy_registry.get_by_type(ProfileChange)


NO_REVIEW_PERMISSION = "您没有审核律师档案的权限。"
NO_VIEW_PERMISSION = "您没有查看律师档案的权限。"
NO_PROCESS_PERMISSION = "您没有处理档案变更的权限。"


# --- showing a value ----------------------------------------------------------------------------


def label_of(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def lawyer_name(profile: Profile) -> str:
    return profile.lawyer.name


def firm_name(profile: Profile) -> str:
    return profile.lawyer.firm.name if profile.lawyer.firm_id else "—"


# --- 律师档案: the review queue ------------------------------------------------------------------


class ProfileFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="审核状态", choices=ProfileState.choices, empty_label="全部", widget=forms.RadioSelect
    )
    # A text filter: a drop-down of every firm would make the page grow with the roster.
    firm = django_filters.CharFilter(field_name="lawyer__firm__name", lookup_expr="icontains", label="执业机构")
    submitted_at = django_filters.DateFromToRangeFilter(label="提交时间", widget=DateRangePickerWidget)

    class Meta:
        model = Profile
        fields = []


# Up to this many matching lawyers go into the listing's query as ids; more, as a subquery.
FEW_LAWYERS = 500


def search_by_lawyer(lawyer_path: str):
    """The search box of a listing whose rows lead to a lawyer through `lawyer_path`: 姓名 or 执业证号."""

    def search(queryset, query: str):
        query = (query or "").strip()
        if not query:
            return queryset
        # The lawyers first, by their own (trigram) indexes, then their rows: not an OR across the
        # join. As ids when few: the change log's listing joins more tables than PostgreSQL
        # reorders (join_collapse_limit), and would join every row before a subquery's few.
        lawyers = Lawyer.objects.filter(Q(name__icontains=query) | Q(licence_no__icontains=query)).values_list(
            "pk", flat=True
        )
        few = list(lawyers[: FEW_LAWYERS + 1])
        return queryset.filter(**{f"{lawyer_path}__in": few if len(few) <= FEW_LAWYERS else lawyers})

    return search


search_profiles = search_by_lawyer("lawyer")


def queue_order(queryset):
    """审核中 first, then the newest submitted (never-submitted drafts last)."""
    rank = Case(When(state=ProfileState.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(queue_rank=rank).order_by("queue_rank", F("submitted_at").desc(nulls_last=True), "-pk")


PROFILE_EXPORT_VALUES = {
    "lawyer_name": lawyer_name,
    "gender": lambda p: p.lawyer.get_gender_display(),
    "licence_no": lambda p: p.lawyer.licence_no,
    "firm": firm_name,
    "practice_type": lambda p: p.lawyer.get_practice_type_display(),
    "state": lambda p: p.get_state_display(),
    "id_document_no": lambda p: p.id_document_no,
    "birth_date": lambda p: p.birth_date,
    "ethnicity": lambda p: p.ethnicity,
    "native_place": lambda p: p.native_place,
    "political_status": lambda p: "、".join(p.political_status or []),
    "education": lambda p: p.highest_education,
    "degree": lambda p: p.highest_degree,
    "practice_areas": lambda p: "、".join(p.practice_areas or []),
    "title": lambda p: p.get_title_display() if p.title else "",
    "reviewed_by": lambda p: person_name(p.reviewed_by) if p.reviewed_by_id else "",
}


class ProfileIndexView(ReviewQueueMixin, ChunkedExportMixin, snippet_views.IndexView):
    """The queue: 审核中 first, filters, search, 批量通过 and an export of what is filtered."""

    workflow = services.PROFILE
    transition = "approve"

    select_all_label = "选择列表中全部审核中的档案"  # staff/state_index.html

    page_title = "律师档案"
    export_values = PROFILE_EXPORT_VALUES
    sheet_title = "律师档案"

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if isinstance(column, TitleColumn):
                column.label = "姓名"  # not Wagtail's "律师 姓名" for lawyer__name
        return columns

    def search_queryset(self, queryset):
        return search_profiles(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        if not self.ordering:
            return queue_order(queryset)
        ordering = self.ordering
        return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")


# --- the review page ----------------------------------------------------------------------------


def roster_rows(profile: Profile) -> list[dict]:
    """执业信息 as the lawyer sees it in step 1 (full ID number: authorised staff), plus what only
    staff need."""
    lawyer = profile.lawyer
    return [
        *rendering.roster_rows(profile),
        {"label": "会员编号", "value": lawyer.member_no or EMPTY},
        {"label": "执业状态", "value": lawyer.get_status_display()},
    ]


def _approve(profile, user, data):
    services.approve(profile, by=user, opinion=data["opinion"])
    return f"已通过 {profile.lawyer.name} 的档案。"


def _reject(profile, user, data):
    services.reject(profile, by=user, opinion=data["opinion"])
    return f"已驳回 {profile.lawyer.name} 的档案，审核意见会显示给律师。"


OpinionForm = reason_form("审核意见", max_length=500, name="opinion")


class ProfileReviewView(ReviewView):
    """One lawyer's whole record as staff read it, its change log and history; for reviewers,
    通过 and 驳回 with the 审核意见 while the profile is 审核中 (one box, each button posting to
    its own action)."""

    template_name = "profiles/admin/profile_review.html"
    page_title = "律师档案审核"
    forbidden_message = NO_REVIEW_PERMISSION
    select_related = ("lawyer__firm", "lawyer__account", "reviewed_by__firm", "reviewed_by__lawyer")
    prefetch_related = PREFETCH_ALL
    actions = [
        ReviewAction("approve", services.PROFILE, _approve, form_class=OpinionForm, button="通过"),
        ReviewAction(
            "reject", services.PROFILE, _reject, form_class=OpinionForm, button="驳回",
            classname="button button-secondary serious",
        ),
    ]  # fmt: skip

    pdf_url_name = None
    photo_url_name = None

    def get_page_subtitle(self):
        return f"{self.object.lawyer.name}（{self.object.lawyer.licence_no}）"

    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        buttons.append(
            Button(
                "下载《律师基本信息登记表》",
                url=reverse(self.pdf_url_name, args=[quote(self.object.pk)]),
                icon_name="download",
            )
        )
        return buttons

    # --- what the page shows ------------------------------------------------------------------

    def panel_context(self) -> dict:
        profile = self.object
        failed = self.failed_form
        return {
            "profile": profile,
            "lawyer": profile.lawyer,
            "opinion_error": failed.errors["opinion"][0] if failed is not None and "opinion" in failed.errors else "",
            "posted_opinion": self.request.POST.get("opinion", "") if failed is not None else "",
            "photo_url": reverse(self.photo_url_name, args=[quote(profile.pk)]) if profile.photo else "",
            "roster": roster_rows(profile),
            "basic": [
                *rendering.field_rows(profile, STEPS_BY_KEY["basic"].fields),
                {"label": "学历", "value": profile.highest_education or EMPTY},
                {"label": "学位", "value": profile.highest_degree or EMPTY},
            ],
            "practice": rendering.field_rows(profile, STEPS_BY_KEY["practice_detail"].fields),
            "contact": rendering.field_rows(profile, STEPS_BY_KEY["contact"].fields),
            "basic_status": services.basic_status(profile),
            "basic_confirmed_at": local_time(profile.basic_confirmed_at),
            "sections": rendering.section_blocks(profile, all_fields=True),
            "changes": list(profile.changes.select_related("changed_by__firm", "changed_by__lawyer", "processed_by")),
            "submitted_at": local_time(profile.submitted_at),
            "reviewed_at": local_time(profile.reviewed_at),
            "reviewer_name": person_name(profile.reviewed_by) if profile.reviewed_by_id else "—",
            "changes_url": reverse(ProfileChange.snippet_viewset.get_url_name("list")),
        }


class ProfilePhotoView(View):
    """The photo on the private storage, for staff who may look at profiles."""

    def get(self, request, pk):
        if not profile_policy().user_has_permission(request.user, "view"):
            return forbidden(request, NO_VIEW_PERMISSION)
        return private_file_response(get_object_or_404(Profile, pk=unquote(str(pk))).photo, "image/jpeg")


class ProfilePdfView(View):
    """《律师基本信息登记表》 for staff (lawyers print theirs in the member centre): the stored file,
    or 生成中 while the worker lays out a changed profile (portal.printing)."""

    def get(self, request, pk):
        if not profile_policy().user_has_permission(request.user, "view"):
            return forbidden(request, NO_VIEW_PERMISSION)
        profile = get_object_or_404(Profile.objects.select_related("lawyer"), pk=unquote(str(pk)))
        name = printing.stored_or_queued(*rendering.register_html(profile))
        if name is None:
            back = reverse(Profile.snippet_viewset.get_url_name("inspect"), args=[quote(profile.pk)])
            return printing.pending(request, "登记表生成中", back, "返回档案", admin=True)
        return printing.file_response(name, f"律师基本信息登记表-{profile.lawyer.name}.pdf", as_attachment=True)


# --- 批量通过 -------------------------------------------------------------------------------------


class ApproveProfilesBulkAction(StateBulkAction):
    """批量通过: every selected profile 审核中 through services.approve_many; the others are skipped."""

    display_name = "批量通过"
    action_type = "approve"
    aria_label = "通过所选的律师档案"
    template_name = "profiles/admin/bulk_approve.html"
    models = [Profile]

    policy_action = "review"
    forbidden_message = NO_REVIEW_PERMISSION
    select_related = ("lawyer__firm",)
    ordering = (F("submitted_at").desc(nulls_last=True), "-pk")
    workflow = services.PROFILE
    transition = "approve"
    filterset_class = ProfileFilterSet
    search = search_profiles
    link_to_review = True

    run_many = staticmethod(services.approve_profiles)
    done_message = "已通过 {count} 份档案。"
    skipped_message = "跳过 {count} 份不在审核中的档案：{rows}"

    @staticmethod
    def skipped_name(profile) -> str:
        return f"{profile.lawyer.name}（{profile.get_state_display()}）"


# --- 档案变更 (近期变更) -----------------------------------------------------------------------------


class ProfileChangeFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="状态", choices=ChangeState.choices, empty_label="全部", widget=forms.RadioSelect
    )
    subject = django_filters.CharFilter(field_name="subject", lookup_expr="exact", label="变更项目")
    created_at = django_filters.DateFromToRangeFilter(label="变更时间", widget=DateRangePickerWidget)

    class Meta:
        model = ProfileChange
        fields = []


search_changes = search_by_lawyer("profile__lawyer")


def change_lawyer(change: ProfileChange) -> str:
    lawyer = change.profile.lawyer
    return f"{lawyer.name} {lawyer.licence_no}"  # a space to wrap at in a narrow column


CHANGE_EXPORT_VALUES = {
    "lawyer_name": lambda c: c.profile.lawyer.name,
    "licence_no": lambda c: c.profile.lawyer.licence_no,
    "firm": lambda c: firm_name(c.profile),
    "state": lambda c: c.get_state_display(),
    "changed_by": lambda c: person_name(c.changed_by) if c.changed_by_id else "",
    "processed_by": lambda c: person_name(c.processed_by) if c.processed_by_id else "",
}


class ProfileChangeIndexView(ReviewQueueMixin, ChunkedExportMixin, snippet_views.IndexView):
    policy_action = "process"  # the rows lead to the lawyer's profile, so no 审核 / 查看 button of their own

    select_all_label = "选择列表中全部待处理的变更"  # staff/state_index.html

    page_title = "档案变更"
    export_values = CHANGE_EXPORT_VALUES
    sheet_title = "档案变更"

    @cached_property
    def can_view_profiles(self) -> bool:
        return profile_policy().user_has_permission(self.request.user, "view")

    def profile_url(self, change: ProfileChange) -> str:
        if not self.can_view_profiles:
            return ""
        return reverse(Profile.snippet_viewset.get_url_name("inspect"), args=[quote(change.profile_id)])

    @cached_property
    def columns(self):
        columns = []
        for column in super().columns:
            if column.name == "lawyer":
                # The lawyer's name is the row's title: it leads to the profile, and the
                # selection checkbox is labelled by it.
                column = TitleColumn(
                    "lawyer",
                    label=column.label,
                    accessor=change_lawyer,
                    sort_key=column.sort_key,
                    get_url=self.profile_url,
                    get_title_id=lambda change: f"snippet_{quote(change.pk)}_title",
                )
            columns.append(column)
        return columns

    def search_queryset(self, queryset):
        return search_changes(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        ordering = self.ordering or "-created_at"
        return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")


class MarkChangesProcessedBulkAction(StateBulkAction):
    """标记已处理: the selected changes 待处理 → 已处理 through services.mark_changes_processed."""

    display_name = "标记已处理"
    action_type = "mark_processed"
    aria_label = "将所选的档案变更标记为已处理"
    template_name = "profiles/admin/bulk_mark_processed.html"
    models = [ProfileChange]

    policy_action = "process"
    forbidden_message = NO_PROCESS_PERMISSION
    select_related = ("profile__lawyer",)
    ordering = ("-created_at", "-pk")
    workflow = services.CHANGE
    transition = "process"
    filterset_class = ProfileChangeFilterSet
    search = search_changes

    def object_context(self, obj):
        return {**super().object_context(obj), "lawyer": change_lawyer(obj)}

    run_many = staticmethod(services.process_changes)
    done_message = "已将 {count} 条档案变更标记为已处理。"


# --- the staff dashboard -------------------------------------------------------------------------


def staff_queues(user) -> list[StaffQueue]:
    """What waits for staff in the profiles (the dashboard's 待办与概况, the weekly summary)."""
    queues = []
    if profile_policy().user_has_permission(user, "view"):
        listing = reverse(Profile.snippet_viewset.get_url_name("list"))
        queues.append(
            StaffQueue.waiting(
                "待审核档案",
                Profile.objects.filter(state=ProfileState.SUBMITTED),
                "submitted_at",
                f"{listing}?state={ProfileState.SUBMITTED}",
                role=roles.MEMBER_MANAGERS,
            )
        )
    if change_policy().user_has_permission(user, "view"):
        listing = reverse(ProfileChange.snippet_viewset.get_url_name("list"))
        queues.append(
            StaffQueue.waiting(
                "待处理变更",
                ProfileChange.objects.filter(state=ChangeState.PENDING),
                "created_at",
                f"{listing}?state={ChangeState.PENDING}",
                role=roles.MEMBER_MANAGERS,
            )
        )
    return queues


def member_related_records(request, member):
    """A lawyer's 律师档案 and his latest 档案变更 on his roster page."""
    if not isinstance(member, Lawyer) or not profile_policy().user_has_permission(request.user, "view"):
        return []
    profile = Profile.objects.filter(lawyer=member).first()
    if profile is None:
        return [RelatedRecords("profile", "律师档案", [], empty="尚未开始填写律师档案。")]
    review = reverse(Profile.snippet_viewset.get_url_name("inspect"), args=[quote(profile.pk)])
    detail = profile.get_state_display()
    if profile.submitted_at:
        detail += f" · 提交时间 {local_time(profile.submitted_at)}"
    records = [RelatedRecords("profile", "律师档案", [("律师档案", review, detail)], total=1)]
    if change_policy().user_has_permission(request.user, "view"):
        changes = profile.changes.all()
        rows = [
            (
                f"{change.subject} {change.action}",
                review,
                f"{change.get_state_display()} · {local_time(change.created_at)}",
            )
            for change in changes.order_by("-created_at", "-pk")[:10]
        ]
        records.append(
            RelatedRecords("profile-changes", "档案变更", rows, total=changes.count(), empty="暂无档案变更。")
        )
    return records
