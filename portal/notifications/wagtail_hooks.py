from django.urls import reverse
from wagtail import hooks

from member_center.menu import MemberMenuItem
from member_center.workbench import Todo

from . import services

# --- the member centre ----------------------------------------------------------------------


@hooks.register("register_member_menu_item")
def notification_menu_items():
    return [
        MemberMenuItem(
            "消息",
            "notifications:list",
            icon="✉",
            order=800,
            badge=services.unread_count_for_request,
            badge_label="条未读",
        )
    ]


@hooks.register("register_member_todos")
def unread_todo(request):
    count = services.unread_count_for_request(request)
    if not count:
        return []
    return [Todo("未读消息", reverse("notifications:list") + "?show=unread", f"您有 {count} 条未读消息")]
