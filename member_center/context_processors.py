from django.utils.functional import SimpleLazyObject

from .menu import menu_for, tabs_for


def member(request):
    """The member and their menu, for the member-centre layout."""
    if not request.path_info.startswith("/member/"):
        return {}
    current = getattr(request, "member", None)
    if not current:
        return {}
    menu = SimpleLazyObject(lambda: menu_for(current, request.path_info, request))
    return {
        "member": current,
        "member_menu": menu,
        "member_tabs": lambda: tabs_for(menu, request.path_info),
    }
