from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from member_center import roles
from member_center.demo import DEMO_ORDER_PAGES
from portal import pagecache

from . import demo
from .models import WorkItem

hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_PAGES)


class WorkItemViewSet(SnippetViewSet):
    model = WorkItem
    icon = "tasks"
    menu_label = "首要工作项目"
    add_to_admin_menu = True
    menu_order = 180
    list_display = ["title", "deadline", BooleanColumn("show", label="是否显示", sort_key="show"), "sort_order"]
    list_filter = ["show"]
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["sort_order", "deadline"]
    copy_view_enabled = False


register_snippet(WorkItemViewSet)


@hooks.register("construct_member_dashboard_context")
def work_items(request, context):
    # The same for every member until an editor saves one (portal.pagecache) or the day changes.
    today = timezone.localdate()
    context["work_items"] = pagecache.kept(
        request, "home.work_items", lambda: list(WorkItem.objects.for_dashboard(today)), key=today
    )


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {
        roles.CONTENT_EDITORS: [
            "home.view_workitem", "home.add_workitem", "home.change_workitem", "home.delete_workitem",
        ]
    }  # fmt: skip


# --- setup_site (imported here, at the end, to keep this block apart from the rest) ----------

from member_center.setup import SETUP_ORDER_PAGES  # noqa: E402

from . import setup as site_setup  # noqa: E402

hooks.register("register_site_setup", site_setup.setup_site, order=SETUP_ORDER_PAGES)
