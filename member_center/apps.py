from django.apps import AppConfig


class MemberCenterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_center"
    verbose_name = "会员中心"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from . import login_limits, models, roles  # noqa: F401 (login_limits: its signal receiver)

        post_migrate.connect(roles.after_migrate, dispatch_uid="member_center.ensure_staff_groups")

        auditlog.register(models.Firm)
        auditlog.register(models.Lawyer)
        auditlog.register(models.DisciplineRecord)
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
