"""The staff roles, as Wagtail groups: 内容编辑, 证明审核, 会员管理.

Kept in step with the code after every migrate (post_migrate), so production, the demo and
the tests all have the same roles. Later apps add their permissions to STAFF_ROLES."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CONTENT_EDITORS = "内容编辑"
CERTIFICATE_REVIEWERS = "证明审核"
MEMBER_MANAGERS = "会员管理"

ADMIN_ACCESS = ["wagtailadmin.access_admin"]

STAFF_ROLES: dict[str, list[str]] = {
    CONTENT_EDITORS: [
        *ADMIN_ACCESS,
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "home.change_portalsettings",
        "certificates.view_certificatetype", "certificates.add_certificatetype",
        "certificates.change_certificatetype", "certificates.change_certificatesettings",
    ],
    CERTIFICATE_REVIEWERS: [
        *ADMIN_ACCESS,
        "member_center.view_firm", "member_center.view_lawyer", "member_center.view_disciplinerecord",
        "certificates.view_certificateapplication", "certificates.review_certificateapplication",
        "certificates.view_certificatetype",
        "certificates.view_lawyeradditionrequest", "certificates.change_lawyeradditionrequest",
    ],
    MEMBER_MANAGERS: [
        *ADMIN_ACCESS,
        "member_center.view_firm", "member_center.add_firm", "member_center.change_firm",
        "member_center.view_lawyer", "member_center.add_lawyer", "member_center.change_lawyer",
        "member_center.view_disciplinerecord", "member_center.add_disciplinerecord",
        "member_center.change_disciplinerecord", "member_center.delete_disciplinerecord",
        "auditlog.view_logentry", "axes.view_accessattempt", "axes.delete_accessattempt",
        "certificates.view_lawyeradditionrequest", "certificates.change_lawyeradditionrequest",
        "profiles.view_profile", "profiles.review_profile",
        "profiles.view_profilechange", "profiles.change_profilechange",
        "notifications.view_notification",
    ],
}  # fmt: skip

# Content editors edit, publish and delete pages anywhere in the tree.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
]  # fmt: skip


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
    names exists (permissions of later apps are created by their own post_migrate)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    wanted = {name for names in STAFF_ROLES.values() for name in names}
    if len(_permissions(sorted(wanted))) < len(wanted):
        return
    for group_name, names in STAFF_ROLES.items():
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
