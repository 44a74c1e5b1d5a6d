"""Helpers for the staff screens in the Wagtail admin, shared by every app: the permission
policy of records staff only look at and act on through the services, the 403 page, times and
names as the screens show them, an object's audit history in words, the listings' export streamed
from the database (built by a job when large: portal.exports), and the bulk action that moves the
selected rows in one state while skipping (and naming) the others."""

import contextlib
import datetime
from io import BytesIO
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_list_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from portal.exports.target import EXPORT_TARGET_ATTR
from portal.workflow import WorkflowError, event_label

# --- permissions ------------------------------------------------------------------------------


class ActOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records staff look at ("view") and act on through the services only: no add, change or
    delete through Wagtail's generic views. `acting` maps the one action staff take to the model
    permission it needs; whoever may act may also look."""

    acting: tuple[str, str]  # (action, permission codename prefix)

    def user_has_permission(self, user, action):
        act, permission = self.acting
        if action == "view":
            return super().user_has_permission(user, "view") or super().user_has_permission(user, permission)
        if action == act:
            return super().user_has_permission(user, permission)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        act, permission = self.acting
        wanted = {"view": ["view", permission], act: [permission]}
        return super().users_with_any_permission(sorted({p for a in actions for p in wanted.get(a, [])}))


def forbidden(request, message: str) -> TemplateResponse:
    """A plain 403 inside the admin (Wagtail turns a raised PermissionDenied into a redirect)."""
    return TemplateResponse(request, "staff/forbidden.html", {"message": message}, status=403)


# --- small display helpers --------------------------------------------------------------------


def local_time(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime(fmt)


def datetime_column(name: str, label: str) -> Column:
    return Column(name, label=label, accessor=lambda obj: local_time(getattr(obj, name)), sort_key=name)


def person_name(user) -> str:
    """Staff names the Chinese way (姓 then 名); a member by the roster name. Select the
    user's firm and lawyer along with the user."""
    if user is None:
        return "系统"
    if user.firm_id or user.lawyer_id:
        return f"{(user.firm or user.lawyer).display_name}（会员）"
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


# --- the audit history ----------------------------------------------------------------------------

AUDIT_ACTIONS = {0: "创建", 1: "修改", 2: "删除", 3: "查看"}
# Details a service records with an event (portal.audit.record), in the order they are shown.
AUDIT_DETAIL_LABELS = {
    "tracking_number": "快递单号",
    "to": "收件邮箱",
    "error": "失败原因",
    "审核意见": "审核意见",
    # 名册导入: which import (and line) changed the row, a transfer's old and new firm, 注销.
    "导入": "导入",
    "行号": "行号",
    "原执业机构": "原执业机构",
    "新执业机构": "新执业机构",
    "注销日期": "注销日期",
    "注销原因": "注销原因",
}


def _shown(value, field, names=None) -> str:
    """One logged value (auditlog keeps them as strings) in words."""
    if value in (None, "None", ""):
        return "—"
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(field, models.ForeignKey) and names is not None:
        value = names.get((field.related_model, str(value)), value)
    elif isinstance(field, models.BooleanField):
        value = {"True": "是", "False": "否"}.get(str(value), value)
    elif isinstance(field, models.DateTimeField):
        with contextlib.suppress(ValueError):
            moment = datetime.datetime.fromisoformat(str(value))
            value = local_time(moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC))
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _changed_fields(entry: LogEntry, model):
    for name, values in (entry.changes_dict or {}).items():
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None  # a field since removed
        yield name, field, values


def foreign_names(entries) -> dict:
    """The rows that audit entries' changed foreign keys point at, by (model, pk): one query per
    related model for all the entries, so a page of the log does not look each one up."""
    wanted: dict = {}
    for entry in entries:
        if entry.action == LogEntry.Action.CREATE:
            continue  # its changes are not shown
        model = entry.content_type.model_class() if entry.content_type_id else None
        for _name, field, values in _changed_fields(entry, model):
            if isinstance(field, models.ForeignKey) and isinstance(values, (list, tuple)):
                pks = {str(value) for value in values if value not in (None, "None", "")}
                wanted.setdefault(field.related_model, set()).update(pks)
    names = {}
    for related, pks in wanted.items():
        queryset = related._default_manager.select_related()  # what a __str__ may read
        if related is get_user_model():
            queryset = queryset.select_related("firm", "lawyer")
            show = person_name
        else:
            show = str
        for pk, row in queryset.in_bulk([pk for pk in pks if pk.isdigit()] if _int_pk(related) else pks).items():
            names[(related, str(pk))] = show(row)
    return names


