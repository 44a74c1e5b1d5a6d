"""名册导入 at scale: the dry run and the apply of an N-lawyer file (issue 15), in a database of
its own (bench/run.py's `roster-import` step, once for --import-small and once for --import-lawyers
lawyers, so the queries per row of the two can be compared).

The roster holds 1,000 firms and no lawyers; the file (CSV, as the justice bureau sends it) lists
N lawyers with valid ID check digits at those firms (bench/data.make_lawyers). Four phases, each
through the services the screens call, with the jobs run in this process:

    new        the file: N 新增, applied (N lawyers created)
    again      the same file again: N 无变化, and a confirm that writes nothing (idempotent)
    changes    a full list of the same lawyers: every 10th mobile changed, every 50th at another
               firm (转所), every 200th 已注销, every 100th left out (不在文件中, never cancelled)
    check      upload check only (what the request does before the job): the file as XLSX

Each phase reports wall time, queries (and per file line), peak RSS of the phase (Linux: VmHWM,
reset through /proc/self/clear_refs before it) and what the run counted. Password hashes are
counted by wrapping every configured hasher: an import must compute none.
"""

import csv
import io
import random
import resource
import time
import uuid

N_FIRMS = 1000


def _peak_reset() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")  # resets VmHWM (the peak RSS) to the current RSS
        return True
    except OSError:
        return False


def _rss(key: str) -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Counter:
    """A database execute wrapper counting queries (none of their text kept)."""

    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def measured(label: str, lines: int, work) -> tuple[dict, object]:
    from django.db import connection

    counter = Counter()
    resettable = _peak_reset()
    before = _rss("VmRSS")
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = work()
    seconds = time.perf_counter() - start
    figures = {
        "phase": label,
        "seconds": round(seconds, 2),
        "queries": counter.queries,
        "queries_per_line": round(counter.queries / lines, 2) if lines else None,
        "rss_before_mib": round(before, 1),
        "peak_rss_mib": round(_rss("VmHWM"), 1),
        "peak_is_this_phase": resettable,
    }
    return figures, result


