"""The rules of 名册导入, one transaction each.

An upload becomes an ImportRun (待试运行) with its file and the file's SHA-256; a job runs the dry
run (试运行中): every line read by the kind's Resource, checked, compared with the roster and
written as an ImportRow (新增 / 变更 / 无变化 / 注销 / 有误, and 不在文件中 for a full list), with a
fingerprint of the roster rows the file touches (→ 待确认). 确认导入 is refused when the file or
those rows changed since (名册在试运行后已变更，请重新试运行); otherwise a job applies the stored
rows (导入中 → 已完成), 500 a transaction, each change one audit entry naming the import (a new
firm of a lawyer reads 转所). Nothing here creates an account or computes a password hash: a
lawyer's account is still made at his first login (member_center.backends).

The run's states are declared once, on the shared workflow (RUN)."""

import csv
import dataclasses
import datetime
import functools
import hashlib
import io
import time
import uuid
from collections import Counter, defaultdict

import tablib
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from import_export.formats.base_formats import XLSX

from member_center.models import DisciplineRecord, Firm, Lawyer, MemberKind, RosterStatus
from portal.audit import acting_as
from portal.tasks import enqueue_on_commit
from portal.workflow import (
    STAFF,
    SYSTEM,
    NotPermitted,
    Transition,
    TransitionNotAllowed,
    Workflow,
    WorkflowError,
    _logged,
)

from .models import APPLIED_OUTCOMES, ImportKind, ImportRow, ImportRun, Outcome, RunState
from .resources import RESOURCES

S = RunState
BATCH_SIZE = 500
APPLY_SECONDS = 60  # an apply job stops after its batch past this, and queues the next
PROGRESS_EVERY = 1000  # lines of a dry run written between two updates of its progress
MAX_ROWS = 20000
MAX_BYTES = 20 * 1024 * 1024
EXPIRES_AFTER = datetime.timedelta(hours=24)  # a dry run older than this is not confirmed
STALE = "名册在试运行后已变更，请重新试运行。"
ACCOUNT_FLAG = "将改变登录账号/初始密码"
DRY_RUN_TASK = "member_center.roster_import.tasks.dry_run"
APPLY_TASK = "member_center.roster_import.tasks.apply"

# Who may import each kind: what the same change by hand needs.
PERMISSIONS = {
    ImportKind.LAWYERS: ("member_center.add_lawyer", "member_center.change_lawyer"),
    ImportKind.FIRMS: ("member_center.add_firm", "member_center.change_firm"),
    ImportKind.DISCIPLINE: ("member_center.add_disciplinerecord",),
}


def may_import(user, kind: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perms(PERMISSIONS[kind]))


def importable_kinds(user) -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in ImportKind if may_import(user, kind)]


class RunWorkflow(Workflow):
    """A staff move on a run needs the permissions of the run's kind, not one fixed permission."""

    def may(self, user, obj, transition):
        if transition.by == STAFF and user is not None and getattr(user, "is_authenticated", False):
            return may_import(user, obj.kind)
        return super().may(user, obj, transition)


def _refuse_stale(run: ImportRun) -> str | None:
    """The confirm's guard: what the dry run showed must still be what would happen. The
    fingerprint is taken from the keys the dry run stored (run.keys), not from the file; the
    file's own digest is checked by `confirm` before its transaction."""
    if run.dry_run_at and timezone.now() - run.dry_run_at > EXPIRES_AFTER:
        return "试运行结果已超过 24 小时，请重新试运行。"
    if not run.keys or fingerprint(run) != run.fingerprint:  # no keys: a dry run of an older version
        return STALE
    return None


RUN = RunWorkflow(
    "roster_import.run",
    ImportRun,
    transitions=[
        Transition("start", [S.PENDING], S.DRY_RUNNING, "开始试运行", by=SYSTEM),
        Transition("checked", [S.DRY_RUNNING], S.READY, "试运行完成", by=SYSTEM),
        Transition("confirm", [S.READY], S.APPLYING, "确认导入", guard=_refuse_stale),
        Transition("finish", [S.APPLYING], S.DONE, "导入完成", by=SYSTEM),
        Transition("fail", [S.PENDING, S.DRY_RUNNING, S.APPLYING], S.FAILED, "失败", by=SYSTEM),
        Transition("rerun", [S.READY, S.EXPIRED, S.FAILED], S.PENDING, "重新试运行"),
        Transition("discard", [S.PENDING, S.READY], S.EXPIRED, "放弃本次导入"),
        Transition("expire", [S.READY], S.EXPIRED, "过期", by=SYSTEM),
    ],
    events={"upload": "上传名册", "cancel_missing": "注销不在文件中的会员"},
)

# How a change to the roster reads in its history: declared once, with stable codes.
LAWYER_EVENTS = Workflow(
    "roster_import.lawyer", Lawyer, transitions=[], field_name="status",
    events={
        "create": "名册导入（新增）", "update": "名册导入", "transfer": "转所", "cancel": "名册导入（注销）",
        "cancel_missing": "注销（不在完整名单中）",
    },
)  # fmt: skip
FIRM_EVENTS = Workflow(
    "roster_import.firm", Firm, transitions=[], field_name="status",
    events={
        "create": "名册导入（新增）", "update": "名册导入", "cancel": "名册导入（注销）",
        "cancel_missing": "注销（不在完整名单中）",
    },
)  # fmt: skip
DISCIPLINE_EVENTS = Workflow(
    "roster_import.discipline", DisciplineRecord, transitions=[], field_name="kind",
    events={"create": "名册导入（新增）", "update": "名册导入"},
)  # fmt: skip


class FileProblem(ValueError):
    """The file as a whole cannot be imported: shown beside the file field."""


