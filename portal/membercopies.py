"""A member's own copy of a member-centre page (issue 17, "Pages near the floor").

A member who opens 我的证明 twice, with nothing written to the database in between, sees the same
page twice. A view marked `@kept_for_member` is rendered once and its answer kept, for this
session only, under the database's write version (portal.writes) and the page cache's version
(what portal.pagecache.kept holds); the next GET of the same address by the same session is that
copy, without the view, its access checks or a query. Any committed write by any process, a
member's own submit, a staff decision, a job's result, replaces the write version, so the next
page renders afresh; what only time changes (a 报名 window closing) shows within
MEMBER_PAGE_COPY_SECONDS.

The copy is found by the session's key, its data and its CSRF cookie, so it can only ever go back
to the session that rendered it, and the CSRF token in its forms (every member page has 退出) is
valid for that session. Never kept: other than a 200 HTML GET; a page that set a cookie or
started a new CSRF secret; one that changed the session, wrote to the database or showed a
message while it rendered; one whose view says `never_cache`; staff. Never served while a
message waits.
"""

import contextlib
import hashlib
import json
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches

from . import pagecache, writes

KEY_PREFIX = "portal:membercopy:"
HIT_HEADER = "X-Member-Copy"
# Each worker keeps its last copies in memory as well; the shared cache holds them for the other
# workers and nodes. On the wall clock, as the shared cache's own expiry.
_local = pagecache.LocalCopies(500, clock=time.time)


def _session_digest(session) -> str:
    """The session's data, but for the last-seen time (portal.sessions), written once a minute."""
    from .sessions import SEEN_KEY

    data = {k: v for k, v in session.items() if k != SEEN_KEY}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _may_serve(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and user is not None
        and user.is_authenticated
        and not user.is_staff
        and bool(user.firm_id or user.lawyer_id)
        and request.session.session_key is not None
        # A message waiting to be shown: the view shows (and uses up) it.
        and not request.COOKIES.get(CookieStorage.cookie_name)  # an emptied one says nothing waits
        and "_messages" not in request.session
        and not getattr(request, "is_dummy", False)
    )


def _versions(request) -> tuple[str, str]:
    """(the write version, the page cache's version), in one read of the cache; the page cache's
    is then the request's own (pagecache.request_version)."""
    cache = caches["default"]
    found = cache.get_many([writes.WRITE_VERSION_KEY, pagecache.VERSION_KEY])
    written = found.get(writes.WRITE_VERSION_KEY) or writes.current_version()
    pages = found.get(pagecache.VERSION_KEY)
    if pages is None:
        pages = pagecache.current_version()
    request._page_cache_version = pages
    return written, pages


def _key(request, session_digest: str) -> str:
    parts = [
        request.session.session_key,
        session_digest,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _messages_shown(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(storage.added_new or storage._loaded_messages)


def _may_keep(request, response, digest_before: str) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    secret = request.META.get("CSRF_COOKIE")
    if secret is not None and secret != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False  # a new CSRF secret: the copy's token would not match the next request's cookie
    if pagecache.says_not_kept(response):
        return False
    if _messages_shown(request):
        return False
    # The view changed the session (a wizard reset, a remembered choice): a copy would skip that.
    return _session_digest(request.session) == digest_before


def _lookup(key: str, versions: tuple):
    # A copy this worker holds, even a stale or expired one, is the answer: the shared cache holds
    # the same copy (and Redis counts its expiry on its own clock).
    entry = _local.get(key, versions) if key in _local else pagecache.pages_cache().get(key)
    return entry if entry is not None and entry[0] == versions else None


def _keep(key: str, entry, seconds: int) -> None:
    _local.set(key, entry[0], entry, seconds)
    with contextlib.suppress(Exception):  # the shared cache down: this worker still has it
        pagecache.pages_cache().set(key, entry, seconds)


def kept_for_member(view):
    """Marks a member-centre view whose GET answer depends only on the member, the session, the
    database and the time: the outermost decorator, so its access checks run only when it
    renders (their answer depends on nothing else either)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = getattr(settings, "MEMBER_PAGE_COPY_SECONDS", 0)
        if not seconds or not _may_serve(request):
            return view(request, *args, **kwargs)
        try:
            # Read before the view renders: a write committed meanwhile makes this copy stale.
            versions = _versions(request)
            digest = _session_digest(request.session)
            key = _key(request, digest)
            entry = _lookup(key, versions)
        except Exception:  # the cache down: render as if there were no copies
            return view(request, *args, **kwargs)
        if entry is not None:
            return pagecache.response_from(entry, HIT_HEADER)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        if _may_keep(request, response, digest):
            _keep(key, pagecache.entry_of(response, versions, HIT_HEADER), seconds)
        return response

    return wrapped
