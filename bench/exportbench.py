"""后台导出 (portal.exports): the export job of the 电子证明申请 listing at 20,000 and 200,000 rows,
CSV and xlsx, and the inline streamed CSV of the same rows.

bench/run.py gives this step a database of its own (a copy of the migrated schema): `load` puts a
small roster and 200,000 applications in it (bench/certdata.py, bulk inserts); each measurement
then runs in a fresh process (`measure`), so its memory figures are its own:

- the 20,000-row case is the listing filtered to the newest submission days (申请时间 from a date),
  as staff would export "the last few months"; the 200,000-row case is the whole listing;
- job: the staff user's GET of ?export=… (over EXPORT_INLINE_LIMIT: the export is recorded and
  queued; the request's time and queries), then the job itself in this process
  (portal.exports.tasks.build_export: the listing's view again, the file written to a temporary
  file, stored privately, 消息 written): time, queries, the file's size, and memory;
- inline: the same CSV streamed by the request itself (the limit raised for it), read chunk by
  chunk as a client would and thrown away.

Memory: the peak of the process's RSS, sampled every 10 ms by a thread while the export runs,
minus the RSS just before it (openpyxl and the views imported beforehand); and, for the job,
tracemalloc's peak of Python allocations in a second, untimed run of the same export
(tracemalloc slows Python down, so its run is not the timed one).
"""

import datetime
import threading
import time
import tracemalloc

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

LISTING = "/admin/snippets/certificates/certificateapplication/"
ROSTER = (200, 4000)  # firms, lawyers: enough applicants; the roster is not what is measured


def load(rows: int, seed: int) -> dict:
    from . import certdata, data

    start = time.perf_counter()
    data.create_roster(*ROSTER, seed=seed)
    accounts = data.create_accounts()
    made = certdata.create_certificates(rows, accounts, seed=seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "applications": made.applications,
        "firms": ROSTER[0],
        "lawyers": ROSTER[1],
        "generation_s": round(time.perf_counter() - start, 1),
    }


def current_rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler:
    """The highest RSS seen while the block runs, sampled every `interval` seconds."""

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self.peak = 0.0
        self._done = threading.Event()

    def _sample(self):
        while not self._done.is_set():
            self.peak = max(self.peak, current_rss_mib())
            self._done.wait(self.interval)

    def __enter__(self):
        self.before = current_rss_mib()
        self.peak = self.before
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, current_rss_mib())

    @property
    def growth(self) -> float:
        return round(self.peak - self.before, 1)


def query_for(rows: int) -> tuple[dict, int]:
    """The listing's filter selecting about `rows` applications (the newest days), and how many it
    selects; the whole listing when `rows` is all of them."""
    from certificates.models import CertificateApplication

    total = CertificateApplication.objects.count()
    if rows >= total:
        return {}, total
    moment = CertificateApplication.objects.order_by("-submitted_at").values_list("submitted_at", flat=True)[rows - 1]
    day = timezone.localtime(moment).date()
    selected = CertificateApplication.objects.filter(
        submitted_at__gte=timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    ).count()
    return {"submitted_at_from": day.isoformat()}, selected


def staff_client() -> Client:
    from member_center.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    return client


def warm_up():
    """Imports and first-use caches outside the measured block (what any worker has after one export)."""
    import openpyxl  # noqa: F401
    from wagtail.admin.views.mixins import ExcelDateFormatter  # noqa: F401

    from certificates.admin_views import ApplicationIndexView  # noqa: F401
    from portal.exports import tasks  # noqa: F401

    staff_client().get(LISTING)


def measure(mode: str, export_format: str, rows: int) -> dict:
    warm_up()
    query, selected = query_for(rows)
    if mode == "inline":
        result = _inline(export_format, query)
    else:
        result = _job(export_format, query)
        if "error" not in result:
            result.update(_traced(lambda: _job(export_format, query)))
    return {"mode": mode, "format": export_format, "rows": selected, "query": query, **result}


def _traced(run) -> dict:
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"python_peak_mib": round(peak / 1024 / 1024, 1)}


def _job(export_format: str, query: dict) -> dict:
    from portal.exports.models import ExportState, StaffExport
    from portal.exports.tasks import build_export

    client = staff_client()
    with CaptureQueriesContext(connection) as asked:
        start = time.perf_counter()
        response = client.get(LISTING, {**query, "export": export_format})
        request_ms = (time.perf_counter() - start) * 1000
    export = StaffExport.objects.latest("pk")
    if response.status_code != 302 or export.state != ExportState.QUEUED:
        return {"error": f"the request answered {response.status_code}, the export is {export.state}"}
    with CaptureQueriesContext(connection) as worked, RssSampler() as memory:
        start = time.perf_counter()
        build_export(export.pk)
        job_s = time.perf_counter() - start
    export.refresh_from_db()
    if export.state != ExportState.DONE:
        return {"error": f"the job ended {export.state}: {export.error}"}
    size = export.file.size
    export.file.delete(save=False)
    return {
        "request_ms": round(request_ms, 1),
        "request_queries": len(asked.captured_queries),
        "written_rows": export.rows,
        "job_s": round(job_s, 1),
        "job_queries": len(worked.captured_queries),
        "file_mib": round(size / 1024 / 1024, 1),
        "rss_before_mib": round(memory.before, 1),
        "rss_growth_mib": memory.growth,
    }


def _inline(export_format: str, query: dict) -> dict:
    client = staff_client()
    limit = override_settings(EXPORT_INLINE_LIMIT=10**9)
    with limit, CaptureQueriesContext(connection) as asked, RssSampler() as memory:
        start = time.perf_counter()
        response = client.get(LISTING, {**query, "export": export_format})
        size = 0
        for chunk in response.streaming_content if response.streaming else [response.content]:
            size += len(chunk)
        took = time.perf_counter() - start
    return {
        "status": response.status_code,
        "inline_s": round(took, 1),
        "inline_queries": len(asked.captured_queries),
        "file_mib": round(size / 1024 / 1024, 1),
        "rss_before_mib": round(memory.before, 1),
        "rss_growth_mib": memory.growth,
    }
