"""The staff roles: the core's permissions plus what each app adds through the hook
`register_staff_role_permissions`, kept in the Wagtail groups by ensure_staff_groups."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from member_center import roles

pytestmark = pytest.mark.django_db

# The whole effective table, written out: a change to any role shows up here.
EFFECTIVE_ROLES = {
    "内容编辑": {
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "home.change_portalsettings",
        "certificates.view_certificatetype",
        "certificates.add_certificatetype",
        "certificates.change_certificatetype",
        "certificates.change_certificatesettings",
        "home.view_workitem",
        "home.add_workitem",
        "home.change_workitem",
        "home.delete_workitem",
    },
    "证明审核": {
        "wagtailadmin.access_admin",
        "member_center.view_firm",
        "member_center.view_lawyer",
        "member_center.view_disciplinerecord",
        "certificates.view_certificateapplication",
        "certificates.review_certificateapplication",
        "certificates.view_certificatetype",
        "certificates.change_certificatetype",
        "certificates.set_review_mode",
        "certificates.view_lawyeradditionrequest",
        "certificates.change_lawyeradditionrequest",
    },
    "会员管理": {
        "wagtailadmin.access_admin",
        "member_center.view_firm",
        "member_center.add_firm",
        "member_center.change_firm",
        "member_center.view_lawyer",
        "member_center.add_lawyer",
        "member_center.change_lawyer",
        "member_center.view_disciplinerecord",
        "member_center.add_disciplinerecord",
        "member_center.change_disciplinerecord",
        "member_center.delete_disciplinerecord",
        "auditlog.view_logentry",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "certificates.view_lawyeradditionrequest",
        "certificates.change_lawyeradditionrequest",
        "profiles.view_profile",
        "profiles.review_profile",
        "profiles.view_profilechange",
        "profiles.change_profilechange",
        "notifications.view_notification",
        "tickets.view_ticket",
        "tickets.handle_ticket",
        "tickets.view_cannedreply",
        "tickets.add_cannedreply",
        "tickets.change_cannedreply",
        "tickets.delete_cannedreply",
        "cards.view_cardapplication",
        "cards.handle_cardapplication",
        "cards.view_membercard",
        "cards.view_cardbatch",
    },
    "技术支持": {
        "wagtailadmin.access_admin",
        "member_center.view_firm",
        "member_center.view_lawyer",
        "tickets.view_ticket",
        "tickets.handle_ticket",
        "tickets.view_cannedreply",
        "tickets.add_cannedreply",
        "tickets.change_cannedreply",
        "tickets.delete_cannedreply",
    },
    "公文管理": {
        "wagtailadmin.access_admin",
        "member_center.view_firm",
        "member_center.view_lawyer",
        "notices.view_officialdocument",
        "notices.add_officialdocument",
        "notices.change_officialdocument",
        "notices.publish_officialdocument",
        "notices.view_recipient",
    },
    "活动管理": {
        "wagtailadmin.access_admin",
        "member_center.view_firm",
        "member_center.view_lawyer",
        "activities.view_signup",
        "activities.manage_signup",
        "activities.view_trainingrecord",
        "activities.add_trainingrecord",
        "activities.change_trainingrecord",
        "activities.delete_trainingrecord",
        "activities.change_trainingsettings",
    },
}


def group_permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_effective_table_is_the_core_and_the_apps_permissions():
    table = roles.staff_roles()

    assert {role: set(names) for role, names in table.items()} == EFFECTIVE_ROLES
    assert all(len(names) == len(set(names)) for names in table.values())


def test_the_core_names_no_feature_app_permission():
    core = {name.split(".")[0] for names in roles.CORE_ROLE_PERMISSIONS.values() for name in names}

    assert core == {"wagtailadmin", "wagtailimages", "wagtaildocs", "home", "member_center", "auditlog", "axes"}


def test_the_groups_after_migrate_carry_the_effective_table():
    # As migrate (post_migrate) left them, and the same after running it again.
    assert {name: group_permissions(name) for name in EFFECTIVE_ROLES} == EFFECTIVE_ROLES

    roles.ensure_staff_groups()

    assert {name: group_permissions(name) for name in EFFECTIVE_ROLES} == EFFECTIVE_ROLES


def test_a_registered_hook_adds_its_permissions_to_the_role():
    def extra():
        return {roles.CONTENT_EDITORS: ["member_center.view_firm"]}

    with hooks.register_temporarily("register_staff_role_permissions", extra):
        assert "member_center.view_firm" in roles.staff_roles()[roles.CONTENT_EDITORS]
        roles.ensure_staff_groups()

    assert "member_center.view_firm" in group_permissions(roles.CONTENT_EDITORS)


def test_a_hook_naming_an_unknown_role_is_refused():
    def unknown():
        return {"不存在的角色": ["member_center.view_firm"]}

    with (
        hooks.register_temporarily("register_staff_role_permissions", unknown),
        pytest.raises(ImproperlyConfigured, match="不存在的角色"),
    ):
        roles.staff_roles()
