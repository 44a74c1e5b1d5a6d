import datetime

import pytest

from tests.home.pages import make_article, make_document

pytestmark = pytest.mark.django_db


def test_news_page_shows_its_attachments(client, news_index):
    document = make_document("培训报名回执表", "receipt.pdf")
    page = make_article(
        news_index,
        "市律协举办新执业律师培训班",
        datetime.date(2026, 3, 20),
        "training",
        attachments=[{"type": "document", "value": document.pk}],
    )

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "附件" in html
    assert f'<a href="{document.url}">培训报名回执表</a>' in html
    assert "PDF" in html


def test_news_page_without_attachments_has_no_attachment_section(client, news_index):
    page = make_article(news_index, "市律协召开座谈会", datetime.date(2026, 6, 18), "forum")

    html = client.get(page.url).content.decode()

    assert 'class="attachments"' not in html


def test_notice_page_shows_title_date_and_body(client, notice_index):
    page = make_article(
        notice_index,
        "关于办理律师会员卡的通知",
        datetime.date(2026, 5, 6),
        "card",
        body=[
            {"type": "heading", "value": "一、办理方式"},
            {"type": "paragraph", "value": "<p>登录会员中心提交首次申请。</p>"},
        ],
    )

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>关于办理律师会员卡的通知</h1>" in html
    assert "2026年05月06日" in html
    assert "一、办理方式" in html
    assert "登录会员中心提交首次申请。" in html


def test_notice_page_links_back_to_its_list(client, notice_index):
    page = make_article(notice_index, "关于年度考核的通知", datetime.date(2026, 3, 2), "assessment")

    html = client.get(page.url).content.decode()

    assert 'href="/notices/"' in html
