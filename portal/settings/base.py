"""Settings shared by every environment. Secrets and URLs come from the environment."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "notices",
    "member_center",
    "member_center.profiles",
    "member_center.tickets",
    "member_center.cards",
    "member_center.roster_import",
    "certificates",
    "activities",
    "portal",
    "portal.uploads",
    "portal.notifications",
    "portal.exports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "auditlog",
    "csp",
    "django_q",
    "import_export",
    "django_ratelimit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: a kept public page goes to an anonymous visitor before any other middleware runs
    # (portal.pagecache); it carries the headers the ones below added when it was rendered.
    "portal.pagecache.PageCacheMiddleware",
    # Before every other reader of the client's address, so they all see the same one.
    "portal.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After it (a kept page needs no Site): the request's Wagtail Site, kept per process.
    "portal.pagecache.KeptSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.site_url.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "member_center.middleware.MemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so an ended session can say why.
    "portal.sessions.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ServiceUnavailableMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes goes last so it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "member_center.context_processors.member",
                "portal.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A worker keeps its connection between requests: opening one (PostgreSQL's handshake and
# authentication, SQLite's functions and PRAGMAs) cost more than a whole member page's queries.
# Django checks it before reuse, and closes it after an error or after CONN_MAX_AGE seconds.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction pooling mode (docs/deploy.md): .iterator() reads without cursors.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)


def sqlite_for_concurrent_writers(database: dict) -> dict:
    """SQLite, the embedded default, with several writers (gunicorn workers, the job worker):
    every transaction takes the write lock when it begins (IMMEDIATE), so two writers queue
    instead of one failing with "database is locked" half-way (select_for_update does nothing
    on SQLite); a busy writer is waited for up to 20 s; WAL lets readers read meanwhile."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    return database


