"""Two app nodes, one PostgreSQL, one Redis, files on S3-compatible storage: `make twonode`.

docs/deploy.md grows the portal by adding gunicorn nodes behind a load balancer. This shows it,
against real processes, with a plain HTTP client (requests, no Django):

1. moto's S3 server on 127.0.0.1:8323 (the stand-in for the object store) with two buckets, the
   public media and the private files; a fresh PostgreSQL database (TWONODE_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/twonode_bench, dropped and re-created: its name must contain
   "twonode" and "bench"), cloned from a migrated schema kept while the migrations stay the same;
   static files collected (the build step of a deployment, again only when they changed); a test
   signing CA; one lawyer with a changed password and an issued certificate.
2. A django-q2 worker (`manage.py qcluster`) and two gunicorn nodes (127.0.0.1:8321 and :8322),
   all with portal.settings.production and the same environment: REDIS_URL (the broker in
   database 13, the cache and the rate-limit counts in 14), the database (sessions too), the S3
   settings. Each process runs in a folder of its own (its working directory, MEDIA_ROOT,
   PRIVATE_MEDIA_ROOT and TMPDIR), which must still be empty at the end.
3. The client talks to both nodes as a load balancer forwards to them: one public Host
   (portal.test), X-Forwarded-Proto: https and X-Forwarded-For with one client address per run
   (TRUSTED_PROXY_COUNT=1). Checks: logs in on A and is logged in on B with the same cookie; a
   ticket attachment uploaded on A is downloaded on B, the same bytes (and it is in the private
   bucket); 20 /verify/ look-ups alternating A and B, the 21st refused (429) whichever node gets
   it; the certificate's e-mail asked for on A is sent by the worker (the row 已发送 in the
   database) and its PDF, stored by the worker, downloaded on B; the node folders are empty.

One PASS/FAIL line per check, exit 1 on any failure; every process it started is stopped, always.
About 80 s on 2 busy cores (4 minutes when it migrates and collects the static files first): a
`make twonode` step, not a test in `make test`, which needs neither PostgreSQL nor Redis nor ports.

    .venv/bin/python bench/twonode.py            # from the repository root
    .venv/bin/python bench/twonode.py --keep     # keep the run's folder (logs) under /tmp
"""

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `python bench/twonode.py` puts bench/, not the repo root, on the path

NODE_PORTS = {"A": 8321, "B": 8322}
S3_PORT = 8323
HOST = "portal.test"  # the public name the load balancer forwards as Host
# bench.run.PostgresDatabases keeps the migrated schema as <name>_schema and clones it.
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/twonode_bench"
REDIS_URL = "redis://127.0.0.1:6379/6"  # the broker; the cache is the next database (7)
MEDIA_BUCKET, PRIVATE_BUCKET = "twonode-media", "twonode-private"
PASSWORD = "Lvxie#2024-ok"
VERIFY_LIMIT = 20  # certificates.views.VERIFY_RATE: 20 look-ups per 10 minutes per address
JOB_WAIT_S = 180
MANAGE = [sys.executable, str(ROOT / "manage.py")]
STATIC_ROOT = ROOT / "bench" / "out" / "twonode-static"


def log(message: str) -> None:
    print(f"twonode: {message}", file=sys.stderr, flush=True)


# --- the seed (run in a Django process: python bench/twonode.py --seed) -----------------------


def seed() -> dict:
    """One lawyer who has changed the initial password, a system-reviewed certificate type and an
    issued certificate of that lawyer's (its PDF job goes to the broker: the worker renders it).
    The demo seal is a Wagtail image: it lands in the media bucket."""
    import django

    django.setup()
    from certificates.demo import ensure_demo_seal
    from tests.certificates.helpers import CertificateTypeFactory, submitted
    from tests.factories import MemberUserFactory

    ensure_demo_seal()
    user = MemberUserFactory(password=PASSWORD, email="lawyer@example.cn")
    application = submitted(user.lawyer, CertificateTypeFactory(for_lawyer=True), email="lawyer@example.cn")
    return {
        "username": user.username,
        "name": user.lawyer.name,
        "number": application.number,
        "code": application.verification_code,
        "state": application.state,
    }


# --- processes ---------------------------------------------------------------------------------


