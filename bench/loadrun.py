"""Load run: member sessions against gunicorn for a bounded time; errors, latency, worker memory.

`make bench` runs it last, on the large roster it has just measured (`bench/run.py
--load-minutes`: 10 by default, 4 with --quick, 0 skips it). On its own, from the repo root:

    .venv/bin/python bench/loadrun.py --minutes 1             # builds a fresh bench database first
    .venv/bin/python bench/loadrun.py --database URL          # a bench database already loaded

1. Sessions (bench/loadsessions.py, a bench/worker.py step): one per member account, written
   with SessionStore as a login leaves them, not through the login form; each with its pages.
2. gunicorn serves portal.wsgi with bench/loadsettings.py (DEBUG off) as docs/deploy.md runs it:
   4 sync workers, --timeout 60, on 127.0.0.1 and a free port. No django-q2 worker: no member
   GET page enqueues a job (jobs come from POSTs: applying, sending, publishing).
3. One thread per session loops over its pages with http.client (keeping the connection when
   the server does; sync workers close it), a think time between requests. Every ~10 s the RSS
   of the master and of each worker (/proc/<pid>/status VmRSS).
4. A Markdown summary and JSON; exit 1 on any error or when a worker's RSS grew past the bound.

The client is plain Python (no Django), so the figures are what gunicorn answers over TCP.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/loadrun.py` puts bench/, not the repo root, on the path

from bench import report  # noqa: E402
from bench import run as bench  # noqa: E402

WORKERS = 4  # docs/deploy.md: 2 × cores
TIMEOUT_S = 60  # docs/deploy.md's --timeout: gunicorn kills a worker busy longer; the client waits as long
SAMPLE_EVERY_S = 10
READY_PATH = "/__bench__/floor/"  # bench.urls.FLOOR_PATH (importing it needs Django)
SETTINGS = "bench.loadsettings"  # bench.loadsessions.LOAD_SETTINGS
MIN_WARMUP_S = 30
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ACCESS_FORMAT = '%(t)s %(s)s %(D)s "%(r)s"'
ACCESS_LINE = re.compile(r'^\[(?P<time>[^\]]+)\] (?P<status>\d+) (?P<micros>\d+) "\S+ (?P<path>\S+) [^"]*"$')

# Memory bound, per worker, from the end of the warm-up to the end of the run. After the warm-up a
# worker has imported everything, compiled every template it serves and rendered its first PDFs
# (WeasyPrint and its fonts: ~300-360 MiB then), so what it holds is its working set; what follows
# may grow only by allocator noise and bounded caches (the local-memory caches keep at most 300
# entries); measured: under 1 MiB. A worker serves about 1,000 (a busy machine) to 3,000 requests
# after the warm-up of a 10-minute run on 2 cores, so a leak of 7-20 KiB a request (a list or a
# cache keeping each request's objects) passes 20 MiB. gunicorn runs without --max-requests
# (docs/deploy.md), so over days a slower leak matters too: --minutes 60 sees one of 2-4 KiB.
# 20 MiB is about 6 % of a worker: far above the noise, and it fails fast on a real leak.
RSS_GROWTH_BOUND_MIB = 20


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the database ----------------------------------------------------------------------------


def fresh_database(data: str) -> tuple[str, dict]:
    """A new bench database with bench/run.py's large (or small) roster, built as run.py builds it:
    the same SQLite file under bench/out/ or BENCH_DATABASE_URL, copied from the migrated schema."""
    defaults = bench.parse_args([])
    bench_url = os.environ.get("BENCH_DATABASE_URL", "")
    databases = bench.PostgresDatabases(bench_url) if bench_url else bench.SqliteDatabases()
    bench.clear_out()
    if not databases.has_schema():
        log(f"loadrun: migrating a fresh {databases.kind} database")
        bench.worker("migrate", databases.create_empty(), "migrate")
        databases.keep_schema()
    url, _ = databases.from_schema(small=False)
    log(f"loadrun: loading bench/run.py's {data} roster into {databases.kind}")
    site = bench.worker("load", url, "load-data", *bench.site_options(defaults, small=data == "small"))
    return url, site


def check_bench_database(url: str) -> None:
    """The run writes sessions (and maybe accounts): only into a database the bench made."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if "bench" not in name.lower():
        sys.exit(f"loadrun: {url!r} is not a bench database (its name must contain 'bench')")


