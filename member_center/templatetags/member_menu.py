from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string

register = template.Library()

FIELDS = ("label", "url", "icon", "active", "badge", "badge_label")


@lru_cache(maxsize=512)
def _menu_html(entries: tuple) -> str:
    # A member kind's menu differs between pages only in its active entry and its badges: a few
    # hundred variants at most, each rendered once per process.
    return render_to_string(
        "member_center/includes/menu.html", {"member_menu": [dict(zip(FIELDS, e, strict=True)) for e in entries]}
    )


@register.simple_tag(takes_context=True)
def member_menu(context):
    """The member-centre menu's HTML, rendered once per request: the sidebar (PC) and the 菜单
    toggle (phone) show the same list, and CSS shows one of them."""
    request = context.get("request")
    html = getattr(request, "_member_menu_html", None)
    if html is None:
        menu = context.get("member_menu") or []
        entries = tuple(tuple(item[name] for name in FIELDS) for item in menu)
        # While developing, a template edit shows at once.
        html = _menu_html.__wrapped__(entries) if settings.DEBUG else _menu_html(entries)
        if request is not None:
            request._member_menu_html = html
    return html
