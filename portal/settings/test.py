"""The test suite: fast hashing, mail kept in memory, jobs run at once."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, MIDDLEWARE, Q_CLUSTER, REDIS_URL, env, sqlite_for_concurrent_writers

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
# No collectstatic before the tests: WhiteNoise serves from the finders and does not warn.
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "portal.sms.backends.locmem.SmsBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
if REDIS_URL:
    # REDIS_URL set (CI runs the suite once so, as docs/deploy.md runs production): Redis is the
    # cache, the rate-limit store and the broker, as in production. Each pytest-xdist worker gets
    # its own two databases from number 8 on, so one worker's cache.clear() leaves the other's.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _server = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    REDIS_CACHE_URL = f"{_server}/{8 + 2 * _worker + 1}"
    CACHES = {
        "default": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": REDIS_CACHE_URL},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "rl",
        },
        "pages": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": REDIS_CACHE_URL, "KEY_PREFIX": "pg"},
    }
    Q_CLUSTER = {key: value for key, value in Q_CLUSTER.items() if key != "orm"}
    Q_CLUSTER["redis"] = f"{_server}/{8 + 2 * _worker}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BASE_DIR / ".test-private"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = str(BASE_DIR / ".test-media")
PRIVATE_MEDIA_ROOT = str(BASE_DIR / ".test-private")

# Many tests travel in time (time-machine) between requests: sessions idle out only in the
# tests of it (tests/portal/test_sessions.py sets the real limits), and a test's query counts
# must not depend on how long the machine took between two requests.
MEMBER_SESSION_IDLE_SECONDS = STAFF_SESSION_IDLE_SECONDS = 100 * 365 * 24 * 3600
SESSION_SEEN_WRITE_SECONDS = 100 * 365 * 24 * 3600
# A member's page copies follow committed writes (portal.writes), and most tests write inside a
# transaction that never commits: on only in the tests of them (tests/portal/test_membercopies.py),
# and in the browser tests when the environment says so (their writes commit).
MEMBER_PAGE_COPY_SECONDS = env.int("MEMBER_PAGE_COPY_SECONDS", default=0)

# django-q2 reads Q_CLUSTER when it is imported: this module is the only place to make it sync.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}

# N+1 queries fail the tests that exercise views.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
ZEAL_ALLOWLIST = [
    # Wagtail's own admin screens are not ours to tune.
    {"model": "wagtailcore.*"},
    {"model": "wagtailadmin.*"},
    {"model": "wagtailusers.*"},  # 账号设置 reads the admin profile once per settings panel
    {"model": "auth.*"},
    {"model": "contenttypes.*"},
    # Wagtail looks up each saved account's admin profile (activation letters for a whole firm).
    {"model": "member_center.User", "field": "wagtail_userprofile"},
]

if env("DATABASE_URL", default=""):
    DATABASES = {"default": sqlite_for_concurrent_writers(env.db("DATABASE_URL"))}
# Each test's connections close with it: a live server's threads must not keep the test database
# open past its teardown (production keeps them, base.py).
DATABASES["default"]["CONN_MAX_AGE"] = 0

# A throwaway association CA and signing certificate for this run: every issued PDF is signed as
# in production. The files are named here (certificates.pki's layout, as dev.py names them) and
# made by tests/conftest.py (pytest_configure), since the core's settings import no feature app.
SIGNING_PKI_DIR = Path(tempfile.mkdtemp(prefix="portal-test-pki-"))
atexit.register(shutil.rmtree, SIGNING_PKI_DIR, ignore_errors=True)
CERTIFICATE_SIGNING_KEY = str(SIGNING_PKI_DIR / "signing.key.pem")
CERTIFICATE_SIGNING_CERT = str(SIGNING_PKI_DIR / "signing.pem")
CERTIFICATE_SIGNING_CHAIN = str(SIGNING_PKI_DIR / "ca.pem")
CERTIFICATE_CRL_FILE = str(SIGNING_PKI_DIR / "root.crl")
