"""The member centre's navigation. Each app registers its entries with the Wagtail hook
`register_member_menu_item`; an entry names the member kinds it is for, so a firm and a
lawyer each see their own features, and a feature not built yet simply has no entry."""

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

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def prefixes(self) -> list[str]:
        return [p if p.startswith("/") else reverse(p) for p in self.also]

    def is_shown_to(self, member) -> bool:
        return not self.kinds or member.kind in self.kinds


def menu_for(member, current_path: str) -> list[dict]:
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
        {"label": i.label, "url": url, "icon": i.icon, "active": n == active}
        for n, (i, url) in enumerate(zip(shown, urls, strict=True))
    ]
