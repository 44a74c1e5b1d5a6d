"""Wagtail's Site for a request, its home page and the sites' root paths (portal.pagecache.
KeptSiteMiddleware), and the home page's lists of news and notices, are kept per process: a public
page no longer looks them up, and a change to a site or its pages shows on the very next request."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from activities.models import ActivityIndexPage
from home.models import HomePage
from tests.activities.helpers import NOW, make_activity, sign
from tests.home.pages import make_article, make_standard

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every request renders (the anonymous page cache would answer before the view)."""
    settings.PAGE_CACHE_SECONDS = 0


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def test_a_public_page_looks_up_no_site_once_the_process_has_it(client, news_index):
    get(client, "/news/")

    _, queries = get(client, "/news/")

    assert not [sql for sql in queries if '"wagtailcore_site"' in sql]


def test_an_edited_home_page_shows_on_the_next_request(client, home):
    get(client, "/")

    home.banner_title = "会员服务平台（新版）"
    home.save_revision().publish()

    assert "会员服务平台（新版）" in get(client, "/")[0]


def test_a_site_given_another_home_page_serves_it_on_the_next_request(client, home):
    get(client, "/")
    other = home.get_parent().add_child(
        instance=HomePage(title="佛山市律师协会", slug="foshan", banner_title="佛山会员服务")
    )

    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()

    assert "佛山会员服务" in get(client, "/")[0]


def test_each_host_gets_its_own_site(client, home):
    other = home.get_parent().add_child(
        instance=HomePage(title="佛山市律师协会", slug="foshan", banner_title="佛山会员服务")
    )
    Site.objects.create(hostname="foshan.example.cn", port=80, root_page=other)

    for _ in range(2):  # one kept Site, asked for by turns
        assert "佛山会员服务" in get(client, "/", HTTP_HOST="foshan.example.cn")[0]
        assert "佛山会员服务" not in get(client, "/", HTTP_HOST="testserver")[0]


def test_links_follow_a_new_home_page_on_the_next_request(client, home):
    """The root paths turn a page's place in the tree into its address."""
    other = home.get_parent().add_child(instance=HomePage(title="佛山市律师协会", slug="foshan"))
    make_standard(other, "关于我们", "about", show_in_menus=True)
    get(client, "/")

    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()

    assert 'href="/about/"' in get(client, "/")[0]
    assert "关于我们" in get(client, "/about/")[0]


def test_the_home_pages_lists_are_read_once_per_process(client, home, news_index):
    make_article(news_index, "律协举办年度论坛", DAY, "forum")
    get(client, "/")

    _, queries = get(client, "/")

    assert not [sql for sql in queries if '"notices_newspage"' in sql or '"notices_noticepage"' in sql]


def test_a_newly_published_article_shows_on_the_next_home_page(client, home, news_index):
    make_article(news_index, "律协举办年度论坛", DAY, "forum")
    assert "律协举办年度论坛" in get(client, "/")[0]

    newer = make_article(news_index, "青年律师训练营开营", DAY, "camp")
    html = get(client, "/")[0]
    assert "青年律师训练营开营" in html
    assert 'href="/news/camp/"' in html

    newer.unpublish()
    assert "青年律师训练营开营" not in get(client, "/")[0]


# The route to a page and its view restrictions (portal.pagecache.KeptSiteMiddleware).


def test_a_news_page_and_its_index_are_routed_once_per_process(client, news_index):
    make_article(news_index, "律协举办年度论坛", DAY, "forum")
    for url in ("/news/", "/news/forum/"):
        get(client, url)

        _, queries = get(client, url)

        assert not [sql for sql in queries if '"wagtailcore_page"' in sql or "pageviewrestriction" in sql], url


def test_the_news_index_reads_its_listing_once_per_process(client, news_index):
    make_article(news_index, "律协举办年度论坛", DAY, "forum")
    get(client, "/news/")

    html, queries = get(client, "/news/")

    assert "律协举办年度论坛" in html
    assert not [sql for sql in queries if '"notices_newspage"' in sql]


def test_a_newly_published_article_shows_on_the_next_news_index(client, news_index):
    make_article(news_index, "律协举办年度论坛", DAY, "forum")
    get(client, "/news/")

    newer = make_article(news_index, "青年律师训练营开营", DAY, "camp")
    assert "青年律师训练营开营" in get(client, "/news/")[0]

    newer.unpublish()
    assert "青年律师训练营开营" not in get(client, "/news/")[0]


def test_an_unpublished_article_is_gone_on_the_next_request(client, news_index):
    article = make_article(news_index, "律协举办年度论坛", DAY, "forum")
    get(client, "/news/forum/")

    article.unpublish()

    assert client.get("/news/forum/").status_code == 404


def test_an_edited_article_shows_on_the_next_request(client, news_index):
    article = make_article(news_index, "律协举办年度论坛", DAY, "forum")
    get(client, "/news/forum/")

    article.title = "律协举办年度论坛（更正）"
    article.save_revision().publish()

    assert "律协举办年度论坛（更正）" in get(client, "/news/forum/")[0]


def test_an_address_with_no_page_is_not_kept_so_a_page_made_there_is_found(client, news_index):
    assert client.get("/news/forum/").status_code == 404

    make_article(news_index, "律协举办年度论坛", DAY, "forum")

    assert "律协举办年度论坛" in get(client, "/news/forum/")[0]


def test_a_page_made_private_asks_for_a_login_on_the_next_request(client, home):
    page = make_standard(home, "内部通讯", "internal", intro="仅供内部阅读")
    get(client, "/internal/")

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/internal/").status_code == 302


def test_a_private_pages_restriction_is_checked_for_every_visitor(home, lawyer_client):
    page = make_standard(home, "内部通讯", "internal", intro="仅供内部阅读")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "仅供内部阅读" in lawyer_client.get("/internal/").content.decode()  # kept for the member

    response = Client().get("/internal/")  # a visitor, not logged in

    assert response.status_code == 302
    assert "仅供内部阅读" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_activity_page_shows_the_seats_left_now_its_page_is_never_kept(client, home, lawyer):
    home.add_child(instance=ActivityIndexPage(title="活动", slug="activities"))
    activity = make_activity()
    assert "还剩100个名额" in get(client, activity.url)[0]

    sign(activity, lawyer)

    assert "还剩99个名额" in get(client, activity.url)[0]
