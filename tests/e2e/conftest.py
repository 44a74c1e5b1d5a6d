"""Browser tests: Debian's Chromium (through pytest-playwright) against pytest-django's live server.

Every test here uses `live_server`, so its database is transactional and flushed after the test:
the `demo` fixture loads the demo data (`seed_demo`: pages and roster) for that one test, and the
quicker `roster` fixture only the demo roster. Screenshots go to /tmp/e2e-shots/ (not committed).

    .venv/bin/pytest tests/e2e -q
"""

import os

# Playwright's sync API keeps an event loop running in the main thread, and Django refuses
# synchronous database work (the seeding, the flush) from such a thread unless told. Set before
# anything in Django runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its own browser here: use Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages are opened by path (page.goto("/member/")) on the live server.

    This also replaces pytest-playwright's fallback `base_url` fixture, which under pytest 9 raises
    PytestRemovedIn10Warning (a session fixture defined as a method), an error with our
    `filterwarnings = error`."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# The database right after the first `seed_demo` of the session, as JSON (see `demo`).
_demo_snapshot = {}


@pytest.fixture
def demo(live_server, django_db_serialized_rollback, settings):
    """The demo data (`seed_demo`) in the live server's database, for this one test; returns the
    server's URL.

    The flush after each transactional test also removes what the migrations created (Wagtail's
    root page and default Site); `django_db_serialized_rollback` restores that before the test,
    so `seed_demo` runs on a database like a freshly migrated one.

    seed_demo takes ~5 s (it publishes ~15 pages), so it runs once per session: its result is
    serialized the way Django serializes the migrated test database for serialized_rollback, and
    later tests load that (~1 s against ~5 s). Primary keys are kept, and sequences only ever move forward
    (the flush does not reset them), so new rows do not collide."""
    if connection.alias in _demo_snapshot:
        connection.creation.deserialize_db_from_string(_demo_snapshot[connection.alias])
        return live_server.url
    if settings.SETTINGS_MODULE is None:
        # live_server runs under modify_settings(ALLOWED_HOSTS=...), whose settings holder has
        # SETTINGS_MODULE = None, and seed_demo's production guard calls .endswith() on it.
        settings.SETTINGS_MODULE = os.environ["DJANGO_SETTINGS_MODULE"]
    call_command("seed_demo", stdout=io.StringIO())
    _demo_snapshot[connection.alias] = connection.creation.serialize_db_to_string()
    return live_server.url


@pytest.fixture
def roster(live_server, django_db_serialized_rollback):
    """Only the demo roster (no pages): enough for the member centre, and quicker than `demo`."""
    from member_center.demo import create_roster

    create_roster()
    return live_server.url


@pytest.fixture(autouse=True)
def _timeouts(page):
    """Fail in seconds, not Playwright's 30: every page here is local and small."""
    page.set_default_timeout(10_000)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request, page):
    """Run the test at desktop (1366×900) and at phone (390×844) width; the value is the name."""
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


@pytest.fixture
def phone(page):
    page.set_viewport_size(VIEWPORTS["phone"])
    return page
