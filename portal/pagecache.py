"""Anonymous visitors' copy of the public pages (issue 17, "Pages near the floor").

A public page is the same for every visitor who is not logged in, so its response is kept for
PAGE_CACHE_SECONDS and the next such visitor gets it without the view, the session, the
context processors or a query. Only what cannot differ between visitors is kept:

- a GET (a HEAD is answered from it) of a Wagtail page (`before_serve_page`, portal's
  wagtail_hooks) or of a view marked `@for_visitors`; a page type with `page_cache = False`
  (e.g. one showing seats left) is never kept;
- from a request without a session or messages cookie: a logged-in member, or a visitor in the
  middle of something (a login wizard, a message to show), always gets the view;
- answered 200, setting no cookie, with no CSRF token used (a page with a POST form), not
  private (Cache-Control private / no-store / no-cache, Vary: *), not a preview, on no page
  with a view restriction.

Invalidation: every entry carries the version current when its request began; saving, publishing,
unpublishing, moving or deleting a page, a Site, a setting (site settings, footer), an image or a
document sets a new version in the default cache (at once and again after commit, so a request
that read the old rows before the commit cannot keep them). Every worker reads that version once
per request, so the next request, on any worker and any machine, renders afresh. The entries
themselves live in the "pages" cache: Redis with REDIS_URL (shared), otherwise a per-process
local-memory cache (each worker keeps its own copies; the version in the database cache keeps
them right). An app whose other models appear on public pages calls `invalidate_on(Model)`.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from functools import wraps
from http.client import responses

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import cc_delim_re, get_max_age

from . import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:pagecache:version"
KEY_PREFIX = "portal:pagecache:page:"
HIT_HEADER = "X-Page-Cache"
NOT_KEPT = {"private", "no-store", "no-cache"}
# Kept instead of a page that is not kept: the address renders each time, without the version read.
# It only ever skips the cache, so it can never show anything stale.
PASS = "pass"


def pages_cache():
    """Where kept copies live: the "pages" cache (Redis with REDIS_URL), else the default one."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


class LocalCopies:
    """The copies a worker fetched or rendered last, in its own memory (at most `limit`, the oldest
    written leaving first): a hit then costs one read of the version from the shared cache
    instead of two reads and unpickling the page. A copy is served only under the version it was
    kept with, so it is never staler than the shared one, and until `seconds` pass on `clock`."""

    def __init__(self, limit: int, clock=time.monotonic):
        self.limit, self.clock = limit, clock
        self._held: OrderedDict = OrderedDict()  # key -> (expiry, version, value)

    def get(self, key: str, version):
        held = self._held.get(key)
        if held is None or held[1] != version or held[0] < self.clock():
            return None
        return held[2]

    def set(self, key: str, version, value, seconds: int) -> None:
        self._held[key] = (self.clock() + seconds, version, value)
        self._held.move_to_end(key)
        while len(self._held) > self.limit:
            self._held.popitem(last=False)

    def __contains__(self, key: str) -> bool:
        return key in self._held

    def clear(self) -> None:
        self._held.clear()


_local = LocalCopies(200)


def current_version() -> str:
    return cache.current_version(VERSION_KEY)


def request_version(request) -> str:
    """current_version(), read once per request."""
    version = getattr(request, "_page_cache_version", None)
    if version is None:
        version = request._page_cache_version = current_version()
    return version


# What kept() holds in this process: name -> (version, value).
_kept: dict = {}


def kept(request, name: str, compute, key=None):
    """`compute()`'s value, kept in this process until the next invalidation (any worker's save of
    a page, a setting, a site …) or until `key` changes (e.g. the date, for a list whose items
    close at midnight): for what every member sees alike and only such a save changes (the site
    settings, the dashboard's 通知公告). The version is read before compute() runs, so a value
    computed from rows a commit has since replaced is kept under the old version and never
    served after it."""
    version = request_version(request)
    hit = _kept.get(name)
    if hit is not None and hit[0] == version and hit[1] == key:
        return hit[2]
    value = compute()
    _kept[name] = (version, key, value)
    return value


# What kept_each() holds in this process: name -> (version, OrderedDict key -> value).
_kept_each: dict = {}
KEPT_EACH = 1000  # values per name: a flood of made-up addresses only pushes the oldest out


