"""The public site's small things: service hours that never break inside a time range, the 404
page, and the demo 常见问题 with FAQ 5, 6 and 8 of manual 002."""

import pytest

from home.demo import create_page_tree
from home.models import StandardPage
from home.templatetags.home_tags import time_ranges

pytestmark = pytest.mark.django_db


def test_each_time_range_of_the_service_hours_is_kept_on_one_line():
    html = time_ranges("工作日上午9:00-11:30 下午13:30至17:30")

    assert html == (
        '工作日<span class="time-range">上午9:00-11:30</span> <span class="time-range">下午13:30至17:30</span>'
    )


def test_the_service_hours_are_escaped():
    assert time_ranges("<b>9:00-17:00</b>") == '&lt;b&gt;<span class="time-range">9:00-17:00</span>&lt;/b&gt;'


def test_the_404_page_offers_the_way_back(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    for href in ('href="/"', 'href="/member/"', 'href="/verify/"', 'href="/faq/"'):
        assert href in html


def test_the_demo_faq_answers_manual_002_questions_5_6_and_8():
    create_page_tree()
    faq = StandardPage.objects.get(slug="faq")

    questions = [block.value["question"] for block in faq.body if block.block_type == "faq"]

    assert "基本信息全部填写，但始终显示“待填写”的红色提醒。" in questions
    assert any(question.startswith("在填写邮编、电话、QQ 等信息时") for question in questions)
    assert "技术支持联系方式" in questions
    answers = " ".join(str(block.value["answer"]) for block in faq.body if block.block_type == "faq")
    assert "回到“信息补全”并刷新页面" in answers
    assert "用半角字符输入" in answers
