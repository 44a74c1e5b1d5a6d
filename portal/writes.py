"""The database's write version: a token in the default cache that changes after every committed
write, by any process on any node (portal.membercopies keeps a member's pages under it).

Every statement Django sends goes through `execute_wrappers`; an INSERT, UPDATE, DELETE or
TRUNCATE of a table other than the sessions and the database cache marks the connection, and the
version is replaced once the write is committed: at once in autocommit, after the outermost
transaction's commit otherwise (nothing when it rolls back). This sees every write the ORM,
bulk updates, raw SQL through Django and migrations make, where model signals miss bulk updates.
Replacing it after the commit is enough: a page that read the version before the commit is kept
under the old one, so never served after it.

With the database as the cache (no Redis), the version is itself a write, which must not run while
the statement that caused it is still in progress: an autocommit write's version then follows at
the end of its request, job or command instead.
"""

import re

from django.conf import settings
from django.db import transaction
from django.db.backends.signals import connection_created

from . import cache

WRITE_VERSION_KEY = "portal:writes:version"
WRITE = re.compile(
    r"\s*(?P<verb>INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(?:\s+TABLE)?)"
    r'\s+[`"\[]?(?P<table>\w+)',
    re.IGNORECASE,
)


def _ignored_tables() -> frozenset:
    # Writes that change nothing a page shows: a session's own data (a member's copies are keyed
    # by it), and the database cache's table, which the version itself is written to.
    tables = {"django_session"}
    for configured in settings.CACHES.values():
        if configured.get("BACKEND", "").endswith("db.DatabaseCache"):
            tables.add(configured["LOCATION"])
    return frozenset(tables)


def enabled() -> bool:
    return bool(getattr(settings, "MEMBER_PAGE_COPY_SECONDS", 0))


def current_version() -> str:
    return cache.current_version(WRITE_VERSION_KEY)


def new_version() -> None:
    cache.replace_version(WRITE_VERSION_KEY)


def _after_write(connection) -> None:
    if connection.in_atomic_block:
        if not any(func is new_version for _, func, _ in connection.run_on_commit):
            transaction.on_commit(new_version, using=connection.alias)
    elif _cache_in_database:
        connection.portal_write_pending = True  # see the module's last paragraph
    else:
        new_version()


def flush_pending(**kwargs) -> None:
    """The end of a request, a job or a command: the versions of its autocommit writes."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if getattr(connection, "portal_write_pending", False):
            connection.portal_write_pending = False
            new_version()


def _changed_rows(verb: str, cursor) -> bool:
    """An UPDATE or DELETE that matched no row (`filter(unread).update(read)` on a page already
    read) changed nothing, and replaces nothing. An INSERT always counts (SQLite counts the rows
    of an INSERT … RETURNING only once they are fetched), as do a TRUNCATE and a count the
    driver does not know (-1)."""
    if verb[:6].upper() not in ("UPDATE", "DELETE"):
        return True
    return getattr(cursor, "rowcount", -1) != 0


def _track_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if enabled():
        match = WRITE.match(sql) if isinstance(sql, str) else None
        if match and match["table"] not in _ignored and _changed_rows(match["verb"], context["cursor"]):
            _after_write(context["connection"])
    return result


_ignored: frozenset = frozenset()
_cache_in_database = False


def _install(sender, connection, **kwargs) -> None:
    if _track_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_track_writes)


def connect() -> None:
    """Called once from PortalConfig.ready()."""
    import atexit

    from django.core.signals import request_finished
    from django.db import connections
    from django_q.signals import post_execute_in_worker

    global _ignored, _cache_in_database
    _ignored = _ignored_tables()
    _cache_in_database = settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    connection_created.connect(_install, dispatch_uid="portal-writes-install")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
    if _cache_in_database:  # only then is a version ever left pending (_after_write)
        request_finished.connect(flush_pending, dispatch_uid="portal-writes-request")
        post_execute_in_worker.connect(flush_pending, dispatch_uid="portal-writes-job")
        atexit.register(flush_pending)
