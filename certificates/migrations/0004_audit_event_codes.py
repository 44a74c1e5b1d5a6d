from django.db import migrations

from portal.audit_codes import add_codes

APPLICATION = {
    "提交申请": "certificates.application.submit",
    "系统审核：转人工审核": "certificates.application.refer",
    "系统审核通过": "certificates.application.system_approve",
    "审核通过": "certificates.application.approve",
    "驳回": "certificates.application.reject",
    "撤回申请": "certificates.application.withdraw",
    "撤销证明": "certificates.application.revoke",
    "生成证明文件": "certificates.application.render",
    "请求发送邮箱": "certificates.application.request_email",
    "邮件已发送": "certificates.application.email_sent",
    "邮件发送失败": "certificates.application.email_failed",
    "纸质证明已领取": "certificates.paper.pick_up",
    "纸质证明已邮寄": "certificates.paper.post",
}
ADDITION = {
    "提交新增律师": "certificates.addition.submit",
    "确认新增律师": "certificates.addition.confirm",
    "驳回新增律师": "certificates.addition.reject",
}


def forwards(apps, schema_editor):
    add_codes(apps, {"certificates.CertificateApplication": APPLICATION, "certificates.LawyerAdditionRequest": ADDITION})


class Migration(migrations.Migration):
    """Entries written before the shared workflow get the stable code of their event."""

    dependencies = [
        ("certificates", "0003_application_state_paper_index"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
