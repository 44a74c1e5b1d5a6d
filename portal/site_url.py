"""The portal's own address, for links that leave a page: e-mails and the certificates' QR codes.

Production sets PORTAL_BASE_URL (required there). In development it is unset and links follow
the address the portal is actually served on: the current request's, or, in a job, the one of
the request that enqueued it (enqueuers pass `request_site_url()` along; jobs run under
`serving(base_url)`)."""

import contextvars
from contextlib import contextmanager

from django.conf import settings

# Outside any request and without the setting (a management command in development).
DEVELOPMENT_FALLBACK = "http://127.0.0.1:8000"

_served_on = contextvars.ContextVar("portal_served_on", default="")


def site_url() -> str:
    return settings.PORTAL_BASE_URL or _served_on.get() or DEVELOPMENT_FALLBACK


def request_site_url() -> str:
    """What a job should be told (empty when the setting decides anyway)."""
    return "" if settings.PORTAL_BASE_URL else _served_on.get()


@contextmanager
def serving(base_url: str | None):
    token = _served_on.set((base_url or "").rstrip("/"))
    try:
        yield
    finally:
        _served_on.reset(token)


class SiteUrlMiddleware:
    """Remembers the address of the request being served (after CommonMiddleware has checked
    the host against ALLOWED_HOSTS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PORTAL_BASE_URL:
            return self.get_response(request)
        with serving(f"{request.scheme}://{request.get_host()}"):
            return self.get_response(request)
