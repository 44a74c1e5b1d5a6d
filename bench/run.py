"""Benchmark of the portal: `make bench`, or `.venv/bin/python bench/run.py [options]` from the repo root.

Builds its own database (a fresh SQLite file under bench/out/, or the PostgreSQL database named
by BENCH_DATABASE_URL, which it drops and re-creates), loads a synthetic roster, measures the
main pages and PDF rendering, prints a Markdown report and writes it to bench/out/latest.md.

Each step runs in its own process (bench/worker.py): migrate an empty database (kept as a
schema to copy while the migrations and requirements stay the same; --migrate forces it), then
the large roster and the small one in two fresh copies of it, then PDF timings and peak RSS, then
the 后台导出 step (bench/exportbench.py: the export job at 20,000 and 200,000 rows, in a database
of its own), then the load run (bench/loadrun.py): member sessions against gunicorn on the large
roster. The run exits 1 if the load run saw an error or a growing worker; no slow figure fails it.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/run.py` puts bench/, not the repo root, on the path

from bench import report  # noqa: E402

PROFILES = {
    # requests: timed requests per page; warmup: warm-up requests per page; page_budget: seconds of
    # timed requests after which a slow page stops (after 10 at least); pdf_renders: renders per
    # renderer of the sample page; rss_renders: sample renders for the peak RSS (0: skipped);
    # cert_renders: certificates per renderer for the medians; roster_renders: renders of the
    # 300-lawyer roster certificate; cert_rss_renders: consecutive certificates for a worker's peak RSS;
    # load_minutes: the load run's length (bench/loadrun.py; 0: skipped). Its warm-up, a pass over
    # every session's pages, takes 1-2 minutes on 2 busy cores: 4 leaves time to measure after it.
    "quick": {"requests": 10, "warmup": 2, "page_budget": 10, "pdf_renders": 5, "rss_renders": 0,
              "cert_renders": 5, "roster_renders": 1, "cert_rss_renders": 30, "load_minutes": 4},
    "default": {"requests": 30, "warmup": 3, "page_budget": 15, "pdf_renders": 10, "rss_renders": 0,
                "cert_renders": 10, "roster_renders": 3, "cert_rss_renders": 200, "load_minutes": 10},
    "full": {"requests": 100, "warmup": 5, "page_budget": 60, "pdf_renders": 20, "rss_renders": 200,
             "cert_renders": 20, "roster_renders": 5, "cert_rss_renders": 200, "load_minutes": 10},
}  # fmt: skip
PLAIN_RSS_RENDERS_MAX = 30


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def schema_key() -> str:
    """What the migrated schema depends on: the project's migrations and the pinned packages."""
    digest = hashlib.sha1(sys.version.encode())
    files = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
    for path in sorted([*ROOT.glob("*/migrations/*.py"), *ROOT.glob("*/*/migrations/*.py")]):
        files.append(path)  # apps at the top level, and nested ones (member_center/profiles)
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class SqliteDatabases:
    """bench/out/bench.sqlite3 and bench-small.sqlite3, copied from a migrated, empty schema."""

    kind = "sqlite"

    def __init__(self):
        self.large = OUT / "bench.sqlite3"
        self.small = OUT / "bench-small.sqlite3"
        self.schema = OUT / f"schema-{schema_key()}.sqlite3"

    def url(self, path: Path) -> str:
        return f"sqlite:///{path}"

    def has_schema(self) -> bool:
        return self.schema.exists()

    def create_empty(self) -> str:
        for path in (self.large, self.small, *OUT.glob("schema-*.sqlite3")):
            path.unlink(missing_ok=True)
        return self.url(self.large)

    def keep_schema(self) -> None:
        shutil.copyfile(self.large, self.schema)

    def fresh(self, suffix: str) -> str:
        """One more database from the schema, for a step that must not touch the others."""
        path = OUT / f"bench-{suffix}.sqlite3"
        shutil.copyfile(self.schema, path)
        return self.url(path)

    def from_schema(self, small: bool) -> tuple[str, str | None]:
        shutil.copyfile(self.schema, self.large)
        self.small.unlink(missing_ok=True)
        if small:
            shutil.copyfile(self.schema, self.small)
        return self.url(self.large), self.url(self.small) if small else None

    def exports(self) -> str:
        """bench/out/bench-exports.sqlite3, a fresh copy of the schema (bench/exportbench.py)."""
        path = OUT / "bench-exports.sqlite3"
        shutil.copyfile(self.schema, path)
        return self.url(path)


