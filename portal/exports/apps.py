from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ExportsConfig(AppConfig):
    """Staff exports too large to build in the request: a job writes the file, 消息 says where it is."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.exports"
    label = "exports"
    verbose_name = "导出"

    def ready(self):
        from . import services

        post_migrate.connect(services.ensure_schedule, sender=self)
