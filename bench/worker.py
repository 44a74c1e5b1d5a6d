"""One step of the benchmark in its own process: `python -m bench.worker STEP --database URL --out FILE`.

bench/run.py starts these; each sets DATABASE_URL to the benchmark's database before Django
starts, writes its results as JSON and exits. Separate processes keep each peak RSS honest
and let the small and the large roster live in separate databases.
"""

import argparse
import json
import os
import platform
import sys
import time
import warnings
from dataclasses import asdict
from pathlib import Path


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["BENCH_DATABASE_URL_IN_USE"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # WhiteNoise warns that STATIC_ROOT does not exist: the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def unmigrated_changes() -> list[str]:
    """Model changes that no migration covers yet (someone's work in progress)."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.state import ProjectState
    from django.utils import translation

    with translation.override(None):  # as makemigrations: verbose names untranslated
        loader = MigrationLoader(None, ignore_no_migrations=True)
        detector = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps))
        changes = detector.changes(graph=loader.graph)
    return [f"{app}: {op.describe()}" for app, migrations in changes.items() for m in migrations for op in m.operations]


def refuse_unmigrated_models() -> None:
    missing = unmigrated_changes()
    if missing:
        print(
            "bench: the models have changes no migration covers yet, so the roster cannot be loaded:",
            file=sys.stderr,
            flush=True,
        )
        for change in missing:
            print(f"    {change}", file=sys.stderr, flush=True)
        sys.exit(2)


def step_migrate(args) -> dict:
    from django.core.management import call_command

    refuse_unmigrated_models()
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return {"migrate_s": round(time.perf_counter() - start, 1)}


def vacuum_analyze(models) -> None:
    """On PostgreSQL, as autovacuum would have by the time anyone looks: statistics, and the
    visibility map for index-only counts of these freshly loaded, insert-only tables."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def load_site(args) -> tuple[dict, dict]:
    """The synthetic site of `args`' sizes; returns what was made (the site step's figures
    without the page rows) and the accounts of data.create_accounts()."""
    import django
    import wagtail
    from django.db import connection

    from . import (
        activitydata,
        carddata,
        certdata,
        data,
        documentdata,
        notificationdata,
        pages,
        profiledata,
        ticketdata,
    )

    def progress(message):
        print(message, file=sys.stderr, flush=True)

    refuse_unmigrated_models()
    start = time.perf_counter()
    roster = data.create_roster(args.firms, args.lawyers, seed=args.seed)
    accounts = data.create_accounts()
    tree = pages.create_page_tree()
    if connection.vendor == "postgresql":
        # Autovacuum would have analysed freshly loaded tables by the time anyone looks.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generation_s = round(time.perf_counter() - start, 1)
    progress(
        f"    roster: {roster.firms:,} firms, {roster.lawyers:,} lawyers, {roster.discipline_records} discipline "
        f"records; pages: {tree} ({generation_s} s)"
    )
    certificates = None
    if args.applications:
        start = time.perf_counter()
        made = certdata.create_certificates(args.applications, accounts, seed=args.seed)
        if connection.vendor == "postgresql":
            # Since PostgreSQL 13 autovacuum also vacuums insert-only tables: the visibility map
            # is set by the time anyone counts, so COUNT(*) can scan an index only, as in production.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE certificates_certificateapplication")
        made.generation_s = round(time.perf_counter() - start, 1)
        certificates = asdict(made)
        progress(
            f"    certificates: {made.applications:,} applications ({made.measured['firm_applications']} for the "
            f"measured firm, {made.measured['lawyer_applications']} for the lawyer), {made.emails} e-mails "
            f"({made.generation_s} s)"
        )
    start = time.perf_counter()
    made_profiles = profiledata.create_profiles(accounts, seed=args.seed)
    vacuum_analyze(profiledata.loaded_models())
    made_profiles.generation_s = round(time.perf_counter() - start, 1)
    profiles = asdict(made_profiles)
    progress(
        f"    profiles: {made_profiles.profiles:,} ({', '.join(f'{k} {n:,}' for k, n in made_profiles.states.items())}), "
        f"{made_profiles.entries:,} section entries, {made_profiles.changes:,} changes ({made_profiles.generation_s} s)"
    )
    start = time.perf_counter()
    made_messages = notificationdata.create_messages(accounts, roster.lawyers, seed=args.seed)
    vacuum_analyze(notificationdata.loaded_models())
    made_messages.generation_s = round(time.perf_counter() - start, 1)
    messages = asdict(made_messages)
    progress(
        f"    messages: {made_messages.notifications:,} for {made_messages.accounts:,} accounts "
        f"({made_messages.generation_s} s)"
    )
    tickets = None
    if args.tickets:
        start = time.perf_counter()
        made_tickets = ticketdata.create_tickets(args.tickets, accounts, seed=args.seed)
        vacuum_analyze(ticketdata.loaded_models())
        made_tickets.generation_s = round(time.perf_counter() - start, 1)
        tickets = asdict(made_tickets)
        progress(
            f"    tickets: {made_tickets.tickets:,} ({made_tickets.measured['lawyer_tickets']} for the measured lawyer), "
            f"{made_tickets.messages} messages ({made_tickets.generation_s} s)"
        )
    cards = None
    if args.cards:
        start = time.perf_counter()
        made_cards = carddata.create_cards(args.cards, accounts, seed=args.seed)
        vacuum_analyze(carddata.loaded_models())
        made_cards.generation_s = round(time.perf_counter() - start, 1)
        cards = asdict(made_cards)
        progress(
            f"    cards: {made_cards.applications:,} applications, {made_cards.cards:,} cards, a batch of "
            f"{made_cards.measured['batch_size']} ({made_cards.generation_s} s)"
        )
    documents = None
    if args.documents:
        start = time.perf_counter()
        made_documents = documentdata.create_documents(args.documents, accounts, seed=args.seed)
        vacuum_analyze(documentdata.loaded_models())
        made_documents.generation_s = round(time.perf_counter() - start, 1)
        documents = asdict(made_documents)
        progress(
            f"    documents: {made_documents.documents:,} ({made_documents.recipients:,} receipts); publishing to "
            f"{made_documents.publish['recipients']:,} took {made_documents.publish['publish_ms']} ms and "
            f"{made_documents.publish['publish_queries']} queries ({made_documents.generation_s} s)"
        )
    activities = None
    if args.activities:
        start = time.perf_counter()
        made_activities = activitydata.create_activities(args.activities, args.signups, accounts, seed=args.seed)
        vacuum_analyze(activitydata.loaded_models())
        made_activities.generation_s = round(time.perf_counter() - start, 1)
        activities = asdict(made_activities)
        progress(
            f"    activities: {made_activities.activities:,} pages ({made_activities.pages_s} s), "
            f"{made_activities.signups:,} sign-ups, {made_activities.records:,} 培训记录 "
            f"({made_activities.generation_s} s)"
        )
    site = {
        "firms": roster.firms,
        "lawyers": roster.lawyers,
        "discipline_records": roster.discipline_records,
        "page_tree": tree,
        "generation_s": generation_s,
        "certificates": certificates,
        "profiles": profiles,
        "messages": messages,
        "tickets": tickets,
        "cards": cards,
        "documents": documents,
        "activities": activities,
        "database": f"{connection.display_name} {'.'.join(map(str, connection.get_database_version()))}",
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
        },
    }
    return site, accounts