# --- reading the file ---------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_bytes(run: ImportRun) -> bytes:
    with run.file.open("rb") as handle:
        return handle.read()


def _file_sha256(run: ImportRun) -> str:
    """The stored file's digest, read a megabyte at a time; a file gone reads as changed."""
    digest = hashlib.sha256()
    try:
        with run.file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("无法识别该 CSV 文件的编码，请另存为 UTF-8 编码。")


def read_dataset(data: bytes, file_name: str, headers_only: bool = False) -> tablib.Dataset:
    """The file as a tablib Dataset (the heading row as headers). Raises FileProblem."""
    extension = _extension(file_name)
    if extension not in ("csv", "xlsx"):
        raise FileProblem("文件类型不支持：请上传 .xlsx 或 .csv 文件。")
    if not data.strip():
        raise FileProblem("文件是空的。")
    if extension == "xlsx":
        if not data.startswith(b"PK"):
            raise FileProblem("无法读取该 Excel 文件，请确认是 .xlsx 格式。")
        try:
            dataset = XLSX().create_dataset(data)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise FileProblem("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from error
        rows = [list(row) for row in dataset]
        headers = list(dataset.headers or [])
    else:
        table = list(csv.reader(io.StringIO(_csv_text(data))))
        if not table:
            raise FileProblem("文件是空的。")
        headers, rows = table[0], table[1:]
    headers = ["" if heading is None else str(heading).strip() for heading in headers]
    if not any(headers):
        raise FileProblem("文件是空的：第 1 行应为列名。")
    width = len(headers)
    result = tablib.Dataset(headers=headers)
    if not headers_only:
        for row in rows:
            row = list(row)[:width]
            result.append(row + [""] * (width - len(row)))
    return result


def _filled(row) -> bool:
    return any(str(cell or "").strip() for cell in row)


def _xlsx_outline(data: bytes) -> tuple[list[str], bool, int]:
    """(headings, whether a data line follows, the sheet's row count as its dimension says) of an
    Excel file, without reading every line: parsing 20,000 lines of XML takes seconds, which the
    upload request leaves to the dry run's job (which counts and reads them all again anyway)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active
        lines = sheet.iter_rows(values_only=True)
        headers = ["" if heading is None else str(heading).strip() for heading in next(lines, ())]
        has_data = any(_filled(row) for row in lines)
        return headers, has_data, (sheet.max_row or 1) - 1
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileProblem("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from error


def check_file(kind: str, data: bytes, file_name: str) -> None:
    """What the upload form checks at once: type, size, empty, the required columns by name."""
    if len(data) > MAX_BYTES:
        raise FileProblem("文件不能超过 20 MB。")
    if _extension(file_name) == "xlsx" and data.startswith(b"PK"):
        headers, has_data, rows = _xlsx_outline(data)
        if not any(headers):
            raise FileProblem("文件是空的：第 1 行应为列名。")
        if rows > MAX_ROWS:  # the dimension counts formatted empty rows too: count the lines
            rows = sum(1 for row in read_dataset(data, file_name) if _filled(row))
    else:
        dataset = read_dataset(data, file_name)
        headers, has_data, rows = dataset.headers, any(_filled(row) for row in dataset), len(dataset)
    missing = RESOURCES[kind]().missing_columns(headers)
    if missing:
        raise FileProblem(f"缺少必需的列：{'、'.join(missing)}。")
    if not has_data:
        raise FileProblem("文件中只有列名，没有数据行。")
    if rows > MAX_ROWS:
        raise FileProblem(f"一次最多导入 {MAX_ROWS} 行。")


# --- the run -------------------------------------------------------------------------------------


def start(kind: str, upload, full_list: bool, by, submission_token: uuid.UUID) -> tuple[ImportRun, bool]:
    """上传并试运行: the run with its file, the dry run queued after the commit. A double click
    (the same token) returns the first run. (run, created)."""
    if not may_import(by, kind):
        raise WorkflowError("您没有导入该名册的权限。")
    existing = ImportRun.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    data = upload.read()
    check_file(kind, data, upload.name)
    run = ImportRun(
        kind=kind,
        full_list=full_list and kind != ImportKind.DISCIPLINE,
        file_name=upload.name[-200:],
        file_sha256=_sha256(data),
        submission_token=submission_token,
        created_by=by,
    )
    from django.core.files.base import ContentFile

    run.file.save(f"upload.{_extension(upload.name)}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            run.save()
            RUN.log(run, "upload", by=by, 文件=run.file_name, 摘要=run.file_sha256)
            enqueue_on_commit(DRY_RUN_TASK, run.pk)
    except IntegrityError:
        run.file.storage.delete(run.file.name)
        return ImportRun.objects.get(submission_token=submission_token), False
    return run, True


def rerun(run: ImportRun, by) -> ImportRun:
    """重新试运行 the same file (after the roster changed, or the dry run expired)."""
    with transaction.atomic():
        run = RUN.move(run, "rerun", by, changes={"processed_rows": 0, "counts": {}, "error": "", "dry_run_at": None})
        run.rows.all().delete()
        enqueue_on_commit(DRY_RUN_TASK, run.pk)
    return run


def discard(run: ImportRun, by) -> ImportRun:
    return RUN.move(run, "discard", by)


def confirm(run: ImportRun, by) -> ImportRun:
    """确认导入: refused from any state but 待确认 (a second click finds 导入中) and when stale.
    What the apply writes is already on the rows (their target and values): the file is only
    hashed here, outside the transaction, to refuse one that changed since the dry run."""
    if run.state == S.READY and _file_sha256(run) != run.file_sha256:
        raise TransitionNotAllowed(STALE)
    with transaction.atomic():
        # The apply's progress counts the rows it writes, out of those the dry run counted.
        total = sum(run.counts.get(outcome, 0) for outcome in APPLIED_OUTCOMES)
        changes = {"confirmed_by": by, "confirmed_at": timezone.now(), "processed_rows": 0, "total_rows": total}
        run = RUN.move(run, "confirm", by, changes=changes)
        enqueue_on_commit(APPLY_TASK, run.pk)
    return run


# --- the dry run ---------------------------------------------------------------------------------


def _system_move(run: ImportRun, name: str, **changes) -> ImportRun:
    """A job's own move. Through move_many, which locks with a filter rather than a .get(): when
    django-q2 runs the job inside the request that queued it (sync, as in the tests), the
    request's move and the job's would otherwise read as a loop of .get() to the N+1 checker."""
    moved, refused = RUN.move_many([run], name, None, changes=changes)
    if refused:
        raise TransitionNotAllowed(refused[0][1])
    return moved[0]


def dry_run(run_id: int) -> None:
    """The job: read, check and compare every line; write the ImportRows; → 待确认 (or 失败)."""
    run = ImportRun.objects.get(pk=run_id)
    if run.state != S.PENDING:
        return  # already done by an earlier copy of the job
    run = _system_move(run, "start")
    try:
        dataset = read_dataset(_file_bytes(run), run.file_name)
        planner = PLANNERS[run.kind](run, dataset)
        planner.plan()
    except Exception as error:
        _system_move(run, "fail", error=_failure(error))
        if not isinstance(error, FileProblem):
            raise
        return
    _system_move(run, "checked", counts=planner.counts(), dry_run_at=timezone.now())


def _report_progress(run: ImportRun) -> None:
    """What the run's page polls; the dry run holds no transaction, so it is seen at once."""
    ImportRun.objects.filter(pk=run.pk).update(processed_rows=run.processed_rows)


def _failure(error: Exception) -> str:
    return str(error) if isinstance(error, FileProblem) else f"处理时出错：{type(error).__name__}"


def _chunks(items, size=BATCH_SIZE):
    items = list(items)
    for start_at in range(0, len(items), size):
        yield items[start_at : start_at + size]


def _shown(field, value) -> str:
    """A value as the screens show it: a choice by its label, a date as 2026-03-15, a firm by name."""
    if value in (None, ""):
        return "—"
    if isinstance(value, Firm):
        return value.name
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Firm):
        return value.pk
    return value