def kept_each(request, name: str, key, compute, keep=None):
    """kept(), for a value of which there is one per key (a page's route, its listing's page
    number), the last KEPT_EACH of them. A value of None (no such page), or one `keep(value)`
    refuses, is returned but never kept."""
    version = request_version(request)
    held = _kept_each.get(name)
    if held is None or held[0] != version:
        held = _kept_each[name] = (version, OrderedDict())
    values = held[1]
    if key in values:
        return values[key]
    value = compute()
    if value is not None and (keep is None or keep(value)):
        values[key] = value
        while len(values) > KEPT_EACH:
            values.popitem(last=False)
    return value


def _route_kept(route) -> bool:
    """The page itself is kept with its route, and what it read of other rows with it (an
    activity's seats, through its ledger): only a page type that shows nothing a save without a
    new version changes (`page_cache = False` says it does)."""
    return getattr(route[0], "page_cache", True)


def _route(site, request, path: str):
    """Wagtail's own routing (Page.route_for_request), with the page's view restrictions read
    once: they change only with a save that gives a new version (PageViewRestriction, a move)."""
    try:
        route = site.root_page.localized.specific.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None
    page = route[0]
    if hasattr(page, "keep_view_restrictions"):  # portal.pages.PortalPage
        page.keep_view_restrictions(list(page.get_view_restrictions()))
    return route


class KeptSiteMiddleware:
    """Wagtail looks up the request's Site (a query, and its home page another) and the sites'
    root paths (a cache read) for every page it serves, then routes the path to its page (a query
    and the page's specific row per level) and reads the page's view restrictions (two). All of
    these change only with a save that gives the page cache a new version (a Site, a page, a
    restriction, a publish, a move), so each process keeps the last ones under that version: the
    Site for the host and port it was found for, the route for the site and path. Only for
    Wagtail's page view: other views need none of it, and would pay the version's read. Wagtail
    reads them from the request (`_wagtail_site`, `_wagtail_cached_site_root_paths`,
    `_wagtail_route_for_request`) when they are set; the view-restriction check itself (who may
    see a private page) still runs on every request."""

    def __init__(self, get_response):
        # Imported here, once: this module is imported while the apps load, before Wagtail's models.
        from wagtail import views
        from wagtail.models import Site

        self.get_response = get_response
        self.wagtail_serve = views.serve
        self.site_model = Site

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not self.wagtail_serve:
            return None
        Site = self.site_model
        try:
            # The host as Wagtail's own lookup reads it (before ALLOWED_HOSTS, which comes later).
            asked = (split_domain_port(request._get_raw_host())[0], request.get_port())
            site = kept(request, "wagtail-site", lambda: Site.find_for_request(request), key=asked)
            root_paths = kept(request, "wagtail-site-root-paths", Site.get_site_root_paths)
        except Exception as error:  # the cache or the database down: Wagtail looks them up itself
            logger.debug("kept site skipped: %s", error)
        else:
            request._wagtail_site = site
            request._wagtail_cached_site_root_paths = root_paths
            if site is not None:
                # wagtail_serve's pattern passes the path positionally; a project's own may name it.
                path = view_kwargs["path"] if "path" in view_kwargs else (view_args[0] if view_args else "")
                route = kept_each(
                    request, "wagtail-route", (site.pk, path), lambda: _route(site, request, path), keep=_route_kept
                )
                if route is not None:  # no such page: Wagtail routes again and answers 404
                    request._wagtail_route_for_request = route
        return None


def _new_version() -> None:
    cache.replace_version(VERSION_KEY)


def invalidate(**kwargs) -> None:
    """Every kept page is stale from now (connected to the signals below)."""
    _new_version()
    transaction.on_commit(_new_version)


def invalidate_on(*models) -> None:
    for model in models:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")


def connect_signals() -> None:
    """Called once from PortalConfig.ready(), when every model is loaded."""
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache-moved")
    settings_models = [m for m in apps.get_models() if issubclass(m, (BaseGenericSetting, BaseSiteSetting))]
    invalidate_on(
        Page,
        *get_page_models(),
        Site,
        PageViewRestriction,
        *settings_models,
        get_image_model(),
        get_document_model(),
    )


def mark_page(request, page) -> None:
    """The Wagtail page a request serves (before_serve_page): kept unless its type opts out."""
    if getattr(page, "page_cache", True):
        request._page_cache_page = page


