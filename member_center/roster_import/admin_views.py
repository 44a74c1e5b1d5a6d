"""Staff screens of 名册导入 (会员管理 → 名册导入): upload, the run's page (progress while a job
works, the dry run's counts, diffs, invalid lines and 不在文件中, 确认导入), its JSON status for the
page to poll, the report and the templates as xlsx. Every change goes through services."""

import uuid

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from member_center.models import Firm, Lawyer
from portal.staff import forbidden, local_time
from portal.workflow import WorkflowError

from . import services
from .forms import CancelMissingForm, UploadForm
from .models import ImportKind, ImportRun, Outcome, RunState

NO_PERMISSION = "您没有导入名册的权限。"
PAGE_SIZE = 200
WORKING = (RunState.PENDING, RunState.DRY_RUNNING, RunState.APPLYING)


def _step(run) -> str:
    """The progress bar's label while a job works on the run."""
    if run.state == RunState.APPLYING:
        return "正在导入"
    return "等待试运行" if run.state == RunState.PENDING else "正在试运行"


def may_import_any(user) -> bool:
    return bool(services.importable_kinds(user))


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_any(request.user)


def _run_for(request, pk):
    """The run, if the staff user may import its kind (else None: the caller answers 403)."""
    run = get_object_or_404(ImportRun, pk=pk)
    return run if services.may_import(request.user, run.kind) else None


def index(request):
    if not may_import_any(request.user):
        return forbidden(request, NO_PERMISSION)
    form = UploadForm(user=request.user, initial={"submission_token": uuid.uuid4()})
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run, _created = services.start(
                    data["kind"], data["file"], data["full_list"], request.user, data["submission_token"]
                )
            except services.FileProblem as problem:
                form.add_error("file", str(problem))
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                return redirect(reverse("roster_import:run", args=[run.pk]))
    kinds = [kind for kind, _label in services.importable_kinds(request.user)]
    runs = ImportRun.objects.filter(kind__in=kinds).select_related("created_by")[:20]
    context = {
        "page_title": "名册导入",
        "form": form,
        "runs": runs,
        "templates": [(kind, ImportKind(kind).label) for kind in kinds],
        "columns": [(ImportKind(kind).label, services.RESOURCES[kind].headings()) for kind in kinds],
    }
    return TemplateResponse(request, "roster_import/admin/index.html", context)


def run_page(request, pk):
    run = _run_for(request, pk)
    if run is None:
        return forbidden(request, NO_PERMISSION)
    shown = request.GET.get("show", "")
    rows = run.rows.order_by(*services.ROW_ORDER)
    # By default what would change, and why not; a count's link shows that outcome alone.
    rows = rows.filter(outcome=shown) if shown in Outcome.values else rows.exclude(outcome=Outcome.UNCHANGED)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # 不在文件中 rows staff may still cancel from here get a checkbox (注销所选会员).
    may_cancel = services.may_cancel_missing(run, request.user)
    rows = [
        (row, services.describe_diff(run, row.diff), _roster_url(run, row), may_cancel and _undecided_missing(row))
        for row in page
    ]
    context = {
        "page_title": str(run),
        "run": run,
        "working": run.state in WORKING,
        "step": _step(run),
        "page": page,
        "rows": rows,
        "selectable": any(selectable for *_rest, selectable in rows),
        "shown": shown,
        "filters": [(value, label, run.counts.get(value, 0)) for value, label in Outcome.choices],
        "created_at": local_time(run.created_at),
        "states": RunState,
    }
    return TemplateResponse(request, "roster_import/admin/run.html", context)


def _undecided_missing(row) -> bool:
    return row.outcome == Outcome.MISSING and not row.applied_at and not row.apply_error


def _roster_url(run, row) -> str:
    if not row.target_id or run.kind == ImportKind.DISCIPLINE:
        return ""
    model = Lawyer if run.kind == ImportKind.LAWYERS else Firm
    return reverse(f"{model._meta.model_name}:edit", args=[row.target_id])  # the roster viewsets' names


