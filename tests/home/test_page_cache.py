"""Anonymous visitors get a kept copy of a public page (portal.pagecache); a member never does, a
page with a CSRF form or a private page is never kept, and staff's publish, unpublish or settings
change shows on the very next request."""

import datetime
from unittest import mock

import pytest
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import path, reverse
from wagtail.models import PageViewRestriction

from activities.models import ActivityIndexPage
from home.models import PortalSettings
from notices.models import NewsPage
from portal import pagecache
from portal.pagecache import HIT_HEADER, for_visitors
from tests.activities.helpers import make_activity
from tests.conftest import MEMBER_BACKEND
from tests.factories import StaffUserFactory
from tests.home.pages import make_article, make_standard

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


@for_visitors
def form_view(request):
    return HttpResponse(Template('<form method="post">{% csrf_token %}</form>').render(RequestContext(request)))


@for_visitors
def plain_view(request):
    return HttpResponse("<p>没有表单</p>")


urlpatterns = [path("with-form/", form_view), path("without-form/", plain_view)]


@pytest.fixture(autouse=True)
def site_settings():
    """Saved before the first visit: a first request that creates them is a change, and its copy
    is stale at once."""
    return PortalSettings.load()


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffUserFactory(superuser=True))
    return client


def test_a_visitor_gets_the_kept_page_without_a_query(client, home, django_assert_num_queries):
    first = client.get("/")

    with django_assert_num_queries(0):
        again = client.get("/")

    assert HIT_HEADER not in first
    assert again[HIT_HEADER] == "hit"
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_the_kept_page_carries_the_security_headers_the_rendered_one_had(client, home):
    """The page cache is the first middleware: a hit passes none of the others, so the headers
    they set come from the copy."""
    first = client.get("/")
    again = client.get("/")

    assert again[HIT_HEADER] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert again[header] == first[header], header


def test_a_static_file_is_served_without_reading_the_page_caches_version(client, home, settings):
    """WhiteNoise answers it, after the page cache; from the source folders here (the suite has
    no collected files), read when the client's middleware loads."""
    settings.WHITENOISE_USE_FINDERS = True
    with mock.patch.object(pagecache, "request_version", wraps=pagecache.request_version) as version:
        response = client.get("/static/css/member.css")
        response.close()  # the file WhiteNoise opened
        assert response.status_code == 200
        assert not version.called

        client.get("/")
        assert version.called


def test_a_head_request_is_answered_from_the_copy_and_does_not_stop_it_being_kept(client, home):
    client.head("/")  # a monitor asking before any visitor
    client.get("/")

    assert client.get("/")[HIT_HEADER] == "hit"
    assert client.head("/")[HIT_HEADER] == "hit"


def test_a_logged_in_member_always_gets_the_page_rendered_for_them(client, home, lawyer_user):
    client.get("/")  # the visitors' copy
    client.force_login(lawyer_user, backend=MEMBER_BACKEND)

    response = client.get("/")
    client.get("/")

    assert HIT_HEADER not in response
    assert ">会员中心</a>" in response.content.decode()
    client.logout()
    assert ">会员中心</a>" not in client.get("/").content.decode()  # nor was the member's copy kept


def test_a_page_with_a_csrf_form_is_never_kept(client, settings):
    settings.ROOT_URLCONF = __name__

    client.get("/with-form/")
    with_form = client.get("/with-form/")
    client.get("/without-form/")
    without_form = client.get("/without-form/")

    assert HIT_HEADER not in with_form
    assert "csrfmiddlewaretoken" in with_form.content.decode()
    assert without_form[HIT_HEADER] == "hit"


def test_the_verify_and_login_pages_are_never_kept(client, home):
    for url in ("/verify/", reverse("member_center:login")):
        client.get(url)
        assert HIT_HEADER not in client.get(url), url


def test_publishing_a_news_page_shows_it_to_the_next_visitor(client, news_index, staff_client,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    draft = news_index.add_child(instance=NewsPage(title="律师协会召开年度大会", slug="annual", date=DAY, live=False))
    draft.save_revision()
    client.get("/news/")
    assert client.get("/news/")[HIT_HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}")

    listing = client.get("/news/")
    assert HIT_HEADER not in listing
    assert "律师协会召开年度大会" in listing.content.decode()
    assert client.get("/news/annual/").status_code == 200


def test_unpublishing_a_news_page_answers_404_at_once(client, news_index, staff_client,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    page = make_article(news_index, "青年律师论坛举行", DAY, "forum")
    client.get(page.url)
    assert client.get(page.url)[HIT_HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))

    assert client.get(page.url).status_code == 404
    assert "青年律师论坛举行" not in client.get("/news/").content.decode()


def test_a_private_page_is_never_kept(client, home):
    page = make_standard(home, "内部通讯", "internal", intro="仅供内部阅读")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")

    client.get("/internal/")
    response = client.get("/internal/")

    assert HIT_HEADER not in response
    assert "仅供内部阅读" not in response.content.decode()


def test_a_page_made_private_is_no_longer_served_from_the_copy(client, home):
    page = make_standard(home, "内部通讯", "internal", intro="仅供内部阅读")
    client.get("/internal/")

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/internal/").status_code == 302


def test_an_activity_page_is_never_kept_its_seats_left_change_without_a_publish(client, home):
    home.add_child(instance=ActivityIndexPage(title="活动", slug="activities"))
    activity = make_activity()

    client.get(activity.url)
    response = client.get(activity.url)

    assert response.status_code == 200
    assert "还剩100个名额" in response.content.decode()
    assert HIT_HEADER not in response


def test_a_preview_shows_the_draft_not_the_kept_page(client, news_index):
    page = make_article(news_index, "原来的标题", DAY, "story")
    client.get(page.url)

    page.title = "预览中的新标题"
    preview = page.make_preview_request()

    assert "预览中的新标题" in preview.content.decode()
    live = client.get("/news/story/")
    assert live[HIT_HEADER] == "hit"
    assert "预览中的新标题" not in live.content.decode()


def test_the_query_string_keeps_entries_apart(client, news_index):
    make_article(news_index, "甲律师事务所乔迁", DAY, "move")
    make_article(news_index, "乙律师事务所成立", DAY, "new-firm")
    client.get("/search/?q=甲律师")

    first = client.get("/search/?q=甲律师")
    other = client.get("/search/?q=乙律师")

    assert first[HIT_HEADER] == "hit"
    assert HIT_HEADER not in other
    assert "乙律师事务所成立" in other.content.decode()
    assert "甲律师事务所乔迁" not in other.content.decode()


def test_changing_the_site_settings_shows_at_once(client, home, site_settings):
    client.get("/")
    site_settings.hotline = "020-12345678"
    site_settings.save()

    assert "020-12345678" in client.get("/").content.decode()


def test_a_change_is_saved_even_when_the_cache_cannot_be_written(db, monkeypatch):
    """A database cache without its table (createcachetable not run) must not stop a save."""
    from django.core.cache import caches

    from portal import pagecache

    def broken(*args, **kwargs):
        raise RuntimeError("no such table: portal_cache")

    monkeypatch.setattr(caches["default"], "set", broken)

    pagecache.invalidate()  # a save's signal: logged, not raised
