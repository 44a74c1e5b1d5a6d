"""The dashboard's workbench (工作台): what this member should do next.

Each app adds its own to-dos through the Wagtail hook `register_member_todos`: a function
taking the request and returning a list of Todo."""

from dataclasses import dataclass

from django.urls import reverse
from wagtail import hooks


@dataclass(frozen=True)
class Todo:
    label: str
    url: str
    hint: str = ""


def account_todos(request):
    user = request.user
    missing = [label for label, value in (("个人邮箱", user.email), ("手机号码", user.mobile)) if not value]
    if missing:
        return [Todo("完善账户信息", reverse("member_center:account_info"), "尚未填写：" + "、".join(missing))]
    return []


def todos_for(request) -> list[Todo]:
    return [todo for fn in hooks.get_hooks("register_member_todos") for todo in fn(request)]
