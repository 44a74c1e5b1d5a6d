"""The client's address, decided once per request for every consumer (rate limits, lockout,
audit log, logs).

Behind the reverse proxy of docs/deploy.md every request comes from the proxy's address, and
the client chooses the leftmost `X-Forwarded-For` entry. So the address is the entry the
trusted proxies appended: with `TRUSTED_PROXY_COUNT = N`, the N-th from the right. With 0 (the
default, no proxy) the header is ignored. The middleware writes the result to REMOTE_ADDR and
drops the header, so django-ratelimit, django-axes and django-auditlog (which reads the header
first) all see the same address.
"""

import ipaddress

from django.conf import settings

PEER_KEY = "PORTAL_PEER_ADDR"  # the TCP peer, kept for the logs


def _valid(address: str) -> str | None:
    address = address.strip()
    if address.startswith("[") and "]" in address:  # [v6]:port
        address = address[1:].split("]")[0]
    elif address.count(":") == 1:  # v4:port
        address = address.split(":")[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def resolve(meta: dict, trusted_proxies: int) -> str:
    peer = meta.get("REMOTE_ADDR", "") or ""
    if trusted_proxies <= 0:
        return peer
    forwarded = [entry for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < trusted_proxies:
        # Not through every trusted proxy: the header is the client's own words.
        return peer
    return _valid(forwarded[-trusted_proxies]) or peer


def client_address(request) -> str:
    """The address to count and record; the same before and after the middleware ran."""
    if PEER_KEY in request.META:
        return request.META["REMOTE_ADDR"]
    return resolve(request.META, settings.TRUSTED_PROXY_COUNT)


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if PEER_KEY not in request.META:
            address = resolve(request.META, settings.TRUSTED_PROXY_COUNT)
            request.META[PEER_KEY] = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = address
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)
