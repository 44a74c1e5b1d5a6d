"""Filters for the staff listings whose choices are many rows (the 活动 of 报名名单): the choices
read as (pk, label) pairs, and a <select> written here rather than through a template per option.
At 200 活动 the usual ModelChoiceFilter made 200 Wagtail page objects (12 ms) and rendered 200
option templates (5 ms) on every page of the list, searched or not (docs/benchmarks.md)."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class QuickSelect(forms.Select):
    """Django's Select, the same HTML, with its options formatted in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((g,) for g in groups)),
        )


class LabelIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


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
