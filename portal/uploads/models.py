import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from portal.storage import private_storage

from .rules import KINDS


def attachment_path(instance, filename):
    """A random name: nothing the member typed reaches the path; only the detected type's
    extension (services.attach names the file "<kind extension>")."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"attachments/{timezone.now():%Y/%m}/{instance.uuid.hex}{suffix}"


class Attachment(models.Model):
    """A file a member (or staff) uploaded for something else: a ticket, an activity, a 公文.
    Stored privately; served only by uploads.views.serve, after the owner's registered check."""

    uuid = models.UUIDField("编号", default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, verbose_name="所属类型", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField("所属对象")
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField("文件", storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    mime_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("文件大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_owner")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("attachment", args=[self.uuid])

    @property
    def kind(self):
        return next((kind for kind in KINDS.values() if kind.mime == self.mime_type), None)

    @property
    def inline(self) -> bool:
        """Only pictures and PDF are shown in the browser; anything else is downloaded."""
        kind = self.kind
        return bool(kind and kind.inline)

    @property
    def download_name(self) -> str:
        """The original name, with the detected type's extension when it claimed another one."""
        kind = self.kind
        path = PurePosixPath(self.original_name)
        if kind is None or path.suffix.lower() in kind.extensions:
            return self.original_name
        return f"{path.stem or '附件'}{kind.extensions[0]}"
