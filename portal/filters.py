"""Filters for the staff listings whose choices are many rows (the 活动 of 报名名单): the choices
read as (pk, label) pairs, and a <select> written here rather than through a template per option.
At 200 活动 the usual ModelChoiceFilter made 200 Wagtail page objects (12 ms) and rendered 200
option templates (5 ms) on every page of the list, searched or not (docs/benchmarks.md)."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class QuickSelect(forms.Select):
    """Django's Select, the same HTML (Select.optgroups' rules: the first matching option is the
    selected one, a list as the label is an <optgroup>), written in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        has_selected = False
        parts = []
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, (list, tuple))
            if grouped:
                parts.append(f'<optgroup label="{escape(group_value)}">')
            for option_value, option_label in group_label if grouped else [(group_value, group_label)]:
                option_value = "" if option_value is None else str(option_value)
                selected = (not has_selected or self.allow_multiple_selected) and option_value in chosen
                has_selected |= selected
                parts.append(
                    f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                    f"{escape(option_label)}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        select_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        return mark_safe(f'<select name="{escape(name)}"{flatatt(select_attrs)}>{"".join(parts)}</select>')


class LabelIterator(ModelChoiceIterator):
    """django-filters' iterator (the empty and the null choice first), over (pk, label) rows."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.queryset.values_list("pk", field.label_field)

    def choice(self, row):
        return row


class LabelChoiceField(ModelChoiceField):
    iterator = LabelIterator
    widget = QuickSelect

    def __init__(self, *args, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class LabelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose options are `label_field` of each row (its pk the value); the
    chosen row is still looked up and checked as usual."""

    field_class = LabelChoiceField
