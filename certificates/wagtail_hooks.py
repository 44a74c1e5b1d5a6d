from wagtail import hooks

from member_center.menu import MemberMenuItem
from member_center.models import MemberKind

CERTIFICATE_KINDS = frozenset({MemberKind.LAW_FIRM, MemberKind.LAWYER})


@hooks.register("register_member_menu_item")
def certificate_menu_items():
    return [
        MemberMenuItem("我要申请", "certificates:apply", icon="✎", order=10, kinds=CERTIFICATE_KINDS),
        MemberMenuItem("我的证明", "certificates:list", icon="▤", order=20, kinds=CERTIFICATE_KINDS),
        MemberMenuItem(
            "律师列表", "certificates:lawyer_list", icon="☰", order=30, kinds=frozenset({MemberKind.LAW_FIRM})
        ),
    ]
