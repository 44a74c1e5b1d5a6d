import pytest

from home.demo import create_page_tree
from home.models import PortalSettings
from tests.home.pages import make_standard

pytestmark = pytest.mark.django_db


def test_standard_page_renders_intro_and_body(client, home):
    page = make_standard(
        home,
        "关于协会",
        "about",
        intro="广州市律师协会是律师的自律性组织。",
        body=[{"type": "paragraph", "value": "<p>协会依法对律师行业实施行业管理。</p>"}],
    )

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>关于协会</h1>" in html
    assert "广州市律师协会是律师的自律性组织。" in html
    assert "协会依法对律师行业实施行业管理。" in html


def test_faq_blocks_render_as_questions_and_answers(client, home):
    page = make_standard(
        home,
        "常见问题",
        "faq",
        body=[
            {"type": "faq", "value": {"question": "忘记登录密码怎么办？", "answer": "<p>点击“忘记密码？”找回。</p>"}}
        ],
    )

    html = client.get(page.url).content.decode()

    assert '<summary class="faq__question">忘记登录密码怎么办？</summary>' in html
    assert "点击“忘记密码？”找回。" in html


def test_hotline_page_shows_the_associations_hotline(client):
    create_page_tree()
    settings = PortalSettings.load()

    html = client.get("/hotline/").content.decode()

    assert settings.hotline in html
    assert '<span class="time-range">上午9:00-11:30</span>' in html
    assert "400-" not in html
