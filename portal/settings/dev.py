"""Local development: `make run` uses these."""

from .base import *  # noqa: F403
from .base import SIGNING_PKI_DIR, STORAGES, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
# A template edit shows at once while developing: no kept pages unless asked (portal.pagecache).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
MEMBER_PAGE_COPY_SECONDS = env.int("MEMBER_PAGE_COPY_SECONDS", default=0 if DEBUG else 60)

if not env("EMAIL_FILE_PATH", default="") and not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Static files straight from the app folders while developing (no collectstatic needed).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# The test CA `make run` makes (manage.py make_signing_ca), unless the environment names real keys.
# Before it is made, certificates are issued unsigned.
if not env("CERTIFICATE_SIGNING_KEY", default="") and (SIGNING_PKI_DIR / "signing.key.pem").exists():
    CERTIFICATE_SIGNING_KEY = str(SIGNING_PKI_DIR / "signing.key.pem")
    CERTIFICATE_SIGNING_CERT = str(SIGNING_PKI_DIR / "signing.pem")
    CERTIFICATE_SIGNING_CHAIN = str(SIGNING_PKI_DIR / "ca.pem")
    CERTIFICATE_CRL_FILE = str(SIGNING_PKI_DIR / "root.crl")
