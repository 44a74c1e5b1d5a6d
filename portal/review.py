"""One review page for every pipeline in the Wagtail admin.

An app's review page is a `ReviewView` whose template extends "staff/review.html" and lays out
the object's own panels (with what `panel_context` adds), and whose `actions` are: each a `ReviewAction` bound to a workflow transition,
with its own small form and its own address (`…/inspect/<pk>/<action>/`, added by
`ReviewViewSetMixin`). The page shows the buttons of the moves this user may take now, the
object's audit history (one include), and, when a move is refused, the reason beside the field
with everything typed kept.

    class ApplicationReviewView(ReviewView):
        template_name = "certificates/admin/application_review.html"
        actions = [ReviewAction("approve", APPLICATION, run=lambda obj, user, data: …)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.widgets.button import ListingButton

from portal.staff import StateBulkAction, audit_history, forbidden
from portal.workflow import Workflow, WorkflowError


class NoInput(forms.Form):
    """A move that needs nothing typed (通过)."""


def reason_form(label: str, max_length: int = 300, hint: str = "", name: str = "reason") -> type[forms.Form]:
    """A form with one free-text box (驳回理由, 撤销理由 …). Whether it may be empty is the
    workflow's rule, so its message is the one the services give."""
    widget = forms.Textarea(attrs={"rows": 3, "maxlength": max_length})
    field = forms.CharField(
        label=label, required=False, max_length=max_length, widget=widget, help_text=hint, strip=False
    )
    return type("ReasonForm", (forms.Form,), {name: field})


def text_form(name: str, label: str, max_length: int = 50) -> type[forms.Form]:
    """A form with one line of text (快递单号)."""
    widget = forms.TextInput(attrs={"maxlength": max_length})
    field = forms.CharField(label=label, required=False, max_length=max_length, widget=widget)
    return type("TextForm", (forms.Form,), {name: field})


@dataclass(frozen=True)
class ReviewAction:
    """One staff action of a review page. `run(obj, user, cleaned_data)` takes the move through
    the app's service and returns the success message; a WorkflowError it raises is shown beside
    the form's first field."""

    name: str
    workflow: Workflow
    run: Callable
    # The transition it takes: its name, or a function of the object (None when it has none now).
    transition: str | Callable | None = None
    form_class: type[forms.Form] = NoInput
    button: str = ""  # defaults to the transition's label
    heading: str = ""
    hint: str = ""
    classname: str = "button"

    def transition_for(self, obj) -> str | None:
        if callable(self.transition):
            return self.transition(obj)
        return self.transition or self.name

    def form(self, data=None, files=None) -> forms.Form:
        return self.form_class(data, files, auto_id=f"{self.name}-%s")


