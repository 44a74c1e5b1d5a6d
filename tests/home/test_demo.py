import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, Site

from home.demo import create_page_tree
from home.models import HomePage, PortalSettings, StandardPage
from notices.models import NewsIndexPage, NewsPage, NoticeIndexPage, NoticePage

pytestmark = pytest.mark.django_db


def test_create_page_tree_is_idempotent():
    create_page_tree()

    def counts():
        models = (Page, Revision, Site, PortalSettings, get_document_model())
        return [model.objects.count() for model in models]

    before = counts()
    home = create_page_tree()

    assert counts() == before
    assert HomePage.objects.count() == 1
    assert Site.objects.get().root_page.specific == home


def test_create_page_tree_makes_the_home_page_the_site_root():
    home = create_page_tree()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert home.title == "广州市律师协会"
    assert home.depth == 2
    assert home.live


def test_create_page_tree_removes_the_wagtail_welcome_page():
    create_page_tree()

    plain_pages = Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page))
    assert not plain_pages.exists()
    assert not Page.objects.filter(title__startswith="Welcome").exists()


def test_create_page_tree_creates_sections_and_articles():
    home = create_page_tree()

    children = {page.slug: page.specific for page in home.get_children().live()}
    assert isinstance(children["news"], NewsIndexPage)
    assert isinstance(children["notices"], NoticeIndexPage)
    assert {"about", "faq", "hotline"} <= {slug for slug, page in children.items() if isinstance(page, StandardPage)}
    assert 3 <= NewsPage.objects.live().child_of(children["news"]).count() <= 4
    assert 4 <= NoticePage.objects.live().child_of(children["notices"]).count() <= 5
    assert all(page.date.year == 2026 for page in NoticePage.objects.all())


def test_create_page_tree_puts_menu_sections_in_the_menu():
    home = create_page_tree()

    in_menu = list(home.get_children().live().in_menu().values_list("title", flat=True))
    assert in_menu == ["新闻动态", "通知公告", "关于协会", "常见问题"]


def test_create_page_tree_faq_has_questions_from_both_manuals():
    create_page_tree()

    faq = StandardPage.objects.get(slug="faq")
    questions = [block.value["question"] for block in faq.body if block.block_type == "faq"]
    assert any("审核通过" in q for q in questions)  # manual 001
    assert any("撤回" in q for q in questions)
    assert any("邮箱" in q for q in questions)
    assert any("无法登录" in q for q in questions)  # manual 002
    assert any("转所" in q for q in questions)
    assert any("姓名" in q for q in questions)
    assert any("忘记" in q for q in questions)


def test_create_page_tree_does_not_list_the_vendors_phone_numbers():
    create_page_tree()

    for slug in ("faq", "hotline"):
        text = str(StandardPage.objects.get(slug=slug).body)
        assert "400-" not in text
        assert "同道" not in text


def test_create_page_tree_saves_the_portal_settings():
    create_page_tree()

    settings = PortalSettings.objects.get()
    assert settings.association_name == "广州市律师协会"
    assert settings.hotline
