"""Idle sessions end, and pages for a logged-in person are never stored by a browser or proxy.

A member's session ends after a working day without a request, a staff session sooner (staff
see every member's data). The last-seen time is written at most once a minute, so an active
session costs one session write a minute (SESSION_SEEN_WRITE_SECONDS), not one per request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers, patch_vary_headers

SEEN_KEY = "_portal_seen_at"
# The stored session outlives the idle limit by this much, so the next request can still say
# why it ended instead of silently landing on the login page.
GRACE = 3600


def idle_limit(user) -> int:
    return settings.STAFF_SESSION_IDLE_SECONDS if user.is_staff else settings.MEMBER_SESSION_IDLE_SECONDS


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """On login (user_logged_in), so the first page after it need not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())
        request.session.set_expiry(idle_limit(user) + GRACE)


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            limit = idle_limit(user)
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if seen is not None and now - seen > limit:
                logout(request)
                messages.info(request, "您已长时间未操作，为保护您的信息已自动退出，请重新登录。")
            elif seen is None or now - seen >= settings.SESSION_SEEN_WRITE_SECONDS:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(limit + GRACE)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            # Personal data: no copy in the browser's cache or a shared proxy (back button after
            # logging out on a shared computer shows nothing).
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
