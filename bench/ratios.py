"""Pages as ratios to a bare Django project: `make bench` runs it after bench/run.py, or
`.venv/bin/python bench/ratios.py [--rounds 5] [--seconds 3]` from the repository root.

Absolute requests per second swing on a shared machine; a ratio to a floor measured in the same
moments does not, much. So two gunicorns (2 sync workers each, as docs/deploy.md runs the
portal) serve side by side: the portal with the bench's production-like settings
(bench/loadsettings.py: DEBUG off) on the demo data (`manage.py seed_demo`), and a bare Django
project (bench/floorsite: startproject's middleware) with `/hello/` and a template page of one
query. wrk loads one page at a time; every round visits every page and both floors, and a
page's ratio in a round is its requests per second over `/hello/`'s in that round. The table
gives the median ratio over the rounds with its range, the portal's CPU per request (its
workers' CPU time over the requests wrk made), and the goals of issue 17:
member-centre pages ≥ 0.16, public pages ≥ 0.10 uncached, ≥ 0.8 from the anonymous page cache.

Writes bench/out/ratios.json and bench/out/ratios.md. Exits 1 if a page answered anything but
200 (a wrong page list is not a measurement).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadrun import children, cpu_s, free_port  # noqa: E402

OUT = ROOT / "bench" / "out"
SETTINGS = "bench.loadsettings"
FLOOR_SETTINGS = "bench.floorsite.settings"
# Member pages rendered every time (no @kept_for_member): 查看收文's 反馈 form carries a one-use token.
NEVER_A_COPY = {"document"}
GOALS = {"member": 0.16, "member_copy": 0.16, "public": 0.10, "public_cached": 0.8}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the portal's database and the pages to load (run in a subprocess, under Django) -------------


def prepare() -> None:
    """Migrate, load the demo, start a lawyer's and a firm's session; print the targets as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db.models import Count
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from wagtail.models import Page

    from bench.loadsessions import check_pages, member_pages, start_session
    from member_center.models import Firm, MemberKind, User

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    targets = [
        {"key": "home", "label": "home `/`", "kind": "public", "path": "/"},
        {"key": "verify", "label": "/verify/ form", "kind": "public", "path": "/verify/"},
    ]
    news = Page.objects.live().public().filter(depth=3).exclude(numchild=0).order_by("path").first()
    if news is not None:
        targets.append({"key": "news_index", "label": f"{news.title} (index)", "kind": "public", "path": news.url})
        article = news.get_children().live().public().order_by("-first_published_at").first()
        if article is not None:
            targets.append({"key": "news_page", "label": f"{news.title} page", "kind": "public", "path": article.url})
    # The demo's firms have no account until their first login (SMS): the busiest one gets one.
    firm = (
        Firm.objects.filter(account__isnull=True, kind=MemberKind.LAW_FIRM)
        .annotate(n=Count("lawyers"))
        .order_by("-n")
        .first()
    )
    if firm is not None:
        User.objects.create(username=firm.licence_no, firm=firm, password=make_password(None))
    accounts = {"lawyer": None, "firm": None}
    for user in User.objects.filter(is_staff=False).exclude(lawyer=None, firm=None).order_by("pk"):
        kind = "lawyer" if user.lawyer_id else "firm"
        pages = member_pages(user)[0]
        if accounts[kind] is None or len(pages) > len(accounts[kind][1]):
            accounts[kind] = (user, pages)
    for kind, (user, pages) in ((k, v) for k, v in accounts.items() if v):
        # The demo's accounts wait for their first login; the measured ones have had it.
        User.objects.filter(pk=user.pk).update(must_change_password=False, activated_at=timezone.now())
        user.refresh_from_db()
        pages = [page for page in pages if page[0] != "profile_print"]  # a file, not a page
        session = start_session(user)
        # As a browser sends them after its first page: the session and the CSRF cookie (without
        # it every page would start a new CSRF secret, and a member's copy is never kept then).
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)}"
        )
        wrong = check_pages(session, pages)
        if wrong:
            raise SystemExit(f"ratios: {kind} pages that do not answer 200: {wrong}")
        for key, label, path in pages:
            targets.append(
                {
                    "key": f"{kind}_{key}",
                    "label": f"{label} ({kind})",
                    "kind": "member",
                    "path": path,
                    "session": cookie,
                }
            )
    print(json.dumps(targets, ensure_ascii=False))


# --- servers --------------------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, app: str, env: dict, port: int, ready: str):
        self.name, self.app, self.env, self.port, self.ready = name, app, env, port, ready
        self.log_path = OUT / f"ratios-{name}.log"

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", self.app, "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                   "--timeout", "60", "--log-level", "warning", "--error-logfile", "-", "--no-control-socket"]  # fmt: skip
        self.log_file = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"ratios: {self.name} gunicorn exited; see {self.log_path}")
            if len(children(self.process.pid)) >= 2 and wrk(self.url(self.ready), 1, 1)["status_ok"]:
                return
            time.sleep(0.5)
        raise SystemExit(f"ratios: {self.name} did not answer within 120 s; see {self.log_path}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def cpu(self) -> float:
        return sum(cpu_s(pid) or 0 for pid in children(self.process.pid))

    def stop(self) -> None:
        if getattr(self, "process", None) and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "log_file", None):
            self.log_file.close()


