from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = "活动报名"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate, post_save

        from portal.uploads.access import register_attachment_access

        from . import models, services

        auditlog.register(models.TrainingRecord)
        # A sign-up's 附件 and a leave request's 请假附件: the member who signed up (and the lawyer
        # signed up by his firm) sees them; staff who manage activities see all.
        register_attachment_access(models.SignUp, services.may_see_signup_files)
        register_attachment_access(models.LeaveRequest, services.may_see_leave_files)
        post_save.connect(services.on_index_page_saved, sender=models.ActivityIndexPage)
        post_migrate.connect(services.after_migrate, sender=self)