class Processes:
    """Every process the run starts, each in a session of its own, stopped in reverse order."""

    def __init__(self, logs: Path):
        self.logs, self.started = logs, []

    def start(self, name: str, command: list, env: dict, cwd: Path) -> subprocess.Popen:
        out = (self.logs / f"{name}.log").open("w", encoding="utf-8")
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        """SIGTERM to each process (gunicorn's master and qcluster stop their own workers), then
        SIGKILL to whatever is left in the session start() made for it."""
        for _name, process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
        for name, process in reversed(self.started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop on SIGTERM: killing it")
            with contextlib.suppress(ProcessLookupError):  # ProcessLookupError: nothing left of it
                os.killpg(process.pid, signal.SIGKILL)  # the group is this process's own (start_new_session)
            process.wait(timeout=10)


def run_step(name: str, command: list, env: dict, cwd: Path, logs: Path) -> str:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    (logs / f"{name}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise SystemExit(f"twonode: {name} failed (exit {done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")
    log(f"{name}: {time.perf_counter() - started:.1f} s")
    return done.stdout


def fresh_database(url: str, env: dict, logs: Path) -> None:
    """The database, cloned from a migrated schema kept while the migrations and requirements stay
    the same (bench/run.py's PostgresDatabases: a name with "bench" in it, dropped and re-created)."""
    from bench import run as bench

    if "twonode" not in url.rsplit("/", 1)[-1]:
        raise SystemExit(f"twonode: {url!r} is dropped and re-created: its name must contain 'twonode'")
    databases = bench.PostgresDatabases(url)
    bench.OUT.mkdir(parents=True, exist_ok=True)
    if not databases.has_schema():
        databases.create_empty()
        run_step("migrate", [*MANAGE, "migrate", "--noinput"], env, ROOT, logs)
        databases.keep_schema()
    databases.from_schema(small=False)


def static_key() -> str:
    """What collectstatic's output depends on: the pinned packages and our static files."""
    digest = hashlib.sha1()
    for path in (ROOT / "requirements.txt", ROOT / "package-lock.json"):
        digest.update(path.read_bytes())
    sources = [*ROOT.glob("static/**/*"), *ROOT.glob("*/static/**/*"), *ROOT.glob("*/*/static/**/*")]
    for path in sorted(p for p in sources if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(ROOT)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collected_static(env: dict, logs: Path) -> None:
    """collectstatic into STATIC_ROOT, the build step of a deployment, once per change of the files."""
    root = Path(env["STATIC_ROOT"])
    key, key_file = static_key(), root / ".twonode-key"
    if (root / "staticfiles.json").exists() and key_file.exists() and key_file.read_text() == key:
        log("collectstatic: the files are unchanged since the last run")
        return
    shutil.rmtree(root, ignore_errors=True)
    run_step("collectstatic", [*MANAGE, "collectstatic", "--noinput"], env, ROOT, logs)
    key_file.write_text(key)


def wait_http(port: int, path: str, process: subprocess.Popen, timeout_s: float = 120) -> None:
    import requests

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"twonode: the process on port {port} exited ({process.returncode}); see its log")
        try:
            headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
            requests.get(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=5, allow_redirects=False)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit(f"twonode: nothing answered on port {port} within {timeout_s:.0f} s")


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


# --- the client ----------------------------------------------------------------------------------


class Client:
    """A browser behind the load balancer: one cookie jar for both nodes (the cookies are Secure,
    as the public site is https, so they are kept and sent by hand), the headers the proxy adds."""

    def __init__(self, address: str):
        import requests

        self.http = requests.Session()
        self.address, self.cookies = address, {}

    def request(self, node: str, method: str, path: str, **kwargs):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": f"https://{HOST}{path}",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        response = self.http.request(
            method,
            f"http://127.0.0.1:{NODE_PORTS[node]}{path}",
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            key, value = cookie.split(";", 1)[0].split("=", 1)
            key, value = key.strip(), value.strip().strip('"')
            if value and "max-age=0" not in cookie.lower():
                self.cookies[key] = value
            else:  # deleted, as a browser deletes it (the messages cookie once they are shown)
                self.cookies.pop(key, None)
        return response

    def get(self, node: str, path: str, **kwargs):
        return self.request(node, "GET", path, **kwargs)

    def post(self, node: str, path: str, data: dict, **kwargs):
        return self.request(node, "POST", path, data={"csrfmiddlewaretoken": self.csrf_token, **data}, **kwargs)

    def form(self, node: str, path: str) -> str:
        """GET a page with a form, keeping its CSRF token for the next POST."""
        response = self.get(node, path)
        if response.status_code != 200:
            raise AssertionError(f"GET {path} on {node}: {response.status_code}")
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        return response.text


def hidden_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def small_pdf() -> bytes:
    """A one-page PDF with a random line: the bytes of this run's upload only."""
    marker = secrets.token_hex(16)
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"% " + marker.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


# --- the checks ----------------------------------------------------------------------------------


class Checks:
    def __init__(self):
        self.results = []

    def record(self, name: str, ok: bool, detail: str) -> bool:
        self.results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)
        return ok

    def run(self, name: str, check, *args) -> bool:
        try:
            ok, detail = check(*args)
        except Exception as error:  # a check that breaks is a failed check; the others still run
            ok, detail = False, f"{type(error).__name__}: {error}"
        return self.record(name, ok, detail)

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.results)


def check_login(client: Client, seeded: dict):
    client.form("A", "/member/login/")
    response = client.post("A", "/member/login/", {"username": seeded["username"], "password": PASSWORD})
    if response.status_code != 302 or "sessionid" not in client.cookies:
        return False, f"login on A answered {response.status_code} to {response.headers.get('Location')}"
    page = client.get("B", "/member/")
    logged_in = page.status_code == 200 and seeded["name"] in page.text
    return logged_in, (
        f"logged in on A (302 → {response.headers['Location']}); /member/ on B with the same cookie: "
        f"{page.status_code}, {'shows' if logged_in else 'does not show'} {seeded['name']}"
    )


def check_upload(client: Client, s3, private_keys_before: set):
    html = client.form("A", "/member/tickets/new/")
    content = small_pdf()
    response = client.post(
        "A",
        "/member/tickets/new/",
        {
            "category": "other",
            "title": "两节点测试",
            "description": "附件在 A 上传，在 B 下载。",
            "token": hidden_value(html, "token"),
        },
        files={"files": ("执业证扫描件.pdf", content, "application/pdf")},
    )
    if response.status_code != 302:
        return False, f"ticket with attachment on A: {response.status_code}"
    ticket_path = response.headers["Location"]
    detail = client.get("B", ticket_path)
    links = re.findall(r'href="(/files/[0-9a-f-]{36}/)"', detail.text)
    if detail.status_code != 200 or not links:
        return False, f"ticket {ticket_path} on B: {detail.status_code}, {len(links)} attachment links"
    download = client.get("B", links[0])
    new_keys = sorted(set(private_keys(s3)) - private_keys_before)
    stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=new_keys[0])["Body"].read() if new_keys else b""
    same = download.status_code == 200 and download.content == content == stored
    return same, (
        f"{len(content)} bytes uploaded on A, downloaded on B ({download.status_code}, "
        f"{'the same bytes' if download.content == content else 'DIFFERENT bytes'}); "
        f"in the private bucket as {new_keys[0] if new_keys else 'NOTHING'}"
    )


def check_rate_limit(client: Client, seeded: dict):
    path = f"/verify/?number={seeded['number']}&code={seeded['code']}"
    statuses = []
    for attempt in range(VERIFY_LIMIT + 1):
        statuses.append((("A", "B")[attempt % 2], client.get(("A", "B")[attempt % 2], path).status_code))
    allowed = [status for _, status in statuses[:VERIFY_LIMIT]]
    last_node, last = statuses[-1]
    ok = allowed == [200] * VERIFY_LIMIT and last == 429
    counts = {node: sum(1 for n, _ in statuses[:VERIFY_LIMIT] if n == node) for node in "AB"}
    return ok, (
        f"{VERIFY_LIMIT} look-ups from {client.address} ({counts['A']} on A, {counts['B']} on B): "
        f"{'all 200' if allowed == [200] * VERIFY_LIMIT else allowed}; the {VERIFY_LIMIT + 1}st, on {last_node}: {last}"
    )


def check_job(client: Client, seeded: dict, database: str, s3):
    import psycopg
    from pypdf import PdfReader

    number = seeded["number"]
    client.form("A", f"/member/certificates/{number}/email/")
    asked = time.monotonic()
    response = client.post("A", f"/member/certificates/{number}/email/", {"to": "firm-office@example.cn"})
    if response.status_code != 302:
        return False, f"发送邮箱 on A: {response.status_code}"
    query = (
        "SELECT e.status, e.attempts, a.pdf FROM certificates_certificateemail e "
        "JOIN certificates_certificateapplication a ON a.id = e.application_id "
        "WHERE a.number = %s AND e.to = %s"
    )
    row = None
    with psycopg.connect(database, autocommit=True) as conn:
        while time.monotonic() - asked < JOB_WAIT_S:
            row = conn.execute(query, [number, "firm-office@example.cn"]).fetchone()
            if row and row[0] != "queued":
                break
            time.sleep(0.5)
    waited = time.monotonic() - asked
    if not row or row[0] != "sent":
        return False, f"the mail's row after {waited:.0f} s: {row}"
    download = client.get("B", f"/member/certificates/{number}/download/")
    stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=row[2])["Body"].read()
    # The seal and the QR code: WeasyPrint drops a picture it cannot load, saying so only in the log.
    pictures = len(PdfReader(io.BytesIO(stored)).pages[0].images) if stored.startswith(b"%PDF") else 0
    ok = download.status_code == 200 and download.content == stored and pictures >= 2
    return ok, (
        f"e-mail asked on A, 已发送 by the worker after {waited:.1f} s (attempts {row[1]}); its PDF "
        f"{row[2]} ({len(stored):,} bytes in the private bucket) downloaded on B: {download.status_code}, "
        f"{'the same bytes' if download.content == stored else 'DIFFERENT bytes'}, "
        f"{'sealed' if pictures >= 2 else 'WITHOUT its seal'} ({pictures} pictures: seal and QR code)"
    )