class Planner:
    """One kind's dry run. `plan` fills `self.rows` (unsaved ImportRows) and saves them in batches."""

    model = None
    key_field = "licence_no"

    def __init__(self, run: ImportRun, dataset: tablib.Dataset):
        self.run = run
        self.resource = RESOURCES[run.kind]()
        missing = self.resource.missing_columns(dataset.headers)
        if missing:
            raise FileProblem(f"缺少必需的列：{'、'.join(missing)}。")
        self.lines = []
        for number, cells in enumerate(dataset, start=2):
            if not any(str(cell or "").strip() for cell in cells):
                continue  # a blank line
            values, reasons = self.resource.read_row(dict(zip(dataset.headers, cells, strict=True)))
            self.lines.append((number, values, reasons))
        if len(self.lines) > MAX_ROWS:
            raise FileProblem(f"一次最多导入 {MAX_ROWS} 行。")
        self.outcomes = Counter()
        self.run.total_rows = len(self.lines)
        self.run.processed_rows = 0
        self.run.save(update_fields=["total_rows", "processed_rows", "updated_at"])

    def counts(self) -> dict:
        return {outcome.value: self.outcomes[outcome.value] for outcome in Outcome}

    def duplicates(self, field: str, label: str):
        """Reasons for lines sharing a key with another line of the file: all of them are refused."""
        where = defaultdict(list)
        for number, values, _reasons in self.lines:
            if values.get(field):
                where[values[field]].append(number)
        for number, values, reasons in self.lines:
            numbers = where.get(values.get(field), [])
            if len(numbers) > 1:
                others = "、".join(str(n) for n in numbers if n != number)
                reasons.append(f"文件中{label}重复（与第 {others} 行）")

    def save_rows(self, rows: list[ImportRow]) -> None:
        for outcome in (row.outcome for row in rows):
            self.outcomes[outcome] += 1
        for chunk in _chunks(rows, PROGRESS_EVERY):
            ImportRow.objects.bulk_create(chunk)
            self.run.processed_rows += sum(1 for row in chunk if row.line)
            _report_progress(self.run)

    def compare(self, obj, values: dict) -> tuple[dict, dict]:
        """(changes to write, diff shown) for an existing row; empty values are not given."""
        changes, diff = {}, {}
        for name, value in values.items():
            if value in ("", None):
                continue
            field = obj._meta.get_field(name)
            current = getattr(obj, name)
            if current != value:
                changes[name] = _json(value)
                diff[name] = [_shown(field, current), _shown(field, value)]
        return changes, diff

    def new_values(self, values: dict) -> tuple[dict, dict]:
        changes, diff = {}, {}
        for name, value in values.items():
            if value in ("", None):
                continue
            changes[name] = _json(value)
            diff[name] = ["—", _shown(self.model._meta.get_field(name), value)]
        return changes, diff

    def missing(self, present_ids: set) -> list[ImportRow]:
        """不在文件中: practising rows of this kind the full list leaves out (never cancelled here)."""
        if not self.run.full_list:
            return []
        rows = []
        queryset = self.missing_queryset().exclude(pk__in=present_ids) if len(present_ids) < 900 else None
        if queryset is None:  # too many ids for one query on SQLite: filter in Python
            queryset = [obj for obj in self.missing_queryset() if obj.pk not in present_ids]
        for obj in queryset:
            rows.append(
                ImportRow(
                    run=self.run, outcome=Outcome.MISSING, key=getattr(obj, self.key_field) or obj.member_no or "",
                    name=obj.name, target_id=obj.pk, seen_updated_at=obj.updated_at,
                    reasons=["名册中为执业，但不在文件中：请核实后手工注销"],
                )
            )  # fmt: skip
        return rows

    def missing_queryset(self):
        fields = ("pk", "name", "licence_no", "member_no", "updated_at")
        return self.model.objects.filter(status=RosterStatus.PRACTISING).only(*fields)