class PostgresDatabases:
    """The database named by BENCH_DATABASE_URL and <name>_small, cloned from <name>_schema."""

    kind = "postgresql"

    def __init__(self, url: str):
        self.parts = urlsplit(url)
        self.name = self.parts.path.lstrip("/")
        if "bench" not in self.name.lower():
            sys.exit(f"BENCH_DATABASE_URL names database {self.name!r}: it is dropped and re-created, so its name "
                     "must contain 'bench'.")  # fmt: skip
        self.small_name = f"{self.name}_small"
        self.schema_name = f"{self.name}_schema"
        self.key = f"{schema_key()} {self.parts.netloc}"
        self.key_file = OUT / f"{self.schema_name}.key"

    def url(self, name: str) -> str:
        return urlunsplit(self.parts._replace(path=f"/{name}"))

    def _execute(self, *statements) -> list:
        import psycopg
        from psycopg import sql

        results = []
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            for statement, names, *params in statements:
                cursor = conn.execute(sql.SQL(statement).format(*map(sql.Identifier, names)), *params)
                results.append(cursor.fetchall() if cursor.description else None)
        return results

    def _drop(self, *names) -> None:
        self._execute(*(("DROP DATABASE IF EXISTS {} WITH (FORCE)", [name]) for name in names))

    def has_schema(self) -> bool:
        if not self.key_file.exists() or self.key_file.read_text().strip() != self.key:
            return False
        [rows] = self._execute(("SELECT 1 FROM pg_database WHERE datname = %s", [], [self.schema_name]))
        return bool(rows)

    def create_empty(self) -> str:
        self.key_file.unlink(missing_ok=True)
        self._drop(self.small_name, self.name, self.schema_name)
        self._execute(("CREATE DATABASE {}", [self.name]))
        return self.url(self.name)

    def keep_schema(self) -> None:
        self._execute(("CREATE DATABASE {} TEMPLATE {}", [self.schema_name, self.name]))
        self.key_file.write_text(self.key)

    def fresh(self, suffix: str) -> str:
        name = f"{self.name}_{suffix}"
        self._drop(name)
        self._execute(("CREATE DATABASE {} TEMPLATE {}", [name, self.schema_name]))
        return self.url(name)

    def exports(self) -> str:
        """<name>_exports, a fresh clone of the schema (bench/exportbench.py)."""
        return self.fresh("exports")

    def from_schema(self, small: bool) -> tuple[str, str | None]:
        self._drop(self.small_name, self.name)
        self._execute(("CREATE DATABASE {} TEMPLATE {}", [self.name, self.schema_name]))
        if small:
            self._execute(("CREATE DATABASE {} TEMPLATE {}", [self.small_name, self.schema_name]))
        return self.url(self.name), self.url(self.small_name) if small else None


def load_run(database: str, minutes: float, sessions: int) -> dict:
    """bench/loadrun.py in its own process, on the large roster the site step loaded and measured."""
    out = OUT / "load.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.loadrun", "--database", database, "--minutes", str(minutes),
               "--sessions", str(sessions), "--json", str(out)]  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    # Its Markdown goes into this run's report: only its progress (stderr) is shown.
    done = subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL)
    if not out.exists():
        return {"error": f"bench/loadrun.py failed (exit {done.returncode})", "ok": False}
    return json.loads(out.read_text(encoding="utf-8"))


