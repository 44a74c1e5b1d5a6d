"""portal.wsgi answers a kept public page before Django's handler (portal.pagecache's
PageCacheApplication): the same page, headers and rules as the middleware, with nothing of
Django run for it; a member, a bad host, a change and a miss still go to Django."""

from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from home.models import PortalSettings
from portal import cache, pagecache
from portal.pagecache import HIT_HEADER, PageCacheApplication

pytestmark = pytest.mark.django_db


class CountingHandler(WSGIHandler):
    """Django's own handler, counting what reaches it."""

    calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return super().__call__(environ, start_response)


@pytest.fixture(autouse=True)
def site_settings():
    return PortalSettings.load()  # saved before the first visit: creating them is a change


@pytest.fixture
def django_app():
    # As the test client does: the handler's signals would close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield CountingHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def application(django_app):
    return PageCacheApplication(django_app)


def call(application, path="/", method="GET", **headers):
    environ = RequestFactory().generic(method, path, headers=headers).environ
    answered = {}

    def start_response(status, response_headers, exc_info=None):
        answered["status"], answered["headers"] = status, dict(response_headers)

    body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body


def test_a_kept_page_is_answered_without_djangos_handler(application, django_app, home):
    _, headers, body = call(application)
    assert django_app.calls == 1

    again_status, again_headers, again_body = call(application)

    assert django_app.calls == 1
    assert (again_status, again_headers[HIT_HEADER]) == ("200 OK", "hit")
    assert again_body == body
    assert "广州市律师协会" in again_body.decode()
    assert HIT_HEADER not in headers


def test_the_answer_carries_the_headers_the_rendered_page_had(application, home):
    _, rendered, _ = call(application)
    _, kept, _ = call(application)

    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert kept[header] == rendered[header], header


def test_a_head_gets_the_headers_without_the_body(application, django_app, home):
    _, _, body = call(application)

    status, headers, head_body = call(application, method="HEAD")

    assert (status, headers[HIT_HEADER], head_body) == ("200 OK", "hit", b"")
    assert headers["Content-Length"] == str(len(body))
    assert django_app.calls == 1


def test_a_member_with_a_session_goes_to_django_every_time(application, django_app, home):
    call(application)

    for _ in range(2):
        _, headers, _ = call(application, Cookie="sessionid=abc")
        assert HIT_HEADER not in headers
    assert django_app.calls == 3


def test_a_host_that_is_not_allowed_gets_djangos_400(application, django_app, home, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call(application)

    status, _, _ = call(application, Host="evil.example")

    assert status.startswith("400")
    assert django_app.calls == 2


def test_a_publish_shows_on_the_next_request(application, django_app, home, django_capture_on_commit_callbacks):
    call(application)
    with django_capture_on_commit_callbacks(execute=True):
        home.banner_title = "会员服务平台（新版）"
        home.save_revision().publish()

    _, headers, body = call(application)

    assert HIT_HEADER not in headers
    assert django_app.calls == 2
    assert "会员服务平台（新版）" in body.decode()


def test_a_miss_reads_the_version_once_for_both_layers(application, home):
    with mock.patch.object(pagecache.cache, "current_version", wraps=cache.current_version) as read:
        call(application)

    assert read.call_count == 1


def test_a_miss_is_kept_for_the_next_visitor(application, django_app, home):
    call(application, "/")
    django_app.calls = 0

    _, headers, _ = call(application, "/")
    _, other, _ = call(application, "/?page=2")

    assert headers[HIT_HEADER] == "hit"
    assert HIT_HEADER not in other  # another address, another copy
    assert django_app.calls == 1


def test_portal_wsgi_serves_through_the_page_cache():
    from portal import wsgi

    assert isinstance(wsgi.application, PageCacheApplication)
    assert wsgi.application.application is wsgi.django_application