# --- gunicorn and its processes ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def cpu_s(pid: int) -> float | None:
    """User and system CPU time of the process so far (/proc/<pid>/stat utime + stime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc/<n>/stat: the field after the command)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


class Gunicorn:
    def __init__(self, database: str, port: int, workers: int, threads: int, log_path: Path, access_path: Path):
        self.database, self.port, self.log_path, self.access_path = database, port, log_path, access_path
        self.workers, self.threads = workers, threads
        self.process = None

    def command(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            str(TIMEOUT_S),
            "--log-level",
            "warning",  # worker timeouts and crashes, not every boot
            "--error-logfile",
            "-",
            # gunicorn 27's control socket defaults to one path per user: another gunicorn has it.
            "--no-control-socket",
            # The time each request spent in a worker (%(D)s, µs): the client's time less the queue.
            "--access-logfile",
            str(self.access_path),
            "--access-logformat",
            ACCESS_FORMAT,
        ]
        if self.threads > 1:
            command += ["--threads", str(self.threads)]  # gthread workers, which keep connections alive
        return command

    def start(self) -> None:
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        # bench.settings refuses to load unless the database is named twice (bench/worker.py does the same).
        env.update(DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=self.database, BENCH_DATABASE_URL_IN_USE=self.database)
        self.log_file = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout_s: float = 120) -> None:
        """Until every worker is up and the floor view answers."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"loadrun: gunicorn exited ({self.process.returncode}); see {self.log_path}")
            if len(self.worker_pids()) >= self.workers:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                try:
                    conn.request("GET", READY_PATH)
                    if conn.getresponse().status == 200:
                        return
                except OSError:
                    pass
                finally:
                    conn.close()
            time.sleep(0.5)
        sys.exit(f"loadrun: gunicorn did not answer within {timeout_s:.0f} s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful shutdown
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


# --- the sessions ----------------------------------------------------------------------------


STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Session(threading.Thread):
    """One member: its pages in a loop (from a random one on), a think time after each."""

    def __init__(self, number: int, spec: dict, run: dict):
        super().__init__(name=f"session-{number}", daemon=True)
        self.spec, self.run_info = spec, run
        self.rng = random.Random(run["seed"] * 1000 + number)
        self.cookies = {run["cookie_name"]: spec["cookie"]}
        self.records = []  # (seconds since the start, page key, status, ms, bytes, error kind)
        self.retries = 0
        self.conn = None
        self.first_pass_s = None  # when it had requested each of its pages once

    def fetch(self, path: str) -> tuple[int, str, int]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.run_info["port"], timeout=TIMEOUT_S)
        reused = self.conn.sock is not None
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {"Cookie": cookie, "Accept": "text/html", "Accept-Language": "zh-CN", "User-Agent": "bench-loadrun"}
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
        except STALE:
            if not reused:
                raise
            # The server closed a kept-alive connection as the request went out (its keep-alive
            # timeout): a browser sends the GET again on a new connection, and so do we, once.
            self.retries += 1
            self.conn.close()
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
        body = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.getheader("Location") or "", len(body)

    def run(self) -> None:
        info = self.run_info
        pages = self.spec["pages"]
        first = turn = self.rng.randrange(len(pages))
        while time.monotonic() < info["deadline"]:
            key, _, path = pages[turn % len(pages)]
            turn += 1
            start = time.perf_counter()
            status, location, size, kind = 0, "", 0, ""
            try:
                status, location, size = self.fetch(path)
            except TimeoutError:
                kind = f"timeout (no answer in {TIMEOUT_S} s)"
            except (OSError, http.client.HTTPException) as exc:
                kind = f"connection: {type(exc).__name__}"
            if self.conn is not None and kind:
                self.conn.close()
            ms = (time.perf_counter() - start) * 1000
            if not kind and status != 200:
                if 300 <= status < 400 and urlsplit(location).path.startswith(info["login_path"]):
                    kind = "redirect to the login page"
                elif status >= 500:
                    kind = f"HTTP {status}"
                else:  # every page answered 200 when the sessions were made: anything else is a fault too
                    kind = f"unexpected HTTP {status}"
            self.records.append((time.monotonic() - info["started"], key, status, ms, size, kind))
            if turn - first == len(pages):
                self.first_pass_s = time.monotonic() - info["started"]
            pause = info["think_s"] * self.rng.uniform(0.5, 1.5)
            if time.monotonic() + pause >= info["deadline"]:
                break
            time.sleep(pause)
        if self.conn is not None:
            self.conn.close()