EXPORT_MEASUREMENTS = (("job", "csv"), ("job", "xlsx"), ("inline", "csv"))


def export_runs(databases, rows: int, small_rows: int, seed: int) -> dict:
    """后台导出 (bench/exportbench.py): `rows` applications in a database of their own, then each
    measurement in its own process, at `small_rows` (a filtered listing) and at all `rows`."""
    url = databases.exports()
    made = worker("export-data", url, "export-data", "--export-rows", rows, "--seed", seed, required=False)
    if "error" in made:
        return {"error": made["error"]}
    runs = []
    for size in sorted({small_rows, rows}):
        for mode, export_format in EXPORT_MEASUREMENTS:
            log(f"bench:     {mode} {export_format}, {size:,} rows")
            result = worker("export-measure", url, f"export-{mode}-{export_format}-{size}", "--export-rows", size,
                            "--mode", mode, "--format", export_format, required=False)  # fmt: skip
            runs.append({"mode": mode, "format": export_format, "asked_rows": size, **result})
    return {**made, "runs": runs}


def clear_out() -> None:
    """bench/out/ without the files the last run's pages stored (its databases are re-created)."""
    OUT.mkdir(parents=True, exist_ok=True)
    for files in ("media", "private"):  # documents the demo pages uploaded last time
        shutil.rmtree(OUT / files, ignore_errors=True)


def worker(step: str, database: str, name: str, *options, required: bool = True) -> dict | None:
    """Run one bench/worker.py step in its own process; return its JSON results."""
    out = OUT / f"{name}.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "bench.worker",
        step,
        "--database",
        database,
        "--out",
        str(out),
        *map(str, options),
    ]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if done.returncode != 0 or not out.exists():
        if required:
            sys.exit(f"bench: step {name} failed (exit {done.returncode})")
        return {"error": f"step failed (exit {done.returncode})"}
    return json.loads(out.read_text(encoding="utf-8"))


def site_options(args, small: bool = False) -> list:
    """The data sizes of the large roster's site step, or of the small one's (bench/worker.py)."""
    if not small:
        sizes = {"lawyers": args.lawyers, "firms": args.firms, "applications": args.applications,
                 "tickets": args.tickets, "cards": args.cards, "documents": args.documents,
                 "activities": args.activities, "signups": args.signups}  # fmt: skip
    else:  # a part left out of the large roster (0) is left out of the small one too
        sizes = {"lawyers": args.small_lawyers, "firms": args.small_firms,
                 "applications": args.small_applications if args.applications else 0,
                 "tickets": args.small_tickets if args.tickets else 0,
                 "cards": args.small_cards if args.cards else 0,
                 "documents": args.small_documents if args.documents else 0,
                 "activities": args.small_activities if args.activities else 0,
                 "signups": args.small_signups}  # fmt: skip
    return [item for name, value in sizes.items() for item in (f"--{name}", value)]


def machine() -> dict:
    cpu_model, memory = "unknown CPU", "unknown memory"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": cpu_model, "memory": memory, "platform": platform.platform()}