def for_visitors(view):
    """Marks a view whose GET answer is the same for every anonymous visitor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request._page_cache_view = True
        return view(request, *args, **kwargs)

    return wrapped


_FILE_PREFIXES = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix and prefix != "/")


def _may_serve(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES  # a message waiting to be shown
        and not request.path_info.startswith(settings.ADMIN_URL_PREFIXES)
        # WhiteNoise's files, after this middleware: not pages, and never worth the version's read.
        and not request.path_info.startswith(_FILE_PREFIXES)
        # Wagtail's preview runs a made-up request for the page's own address through the
        # middleware: it must render the draft, never get the live copy.
        and not getattr(request, "is_dummy", False)
    )


def _cache_key(request) -> str:
    # get_host() has already passed ALLOWED_HOSTS in CommonMiddleware; here it may not have yet.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _may_keep(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    page = getattr(request, "_page_cache_page", None)
    if page is None and not getattr(request, "_page_cache_view", False):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
        return False  # a CSRF token in the page, or a draft
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if says_not_kept(response) or get_max_age(response) == 0 or "*" in response.get("Vary", ""):
        return False
    # A private page never answers an anonymous visitor 200 but with its password form (which has a
    # CSRF token); a miss can afford the one query that makes sure.
    return page is None or not len(page.get_view_restrictions())


def says_not_kept(response) -> bool:
    """The view said so itself: Cache-Control private, no-store or no-cache (never_cache)."""
    directives = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return bool(directives & NOT_KEPT)


def entry_of(response, version, hit_header: str) -> tuple:
    """What is kept of a response: (version, status, headers, content)."""
    headers = [(name, value) for name, value in response.items() if name != hit_header]
    return (version, response.status_code, headers, response.content)


def response_from(entry, hit_header: str) -> HttpResponse:
    """A kept entry (entry_of) as the response to serve, marked with `hit_header: hit`."""
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[hit_header] = "hit"
    return response


LOOKED_UP = "portal.pagecache.looked_up"


def look_up(request, seconds: int):
    """(key, version, entry) for a request _may_serve() allows: entry is a kept (version, status,
    headers, content) under the current version, PASS, or None. The version is read here, before
    any view renders: a change committed meanwhile makes what the view renders stale."""
    looked_up = request.META.get(LOOKED_UP)
    if looked_up is not None:  # by PageCacheApplication, for this very request
        request._page_cache_version = looked_up[1]  # for the kept Site and lists, too
        return looked_up
    key = _cache_key(request)
    version = request_version(request)
    entry = _local.get(key, version)
    if entry is None:
        entry = pages_cache().get(key)
        if entry == PASS or (entry is not None and entry[0] == version):
            _local.set(key, version, entry, seconds)
        else:
            entry = None  # none, or one kept under an older version
    return key, version, entry


class PageCacheMiddleware:
    """The first middleware: a hit skips all the others, and a kept response carries the headers
    they added (security headers, CSP, X-Frame-Options, Vary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _may_serve(request):
            return self.get_response(request)
        try:
            key, version, entry = look_up(request, seconds)
        except Exception as error:  # a bad Host, the database cache down: serve without
            logger.debug("page cache skipped: %s", error)
            return self.get_response(request)
        if entry == PASS:
            return self.get_response(request)
        if entry is not None:
            return response_from(entry, HIT_HEADER)
        response = self.get_response(request)
        if _may_keep(request, response):
            value = entry_of(response, version, HIT_HEADER)
        elif request.method == "GET" and response.status_code == 200:
            # A page that is never kept (/verify/ with its form): the next request skips the view's
            # keep checks and, from this worker's memory, the shared cache's read.
            value = PASS
        else:
            return response
        _local.set(key, version, value, seconds)
        try:
            pages_cache().set(key, value, seconds)
        except Exception as error:
            logger.debug("page not kept: %s", error)
        return response


class PageCacheApplication:
    """In front of Django's WSGI handler (portal.wsgi): a kept page is answered here, without the
    handler's request signals (each closes old database connections), its URL resolver set-up and
    the response object, which took a quarter of a hit's time. The same checks and the same key as
    PageCacheMiddleware, which still keeps the pages and answers what comes in another way (the
    test client, ASGI); a miss hands it what was looked up, so the version is read once."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if seconds and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                request = WSGIRequest(environ)
                if _may_serve(request):
                    environ[LOOKED_UP] = looked_up = look_up(request, seconds)
                    entry = looked_up[2]
                    if entry is not None and entry != PASS:
                        _, status, headers, content = entry
                        start_response(f"{status} {responses[status]}", [*headers, (HIT_HEADER, "hit")])
                        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else content]
            except Exception as error:  # a bad Host, the cache down: Django answers, as it would
                environ.pop(LOOKED_UP, None)
                logger.debug("page cache skipped: %s", error)
        return self.application(environ, start_response)
