from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "portal.uploads"
    label = "uploads"
    verbose_name = "附件"
    default_auto_field = "django.db.models.BigAutoField"