def _lookup(model, field: str, values, *related, known=()) -> dict:
    """{value: row} of the rows holding one of `values` in `field`. Rows in `known` (loaded by an
    earlier lookup) are taken as they are: a 20,000-line file names the same lawyers by licence,
    ID and member number, and each is then held in memory once, not three times."""
    values = {v for v in values if v}
    found = {getattr(obj, field): obj for obj in known if getattr(obj, field) in values}
    for chunk in _chunks(values - found.keys()):
        for obj in model.objects.filter(**{f"{field}__in": chunk}).select_related(*related):
            found[getattr(obj, field)] = obj
    return found


def _firms_by_name(names) -> dict[str, list[Firm]]:
    found = defaultdict(list)
    for chunk in _chunks({n for n in names if n}):
        for firm in Firm.objects.filter(name__in=chunk):
            found[firm.name].append(firm)
    return found


class LawyerPlanner(Planner):
    model = Lawyer

    def plan(self):
        self.duplicates("licence_no", "执业证号")
        self.duplicates("id_number", "身份证号")
        licences = {v.get("licence_no") for _n, v, _r in self.lines}
        ids = {v.get("id_number") for _n, v, _r in self.lines}
        refs = {v.get("firm") for _n, v, _r in self.lines}
        _remember_keys(self.run, (licences, ids, refs))
        by_licence = _lookup(Lawyer, "licence_no", licences, "firm")
        by_id = _lookup(Lawyer, "id_number", ids, "firm", known=by_licence.values())
        member_nos = {v.get("member_no") for _n, v, _r in self.lines}
        by_member_no = _lookup(Lawyer, "member_no", member_nos, known=[*by_licence.values(), *by_id.values()])
        firms_by_licence = _lookup(Firm, "licence_no", refs)
        firms_by_name = _firms_by_name(refs)
        known = {obj.pk for obj in [*by_licence.values(), *by_id.values()]}
        with_account = set()
        for chunk in _chunks(known):
            with_account.update(
                get_user_model().objects.filter(lawyer_id__in=chunk).values_list("lawyer_id", flat=True)
            )
        rows, present = [], set()
        for number, values, reasons in self.lines:
            licence, id_number = values.get("licence_no", ""), values.get("id_number", "")
            existing = by_licence.get(licence) or by_id.get(id_number)
            if existing is not None:
                present.add(existing.pk)
            # An empty cell is "not given": a lawyer already on the roster needs only his 执业证号.
            required = (
                (("执业证号", "licence_no"),)
                if existing
                else (("执业证号", "licence_no"), ("姓名", "name"), ("身份证号", "id_number"))
            )
            for heading, name in required:
                if not values.get(name) and not any(reason.startswith(heading) for reason in reasons):
                    reasons.append(f"{heading}为空")
            other = by_id.get(id_number)
            if existing is not None and other is not None and other.pk != existing.pk:
                reasons.append(f"身份证号已登记于其他律师（执业证号 {other.licence_no}）")
            holder = by_member_no.get(values.get("member_no"))
            if holder is not None and holder.pk != getattr(existing, "pk", None):
                reasons.append(f"会员编号已被其他律师使用（{holder.name}）")
            reference = values.get("firm")
            if reference:
                firm = firms_by_licence.get(reference)
                named = firms_by_name.get(reference, [])
                if firm is None and len(named) == 1:
                    firm = named[0]
                if firm is None and len(named) > 1:
                    reasons.append("执业机构名称对应多家律师事务所，请改填执业许可证号")
                elif firm is None:
                    reasons.append(f"执业机构不存在（“{reference}”）")
                values["firm"] = firm
            name = values.get("name") or getattr(existing, "name", "")
            row = ImportRow(run=self.run, line=number, key=licence, name=name)
            if reasons:
                row.outcome, row.reasons = Outcome.INVALID, reasons
            elif existing is None:
                row.outcome = Outcome.NEW
                values.setdefault("kind", MemberKind.LAWYER)
                row.values, row.diff = self.new_values(values)
            else:
                row.target_id, row.seen_updated_at = existing.pk, existing.updated_at
                row.values, row.diff = self.compare(existing, values)
                row.outcome = _changed_outcome(existing, row.values)
                if "firm" in row.values:
                    row.flags.append(f"转所：{row.diff['firm'][0]} → {row.diff['firm'][1]}")
                if existing.pk in with_account and ({"licence_no", "id_number"} & set(row.values)):
                    row.flags.append(ACCOUNT_FLAG)
            rows.append(row)
        rows.extend(self.missing(present))
        self.save_rows(rows)


def _changed_outcome(existing, changes: dict) -> str:
    if not changes:
        return Outcome.UNCHANGED
    if changes.get("status") == RosterStatus.CANCELLED:
        return Outcome.CANCELLED
    return Outcome.CHANGED


