"""The load run's helpers (bench/loadrun.py, bench/loadsessions.py): how a session is made, what
counts as an error, how the figures are read. No timing is asserted: make bench measures."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

from bench import loadrun
from bench.loadsessions import start_session

LOGIN = "/member/login/"


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        answers = {"/ok/": (200, ""), "/boom/": (500, ""), "/gone/": (302, f"{LOGIN}?next=/gone/"),
                   "/moved/": (302, "/elsewhere/"), "/missing/": (404, "")}  # fmt: skip
        status, location = answers[self.path]
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_a_session_counts_every_answer_but_200_as_an_error(server):
    paths = ["/ok/", "/boom/", "/gone/", "/moved/", "/missing/"]
    spec = {"cookie": "key", "pages": [[path.strip("/"), path, path] for path in paths]}
    started = loadrun.time.monotonic()
    info = {"seed": 1, "port": server, "cookie_name": "sessionid", "login_path": LOGIN, "started": started,
            "deadline": started + 0.5, "think_s": 0}  # fmt: skip
    session = loadrun.Session(0, spec, info)
    session.run()
    kinds = {key: kind for _, key, _, _, _, kind in session.records}
    assert kinds == {
        "ok": "",
        "boom": "HTTP 500",
        "gone": "redirect to the login page",
        "moved": "unexpected HTTP 302",
        "missing": "unexpected HTTP 404",
    }
    assert session.first_pass_s is not None


def test_a_closed_port_is_a_connection_error():
    port = loadrun.free_port()  # nothing listens there
    started = loadrun.time.monotonic()
    info = {"seed": 1, "port": port, "cookie_name": "sessionid", "login_path": LOGIN, "started": started,
            "deadline": started + 0.05, "think_s": 0}  # fmt: skip
    session = loadrun.Session(0, {"cookie": "key", "pages": [["ok", "ok", "/ok/"]]}, info)
    session.run()
    assert session.records[0][5] == "connection: ConnectionRefusedError"


def sample(t, workers, master=20_000):
    return {"t": t, "master": master, "workers": {str(pid): kib for pid, kib in workers.items()},
            "cpu_s": {str(pid): t / 10 for pid in workers}}  # fmt: skip


def test_rss_is_read_after_the_warm_up_and_a_new_worker_is_reported():
    samples = [
        sample(0, {1: 100_000, 2: 100_000}),
        sample(10, {1: 200_000, 2: 200_000}),  # the warm-up's first PDFs
        sample(20, {1: 200_000, 2: 200_000}),
        sample(30, {1: 210_240, 3: 150_000}),  # worker 2 replaced by 3
    ]
    rss = loadrun.rss_figures(samples, warmup_s=15)
    assert rss["times_s"] == [20, 20, 30]
    one, two = rss["workers"]
    assert (one["pid"], one["start_mib"], one["end_mib"], one["growth_mib"]) == (1, 195.3, 205.3, 10.0)
    assert two["end_mib"] is None
    assert rss["replaced"] == [3]


def test_summary_fails_on_an_error_or_a_growing_worker():
    sessions = [{"who": "lawyer", "profile": "approved", "pages": [["ok", "OK", "/ok/"]]}]
    info = {"minutes": 1, "duration_s": 60, "warmup_s": 10, "think_s": 1, "gunicorn": "gunicorn …",
            "database": "PostgreSQL 15", "settings": "bench.loadsettings", "session_seen_write_s": 60,
            "unfinished_passes": 0, "client_cpu_s": 1.0, "load": "1 at the start, 1 at the end"}  # fmt: skip
    flat = [sample(0, {1: 200_000}), sample(20, {1: 200_000}), sample(60, {1: 201_000})]
    records = [(t, "ok", 200, 5.0, 2, "") for t in range(11, 60)]
    passed = loadrun.summarise(records, sessions, info, flat, {"ok": [3.0]}, [], 0)
    assert passed["ok"], passed["failures"]
    assert passed["requests"] == 49 and passed["errors"] == {}

    grown = [*flat[:2], sample(60, {1: 200_000 + (loadrun.RSS_GROWTH_BOUND_MIB + 1) * 1024})]
    assert loadrun.summarise(records, sessions, info, grown, {}, [], 0)["failures"] == [
        f"RSS grew past the bound: worker 1 {loadrun.RSS_GROWTH_BOUND_MIB + 1}.0 MiB"
    ]
    failed = loadrun.summarise([*records, (30, "ok", 500, 5.0, 2, "HTTP 500")], sessions, info, flat, {}, [], 0)
    assert failed["errors"] == {"HTTP 500": 1} and not failed["ok"]


def test_server_times_come_from_the_access_log_after_the_warm_up(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        '[01/Dec/2026:21:30:05 +0000] 200 150000 "GET /member/ HTTP/1.0"\n'  # in the warm-up
        '[01/Dec/2026:21:30:20 +0000] 200 30000 "GET /member/ HTTP/1.0"\n'
        '[01/Dec/2026:21:30:21 +0000] 200 12000 "GET /member/documents/?read=unread HTTP/1.0"\n'
        '[01/Dec/2026:21:30:22 +0000] 200 100 "GET /__bench__/floor/ HTTP/1.0"\n'
    )
    started = loadrun.datetime.datetime(2026, 12, 1, 21, 30, tzinfo=loadrun.datetime.UTC).timestamp()
    keys = {"/member/": "dashboard", "/member/documents/?read=unread": "documents_unread"}
    assert loadrun.server_times(log, started, 10, keys) == {"dashboard": [30.0], "documents_unread": [12.0]}


@pytest.mark.django_db
def test_a_session_made_with_session_store_is_logged_in(client, lawyer_user):
    """What bench/loadsessions.py writes is what login() leaves: the member centre opens."""
    client.cookies[settings.SESSION_COOKIE_NAME] = start_session(lawyer_user)
    assert client.get("/member/").status_code == 200
    lawyer_user.set_password("another-Pa55word")  # the session auth hash no longer matches
    lawyer_user.save()
    response = client.get("/member/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
