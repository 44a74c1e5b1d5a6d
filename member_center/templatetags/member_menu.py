from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def member_menu(context):
    """The member-centre menu's HTML, rendered once per request: the sidebar (PC) and the 菜单
    toggle (phone) show the same list, and CSS shows one of them."""
    request = context.get("request")
    html = getattr(request, "_member_menu_html", None)
    if html is None:
        html = render_to_string("member_center/includes/menu.html", {"member_menu": context.get("member_menu")})
        if request is not None:
            request._member_menu_html = html
    return html
