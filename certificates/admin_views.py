"""Staff screens of the electronic certificates in the Wagtail admin (manual 001, the
association's side): the review queue of applications with its review page, bulk approval and
export; the certificate types with their live preview; and the 新增律师 requests.

Nothing here changes an application or a request by itself: every move goes through
certificates.services, which refuses what is not allowed with a message shown as it is."""

import re

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import View
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views

from member_center import roles
from member_center.admin_views import RelatedRecords
from member_center.models import Firm, Lawyer
from portal.dashboard import StaffQueue
from portal.review import ReviewAction, ReviewQueueMixin, ReviewView, reason_form, text_form
from portal.search import any_of
from portal.staff import (
    ActOnlyPermissionPolicy,
    ChunkedExportMixin,
    StateBulkAction,
    local_time,
    person_name,
)

from . import services
from .models import (
    AdditionState,
    ApplicationState,
    CertificateApplication,
    CertificateType,
    LawyerAdditionRequest,
    PaperStatus,
)
from .rendering import application_certificate_context
from .wording import chinese_date

# --- permissions ------------------------------------------------------------------------------


class ApplicationPermissionPolicy(ActOnlyPermissionPolicy):
    """Applications: "review" needs certificates.review_certificateapplication."""

    acting = ("review", "review")


class AdditionPermissionPolicy(ActOnlyPermissionPolicy):
    """新增律师 requests: "decide" (确认 / 驳回) needs the model's change permission."""

    acting = ("decide", "change")


def application_policy() -> ApplicationPermissionPolicy:
    return policy_registry.get_by_type(CertificateApplication)


def addition_policy() -> AdditionPermissionPolicy:
    return policy_registry.get_by_type(LawyerAdditionRequest)


# --- small display helpers --------------------------------------------------------------------


def paper_summary(application: CertificateApplication) -> str:
    """纸质证明 in one line: 不需要, or 2 份，邮寄，待邮寄."""
    if not application.paper_needed:
        return "不需要"
    parts = [f"{application.paper_copies or 1} 份", application.get_paper_delivery_display()]
    if application.paper_status:
        parts.append(application.get_paper_status_display())
    return "，".join(part for part in parts if part)


# --- 电子证明申请: the review queue ---------------------------------------------------------------

PAPER_FILTER_CHOICES = [(value, label) for value, label in PaperStatus.choices if value]


class ApplicationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="状态", choices=ApplicationState.choices, empty_label="全部", widget=forms.RadioSelect
    )
    certificate_type = django_filters.ModelChoiceFilter(
        label="申请类型", queryset=CertificateType.objects.order_by("sort_order", "pk"), empty_label="全部"
    )
    submitted_at = django_filters.DateFromToRangeFilter(label="申请时间", widget=DateRangePickerWidget)
    paper_status = django_filters.ChoiceFilter(
        label="纸质证明", choices=PAPER_FILTER_CHOICES, empty_label="全部", widget=forms.RadioSelect
    )

    class Meta:
        model = CertificateApplication
        fields = []


FULL_NUMBER = re.compile(r"\d{10}")


def search_applications(queryset, query: str):
    """编号, 申请人 or a covered lawyer's name, as the listing's search box does it (ORM
    icontains). A whole number (YYMMDDNNNN) is looked up exactly, through its unique index: on a
    large table a “contains” over the newest-first index reads every row to find one."""
    query = (query or "").strip()
    if not query:
        return queryset
    if FULL_NUMBER.fullmatch(query):
        return queryset.filter(number=query)
    # Two arms of a UNION (portal.search), each on its own trigram index on PostgreSQL; an
    # application covering two matching lawyers is still one row.
    own = CertificateApplication.objects.filter(Q(number__icontains=query) | Q(applicant_name__icontains=query))
    covering = CertificateApplication.lawyers.through.objects.filter(lawyer__name__icontains=query)
    return any_of(queryset, own.values("pk"), covering.values("certificateapplication_id"))


