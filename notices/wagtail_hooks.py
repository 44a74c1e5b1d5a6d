from wagtail import hooks

from .models import NewsPage, NoticePage

LATEST_ON_HOME_PAGE = 6


@hooks.register("construct_home_page_context")
def latest_articles(request, context):
    context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:LATEST_ON_HOME_PAGE]
    context["latest_notices"] = NoticePage.objects.live().public().order_by("-date", "-pk")[:LATEST_ON_HOME_PAGE]
