"""后台导出. A staff listing's export of more than settings.EXPORT_INLINE_LIMIT rows is not built
in the request: `start` records it and queues a job, which opens the same listing again as the
staff user who asked (`build`: the same filters, and the user's permissions checked anew), has
portal.staff.ChunkedExportMixin write the file to a temporary file in chunks, keeps it in the
private storage for KEEP_FOR and tells the user in 消息 (and by e-mail) where to download it.
A daily schedule deletes the files past their date (`delete_expired`)."""

import hashlib
import logging
import tempfile
import uuid
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.messages.storage import default_storage as message_storage
from django.core.files import File
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from portal.tasks import enqueue, enqueue_on_commit
from portal.workflow import SYSTEM, Notice, Transition, Workflow

from .models import ACTIVE_STATES, ExportState, StaffExport
from .target import EXPORT_TARGET_ATTR, ExportTarget

S = ExportState

logger = logging.getLogger(__name__)

JOB_TASK = "portal.exports.tasks.build_export"
EXPIRE_TASK = "portal.exports.tasks.delete_expired"
SCHEDULE_NAME = "portal-exports-delete-expired"
KEEP_FOR = timezone.timedelta(days=7)
# A 200,000-row xlsx takes minutes, not the cluster's 120 s (docs/benchmarks.md, 后台导出).
JOB_TIMEOUT_S = 30 * 60
BROKEN_OFF = "生成中断（后台任务未能完成），请重新导出。"


def _done_notice(export, reason, details):
    yield Notice(
        export.user,
        title="导出文件已生成",
        body=(
            f"「{export.listing}」的导出文件已生成，共 {export.rows} 行（{export.get_format_display()}），"
            f"请于 {timezone.localtime(export.expires_at):%Y-%m-%d %H:%M} 前下载。"
        ),
        url=export.get_download_url(),
    )


def _failed_notice(export, reason, details):
    yield Notice(
        export.user,
        title="导出失败",
        body=f"「{export.listing}」的导出未能生成：{export.error}",
        url=reverse("exports:mine"),
    )


EXPORT = Workflow(
    "exports.export",
    StaffExport,
    transitions=[
        Transition("finish", [S.RUNNING], S.DONE, "导出完成", by=SYSTEM, notify=_done_notice),
        Transition("fail", [S.QUEUED, S.RUNNING], S.FAILED, "导出失败", by=SYSTEM, notify=_failed_notice),
    ],
    # Who took which list out of the portal, and when the file left the storage.
    events={"request": "申请导出", "download": "下载导出文件", "expire": "导出文件过期删除"},
    select_related=("user",),
)


def export_key(path: str, query: str, export_format: str) -> str:
    return hashlib.sha256(f"{path}\n{query}\n{export_format}".encode()).hexdigest()


def active_export(user, key: str) -> StaffExport | None:
    return StaffExport.objects.filter(user=user, key=key, state__in=ACTIVE_STATES).first()


