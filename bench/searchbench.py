"""Staff searches at full size: each search box of the Wagtail admin, as a logged-in superuser
through the Django test Client, on the database bench/run.py loads (200,000 certificate
applications, 200,000 sign-ups, 200,000 messages, 50,000 tickets, a 20,000-lawyer roster).

    .venv/bin/python bench/searchbench.py --database postgres://postgres@127.0.0.1:5432/bench_search --load
    .venv/bin/python bench/searchbench.py --database postgres://…/bench_search       # again, on what is loaded
    .venv/bin/python bench/run.py --searches …                                       # as a step of make bench

For each search: warm-up requests, then timed ones (the median of the page and of the time spent
in the database driver during it), then one more request under CaptureQueriesContext for the
query count and the slowest statement of the search (the COUNT, the page's rows, a lookup of
matching lawyers); on PostgreSQL every SELECT of that request runs again under EXPLAIN ANALYZE:
their execution time together (the queries themselves, without the driver and the connection),
and whether a trigram index (`…_trgm`, portal.search) serves one. The queries
are taken from the loaded rows (a name, a licence number, a part of a number) so the same seed
gives the same searches. The database's name must contain "bench"; `--load` wants it empty
(just created): it migrates it and loads the rows.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/searchbench.py` puts bench/, not the repo root, on the path

NO_MATCH = "查无此人"


def cases() -> list[tuple[str, str, str, str]]:
    """(section, label, listing URL, query) for each staff search, its queries read from the data."""
    from django.db.models import Count

    from activities.models import SignUp
    from bench.measure import admin_url, admin_viewset
    from certificates.models import CertificateApplication
    from member_center.cards.models import CardApplication
    from member_center.models import Firm, Lawyer, User
    from member_center.profiles.models import Profile, ProfileChange
    from member_center.tickets.models import Ticket
    from portal.notifications.models import Notification

    def listing(model) -> str:
        return admin_url(admin_viewset(model), "list", "index")

    rows = []
    if CertificateApplication.objects.exists():  # a part left out of the data (--applications 0 …) is not searched
        applications = listing(CertificateApplication)
        firm_name = (
            CertificateApplication.objects.filter(applicant_firm__isnull=False)
            .values("applicant_name")
            .annotate(n=Count("pk"))
            .order_by("-n")[0]["applicant_name"]
        )
        by_lawyer = CertificateApplication.objects.filter(applicant_lawyer__isnull=False).order_by("-submitted_at")[0]
        rows += [
            ("证明申请", "an applicant firm's name", applications, firm_name),
            ("证明申请", "an applicant lawyer's name", applications, by_lawyer.applicant_name),
            ("证明申请", "part of a number (8 digits)", applications, by_lawyer.number[:8]),
            ("证明申请", "a whole number (exact)", applications, by_lawyer.number),
            ("证明申请", "a two-character name part (no trigram)", applications, by_lawyer.applicant_name[-2:]),
            ("证明申请", "no match", applications, NO_MATCH),
        ]
    if SignUp.objects.exists():
        signups = listing(SignUp)
        signup = SignUp.objects.select_related("attendee").order_by("-pk")[0]
        rows += [
            ("活动报名", "a name", signups, signup.name),
            ("活动报名", "a 执业证号", signups, signup.attendee.licence_no),
            ("活动报名", "no match", signups, NO_MATCH),
        ]
    if Ticket.objects.filter(lawyer__isnull=False).exists():
        tickets = listing(Ticket)
        ticket = Ticket.objects.filter(lawyer__isnull=False).select_related("lawyer").order_by("-pk")[0]
        rows += [
            ("工单", "a member's name", tickets, ticket.lawyer.name),
            ("工单", "a 执业证号", tickets, ticket.lawyer.licence_no),
            ("工单", "part of a number", tickets, ticket.number[:10]),
            ("工单", "no match", tickets, NO_MATCH),
        ]
    if CardApplication.objects.exists():
        cards = listing(CardApplication)
        card = CardApplication.objects.order_by("-pk")[0]
        rows += [
            ("会员卡申请", "a name", cards, card.name),
            ("会员卡申请", "a 执业证号", cards, card.licence_no),
        ]
    if ProfileChange.objects.exists():
        profile = Profile.objects.select_related("lawyer").order_by("-pk")[0]
        change = ProfileChange.objects.select_related("profile__lawyer").order_by("-pk")[0]
        rows += [
            ("律师档案", "a lawyer's name", listing(Profile), profile.lawyer.name),
            ("律师档案", "a 执业证号", listing(Profile), profile.lawyer.licence_no),
            ("近期变更", "a lawyer's name", listing(ProfileChange), change.profile.lawyer.name),
        ]
    if Notification.objects.exists():
        recipient = User.objects.filter(notifications__isnull=False, lawyer__isnull=False).order_by("pk")[0]
        rows += [
            ("消息记录", "a recipient's username (执业证号)", listing(Notification), recipient.username),
            ("消息记录", "no match", listing(Notification), NO_MATCH),
        ]
    lawyer = Lawyer.objects.order_by("-pk")[0]
    rows += [
        ("律师名册", "a name", listing(Lawyer), lawyer.name),
        ("律师名册", "a 执业证号", listing(Lawyer), lawyer.licence_no),
        ("律所名册", "a firm's name", listing(Firm), Firm.objects.order_by("-pk")[0].name),
    ]
    return rows


def explain(sql: str) -> dict:
    """EXPLAIN ANALYZE of one captured statement (PostgreSQL: the captured SQL has its values)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    execution = [line for line in plan.splitlines() if line.startswith("Execution Time")]
    return {
        "explain_ms": float(execution[0].split(":")[1].split()[0]) if execution else None,
        "trigram_index": "_trgm" in plan,
        "seq_scan": [line.strip() for line in plan.splitlines() if "Seq Scan" in line],
    }


