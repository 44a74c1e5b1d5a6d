"""Staff screens of 公文 in the Wagtail admin: the documents (filters, search, export), one
document's page (发布, 发布更正, 追加传阅, 提醒未读, 上传附件, its 传阅情况 counts, feedback,
downloads, versions and history), and 传阅情况: who read which version when, exported to Excel.

Nothing here changes a document's state by itself: every change goes through notices.services."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db.models import F, Max
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views

from member_center import roles
from portal.dashboard import StaffQueue
from portal.review import ReviewAction, ReviewView, reason_form
from portal.staff import ActOnlyPermissionPolicy, ChunkedExportMixin, local_time, person_name
from portal.uploads.fields import MultipleFileField

from . import services
from .models import DocumentState, OfficialDocument, Recipient, Secrecy

# --- documents ---------------------------------------------------------------------------------


class DocumentFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=DocumentState.choices, empty_label="全部")
    secrecy = django_filters.ChoiceFilter(label="保密等级", choices=Secrecy.choices, empty_label="全部")

    class Meta:
        model = OfficialDocument
        fields = []


class DocumentIndexView(ChunkedExportMixin, snippet_views.IndexView):
    page_title = "公文"
    sheet_title = "公文"
    export_values = {
        "state": lambda d: d.get_state_display(),
        "secrecy": lambda d: d.get_secrecy_display(),
    }


class FilesForm(forms.Form):
    files = MultipleFileField(label="附件", rule=services.RULE, required=False,
                              help_text="图片、PDF 或 Office 文档，每个不超过 10 MB，每次最多 5 个")  # fmt: skip


def _publish(document, user, data):
    document = services.publish(document, user)
    return f"已发布公文 {document.number}，传阅 {document.recipient_count} 人，通知将陆续送达。"


def _correct(document, user, data):
    document = services.correct(document, user, data["reason"], attachments=data.get("attachments"))
    return f"已发布更正（第{document.version}版），传阅人须重新查阅。"


def correction_form(document) -> type[forms.Form]:
    """更正说明, and which of the document's files the new version carries (the current version's
    and those uploaded since, unless staff untick them; older versions keep theirs)."""

    class CorrectionForm(reason_form("更正说明")):
        attachments = forms.ModelMultipleChoiceField(
            label="随本版发布的附件", queryset=document.attachments.all(), required=False,
            widget=forms.CheckboxSelectMultiple, help_text="未勾选的附件不随新版本发布，旧版本仍保留其附件。",
        )  # fmt: skip

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            chosen = [file.pk for file in services.next_attachments(document)]
            if not self.fields["attachments"].queryset.exists():
                del self.fields["attachments"]  # nothing to choose: the new version has no files
            else:
                self.fields["attachments"].initial = chosen

    return CorrectionForm


def _add(document, user, data):
    added = services.add_recipients(document, user)
    return f"已追加传阅 {added} 人。" if added else "传阅范围中没有新的会员。"


def _remind(document, user, data):
    return f"已提醒 {services.remind_unread(document, user)} 位未读的传阅人。"


def _attach(document, user, data):
    from portal.workflow import WorkflowError

    if not data["files"]:
        raise WorkflowError("请选择要上传的附件。")
    created = services.attach_files(document, user, [checked.file for checked in data["files"]])
    return f"已上传 {len(created)} 个附件。"


def while_published(document) -> str | None:
    return "correct" if document.state == DocumentState.PUBLISHED else None


def any_state(document) -> str:
    return "correct" if document.state == DocumentState.PUBLISHED else "publish"


def document_actions(document) -> list[ReviewAction]:
    return [
        ReviewAction("publish", services.DOCUMENT, _publish, button="发布", heading="发布公文",
                     hint="发布后按传阅范围确定传阅人（此后名册变动不影响），并通知每位传阅人。"),
        ReviewAction("correct", services.DOCUMENT, _correct, form_class=correction_form(document), button="发布更正",
                     heading="发布更正", hint="将当前编辑的内容发布为新版本，传阅人须重新查阅。",
                     classname="button button-secondary"),
        ReviewAction("add_recipients", services.DOCUMENT, _add, transition=while_published, button="追加传阅",
                     heading="追加传阅", hint="按传阅范围再次确定传阅人，新增的会员将收到通知。",
                     classname="button button-secondary"),
        ReviewAction("remind", services.DOCUMENT, _remind, transition=while_published, button="提醒未读",
                     heading="提醒未读", classname="button button-secondary"),
        ReviewAction("attach", services.DOCUMENT, _attach, transition=any_state, form_class=FilesForm,
                     button="上传附件", heading="附件", classname="button button-secondary",
                     hint="已发布的公文：新上传的附件在“发布更正”后随新版本送达传阅人。"),
    ]  # fmt: skip


class DocumentReviewView(ReviewView):
    template_name = "notices/admin/document_review.html"
    page_title = "公文"
    policy_action = "publish"
    forbidden_message = "您没有发布公文的权限。"
    select_related = ("current",)

    @cached_property
    def actions(self):
        # Built per document: the 更正 form offers this document's files.
        return document_actions(self.object)

    def get_page_subtitle(self):
        return f"{self.object.number} {self.object.title}"

    def panel_context(self) -> dict:
        document = self.object
        read, total, rate = services.read_rate(document)
        receipts = reverse(Recipient.snippet_viewset.get_url_name("list"))
        viewset = OfficialDocument.snippet_viewset
        may_edit = self.request.user.has_perm("notices.change_officialdocument")
        files = list(document.attachments.all())
        versions = list(
            document.versions.select_related("published_by__firm", "published_by__lawyer").prefetch_related(
                "attachments"
            )
        )
        published = {file.pk for version in versions for file in version.attachments.all()}
        return {
            "document": document,
            "edit_url": reverse(viewset.get_url_name("edit"), args=[quote(document.pk)]) if may_edit else "",
            "circles": list(document.circles.all()),
            "files": files,
            "unpublished": [file for file in files if file.pk not in published] if document.version else [],
            "read": read,
            "total": total,
            "rate": rate,
            "receipts_url": f"{receipts}?document={document.pk}",
            "old": (
                document.recipients.filter(read_version__gt=0, read_version__lt=document.version).count()
                if document.version > 1
                else 0
            ),
            "versions": [
                {
                    "version": v,
                    "by": person_name(v.published_by) if v.published_by_id else "—",
                    "at": local_time(v.published_at),
                    "files": list(v.attachments.all()),
                }
                for v in versions
            ],
            "feedback": [
                {"item": item, "at": local_time(item.created_at)}
                for item in document.feedback.select_related("recipient").prefetch_related("attachments")
            ],
            "downloads": [
                {"name": d.recipient.name, "file": d.attachment.original_name, "at": local_time(d.downloaded_at)}
                for d in services.Download.objects.filter(recipient__document=document).select_related(
                    "recipient", "attachment"
                )[:50]
            ],
        }


# --- 传阅情况: the receipts ------------------------------------------------------------------------


class ReceiptPermissionPolicy(ActOnlyPermissionPolicy):
    """Receipts are written by members' reading only: staff look, nobody edits."""

    acting = ("view", "view")


