import datetime

import pytest

from tests.home.pages import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_notices(notice_index):
    return [
        make_article(notice_index, f"第{n}号通知", datetime.date(2026, 1, n), f"notice-{n}", summary=f"摘要{n}")
        for n in range(1, 13)
    ]


def titles_on(html, pages):
    return {page.title for page in pages if f">{page.title}</a>" in html}


def test_notice_index_first_page_shows_the_ten_newest(client, twelve_notices):
    response = client.get("/notices/")

    assert response.status_code == 200
    assert titles_on(response.content.decode(), twelve_notices) == {f"第{n}号通知" for n in range(3, 13)}


def test_notice_index_second_page_shows_the_rest(client, twelve_notices):
    response = client.get("/notices/", {"page": 2})

    assert response.status_code == 200
    assert titles_on(response.content.decode(), twelve_notices) == {"第1号通知", "第2号通知"}


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", ""])
def test_notice_index_survives_bad_page_numbers(client, twelve_notices, page):
    response = client.get("/notices/", {"page": page})

    assert response.status_code == 200


def test_notice_index_out_of_range_page_shows_the_last_page(client, twelve_notices):
    html = client.get("/notices/", {"page": 999}).content.decode()

    assert titles_on(html, twelve_notices) == {"第1号通知", "第2号通知"}


def test_notice_index_has_previous_next_and_page_links(client, twelve_notices):
    first = client.get("/notices/").content.decode()
    second = client.get("/notices/", {"page": 2}).content.decode()

    assert 'href="?page=2"' in first
    assert "下一页" in first
    assert 'aria-current="page">1<' in first
    assert 'href="?page=1"' in second
    assert "上一页" in second


def test_short_list_has_no_pagination(client, notice_index):
    make_article(notice_index, "唯一的通知", datetime.date(2026, 1, 1), "only")

    html = client.get("/notices/").content.decode()

    assert "唯一的通知" in html
    assert 'class="pagination"' not in html


def test_news_index_shows_title_date_and_summary(client, news_index):
    make_article(
        news_index,
        "市律协召开青年律师发展座谈会",
        datetime.date(2026, 6, 18),
        "forum",
        summary="听取青年律师的意见和建议。",
    )

    html = client.get("/news/").content.decode()

    assert "市律协召开青年律师发展座谈会" in html
    assert "2026年06月18日" in html
    assert "听取青年律师的意见和建议。" in html


def test_index_leaves_out_unpublished_articles(client, notice_index):
    make_article(notice_index, "草稿通知", datetime.date(2026, 1, 1), "draft", live=False)

    html = client.get("/notices/").content.decode()

    assert "草稿通知" not in html
    assert "暂无通知公告" in html