def start(
    user, *, listing: str, path: str, query: str, export_format: str, filename: str, rows: int, base_url: str
) -> tuple[StaffExport, bool]:
    """The export of `path?query` in `export_format` for `user`, queued; (export, created). One
    already queued or running for the same user, listing, query and format is returned instead
    (a double click), never a second job."""
    key = export_key(path, query, export_format)
    existing = active_export(user, key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            export = StaffExport.objects.create(
                user=user,
                listing=listing[:200],
                path=path,
                query=query,
                format=export_format,
                filename=filename[:200],
                base_url=base_url[:200],
                key=key,
                rows=rows,
            )
            EXPORT.log(export, "request", by=user, 列表=export.listing_url, 格式=export_format, 行数=rows)
            enqueue_on_commit(JOB_TASK, export.pk, timeout=JOB_TIMEOUT_S)
    except IntegrityError:  # the other click's row committed first (staff_export_one_active)
        existing = active_export(user, key)
        if existing is None:
            raise
        return existing, False
    return export, True


def claim(export_id: int) -> StaffExport | None:
    """排队中 → 生成中, once: a job queued twice (reconcile, the broker's redelivery) builds once.
    One conditional UPDATE is the claim; the move's audit entry waits for the outcome (finish or
    fail), which the workflow records."""
    claimed = StaffExport.objects.filter(pk=export_id, state=S.QUEUED).update(
        state=S.RUNNING, started_at=timezone.now()
    )
    return StaffExport.objects.select_related("user").get(pk=export_id) if claimed else None


def listing_request(export: StaffExport, target: ExportTarget):
    """The GET of the listing's export as the staff user made it, for the job."""
    origin = urlsplit(export.base_url or "http://localhost")
    request = RequestFactory().get(
        f"{export.path}?{export.query}&export={export.format}"
        if export.query
        else f"{export.path}?export={export.format}",
        secure=origin.scheme == "https",
        HTTP_HOST=origin.netloc or "localhost",
    )
    request.user = export.user
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request._messages = message_storage(request)  # what a refusal (permission_denied) writes to
    setattr(request, EXPORT_TARGET_ATTR, target)
    return request


def refusal(export: StaffExport, response) -> str:
    status = getattr(response, "status_code", None)
    if status in (302, 403):  # Wagtail's answer to a missing permission, or to no admin access
        return f"您已没有查看「{export.listing}」的权限，未生成文件。"
    if status == 404:
        return f"「{export.listing}」已不存在，未生成文件。"
    return f"「{export.listing}」无法打开（HTTP {status}），未生成文件。"


def build(export: StaffExport) -> None:
    """Write the claimed export's file (the job): the listing's own view writes it, as the user."""
    with tempfile.TemporaryDirectory(prefix="portal-export-") as folder:
        target = ExportTarget(path=Path(folder) / f"export.{export.format}")
        try:
            match = resolve(export.path)
            response = match.func(listing_request(export, target), *match.args, **match.kwargs)
        except Resolver404:
            fail(export, f"「{export.listing}」已不存在，未生成文件。")
            return
        except Exception:  # anything else: 失败 with a word to the user, the traceback in the log
            logger.exception("export %s failed", export.pk)
            fail(export, "生成文件时出错，请稍后重新导出；如仍失败，请联系系统管理员。")
            return
        if not target.written:
            fail(export, refusal(export, response))
            return
        with open(target.path, "rb") as handle:
            export.file.save(f"{uuid.uuid4().hex}.{export.format}", File(handle), save=False)
    finish(export, target.rows)


def finish(export: StaffExport, rows: int) -> StaffExport:
    now = timezone.now()
    changes = {"file": export.file.name, "rows": rows, "finished_at": now, "expires_at": now + KEEP_FOR}
    return EXPORT.move(export, "finish", None, changes=changes)


def fail(export: StaffExport, error: str) -> StaffExport:
    return EXPORT.move(export, "fail", None, changes={"error": error[:300], "finished_at": timezone.now()})


def downloaded(export: StaffExport, by) -> None:
    EXPORT.log(export, "download", by=by)


def is_expired(export: StaffExport) -> bool:
    return export.state == ExportState.DONE and (
        not export.file or (export.expires_at is not None and export.expires_at <= timezone.now())
    )


def delete_expired() -> int:
    """The files past their date deleted (the rows stay, for 我的导出: 已过期); how many."""
    expired = list(StaffExport.objects.filter(expires_at__lte=timezone.now()).exclude(file=""))
    for export in expired:
        name = export.file.name
        with transaction.atomic():
            EXPORT.update(EXPORT.locked(export), "expire", {"file": ""})
        export.file.storage.delete(name)
    return len(expired)


def reconcile_jobs(cutoff) -> dict[str, int]:
    """portal.reconcile: an export still 排队中 since before `cutoff` lost its job (queued again);
    one 生成中 for longer than a job may run lost its worker (失败, and the user is told)."""
    queued = list(
        StaffExport.objects.filter(state=ExportState.QUEUED, created_at__lt=cutoff).values_list("pk", flat=True)
    )
    for pk in queued:
        enqueue(JOB_TASK, pk, timeout=JOB_TIMEOUT_S)
    limit = timezone.now() - timezone.timedelta(seconds=JOB_TIMEOUT_S + 300)
    broken = list(StaffExport.objects.filter(state=ExportState.RUNNING, started_at__lt=min(cutoff, limit)))
    for export in broken:
        fail(export, BROKEN_OFF)
    return {"后台导出": len(queued) + len(broken)}


def ensure_schedule(**kwargs) -> None:
    """The daily clean-up, kept in step after each migrate (as portal.reconcile's schedules)."""
    if "plan" not in kwargs:
        return
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME, defaults={"func": EXPIRE_TASK, "schedule_type": Schedule.DAILY}
    )
