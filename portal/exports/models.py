"""后台导出: a staff listing's export over settings.EXPORT_INLINE_LIMIT rows, built by a job."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from portal.storage import private_storage


class ExportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATES = (ExportState.QUEUED, ExportState.RUNNING)


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "xlsx 表格"
    CSV = "csv", "CSV 文件"


def export_file_path(export, filename: str) -> str:
    return f"exports/{export.user_id}/{filename}"


class StaffExport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.CASCADE, related_name="staff_exports"
    )
    listing = models.CharField("列表", max_length=200)
    path = models.CharField("列表地址", max_length=300)
    query = models.TextField("筛选条件", blank=True, help_text="列表地址的查询字符串（不含 export）")
    format = models.CharField("格式", max_length=4, choices=ExportFormat.choices)
    filename = models.CharField("文件名", max_length=200)
    # The address the export was asked on: the job's links and its request's host (portal.site_url).
    base_url = models.CharField("站点地址", max_length=200, blank=True)
    # sha256 of path, query and format: one export at a time per user and key (a double click).
    key = models.CharField(max_length=64)
    rows = models.PositiveIntegerField("行数", default=0)
    state = models.CharField("状态", max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    error = models.CharField("失败原因", max_length=300, blank=True)
    file = models.FileField("文件", storage=private_storage, upload_to=export_file_path, blank=True)
    created_at = models.DateTimeField("导出时间", auto_now_add=True)
    started_at = models.DateTimeField("开始生成", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("下载截止", null=True, blank=True)

    class Meta:
        verbose_name = "后台导出"
        verbose_name_plural = "后台导出"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=Q(state__in=ACTIVE_STATES), name="staff_export_one_active"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="staff_export_mine_idx"),
            # reconcile (lost jobs) and the daily clean-up of expired files
            models.Index(fields=["state", "created_at"], name="staff_export_state_idx"),
            models.Index(fields=["expires_at"], condition=~Q(file=""), name="staff_export_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.listing}（{self.get_format_display()}）"

    @property
    def full_filename(self) -> str:
        return f"{self.filename}.{self.format}"

    @property
    def listing_url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    def get_download_url(self) -> str:
        return reverse("exports:download", args=[self.pk])
