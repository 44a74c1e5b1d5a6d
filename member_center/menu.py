"""The member centre's navigation. Each app registers its entries with the Wagtail hook
`register_member_menu_item`; an entry names the member kinds it is for, so a firm and a
lawyer each see their own features, and a feature not built yet simply has no entry.

An entry may carry a badge (e.g. the number of unread messages): `badge` is a function taking
the request and returning a number, shown beside the label when it is not zero. It is called
once per page for each menu rendered, so it should cache what it counts on the request."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from wagtail import hooks


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

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def prefixes(self) -> list[str]:
        return [p if p.startswith("/") else reverse(p) for p in self.also]

    def is_shown_to(self, member) -> bool:
        return not self.kinds or member.kind in self.kinds


def menu_for(member, current_path: str, request=None) -> list[dict]:
    items = [item for fn in hooks.get_hooks("register_member_menu_item") for item in fn()]
    shown = sorted((i for i in items if i.is_shown_to(member)), key=lambda i: i.order)
    urls = [item.url for item in shown]
    # The active entry is the one with the longest address (or `also` path) that is a prefix of
    # the current page, so /member/certificates/apply/ marks 我要申请 and not also 我的证明
    # (/member/certificates/).
    dashboard = reverse("member_center:dashboard")
    best, active = -1, None
    for n, (item, url) in enumerate(zip(shown, urls, strict=True)):
        if item.exact or url == dashboard:
            lengths = [len(url)] if current_path == url else []
        else:
            lengths = [len(p) for p in [url, *item.prefixes()] if current_path.startswith(p)]
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
        }
        for n, (i, url) in enumerate(zip(shown, urls, strict=True))
    ]
