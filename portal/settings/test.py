"""The test suite: fast hashing, mail kept in memory, jobs run at once."""

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, MIDDLEWARE, Q_CLUSTER, env

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
    DATABASES = {"default": env.db("DATABASE_URL")}