def step_site(args) -> dict:
    from . import measure

    made, accounts = load_site(args)
    rows = measure.run(
        accounts,
        made["lawyers"],
        made["firms"],
        args.requests,
        args.warmup,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
        certificates=made["certificates"],
        budget_s=args.page_budget,
        profiles=made["profiles"],
        messages=made["messages"],
        tickets=made["tickets"],
        cards=made["cards"],
        documents=made["documents"],
        activities=made["activities"],
    )
    return {**made, "requests": args.requests, "warmup": args.warmup, "page_budget_s": args.page_budget, "rows": rows}


def step_load(args) -> dict:
    """The site step's data without its page measurements: the load run's database."""
    made, _ = load_site(args)
    return made


def step_load_sessions(args) -> dict:
    from . import loadsessions

    return loadsessions.create(args.sessions)


def step_pdf_time(args) -> dict:
    import weasyprint

    from . import pdfbench

    return {"weasyprint": weasyprint.__version__, **pdfbench.render_times(args.renders)}


def step_pdf_rss(args) -> dict:
    from . import pdfbench

    return pdfbench.peak_rss(args.renderer, args.renders)


def step_cert_pdf_time(args) -> dict:
    from . import pdfbench

    return pdfbench.certificate_times(args.renders, args.roster_renders)


def step_cert_pdf_rss(args) -> dict:
    from . import pdfbench

    return pdfbench.certificate_peak_rss(args.renderer, args.renders)


def step_cert_sign_time(args) -> dict:
    from . import pdfbench

    return pdfbench.signing_times(args.renders)


