"""{% load tickets %} for any template that sends members to 工单系统:

    {% ticket_link "律师列表名单不对" context="新增律师 {name}（执业证号 {licence_no}）" name=… licence_no=… %}
    <a href="{% ticket_url "照片问题" %}">…</a>

`context` may hold {placeholders} filled from the other keyword arguments (what the member typed
on the page), so a template needs no string building of its own."""

from django import template
from django.utils.html import format_html

from ..links import new_ticket_url

register = template.Library()


def _context(context: str, values: dict) -> str:
    try:
        return context.format(**{key: "" if value is None else value for key, value in values.items()})
    except (KeyError, IndexError, ValueError):
        return context


@register.simple_tag
def ticket_url(category: str = "", context: str = "", **values) -> str:
    return new_ticket_url(category, _context(context, values))


@register.simple_tag
def ticket_link(category: str = "", context: str = "", label: str = "提交工单", **values) -> str:
    return format_html('<a href="{}">{}</a>', new_ticket_url(category, _context(context, values)), label)