def _int_pk(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)


def describe_changes(entry: LogEntry, model, names=None, shown_elsewhere=(), reason="") -> str:
    """Field changes of one audit entry in words: 状态：待审批 → 已通过, 审核人：— → 张三.
    A field shown elsewhere in the entry (a recorded detail, or set to the entry's reason) is left out."""
    parts = []
    for name, field, values in _changed_fields(entry, model):
        if field is not None and (field.auto_created or field.many_to_many or field.one_to_many):
            continue  # reverse relations and m2m show as internal ids only
        label = getattr(field, "verbose_name", name)
        if label in shown_elsewhere or (reason and isinstance(values, (list, tuple)) and values[-1] == reason):
            continue
        if isinstance(field, models.JSONField) or not isinstance(values, (list, tuple)) or len(values) != 2:
            parts.append(f"{label}：已更新")
        else:
            parts.append(f"{label}：{_shown(values[0], field, names)} → {_shown(values[1], field, names)}")
    return "；".join(parts)


def describe_entry(entry: LogEntry, model, names=None) -> dict:
    """One audit entry in words: who, when, the event a service recorded with its reason and
    details, and the fields a save changed."""
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    details = {label: data[key] for key, label in AUDIT_DETAIL_LABELS.items() if data.get(key)}
    # A creation lists the whole record as submitted, which the record's own page shows anyway.
    # A 审核意见 the move both saved and recorded shows once, as the recorded detail.
    reason = data.get("reason", "")
    changes = "" if entry.action == LogEntry.Action.CREATE else describe_changes(entry, model, names, details, reason)
    return {
        "time": local_time(entry.timestamp, "%Y-%m-%d %H:%M"),
        "actor": person_name(entry.actor),
        "event": event_label(data) or AUDIT_ACTIONS.get(entry.action, ""),
        "reason": reason,
        "details": "；".join(f"{label}：{value}" for label, value in details.items()),
        "changes": changes,
    }


def audit_history(instance) -> list[dict]:
    """Every audit entry of one object, oldest first, ready for a table."""
    entries = list(
        LogEntry.objects.get_for_object(instance)
        .select_related("actor__firm", "actor__lawyer", "content_type")  # person_name reads them
        .order_by("timestamp", "pk")
    )
    names = foreign_names(entries)
    return [describe_entry(entry, type(instance), names) for entry in entries]


# --- export -------------------------------------------------------------------------------------


def _local_naive(value):
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


