from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_center.profiles"
    label = "profiles"
    verbose_name = "律师档案"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models
        from .sections import SECTIONS

        auditlog.register(models.Profile, exclude_fields=["updated_at"])
        auditlog.register(models.ProfileChange)
        for section in SECTIONS:
            auditlog.register(section.model, exclude_fields=["updated_at"])