class FirmPlanner(Planner):
    model = Firm

    def plan(self):
        self.duplicates("licence_no", "执业许可证号")
        self.duplicates("member_no", "会员编号")
        licences = {v.get("licence_no") for _n, v, _r in self.lines}
        member_nos = {v.get("member_no") for _n, v, _r in self.lines}
        _remember_keys(self.run, (licences, member_nos))
        by_licence = _lookup(Firm, "licence_no", licences)
        by_member_no = _lookup(Firm, "member_no", member_nos)
        rows, present = [], set()
        for number, values, reasons in self.lines:
            licence, member_no = values.get("licence_no", ""), values.get("member_no", "")
            existing = by_licence.get(licence) or (None if licence else by_member_no.get(member_no))
            if existing is not None:
                present.add(existing.pk)
            if not values.get("name"):
                reasons.append("律师事务所名称为空")
            if not licence and not member_no:
                reasons.append("执业许可证号与会员编号至少填写一个")
            holder = by_member_no.get(member_no)
            if holder is not None and holder.pk != getattr(existing, "pk", None):
                reasons.append(f"会员编号已被其他律师事务所使用（{holder.name}）")
            row = ImportRow(run=self.run, line=number, key=licence or member_no, name=values.get("name", ""))
            if reasons:
                row.outcome, row.reasons = Outcome.INVALID, reasons
            elif existing is None:
                row.outcome = Outcome.NEW
                row.values, row.diff = self.new_values(values)
            else:
                row.target_id, row.seen_updated_at = existing.pk, existing.updated_at
                row.values, row.diff = self.compare(existing, values)
                row.outcome = _changed_outcome(existing, row.values)
            rows.append(row)
        rows.extend(self.missing(present))
        self.save_rows(rows)


class DisciplinePlanner(Planner):
    """A record is known by its subject, 处分种类 and 处分决定日期; only its 处分摘要 can change."""

    model = DisciplineRecord

    def plan(self):
        licences = {v.get("lawyer") for _n, v, _r in self.lines}
        firm_licences = {v.get("firm") for _n, v, _r in self.lines}
        _remember_keys(self.run, (licences, firm_licences))
        lawyers = _lookup(Lawyer, "licence_no", licences)
        firms = _lookup(Firm, "licence_no", firm_licences)
        existing = {}
        for model, field, subjects in (("lawyer", "lawyer_id", lawyers), ("firm", "firm_id", firms)):
            for chunk in _chunks([obj.pk for obj in subjects.values()]):
                for record_ in DisciplineRecord.objects.filter(**{f"{field}__in": chunk}):
                    existing[(model, getattr(record_, field), record_.kind, record_.decided_on)] = record_
        seen = defaultdict(list)
        rows = []
        for number, values, reasons in self.lines:
            licence, firm_licence = values.get("lawyer", ""), values.get("firm", "")
            subject, kind = None, ""
            if licence and firm_licence:
                reasons.append("执业证号与执业许可证号只能填写一个")
            elif licence:
                subject, kind = lawyers.get(licence), "lawyer"
                if subject is None:
                    reasons.append(f"执业证号不存在（“{licence}”）")
            elif firm_licence:
                subject, kind = firms.get(firm_licence), "firm"
                if subject is None:
                    reasons.append(f"执业许可证号不存在（“{firm_licence}”）")
            else:
                reasons.append("请填写执业证号或执业许可证号")
            if not values.get("kind") and not any(r.startswith("处分种类") for r in reasons):
                reasons.append("处分种类为空")
            if not values.get("decided_on") and not any(r.startswith("处分决定日期") for r in reasons):
                reasons.append("处分决定日期为空")
            identity = (kind, getattr(subject, "pk", None), values.get("kind"), values.get("decided_on"))
            seen[identity].append(number)
            row = ImportRow(
                run=self.run, line=number, key=licence or firm_licence, name=getattr(subject, "name", ""),
                reasons=reasons,
            )  # fmt: skip
            row.identity = identity
            rows.append(row)
        for row in rows:
            numbers = seen[row.identity]
            if row.identity[1] and len(numbers) > 1:
                others = "、".join(str(n) for n in numbers if n != row.line)
                row.reasons.append(f"文件中处分记录重复（与第 {others} 行）")
        for row, (_number, values, _reasons) in zip(rows, self.lines, strict=True):
            if row.reasons:
                row.outcome = Outcome.INVALID
                continue
            kind, subject_id = row.identity[0], row.identity[1]
            current = existing.get(row.identity)
            summary = values.get("summary", "")
            if current is None:
                row.outcome = Outcome.NEW
                row.values = {
                    f"{kind}_id": subject_id, "kind": values["kind"], "decided_on": values["decided_on"].isoformat(),
                    "summary": summary,
                }  # fmt: skip
                field = DisciplineRecord._meta.get_field("kind")
                row.diff = {"kind": ["—", _shown(field, values["kind"])], "decided_on": ["—", row.values["decided_on"]]}
                if summary:
                    row.diff["summary"] = ["—", summary]
            elif summary and summary != current.summary:
                row.outcome, row.target_id = Outcome.CHANGED, current.pk
                row.values, row.diff = {"summary": summary}, {"summary": [current.summary or "—", summary]}
            else:
                row.outcome, row.target_id = Outcome.UNCHANGED, current.pk
        self.save_rows(rows)


PLANNERS = {ImportKind.LAWYERS: LawyerPlanner, ImportKind.FIRMS: FirmPlanner, ImportKind.DISCIPLINE: DisciplinePlanner}


# --- the fingerprint ------------------------------------------------------------------------------


# The key columns of each kind, in the order fingerprint() takes them.
KEY_COLUMNS = {
    ImportKind.LAWYERS: ("licence_no", "id_number", "firm"),
    ImportKind.FIRMS: ("licence_no", "member_no"),
    ImportKind.DISCIPLINE: ("lawyer", "firm"),
}