def check_member_copy(client: Client, seeded: dict, env: dict, logs: Path):
    """A member's page copy (portal.membercopies) made on A, a write committed by a third
    process: the next page on either node renders afresh and shows it."""
    # The first look shows what the earlier checks left waiting (a 已发送 message), so it is never
    # kept; the next one renders and keeps; a copy follows.
    for _ in range(4):
        again = client.get("A", "/member/messages/")
        if again.headers.get("X-Member-Copy") == "hit":
            break
    else:
        return False, f"four /member/messages/ on A in a row, none a copy ({again.status_code})"
    title = f"两节点消息 {secrets.token_hex(4)}"
    code = (
        "from member_center.models import User; from portal.notifications.services import notify; "
        f"notify(User.objects.get(username={seeded['username']!r}), title={title!r}, body='')"
    )
    run_step("notify", [*MANAGE, "shell", "-c", code], env, ROOT, logs)
    on_a, on_b = client.get("A", "/member/messages/"), client.get("B", "/member/messages/")
    # A renders afresh; B may be given the copy A just made (the shared cache), which shows it too.
    fresh_on_a = on_a.headers.get("X-Member-Copy") != "hit"
    ok = fresh_on_a and title in on_a.text and title in on_b.text
    return ok, (
        f"a copy on A; a 消息 written by another process; the next page on A "
        f"{'rendered afresh' if fresh_on_a else 'was the old copy'} and "
        f"{'shows' if title in on_a.text else 'does not show'} it; on B "
        f"({'the copy A just made' if on_b.headers.get('X-Member-Copy') == 'hit' else 'rendered'}) "
        f"{'shows' if title in on_b.text else 'does not show'} it"
    )


