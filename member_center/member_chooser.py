"""The member chooser: staff pick practising lawyers and firms in a Wagtail chooser modal (search by
name, 执业证号 / 执业许可证号 / 会员编号, or the name's pinyin: member_center.roster_search), several at a
time, for a field that keeps licence numbers one per line, so a roster office can still paste a
column from Excel.

It is built on Wagtail's ChooserViewSet (the modal, its search, paging and multiple choice); only
the glue that writes the chosen numbers into the textarea is our JavaScript (member_chooser.js).
The viewsets do not register themselves as the form widget of every ForeignKey to Lawyer / Firm
(`register_widget = False`): an app registers them in its wagtail_hooks and uses
`MemberNumbersWidget` where it wants them (notices: 传阅给)."""

import json
import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import Firm, Lawyer, RosterStatus
from .roster_search import RosterSearchForm

ROSTER_VIEW = ("member_center.view_lawyer", "member_center.view_firm")


class RosterOnlyMixin:
    """The roster's names and numbers are for staff who may see the roster."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or any(user.has_perm(p) for p in ROSTER_VIEW)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def number_of(member) -> str:
    return member.licence_no or member.member_no or ""


class MemberChooseMixin(RosterOnlyMixin):
    filter_form_class = RosterSearchForm
    per_page = 20
    number_label = "执业证号"

    def get_object_list(self):
        return self.model_class.objects.filter(status=RosterStatus.PRACTISING)

    @property
    def columns(self):
        return [*super().columns, Column("number", label=self.number_label, accessor=number_of)]


class MemberChosenMixin(RosterOnlyMixin):
    def get_chosen_response_data(self, item):
        # The widget writes the number into the textarea and shows the name.
        return {**super().get_chosen_response_data(item), "number": number_of(item), "name": item.name}


class LawyerChooseMixin(MemberChooseMixin):
    def get_object_list(self):
        return super().get_object_list().select_related("firm").order_by("name", "licence_no")

    @property
    def columns(self):
        firm = Column("firm", label="执业机构", accessor=lambda lawyer: lawyer.firm.name if lawyer.firm_id else "")
        return [*super().columns, firm, Column("practice_type", label="执业类别", accessor="get_practice_type_display")]


class FirmChooseMixin(MemberChooseMixin):
    number_label = "执业许可证号"

    def get_object_list(self):
        return super().get_object_list().order_by("name", "pk")


class LawyerChooseView(LawyerChooseMixin, chooser_views.ChooseView):
    pass


class LawyerResultsView(LawyerChooseMixin, chooser_views.ChooseResultsView):
    pass


class FirmChooseView(FirmChooseMixin, chooser_views.ChooseView):
    pass


class FirmResultsView(FirmChooseMixin, chooser_views.ChooseResultsView):
    pass


class MemberChosenView(MemberChosenMixin, chooser_views.ChosenView):
    pass


class MemberChosenMultipleView(MemberChosenMixin, chooser_views.ChosenMultipleView):
    pass


class LawyerChooserViewSet(ChooserViewSet):
    model = Lawyer
    icon = "user"
    choose_one_text = "选择律师"
    choose_another_text = "选择其他律师"
    register_widget = False
    choose_view_class = LawyerChooseView
    choose_results_view_class = LawyerResultsView
    chosen_view_class = MemberChosenView
    chosen_multiple_view_class = MemberChosenMultipleView


class FirmChooserViewSet(ChooserViewSet):
    model = Firm
    icon = "group"
    choose_one_text = "选择律师事务所"
    choose_another_text = "选择其他律师事务所"
    register_widget = False
    choose_view_class = FirmChooseView
    choose_results_view_class = FirmResultsView
    chosen_view_class = MemberChosenView
    chosen_multiple_view_class = MemberChosenMultipleView


lawyer_chooser_viewset = LawyerChooserViewSet("member_lawyer_chooser", url_prefix="member-chooser/lawyers")
firm_chooser_viewset = FirmChooserViewSet("member_firm_chooser", url_prefix="member-chooser/firms")


def members_by_number(numbers) -> dict[str, Lawyer | Firm]:
    """Each number's lawyer or firm (licence number or member number), four queries at most."""
    numbers = [n for n in numbers if n]
    found: dict[str, Lawyer | Firm] = {}
    if not numbers:
        return found
    for model in (Firm, Lawyer):
        for member in model.objects.filter(Q(licence_no__in=numbers) | Q(member_no__in=numbers)):
            for number in (member.licence_no, member.member_no):
                if number in numbers:
                    found.setdefault(number, member)
    return found


class MemberNumbersWidget(forms.Textarea):
    """A textarea of numbers, one per line, with 选择律师 / 选择律师事务所 opening the choosers
    (several at a time) and the names of the members it holds listed under it."""

    template_name = "member_center/widgets/member_numbers.html"

    def __init__(self, attrs=None, choosers=("lawyer", "firm")):
        super().__init__({"rows": 4, **(attrs or {})})
        self.choosers = choosers

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        numbers = split_numbers(value or "")
        known = members_by_number(numbers)
        urls = {"lawyer": lawyer_chooser_viewset, "firm": firm_chooser_viewset}
        context["widget"].update(
            {
                "choosers": [
                    (urls[kind].choose_one_text, reverse(urls[kind].get_url_name("choose"))) for kind in self.choosers
                ],
                "picked": [(number, known.get(number)) for number in numbers],
                "known_json": json.dumps({number: member.name for number, member in known.items()}, ensure_ascii=False),
            }
        )
        return context

    @property
    def media(self):
        return forms.Media(js=["wagtailadmin/js/chooser-modal.js", "js/member_chooser.js"])


def split_numbers(text: str) -> list[str]:
    """Numbers one per line (or separated by commas, as pasted from Excel or a message)."""
    parts = re.split(r"[\n\r,，、;；\t ]+", text or "")
    seen, numbers = set(), []
    for part in parts:
        part = part.strip()
        if part and part not in seen:
            seen.add(part)
            numbers.append(part)
    return numbers