def _remember_keys(run: ImportRun, keys: tuple) -> None:
    """The dry run's keys (stored for the confirm) and the fingerprint of the rows they name."""
    run.keys = {
        column: sorted(v for v in values if v) for column, values in zip(KEY_COLUMNS[run.kind], keys, strict=True)
    }
    run.fingerprint = fingerprint(run, keys)
    ImportRun.objects.filter(pk=run.pk).update(keys=run.keys, fingerprint=run.fingerprint)


def _stored_keys(run: ImportRun) -> tuple:
    return tuple(set(run.keys.get(column, [])) for column in KEY_COLUMNS[run.kind])


def fingerprint(run: ImportRun, keys=None) -> str:
    """A digest of the roster rows the file names (by each of its key columns), with their
    updated_at, and of the count of those keys found: a row changed, added or removed since
    the dry run changes it. Discipline records have no updated_at: their subjects' ids and the
    records' ids stand in."""
    if keys is None:
        keys = _stored_keys(run)
    digest = hashlib.sha256()
    if run.kind == ImportKind.LAWYERS:
        licences, ids, refs = keys
        parts = [
            ("lawyer", Lawyer, "licence_no", licences),
            ("lawyer", Lawyer, "id_number", ids),
            ("firm", Firm, "licence_no", refs),
            ("firm", Firm, "name", refs),
        ]
    elif run.kind == ImportKind.FIRMS:
        licences, member_nos = keys
        parts = [("firm", Firm, "licence_no", licences), ("firm", Firm, "member_no", member_nos)]
    else:
        licences, firm_licences = keys
        parts = [("lawyer", Lawyer, "licence_no", licences), ("firm", Firm, "licence_no", firm_licences)]
    seen = set()
    for label, model, field, values in parts:
        for chunk in _chunks(sorted(v for v in values if v)):
            seen.update(
                (label, pk, str(updated))
                for pk, updated in model.objects.filter(**{f"{field}__in": chunk}).values_list("pk", "updated_at")
            )
    if run.kind == ImportKind.DISCIPLINE:
        for label, field in (("lawyer", "lawyer_id"), ("firm", "firm_id")):
            subject_ids = [pk for kind, pk, _u in seen if kind == label]
            for chunk in _chunks(subject_ids):
                seen.update(
                    ("record", pk, str(subject))
                    for pk, subject in DisciplineRecord.objects.filter(**{f"{field}__in": chunk}).values_list(
                        "pk", field
                    )
                )
    if run.full_list:
        model = Lawyer if run.kind == ImportKind.LAWYERS else Firm
        summary = model.objects.filter(status=RosterStatus.PRACTISING).aggregate(
            count=Count("pk"), latest=Max("updated_at")
        )
        seen.add(("practising", summary["count"], str(summary["latest"])))
    for item in sorted(seen, key=str):
        digest.update(repr(item).encode())
    return digest.hexdigest()


# --- applying --------------------------------------------------------------------------------------


def apply(run_id: int, max_batches: int = 20, seconds: float = APPLY_SECONDS) -> None:
    """The job: the stored rows of a confirmed run, BATCH_SIZE a transaction, until done; after
    `max_batches`, or once `seconds` have passed (a busy database: 20,000 new lawyers took 200 s
    on a loaded 2-core machine), it queues itself again, so no one job runs into the worker's
    timeout (Q_CLUSTER["timeout"], 120 s)."""
    run = ImportRun.objects.select_related("confirmed_by").get(pk=run_id)
    if run.state != S.APPLYING:
        return
    todo = run.rows.filter(outcome__in=APPLIED_OUTCOMES, applied_at__isnull=True, apply_error="").order_by("pk")
    run.total_rows = run.rows.filter(outcome__in=APPLIED_OUTCOMES).count()
    until = time.monotonic() + seconds
    for done_batches in range(max_batches + 1):
        batch = list(todo[:BATCH_SIZE])
        if not batch:
            break
        if done_batches and (done_batches == max_batches or time.monotonic() > until):  # one batch at least
            enqueue_on_commit(APPLY_TASK, run.pk)
            return
        try:
            with transaction.atomic(), acting_as(run.confirmed_by):
                _apply_batch(run, batch)
        except Exception as error:
            _system_move(run, "fail", error=_failure(error))
            raise
    rows = run.rows.filter(outcome__in=APPLIED_OUTCOMES)
    counts = {
        **run.counts,
        "applied": rows.filter(applied_at__isnull=False).count(),
        "skipped": rows.exclude(apply_error="").count(),
    }
    _system_move(run, "finish", counts=counts, finished_at=timezone.now())


def _apply_batch(run: ImportRun, batch: list[ImportRow]) -> None:
    model = {ImportKind.LAWYERS: Lawyer, ImportKind.FIRMS: Firm, ImportKind.DISCIPLINE: DisciplineRecord}[run.kind]
    targets = {}
    ids = [row.target_id for row in batch if row.target_id]
    if ids:
        targets = {obj.pk: obj for obj in model.objects.select_for_update().filter(pk__in=ids)}
    accounts = {}
    if run.kind == ImportKind.LAWYERS and ids:
        accounts = {user.lawyer_id: user for user in get_user_model().objects.filter(lawyer_id__in=ids)}
    firms = {}
    if run.kind == ImportKind.LAWYERS:
        firm_ids = {row.values["firm"] for row in batch if row.values.get("firm")}
        firm_ids |= {obj.firm_id for obj in targets.values() if obj.firm_id}
        firms = Firm.objects.in_bulk(firm_ids)
    now = timezone.now()
    by = run.confirmed_by
    for row in batch:
        try:
            with transaction.atomic():
                if row.outcome == Outcome.NEW:
                    _create(run, model, row, by)
                else:
                    target = targets.get(row.target_id)
                    if target is None or (
                        row.seen_updated_at and getattr(target, "updated_at", None) != row.seen_updated_at
                    ):
                        row.apply_error = "试运行后该记录已被修改或删除，未导入"
                        continue
                    _update(run, target, row, by, firms, accounts.get(target.pk))
        except IntegrityError:
            row.apply_error = "与名册中已有的证号或编号冲突，未导入"
            continue
        row.applied_at = now
    ImportRow.objects.bulk_update(batch, ["applied_at", "apply_error"])
    run.processed_rows = (
        run.rows.filter(outcome__in=APPLIED_OUTCOMES).exclude(applied_at__isnull=True, apply_error="").count()
    )
    ImportRun.objects.filter(pk=run.pk).update(
        processed_rows=run.processed_rows, total_rows=run.total_rows, updated_at=now
    )


