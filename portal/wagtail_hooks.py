"""The core's part of the staff side: the dashboard's 待办与概况 (portal.dashboard) and the
staff member's opt-in to its weekly summary in 账号设置 → 通知."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from . import dashboard, pagecache


def is_staff_account(user) -> bool:
    """A staff login, not a member's account (members never see the admin, but say it once)."""
    return user.is_authenticated and not (user.firm_id or user.lawyer_id)


class StaffQueuesPanel(Component):
    """待办与概况: per role, what waits, how many, and how long the oldest has waited, each row
    linking to its filtered queue."""

    name = "staff_queues"
    template_name = "portal/admin/staff_queues_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        queues = dashboard.staff_queues(user)
        return {
            "request": self.request,
            "groups": dashboard.by_role(queues),
            "may_subscribe": is_staff_account(user) and any(queue.is_wait for queue in queues),
            "subscribed": user.weekly_summary and bool(user.email),
        }


@hooks.register("before_serve_page")
def keep_for_visitors(page, request, serve_args, serve_kwargs):
    """Public pages are kept for anonymous visitors (portal.pagecache decides which responses)."""
    pagecache.mark_page(request, page)


@hooks.register("construct_homepage_panels")
def add_staff_queues_panel(request, panels):
    panels.insert(0, StaffQueuesPanel(request))


class WeeklySummaryForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["weekly_summary"]

    def clean_weekly_summary(self):
        wanted = self.cleaned_data["weekly_summary"]
        if wanted and not (self.instance.email or "").strip():
            raise forms.ValidationError("请先在“个人资料”中填写电子邮箱，才能接收每周待办摘要。")
        return wanted


class WeeklySummarySettingsPanel(BaseSettingsPanel):
    name = "weekly_summary"
    title = "每周待办摘要"
    tab = notifications_tab
    order = 150
    form_class = WeeklySummaryForm

    @cached_property
    def holds_a_queue(self) -> bool:
        # Wagtail asks is_active twice per page; the queues' counts are worth reading once.
        return is_staff_account(self.user) and any(queue.is_wait for queue in dashboard.staff_queues(self.user))

    def is_active(self):
        # Only staff who hold a queue have anything to be summarised.
        return self.holds_a_queue


@hooks.register("register_account_settings_panel")
def weekly_summary_panel(request, user, profile):
    return WeeklySummarySettingsPanel(request, user, profile)
