"""Staff screens of the roster in the Wagtail admin."""

import datetime
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal import printing
from portal.pdf import pdf_context
from portal.site_url import site_url
from portal.staff import ChunkedExportMixin, audit_history, describe_entry, foreign_names, local_time

from . import activation, services
from .models import Firm, Lawyer, RosterStatus
from .roster import account_of


class MemberIndexView(ChunkedExportMixin, IndexView):
    """Roster listing with a 重置为初始密码 entry in each row's menu."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        model_name, pk = instance._meta.model_name, quote(instance.pk)
        buttons.append(
            MenuItem(
                "重置为初始密码",
                url=reverse("roster_reset_password", args=[model_name, pk]),
                icon_name="key",
                priority=40,
            )
        )
        buttons.append(
            MenuItem(
                "生成激活函",
                url=reverse("roster_activation_letter", args=[model_name, pk]),
                icon_name="mail",
                priority=41,
            )
        )
        return buttons


@dataclass(frozen=True)
class RelatedRecords:
    """What one app holds about a member, for the member's page in the roster: a key (the
    panel's id), a heading, (text, url, detail) rows (newest first, a few) and the count of all."""

    key: str
    heading: str
    rows: list[tuple[str, str, str]]
    total: int = 0
    empty: str = "暂无记录。"


class MemberInspectView(InspectView):
    """A firm's or lawyer's page in the roster, with what each app holds about them (his 律师档案,
    the certificate applications, later tickets and cards), added through the hook
    `register_member_related_records`: functions taking (request, member) and returning a list
    of RelatedRecords (empty where the staff user may not see that app's records)."""

    template_name = "member_center/admin/member_inspect.html"

    def get_page_title(self):
        return self.object.display_name

    def get_page_subtitle(self):
        return self.object._meta.verbose_name

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value in (None, ""):
            return "—"
        if isinstance(value, datetime.datetime):
            return local_time(value)  # Wagtail's template would show it in UTC
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_records"] = [
            records
            for fn in hooks.get_hooks("register_member_related_records")
            for records in fn(self.request, self.object)
        ]
        context["history"] = audit_history(self.object)
        account = account_of(self.object)
        context["account"] = account
        if account is not None:
            context["account_history"] = audit_history(account)
            context["account_letter"] = activation.live_letter(account)
        context["activation_letter_url"] = reverse(
            "roster_activation_letter", args=[self.object._meta.model_name, quote(self.object.pk)]
        )
        return context


def _member_or_403(request, model_name, pk):
    model = {"firm": Firm, "lawyer": Lawyer}.get(model_name)
    if model is None or not request.user.has_perm(f"member_center.change_{model_name}"):
        raise PermissionDenied
    return get_object_or_404(model, pk=pk)


def reset_password(request, model_name, pk):
    member = _member_or_403(request, model_name, pk)
    if request.method == "POST":
        services.reset_to_initial_password(member, by=request.user)
        messages.success(request, f"已将 {member.display_name} 的密码重置为初始密码，下次登录须验证身份并修改密码。")
        return redirect(f"{model_name}:index")
    return TemplateResponse(request, "member_center/admin/confirm_reset_password.html", {"member": member})


def letters_folder(user) -> str:
    """Each staff member's latest letters only, under their own folder (the codes are on them)."""
    return f"activation-letters/{user.pk}"


def activation_letter_print(request, model_name, pk, digest):
    """The letters just made: the stored PDF, or 生成中 while the worker lays them out."""
    member = _member_or_403(request, model_name, pk)
    name = f"{letters_folder(request.user)}/{digest}.pdf"
    if printing.is_stored(name):
        return printing.file_response(name, f"激活函-{member.display_name}.pdf", as_attachment=True)
    if not printing.is_queued(name):
        raise Http404  # superseded by a later print, or never made
    back = reverse("roster_activation_letter", args=[model_name, quote(member.pk)])
    return printing.pending(request, "激活函生成中", back, "返回生成激活函", admin=True)