def lawyers_file(lawyers, firms_by_pk, *, change=False, leave_out=False) -> bytes:
    """The justice bureau's CSV of these (unsaved) lawyers; with `change`, the changes of the
    `changes` phase."""
    headings = ["执业证号", "姓名", "性别", "身份证号", "执业机构", "执业类别", "所内身份", "主管机关",
                "手机号码", "会员编号", "人员类别", "状态", "注销日期"]  # fmt: skip
    from member_center.models import MemberKind

    firm_pks = sorted(firms_by_pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for i, lawyer in enumerate(lawyers):
        if leave_out and i % 100 == 99:
            continue
        mobile = f"138{i:08d}"
        firm = firms_by_pk[lawyer.firm_id]
        status, cancelled_on = "执业", ""
        if change:
            if i % 10 == 0:
                mobile = f"139{i:08d}"
            if i % 50 == 1:
                firm = firms_by_pk[firm_pks[(firm_pks.index(lawyer.firm_id) + 1) % len(firm_pks)]]
            if i % 200 == 2:
                status, cancelled_on = "已注销", "2026-11-30"
        writer.writerow([
            lawyer.licence_no, lawyer.name, lawyer.get_gender_display(), lawyer.id_number, firm.licence_no,
            lawyer.get_practice_type_display(), lawyer.get_firm_role_display(), lawyer.authority, mobile,
            lawyer.member_no or "", "实习人员" if lawyer.kind == MemberKind.TRAINEE else "执业律师", status, cancelled_on,
        ])  # fmt: skip
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_of(csv_bytes: bytes) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def count_hashes() -> list:
    """Wrap every configured password hasher's encode(); the list grows by one per hash."""
    from django.contrib.auth.hashers import get_hashers

    calls = []
    for hasher in get_hashers():
        cls = type(hasher)
        original = cls.encode

        def encode(self, *args, _original=original, **kwargs):
            calls.append(1)
            return _original(self, *args, **kwargs)

        cls.encode = encode
    return calls


def import_once(kind, data: bytes, name: str, full_list: bool, by, lines: int, label: str) -> list[dict]:
    """Upload, dry run, confirm and apply one file; the figures of each step."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from member_center.roster_import import services
    from member_center.roster_import.models import ImportRun

    upload = SimpleUploadedFile(name, data)
    start, (run, _created) = measured(
        f"{label}: upload", lines, lambda: services.start(kind, upload, full_list, by, uuid.uuid4())
    )
    dry, _ = measured(f"{label}: dry run", lines, lambda: services.dry_run(run.pk))
    run = ImportRun.objects.get(pk=run.pk)
    dry["counts"] = {key: value for key, value in run.counts.items() if value}
    confirm, run = measured(f"{label}: confirm", lines, lambda: services.confirm(run, by))
    apply, _ = measured(f"{label}: apply", lines, lambda: services.apply(run.pk, max_batches=10**6, seconds=10**6))
    run = ImportRun.objects.get(pk=run.pk)
    apply["counts"] = {"applied": run.counts.get("applied", 0), "skipped": run.counts.get("skipped", 0)}
    apply["state"] = run.get_state_display()
    return [start, dry, confirm, apply]


def run(lawyer_count: int, seed: int = 2026) -> dict:
    from django.db import connection

    from member_center.models import Firm, Lawyer, RosterStatus, User
    from member_center.roster_import import services
    from member_center.roster_import.models import ImportKind

    from . import data

    rng = random.Random(seed)
    Firm.objects.bulk_create(data.make_firms(rng, N_FIRMS), batch_size=1000)
    firms = list(Firm.objects.order_by("pk"))
    firms_by_pk = {firm.pk: firm for firm in firms}
    lawyers = data.make_lawyers(rng, lawyer_count, firms)
    admin = User(username="bench-import", is_staff=True, is_superuser=True)
    admin.set_unusable_password()
    admin.save()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    hashes = count_hashes()
    users_before = User.objects.count()

    first = lawyers_file(lawyers, firms_by_pk)
    phases = import_once(ImportKind.LAWYERS, first, "律师名册.csv", False, admin, lawyer_count, "new")
    phases += import_once(ImportKind.LAWYERS, first, "律师名册.csv", False, admin, lawyer_count, "again")
    changed = lawyers_file(lawyers, firms_by_pk, change=True, leave_out=True)
    changed_lines = lawyer_count - lawyer_count // 100
    phases += import_once(ImportKind.LAWYERS, changed, "律师名册-完整名单.csv", True, admin, changed_lines, "changes")
    xlsx = xlsx_of(first)
    check, _ = measured(
        "check: XLSX upload check", lawyer_count, lambda: services.check_file(ImportKind.LAWYERS, xlsx, "名册.xlsx")
    )
    phases.append(check)
    return {
        "lawyers": lawyer_count,
        "firms": N_FIRMS,
        "database": connection.vendor,
        "csv_kib": round(len(first) / 1024),
        "xlsx_kib": round(len(xlsx) / 1024),
        "phases": phases,
        "password_hashes": len(hashes),
        "accounts_created": User.objects.count() - users_before,
        "lawyers_after": Lawyer.objects.count(),
        "cancelled_after": Lawyer.objects.filter(status=RosterStatus.CANCELLED).count(),
    }


def markdown(results: list[dict]) -> str:
    """The step's section of the report: one table per file size, then queries per line side by side."""
    lines = ["## 名册导入 (roster import)", ""]
    for result in results:
        if "error" in result:
            lines += [f"Import of a file: **{result['error']}**", ""]
            continue
        lines += [
            f"### {result['lawyers']:,} lawyers ({result['database']}; CSV {result['csv_kib']:,} KiB, "
            f"XLSX {result['xlsx_kib']:,} KiB)",
            "",
            "| phase | s | queries | per line | peak RSS MiB | what the run counted |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for phase in result["phases"]:
            counts = phase.get("counts") or {}
            shown = ", ".join(f"{key} {value:,}" for key, value in counts.items())
            lines.append(
                f"| {phase['phase']} | {phase['seconds']} | {phase['queries']:,} | {phase['queries_per_line']} | "
                f"{phase['peak_rss_mib']} | {shown} |"
            )
        lines += [
            "",
            f"Password hashes computed: {result['password_hashes']}; accounts created: {result['accounts_created']}; "
            f"lawyers after: {result['lawyers_after']:,} ({result['cancelled_after']:,} 已注销).",
            "",
        ]
    sized = [r for r in results if "phases" in r]
    if len(sized) > 1:
        lines += [
            "Queries per file line, by size:",
            "",
            "| phase | " + " | ".join(f"{r['lawyers']:,}" for r in sized) + " |",
        ]
        lines.append("|---|" + "---:|" * len(sized))
        for index, phase in enumerate(sized[0]["phases"]):
            lines.append(
                f"| {phase['phase']} | " + " | ".join(str(r["phases"][index]["queries_per_line"]) for r in sized) + " |"
            )
        lines.append("")
    return "\n".join(lines)
