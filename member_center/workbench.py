"""The dashboard's areas that the apps fill (manual 002 §1.3): the workbench (工作台: to-dos and
the 控制台's shortcuts), where the member's things stand, and the search (查询工具区).

Each area is a Wagtail hook; the core renders what the registered functions return and knows
no feature app:

- `register_member_todos`: request → [Todo], what this member should do next;
- `register_member_shortcuts`: request → [Shortcut], the 控制台's buttons (修改密码, 我要申请 …);
- `register_member_status`: request → [StatusItem], e.g. 电子证明 待审批 2;
- `register_member_search`: (request, query) → [SearchResult], only the member's own things.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from wagtail import hooks

SEARCH_MAX_LENGTH = 50


@dataclass(frozen=True)
class Todo:
    label: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Shortcut:
    label: str
    url: str
    icon: str = "•"
    order: int = 100


@dataclass(frozen=True)
class StatusItem:
    group: str  # what it is about, e.g. 电子证明; items of one group are shown together
    label: str  # e.g. 待审批
    value: str  # e.g. "2 件", or a state's name
    url: str = ""
    detail: str = ""  # e.g. the 审核意见 of a rejected profile
    alert: bool = False  # needs the member's attention (驳回, unread)


@dataclass(frozen=True)
class SearchResult:
    kind: str  # the group heading, e.g. 电子证明
    title: str
    url: str
    detail: str = ""


def account_todos(request):
    user = request.user
    missing = [label for label, value in (("个人邮箱", user.email), ("手机号码", user.mobile)) if not value]
    if missing:
        return [Todo("完善账户信息", reverse("member_center:account_info"), "尚未填写：" + "、".join(missing))]
    return []


def account_shortcuts(request):
    return [
        Shortcut("修改密码", reverse("member_center:password_change"), icon="✱", order=900),
        Shortcut("账户信息", reverse("member_center:account_info"), icon="☺", order=910),
    ]


def todos_for(request) -> list[Todo]:
    return [todo for fn in hooks.get_hooks("register_member_todos") for todo in fn(request)]


def shortcuts_for(request) -> list[Shortcut]:
    shortcuts = [item for fn in hooks.get_hooks("register_member_shortcuts") for item in fn(request)]
    return sorted(shortcuts, key=lambda item: item.order)


def status_for(request) -> list[dict]:
    """The status items grouped: [{"group": "电子证明", "items": [StatusItem, …]}, …]."""
    items = [item for fn in hooks.get_hooks("register_member_status") for item in fn(request)]
    return _grouped(items, lambda item: item.group)


def search(request, query: str) -> list[dict]:
    """What the registered searches find for the query, grouped by kind, in hook order."""
    results = [result for fn in hooks.get_hooks("register_member_search") for result in fn(request, query)]
    return _grouped(results, lambda result: result.kind)


def _grouped(items: Iterable, key) -> list[dict]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [{"group": name, "items": members} for name, members in groups.items()]
