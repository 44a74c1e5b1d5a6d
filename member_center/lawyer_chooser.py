"""A Wagtail chooser for lawyers of the roster (a modal with a search box), for staff forms that
pick one lawyer: a <select> of the whole roster is 20,000 options in production.

The search is the roster's (member_center.roster_search): name, number or pinyin.

Not registered for every ForeignKey to Lawyer (register_widget = False): a form opts in with
`FieldPanel("lawyer", widget=lawyer_chooser.widget_class)` and `lawyer_chooser.allow(<its
permissions>)`. Registered as an admin viewset in activities/wagtail_hooks.py (its first user)."""

from django.http import HttpResponseForbidden
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from .models import Lawyer
from .roster_search import RosterSearchForm


class AllowedMixin:
    """The roster's names and 执业证号 are for staff whose work needs them: a user with any of the
    viewset's `allowed_permissions` (an app that puts the chooser on its form adds its own)."""

    allowed_permissions = ()

    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(permission) for permission in self.allowed_permissions):
            return HttpResponseForbidden("您没有选择律师的权限。")
        return super().dispatch(request, *args, **kwargs)


class LawyerChooseMixin(AllowedMixin):
    filter_form_class = RosterSearchForm
    ordering = ["name", "pk"]

    def get_object_list(self):
        return Lawyer.objects.select_related("firm")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("licence_no", label="执业证号"),
            Column("firm", label="执业机构", accessor=lambda lawyer: lawyer.firm.name if lawyer.firm_id else ""),
            Column("status", label="状态", accessor="get_status_display"),
        ]


class LawyerChooseView(LawyerChooseMixin, ChooseView):
    pass


class LawyerChooseResultsView(LawyerChooseMixin, ChooseResultsView):
    pass


class LawyerChosenView(AllowedMixin, ChosenView):
    pass


class LawyerChooserWidget(BaseChooser):
    def get_instance(self, value):
        """The chosen lawyer, or None when the id names none (the form says why beside the field)."""
        if value is None or isinstance(value, Lawyer):
            return value
        return Lawyer.objects.filter(pk=value).first() if str(value).isdigit() else None


class LawyerChooserViewSet(ChooserViewSet):
    model = Lawyer
    name = "lawyer_chooser"
    url_prefix = "lawyer-chooser"
    icon = "user"
    choose_one_text = "选择律师"
    choose_another_text = "重新选择"
    edit_item_text = "查看"
    page_title = "选择律师"
    register_widget = False
    base_widget_class = LawyerChooserWidget
    choose_view_class = LawyerChooseView
    choose_results_view_class = LawyerChooseResultsView
    chosen_view_class = LawyerChosenView
    allowed_permissions = frozenset({"member_center.view_lawyer", "member_center.change_lawyer"})

    def allow(self, *permissions: str) -> None:
        """Let users with any of these permissions choose lawyers too (before the URLs are loaded)."""
        self.allowed_permissions = self.allowed_permissions | set(permissions)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(allowed_permissions=tuple(self.allowed_permissions), **kwargs)


lawyer_chooser = LawyerChooserViewSet()
