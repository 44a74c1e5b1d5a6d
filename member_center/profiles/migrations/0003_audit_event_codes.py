from django.db import migrations

from portal.audit_codes import add_codes

PROFILE = {
    "正式提交审核": "profiles.profile.submit",
    "撤回信息补全申请": "profiles.profile.withdraw",
    "审核通过": "profiles.profile.approve",
    "驳回": "profiles.profile.reject",
    "上传照片": "profiles.profile.upload_photo",
    "更换照片": "profiles.profile.replace_photo",
    "确认补全基本信息": "profiles.profile.confirm_basic",
}
CHANGE = {"标记已处理": "profiles.change.process"}


def forwards(apps, schema_editor):
    add_codes(
        apps,
        {"profiles.Profile": PROFILE, "profiles.ProfileChange": CHANGE},
        {"profiles.Profile": {"填报为无": ("profiles.profile.declare_none", "section")}},
    )


class Migration(migrations.Migration):
    """Entries written before the shared workflow get the stable code of their event."""

    dependencies = [
        ("profiles", "0002_change_log_order_index"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