def activation_letter(request, model_name, pk):
    """生成激活函: activation codes printed on a letter, for one member or a whole firm, for members
    whose roster holds no mobile or e-mail, or who cannot receive them. The PDF is the only
    place the codes are readable; printing again keeps the live codes."""
    member = _member_or_403(request, model_name, pk)
    practising = member.lawyers.filter(status=RosterStatus.PRACTISING) if isinstance(member, Firm) else None
    if request.method == "POST":
        members = [member]
        if practising is not None and request.POST.get("scope") == "firm":
            if not request.user.has_perm("member_center.change_lawyer"):
                raise PermissionDenied
            members += list(practising.select_related("account", "firm"))
        letters, skipped = activation.issue_letters(members, by=request.user, reprint="reprint" in request.POST)
        if not letters:
            messages.warning(
                request,
                "没有生成激活函：所选会员均已激活（或已注销）。"
                if "reprint" not in request.POST
                else "没有可重新打印的激活函：所选会员没有未使用且未过期的激活函。",
            )
            return redirect(f"{model_name}:inspect", quote(member.pk))
        if skipped:
            # Shown on the next page staff open (the answer to this request is the PDF).
            names = "、".join(m.display_name for m in skipped[:10]) + (" 等" if len(skipped) > 10 else "")
            messages.info(
                request,
                f"已生成 {len(letters)} 份激活函；{len(skipped)} 位会员已激活或无可打印的激活函，未生成：{names}。",
            )
        # Laid out by the worker (portal.printing): a firm's letters are a page per lawyer.
        html = render_to_string(
            "member_center/admin/activation_letters.pdf.html",
            pdf_context({"letters": letters, "login_url": f"{site_url()}{reverse('member_center:login')}"}),
        )
        folder = letters_folder(request.user)
        printing.stored_or_queued(folder, html)
        digest = printing.name_for(folder, html).rsplit("/", 1)[1].removesuffix(".pdf")
        return redirect("roster_activation_letter_print", model_name, quote(member.pk), digest)
    account = account_of(member)
    context = {
        "member": member,
        "account": account,
        "letter": activation.live_letter(account) if account is not None else None,
        "lawyer_count": practising.count() if practising is not None else 0,
        "letter_days": activation.LETTER_DAYS,
    }
    return TemplateResponse(request, "member_center/admin/activation_letter.html", context)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Audit entries can be looked at, never added, edited or deleted."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class AuditLogIndexView(ChunkedExportMixin, IndexView):
    """会员管理 → 操作记录: every audit entry in words, as each record's own history shows it
    (who by name, the event's label, values by their labels, local time), never a stored dict."""

    page_title = "操作记录"
    export_values = {
        key: (lambda entry, key=key: entry.described[key]) for key in ("time", "actor", "kind", "event", "content")
    }

    def get_table(self, object_list):
        entries = list(object_list)
        names = foreign_names(entries)
        for entry in entries:
            entry.described = describe_audit_entry(entry, names)
        return super().get_table(entries)

    def to_row_dict(self, item):
        item.described = describe_audit_entry(item, foreign_names([item]))
        return super().to_row_dict(item)


def describe_audit_entry(entry, names) -> dict:
    model = entry.content_type.model_class() if entry.content_type_id else None
    described = describe_entry(entry, model, names)
    described["time"] = local_time(entry.timestamp, "%Y-%m-%d %H:%M:%S")
    described["kind"] = str(model._meta.verbose_name) if model is not None else ""
    described["content"] = "；".join(
        part
        for part in (
            described["changes"],
            f"理由：{described['reason']}" if described["reason"] else "",
            described["details"],
        )
        if part
    )
    return described


def audit_column(key: str, label: str, sort_key: str | None = None) -> Column:
    return Column(key, label=label, accessor=lambda entry: entry.described[key], sort_key=sort_key)


AUDIT_COLUMNS = [
    audit_column("time", "时间", sort_key="timestamp"),
    audit_column("actor", "操作人"),
    Column("object_repr", label="对象"),
    audit_column("kind", "类别"),
    audit_column("event", "操作"),
    audit_column("content", "内容"),
]