sqlite_for_concurrent_writers(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "member_center.User"
AUTHENTICATION_BACKENDS = [
    # Axes refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "member_center.backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "member_center:login"
# Idle sessions end (portal.sessions): a member's after a working day, staff's after two hours.
MEMBER_SESSION_IDLE_SECONDS = env.int("MEMBER_SESSION_IDLE_SECONDS", default=8 * 3600)
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=2 * 3600)
SESSION_COOKIE_AGE = MEMBER_SESSION_IDLE_SECONDS
SESSION_SEEN_WRITE_SECONDS = 60  # how often an active session's last-seen time is saved
LOGIN_REDIRECT_URL = "member_center:dashboard"
LOGOUT_REDIRECT_URL = "/"

# Lockout: five failures on one account lock it for fifteen minutes. Locking by account
# rather than by address keeps a whole law firm behind one NAT from locking itself out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "member_center.views.locked_out"
# One account answers to its licence number and its member number: count failures per account.
AXES_USERNAME_CALLABLE = "member_center.roster.axes_username"
AXES_VERBOSE = False
# Attempts refused by the per-address limit (member_center.login_limits) are not account failures.
AXES_WHITELIST_CALLABLE = "member_center.login_limits.not_counted_by_axes"
AXES_CLIENT_IP_CALLABLE = "portal.client_address.client_address"
RATELIMIT_IP_META_KEY = "portal.client_address.client_address"
# How many reverse proxies in front of the portal append to X-Forwarded-For (nginx of
# docs/deploy.md: 1). 0: the header is ignored and the TCP peer is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# axes.W006 asks to lock by address too; we lock by account on purpose (see above).
# django_ratelimit.E003 refuses a per-process cache; that is our documented fallback without
# Redis (see CACHES below and docs/deploy.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.E003", "django_ratelimit.W001"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Browser libraries installed from package-lock.json by `make setup` (npm ci), never copied in.
    ("vendor/cropperjs", BASE_DIR / "node_modules" / "cropperjs" / "dist"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Public media (Wagtail images and documents editors publish).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Private files (member photos, issued certificates, attachments): never under MEDIA_URL,
# only streamed by views that check the viewer.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# S3-compatible object storage (django-storages) in place of the two folders above, once
# AWS_STORAGE_BUCKET_NAME is set: every app node behind the load balancer then sees the same files
# and writes none to its own disk (docs/deploy.md, "Files on S3-compatible storage"). Public media
# in that bucket; private files in a bucket of their own that is never readable without keys, and
# never given a URL (portal.s3): the views that check the viewer stream them, as from the folder.
# The keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself (or its instance role).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _s3_options = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph, OSS …; unset: AWS
        "region_name": env("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for most stand-ins
        # A new file never replaces a stored one of the same name (as in the folders): a second
        # upload called upload.pdf gets a name of its own.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default="") or None,  # a CDN in front of the bucket
            "querystring_auth": False,  # editors' published images: plain public URLs
        },
    }
    STORAGES["private"] = {
        "BACKEND": "portal.s3.PrivateS3Storage",
        "OPTIONS": {**_s3_options, "bucket_name": env("AWS_PRIVATE_BUCKET_NAME")},  # required with S3
    }
    # Wagtail would answer a document download with a redirect to the bucket, past the rules of a
    # private collection; through its view the file is streamed after the check.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# A staff listing's export of more rows than this is built by a job (portal.exports), not the request.
EXPORT_INLINE_LIMIT = env.int("EXPORT_INLINE_LIMIT", default=5000)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Mail: EMAIL_URL (smtp://user:pass@host:587?tls=True) or, with EMAIL_FILE_PATH, one file per mail.
if env("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
else:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="广州市律师协会 <noreply@lawyers.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (portal.sms): SMS_FILE_PATH writes one file per message; otherwise SMS_BACKEND,
# console by default (a deploy check refuses it in production: docs/deploy.md names the gateway).
if env("SMS_FILE_PATH", default=""):
    SMS_BACKEND = "portal.sms.backends.filebased.SmsBackend"
    SMS_FILE_PATH = env("SMS_FILE_PATH")
else:
    SMS_BACKEND = env("SMS_BACKEND", default="portal.sms.backends.console.SmsBackend")
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")
SMS_SIGNATURE = env("SMS_SIGNATURE", default="【广州市律师协会】")

REDIS_URL = env("REDIS_URL", default="")


def _next_redis_database(url: str) -> str:
    """The same Redis server, the next database number: the cache must never share the broker's
    database (a cache.clear() would drop queued jobs)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


REDIS_CACHE_URL = env("REDIS_CACHE_URL", default=_next_redis_database(REDIS_URL) if REDIS_URL else "")
if REDIS_URL:
    CACHES = {
        # Pages serve without cache when Redis is down (portal.cache)...
        "default": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": REDIS_CACHE_URL},
        # ...while rate limits refuse with 503 (portal.ratelimits).
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "rl",
        },
        # Anonymous visitors' copies of public pages (portal.pagecache), shared by every worker.
        "pages": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": REDIS_CACHE_URL, "KEY_PREFIX": "pg"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"},
        # Without Redis the public rate limits (django-ratelimit) count per process: good enough
        # for one machine; set REDIS_URL to share the counts between processes and machines.
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
        # Each worker keeps its own copies of public pages; the version they are checked against
        # is in the database cache, so a publish reaches every worker (portal.pagecache).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
RATELIMIT_USE_CACHE = "ratelimit"
# Sessions live in the database; with Redis each request reads them from the cache (no session
# query), and cached_db still writes them through, so a Redis restart logs nobody out.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long an anonymous visitor's copy of a public page is kept (portal.pagecache); 0: never.
# A publish, unpublish or settings change replaces every copy at once; this only bounds what no
# signal tells (a page whose content depends on the time).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# How long a member's own copy of a member-centre page is kept (portal.membercopies); 0: never.
# Any committed write replaces every copy at once; this only bounds what only time changes
# (a 报名 window closing, a deadline passing).
MEMBER_PAGE_COPY_SECONDS = env.int("MEMBER_PAGE_COPY_SECONDS", default=60)

# django-q2: the database is the broker unless Redis is configured. django-q2 reads this at
# import time, so the test settings module sets "sync" itself.
Q_CLUSTER = {
    # The queue's name on the broker: two deployments (or test runs) sharing one Redis keep apart.
    "name": env("Q_CLUSTER_NAME", default="portal"),
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 5,
    "catch_up": False,
    "label": "后台任务",
    # WeasyPrint with the CJK fonts grows a worker to ~280 MiB over hundreds of PDFs: a worker
    # whose peak RSS passes this (KiB) finishes its task and is replaced by a fresh one.
    "max_rss": env.int("Q_MAX_RSS_KIB", default=250 * 1024),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# The public address of the portal, printed on certificates (QR codes, verification links).
# The public address for links in e-mails and QR codes (portal.site_url); required in production.
# Unset in development: links follow the address the portal is served on.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="").rstrip("/")

WAGTAIL_SITE_NAME = "广州市律师协会"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "zip", "jpg", "png", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_USER_EDIT_FORM = None
# The admin's CSP allows no third-party hosts: no Gravatar avatars, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin shows the audit history of roster and application records.
AUDITLOG_INCLUDE_ALL_MODELS = False

# The association's signature on every issued certificate (certificates.signing, docs/deploy.md):
# the private key, its certificate and the chain up to the association's CA (PEM files), an
# optional RFC 3161 time-stamp server (PAdES B-T), and the CA's CRL that the portal publishes.
# Production without a key is a `check --deploy` error; `make run` makes a test CA.
CERTIFICATE_SIGNING_KEY = env("CERTIFICATE_SIGNING_KEY", default="")
CERTIFICATE_SIGNING_KEY_PASSPHRASE = env("CERTIFICATE_SIGNING_KEY_PASSPHRASE", default="")
CERTIFICATE_SIGNING_CERT = env("CERTIFICATE_SIGNING_CERT", default="")
CERTIFICATE_SIGNING_CHAIN = env("CERTIFICATE_SIGNING_CHAIN", default="")
CERTIFICATE_CA_CERT = env("CERTIFICATE_CA_CERT", default="")  # default: the chain's last certificate
CERTIFICATE_CRL_FILE = env("CERTIFICATE_CRL_FILE", default="")
CERTIFICATE_TSA_URL = env("CERTIFICATE_TSA_URL", default="")
CERTIFICATE_SIGNING_ISSUER = env("CERTIFICATE_SIGNING_ISSUER", default="广州市律师协会")
# Where `manage.py make_signing_ca` keeps the development and demo CA (never in the repository).
SIGNING_PKI_DIR = Path(env("SIGNING_PKI_DIR", default=str(Path.home() / ".local/share/bar-portal/pki")))

# CJK font used by every PDF; installed by the set-up (Debian fonts-noto-cjk).
PDF_FONT_FAMILY = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'

# Content-Security-Policy (django-csp 4). The public site and the member centre need no
# inline scripts; the Wagtail admin does, so it gets its own policy (portal.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
    },
}
ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
