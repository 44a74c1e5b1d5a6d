from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock

PAGE_SIZE = 10


class ArticlePage(Page):
    """A dated article with attachments: what news and notices have in common."""

    date = models.DateField("发布日期", default=timezone.localdate)
    summary = models.TextField("摘要", blank=True, max_length=300)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)
    attachments = StreamField([("document", DocumentChooserBlock(label="附件"))], verbose_name="附件", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        abstract = True


class ArticleIndexPage(Page):
    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    article_model = None

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.article_model.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["articles"] = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class NewsPage(ArticlePage):
    parent_page_types = ["notices.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "新闻"


class NewsIndexPage(ArticleIndexPage):
    article_model = NewsPage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["notices.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "新闻列表"


class NoticePage(ArticlePage):
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "通知公告"


class NoticeIndexPage(ArticleIndexPage):
    article_model = NoticePage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["notices.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = "通知公告列表"