def status(request, pk):
    """What the run's page polls while a job works on it."""
    run = _run_for(request, pk)
    if run is None:
        return JsonResponse({"error": NO_PERMISSION}, status=403)
    return JsonResponse(
        {
            "state": run.state,
            "state_label": run.get_state_display(),
            "progress": run.progress,
            "processed": run.processed_rows,
            "total": run.total_rows,
            "working": run.state in WORKING,
            "step": _step(run),
        }
    )


def _act(request, pk, service, done: str):
    run = _run_for(request, pk)
    if run is None:
        return forbidden(request, NO_PERMISSION)
    try:
        service(run, request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(reverse("roster_import:run", args=[run.pk]))


@require_POST
def confirm(request, pk):
    return _act(request, pk, services.confirm, "已确认导入，正在写入名册。")


@require_POST
def rerun(request, pk):
    return _act(request, pk, services.rerun, "已重新开始试运行。")


@require_POST
def discard(request, pk):
    return _act(request, pk, services.discard, "已放弃本次导入，名册没有任何改动。")


@require_POST
def cancel_missing(request, pk):
    """注销 of the rows 不在文件中 ticked on the run's page: first this page to confirm them,
    with 注销日期 and 注销原因; its submit (`confirm`) cancels them through the service."""
    run = _run_for(request, pk)
    if run is None:
        return forbidden(request, NO_PERMISSION)
    back = reverse("roster_import:run", args=[run.pk]) + f"?show={Outcome.MISSING}"
    if not services.may_cancel_missing(run, request.user):
        messages.error(request, f"当前状态为“{run.get_state_display()}”，不能注销不在文件中的会员。")
        return redirect(back)
    chosen = [value for value in request.POST.getlist("rows") if value.isdigit()]
    if "confirm" in request.POST:
        form = CancelMissingForm(request.POST, run=run)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.cancel_missing(
                    run, [row.pk for row in data["rows"]], data["cancelled_on"], data["reason"], request.user
                )
            except WorkflowError as error:
                messages.error(request, str(error))
            else:
                _report_cancellations(request, result)
            return redirect(back)
    else:
        if not services.cancellable_missing(run).filter(pk__in=chosen).exists():
            messages.error(request, "请先勾选要注销的会员。")
            return redirect(back)
        form = CancelMissingForm(run=run, initial={"rows": chosen})
    context = {
        "page_title": "注销不在文件中的会员",
        "run": run,
        "form": form,
        "chosen": services.cancellable_missing(run).filter(pk__in=chosen).order_by("key", "pk"),
        "back": back,
    }
    return TemplateResponse(request, "roster_import/admin/cancel_missing.html", context)


def _names(names, limit=10) -> str:
    shown = "、".join(names[:limit])
    return f"{shown} 等 {len(names)} 名" if len(names) > limit else shown


def _report_cancellations(request, result) -> None:
    if result.cancelled:
        messages.success(request, f"已注销 {len(result.cancelled)} 名会员：{_names(result.cancelled)}。")
    if result.skipped:
        skipped = [f"{name}（{why}）" for name, why in result.skipped]
        messages.warning(request, f"未注销 {len(skipped)} 名：{_names(skipped)}。")
    if not result.cancelled and not result.skipped:
        messages.info(request, "所选会员已处理过，没有重复注销。")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=services.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def report(request, pk):
    run = _run_for(request, pk)
    if run is None:
        return forbidden(request, NO_PERMISSION)
    return _xlsx(services.report_xlsx(run), f"名册导入-{run.pk}-试运行结果.xlsx")


def template(request, kind):
    if kind not in ImportKind.values or not services.may_import(request.user, kind):
        return forbidden(request, NO_PERMISSION)
    return _xlsx(services.template_xlsx(kind), f"{ImportKind(kind).label}导入模板.xlsx")
