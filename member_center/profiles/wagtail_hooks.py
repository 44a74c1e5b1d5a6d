from django.urls import reverse
from wagtail import hooks

from member_center.menu import MemberMenuItem
from member_center.models import MemberKind
from member_center.workbench import Todo

from . import services

LAWYERS = frozenset({MemberKind.LAWYER})


# --- the member centre ----------------------------------------------------------------------


@hooks.register("register_member_menu_item")
def profile_menu_items():
    return [
        MemberMenuItem("个人档案", "profiles:record", icon="☺", order=40, kinds=LAWYERS),
        MemberMenuItem("信息补全", "profiles:completion", icon="✎", order=41, kinds=LAWYERS),
        MemberMenuItem("信息变更", "profiles:change", icon="⟳", order=42, kinds=LAWYERS),
    ]


@hooks.register("register_member_todos")
def profile_todos(request):
    member = request.member
    if not services.has_profile(member):
        return []
    profile = getattr(member, "profile", None)
    if profile is None or profile.state == services.S.DRAFT:
        return [Todo("信息补全", reverse("profiles:completion"), "首次登录系统后，请将信息进行补全")]
    if profile.state == services.S.REJECTED:
        return [Todo("信息补全", reverse("profiles:completion"), "您的材料审核未通过，请填写后重新提交！")]
    return []
