"""Small builders for the public site's pages in tests (faster than home.demo)."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from home.models import HomePage, StandardPage
from notices.models import NewsIndexPage, NewsPage, NoticeIndexPage, NoticePage


def make_home() -> HomePage:
    """A HomePage as the default Site's root."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="广州市律师协会", slug="portal", banner_title="会员服务平台"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def make_news_index(home: HomePage) -> NewsIndexPage:
    return home.add_child(instance=NewsIndexPage(title="新闻动态", slug="news", show_in_menus=True))


def make_notice_index(home: HomePage) -> NoticeIndexPage:
    return home.add_child(instance=NoticeIndexPage(title="通知公告", slug="notices", show_in_menus=True))


def make_standard(parent: Page, title: str, slug: str, **fields) -> StandardPage:
    return parent.add_child(instance=StandardPage(title=title, slug=slug, **fields))


def make_article(parent: Page, title: str, date: datetime.date, slug: str, **fields) -> NewsPage | NoticePage:
    model = NewsPage if isinstance(parent.specific, NewsIndexPage) else NoticePage
    return parent.add_child(instance=model(title=title, slug=slug, date=date, **fields))


def make_document(title: str, filename: str, content: bytes = b"%PDF-1.4\n%%EOF\n"):
    document = get_document_model()(title=title, file_size=len(content))
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document
