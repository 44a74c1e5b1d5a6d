from .menu import menu_for


def member(request):
    """The member and their menu, for the member-centre layout."""
    if not request.path_info.startswith("/member/"):
        return {}
    current = getattr(request, "member", None)
    if not current:
        return {}
    return {"member": current, "member_menu": lambda: menu_for(current, request.path_info, request)}
