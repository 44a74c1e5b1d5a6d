"""The staff roles, as Wagtail groups: 内容编辑, 证明审核, 会员管理, 技术支持, 公文管理, 活动管理.

Kept in step with the code after every migrate (post_migrate), so production, the demo and
the tests all have the same roles. CORE_ROLE_PERMISSIONS holds the core's own permissions;
each feature app adds its own through the Wagtail hook `register_staff_role_permissions`: a
function taking no arguments and returning {role name: ["app_label.codename", ...]}, e.g.

    @hooks.register("register_staff_role_permissions")
    def role_permissions():
        return {roles.CERTIFICATE_REVIEWERS: ["certificates.view_certificateapplication"]}

staff_roles() is the effective table (the core's and every hook's)."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

CONTENT_EDITORS = "内容编辑"
CERTIFICATE_REVIEWERS = "证明审核"
MEMBER_MANAGERS = "会员管理"
TECH_SUPPORT = "技术支持"  # answers members' tickets (工单系统); the permissions come from the tickets app
DOCUMENT_MANAGERS = "公文管理"  # writes and circulates 公文; the permissions come from the notices app
ACTIVITY_MANAGERS = "活动管理"  # sign-ups, attendance, training records; the permissions come from activities

ADMIN_ACCESS = ["wagtailadmin.access_admin"]

CORE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    CONTENT_EDITORS: [
        *ADMIN_ACCESS,
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "home.change_portalsettings",
    ],
    CERTIFICATE_REVIEWERS: [
        *ADMIN_ACCESS,
        "member_center.view_firm", "member_center.view_lawyer", "member_center.view_disciplinerecord",
    ],
    MEMBER_MANAGERS: [
        *ADMIN_ACCESS,
        "member_center.view_firm", "member_center.add_firm", "member_center.change_firm",
        "member_center.view_lawyer", "member_center.add_lawyer", "member_center.change_lawyer",
        "member_center.view_disciplinerecord", "member_center.add_disciplinerecord",
        "member_center.change_disciplinerecord", "member_center.delete_disciplinerecord",
        "auditlog.view_logentry", "axes.view_accessattempt", "axes.delete_accessattempt",
    ],
    # Reads the roster to answer tickets about it; corrections are 会员管理's.
    TECH_SUPPORT: [*ADMIN_ACCESS, "member_center.view_firm", "member_center.view_lawyer"],
    # Looks licence numbers up in the roster for a hand-picked 传阅给.
    DOCUMENT_MANAGERS: [*ADMIN_ACCESS, "member_center.view_firm", "member_center.view_lawyer"],
    ACTIVITY_MANAGERS: [*ADMIN_ACCESS, "member_center.view_firm", "member_center.view_lawyer"],
}  # fmt: skip

# Content editors edit, publish and delete pages anywhere in the tree.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
]  # fmt: skip


def staff_roles() -> dict[str, list[str]]:
    """Each role's permissions: the core's, then what the `register_staff_role_permissions`
    hooks add (in hook order, without repeats). A hook naming an unknown role is an error."""
    table = {role: list(names) for role, names in CORE_ROLE_PERMISSIONS.items()}
    for fn in hooks.get_hooks("register_staff_role_permissions"):
        for role, names in fn().items():
            if role not in table:
                raise ImproperlyConfigured(f"{fn.__module__}.{fn.__name__}: unknown staff role {role!r}")
            table[role].extend(name for name in names if name not in table[role])
    return table


def _permissions(names: list[str]) -> list[Permission]:
    query = Q()
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def after_migrate(**kwargs) -> None:
    """post_migrate receiver. `flush` sends post_migrate too, without a plan: the groups are then
    left to whatever restores the flushed data (a test's serialized rollback), which would
    otherwise collide with groups made here under other ids."""
    if "plan" in kwargs:
        ensure_staff_groups()


def ensure_staff_groups() -> None:
    """Idempotent. Runs after each app's migrations; does its work once every permission it
    names exists (permissions of later apps are created by their own post_migrate). The
    hooks are read through wagtail.hooks.get_hooks, which imports every app's wagtail_hooks
    first, so the table is complete whenever this runs."""
    table = staff_roles()
    wanted = {name for names in table.values() for name in names}
    if len(_permissions(sorted(wanted))) < len(wanted):
        return
    for group_name, names in table.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*_permissions(names))

    editors = Group.objects.get(name=CONTENT_EDITORS)
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=editors, page=root_page, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _permissions(EDITOR_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission
            )
