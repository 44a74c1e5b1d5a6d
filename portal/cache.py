"""A Redis cache that degrades instead of failing: with Redis unreachable, reads miss and writes
are dropped, so pages serve without cache. Rate limits use their own cache (not this one) and
refuse with 503 where they guard a secret (portal.http.rate_limited)."""

import logging
import secrets
import time

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_last_warning = 0.0


def _warn(error: Exception) -> None:
    global _last_warning
    if time.monotonic() - _last_warning > 60:  # one line a minute, not one per request
        _last_warning = time.monotonic()
        logger.warning("cache unavailable, serving without it: %s", error)


class ReusedRedisClient(RedisCacheClient):
    """Django makes a new redis.Redis for every cache call, and each builds its table of ~80
    response callbacks: a third of a millisecond per call, several calls per page. One client
    per connection pool serves them all (redis.Redis is thread-safe; the pool hands out the
    connections)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient

    def _soft(name, default=None):
        def method(self, *args, **kwargs):
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _warn(error)
                return default() if callable(default) else default

        method.__name__ = name
        return method

    set = _soft("set")
    add = _soft("add", False)
    delete = _soft("delete", False)
    touch = _soft("touch", False)
    has_key = _soft("has_key", False)
    get_many = _soft("get_many", dict)
    set_many = _soft("set_many", list)
    delete_many = _soft("delete_many")
    clear = _soft("clear", False)
    del _soft

    def get(self, key, default=None, version=None):  # the default must be the caller's
        try:
            return RedisCache.get(self, key, default, version)
        except (RedisError, OSError) as error:
            _warn(error)
            return default

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.set(key, value, timeout, version)
        return value


# Versions in the default cache (portal.pagecache's, portal.writes'): a random token that every
# process reads and any process replaces, so whatever was kept under the old one is stale on
# every worker and node at once.


def current_version(key: str) -> str:
    cache = caches["default"]
    version = cache.get(key)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(key, version, None):  # another process made one first
            version = cache.get(key) or version
    return version


def replace_version(key: str) -> None:
    """A new random value, not an increment: two changes can never leave the same version. Never
    raising: a cache down (or, with the database cache, no cache table yet) must not break the
    save or write it follows. With the database cache, in a savepoint of its own."""
    cache = caches["default"]
    try:
        if isinstance(cache, DatabaseCache):
            with transaction.atomic():
                cache.set(key, secrets.token_hex(8), None)
        else:
            cache.set(key, secrets.token_hex(8), None)
    except Exception:
        logger.warning("cache: the version %s could not be replaced", key, exc_info=True)
