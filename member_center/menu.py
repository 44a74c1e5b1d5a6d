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

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def is_shown_to(self, member) -> bool:
        return not self.kinds or member.kind in self.kinds


def menu_for(member, current_path: str) -> list[dict]:
    items = [item for fn in hooks.get_hooks("register_member_menu_item") for item in fn()]
    shown = sorted((i for i in items if i.is_shown_to(member)), key=lambda i: i.order)
    urls = [item.url for item in shown]
    # The active entry is the one whose address is the longest prefix of the current page, so
    # /member/certificates/apply/ marks 我要申请 and not also 我的证明 (/member/certificates/).
    dashboard = reverse("member_center:dashboard")
    matches = [url for url in urls if current_path == url or (url != dashboard and current_path.startswith(url))]
    active = max(matches, key=len, default=None)
    return [
        {"label": i.label, "url": url, "icon": i.icon, "active": url == active}
        for i, url in zip(shown, urls, strict=True)
    ]
