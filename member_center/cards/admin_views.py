"""Staff screens of 会员卡 in the Wagtail admin: the pipeline (filters by state and kind, search by
name or licence number, bulk moves along the states), one application's page (受理, 驳回 with a
reason, 制卡, 制卡完成 with where and when to collect, 验卡, 领取, the history), 制卡导出 (a batch
for the card printer: an xlsx and the photos named by licence number, in one zip) and the counts.

Nothing here changes an application by itself: every change goes through cards.services."""

import io
import zipfile

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views

from member_center import roles
from member_center.admin_views import RelatedRecords
from member_center.models import Lawyer
from portal.dashboard import StaffQueue
from portal.review import ReviewAction, ReviewQueueMixin, ReviewView, reason_form
from portal.staff import (
    ActOnlyPermissionPolicy,
    ChunkedExportMixin,
    StateBulkAction,
    audit_history,
    forbidden,
    local_time,
)
from portal.workflow import WorkflowError

from . import services
from .models import ApplicationKind, ApplicationState, CardApplication, CardBatch, verify_url

S = ApplicationState
NO_PERMISSION = "您没有办理会员卡的权限。"


class CardPermissionPolicy(ActOnlyPermissionPolicy):
    acting = ("handle", "handle")


def card_policy() -> CardPermissionPolicy:
    return policy_registry.get_by_type(CardApplication)


# --- the pipeline --------------------------------------------------------------------------------


class ApplicationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=S.choices, empty_label="全部", widget=forms.RadioSelect)
    kind = django_filters.ChoiceFilter(label="类型", choices=ApplicationKind.choices, empty_label="全部")
    # A batch moves through the workshop together: staff select it whole (制卡, 制卡完成, 验卡).
    batch = django_filters.ModelChoiceFilter(
        label="制卡批次", queryset=CardBatch.objects.order_by("-created_at", "-pk"), empty_label="全部"
    )

    class Meta:
        model = CardApplication
        fields = []


def search_applications(queryset, query: str):
    """姓名, 执业证号 or 申请编号."""
    query = (query or "").strip()
    if not query:
        return queryset
    return queryset.filter(
        # card_number as iexact too: each arm then has its trigram index on PostgreSQL, for one
        # BitmapOr (an arm without an index makes the OR read every row).
        Q(name__icontains=query)
        | Q(licence_no__icontains=query)
        | Q(number__iexact=query)
        | Q(card_number__iexact=query)
    )


EXPORT_VALUES = {
    "kind": lambda a: a.get_kind_display(),
    "state": lambda a: a.get_state_display(),
    "batch": lambda a: a.batch.number if a.batch_id else "",
}


