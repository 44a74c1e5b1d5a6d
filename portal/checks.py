"""Deploy checks (`manage.py check --deploy`) for what would silently go wrong in production."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, register

# Mail backends that never deliver: a production portal on one of them marks mails 已发送.
NON_DELIVERING_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@register(Tags.security, deploy=True)
def debug_is_off(app_configs, **kwargs):
    if settings.DEBUG:
        return [
            Error(
                "DEBUG is on: error pages would show settings and members' data to anyone.",
                hint="Serve with DJANGO_SETTINGS_MODULE=portal.settings.production (portal.wsgi's default).",
                id="portal.E001",
            )
        ]
    return []


@register(deploy=True)
def mail_is_delivered(app_configs, **kwargs):
    if settings.EMAIL_BACKEND in NON_DELIVERING_MAIL:
        return [
            Error(
                f"Mail goes to {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}: no member would receive a mail, "
                "and every mail would be marked 已发送.",
                hint="Set EMAIL_URL (smtp+tls://user:pass@host:587) or EMAIL_FILE_PATH (docs/deploy.md).",
                id="portal.E002",
            )
        ]
    return []


@register(deploy=True)
def cache_and_broker_apart(app_configs, **kwargs):
    broker = settings.Q_CLUSTER.get("redis")
    cache = settings.CACHES["default"].get("LOCATION")
    if broker and broker == cache:
        return [
            Error(
                "The cache and the job broker share one Redis database: clearing the cache drops queued jobs.",
                hint="Leave REDIS_CACHE_URL unset (it defaults to the next database number) or point it elsewhere.",
                id="portal.E003",
            )
        ]
    return []


# SMS backends that never reach a phone: activation and phone password-reset codes would vanish.
NON_DELIVERING_SMS = {
    "portal.sms.backends.console.SmsBackend",
    "portal.sms.backends.locmem.SmsBackend",
}


@register(deploy=True)
def sms_is_delivered(app_configs, **kwargs):
    if settings.SMS_BACKEND in NON_DELIVERING_SMS:
        return [
            Error(
                f"Text messages go to {settings.SMS_BACKEND.rsplit('.', 2)[-2]}: no member would receive an "
                "activation or password-reset code.",
                hint="Set SMS_BACKEND to the provider's gateway (portal.sms.backends.http.SmsBackend with "
                "SMS_HTTP_URL, docs/deploy.md) or SMS_FILE_PATH.",
                id="portal.E004",
            )
        ]
    return []


SIGNING_FILES = ("CERTIFICATE_SIGNING_KEY", "CERTIFICATE_SIGNING_CERT")


@register(deploy=True)
def certificates_are_signed(app_configs, **kwargs):
    missing = [name for name in SIGNING_FILES if not getattr(settings, name, "")]
    unreadable = [
        name
        for name in (*SIGNING_FILES, "CERTIFICATE_SIGNING_CHAIN")
        if getattr(settings, name, "") and not os.access(getattr(settings, name), os.R_OK)
    ]
    if missing or unreadable:
        what = "is not set" if missing else "names a file that cannot be read"
        return [
            Error(
                f"{', '.join(missing or unreadable)} {what}: issued certificates would carry no signature, "
                "and anyone could alter one unnoticed.",
                hint="Name the association's signing key, its certificate and the CA chain (docs/deploy.md, "
                "“Signing certificates”).",
                id="portal.E005",
            )
        ]
    return []