def receipt_policy() -> ReceiptPermissionPolicy:
    return policy_registry.get_by_type(Recipient)


# 阅读情况 of the current version: a recipient may have read an earlier one only.
READ_CHOICES = [("unread", "未读当前版本"), ("old", "已阅旧版本"), ("read", "已阅")]


class ReceiptFilterSet(WagtailFilterSet):
    # Chosen on the document's page (查看传阅情况): a select of every document would grow with them.
    document = django_filters.NumberFilter(label="公文", field_name="document", widget=forms.HiddenInput)
    read = django_filters.ChoiceFilter(label="阅读情况", choices=READ_CHOICES, empty_label="全部", method="filter_read")

    class Meta:
        model = Recipient
        fields = []

    def filter_read(self, queryset, name, value):
        current = F("document__version")
        if value == "read":
            return queryset.filter(read_version__gte=current)
        if value == "unread":
            return queryset.filter(read_version__lt=current)
        if value == "old":
            return queryset.filter(read_version__gt=0, read_version__lt=current)
        return queryset


def read_label(recipient: Recipient) -> str:
    if recipient.has_read:
        return "已阅"
    if recipient.read_version:
        return f"已阅旧版本（第{recipient.read_version}版）"
    return "未读"


def read_history(recipient: Recipient) -> str:
    """Every version he opened and when: 第1版 2026-04-16 10:00；第2版 2026-04-17 09:30."""
    # The receipts are prefetched by the listing, in version order (ReadReceipt.Meta.ordering).
    return "；".join(f"第{r.version}版 {local_time(r.read_at)}" for r in recipient.receipts.all()) or "—"


