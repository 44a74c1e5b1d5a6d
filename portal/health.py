"""`/healthz` for the load balancer and monitoring: the database, the cache, the job broker and
the worker's heartbeat (a one-minute django-q2 schedule). 200 when all answer, 503 otherwise,
with a JSON body saying which part failed. It reveals no data and needs no login."""

import datetime

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

HEARTBEAT_STALE = datetime.timedelta(minutes=5)


def heartbeat() -> str:
    """The scheduled job: its stored success is the heartbeat."""
    return timezone.now().isoformat()


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        # The fail-soft cache hides an outage from pages; here it must show.
        cache._cache.get_client(write=False).ping()
    else:
        cache.get("portal-health")
    return "ok"


def _broker() -> str:
    from django_q.brokers import get_broker

    if not get_broker().ping():
        raise ConnectionError("broker did not answer")
    return "ok"


def _worker() -> str:
    from django_q.models import Success

    from .reconcile import HEARTBEAT_TASK

    last = Success.objects.filter(func=HEARTBEAT_TASK).order_by("-stopped").values_list("stopped", flat=True).first()
    if last is None:
        raise LookupError("no heartbeat yet")
    age = timezone.now() - last
    if age > HEARTBEAT_STALE:
        raise TimeoutError(f"last heartbeat {int(age.total_seconds())} s ago")
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "worker": _worker}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # a health check reports, it never raises
            results[name] = f"error: {type(error).__name__}: {error}"[:200]
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