def cjk_font() -> str:
    try:
        listing = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return "**fc-list not available: cannot tell whether Noto CJK is installed**"
    families = sorted({f for line in listing.splitlines() for f in line.split(":")[1:2] if "CJK SC" in f})
    if not any("Noto" in f and "CJK" in f for f in families):
        return "**Noto CJK not found by fc-list: PDFs fall back to another font (install fonts-noto-cjk)**"
    return "Noto CJK installed (" + ", ".join(f.strip() for f in families) + ")"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lawyers", type=int, default=20000, help="lawyers in the large roster (20000)")
    parser.add_argument("--firms", type=int, default=1000, help="firms in the large roster (1000)")
    parser.add_argument("--small-lawyers", type=int, default=200, help="lawyers in the small roster (200)")
    parser.add_argument("--small-firms", type=int, default=10, help="firms in the small roster (10)")
    parser.add_argument(
        "--applications",
        type=int,
        default=200000,
        help="certificate applications with the large roster (200000; 0: none)",
    )
    parser.add_argument(
        "--small-applications", type=int, default=500, help="certificate applications with the small roster (500)"
    )
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument("--quick", action="store_const", dest="profile", const="quick", help="fewer requests")
    speed.add_argument("--full", action="store_const", dest="profile", const="full", help="more requests and renders")
    parser.add_argument("--requests", type=int, help="timed requests per page")
    parser.add_argument("--warmup", type=int, help="warm-up requests per page")
    parser.add_argument("--page-budget", type=float, help="seconds of timed requests per page, at least 10 (0: none)")
    parser.add_argument("--pdf-renders", type=int, help="renders per PDF renderer of the sample page, for the median")
    parser.add_argument("--rss-renders", type=int, help="sample-page renders for its peak RSS (0: skipped)")
    parser.add_argument("--cert-renders", type=int, help="certificates per renderer, for the medians")
    parser.add_argument("--roster-renders", type=int, help="renders of the 300-lawyer roster certificate")
    parser.add_argument("--cert-rss-renders", type=int, help="consecutive certificates for a worker's peak RSS")
    parser.add_argument("--tickets", type=int, default=50000, help="工单 with the large roster (50000; 0: none)")
    parser.add_argument("--small-tickets", type=int, default=300, help="工单 with the small roster (300)")
    parser.add_argument("--cards", type=int, default=20000, help="会员卡申请 with the large roster (20000; 0: none)")
    parser.add_argument("--small-cards", type=int, default=150, help="会员卡申请 with the small roster (150)")
    parser.add_argument(
        "--documents", type=int, default=5000, help="公文 to the measured lawyer, large roster (5000; 0: none)"
    )
    parser.add_argument("--small-documents", type=int, default=300, help="公文 with the small roster (300)")
    parser.add_argument("--activities", type=int, default=2000, help="活动 pages with the large roster (2000; 0: none)")
    parser.add_argument("--signups", type=int, default=200000, help="活动报名 over them (200000)")
    parser.add_argument("--small-activities", type=int, default=30, help="活动 pages with the small roster (30)")
    parser.add_argument("--small-signups", type=int, default=300, help="活动报名 with the small roster (300)")
    parser.add_argument(
        "--race",
        type=int,
        default=500,
        help="concurrent sign-ups at a 100-seat activity, PostgreSQL only (500; 0: none)",
    )
    parser.add_argument(
        "--load-minutes",
        type=float,
        help="minutes of the load run against gunicorn, last (0: skipped; see bench/loadrun.py)",
    )
    parser.add_argument("--load-sessions", type=int, default=50, help="member sessions of the load run (50)")
    parser.add_argument(
        "--import-lawyers", type=int, default=20000, help="lawyers in the 名册导入 file (20000; 0: skipped)"
    )
    parser.add_argument(
        "--import-small",
        type=int,
        default=2000,
        help="lawyers in the smaller 名册导入 file, to compare (2000; 0: none)",
    )
    parser.add_argument(
        "--export-rows",
        type=int,
        default=200000,
        help="certificate applications for the 后台导出 step, in a database of its own (200000; 0: skipped)",
    )
    parser.add_argument(
        "--export-small-rows", type=int, default=20000, help="rows of the smaller, filtered export (20000)"
    )
    parser.add_argument("--exports-only", action="store_true", help="run the 后台导出 step alone (no site, no PDF)")
    parser.add_argument(
        "--searches",
        action="store_true",
        help="also time the staff searches on the large roster (bench/searchbench.py)",
    )
    parser.add_argument("--no-small", action="store_true", help="skip the small-roster run")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF measurements")
    parser.add_argument(
        "--migrate", action="store_true", help="migrate again even if the cached empty schema is up to date"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=OUT / "latest.md", help="Markdown report (bench/out/latest.md)")
    parser.set_defaults(profile="default")
    args = parser.parse_args(argv)
    for key, value in PROFILES[args.profile].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if min(args.lawyers, args.firms, args.small_lawyers, args.small_firms, args.requests) < 1:
        parser.error("sizes and --requests must be at least 1")
    if args.applications and args.small_applications < 1:
        parser.error("--small-applications must be at least 1 when there are applications")
    return args


