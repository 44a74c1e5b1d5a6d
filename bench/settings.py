"""Settings for the benchmark: the development settings, measured the way production runs.

bench/run.py sets DATABASE_URL to the benchmark's own database before Django starts, so the
developer's database is never touched.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from portal.settings.dev import *  # noqa: F403
from portal.settings.dev import BASE_DIR

# Only bench/worker.py, started by bench/run.py, may use these settings: it names the database
# twice, so a stray DATABASE_URL (a developer's .env) can never become the benchmark's target.
if not os.environ.get("BENCH_DATABASE_URL_IN_USE") or os.environ["BENCH_DATABASE_URL_IN_USE"] != os.environ.get(
    "DATABASE_URL"
):
    raise ImproperlyConfigured("bench.settings is for bench/run.py only (make bench).")

BENCH_OUT = Path(BASE_DIR) / "bench" / "out"

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.urls"

# No cache table to create, and nothing shared with a developer's Redis. "ratelimit" is
# django-ratelimit's (RATELIMIT_USE_CACHE), as in the settings without Redis.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}

# A page's query count must not depend on whether a minute passed since the session was last
# written (portal.sessions saves the last-seen time once a minute): the count request measures
# the page, not that write. Production keeps its 60 s.
SESSION_SEEN_WRITE_SECONDS = 24 * 3600

# Plain static storage: `{% static %}` works without collectstatic and its manifest.
STATIC_ROOT = str(BENCH_OUT / "static")
MEDIA_ROOT = str(BENCH_OUT / "media")
PRIVATE_MEDIA_ROOT = str(BENCH_OUT / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Errors only: the 404s and 403s a page may answer are reported in the results instead.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
    # A page that raises is reported in the results table, with the exception; no traceback here.
    "loggers": {"django.request": {"level": "CRITICAL"}},
}

# Certificates are signed as `make run` signs them, with a test CA of the benchmark's own.
from certificates.pki import ensure_test_pki  # noqa: E402

_pki, _ = ensure_test_pki(BENCH_OUT / "pki", base_url="http://127.0.0.1:8000")
CERTIFICATE_SIGNING_KEY, CERTIFICATE_SIGNING_CERT = str(_pki.signing_key), str(_pki.signing_cert)
CERTIFICATE_SIGNING_CHAIN, CERTIFICATE_CRL_FILE = str(_pki.ca_cert), str(_pki.crl)
