"""Faults degrade, never 500: a cache outage serves pages without cache, a rate-limit store that
cannot answer refuses with 503 where it guards a secret, a database that went away gives the
Chinese 503 page; `/healthz` says which part is down."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django_q.tasks import async_task

from portal.reconcile import HEARTBEAT_TASK

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/1"  # nothing listens on port 1


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": UNREACHABLE_REDIS},
    }


@pytest.fixture
def rate_limit_store_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE_REDIS},
    }


@pytest.mark.parametrize("url", ["/", "/member/login/", "/verify/"])
def test_with_the_cache_down_pages_still_serve(client, cache_down, url):
    assert client.get(url).status_code == 200


def test_the_fail_soft_cache_misses_and_drops_writes(cache_down):
    from django.core.cache import cache

    cache.set("key", "value")
    assert cache.get("key", "default") == "default"
    assert cache.get_or_set("key", lambda: 42) == 42
    assert cache.add("key", 1) is False


def test_verify_refuses_with_503_when_its_rate_limit_cannot_count(client, rate_limit_store_down):
    response = client.get("/verify/", {"number": "2601010001", "code": "ABCDEF"})
    assert response.status_code == 503
    assert "查询服务暂时不可用" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_a_member_card_check_refuses_with_503_too(client, rate_limit_store_down):
    response = client.get("/verify/member/some-token/")
    assert response.status_code == 503


def test_the_database_gone_mid_request_gives_the_chinese_503_page(client):
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("gone")):
        response = client.get("/verify/", {"number": "2601010001", "code": "ABCDEF"})
    assert response.status_code == 503
    assert "无法访问数据库" in response.content.decode()


def test_a_bad_query_is_not_mistaken_for_a_database_outage():
    from portal.middleware import ServiceUnavailableMiddleware

    # The database answers: an OperationalError is a bug to see as a 500, not a 503 to hide.
    assert ServiceUnavailableMiddleware(lambda r: None).process_exception(None, OperationalError("x")) is None


# --- /healthz ------------------------------------------------------------------------------------


def test_health_is_ok_when_everything_answers(client):
    async_task(HEARTBEAT_TASK)  # the tests run jobs at once: this is a worker's heartbeat
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_reports_a_worker_that_never_beat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"].startswith("error")
    assert response.json()["database"] == "ok"


def test_health_reports_the_cache_down(client, cache_down):
    async_task(HEARTBEAT_TASK)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")