def private_keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=PRIVATE_BUCKET).get("Contents", [])]


# --- the run -------------------------------------------------------------------------------------


def environment(run: Path, database: str, endpoint: str, pki: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWS_", "Q_"))}
    for key in ("DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL", "EMAIL_URL", "EMAIL_FILE_PATH", "SMS_FILE_PATH"):
        env.pop(key, None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        PORTAL_BASE_URL=f"https://{HOST}",
        WAGTAILADMIN_BASE_URL=f"https://{HOST}",
        TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=database,
        REDIS_URL=REDIS_URL,
        # Its own queue on the shared Redis: no other run's worker takes this run's jobs.
        Q_CLUSTER_NAME=f"twonode-{uuid.uuid4().hex[:8]}",
        Q_WORKERS="1",
        EMAIL_URL="consolemail://",  # the mail goes to the worker's log, not to a file
        STATIC_ROOT=str(STATIC_ROOT),  # built by collectstatic, read by both nodes
        AWS_STORAGE_BUCKET_NAME=MEDIA_BUCKET,
        AWS_PRIVATE_BUCKET_NAME=PRIVATE_BUCKET,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID="twonode",
        AWS_SECRET_ACCESS_KEY="twonode-secret",
        CERTIFICATE_SIGNING_KEY=str(pki / "signing.key.pem"),
        CERTIFICATE_SIGNING_CERT=str(pki / "signing.pem"),
        CERTIFICATE_SIGNING_CHAIN=str(pki / "ca.pem"),
        CERTIFICATE_CRL_FILE=str(pki / "association.crl"),
        SIGNING_PKI_DIR=str(pki),
        LOG_LEVEL="WARNING",
    )
    return env


def node_folder(run: Path, name: str, env: dict) -> tuple[Path, dict]:
    """A folder of its own for one process: its working directory, media folders and TMPDIR."""
    folder = run / "nodes" / name
    (folder / "tmp").mkdir(parents=True)
    return folder, {
        **env,
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "TMPDIR": str(folder / "tmp"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs) under /tmp")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)  # the seed's own process
    args = parser.parse_args(argv)
    if args.seed:
        print(json.dumps(seed(), ensure_ascii=False))
        return 0

    import boto3

    started = time.perf_counter()
    database = os.environ.get("TWONODE_DATABASE_URL", DEFAULT_DATABASE)
    run = Path(tempfile.mkdtemp(prefix="portal-twonode-"))
    logs, pki = run / "logs", run / "pki"
    logs.mkdir()
    endpoint = f"http://127.0.0.1:{S3_PORT}"
    env = environment(run, database, endpoint, pki)
    processes = Processes(logs)
    checks = Checks()
    try:
        log(f"run folder {run}; database {database}; S3 {endpoint}; Redis {REDIS_URL}")
        moto = processes.start(
            "moto", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(S3_PORT)], env, run
        )
        wait_http(S3_PORT, "/", moto)
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="twonode",
            aws_secret_access_key="twonode-secret",
        )
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            s3.create_bucket(Bucket=bucket)
        fresh_database(database, env, logs)
        collected_static(env, logs)
        run_step("make_signing_ca", [*MANAGE, "make_signing_ca", "--dir", str(pki), "--base-url", f"https://{HOST}"], env, ROOT, logs)  # fmt: skip
        seeded = json.loads(
            run_step("seed", [sys.executable, str(Path(__file__)), "--seed"], env, ROOT, logs).splitlines()[-1]
        )
        log(f"seeded: {seeded}")

        folders = {}
        folders["worker"], worker_env = node_folder(run, "worker", env)
        processes.start("worker", [*MANAGE, "qcluster"], worker_env, folders["worker"])
        nodes = {}
        for node, port in NODE_PORTS.items():
            folders[node], node_env = node_folder(run, f"node-{node}", env)
            gunicorn = [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--timeout", "60", "--no-control-socket", "--access-logfile", "-",
            ]  # fmt: skip
            nodes[node] = processes.start(f"node-{node}", gunicorn, node_env, folders[node])
        for node, port in NODE_PORTS.items():
            wait_http(port, "/healthz", nodes[node])
        log(f"two nodes and a worker up after {time.perf_counter() - started:.0f} s")

        # One client address per run: this run's look-ups start from zero in the shared counts.
        client = Client(f"198.18.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}")
        private_before = set(private_keys(s3))
        checks.run("session across nodes", check_login, client, seeded)
        checks.run("private file across nodes", check_upload, client, s3, private_before)
        checks.run("rate limit across nodes", check_rate_limit, client, seeded)
        checks.run("job queued on a node, run by the worker", check_job, client, seeded, database, s3)
        checks.run("member page copy replaced by another process's write", check_member_copy, client, seeded, env, logs)
        media = [item["Key"] for item in s3.list_objects_v2(Bucket=MEDIA_BUCKET).get("Contents", [])]
        local = {name: files_under(folder) for name, folder in folders.items()}
        checks.record(
            "nothing on a node's disk",
            not any(local.values()),
            "; ".join(
                f"{name}: {len(found)} files {found[:5] if found else ''}".rstrip() for name, found in local.items()
            )
            + f" (S3: {len(private_keys(s3))} private objects, {len(media)} media objects)",
        )
    finally:
        processes.stop_all()
        if args.keep or not checks.ok:
            log(f"logs kept in {logs}")
        else:
            shutil.rmtree(run, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print(
        f"{'PASS' if checks.ok else 'FAIL'}  two nodes: {sum(ok for _, ok, _ in checks.results)} of {len(checks.results)} checks in {elapsed:.0f} s"
    )
    return 0 if checks.ok and checks.results else 1


if __name__ == "__main__":
    sys.exit(main())