class Sampler(threading.Thread):
    """The RSS of gunicorn's master and workers every SAMPLE_EVERY_S seconds."""

    def __init__(self, server: Gunicorn, started: float):
        super().__init__(name="rss-sampler", daemon=True)
        self.server, self.started = server, started
        self.samples = []
        self.stopped = threading.Event()

    def sample(self) -> None:
        pids = self.server.worker_pids()
        workers = {pid: rss_kib(pid) for pid in pids}
        self.samples.append(
            {
                "t": round(time.monotonic() - self.started, 1),
                "master": rss_kib(self.server.process.pid),
                "workers": {str(pid): kib for pid, kib in workers.items() if kib is not None},
                "cpu_s": {str(pid): cpu_s(pid) for pid in pids},  # the workers' CPU time so far
            }
        )

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_EVERY_S):
            self.sample()


# --- the figures -----------------------------------------------------------------------------


def latency(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": round(report.percentile(values, 50), 1),
        "p95_ms": round(report.percentile(values, 95), 1),
        "p99_ms": round(report.percentile(values, 99), 1),
        "max_ms": round(max(values), 1),
    }


def rss_figures(samples: list[dict], warmup_s: float) -> dict:
    """Each worker's RSS at the end of the warm-up, half-way through the rest and at the end."""
    # A worker gunicorn replaced (killed at its timeout, or crashed) shows up with a new pid.
    seen = set().union(*(s["workers"] for s in samples)) if samples else set()
    replaced = sorted(int(pid) for pid in seen - set(samples[0]["workers"])) if samples else []
    after = [s for s in samples if s["t"] >= warmup_s]
    if len(after) < 2:
        return {"workers": [], "master": None, "replaced": replaced}
    first, last = after[0], after[-1]
    middle = min(after, key=lambda s: abs(s["t"] - (first["t"] + last["t"]) / 2))
    mib = lambda kib: None if kib is None else round(kib / 1024, 1) + 0.0  # noqa: E731 (+ 0.0: no "-0.0")
    workers = []
    for pid, start in first["workers"].items():
        end = last["workers"].get(pid)
        workers.append(
            {
                "pid": int(pid),
                "start_mib": mib(start),
                "middle_mib": mib(middle["workers"].get(pid)),
                "end_mib": mib(end),
                "peak_mib": mib(max(s["workers"].get(pid, 0) for s in after)),
                "growth_mib": None if end is None else mib(end - start),
                "growth_pct": None if end is None else round((end - start) / start * 100, 1) + 0.0,
            }
        )
    return {
        "times_s": [first["t"], middle["t"], last["t"]],
        "workers": workers,
        "master": {"start_mib": mib(first["master"]), "end_mib": mib(last["master"])},
        "replaced": replaced,
    }


def cpu_figures(samples: list[dict], records: list[tuple], warmup_s: float, client_cpu_s: float) -> dict:
    """The workers' CPU time per request after the warm-up; the client's CPU time over the run."""
    after = [s for s in samples if s["t"] >= warmup_s]
    figures = {"client_cpu_s": round(client_cpu_s, 1)}
    if len(after) >= 2:
        first, last = after[0], after[-1]
        used = sum(
            (last["cpu_s"].get(pid) or 0) - (first["cpu_s"].get(pid) or 0)
            for pid in first["cpu_s"]
            if pid in last["cpu_s"]
        )
        served = sum(1 for r in records if first["t"] <= r[0] <= last["t"])
        figures.update(
            window_s=round(last["t"] - first["t"], 1),
            workers_cpu_s=round(used, 1),
            cpu_ms_per_request=round(used / served * 1000, 1) if served else None,
        )
    return figures


def server_times(path: Path, started_at: float, warmup_s: float, keys: dict[str, str]) -> dict[str, list[float]]:
    """Milliseconds each page's requests spent in a worker after the warm-up (gunicorn's access log)."""
    times = defaultdict(list)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = ACCESS_LINE.match(line)
        if not match or match["path"] not in keys:
            continue
        when = datetime.datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if when >= started_at + warmup_s + 1:  # to the second: the warm-up's last second is left out
            times[keys[match["path"]]].append(int(match["micros"]) / 1000)
    return times


def server_log_faults(path: Path) -> list[str]:
    """Lines of gunicorn's log (and Django's errors, which go there) that tell of a fault."""
    marks = ("Traceback", "WORKER TIMEOUT", "[CRITICAL]", "[ERROR]", "Worker exiting", "was sent SIG")
    return [
        line
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if any(m in line for m in marks)
    ]


