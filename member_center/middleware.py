from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

# Pages a member who still has the initial password may open.
PASSWORD_CHANGE_EXEMPT = ("member_center:password_change", "member_center:logout")


def _member_of(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user.member


class MemberMiddleware:
    """Puts the logged-in member's roster entry on `request.member`, and keeps a member who
    has not yet replaced the initial password out of everything but 修改密码."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.member = SimpleLazyObject(lambda: _member_of(request))
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and request.path_info.startswith("/member/")
            and request.path_info not in {reverse(name) for name in PASSWORD_CHANGE_EXEMPT}
        ):
            return redirect("member_center:password_change")
        return self.get_response(request)
