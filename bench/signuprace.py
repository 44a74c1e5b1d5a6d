"""The never-oversold run of issue 11 in the benchmark: `attempts` sign-ups from distinct lawyers,
released together from `threads` threads (each with its own database connection), at one activity
of `seats` seats; the same run as tests/activities/test_concurrency.py, timed.

Every other lawyer asks for the waiting list when full (wait=True), the others do not: so the
counts show seats, waiting-list places and refusals at once. Each sign-up's latency is
services.sign_up from call to return (the wait for the activity's lock included). PostgreSQL only:
on SQLite select_for_update does nothing and a second writer is refused (services.BUSY), so the
figures would measure SQLite's single writer, not the lock."""

import datetime
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

from .report import RACE_NOT_RUN as NOT_RUN


def _percentile(values, pct):
    from .measure import percentile

    return percentile(values, pct) if values else None


def run(attempts: int = 500, seats: int = 100, threads: int = 40) -> dict:
    if connection.vendor != "postgresql":
        return {"skipped": NOT_RUN}
    from activities import services
    from activities.models import ActivityPage, SignUp, SignUpState
    from member_center.models import Lawyer, RosterStatus
    from portal.workflow import WorkflowError

    from .activitydata import ALL_LAWYERS, activity_index

    now = timezone.now()
    day = datetime.timedelta(days=1)
    index = activity_index()  # made here when the run loaded no activities (--activities 0)
    page = index.add_child(
        instance=ActivityPage(
            title="并发报名测试活动", slug=f"bench-race-{int(time.time())}", starts_at=now + 10 * day,
            ends_at=now + 10 * day + datetime.timedelta(hours=3), place="协会七楼报告厅", organiser="广州市律师协会",
            capacity=seats, eligible=ALL_LAWYERS, signup_opens=now - day, signup_closes=now + 5 * day,
        )
    )  # fmt: skip
    services.ledger_for(page)
    lawyers = list(
        Lawyer.objects.filter(status=RosterStatus.PRACTISING)
        .select_related("firm", "account")
        .order_by("pk")[:attempts]
    )
    entries = [services.entry_from_roster(lawyer, mobile="13800000000") for lawyer in lawyers]
    connection.close()  # the threads open their own

    start = threading.Event()
    outcomes, latencies, errors = Counter(), [], []
    lock = threading.Lock()

    def one(i):
        start.wait(timeout=60)
        activity = ActivityPage.objects.select_related("ledger").get(pk=page.pk)  # as a request loads it
        began = time.perf_counter()
        try:
            [made] = services.sign_up(activity, lawyers[i], [entries[i]], wait=i % 2 == 1)
            outcome = "waiting" if made.state == SignUpState.WAITING else "signed_up"
        except WorkflowError as refusal:
            outcome = "busy" if str(refusal) == services.BUSY else "refused"
        except Exception as error:  # counted, and the first few named in the report
            outcome = "errors"
            with lock:
                errors.append(f"{type(error).__name__}: {error}".splitlines()[0][:160])
        finally:
            elapsed = time.perf_counter() - began
            connection.close()
        with lock:
            outcomes[outcome] += 1
            latencies.append(elapsed)

    wall = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(one, i) for i in range(len(lawyers))]
        start.set()
        for future in futures:
            future.result(timeout=300)
    wall = time.perf_counter() - wall

    in_db = Counter(SignUp.objects.filter(activity_id=page.pk).values_list("state", flat=True))
    taken = ActivityPage.objects.select_related("ledger").get(pk=page.pk).ledger.taken
    ms = [t * 1000 for t in latencies]
    return {
        "attempts": len(lawyers),
        "seats": seats,
        "threads": threads,
        "signed_up": outcomes["signed_up"],
        "waiting": outcomes["waiting"],
        "refused": outcomes["refused"],
        "busy": outcomes["busy"],
        "errors": outcomes["errors"],
        "error_samples": errors[:3],
        "db_signed_up": in_db[SignUpState.SIGNED_UP],
        "db_waiting": in_db[SignUpState.WAITING],
        "ledger_taken": taken,
        "oversold": in_db[SignUpState.SIGNED_UP] > seats or taken > seats,
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p99_ms": round(_percentile(ms, 99), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "wall_s": round(wall, 2),
        "lock_timeout": services.LOCK_TIMEOUT,
    }
