"""Staff screens of the roster in the Wagtail admin."""

from contextlib import suppress

from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.permission_policies.base import ModelPermissionPolicy

from . import services
from .models import Firm, Lawyer


class MemberIndexView(IndexView):
    """Roster listing with a 重置为初始密码 entry in each row's menu."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                "重置为初始密码",
                url=reverse("roster_reset_password", args=[instance._meta.model_name, quote(instance.pk)]),
                icon_name="key",
                priority=40,
            )
        )
        return buttons


def reset_password(request, model_name, pk):
    model = {"firm": Firm, "lawyer": Lawyer}.get(model_name)
    if model is None or not request.user.has_perm(f"member_center.change_{model_name}"):
        raise PermissionDenied
    member = get_object_or_404(model, pk=pk)
    if request.method == "POST":
        services.reset_to_initial_password(member, by=request.user)
        messages.success(request, f"已将 {member.display_name} 的密码重置为初始密码，下次登录须修改密码。")
        return redirect(f"{model_name}:index")
    return TemplateResponse(request, "member_center/admin/confirm_reset_password.html", {"member": member})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Audit entries can be looked at, never added, edited or deleted."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class ChangesColumn(Column):
    """An audit entry's changes as "字段: 旧 → 新", read from the stored JSON alone.

    auditlog's changes_display_dict looks foreign keys up again, one query per row."""

    def get_value(self, instance):
        model = instance.content_type.model_class() if instance.content_type_id else None
        parts = []
        for name, change in (instance.changes or {}).items():
            label = name
            if model is not None:
                with suppress(FieldDoesNotExist):  # a field since removed
                    label = getattr(model._meta.get_field(name), "verbose_name", name)
            if isinstance(change, list | tuple) and len(change) == 2:
                parts.append(f"{label}: {change[0]} → {change[1]}")
            else:
                parts.append(f"{label}: {change}")
        return "；".join(parts)
