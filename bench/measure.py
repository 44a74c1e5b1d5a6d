"""Server-side timings and query counts of the portal's pages, through the Django test Client.

For each page: a few warm-up requests, then N timed requests (time.perf_counter around
Client.get, so the time is the whole middleware stack and view, without any network; and
time.process_time, this process's CPU time, which a busy machine disturbs less), then
one more request under CaptureQueriesContext for the query count. Capturing only that last
request keeps the debug cursor's bookkeeping out of the timings.
"""

import math
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.viewsets import viewsets

from member_center.models import Firm, Lawyer, User
from notices.models import NewsIndexPage, NoticeIndexPage

from .urls import FLOOR_PATH


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    path: str
    who: str  # "anonymous" or an account role of data.create_accounts()


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w\"])-?\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"\bIN \((?:\?|%s)(?:, ?(?:\?|%s))*\)")


def query_shape(sql: str) -> str:
    """The SQL with its literals replaced, so the same query for two rows has one shape."""
    sql = _STRING.sub("?", sql)
    sql = _NUMBER.sub("?", sql)
    return _IN_LIST.sub("IN (...)", sql)


def list_pages() -> list[tuple[str, str]]:
    """The article index pages of the tree, each labelled with its number of live articles."""
    found = []
    for model, name in ((NoticeIndexPage, "通知公告 index"), (NewsIndexPage, "新闻动态 index")):
        for index in model.objects.live().order_by("path"):
            articles = index.article_model.objects.child_of(index).live().count()
            if articles == 0:
                label = f"{name}, empty list (0 articles)"
            else:
                label = f"{name}, page 1 ({articles} articles, 10 a page)"
            found.append((label, index.get_url()))
    return found


def admin_index_path(model) -> str:
    """The index URL of the model's Wagtail admin viewset, wherever it is mounted."""
    reverse("wagtailadmin_home")  # loads the URLconf, which registers the viewsets
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is model:
            return reverse(viewset.get_url_name("index"))
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


class SqlTimer:
    """A database execute wrapper adding up the time spent in the database driver."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def targets(lawyer_count: int, firm_count: int) -> list[Target]:
    rows = [
        Target("floor", 'Floor: HttpResponse("ok")', FLOOR_PATH, "anonymous"),
        Target("floor_member", 'Floor: HttpResponse("ok"), logged in', FLOOR_PATH, "lawyer"),
        Target("home", "Home page /", "/", "anonymous"),
        Target("search_empty", "Search without a query: empty result list", "/search/", "anonymous"),
    ]
    for n, (label, path) in enumerate(list_pages()):
        rows.append(Target(f"list{n}", label, path, "anonymous"))
    rows += [
        Target("dashboard_lawyer", "Member dashboard /member/", "/member/", "lawyer"),
        Target("dashboard_firm", "Member dashboard /member/", "/member/", "firm"),
        Target(
            "admin_lawyers",
            f"Admin lawyer listing ({lawyer_count:,} rows)",
            admin_index_path(Lawyer),
            "superuser",
        ),
        Target("admin_firms", f"Admin firm listing ({firm_count:,} rows)", admin_index_path(Firm), "superuser"),
        Target("admin_home", "Wagtail admin dashboard (staff to-do counts)", reverse("wagtailadmin_home"), "superuser"),
    ]
    return rows


def measure_one(client: Client, path: str, requests: int, warmup: int) -> dict:
    try:
        for _ in range(warmup):
            client.get(path)
        times, cpu_times = [], []
        for _ in range(requests):
            start, cpu_start = time.perf_counter(), time.process_time()
            client.get(path)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        timer = SqlTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            response = client.get(path)
    except Exception as exc:  # a broken page is a result, not the end of the run
        return {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:160]}
    shapes = [query_shape(q["sql"]) for q in captured.captured_queries]
    repeated = {shape: n for shape, n in Counter(shapes).items() if n >= 3}
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "kb": round(len(response.content) / 1024, 1),
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 95) * 1000, 2),
        "min_ms": round(min(times) * 1000, 2),
        "cpu_median_ms": round(statistics.median(cpu_times) * 1000, 2),
        "queries": len(shapes),
        "sql_ms": round(timer.seconds * 1000, 2),
        "shapes": shapes,
        "repeated": repeated,
    }


def run(accounts: dict, lawyer_count: int, firm_count: int, requests: int, warmup: int, progress=print) -> list[dict]:
    clients = {"anonymous": Client()}
    for role, account in accounts.items():
        client = Client()
        client.force_login(User.objects.get(pk=account["user_id"]))
        clients[role] = client
    results = []
    for target in targets(lawyer_count, firm_count):
        account = accounts[target.who]["label"] if target.who in accounts else ""
        result = measure_one(clients[target.who], target.path, requests, warmup)
        results.append(
            {"key": target.key, "label": target.label, "path": target.path, "who": target.who, "account": account}
            | result
        )
        summary = result.get("error") or f"{result['median_ms']} ms, {result['queries']} queries"
        progress(f"    {target.label} [{target.who}]: {summary}")
    return results
