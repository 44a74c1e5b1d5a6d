"""站内消息: one row per recipient, with the e-mail copy's delivery status beside it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from portal.tasks import MAIL_ATTEMPTS


class EmailStatus(models.TextChoices):
    NONE = "none", "不发送"
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"  # an attempt failed and a retry is scheduled
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Notification(models.Model):
    MAX_EMAIL_ATTEMPTS = MAIL_ATTEMPTS  # the first try and the scheduled retries (portal.tasks)

    # The composite index below starts with the recipient, so the foreign key needs none of its own.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True, help_text="会员中心内相关事项的地址")
    event = models.CharField(
        "事件", max_length=100, blank=True, db_index=True, help_text="如 certificates.application.approve"
    )
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    email_to = models.EmailField("收件邮箱", blank=True)
    email_status = models.CharField(
        "邮件状态", max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, db_index=True
    )
    email_attempts = models.PositiveSmallIntegerField("邮件尝试次数", default=0)
    email_sent_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    email_error = models.CharField("邮件失败原因", max_length=300, blank=True)

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息记录"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The member's 消息 list, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The unread count of the top bar: only the unread rows are indexed.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            # Staff's 消息记录, newest first, whole or by e-mail status (the bench found a full sort).
            models.Index(fields=["-created_at", "-id"], name="notification_listing_idx"),
            models.Index(fields=["email_status", "-created_at", "-id"], name="notification_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:detail", args=[self.pk])

    @property
    def link(self) -> str:
        """`url` when it is a page address (a path or http(s)), never anything else."""
        return self.url if self.url.startswith(("/", "http://", "https://")) and not self.url.startswith("//") else ""

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