def _attributes(model, values: dict) -> dict:
    """Stored JSON values as model attributes (a firm by its id, dates parsed)."""
    attributes = {}
    for name, value in values.items():
        field = model._meta.get_field(name.removesuffix("_id"))
        if field.is_relation:
            attributes[field.attname] = value
        elif value is not None and field.get_internal_type() == "DateField":
            attributes[name] = datetime.date.fromisoformat(value)
        else:
            attributes[name] = value
    return attributes


def _create(run: ImportRun, model, row: ImportRow, by) -> None:
    obj = model(**_attributes(model, row.values))
    with disable_auditlog():
        obj.save()
    events = {Lawyer: LAWYER_EVENTS, Firm: FIRM_EVENTS, DisciplineRecord: DISCIPLINE_EVENTS}[model]
    changes = {name: [None, _logged(value)] for name, value in row.values.items()}
    LogEntry.objects.log_create(
        obj, force_log=True, action=LogEntry.Action.CREATE, changes=changes,
        actor=by if getattr(by, "is_authenticated", False) else None,
        additional_data={"event": events.event_code("create"), "事件": events.events["create"], "导入": str(run), "行号": row.line},
    )  # fmt: skip
    row.target_id = obj.pk


def _update(run: ImportRun, target, row: ImportRow, by, firms: dict, account) -> None:
    events = {Lawyer: LAWYER_EVENTS, Firm: FIRM_EVENTS, DisciplineRecord: DISCIPLINE_EVENTS}[type(target)]
    values = _attributes(type(target), row.values)
    details = {"导入": str(run), "行号": row.line}
    if "firm_id" in values:
        event = "transfer"
        new_firm = firms.get(values.pop("firm_id"))
        details["原执业机构"] = getattr(firms.get(target.firm_id), "name", "—")
        details["新执业机构"] = getattr(new_firm, "name", "—")
        values["firm"] = new_firm  # by name, so the history keeps the old firm's id beside the new
    elif row.outcome == Outcome.CANCELLED:
        event = "cancel"
    else:
        event = "update"
    events.update(target, event, values, by=by, **details)
    if row.outcome == Outcome.CANCELLED:
        _notify_cancelled(target, events.event_code(event), values.get("cancelled_on"))
    if account is not None and "licence_no" in values and account.username != target.licence_no:
        # The account keeps the login number it was made with as its username: follow the roster.
        account.username = target.licence_no
        account.save(update_fields=["username"])


def _notify_cancelled(member, event: str, cancelled_on=None, reason: str = "") -> None:
    """The member learns of it (a 消息, and an e-mail if the account wants them): with the
    account no longer able to log in, the e-mail copy is the one read."""
    from portal.notifications.services import notify

    when = f"（注销日期：{cancelled_on:%Y年%m月%d日}）" if cancelled_on else ""
    because = f"原因：{reason}。" if reason else ""
    notify(
        member, title="会员状态已登记为已注销", event=event,
        body=f"律师协会已根据司法局名册将您的状态登记为“已注销”{when}。{because}如有疑问，请联系律师协会。",
    )  # fmt: skip


# --- 注销 of the members 不在文件中 -----------------------------------------------------------------

# From which states of the run staff may cancel what it lists as 不在文件中.
CANCEL_MISSING_STATES = (S.READY, S.DONE)
EARLIEST_CANCELLATION = datetime.date(1990, 1, 1)
CHANGED_SINCE = "试运行后该会员已变更，未注销：请重新试运行后核实"
NOT_PRACTISING = "该会员已不是执业状态，未注销"


def may_cancel_missing(run: ImportRun, user) -> bool:
    return run.state in CANCEL_MISSING_STATES and may_import(user, run.kind)


def cancellable_missing(run: ImportRun):
    """The rows 不在文件中 still to decide on (not cancelled, not skipped)."""
    return run.rows.filter(outcome=Outcome.MISSING, applied_at__isnull=True, apply_error="")


@dataclasses.dataclass
class CancelResult:
    cancelled: list = dataclasses.field(default_factory=list)  # names
    skipped: list = dataclasses.field(default_factory=list)  # (name, why)
    already: int = 0  # cancelled by an earlier submit of the same selection