def version_field(version: int) -> str:
    return f"v{version}"


class ReceiptIndexView(ChunkedExportMixin, snippet_views.IndexView):
    """传阅情况. The export is one row per recipient with one column per version (第N版阅读时间):
    staff's question is who has not read the current version yet, which a row per receipt could
    not show (an unread recipient has none), and one row per person filters and counts as the
    screen does."""

    page_title = "传阅情况"

    @cached_property
    def chosen_document(self):
        """The document whose receipts are listed (?document=), asked once per page."""
        pk = str(self.request.GET.get("document", ""))
        return (
            OfficialDocument.objects.filter(pk=pk).only("number", "title", "version").first() if pk.isdigit() else None
        )

    def get_page_subtitle(self):
        document = self.chosen_document
        return f"{document.number} {document.title}" if document else ""

    sheet_title = "传阅情况"

    @cached_property
    def versions(self) -> int:
        """How many 第N版 columns the export has: the chosen document's versions, or the most any
        listed document has (one aggregate query)."""
        if self.chosen_document is not None:
            return self.chosen_document.version
        return self.get_queryset().aggregate(most=Max("document__version"))["most"] or 0

    # Wagtail sets list_export from the viewset; the version columns follow it.
    @property
    def list_export(self):
        return [*self.receipt_columns, *(version_field(v) for v in range(1, self.versions + 1))]

    @list_export.setter
    def list_export(self, value):
        self.receipt_columns = value

    @property
    def export_values(self):
        values = {
            "document": lambda r: r.document.number,
            "title": lambda r: r.document.title,
            "read": read_label,
            "member_kind": lambda r: "律师事务所" if r.firm_id else "律师",
            "current_version": lambda r: r.document.version,
        }
        for version in range(1, self.versions + 1):
            values[version_field(version)] = lambda r, version=version: read_time(r, version)
        return values

    def get_heading(self, queryset, field):
        if field.startswith("v") and field[1:].isdigit():
            return f"第{field[1:]}版阅读时间"
        return super().get_heading(queryset, field)


def read_time(recipient: Recipient, version: int):
    return next((r.read_at for r in recipient.receipts.all() if r.version == version), None)


def staff_queues(user) -> list[StaffQueue]:
    if not user.has_perm(services.PUBLISH):
        return []
    listing = reverse(OfficialDocument.snippet_viewset.get_url_name("list"))
    return [
        StaffQueue.waiting(
            "待发布的公文",
            OfficialDocument.objects.filter(state=DocumentState.DRAFT),
            "created_at",
            f"{listing}?state={DocumentState.DRAFT}",
            role=roles.DOCUMENT_MANAGERS,
        )
    ]


def member_related_records(request, member):
    """The documents circulated to the member, newest first, with whether he read them."""
    from member_center.admin_views import RelatedRecords
    from member_center.models import Firm, Lawyer

    if not isinstance(member, Firm | Lawyer) or not request.user.has_perm(services.VIEW):
        return []
    receipts = services.documents_of(member)
    rows = [
        (
            f"{r.document.current.number} {r.document.current.title}",
            reverse(OfficialDocument.snippet_viewset.get_url_name("inspect"), args=[quote(r.document_id)]),
            f"{r.document.current.get_secrecy_display()} · {read_label(r)}"
            + (f" · 阅读时间 {local_time(r.read_at)}" if r.read_at else ""),
        )
        for r in receipts[:10]
    ]
    return [RelatedRecords("documents", "公文", rows, total=receipts.count(), empty="暂无公文。")]