class ReviewView(generic.InspectView):
    """An object's review page: its panel, the actions available now, its history."""

    template_name: str  # extends "staff/review.html"
    actions: list[ReviewAction] = []
    policy_action = "review"  # the permission policy's action staff need to act at all
    forbidden_message = "您没有执行该操作的权限。"
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    action_url_name = None  # passed by ReviewViewSetMixin, with inspect_url_name
    inspect_url_name = None

    failed_action: str = ""
    failed_form: forms.Form | None = None

    def get_object(self, queryset=None):
        queryset = self.model._default_manager.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        try:
            return get_object_or_404(queryset, pk=unquote(str(self.pk)))
        except (ValueError, ValidationError):  # not a key of this model at all
            raise Http404 from None

    def get_fields(self):
        return []  # the panel template lays the object out itself

    @cached_property
    def can_act(self) -> bool:
        return self.user_has_permission(self.policy_action)

    def review_url(self) -> str:
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def available_actions(self) -> list[dict]:
        """The actions whose move this user may take on the object now, each with its form."""
        if not self.can_act:
            return []
        obj, user, shown = self.object, self.request.user, []
        for action in self.actions:
            name = action.transition_for(obj)
            if name is None:
                continue
            transition = action.workflow[name]
            if not (action.workflow.may(user, obj, transition) and action.workflow.can(obj, name)):
                continue
            form = self.failed_form if action.name == self.failed_action else action.form()
            if form.errors:
                for field in form:
                    if field.errors:
                        field.field.widget.attrs.update(
                            {"aria-invalid": "true", "aria-describedby": f"{action.name}-error"}
                        )
            shown.append(
                {
                    "name": action.name,
                    "heading": action.heading,
                    "hint": action.hint,
                    "button": action.button or transition.label,
                    "classname": action.classname,
                    "form": form,
                    "url": reverse(self.action_url_name, args=[quote(obj.pk), action.name]),
                }
            )
        return shown

    def panel_context(self) -> dict:
        """What the app's template needs besides `object`."""
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "can_act": self.can_act,
                "review_actions": self.available_actions(),
                "failed_action": self.failed_action,
                "history": audit_history(self.object),
                **self.panel_context(),
            }
        )
        return context

    # --- an action's own address --------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        # A refused action is a 403, not Wagtail's redirect to the dashboard.
        if request.method == "POST" and not self.can_act:
            return forbidden(request, self.forbidden_message)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, action: str = "", **kwargs):
        if action:  # an action's address opened as a page: the review page is the place to act
            return redirect(self.review_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, action: str = "", **kwargs):
        chosen = next((a for a in self.actions if a.name == action), None)
        if chosen is None:
            raise Http404
        form = chosen.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = chosen.run(self.object, request.user, form.cleaned_data)
            except WorkflowError as error:
                # Beside the form's first field (or above a form without one).
                form.add_error(next(iter(form.fields), None), str(error))
            else:
                messages.success(request, message)
                return redirect(self.review_url())
        messages.error(request, next(iter(form.errors.values()))[0])
        self.failed_action, self.failed_form = chosen.name, form
        self.object.refresh_from_db()  # the record as it is now
        return self.render_to_response(self.get_context_data())


class ReviewViewSetMixin:
    """For the viewset of a model with a ReviewView as its inspect view: each action's address."""

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            action_url_name=self.get_url_name("review_action"), inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("inspect/<str:pk>/<slug:action>/", self.inspect_view, name="review_action"),
        ]


class ReviewQueueMixin:
    """For the index view of a pipeline's staff queue: the selection checkbox and the bulk buttons
    only for whoever may act, and each row's 审核 (when its `transition` is open) or 查看."""

    policy_action = "review"
    workflow: Workflow | None = None
    transition = ""
    row_action_label = "审核"

    @cached_property
    def can_act(self) -> bool:
        return self.user_has_permission(self.policy_action)

    @cached_property
    def columns(self):
        columns = super().columns
        if not self.can_act:  # nothing to do with a selection
            columns = [c for c in columns if not isinstance(c, BulkActionsCheckboxColumn)]
        return columns

    def get_list_more_buttons(self, instance):
        if self.workflow is None:
            return super().get_list_more_buttons(instance)
        url = self.get_inspect_url(instance)
        if not url:
            return []
        open_now = self.can_act and self.workflow.can(instance, self.transition)
        return [MenuItem(self.row_action_label if open_now else "查看", url=url, icon_name="info-circle", priority=10)]

    @cached_property
    def bulk_action_buttons(self):
        if not self.can_act:
            return []
        meta = self.model._meta
        # The workflow's bulk actions the app registered for this model (register_bulk_action), in
        # their order; never Wagtail's generic ones (delete), which nothing here allows.
        registered = [
            action
            for action in bulk_action_registry.get_bulk_actions_for_model(meta.app_label, meta.model_name)
            if issubclass(action, StateBulkAction)
        ]
        return [
            ListingButton(
                action.display_name,
                reverse("wagtail_bulk_action", args=[meta.app_label, meta.model_name, action.action_type]),
                attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                priority=10 * (position + 1),
                classname="bulk-action-btn",
            )
            for position, action in enumerate(sorted(registered, key=lambda action: action.action_priority))
        ]