def cancel_missing(run: ImportRun, row_ids, cancelled_on: datetime.date, reason: str, by) -> CancelResult:
    """注销 the members of the chosen 不在文件中 rows, as staff decided on the run's page: only a
    member still practising and unchanged since the dry run (the row's seen_updated_at); another
    is skipped and named. One transaction, on the locked run (a second submit waits, then finds
    the rows done and cancels nobody twice); each member saved and audited as one event naming
    the import, and told. The run's fingerprint stays current when it was: a full list's includes
    the practising count, which these cancellations change, and the confirm must not then refuse."""
    if not may_import(by, run.kind):
        raise NotPermitted("您没有注销会员的权限。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写注销原因。")
    model, events = (Lawyer, LAWYER_EVENTS) if run.kind == ImportKind.LAWYERS else (Firm, FIRM_EVENTS)
    result = CancelResult()
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.state not in CANCEL_MISSING_STATES:
            raise TransitionNotAllowed(f"当前状态为“{run.get_state_display()}”，不能注销不在文件中的会员。")
        current = run.state == S.READY and fingerprint(run) == run.fingerprint
        rows = list(run.rows.select_for_update().filter(pk__in=list(row_ids), outcome=Outcome.MISSING).order_by("pk"))
        members = model.objects.select_for_update(of=("self",)).select_related("account")
        members = members.in_bulk([row.target_id for row in rows])
        now = timezone.now()
        for row in rows:
            if row.applied_at or row.apply_error:
                result.already += 1
                continue
            member = members.get(row.target_id)
            why = ""
            if member is None or (row.seen_updated_at and member.updated_at != row.seen_updated_at):
                why = CHANGED_SINCE
            elif member.status != RosterStatus.PRACTISING:
                why = NOT_PRACTISING
            if why:
                row.apply_error = why
                row.save(update_fields=["apply_error"])
                result.skipped.append((row.name, why))
                continue
            values = {"status": RosterStatus.CANCELLED}
            if model is Lawyer:
                values["cancelled_on"] = cancelled_on
            with transaction.atomic():
                events.update(
                    member, "cancel_missing", values, by=by, 导入=str(run), 注销日期=cancelled_on.isoformat(),
                    注销原因=reason,
                )  # fmt: skip
                _notify_cancelled(member, events.event_code("cancel_missing"), cancelled_on, reason)
                row.applied_at = now
                row.save(update_fields=["applied_at"])
            result.cancelled.append(row.name)
        if result.cancelled or result.skipped:
            RUN.log(
                run, "cancel_missing", by=by, 注销=len(result.cancelled), 未注销=len(result.skipped),
                注销日期=cancelled_on.isoformat(), 注销原因=reason,
            )  # fmt: skip
        if current and result.cancelled:
            run.fingerprint = fingerprint(run)
            ImportRun.objects.filter(pk=run.pk).update(fingerprint=run.fingerprint)
    return result


# The file's lines in order, then the rows 不在文件中 (which have no line).
ROW_ORDER = (F("line").asc(nulls_last=True), "pk")

# --- spreadsheets ------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(worksheet, values):
    """Cells written as the text they are: what looks like a formula (=HYPERLINK(…)) is not one,
    as Wagtail's own xlsx export does it."""
    from openpyxl.cell import WriteOnlyCell

    for value in values:
        cell = WriteOnlyCell(worksheet, value)
        if cell.data_type == "f":
            cell.data_type = "s"
        yield cell


def _workbook_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_xlsx(kind: str) -> bytes:
    """The empty file to fill in: the kind's headings, every column formatted as text (so Excel
    keeps a 17-digit licence number and an 18-digit ID number as typed)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ImportKind(kind).label[:31]
    for index, heading in enumerate(RESOURCES[kind].headings(), start=1):
        sheet.cell(row=1, column=index, value=heading)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(heading) * 3)
        for row in range(2, 1002):
            sheet[f"{letter}{row}"].number_format = "@"
    return _workbook_bytes(workbook)


@functools.cache
def _headings(kind: str) -> dict[str, str]:
    headings = {field.attribute: field.column_name for field in RESOURCES[kind]().get_import_fields()}
    return {**headings, "lawyer_id": "律师", "firm_id": "律师事务所"}


def describe_diff(run: ImportRun, diff: dict) -> str:
    """执业机构：甲所 → 乙所；手机号码：— → 13800000000 (headings as in the file)."""
    headings = _headings(run.kind)
    return "；".join(f"{headings.get(name, name)}：{old} → {new}" for name, (old, new) in diff.items())


REPORT_HEADINGS = ["行号", "结果", "证号", "名称", "变更（原 → 新）", "原因", "提示", "导入情况"]


def report_xlsx(run: ImportRun) -> bytes:
    """The dry run (and, once applied, what was written) as a spreadsheet, one line per row."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="试运行结果")
    sheet.append(list(_cells(sheet, REPORT_HEADINGS)))
    labels = dict(Outcome.choices)
    for row in run.rows.order_by(*ROW_ORDER).iterator(chunk_size=2000):
        done = "已注销" if row.outcome == Outcome.MISSING else "已导入"
        applied = done if row.applied_at else row.apply_error
        values = [
            row.line or "", labels[row.outcome], row.key, row.name, describe_diff(run, row.diff),
            "；".join(row.reasons), "；".join(row.flags), applied,
        ]  # fmt: skip
        sheet.append(list(_cells(sheet, values)))
    return _workbook_bytes(workbook)


# --- lost jobs ----------------------------------------------------------------------------------------


def reconcile_jobs(cutoff) -> dict[str, int]:
    """A run waiting for its dry run, or half applied, since before `cutoff`: its job again (each
    job starts from what the rows say is still to do)."""
    from portal.tasks import enqueue

    pending = list(ImportRun.objects.filter(state=S.PENDING, updated_at__lt=cutoff).values_list("pk", flat=True))
    applying = list(ImportRun.objects.filter(state=S.APPLYING, updated_at__lt=cutoff).values_list("pk", flat=True))
    for pk in pending:
        enqueue(DRY_RUN_TASK, pk)
    for pk in applying:
        enqueue(APPLY_TASK, pk)
    # Dry runs no one confirmed within the day: 已过期 (the confirm refuses them anyway).
    stale = ImportRun.objects.filter(state=S.READY, dry_run_at__lt=timezone.now() - EXPIRES_AFTER)
    expired, _refused = RUN.move_many(list(stale), "expire", None)
    return {"名册导入": len(pending) + len(applying), "过期的名册试运行": len(expired)}
