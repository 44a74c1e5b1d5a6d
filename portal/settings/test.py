"""The test suite: fast hashing, mail kept in memory, jobs run at once."""

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, MIDDLEWARE, Q_CLUSTER, env, sqlite_for_concurrent_writers

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
# No collectstatic before the tests: WhiteNoise serves from the finders and does not warn.
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
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
    {"model": "auth.*"},
    {"model": "contenttypes.*"},
    # Wagtail's reference index walks audit entries one by one after they are written.
    {"model": "auditlog.*"},
]

if env("DATABASE_URL", default=""):
    DATABASES = {"default": sqlite_for_concurrent_writers(env.db("DATABASE_URL"))}
