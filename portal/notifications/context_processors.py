from functools import cached_property

from django.urls import reverse

from . import services


class Inbox:
    """The top bar's 消息 link; the unread count is counted (once) only if a template shows it."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def url(self) -> str:
        return reverse("notifications:list")

    @cached_property
    def unread(self) -> int:
        return services.unread_count_for_request(self.request)


def inbox(request):
    """`member_inbox` for the member-centre layout."""
    user = getattr(request, "user", None)  # a request built without the middleware has none
    if not request.path_info.startswith("/member/") or user is None or not user.is_authenticated:
        return {}
    return {"member_inbox": Inbox(request)}
