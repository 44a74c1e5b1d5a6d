"""portal.filters: a <select> written without a template per option is the one Django writes."""

from django import forms
from django.test.html import parse_html

from portal.filters import QuickSelect

CHOICES = [("", "全部活动"), (3, "律师执业技能培训"), (7, "新律师入职培训 <第二期>")]


def rendered(widget_class, value, choices=CHOICES):
    widget = widget_class(attrs={"class": "w-field"}, choices=choices)
    return parse_html(widget.render("activity", value, attrs={"id": "id_activity"}))


def test_the_quick_select_writes_what_djangos_select_writes():
    for value in (None, "", 3, "7"):
        assert rendered(QuickSelect, value) == rendered(forms.Select, value), value


def test_the_quick_select_writes_option_groups_as_django_does():
    grouped = [("", "全部"), ("2026年", [(1, "年会"), (2, "论坛")])]

    assert rendered(QuickSelect, 2, grouped) == rendered(forms.Select, 2, grouped)


def test_a_label_is_escaped():
    assert "&lt;第二期&gt;" in QuickSelect(choices=CHOICES).render("activity", None)


def test_only_the_first_matching_option_is_selected_as_django_does():
    twice = [(1, "年会"), (1, "年会（重复）"), (2, "论坛")]

    assert rendered(QuickSelect, 1, twice) == rendered(forms.Select, 1, twice)
