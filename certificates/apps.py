from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = "电子证明"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.CertificateType)
        auditlog.register(models.CertificateApplication, exclude_fields=["snapshot", "pdf"])
        auditlog.register(models.LawyerAdditionRequest)