def exports_only(args, databases, started: float, load_before: float, bench_url: str, migrate_note: str) -> int:
    """--exports-only: the 后台导出 step and its report, nothing else."""
    log(f"bench: 后台导出 alone, {args.export_rows:,} certificate applications")
    exports = export_runs(databases, args.export_rows, args.export_small_rows, args.seed)
    meta = {
        **machine(),
        "date": datetime.date.today().isoformat(),
        "database_kind": "BENCH_DATABASE_URL" if bench_url else "SQLite file under bench/out/",
        "migrate": migrate_note,
        "elapsed_s": time.perf_counter() - started,
        "load": f"{load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end",
    }
    markdown = report.build_exports(meta, exports)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown, encoding="utf-8")
    raw = {"meta": meta, "exports": exports}
    args.out.with_suffix(".json").write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown)
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    clear_out()
    bench_url = os.environ.get("BENCH_DATABASE_URL", "")
    databases = PostgresDatabases(bench_url) if bench_url else SqliteDatabases()
    timing = [
        "--requests",
        args.requests,
        "--warmup",
        args.warmup,
        "--page-budget",
        args.page_budget,
        "--seed",
        args.seed,
    ]

    if args.migrate or not databases.has_schema():
        log(f"bench: migrating a fresh {databases.kind} database")
        migrated = worker("migrate", databases.create_empty(), "migrate")
        databases.keep_schema()
        migrate_note = f"migrate {migrated['migrate_s']} s"
    else:
        migrate_note = "schema copied from the last run's migrate: migrations and requirements unchanged"
        log(f"bench: fresh {databases.kind} databases from the migrated schema (--migrate to migrate again)")
    if args.exports_only:
        return exports_only(args, databases, started, load_before, bench_url, migrate_note)
    large_url, small_url = databases.from_schema(small=not args.no_small)

    log(f"bench: {args.lawyers:,} lawyers, {args.firms:,} firms, {args.applications:,} certificate applications")
    site = worker("site", large_url, "site-large", *site_options(args), *timing)
    small = None
    if small_url:
        log(
            f"bench: {args.small_lawyers:,} lawyers, {args.small_firms:,} firms, "
            f"{args.small_applications if args.applications else 0:,} applications (query counts must not change)"
        )
        small = worker("site", small_url, "site-small", *site_options(args, small=True), *timing)

    race = None
    if args.race:
        if databases.kind == "postgresql":
            log(f"bench: {args.race} concurrent sign-ups at a 100-seat activity, 40 threads")
            race = worker(
                "signup-concurrency", large_url, "signup-concurrency", "--attempts", args.race, required=False
            )
        else:
            race = {"skipped": report.RACE_NOT_RUN}

    pdf_time, rss, cert_pdf, profile_pdf = None, {}, {}, None
    if not args.no_pdf:
        log(f"bench: PDF sample page, {args.pdf_renders} renders each")
        pdf_time = worker("pdf-time", large_url, "pdf-time", "--renders", args.pdf_renders, required=False)
        if "error" in pdf_time:
            pdf_time = None
        log(f"bench: 《律师基本信息登记表》 PDF of the measured lawyer's profile, {args.pdf_renders} renders")
        profile_pdf = worker(
            "profile-pdf-time", large_url, "profile-pdf-time", "--renders", args.pdf_renders, required=False
        )
        if args.rss_renders:
            log(f"bench: PDF sample page, peak RSS after {args.rss_renders} helper renders")
            for renderer, renders in (("helper", args.rss_renders), ("plain", min(args.rss_renders, PLAIN_RSS_RENDERS_MAX))):  # fmt: skip
                rss[renderer] = worker(
                    "pdf-rss",
                    large_url,
                    f"pdf-rss-{renderer}",
                    "--renderer",
                    renderer,
                    "--renders",
                    renders,
                    required=False,
                )
        if args.applications:
            log(
                f"bench: certificate PDFs, {args.cert_renders} certificates each, the roster certificate "
                f"{args.roster_renders} times; a worker's peak RSS over {args.cert_rss_renders} certificates"
            )
            cert_pdf["time"] = worker(
                "cert-pdf-time",
                large_url,
                "cert-pdf-time",
                "--renders",
                args.cert_renders,
                "--roster-renders",
                args.roster_renders,
                required=False,
            )
            plain_renders = min(args.cert_rss_renders, PLAIN_RSS_RENDERS_MAX)
            # Signed certificates (certificates.signing): signing's added time, and a signing worker's memory.
            cert_pdf["signing"] = worker(
                "cert-sign-time", large_url, "cert-sign-time", "--renders", args.cert_renders, required=False
            )
            renderers = (("helper", args.cert_rss_renders), ("signed", args.cert_rss_renders), ("plain", plain_renders))
            for renderer, renders in renderers:
                cert_pdf[renderer] = worker(
                    "cert-pdf-rss",
                    large_url,
                    f"cert-pdf-rss-{renderer}",
                    "--renderer",
                    renderer,
                    "--renders",
                    renders,
                    required=False,
                )

    roster_import = []
    for size in [n for n in (args.import_small, args.import_lawyers) if n]:
        log(f"bench: 名册导入 of a {size:,}-lawyer file (dry run, apply, the same file again, a full list of changes)")
        result = worker(
            "roster-import", databases.fresh(f"import{size}"), f"roster-import-{size}", "--lawyers", size,
            "--seed", args.seed, required=False,
        )  # fmt: skip
        roster_import.append(result)

    searches = ""
    if args.searches:
        log("bench: staff searches on the large roster (bench/searchbench.py)")
        command = [
            sys.executable,
            "-m",
            "bench.searchbench",
            "--database",
            large_url,
            "--json",
            str(OUT / "searches.json"),
        ]
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        searches = subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.PIPE, text=True).stdout

    exports = None
    if args.export_rows:
        log(f"bench: 后台导出, {args.export_rows:,} certificate applications in a database of their own")
        exports = export_runs(databases, args.export_rows, args.export_small_rows, args.seed)

    load = None
    if args.load_minutes:
        log(f"bench: load run, {args.load_sessions} member sessions against gunicorn for {args.load_minutes:g} min")
        load = load_run(large_url, args.load_minutes, args.load_sessions)

    meta = {
        **machine(),
        "date": datetime.date.today().isoformat(),
        "database_kind": "BENCH_DATABASE_URL" if bench_url else "SQLite file under bench/out/",
        "cjk_font": cjk_font(),
        "migrate": migrate_note,
        "elapsed_s": time.perf_counter() - started,
        "load": f"{load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end",
    }
    markdown = report.build(meta, site, small, pdf_time, rss, cert_pdf, profile_pdf, race, load, exports)
    if roster_import:
        from bench import importbench

        markdown = f"{markdown.rstrip()}\n\n{importbench.markdown(roster_import)}"
    if searches:
        markdown = f"{markdown.rstrip()}\n\n{searches}"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown, encoding="utf-8")
    raw = {
        "meta": meta,
        "site": site,
        "small": small,
        "pdf_time": pdf_time,
        "rss": rss,
        "cert_pdf": cert_pdf,
        "profile_pdf": profile_pdf,
        "race": race,
        "load": load,
        "roster_import": roster_import,
        "exports": exports,
    }
    args.out.with_suffix(".json").write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown)
    log(f"bench: report written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if load is not None and not load.get("ok"):
        # A slow figure fails nothing; an error under load or a growing worker is a fault.
        log(f"bench: the load run failed: {'; '.join(load.get('failures') or [load.get('error', '')])}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
