import copy
import datetime

from django.db import models
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from portal import pagecache
from portal.pages import PortalPage

from .blocks import BodyBlock


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    """What the association says about itself on every page: name, hotline, hours, footer."""

    association_name = models.CharField("协会名称", max_length=100, default="广州市律师协会")
    hotline = models.CharField("服务热线", max_length=100, default="020-83550600")
    discipline_hotline = models.CharField("行业处分咨询电话", max_length=100, blank=True, default="020-83516832")
    service_hours = models.CharField("服务时间", max_length=200, default="工作日上午9:00-11:30 下午13:30-17:30")
    address = models.CharField("协会地址", max_length=200, blank=True, default="广州市越秀区城市广场南塔9楼律协会员部")
    email = models.EmailField("联系邮箱", blank=True)
    footer_text = models.CharField("页脚文字", max_length=300, blank=True, default="版权所有 © 广州市律师协会")
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)

    panels = [
        FieldPanel("association_name"),
        MultiFieldPanel(
            [
                FieldPanel("hotline"),
                FieldPanel("discipline_hotline"),
                FieldPanel("service_hours"),
                FieldPanel("address"),
                FieldPanel("email"),
            ],
            heading="联系方式",
        ),
        MultiFieldPanel([FieldPanel("footer_text"), FieldPanel("icp_number")], heading="页脚"),
    ]

    class Meta:
        verbose_name = "网站设置"

    @classmethod
    def load(cls, request_or_site=None):
        """Every page shows these (header, footer, title): a request gets this process's copy,
        current until the next save of a setting (portal.pagecache), instead of a query. A copy of
        it, so nothing a request changes on its instance reaches another request."""
        if request_or_site is None or isinstance(request_or_site, Site):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request_or_site, attr_name):
            kept = pagecache.kept(request_or_site, cls._meta.label, cls._get_or_create)
            setattr(request_or_site, attr_name, copy.copy(kept))
        return getattr(request_or_site, attr_name)


class HomePage(PortalPage):
    banner_title = models.CharField("横幅标题", max_length=100, blank=True)
    banner_subtitle = models.CharField("横幅副标题", max_length=200, blank=True)
    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="横幅图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("banner_title"), FieldPanel("banner_subtitle"), FieldPanel("banner_image")], heading="横幅"
        ),
        FieldPanel("body"),
    ]
    subpage_types = [
        "notices.NewsIndexPage",
        "notices.NoticeIndexPage",
        "activities.ActivityIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        """What the home page lists comes from the apps: each function registered with the hook
        `construct_home_page_context` takes (request, context) and adds to the context (notices
        adds latest_news and latest_notices)."""
        context = super().get_context(request, *args, **kwargs)
        for fn in hooks.get_hooks("construct_home_page_context"):
            fn(request, context)
        return context


class StandardPage(PortalPage):
    """关于协会, 常见问题, 服务热线 and other plain pages."""

    intro = models.TextField("导语", blank=True)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "普通页面"


class WorkItemQuerySet(models.QuerySet):
    def for_dashboard(self, today: datetime.date):
        """What the member centre lists: the shown items, open ones first; an item whose deadline
        passed stays (marked 已截止) for CLOSED_SHOWN_DAYS, so members see it has ended."""
        since = today - datetime.timedelta(days=WorkItem.CLOSED_SHOWN_DAYS)
        return (
            self.filter(show=True)
            .filter(models.Q(deadline__isnull=True) | models.Q(deadline__gte=since))
            .annotate(
                is_closed=models.Case(
                    models.When(deadline__lt=today, then=True), default=False, output_field=models.BooleanField()
                )
            )
            .order_by("is_closed", "sort_order", "deadline", "pk")
        )


class WorkItem(models.Model):
    """近期会员系统首要工作项目 (manual 002 §1.3): the association's current campaigns, e.g.
    信息采集 or 年度考核, written by editors and listed on the member centre's home page."""

    CLOSED_SHOWN_DAYS = 30

    title = models.CharField("标题", max_length=100)
    summary = models.CharField("说明", max_length=200, blank=True)
    deadline = models.DateField("截止日期", null=True, blank=True)
    link = models.CharField(
        "链接", max_length=300, blank=True, help_text="可选，如 /member/profile/completion/ 或通知公告的网址"
    )
    show = models.BooleanField("是否显示", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100, help_text="数字小的排在前面")

    objects = WorkItemQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("deadline"),
        FieldPanel("link"),
        FieldPanel("show"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "首要工作项目"
        verbose_name_plural = "首要工作项目"
        ordering = ["sort_order", "deadline", "pk"]

    def __str__(self):
        return self.title