def step_profile_pdf_time(args) -> dict:
    """《律师基本信息登记表》: median time of render_register_pdf for the measured lawyer's rich
    profile and for a typical approved one (the median number of entries among 50), each loaded
    afresh for every render as a request loads it; the first render of each is untimed. Also the
    HTML alone (the same context and template, without WeasyPrint), to tell layout from the rest."""
    import statistics

    from django.template.loader import render_to_string
    from django.utils import timezone

    from member_center.profiles.models import Profile, ProfileState
    from member_center.profiles.sections import SECTIONS
    from portal.pdf import pdf_context

    from .data import MEASURED_LAWYER_EMAIL
    from .pdfbench import pdf_pages

    try:
        from member_center.profiles import rendering
    except ImportError as exc:
        return {"error": f"ImportError: {exc}"}

    def entries(pk: int) -> int:
        profile = Profile.objects.get(pk=pk)
        return sum(section.entries(profile).count() for section in SECTIONS)

    # The measured lawyer's (the other accounts, made for 消息, have no profile of this size).
    rich = Profile.objects.get(lawyer__account__email=MEASURED_LAWYER_EMAIL).pk
    candidates = (
        Profile.objects.filter(state=ProfileState.APPROVED, lawyer__account__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:50]
    )
    by_size = sorted(candidates, key=entries)
    chosen = {"rich": rich}
    if by_size:
        chosen["typical"] = by_size[len(by_size) // 2]

    def html(pk: int) -> str:
        profile = rendering.loaded_profile(Profile.objects.get(pk=pk))
        context = rendering.record_context(profile)
        context["photo_src"] = rendering.photo_data_uri(profile)
        context["printed_on"] = timezone.localdate()
        return render_to_string("profiles/register_pdf.html", pdf_context(context))

    results = {"renders": args.renders}
    for name, pk in chosen.items():
        pdf = rendering.render_register_pdf(Profile.objects.get(pk=pk))
        times, html_times = [], []
        for _ in range(args.renders):
            start = time.perf_counter()
            pdf = rendering.render_register_pdf(Profile.objects.get(pk=pk))
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            try:
                html(pk)
            except Exception:  # the module's internals changed: the whole render still counts
                html_times = []
            else:
                html_times.append(time.perf_counter() - start)
        results[name] = {
            "entries": entries(pk),
            "photo": bool(Profile.objects.get(pk=pk).photo),
            "median_ms": round(statistics.median(times) * 1000, 1),
            "min_ms": round(min(times) * 1000, 1),
            "html_ms": round(statistics.median(html_times) * 1000, 1) if html_times else None,
            "pdf_kb": round(len(pdf) / 1024, 1),
            "pages": pdf_pages(pdf),
        }
    return results


def step_signup_concurrency(args) -> dict:
    from . import signuprace

    return signuprace.run(args.attempts, args.seats, args.threads)


def step_roster_import(args) -> dict:
    from . import importbench

    refuse_unmigrated_models()
    return importbench.run(args.lawyers, seed=args.seed)


def step_export_data(args) -> dict:
    from . import exportbench

    refuse_unmigrated_models()
    return exportbench.load(args.export_rows, args.seed)


def step_export_measure(args) -> dict:
    from . import exportbench

    return exportbench.measure(args.mode, args.format, args.export_rows)


STEPS = {
    "migrate": step_migrate,
    "site": step_site,
    "load": step_load,
    "load-sessions": step_load_sessions,
    "pdf-time": step_pdf_time,
    "pdf-rss": step_pdf_rss,
    "cert-pdf-time": step_cert_pdf_time,
    "cert-pdf-rss": step_cert_pdf_rss,
    "cert-sign-time": step_cert_sign_time,
    "profile-pdf-time": step_profile_pdf_time,
    "signup-concurrency": step_signup_concurrency,
    "roster-import": step_roster_import,
    "export-data": step_export_data,
    "export-measure": step_export_measure,
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("--database", required=True, help="the benchmark's database URL")
    parser.add_argument("--out", required=True, type=Path, help="where to write the JSON results")
    parser.add_argument("--firms", type=int, default=1000)
    parser.add_argument("--lawyers", type=int, default=20000)
    parser.add_argument("--applications", type=int, default=0, help="certificate applications (0: none)")
    parser.add_argument("--tickets", type=int, default=0, help="工单 (0: none)")
    parser.add_argument("--cards", type=int, default=0, help="会员卡申请 (0: none)")
    parser.add_argument("--documents", type=int, default=0, help="公文 circulated to the measured lawyer (0: none)")
    parser.add_argument("--activities", type=int, default=0, help="活动 pages (0: none)")
    parser.add_argument("--signups", type=int, default=0, help="活动报名 over them")
    parser.add_argument("--attempts", type=int, default=500, help="concurrent sign-ups (signup-concurrency)")
    parser.add_argument("--seats", type=int, default=100, help="seats of the contested activity (signup-concurrency)")
    parser.add_argument("--threads", type=int, default=40, help="threads, each its own connection (signup-concurrency)")
    parser.add_argument("--sessions", type=int, default=50, help="member sessions to make (load-sessions)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--page-budget", type=float, default=0, help="seconds of timed requests per page (0: no limit)")
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--roster-renders", type=int, default=3)
    parser.add_argument("--renderer", choices=("helper", "plain", "signed"), default="helper")
    parser.add_argument("--export-rows", type=int, default=200000, help="applications to load or export (export-*)")
    parser.add_argument("--mode", choices=("job", "inline"), default="job", help="how to export (export-measure)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="export format (export-measure)")
    args = parser.parse_args(argv)
    setup_django(args.database)
    result = STEPS[args.step](args)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
