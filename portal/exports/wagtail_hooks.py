from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal.notifications import services as notifications

from . import admin_views, services

PANEL_ROWS = 10


@hooks.register("register_admin_urls")
def export_urls():
    patterns = [
        path("", admin_views.my_exports, name="mine"),
        path("<int:pk>/download/", admin_views.download, name="download"),
        path("messages/", admin_views.my_messages, name="messages"),
        path("messages/read-all/", admin_views.mark_all_read, name="mark_all_read"),
        path("messages/<int:pk>/", admin_views.message, name="message"),
    ]
    return [path("exports/", include((patterns, "exports")))]


@hooks.register("register_admin_menu_item")
def messages_menu_item():
    return MenuItem("我的消息", reverse("exports:messages"), icon_name="mail", order=940)


@hooks.register("register_admin_menu_item")
def exports_menu_item():
    return MenuItem("我的导出", reverse("exports:mine"), icon_name="download", order=950)


class MyMessagesPanel(Component):
    """我的消息 on the admin home: the staff user's unread messages (a finished export's download
    link among them), each opened (and so read) on its own page."""

    name = "my_messages"
    template_name = "exports/admin/messages_panel.html"
    order = 60  # after 待办与概况 (member_center)

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        unread = self.request.user.notifications.filter(read_at__isnull=True)
        rows = list(unread.only("id", "recipient", "title", "created_at").order_by("-created_at", "-pk")[:PANEL_ROWS])
        count = len(rows) if len(rows) < PANEL_ROWS else notifications.unread_count(self.request.user)
        return {"rows": rows, "count": count}


@hooks.register("construct_homepage_panels")
def add_messages_panel(request, panels):
    panels.append(MyMessagesPanel(request))


hooks.register("register_job_reconcilers", services.reconcile_jobs)
