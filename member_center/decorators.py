from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def member_required(view):
    """The view needs a logged-in member (a firm, office, lawyer or trainee account)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.member or not request.member.is_active_member:
            raise PermissionDenied("仅会员可以使用会员中心。")
        return view(request, *args, **kwargs)

    return wrapper
