from django.apps import AppConfig


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = "新闻与通知"

    def ready(self):
        from auditlog.registry import auditlog

        from portal.uploads.access import register_attachment_access

        from . import models, services

        # Staff's edits of a 公文 and its 传阅给 are in its history; its moves are the workflow's entries.
        auditlog.register(models.OfficialDocument)
        auditlog.register(models.Circle)

        # Staff see every 公文 file; a recipient an 普通 document's through /files/. A classified
        # document's go only through 我的公文's own address, which names and records the download.
        register_attachment_access(models.OfficialDocument, services.may_see_document_files)
        register_attachment_access(models.Feedback, services.may_see_feedback_files)