def summarise(
    records: list[tuple], sessions: list[dict], info: dict, samples: list[dict], server: dict[str, list[float]],
    log_faults: list[str], retries: int,
) -> dict:  # fmt: skip
    """The run's figures; `server`: each page's times in a worker, after the warm-up."""
    warmup_s, duration_s = info["warmup_s"], info["duration_s"]
    errors = Counter(kind for *_, kind in records if kind)
    samples_by_kind = {}
    for t, key, status, _, _, kind in records:
        if kind and kind not in samples_by_kind:
            samples_by_kind[kind] = f"{key} at {t:.0f} s (status {status or '–'})"
    labels = {key: label for session in sessions for key, label, _ in session["pages"]}
    by_page = defaultdict(list)
    for t, key, _, ms, size, kind in records:
        by_page[key].append((t, ms, size, kind))
    pages = []
    for key in labels:
        rows = by_page.get(key, [])
        timed = [ms for t, ms, _, kind in rows if t >= warmup_s and not kind]
        sizes = [size for _, _, size, kind in rows if not kind]
        pages.append(
            {
                "key": key,
                "label": labels[key],
                "requests": len(rows),
                "errors": sum(1 for *_, kind in rows if kind),
                "kb": round(sum(sizes) / len(sizes) / 1024, 1) if sizes else None,
                **latency(timed),
                **{f"server_{name}": value for name, value in latency(server.get(key, [])).items()},
            }
        )
    rss = rss_figures(samples, warmup_s)
    if rss["replaced"]:
        errors["worker replaced by gunicorn"] += len(rss["replaced"])
    if log_faults:
        errors["fault in the server log"] += len(log_faults)
    over = [w for w in rss["workers"] if w["growth_mib"] is None or w["growth_mib"] > RSS_GROWTH_BOUND_MIB]
    failures = []
    if info["unfinished_passes"]:
        failures.append(
            f"the warm-up did not end: {info['unfinished_passes']} sessions never requested each of their pages once "
            "(a longer --minutes, or fewer --sessions)"
        )
    elif not rss["workers"]:
        failures.append(
            f"the warm-up took {warmup_s:.0f} s of the {duration_s:.0f} s: too little left to measure memory after it "
            f"(samples every {SAMPLE_EVERY_S} s; a longer --minutes)"
        )
    if errors:
        failures.append(f"{sum(errors.values())} errors")
    if over:
        failures.append(
            "RSS grew past the bound: "
            + ", ".join(
                f"worker {w['pid']} {w['growth_mib']} MiB" if w["growth_mib"] is not None else f"worker {w['pid']} gone"
                for w in over
            )
        )
    after = [ms for t, _, _, ms, _, kind in records if t >= warmup_s and not kind]
    return {
        **{
            key: info[key]
            for key in ("minutes", "duration_s", "warmup_s", "think_s", "gunicorn", "database", "settings")
        },
        "sessions": len(sessions),
        "accounts": dict(Counter(session["who"] for session in sessions)),
        "profile_states": dict(Counter(session["profile"] for session in sessions if session["profile"])),
        "session_seen_write_s": info["session_seen_write_s"],
        "requests": len(records),
        "requests_after_warmup": len(after),
        "throughput_rps": round(len(records) / duration_s, 1) if duration_s else None,
        "throughput_after_warmup_rps": round(len(after) / (duration_s - warmup_s), 1)
        if duration_s > warmup_s
        else None,
        "keepalive_retries": retries,
        "errors": dict(errors),
        "error_samples": {**samples_by_kind, **({"server log": log_faults[:5]} if log_faults else {})},
        "overall": latency(after),
        "overall_server": latency([ms for times in server.values() for ms in times]),
        "pages": pages,
        "rss": rss,
        "rss_bound_mib": RSS_GROWTH_BOUND_MIB,
        "cpu": cpu_figures(samples, records, warmup_s, info["client_cpu_s"]),
        "rss_samples": samples,
        "load": info["load"],
        "machine": bench.machine(),
        "ok": not failures,
        "failures": failures,
    }


