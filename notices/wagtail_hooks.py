from wagtail import hooks

from .models import NewsPage, NoticePage

LATEST_ON_HOME_PAGE = 6
LATEST_ON_MEMBER_DASHBOARD = 5


@hooks.register("construct_home_page_context")
def latest_articles(request, context):
    context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:LATEST_ON_HOME_PAGE]
    context["latest_notices"] = NoticePage.objects.live().public().order_by("-date", "-pk")[:LATEST_ON_HOME_PAGE]


@hooks.register("construct_member_dashboard_context")
def latest_notices(request, context):
    context["notices"] = NoticePage.objects.live().public().order_by("-date", "-pk")[:LATEST_ON_MEMBER_DASHBOARD]
