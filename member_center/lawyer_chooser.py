"""A Wagtail chooser for lawyers of the roster (a modal with a search box), for staff forms that
pick one lawyer: a <select> of the whole roster is 20,000 options in production.

The search takes a name (or part of it), a 执业证号 (or its start), a 会员编号, or the name's
pinyin: whole syllables ("zhangmingwen", "zhang ming") or initials ("zmw"). The roster stores no
pinyin, so the distinct names are turned into pinyin here, each once per process (lru_cache), and
the query becomes a name__in; a roster of 20,000 is about 15,000 names: 1–2 s for a process's
first pinyin search on this machine, then only the scan of the cached names.

Not registered for every ForeignKey to Lawyer (register_widget = False): a form opts in with
`FieldPanel("lawyer", widget=lawyer_chooser.widget_class)` and `lawyer_chooser.allow(<its
permissions>)`. Registered as an admin viewset in activities/wagtail_hooks.py (its first user)."""

import functools
import re

from django import forms
from django.db.models import Q
from django.http import HttpResponseForbidden
from pypinyin import lazy_pinyin
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from .models import Lawyer

PINYIN_QUERY = re.compile(r"^[a-z ]+$")
MAX_PINYIN_NAMES = 500  # a one-letter query matches a whole surname: the first names are enough


@functools.lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of a name: 张明文 → ("zhangmingwen", "zmw")."""
    syllables = [syllable.lower() for syllable in lazy_pinyin(name, errors="ignore") if syllable]
    return "".join(syllables), "".join(syllable[0] for syllable in syllables)


def names_by_pinyin(query: str) -> list[str]:
    """The roster's names whose pinyin or initials start with the query (spaces ignored)."""
    wanted = query.replace(" ", "")
    found = []
    for name in Lawyer.objects.order_by().values_list("name", flat=True).distinct().iterator():
        full, initials = name_pinyin(name)
        if full.startswith(wanted) or initials.startswith(wanted):
            found.append(name)
            if len(found) >= MAX_PINYIN_NAMES:
                break
    return found


def search_lawyers(queryset, query: str):
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q(name__icontains=query) | Q(licence_no__startswith=query) | Q(member_no__iexact=query)
    lowered = query.lower()
    if PINYIN_QUERY.match(lowered):
        condition |= Q(name__in=names_by_pinyin(lowered))
    return queryset.filter(condition)


class LawyerFilterForm(BaseFilterForm):
    q = forms.CharField(
        label="搜索",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "姓名、执业证号或拼音（如 zhangmingwen、zmw）"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = search_lawyers(objects, query)
        return objects


class AllowedMixin:
    """The roster's names and 执业证号 are for staff whose work needs them: a user with any of the
    viewset's `allowed_permissions` (an app that puts the chooser on its form adds its own)."""

    allowed_permissions = ()

    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(permission) for permission in self.allowed_permissions):
            return HttpResponseForbidden("您没有选择律师的权限。")
        return super().dispatch(request, *args, **kwargs)


class LawyerChooseMixin(AllowedMixin):
    filter_form_class = LawyerFilterForm
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
