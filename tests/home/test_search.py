import datetime

import pytest

from tests.home.pages import make_article, make_notice_index, make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(home):
    return make_notice_index(home)


def test_search_finds_a_notice_by_a_chinese_word_in_its_title(client, notices):
    make_article(notices, "关于电子证明系统正式上线的通知", datetime.date(2026, 2, 2), "ecert")

    html = client.get("/search/", {"q": "电子证明"}).content.decode()

    assert "关于电子证明系统正式上线的通知" in html


def test_search_finds_a_notice_by_a_word_of_its_title(client, notices):
    make_article(notices, "2025年度 律师执业 年度考核工作安排", datetime.date(2026, 3, 2), "assessment")

    response = client.get("/search/", {"q": "年度考核工作安排"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "2025年度 律师执业 年度考核工作安排" in html
    assert 'href="/notices/assessment/"' in html
    assert "通知公告" in html  # the result's type
    assert "2026年03月02日" in html


def test_search_shows_not_found_for_nonsense(client, notices):
    make_article(notices, "关于办理律师会员卡的通知", datetime.date(2026, 5, 6), "card")

    response = client.get("/search/", {"q": "xyzzy不存在的词"})

    assert response.status_code == 200
    assert "未找到" in response.content.decode()


def test_search_without_query_asks_for_a_keyword(client, home):
    html = client.get("/search/").content.decode()

    assert "请输入关键词" in html
    assert "未找到" not in html


def test_search_labels_standard_pages(client, home):
    make_standard(home, "常见问题", "faq", intro="会员服务 常见问题解答")

    html = client.get("/search/", {"q": "常见问题解答"}).content.decode()

    assert 'href="/faq/"' in html
    assert ">页面<" in html


def test_search_results_are_paginated_keeping_the_query(client, notices):
    for n in range(12):
        make_article(notices, f"培训 通知{n:02d}", datetime.date(2026, 1, n + 1), f"training-{n}")

    first = client.get("/search/", {"q": "培训"}).content.decode()
    second = client.get("/search/", {"q": "培训", "page": 2}).content.decode()

    assert first.count('class="search-results__item"') == 10
    assert second.count('class="search-results__item"') == 2
    assert "?q=%E5%9F%B9%E8%AE%AD&amp;page=2" in first
    assert "上一页" in second