EXPORT_VALUES = {
    "certificate_type": lambda a: a.certificate_type.name,
    "state": lambda a: a.get_state_display(),
    "paper": paper_summary,
}


class ApproveApplicationsBulkAction(StateBulkAction):
    """批量通过: every selected pending application through services.approve; the others are
    skipped and named."""

    display_name = "批量通过"
    action_type = "approve"
    aria_label = "通过所选的电子证明申请"
    template_name = "certificates/admin/bulk_approve.html"
    models = [CertificateApplication]

    policy_action = "review"
    forbidden_message = "您没有审核电子证明申请的权限。"
    select_related = ("certificate_type",)
    deferred = ("snapshot", "review_evidence")
    ordering = ("-submitted_at", "-pk")
    workflow = services.APPLICATION
    transition = "approve"
    filterset_class = ApplicationFilterSet
    search = search_applications
    link_to_review = True

    run_many = staticmethod(services.approve_many)
    done_message = "已通过 {count} 份申请。"
    skipped_message = "跳过 {count} 份不是待审批状态的申请：{rows}"

    @staticmethod
    def skipped_name(application) -> str:
        return f"{application.number}（{application.get_state_display()}）"


class ApplicationIndexView(ReviewQueueMixin, ChunkedExportMixin, snippet_views.IndexView):
    """The queue: newest first, filters, search, bulk 通过 and an export of what is filtered."""

    workflow = services.APPLICATION
    transition = "approve"

    select_all_label = "选择列表中全部待审批的申请"  # staff/state_index.html

    page_title = "电子证明申请"
    export_values = EXPORT_VALUES
    sheet_title = "电子证明申请"

    def search_queryset(self, queryset):
        return search_applications(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        if self.ordering in ("submitted_at", "-submitted_at"):
            # A stable order for paging; matches the (-submitted_at, -id) index.
            queryset = queryset.order_by(self.ordering, "-pk" if self.ordering.startswith("-") else "pk")
        return queryset


def _approve(application, user, data):
    services.approve(application, by=user)
    return f"已通过申请 {application.number}。"


def _reject(application, user, data):
    services.reject(application, by=user, reason=data["reason"])
    return f"已驳回申请 {application.number}。"


def _revoke(application, user, data):
    services.revoke(application, by=user, reason=data["reason"])
    return f"已撤销证明 {application.number}。"


def _pick_up(application, user, data):
    services.advance_paper(application, by=user, move="pick_up")
    return "纸质证明已领取。"


def _post(application, user, data):
    services.advance_paper(application, by=user, tracking_number=data["tracking_number"], move="post")
    return "纸质证明已邮寄。"


class ApplicationReviewView(ReviewView):
    """One application: what the member submitted, the certificate as it will be issued, the
    system review's evidence, the audit history, the e-mails; and the review actions."""

    template_name = "certificates/admin/application_review.html"
    page_title = "申请审核"
    select_related = ("certificate_type", "reviewed_by")
    forbidden_message = "您没有审核电子证明申请的权限。"
    actions = [
        ReviewAction(
            "approve", services.APPLICATION, _approve, button="通过", heading="审核通过",
            hint="通过后即出具证明并生成证明文件，申请人可下载或发送邮箱。",
        ),
        ReviewAction(
            "reject", services.APPLICATION, _reject, form_class=reason_form("驳回理由", hint="驳回理由会显示给申请人。"),
            classname="button button-secondary serious",
        ),
        ReviewAction(
            "revoke", services.APPLICATION, _revoke,
            form_class=reason_form("撤销理由", hint="撤销后证明不能再下载，验证时显示为已撤销。"),
            classname="button button-secondary serious",
        ),
        ReviewAction("pick_up", services.PAPER, _pick_up, button="标记已领取", heading="纸质证明：待领取"),
        ReviewAction(
            "post", services.PAPER, _post, form_class=text_form("tracking_number", "快递单号"),
            button="标记已邮寄", heading="纸质证明：待邮寄",
        ),
    ]  # fmt: skip

    pdf_url_name = None

    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if self.object.pdf:
            buttons.append(
                Button(
                    "下载证明文件",
                    url=reverse(self.pdf_url_name, args=[quote(self.object.pk)]),
                    icon_name="download",
                )
            )
        return buttons

    # --- what the page shows ------------------------------------------------------------------

    def evidence_context(self) -> dict | None:
        application = self.object
        evidence = application.review_evidence or None
        live = False
        if not evidence and application.state == ApplicationState.PENDING:
            # Manual types skip the system review: check now, for the reviewer's information.
            evidence = services.discipline_check(application)
            live = True
        if not evidence:
            return None
        firm_names = list(Firm.objects.filter(pk__in=evidence.get("firm_ids", [])).values_list("name", flat=True))
        lawyers = list(
            Lawyer.objects.filter(pk__in=evidence.get("lawyer_ids", []))
            .order_by("name", "licence_no")
            .values("name", "licence_no")
        )
        period = evidence.get("period") or ["", ""]
        return {
            "live": live,
            "period": f"{chinese_date(period[0])} 至 {chinese_date(period[1])}",
            "firms": firm_names,
            "lawyers": lawyers,
            "records": [
                {**record, "decided_on": chinese_date(record.get("decided_on"))}
                for record in evidence.get("records", [])
            ],
            "checked_at": local_time(evidence.get("checked_at")),
        }

    def panel_context(self) -> dict:
        application = self.object
        return {
            "application": application,
            "certificate": application_certificate_context(application),
            "lawyers": application.snapshot.get("lawyers", []),
            "paper": paper_summary(application),
            "evidence": self.evidence_context(),
            "emails": list(application.emails.all()),
            "submitted_at": local_time(application.submitted_at),
            "reviewed_at": local_time(application.reviewed_at),
            "revoked_at": local_time(application.revoked_at),
            "withdrawn_at": local_time(application.withdrawn_at),
            "reviewer_name": person_name(application.reviewed_by) if application.reviewed_by_id else "—",
        }


class ApplicationPdfView(PermissionCheckedMixin, View):
    """The issued file, for staff (members download theirs in the member centre)."""

    model = CertificateApplication
    permission_required = "view"

    def get(self, request, pk):
        application = get_object_or_404(CertificateApplication, pk=unquote(str(pk)))
        if not application.pdf:
            raise Http404
        response = FileResponse(
            application.pdf.open("rb"), as_attachment=True, filename=f"电子证明-{application.number}.pdf"
        )
        response["Cache-Control"] = "private, no-store"
        return response


# --- 新增律师申请 ------------------------------------------------------------------------------------


class AdditionIndexView(ReviewQueueMixin, generic.IndexView):
    policy_action = "decide"
    workflow = services.ADDITION
    transition = "confirm"
    row_action_label = "处理"

    def get_base_queryset(self):
        return LawyerAdditionRequest.objects.select_related("firm")


def _confirm_addition(addition, user, data):
    lawyer = services.confirm_lawyer_addition(addition, by=user, note=data["note"].strip())
    return f"已确认新增律师 {lawyer.name}（{lawyer.licence_no}），已加入 {addition.firm.name} 的律师名单。"


def _reject_addition(addition, user, data):
    services.reject_lawyer_addition(addition, by=user, note=data["note"])
    return f"已驳回新增律师 {addition.name} 的申请。"


class AdditionReviewView(ReviewView):
    """One 新增律师 request, what the roster already holds under the same numbers, and the
    确认 / 驳回 actions."""

    template_name = "certificates/admin/addition_review.html"
    page_title = "新增律师申请"
    select_related = ("firm", "lawyer", "decided_by")
    policy_action = "decide"
    forbidden_message = "您没有处理新增律师申请的权限。"
    actions = [
        ReviewAction(
            "confirm", services.ADDITION, _confirm_addition, button="确认", heading="确认新增",
            form_class=reason_form("处理意见（可不填）", name="note"),
            hint="请先与司法行政机关的执业名册核对。确认后该律师加入本所的律师名单。",
        ),
        ReviewAction(
            "reject", services.ADDITION, _reject_addition, button="驳回",
            form_class=reason_form("驳回理由", hint="驳回理由会显示给律所。", name="note"), classname="button button-secondary serious",
        ),
    ]  # fmt: skip

    def panel_context(self) -> dict:
        addition = self.object
        return {
            "addition": addition,
            "pending": addition.state == AdditionState.PENDING,
            "conflicts": list(
                Lawyer.objects.filter(
                    Q(licence_no=addition.licence_no) | Q(id_number__iexact=addition.id_number)
                ).select_related("firm")
            ),
            "created_at": local_time(addition.created_at),
            "decided_at": local_time(addition.decided_at),
            "decider_name": person_name(addition.decided_by) if addition.decided_by_id else "—",
        }


# --- the staff dashboard -------------------------------------------------------------------------


def staff_queues(user) -> list[StaffQueue]:
    """What waits for staff in the certificates (the dashboard's 待办与概况, the weekly summary)."""
    queues = []
    if application_policy().user_has_permission(user, "view"):
        pending = Q(state=ApplicationState.PENDING)
        passed = Q(state=ApplicationState.PASSED)  # a revoked certificate's copy is not handed out
        to_post = passed & Q(paper_status=PaperStatus.AWAITING_POST)
        to_pick_up = passed & Q(paper_status=PaperStatus.AWAITING_PICKUP)
        listing = reverse(CertificateApplication.snippet_viewset.get_url_name("list"))
        paper = f"{listing}?state={ApplicationState.PASSED}&paper_status="
        queues += StaffQueue.waiting_in(
            CertificateApplication.objects.filter(pending | to_post | to_pick_up),  # only the rows counted
            [
                ("待审批的电子证明", pending, "submitted_at", f"{listing}?state={ApplicationState.PENDING}"),
                ("待邮寄的纸质证明", to_post, "reviewed_at", f"{paper}{PaperStatus.AWAITING_POST}"),
                ("待领取的纸质证明", to_pick_up, "reviewed_at", f"{paper}{PaperStatus.AWAITING_PICKUP}"),
            ],
            role=roles.CERTIFICATE_REVIEWERS,
        )
    if addition_policy().user_has_permission(user, "view"):
        queues.append(
            StaffQueue.waiting(
                "待确认的新增律师",
                LawyerAdditionRequest.objects.filter(state=AdditionState.PENDING),
                "created_at",
                f"{reverse('lawyer_additions:index')}?state={AdditionState.PENDING}",
                role=roles.MEMBER_MANAGERS,  # it changes the roster; 证明审核 may confirm too
            )
        )
    return queues


def member_related_records(request, member):
    """The member's certificate applications on his roster page: those he applied for and, for a
    lawyer, those that name him (a firm's certificate covering him)."""
    if not application_policy().user_has_permission(request.user, "view"):
        return []
    if isinstance(member, Lawyer):
        covering = CertificateApplication.lawyers.through.objects.filter(
            certificateapplication_id=OuterRef("pk"), lawyer_id=member.pk
        )
        applications = CertificateApplication.objects.filter(Q(applicant_lawyer=member) | Exists(covering))
    else:
        applications = CertificateApplication.objects.filter(applicant_firm=member)
    latest = applications.select_related("certificate_type").defer("snapshot", "review_evidence")
    rows = [
        (
            f"{application.number} {application.certificate_type.name}",
            reverse(CertificateApplication.snippet_viewset.get_url_name("inspect"), args=[quote(application.pk)]),
            f"{application.applicant_name} · {application.get_state_display()} · 申请时间 {local_time(application.submitted_at)}",
        )
        for application in latest.order_by("-submitted_at", "-pk")[:10]
    ]
    return [
        RelatedRecords("certificates", "电子证明申请", rows, total=applications.count(), empty="暂无电子证明申请。")
    ]