def wrk(url: str, seconds: float, connections: int, cookie: str = "") -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "status_ok": bool(rps) and not bad and not errors and bool(total and int(total.group(1))),
        "problem": (bad and f"{bad.group(1)} non-2xx") or (errors and errors.group(1)) or "",
    }


def served_from_copy(target: dict) -> bool:
    """The page asked for with the target's cookies: is an answer after the first the member's
    copy? Three tries: a first look may write once (a 消息 marked read), a minute's session write
    may fall between."""
    import urllib.request

    for attempt in range(4):
        request = urllib.request.Request(target["server"].url(target["path"]), headers={"Cookie": target["session"]})
        with urllib.request.urlopen(request, timeout=30) as response:
            if attempt and response.headers.get("X-Member-Copy") == "hit":
                return True
    return False


# --- the run --------------------------------------------------------------------------------------


def environment(database: str, settings: str, redis: str = "") -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE=settings, DATABASE_URL=database, BENCH_DATABASE_URL_IN_USE=database)
    if redis:
        # bench.loadsettings then keeps production's caches and sessions on Redis.
        env.update(REDIS_URL=redis, BENCH_REDIS="1")
    env["PYTHONPATH"] = str(ROOT)
    return env


def fresh_database() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        path = OUT / "ratios-bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, name = url.rsplit("/", 1)
    name = f"{name}_ratios"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def fresh_redis(url: str) -> str:
    """Empties the run's two Redis databases (the broker's number and the cache's, the next one):
    a run never starts from another run's cached pages or sessions."""
    import redis

    from portal.settings.base import _next_redis_database

    try:
        for each in (url, _next_redis_database(url)):
            redis.Redis.from_url(each).flushdb()
    except redis.RedisError as error:
        log(f"ratios: no Redis at {url} ({error}): caches and sessions in local memory and the database")
        return ""
    return url