class ChunkedExportMixin:
    """Export the filtered list straight from the database in chunks: no page context (which
    would count every row), values through `export_values` where a column is not a plain field.

    What staff open in Excel reads as the screens do: choices in words, times local to the
    minute, 是/否; neither file carries a formula someone typed (a CSV cell starting = + - @ or
    a tab or CR is quoted as text); the CSV starts with a BOM (without it Excel reads UTF-8 as
    GBK) and its Chinese file name is sent the RFC 6266 way, which browsers keep.

    More than settings.EXPORT_INLINE_LIMIT rows are not built in the request: portal.exports
    records the export and a job opens this view again as the same staff user, with the same
    query string and an ExportTarget on the request, so the file has exactly what the list
    shows; staff are told in 消息 when it is ready. Both paths write in chunks to a file
    so a 200,000-row export takes no more memory than a 20,000-row one (the inline xlsx, at most
    EXPORT_INLINE_LIMIT rows, is zipped in memory)."""

    export_values: dict = {}
    sheet_title = ""
    custom_value_preprocess = {
        datetime.datetime: {"xlsx": _local_naive, "csv": lambda value: local_time(value, "%Y-%m-%d %H:%M:%S")},
        (datetime.date, datetime.time): {"xlsx": None, "csv": lambda value: value.isoformat()},
        bool: {"xlsx": lambda value: "是" if value else "否", "csv": lambda value: "是" if value else "否"},
        type(None): {"xlsx": lambda value: "", "csv": lambda value: ""},
    }

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        export_format = request.GET.get("export")
        queryset = self.get_queryset()
        target = getattr(request, EXPORT_TARGET_ATTR, None)
        if target is not None:  # the job of portal.exports, rebuilding this export as a file
            target.rows = self.write_export_file(queryset, export_format, target.path)
            target.written = True
            return HttpResponse(status=204)
        rows = queryset.count()
        if rows > settings.EXPORT_INLINE_LIMIT:
            return self.export_in_background(export_format, rows)
        return self.as_spreadsheet(queryset, export_format)

    def export_listing_title(self) -> str:
        """How 消息 and 我的导出 name the list: its title, and its subtitle (the chosen 公文)."""
        title, subtitle = str(self.get_page_title()), str(self.get_page_subtitle() or "")
        return f"{title} · {subtitle}" if subtitle else title

    def export_in_background(self, export_format: str, rows: int):
        from portal.exports import services as exports

        request = self.request
        query = request.GET.copy()
        query.pop("export", None)
        query = query.urlencode()
        export, created = exports.start(
            request.user,
            listing=self.export_listing_title(),
            path=request.path,
            query=query,
            export_format=export_format,
            filename=self.get_filename(),
            rows=rows,
            base_url=f"{request.scheme}://{request.get_host()}",
        )
        buttons = [messages.button(reverse("exports:mine"), "我的导出")]
        if created:
            messages.success(request, f"共 {rows} 行，导出文件正在后台生成，完成后会在消息中通知您。", buttons=buttons)
        else:
            messages.info(
                request, f"该导出（共 {export.rows} 行）已在后台生成中，完成后会在消息中通知您。", buttons=buttons
            )
        return redirect(f"{request.path}?{query}" if query else request.path)

    def write_export_file(self, queryset, export_format: str, path: Path) -> int:
        """The export written to `path` in chunks; returns how many rows it has."""
        if export_format == self.FORMAT_XLSX:
            with open(path, "wb") as output:
                return self.write_xlsx(queryset, output)
        with open(path, "wb") as output:
            lines = self.stream_csv(queryset)
            output.write(next(lines).encode())  # the BOM
            output.write(next(lines))  # the headings
            rows = 0
            for line in lines:
                output.write(line)
                rows += 1
            return rows

    def to_row_dict(self, item):
        values = self.export_values
        return {field: values[field](item) if field in values else _in_words(item, field) for field in self.list_export}

    def write_xlsx(self, queryset, output) -> int:
        """The workbook written to `output` (a file) in write-only mode: openpyxl keeps the rows
        in a temporary file of its own, not in memory. Returns how many rows it has."""
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=self.sheet_title or self.get_filename()[:31])
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        rows = 0
        for item in queryset.iterator(chunk_size=2000):
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format))
            rows += 1
        workbook.save(output)
        return rows

    def write_xlsx_response(self, queryset):
        # In memory: at most settings.EXPORT_INLINE_LIMIT rows come this way (a job writes more).
        output = BytesIO()
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(_Chunked(queryset))

    def write_csv_row(self, writer, row_dict):
        # What a member typed (联系地址 "=HYPERLINK(…)") must not run as a formula when staff
        # open the file; the xlsx path writes such a cell as text (generate_xlsx_row).
        return writer.writerow(
            {
                field: csv_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{self.get_filename()}.csv")
        return response


# How a spreadsheet recognises a formula (or, after a tab or carriage return, a formula in the
# next cell): OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell a spreadsheet shows as the text it is: one starting like a formula gets a
    leading apostrophe, which Excel and LibreOffice read as "text" and do not display."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _in_words(item, name):
    """A plain field's value as the screens show it: a choice by its label, a relation by its name."""
    try:
        field = item._meta.get_field(name)
    except FieldDoesNotExist:
        value = getattr(item, name)
        return value() if callable(value) else value
    if field.choices:
        return getattr(item, f"get_{name}_display")()
    value = getattr(item, name)
    if field.is_relation and value is not None:
        return str(value)
    return value


class _Chunked:
    """A queryset seen through .iterator(), keeping .model for the headings."""

    def __init__(self, queryset):
        self.model = queryset.model
        self._queryset = queryset

    def __iter__(self):
        return self._queryset.iterator(chunk_size=2000)


# --- bulk actions ---------------------------------------------------------------------------------


class StateBulkAction(SnippetBulkAction):
    """A bulk action that takes one workflow transition on the selected rows it can move (通过
    what is 待审批, 标记已处理 what is 待处理) and skips the others, naming them on the
    confirmation page and after.

    A subclass gives Wagtail's labels (display_name, action_type, aria_label, template_name,
    models) and the rest below; `run_many` is the app's service, which moves the rows through
    `Workflow.move_many`. Its template extends staff/bulk_state_action.html, which lists `to_act`
    and `to_skip`: entries with the row as `item`, `actionable`, and `review_url` when
    `link_to_review`.

    A move that needs details (制卡完成's 领取地点 and 领取时间) gives a `form_class`: its fields
    show on the confirmation page, its cleaned data go to `run_many` as keyword arguments, and a
    refusal of the move as a whole (a WorkflowError before any row moved) shows beside its field."""

    action_priority = 10

    # The service: (rows, user, **form data) -> (moved rows, [(row, refusal), ...]).
    run_many = None
    done_message: str  # "已通过 {count} 份申请。"
    skipped_message = ""  # "跳过 {count} 份…：{rows}"; rows named by `skipped_name`

    @staticmethod
    def skipped_name(row) -> str:
        return f"{row}（{row.get_state_display()}）"

    # Who may: the permission policy's action, and the 403's message for whoever may not.
    policy_action: str
    forbidden_message: str

    # The selected rows, as the confirmation page lists them.
    select_related: tuple[str, ...] = ()
    deferred: tuple[str, ...] = ()
    ordering: tuple = ("-pk",)

    # The rows to act on: those the workflow's `transition` may move now. "Select all" in the
    # listing takes them from the listing's filters and search, passed on in the query string:
    # `filterset_class` and `search`, a plain function (queryset, query) -> queryset.
    workflow = None  # portal.workflow.Workflow
    transition: str
    filterset_class = None
    search = None

    link_to_review = False  # each row to act on links to its review (inspect) page

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, self.policy_action):
            return forbidden(request, self.forbidden_message)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        queryset = model.objects.select_related(*cls.select_related)
        if cls.deferred:
            queryset = queryset.defer(*cls.deferred)
        return get_list_or_404(queryset.order_by(*cls.ordering), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        """“Select all” in the listing: the actionable rows among what the listing shows."""
        sources = self.workflow[self.transition].sources
        queryset = self.model.objects.filter(**{f"{self.workflow.field_name}__in": sources})
        if self.filterset_class is not None:
            filters = self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
            if filters.is_valid():
                queryset = filters.qs
        search = type(self).search
        if search is not None:
            queryset = search(queryset, self.request.GET.get("q", ""))
        return queryset.values_list("pk", flat=True)

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, self.policy_action)

    def object_context(self, obj):
        context = {"item": obj, "actionable": self.workflow.can(obj, self.transition)}
        if self.link_to_review:
            context["review_url"] = reverse(self.model.snippet_viewset.get_url_name("inspect"), args=[quote(obj.pk)])
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["to_act"] = [entry for entry in context["items"] if entry["actionable"]]
        context["to_skip"] = [entry for entry in context["items"] if not entry["actionable"]]
        return context

    def get_execution_context(self):
        details = self.cleaned_form.cleaned_data if self.cleaned_form is not None else {}
        return {**super().get_execution_context(), "user": self.request.user, "details": details}

    @classmethod
    def execute_action(cls, objects, user=None, details=None, **kwargs):
        action = kwargs["self"]
        action.moved, action.skipped = type(action).run_many(objects, user, **(details or {}))
        return len(action.moved), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except WorkflowError as error:  # the move as a whole refused (a detail missing): nothing moved
            form.add_error(_field_of(form, error), str(error))
            return self.form_invalid(form)

    def get_success_message(self, num_parent_objects, num_child_objects):
        if self.skipped and self.skipped_message:
            rows = "、".join(self.skipped_name(row) for row, _ in self.skipped)
            messages.warning(self.request, self.skipped_message.format(count=len(self.skipped), rows=rows))
        return self.done_message.format(count=num_parent_objects)


def _field_of(form, error) -> str | None:
    """The field a refusal is about: the one its message names (请填写领取时间。), else the first."""
    message = str(error)
    for name, field in form.fields.items():
        if field.label and str(field.label) in message:
            return name
    return next(iter(form.fields), None)
