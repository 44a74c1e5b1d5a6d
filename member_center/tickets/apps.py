from django.apps import AppConfig


class TicketsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_center.tickets"
    label = "tickets"
    verbose_name = "工单系统"

    def ready(self):
        from auditlog.registry import auditlog

        from portal.uploads.access import register_attachment_access

        from . import models, services

        auditlog.register(models.CannedReply)
        # A ticket's own files (the 附件 of 创建问题) and each message's: the member who filed it
        # sees them, except an internal note's; staff who may handle tickets see all.
        register_attachment_access(models.Ticket, services.may_see_ticket_files)
        register_attachment_access(models.TicketMessage, services.may_see_message_files)
