"""The member centre's navigation. Each app registers its entries with the Wagtail hook
`register_member_menu_item`; an entry names the member kinds it is for, so a firm and a
lawyer each see their own features, and a feature not built yet simply has no entry.

An entry may carry a badge (e.g. the number of unread messages): `badge` is a function taking
the request and returning a number, shown beside the label when it is not zero. It is called
once per page for each menu rendered, so it should cache what it counts on the request.

On a phone the member centre has a bottom tab bar (首页, 服务, 消息, 我的, as the 律兴 APP):
`group` puts an entry on the 服务 page under that heading (电子证明, 律师档案 …; empty: not
listed there), `phone_label` is its name there when the mobile manual says it otherwise
(我的申请), and `tab` is the tab the entry belongs to (TAB_MINE: also listed on 我的)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import reverse
from wagtail import hooks

TAB_HOME, TAB_SERVICES, TAB_MESSAGES, TAB_MINE = "home", "services", "messages", "mine"


@dataclass(frozen=True)
class MemberMenuItem:
    label: str
    url_name: str
    icon: str = "•"
    order: int = 100
    kinds: frozenset = field(default_factory=frozenset)  # empty: every member kind
    # The entry is also the active one under these paths (URL names, or paths starting with "/"),
    # e.g. 信息补全 for the wizard's and the sections' pages; `exact`: only on its own address.
    also: tuple[str, ...] = ()
    exact: bool = False
    badge: Callable | None = None
    badge_label: str = ""  # read out after the number by screen readers, e.g. "条未读"
    group: str = ""
    phone_label: str = ""
    tab: str = TAB_SERVICES

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def prefixes(self) -> list[str]:
        return [p if p.startswith("/") else reverse(p) for p in self.also]

    def is_shown_to(self, kind: str) -> bool:
        """For members of this kind (MemberKind)?"""
        return not self.kinds or kind in self.kinds


@lru_cache(maxsize=16)
def _entries(registered: tuple, kind: str) -> tuple:
    """The entries a member kind sees, in order, each with its address and `also` prefixes: the
    same on every request (the hooks and the URLconf are fixed once loaded), so they are worked
    out once per process and member kind; only the active entry and the badges are per request."""
    items = [item for fn in registered for item in fn()]
    shown = sorted((i for i in items if i.is_shown_to(kind)), key=lambda i: i.order)
    return tuple((item, item.url, tuple(item.prefixes())) for item in shown)


def menu_for(member, current_path: str, request=None) -> list[dict]:
    entries = _entries(tuple(hooks.get_hooks("register_member_menu_item")), member.kind)
    # The active entry is the one with the longest address (or `also` path) that is a prefix of
    # the current page, so /member/certificates/apply/ marks 我要申请 and not also 我的证明
    # (/member/certificates/).
    dashboard = reverse("member_center:dashboard")
    best, active = -1, None
    for n, (item, url, prefixes) in enumerate(entries):
        if item.exact or url == dashboard:
            lengths = [len(url)] if current_path == url else []
        else:
            lengths = [len(p) for p in [url, *prefixes] if current_path.startswith(p)]
        if lengths and max(lengths) > best:
            best, active = max(lengths), n
    return [
        {
            "label": i.label,
            "url": url,
            "icon": i.icon,
            "active": n == active,
            "badge": (i.badge(request) or None) if i.badge is not None and request is not None else None,
            "badge_label": i.badge_label,
            "group": i.group,
            "phone_label": i.phone_label or i.label,
            "tab": i.tab,
        }
        for n, (i, url, _) in enumerate(entries)
    ]


def services_for(menu: list[dict]) -> list[dict]:
    """The 服务 page: the menu's entries that have a group, grouped in menu order."""
    groups: dict[str, list[dict]] = {}
    for item in menu:
        if item["group"]:
            groups.setdefault(item["group"], []).append(item)
    return [{"group": name, "items": items} for name, items in groups.items()]


def mine_for(menu: list[dict]) -> list[dict]:
    """The 我的 page: the entries of the 我的 tab (账户信息, 修改密码, 个人档案 …)."""
    return [item for item in menu if item["tab"] == TAB_MINE]


def tabs_for(menu: list[dict], current_path: str) -> list[dict]:
    """The phone's bottom tab bar. 服务 and 我的 are the core's pages; 消息 is the menu entry of
    that tab (with its badge), when an app registers one."""
    active_tab = next((item["tab"] for item in menu if item["active"]), None)
    pages = {TAB_SERVICES: reverse("member_center:services"), TAB_MINE: reverse("member_center:mine")}
    for tab, url in pages.items():
        if current_path == url:
            active_tab = tab
    messages = next((item for item in menu if item["tab"] == TAB_MESSAGES), None)
    tabs = [
        {"tab": TAB_HOME, "label": "首页", "icon": "⌂", "url": reverse("member_center:dashboard")},
        {"tab": TAB_SERVICES, "label": "服务", "icon": "▦", "url": pages[TAB_SERVICES]},
    ]
    if messages is not None:
        tabs.append(
            {
                "tab": TAB_MESSAGES,
                "label": messages["label"],
                "icon": messages["icon"],
                "url": messages["url"],
                "badge": messages["badge"],
                "badge_label": messages["badge_label"],
            }
        )
    tabs.append({"tab": TAB_MINE, "label": "我的", "icon": "☺", "url": pages[TAB_MINE]})
    for tab in tabs:
        tab["active"] = tab["tab"] == active_tab
    return tabs