class ApplicationIndexView(ReviewQueueMixin, ChunkedExportMixin, snippet_views.IndexView):
    policy_action = "handle"
    workflow = services.APPLICATION
    transition = "accept"
    row_action_label = "受理"
    page_title = "会员卡申请"
    export_values = EXPORT_VALUES
    sheet_title = "会员卡申请"

    def search_queryset(self, queryset):
        return search_applications(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        if not self.ordering:
            return queryset.order_by("created_at", "pk")  # oldest first: first come, first made
        ordering = self.ordering
        return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.can_act:
            buttons.append(HeaderButton("制卡导出", url=reverse("cards_admin:export_batch"), icon_name="download"))
        return buttons


class PickupForm(forms.Form):
    """制卡完成: where and when to collect, which the member's notice states (one application's
    page, or a whole batch at once)."""

    pickup_place = forms.CharField(label="领取地点", max_length=200, required=False)
    pickup_time = forms.CharField(label="领取时间", max_length=100, required=False, help_text="例如：工作日 9:00–17:00")


def _bulk(move: str, label: str, source: str, form_class=forms.Form):
    """A bulk move along the states (e.g. 制卡中 → 已制卡 for a batch, 已制卡 → 已验卡)."""
    target = S(services.APPLICATION[move].target).label
    return type(
        f"{move.title()}ApplicationsBulkAction",
        (StateBulkAction,),
        {
            "display_name": f"批量{label}",
            "action_type": f"card_{move}",
            "aria_label": f"{label}所选的会员卡申请",
            "template_name": "cards/admin/bulk_move.html",
            "models": [CardApplication],
            "policy_action": "handle",
            "forbidden_message": NO_PERMISSION,
            "select_related": ("lawyer",),
            "ordering": ("created_at", "pk"),
            "workflow": services.APPLICATION,
            "transition": move,
            "filterset_class": ApplicationFilterSet,
            "search": staticmethod(search_applications),
            "link_to_review": True,
            "run_many": staticmethod(services.move_many(move)),
            "done_message": f"已将 {{count}} 份会员卡申请转为“{target}”，申请人会收到通知。",
            "skipped_message": f"跳过 {{count}} 份不是“{source}”的申请：{{rows}}",
            "skipped_name": staticmethod(lambda a: f"{a.number} {a.name}（{a.get_state_display()}）"),
            "move_label": label,
            "target_label": target,
            "form_class": form_class,
        },
    )


BULK_ACTIONS = [
    _bulk("accept", "受理", "待审核"),
    _bulk("make", "制卡", "已印制"),
    _bulk("made", "制卡完成", "制卡中", form_class=PickupForm),
    _bulk("check", "验卡", "已制卡"),
    _bulk("collect", "领取", "已验卡"),
]


# --- one application -----------------------------------------------------------------------------


def _say(done: str):
    def message(application, user, data):
        return done.format(number=application.number, name=application.name)

    return message


def _run(fn, done):
    def run(application, user, data):
        fn(application, user)
        return done.format(number=application.number, name=application.name)

    return run


def _reject(application, user, data):
    services.reject(application, user, data["reason"])
    return f"已驳回 {application.name} 的会员卡申请，申请人会收到通知。"


def _made(application, user, data):
    services.made(application, user, data["pickup_place"], data["pickup_time"])
    return f"{application.name} 的会员卡已制卡，已通知领取时间和地点。"


class ApplicationReviewView(ReviewView):
    template_name = "cards/admin/application_review.html"
    page_title = "会员卡申请"
    policy_action = "handle"
    forbidden_message = NO_PERMISSION
    select_related = ("lawyer__firm", "batch", "replaces")
    actions = [
        ReviewAction("accept", services.APPLICATION, _run(services.accept, "已受理 {name} 的会员卡申请。")),
        ReviewAction("make", services.APPLICATION, _run(services.make, "{name} 的会员卡已进入制卡。")),
        ReviewAction("made", services.APPLICATION, _made, form_class=PickupForm, heading="制卡完成",
                     hint="申请人会收到领取时间和地点的通知。"),
        ReviewAction("check", services.APPLICATION, _run(services.check, "{name} 的会员卡已验卡。")),
        ReviewAction("collect", services.APPLICATION, _run(services.collect, "{name} 已领取会员卡，卡片已启用。")),
        ReviewAction(
            "reject", services.APPLICATION, _reject, form_class=reason_form("驳回理由"), heading="驳回",
            hint="驳回理由会告知申请人，如：照片不符合证件照要求。", classname="button button-secondary serious",
        ),
    ]  # fmt: skip

    def get_page_subtitle(self):
        return f"{self.object.number} {self.object.name}"

    def panel_context(self) -> dict:
        application = self.object
        card = getattr(application, "card", None)
        return {
            "application": application,
            "photo_url": reverse("cards:photo", args=[application.number]),
            "created_at": local_time(application.created_at),
            "card": card,
            "card_history": audit_history(card) if card is not None else [],
            "roster_url": reverse("lawyer:inspect", args=[quote(application.lawyer_id)])
            if self.request.user.has_perm("member_center.view_lawyer")
            else "",
        }


# --- 制卡导出 ---------------------------------------------------------------------------------

EXPORT_HEADINGS = [
    "卡号",
    "姓名",
    "性别",
    "执业证号",
    "执业机构",
    "执业类别",
    "类型",
    "申请编号",
    "照片文件",
    "验证链接",
]


def batch_zip(batch: CardBatch) -> bytes:
    """The printer's zip: 制卡清单.xlsx (one row per card) and photos/<执业证号>.jpg."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="制卡清单")
    sheet.append(EXPORT_HEADINGS)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for application in batch.applications.order_by("pk").iterator(chunk_size=500):
            photo_name = f"photos/{application.licence_no}.jpg"
            sheet.append(
                [
                    application.card_number, application.name, application.gender, application.licence_no,
                    application.firm_name, application.practice_type, application.get_kind_display(),
                    application.number, photo_name,
                    verify_url(application.card_token) if application.card_token else "",
                ]
            )  # fmt: skip
            with application.photo.open("rb") as handle:
                archive.writestr(photo_name, handle.read())
        sheet_bytes = io.BytesIO()
        workbook.save(sheet_bytes)
        archive.writestr("制卡清单.xlsx", sheet_bytes.getvalue())
    return output.getvalue()


def export_batch(request):
    """制卡导出: every 已受理 application (of the chosen kind) into a new batch, moved to 已印制."""
    if not card_policy().user_has_permission(request.user, "handle"):
        return forbidden(request, NO_PERMISSION)
    listing = reverse(CardApplication.snippet_viewset.get_url_name("list"))
    accepted = CardApplication.objects.filter(state=S.ACCEPTED)
    if request.method != "POST":
        context = {"count": accepted.count(), "kinds": ApplicationKind.choices, "listing": listing}
        return TemplateResponse(request, "cards/admin/export_batch.html", context)
    kind = request.POST.get("kind", "")
    if kind in ApplicationKind.values:
        accepted = accepted.filter(kind=kind)
    try:
        batch = services.export_batch(list(accepted.values_list("pk", flat=True)), request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(listing)
    messages.success(request, f"已生成制卡批次 {batch.number}（{batch.size} 份），申请已转为“已印制”。")
    return redirect(reverse(CardBatch.snippet_viewset.get_url_name("list")))


def download_batch(request, pk):
    if not card_policy().user_has_permission(request.user, "view"):
        return forbidden(request, NO_PERMISSION)
    batch = get_object_or_404(CardBatch, pk=pk)
    response = HttpResponse(batch_zip(batch), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"制卡批次-{batch.number}.zip")
    return response


# --- the dashboard and the roster page --------------------------------------------------------------


# What each state of the card pipeline waits for, in the pipeline's order (已领取, 已驳回 and
# 已撤消 wait for nobody). The oldest is by the last change of the application, the closest the
# model keeps to "since it entered this state".
CARD_QUEUES = [
    (S.PENDING, "待审核的会员卡申请", "created_at"),
    (S.ACCEPTED, "已受理、待制卡导出的会员卡申请", "updated_at"),
    (S.PRINTED, "已印制、待制卡的会员卡申请", "updated_at"),
    (S.MAKING, "制卡中的会员卡申请", "updated_at"),
    (S.MADE, "已制卡、待验卡的会员卡申请", "updated_at"),
    (S.CHECKED, "已验卡、待领取的会员卡", "updated_at"),
]


def staff_queues(user) -> list[StaffQueue]:
    """制卡 by state, for the dashboard's 待办与概况 and the weekly summary."""
    if not card_policy().user_has_permission(user, "view"):
        return []
    listing = reverse(CardApplication.snippet_viewset.get_url_name("list"))
    queues = [(label, Q(state=state), since, f"{listing}?state={state}") for state, label, since in CARD_QUEUES]
    waiting = CardApplication.objects.filter(state__in=[state for state, _, _ in CARD_QUEUES])  # by the state index
    return StaffQueue.waiting_in(waiting, queues, role=roles.MEMBER_MANAGERS)


def member_related_records(request, member):
    if not isinstance(member, Lawyer) or not card_policy().user_has_permission(request.user, "view"):
        return []
    applications = member.card_applications.all()
    rows = [
        (
            f"{a.number} {a.get_kind_display()}",
            reverse(CardApplication.snippet_viewset.get_url_name("inspect"), args=[quote(a.pk)]),
            f"{a.get_state_display()} · 申请时间 {local_time(a.created_at)}",
        )
        for a in applications.only("pk", "number", "kind", "state", "created_at").order_by("-created_at", "-pk")[:10]
    ]
    cards = [
        (f"会员卡 {card.number}", "", f"{card.get_status_display()} · 发卡日期 {card.issued_on:%Y-%m-%d}")
        for card in member.member_cards.order_by("-issued_on", "-pk")[:10]
    ]
    return [
        RelatedRecords(
            "cards", "会员卡", cards + rows, total=applications.count() + len(cards), empty="暂无会员卡申请。"
        )
    ]