def run(args, database: str) -> dict:
    made = bench.worker("load-sessions", database, "load-sessions", "--sessions", args.sessions)
    log(
        f"loadrun: {len(made['sessions'])} sessions made ({made['checked_accounts']} kinds of page list checked "
        f"through the test Client)"
    )
    port = args.port or free_port()
    log_path, access_path = bench.OUT / "loadrun-gunicorn.log", bench.OUT / "loadrun-access.log"
    server = Gunicorn(database, port, args.workers, args.threads, log_path, access_path)
    duration_s = args.minutes * 60
    load_before = os.getloadavg()[0]
    server.start()
    try:
        server.wait_ready()
        log(
            f"loadrun: gunicorn on 127.0.0.1:{port} ({args.workers} workers × {args.threads} threads); "
            f"{len(made['sessions'])} sessions for {args.minutes:g} min; the warm-up ends when each has requested "
            f"each of its pages once, after {args.warmup:g} s at least"
        )
        started, started_at = time.monotonic(), time.time()
        client_cpu = time.process_time()  # this process, all its threads
        info = {
            "seed": args.seed,
            "port": port,
            "cookie_name": made["cookie_name"],
            "login_path": made["login_path"],
            "started": started,
            "deadline": started + duration_s,
            "think_s": args.think,
        }
        sampler = Sampler(server, started)
        sampler.sample()
        sampler.start()
        sessions = [Session(n, spec, info) for n, spec in enumerate(made["sessions"])]
        for session in sessions:
            session.start()
        for minute in range(1, int(args.minutes) + 1):
            time.sleep(max(0.0, started + minute * 60 - time.monotonic()))
            done = sum(len(s.records) for s in sessions)
            failed = sum(1 for s in sessions for r in s.records if r[5])
            log(f"    {minute} min: {done:,} requests, {failed} errors")
        for session in sessions:
            session.join(TIMEOUT_S + 30)
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_cpu
        # The warm-up: every page's first request in every session (imports, templates, each
        # member's first 登记表 rendered by WeasyPrint); latency and the RSS baseline come after it.
        passes = [s.first_pass_s for s in sessions]
        warmup_s = max(args.warmup, *(elapsed if p is None else p for p in passes))
        sampler.stopped.set()
        sampler.join()
        sampler.sample()  # the end, after the last request
    finally:
        server.stop()
    records = sorted((r for s in sessions for r in s.records), key=lambda r: r[0])
    paths = {path: key for spec in made["sessions"] for key, _, path in spec["pages"]}
    info.update(
        minutes=args.minutes,
        duration_s=round(elapsed, 1),
        warmup_s=round(warmup_s, 1),
        unfinished_passes=sum(1 for p in passes if p is None),
        client_cpu_s=client_cpu,
        database=made["database"],
        settings=SETTINGS,
        session_seen_write_s=made["session_seen_write_s"],
        gunicorn="gunicorn " + " ".join(server.command()[3:]),
        load=f"{load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end",
    )
    return summarise(
        records,
        made["sessions"],
        info,
        sampler.samples,
        server_times(access_path, started_at, warmup_s, paths),
        server_log_faults(log_path),
        sum(s.retries for s in sessions),
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="how long the sessions run (10)")
    parser.add_argument("--sessions", type=int, default=50, help="concurrent member sessions (50)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time in s, 0.5–1.5 × this (1.0)")
    parser.add_argument(
        "--warmup",
        type=float,
        default=MIN_WARMUP_S,
        help=f"the warm-up lasts until each session has requested each of its pages once, and at least this ({MIN_WARMUP_S} s)",
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn workers ({WORKERS})")
    parser.add_argument("--threads", type=int, default=1, help="threads a worker; more than 1: gthread (1: sync)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--database", help="a loaded bench database's URL (default: build one, as bench/run.py does)")
    parser.add_argument(
        "--data",
        choices=("large", "small"),
        default="large",
        help="without --database: bench/run.py's large or small roster",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, default=bench.OUT / "load.json", help="results (bench/out/load.json)")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.sessions < 1 or args.workers < 1 or args.threads < 1:
        parser.error("--minutes, --sessions, --workers and --threads must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    site = None
    if args.database:
        check_bench_database(args.database)
        database = args.database
    else:
        database, site = fresh_database(args.data)
    result = run(args, database)
    if site:
        result["data"] = report.data_lines(site)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    machine = result["machine"]
    header = [
        f"# Load run {datetime.date.today().isoformat()}",
        "",
        f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['memory']}, {machine['platform']}",
        "",
    ]
    print("\n".join([*header, *report.load_lines(result)]))
    log(f"loadrun: {'passed' if result['ok'] else 'FAILED: ' + '; '.join(result['failures'])}; results in {args.json}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
