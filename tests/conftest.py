"""Fixtures shared by the whole suite (tests/e2e has its own conftest for the browser)."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory

MEMBER_BACKEND = "member_center.backends.PortalBackend"


@pytest.fixture(autouse=True)
def _clear_caches():
    """Caches outlive the per-test transaction (Wagtail's site root paths, rate-limit counts,
    axes if it is ever switched to the cache handler): start every test from empty ones."""
    for alias in django_settings.CACHES:
        caches[alias].clear()
    yield
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _site_settings_saved(request, _clear_caches):
    """A database test starts with the site settings saved, as every installation has them
    (setup_site): else the first page a test opens creates them, a change that makes what that
    page kept for the next ones (portal.pagecache.kept) stale at once."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from home.models import PortalSettings

    PortalSettings.load()
    caches["default"].clear()  # and no change seen yet: the test's first page starts the version


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    """portal.sms.outbox is a module list (as mail.outbox, which pytest-django empties itself)."""
    from portal import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def private_media(tmp_path):
    """Point the private storage (member photos, issued files) at a per-test directory."""
    from django.core.files.storage import storages

    storage = storages["private"]
    saved = {name: storage.__dict__.get(name) for name in ("_location", "base_location", "location")}
    storage._location = str(tmp_path)
    for name in ("base_location", "location"):
        storage.__dict__.pop(name, None)
    yield tmp_path
    storage._location = saved["_location"]
    for name in ("base_location", "location"):
        storage.__dict__.pop(name, None)


@pytest.fixture
def firm(db):
    return FirmFactory()


@pytest.fixture
def lawyer(firm):
    return LawyerFactory(firm=firm)


@pytest.fixture
def lawyer_user(lawyer):
    """The lawyer's account; the initial password is already changed (factories.MEMBER_PASSWORD)."""
    return MemberUserFactory(lawyer=lawyer)


@pytest.fixture
def firm_user(firm):
    return MemberUserFactory(firm=firm)


@pytest.fixture
def lawyer_client(client, lawyer_user):
    client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    return client


@pytest.fixture
def firm_client(client, firm_user):
    client.force_login(firm_user, backend=MEMBER_BACKEND)
    return client


def pytest_configure(config):
    """The test run's association CA and signing certificate, where portal.settings.test names
    them (ECDSA P-256: milliseconds, once per test process)."""
    from certificates.pki import ensure_test_pki

    files, _ = ensure_test_pki(django_settings.SIGNING_PKI_DIR, base_url="http://testserver")
    assert str(files.signing_key) == django_settings.CERTIFICATE_SIGNING_KEY, "pki layout and test settings differ"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests marked `postgres` (threads committing real rows) run last: the restore after their
    flush does not mix well with the serialized rollbacks of the browser tests. The sort is
    stable, so pytest-django's ordering stays as it is otherwise."""
    items.sort(key=lambda item: item.get_closest_marker("postgres") is not None)
