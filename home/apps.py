from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "门户网站"

    def ready(self):
        from portal import pagecache

        from .models import WorkItem

        # The member centre's 近期会员系统首要工作项目 are kept with the page cache's version.
        pagecache.invalidate_on(WorkItem)
