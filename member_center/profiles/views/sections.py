"""信息补全 (the board, 正式提交审核, 撤回信息补全申请), the twelve sections' pages, and 信息变更
with 近期变更 (manual 002 §3.2.2 – §3.3.2).

Views are thin: every rule and every state change is in services; a refusal there comes back as
a ProfileError whose message is shown as it is. Everything is looked up through
`request.profile`, so another lawyer's entry is a 404 by construction."""

import copy
import uuid

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.http import posted_next_url
from portal.membercopies import kept_for_member

from .. import services
from ..decorators import profile_required
from ..display import display_value
from ..forms.profile import profile_form
from ..forms.sections import section_form
from ..models import ProfileState
from ..sections import get_section
from ..steps import CHANGE_BASIC_LABELS, CHANGE_BASIC_REQUIRED, CHANGEABLE_FIELDS

UNDER_REVIEW = "您的材料已经提交审核，目前正在审核中！"
UNDER_REVIEW_HINT = "如需修改请点击“撤回信息补全申请”按钮后,再进行补全。"
CHANGE_NEEDS_APPROVAL = "变更信息前需要先对个人信息进行补全，变更信息用于信息补全审核通过后，对信息的维护修改。"
CHANGE_LOG_PAGE_SIZE = 20


# A form's one-time token is remembered this long: a second click on 保存 within it saves nothing.
FORM_TOKEN_TTL = 60 * 60


def _section_or_404(key: str):
    try:
        return get_section(key)
    except KeyError:
        raise Http404("没有这一项档案信息。") from None


def _entry_or_404(request, section, pk: int):
    return get_object_or_404(section.entries(request.profile), pk=pk)


def _home(profile) -> tuple[str, str]:
    """Where the section pages lead back to: 信息变更 once approved, 信息补全 before."""
    if services.in_change(profile):
        return "信息变更", reverse("profiles:change")
    return "信息补全", reverse("profiles:completion")


def _first_use_of(token: str) -> bool:
    """True the first time a form's token comes back: a double click must not add two entries.
    The cache is shared by every process (database or Redis), and add() is atomic."""
    if not token:
        return True
    return cache.add(f"profiles:form-token:{token}", 1, FORM_TOKEN_TTL)


# --- 信息补全 --------------------------------------------------------------------------------------


@kept_for_member
@profile_required
def completion(request):
    profile = request.profile
    rows = services.board(profile)
    return render(
        request,
        "profiles/completion.html",
        {
            "profile": profile,
            "rows": rows,
            "missing": services.missing_items(profile, rows),
            "editable": services.in_completion(profile),
            "can_submit": services.can(profile, "submit"),
            "can_withdraw": services.can(profile, "withdraw"),
            "approved": services.in_change(profile),
            "rejected": profile.state == ProfileState.REJECTED,
            "register_state_label": services.register_state_label(profile),
            "under_review": UNDER_REVIEW,
            "under_review_hint": UNDER_REVIEW_HINT,
        },
    )


@require_POST
@profile_required
def submit(request):
    try:
        services.submit(request.profile, by=request.user)
    except services.ProfileError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已正式提交审核，请等待协会审核。")
    return redirect("profiles:completion")


@require_POST
@profile_required
def withdraw(request):
    try:
        services.withdraw(request.profile, by=request.user)
    except services.ProfileError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已撤回信息补全申请。修改完成后，请再次点击“正式提交审核”。")
    return redirect("profiles:completion")


# --- the twelve sections ----------------------------------------------------------------------------


def _section_context(request, section, **extra):
    profile = request.profile
    home_label, home_url = _home(profile)
    return {
        "profile": profile,
        "section": section,
        "home_label": home_label,
        "home_url": home_url,
        "under_review": profile.state == ProfileState.SUBMITTED,
        "under_review_message": UNDER_REVIEW,
        "under_review_hint": UNDER_REVIEW_HINT,
        **extra,
    }


@kept_for_member
@profile_required
def section_list(request, key):
    section = _section_or_404(key)
    profile = request.profile
    model_fields = [section.model._meta.get_field(name) for name in section.list_fields]
    entries = list(section.entries(profile))
    rows = [
        {
            "entry": entry,
            "cells": [{"label": f.verbose_name, "value": display_value(entry, f.name, empty="")} for f in model_fields],
        }
        for entry in entries
    ]
    declared_none = section.key in profile.declared_none
    return render(
        request,
        "profiles/section_list.html",
        _section_context(
            request,
            section,
            columns=[f.verbose_name for f in model_fields],
            rows=rows,
            declared_none=declared_none,
            can_add=profile.state != ProfileState.SUBMITTED,
            can_edit=services.can_edit_entry(profile, section),
            can_declare_none=(
                section.allows_none and not entries and not declared_none and profile.state != ProfileState.SUBMITTED
            ),
            add_only=services.in_change(profile) and section.add_only_after_approval,
        ),
    )


