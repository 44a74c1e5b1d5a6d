"""名册导入: one upload of the justice bureau's roster (律师事务所, 律师 or 行业处分) is an ImportRun;
its dry run writes one ImportRow per line of the file (what it would do and why), and the confirm
applies exactly those rows, so what staff saw is what happens."""

from django.db import models

from portal.storage import private_storage


class ImportKind(models.TextChoices):
    FIRMS = "firms", "律师事务所"
    LAWYERS = "lawyers", "律师（含实习人员）"
    DISCIPLINE = "discipline", "行业处分"


class RunState(models.TextChoices):
    PENDING = "pending", "待试运行"
    DRY_RUNNING = "dry_running", "试运行中"
    READY = "ready", "待确认"
    APPLYING = "applying", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    EXPIRED = "expired", "已过期"


class Outcome(models.TextChoices):
    NEW = "new", "新增"
    CHANGED = "changed", "变更"
    UNCHANGED = "unchanged", "无变化"
    CANCELLED = "cancelled", "注销"
    INVALID = "invalid", "有误"
    MISSING = "missing", "不在文件中"


# What the confirm writes; the others are only shown.
APPLIED_OUTCOMES = (Outcome.NEW, Outcome.CHANGED, Outcome.CANCELLED)


def import_file_path(instance, filename):
    return f"roster-import/{instance.submission_token}/{filename[-80:]}"


class ImportRun(models.Model):
    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices)
    state = models.CharField("状态", max_length=20, choices=RunState.choices, default=RunState.PENDING)
    full_list = models.BooleanField(
        "这是完整名单", default=False, help_text="勾选后，名册中有而文件中没有的会员列为“不在文件中”，供人工核对注销。"
    )
    file = models.FileField("文件", storage=private_storage, upload_to=import_file_path)
    file_name = models.CharField("文件名", max_length=200)
    file_sha256 = models.CharField("文件摘要", max_length=64)
    # A double click on 上传并试运行 posts the same token twice: one run.
    submission_token = models.UUIDField(unique=True, editable=False)
    # The roster rows the file touches, as they were when the dry run read them (services.fingerprint).
    fingerprint = models.CharField("名册指纹", max_length=64, blank=True)
    # The key columns' values the dry run read ({column: [values]}): the confirm checks the
    # fingerprint from these, without reading and parsing the file again inside its transaction.
    keys = models.JSONField("文件中的证号", default=dict, blank=True)
    total_rows = models.PositiveIntegerField("行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    counts = models.JSONField("统计", default=dict, blank=True)
    error = models.TextField("失败原因", blank=True)
    created_by = models.ForeignKey(
        "member_center.User", verbose_name="上传人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    dry_run_at = models.DateTimeField("试运行完成时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "member_center.User", verbose_name="确认人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "名册导入"
        verbose_name_plural = "名册导入"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"名册导入 #{self.pk}（{self.get_kind_display()}：{self.file_name}）"

    @property
    def progress(self) -> int:
        """Percent done of the step under way (the dry run, or the apply)."""
        if not self.total_rows:
            return 100 if self.state in (RunState.READY, RunState.DONE) else 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ImportRow(models.Model):
    """One line of the file (or, for 不在文件中, one roster row the full list leaves out)."""

    run = models.ForeignKey(ImportRun, verbose_name="名册导入", on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField("行号", null=True, blank=True)  # as a spreadsheet numbers it: heading is 1
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices)
    key = models.CharField("证号", max_length=60, blank=True)
    name = models.CharField("名称", max_length=200, blank=True)
    target_id = models.BigIntegerField("名册记录", null=True, blank=True)
    # The roster row's updated_at when the dry run read it: the apply (and 注销 of a row 不在文件中)
    # skips a row changed since.
    seen_updated_at = models.DateTimeField(null=True, blank=True)
    values = models.JSONField("写入内容", default=dict, blank=True)  # field -> value as JSON
    diff = models.JSONField("变更", default=dict, blank=True)  # field -> [old shown, new shown]
    reasons = models.JSONField("原因", default=list, blank=True)
    flags = models.JSONField("提示", default=list, blank=True)
    # For a row 不在文件中: when staff cancelled the member from the run's page (or why not).
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)
    apply_error = models.CharField("未导入原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "导入行"
        verbose_name_plural = "导入行"
        ordering = ["run", "line", "pk"]
        indexes = [models.Index(fields=["run", "outcome"])]

    def __str__(self):
        return f"第 {self.line} 行" if self.line else self.name