def measure(client, path: str, query: str, requests: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import SqlTimer

    for _ in range(warmup):
        client.get(path)
    page_ms, sql_ms = [], []
    for _ in range(requests):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(path)
            page_ms.append((time.perf_counter() - start) * 1000)
        sql_ms.append(timer.seconds * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # The search's statements: those with the query in them (the COUNT, the page's rows, a lookup
    # of matching lawyers) and any other with the listing's search (ids the lookup found).
    selects = [q for q in captured.captured_queries if q["sql"].startswith(("SELECT", "(SELECT"))]  # a UNION too
    searching = [q for q in selects if query in q["sql"] or "COUNT(*)" in q["sql"]]
    slowest = max(searching or selects, key=lambda q: float(q["time"]))
    plans = [explain(q["sql"]) for q in selects] if connection.vendor == "postgresql" else []
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(page_ms), 1),
        "sql_median_ms": round(statistics.median(sql_ms), 1),
        "queries": len(captured.captured_queries),
        "slowest_ms": round(float(slowest["time"]) * 1000, 1),
        "slowest_sql": slowest["sql"][:300],
        "explain_ms": round(sum(plan["explain_ms"] or 0 for plan in plans), 2) if plans else None,
        "trigram_index": any(plan["trigram_index"] for plan in plans) if plans else None,
        "seq_scan": sorted({line for plan in plans for line in plan["seq_scan"]}),
    }


def load(seed: int) -> dict:
    """The site step's data (bench/worker.py), at make bench's default sizes."""
    from django.core.management import call_command

    from bench.worker import load_site

    call_command("migrate", interactive=False, verbosity=0)
    sizes = SimpleNamespace(firms=1000, lawyers=20000, applications=200000, tickets=50000, cards=20000,
                            documents=5000, activities=2000, signups=200000, seed=seed)  # fmt: skip
    made, _ = load_site(sizes)
    return made


def run(requests: int, warmup: int, progress=print) -> list[dict]:
    from django.test import Client

    from member_center.models import User

    client = Client()
    client.force_login(User.objects.filter(is_superuser=True).order_by("pk")[0])
    results = []
    for section, label, listing, query in cases():
        path = f"{listing}?{urlencode({'q': query})}"
        try:
            result = measure(client, path, query, requests, warmup)
        except Exception as exc:  # a broken page is a result, not the end of the run
            result = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:160]}
        results.append({"section": section, "label": label, "query": query, "path": path, **result})
        summary = result.get("error") or f"{result['median_ms']} ms, {result['queries']} queries"
        progress(f"    {section}, {label} ({query}): {summary}")
    return results


def markdown(results: list[dict], title: str = "Staff searches") -> str:
    lines = [
        f"### {title}",
        "",
        "| listing | search | query | page median ms | SQL median ms | queries | slowest query ms "
        "| EXPLAIN ANALYZE ms, all SELECTs | trigram index |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in results:
        if "error" in row:
            lines.append(f"| {row['section']} | {row['label']} | `{row['query']}` | {row['error']} | | | | | |")
            continue
        index = {True: "yes", False: "no", None: "–"}[row.get("trigram_index")]
        lines.append(
            f"| {row['section']} | {row['label']} | `{row['query']}` | {row['median_ms']} | {row['sql_median_ms']} "
            f"| {row['queries']} | {row['slowest_ms']} | {row.get('explain_ms') or '–'} | {index} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a benchmark database URL (its name contains 'bench')")
    parser.add_argument("--load", action="store_true", help="migrate it and load the site's data first")
    parser.add_argument("--requests", type=int, default=9, help="timed requests a search (9)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up requests a search (2)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--title", default="Staff searches", help="the Markdown table's heading")
    args = parser.parse_args(argv)
    if "bench" not in args.database.rsplit("/", 1)[-1].lower():
        sys.exit("searchbench: the database's name must contain 'bench'")
    from bench.worker import setup_django

    setup_django(args.database)

    def progress(message):
        print(message, file=sys.stderr, flush=True)

    made = load(args.seed) if args.load else None
    results = run(args.requests, args.warmup, progress)
    if args.json:
        args.json.write_text(json.dumps({"made": made, "results": results}, ensure_ascii=False, indent=1))
    print(markdown(results, args.title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