def _form_page(request, section, form, entry=None):
    return render(
        request,
        "profiles/section_form.html",
        _section_context(
            request,
            section,
            form=form,
            entry=entry,
            title=f"{'修改' if entry else '新增'}{section.label}",
            token=request.POST.get("token") or uuid.uuid4().hex,
        ),
    )


def _refused(request, section, verb: str | None = None):
    """Back to the list: under review it says why itself; an add-only section says so here."""
    if verb and request.profile.state != ProfileState.SUBMITTED:
        messages.error(request, services.refusal_message(request.profile, section, verb))
    return redirect("profiles:section", key=section.key)


@profile_required
def section_new(request, key):
    section = _section_or_404(key)
    if request.profile.state == ProfileState.SUBMITTED:
        return _refused(request, section)
    form_class = section_form(section)
    if request.method != "POST":
        return _form_page(request, section, form_class(initial=section.model.defaults_for(request.profile)))
    form = form_class(request.POST)
    if not form.is_valid():
        return _form_page(request, section, form)
    if not _first_use_of(request.POST.get("token", "")):
        return redirect("profiles:section", key=section.key)  # the first click saved it already
    try:
        services.add_entry(request.profile, section, form.save(commit=False), by=request.user)
    except services.ProfileError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已新增{section.label}。")
    return redirect("profiles:section", key=section.key)


@profile_required
def section_edit(request, key, pk):
    section = _section_or_404(key)
    entry = _entry_or_404(request, section, pk)
    if not services.can_edit_entry(request.profile, section):
        return _refused(request, section, "修改")
    form_class = section_form(section)
    if request.method != "POST":
        return _form_page(request, section, form_class(instance=entry), entry)
    original = copy.copy(entry)  # the form writes into `entry`; the change log compares with this
    form = form_class(request.POST, instance=entry)
    if not form.is_valid():
        return _form_page(request, section, form, entry)
    try:
        services.update_entry(request.profile, section, form.save(commit=False), by=request.user, original=original)
    except services.ProfileError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已保存{section.label}的修改。")
    return redirect("profiles:section", key=section.key)


@profile_required
def section_delete(request, key, pk):
    section = _section_or_404(key)
    entry = _entry_or_404(request, section, pk)
    if not services.can_edit_entry(request.profile, section):
        return _refused(request, section, "删除")
    if request.method != "POST":
        return render(
            request,
            "profiles/section_delete.html",
            _section_context(request, section, entry=entry, summary=services.describe(entry, section.list_fields)),
        )
    try:
        services.delete_entry(request.profile, section, entry, by=request.user)
    except services.ProfileError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已删除这条{section.label}。")
    return redirect("profiles:section", key=section.key)


@require_POST
@profile_required
def section_none(request, key):
    section = _section_or_404(key)
    try:
        services.declare_none(request.profile, section, by=request.user)
    except services.ProfileError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{section.label}已填报为无。")
    return redirect(posted_next_url(request, reverse("profiles:completion")))


# --- 信息变更 ---------------------------------------------------------------------------------------


def _not_approved(request):
    messages.warning(request, CHANGE_NEEDS_APPROVAL)
    return redirect("profiles:completion")


@kept_for_member
@profile_required
def change(request):
    profile = request.profile
    if not services.in_change(profile):
        return _not_approved(request)
    page = Paginator(profile.changes.all(), CHANGE_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "profiles/change.html",
        {"profile": profile, "rows": services.change_board(), "page": page, "changes": page.object_list},
    )


class ChangeBasicForm(profile_form(CHANGEABLE_FIELDS, required=CHANGE_BASIC_REQUIRED)):
    """个人档案变更 (manual §3.3.1), with the manual's labels on this form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CHANGE_BASIC_LABELS.items():
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = f"请填写{label}。"
        # Two 手机号码 on one form: a screen reader says whose this one is.
        self.fields["emergency_phone"].widget.attrs["aria-label"] = "紧急联系人手机号码"
        self.fields["emergency_phone"].error_messages["required"] = "请填写紧急联系人的手机号码。"


@profile_required
def change_basic(request):
    profile = request.profile
    if not services.in_change(profile):
        return _not_approved(request)
    if request.method != "POST":
        return render(request, "profiles/change_basic.html", {"form": ChangeBasicForm(instance=profile)})
    # The form fills a copy: the service compares what is stored with what was typed.
    form = ChangeBasicForm(request.POST, instance=copy.copy(profile))
    if form.is_valid():
        try:
            changed = services.save_basic(profile, form.cleaned_data, by=request.user, fields=CHANGEABLE_FIELDS)
        except services.ProfileError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(request, "已保存，变更了：" + "、".join(changed) + "。")
            else:
                messages.info(request, "没有修改任何信息。")
            return redirect("profiles:change")
    return render(request, "profiles/change_basic.html", {"form": form})