def run(args) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("ratios: wrk is missing (make bench installs Debian's wrk)")
    OUT.mkdir(parents=True, exist_ok=True)
    database = fresh_database()
    redis = fresh_redis(args.redis) if args.redis else ""
    log(f"ratios: the demo in {database.split('://')[0]}, migrated and seeded")
    prepared = subprocess.run(
        [sys.executable, __file__, "--prepare"],
        env=environment(database, SETTINGS, redis),
        capture_output=True,
        text=True,
    )
    if prepared.returncode:
        raise SystemExit(f"ratios: preparing failed:\n{prepared.stderr[-3000:]}")
    targets = json.loads(prepared.stdout.strip().splitlines()[-1])
    if args.only:
        targets = [t for t in targets if any(word in t["key"] for word in args.only)]
    floor_env = environment(database, FLOOR_SETTINGS)
    floor_env["FLOOR_DATABASE"] = str(OUT / "ratios-floor.sqlite3")
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=floor_env, cwd=ROOT, check=True)
    portal = Server(
        "portal", "portal.wsgi:application", environment(database, SETTINGS, redis), free_port(), "/__bench__/floor/"
    )
    floor = Server("floor", "bench.floorsite.wsgi:application", floor_env, free_port(), "/hello/")
    hello = {"key": "hello", "label": "bare Django `/hello/`", "kind": "floor", "path": "/hello/", "server": floor}
    page = {"key": "floor_page", "label": "bare template + 1 query", "kind": "floor", "path": "/page/", "server": floor}
    # The same public pages from a portal that keeps copies for anonymous visitors (portal.pagecache),
    # and the member pages from one that keeps each member's own copies (portal.membercopies);
    # bench.settings, like development, keeps neither unless the environment says so.
    cached_env = {
        **environment(database, SETTINGS, redis),
        "PAGE_CACHE_SECONDS": "600",
        "MEMBER_PAGE_COPY_SECONDS": "60",
    }
    cached = Server("portal-cached", "portal.wsgi:application", cached_env, free_port(), "/__bench__/floor/")
    # What every member page pays before its view runs: the portal's whole middleware, the
    # session and the user (MemberMiddleware looks at them), and a view that renders nothing.
    session = next((t["session"] for t in targets if t.get("session")), "")
    portal_floor = [
        {"key": "portal_floor", "label": "portal: middleware only, no page (anonymous)", "kind": "portal_floor",
         "path": "/__bench__/floor/"},
        {"key": "portal_floor_member", "label": "portal: middleware, session and user, no page (lawyer)",
         "kind": "portal_floor", "path": "/__bench__/floor/", "session": session},
    ]  # fmt: skip
    targets = [*portal_floor, *targets] if session else [portal_floor[0], *targets]
    for target in targets:
        target["server"] = portal
    kept = [
        {
            **t,
            "key": f"{t['key']}_cached",
            "label": f"{t['label']}, page cache",
            "kind": "public_cached",
            "server": cached,
        }
        for t in targets
        if t["kind"] == "public" and t["key"] != "verify"  # a form's page is never kept
    ]
    # wrk asks for the same page again and again with nothing written in between: every request
    # after the first is the member's copy. What a page costs when anything was written since is
    # the row without it.
    kept += [
        {**t, "key": f"{t['key']}_copy", "label": f"{t['label']}, own copy", "kind": "member_copy", "server": cached}
        for t in targets
        if t["kind"] == "member" and t["key"].split("_", 1)[1] not in NEVER_A_COPY
    ]
    everything = [hello, page, *targets, *kept]
    results = {t["key"]: {"rps": [], "ratio": [], "cpu_ms": [], "problems": []} for t in everything}
    try:
        floor.start()
        portal.start()
        if kept:
            cached.start()
        log(f"ratios: warming up {len(everything)} pages")
        for target in everything:
            wrk(target["server"].url(target["path"]), 1, args.connections, target.get("session", ""))
        for target in everything:
            if target["kind"] == "member_copy" and not served_from_copy(target):
                # A row that says "own copy" must measure one (a page that writes on every GET, or
                # sets a cookie, is never kept).
                results[target["key"]]["problems"].append("no own copy served")
        for round_number in range(1, args.rounds + 1):
            log(f"ratios: round {round_number} of {args.rounds}")
            in_round = {}
            for target in everything:
                server = target["server"]
                before = server.cpu()
                measured = wrk(server.url(target["path"]), args.seconds, args.connections, target.get("session", ""))
                used = server.cpu() - before
                in_round[target["key"]] = measured["rps"]
                entry = results[target["key"]]
                entry["rps"].append(measured["rps"])
                if measured["requests"]:
                    entry["cpu_ms"].append(used * 1000 / measured["requests"])
                if not measured["status_ok"]:
                    entry["problems"].append(measured["problem"] or "no answer")
            for key, rps in in_round.items():
                results[key]["ratio"].append(rps / in_round["hello"] if in_round["hello"] else 0)
    finally:
        portal.stop()
        cached.stop()
        floor.stop()
    rows = []
    for target in everything:
        entry = results[target["key"]]
        goal = GOALS.get(target["kind"])
        median = statistics.median(entry["ratio"]) if entry["ratio"] else 0
        rows.append(
            {
                "key": target["key"], "label": target["label"], "kind": target["kind"], "path": target["path"],
                "ratio": round(median, 3),
                "ratio_range": [round(min(entry["ratio"]), 3), round(max(entry["ratio"]), 3)] if entry["ratio"] else [],
                "rps": round(statistics.median(entry["rps"]), 1) if entry["rps"] else 0,
                "cpu_ms": round(statistics.median(entry["cpu_ms"]), 1) if entry["cpu_ms"] and target["kind"] != "floor" else None,
                "goal": goal, "meets_goal": goal is None or median >= goal,
                "problems": sorted(set(entry["problems"])),
            }
        )  # fmt: skip
    return {
        "rounds": args.rounds, "seconds": args.seconds, "connections": args.connections,
        "database": database.split("://")[0], "cache": "Redis" if redis else "local memory",
        "load_average": os.getloadavg(), "rows": rows,
    }  # fmt: skip


def markdown(result: dict) -> str:
    lines = [
        f"Ratios of requests per second to bare Django `/hello/`, median of {result['rounds']} interleaved "
        f"rounds [range]; wrk, {result['connections']} connections, {result['seconds']} s a page a round; "
        f"gunicorn 2 sync workers each; {result['database']}; cache and sessions: "
        f"{result.get('cache', 'local memory')}; load average at the end "
        f"{', '.join(f'{v:.1f}' for v in result['load_average'])}.",
        "",
        "| page | ratio to `/hello/` | req/s | portal CPU ms / request | goal |",
        "|---|---|---:|---:|---|",
    ]
    for row in result["rows"]:
        span = f" [{row['ratio_range'][0]}–{row['ratio_range'][1]}]" if row["ratio_range"] else ""
        goal = "" if row["goal"] is None else f"≥ {row['goal']} {'✓' if row['meets_goal'] else '✗'}"
        if row["problems"]:
            goal += f" errors: {', '.join(row['problems'])}"
        cpu = "—" if row["cpu_ms"] is None else f"{row['cpu_ms']}"
        lines.append(f"| {row['label']} | {row['ratio']}{span} | {row['rps']} | {cpu} | {goal} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument(
        "--redis",
        default=os.environ.get("RATIOS_REDIS_URL", "redis://127.0.0.1:6379/4"),
        help="run the portal with its caches and sessions on this Redis database (and the next), as "
        "production runs; both are emptied first. Default: RATIOS_REDIS_URL, else database 4 of a "
        "local Redis; without one (or with --redis ''), local memory",
    )
    parser.add_argument("--only", nargs="*", help="measure only the pages whose key contains one of these")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare()
        return 0
    result = run(args)
    (OUT / "ratios.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    text = markdown(result)
    (OUT / "ratios.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if any(row["problems"] for row in result["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
