"""Electronic certificates (manual 001): types written by editors, applications by members."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import PreviewableMixin
from wagtail.search import index

from member_center.models import Firm, Lawyer, MemberKind
from portal.site_url import site_url
from portal.storage import private_storage
from portal.tasks import MAIL_ATTEMPTS

from . import templating
from .wording import certificate_context, sample_snapshot


class CertificateGroup(models.TextChoices):
    FIRM = "firm", "律所相关证明"
    LAWYER = "lawyer", "律师个人证明"
    OTHER = "other", "其他证明"


class ApplicantKind(models.TextChoices):
    FIRM = "firm", "律师事务所"
    LAWYER = "lawyer", "律师"


class LawyerScope(models.TextChoices):
    NONE = "none", "不涉及律师"
    CHOSEN = "chosen", "所选律师"
    ALL = "all", "全体律师"
    CANCELLED = "cancelled", "一名已注销律师"


class ReviewMode(models.TextChoices):
    SYSTEM = "system", "系统审核"
    MANUAL = "manual", "人工审核"


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """What every certificate carries besides its body: the seal and the signature line."""

    issuer_name = models.CharField("出具单位", max_length=100, default="广州市律师协会")
    seal_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="印章图片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="透明背景的 PNG 印章图片，盖在落款处。",
    )  # fmt: skip
    signature_line = models.CharField("落款", max_length=100, default="广州市律师协会")
    footer_note = models.CharField(
        "验证说明", max_length=200, default="本证明可在广州市律师协会网站“证明验证”栏目，凭证明编号和验证码查验真伪。"
    )

    class Meta:
        verbose_name = "电子证明设置"

    @property
    def seal_url(self) -> str:
        return self.seal_image.file.url if self.seal_image else ""


SET_REVIEW_MODE = "certificates.set_review_mode"


class CertificateTypeForm(WagtailAdminModelForm):
    """The type's admin form. 审核方式 is the 证明审核 role's (SET_REVIEW_MODE): 系统审核 approves
    without anyone looking, so an editor without it does not get the field (the panel's
    permission drops it from the form, whatever is posted), and a type he adds starts 人工审核."""

    def save(self, commit=True):
        if "review_mode" not in self.fields and self.instance._state.adding:
            self.instance.review_mode = ReviewMode.MANUAL
        return super().save(commit=commit)


class CertificateType(PreviewableMixin, index.Indexed, models.Model):
    name = models.CharField("证明名称", max_length=100, unique=True)
    group = models.CharField("分组", max_length=20, choices=CertificateGroup.choices, default=CertificateGroup.FIRM)
    applicant_kind = models.CharField(
        "申请人",
        max_length=20,
        choices=ApplicantKind.choices,
        default=ApplicantKind.FIRM,
        help_text="律师类证明由律师本人申请，律所也可代本所一名执业律师申请。",
    )
    lawyer_scope = models.CharField("涉及律师", max_length=20, choices=LawyerScope.choices, default=LawyerScope.NONE)
    appends_roster = models.BooleanField("附全体律师名单", default=False)
    review_mode = models.CharField("审核方式", max_length=20, choices=ReviewMode.choices, default=ReviewMode.SYSTEM)
    body = models.TextField(
        "证明正文",
        help_text="每行一段。用 {{律所名称}} 这样的占位符插入申请信息；可用的占位符见下方说明。",
    )
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("group"),
                FieldPanel("applicant_kind"),
                FieldPanel("lawyer_scope"),
                FieldPanel("appends_roster"),
            ],
            heading="适用范围",
        ),
        MultiFieldPanel(
            [FieldPanel("review_mode", permission=SET_REVIEW_MODE), FieldPanel("active"), FieldPanel("sort_order")],
            heading="审核与显示",
        ),
        FieldPanel("body"),
        HelpPanel(
            content="<p><strong>可用的占位符：</strong></p><ul>"
            + "".join(f"<li><code>{{{{{k}}}}}</code>：{v}</li>" for k, v in templating.PLACEHOLDERS.items())
            + "</ul>",
            heading="占位符",
        ),
    ]
    base_form_class = CertificateTypeForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "证明类型"
        verbose_name_plural = "证明类型"
        ordering = ["sort_order", "pk"]
        permissions = [("set_review_mode", "可设定审核方式")]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            templating.validate_body(self.body or "")
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from None
        if self.applicant_kind == ApplicantKind.LAWYER and self.lawyer_scope != LawyerScope.NONE:
            raise ValidationError({"lawyer_scope": "律师个人证明只涉及申请人本人，“涉及律师”请选“不涉及律师”。"})

    @property
    def needs_lawyer_choice(self) -> bool:
        return self.lawyer_scope in (LawyerScope.CHOSEN, LawyerScope.CANCELLED)

    def is_for(self, member) -> bool:
        if isinstance(member, Lawyer):
            # Practising lawyers only: trainees (实习人员) hold no lawyer's certificate.
            return self.applicant_kind == ApplicantKind.LAWYER and member.kind == MemberKind.LAWYER
        # A firm applies for its own types, and for a lawyer's on behalf of one of its lawyers
        # (manual 001 lists 律师个人无行业处分 … in a firm's 我的证明).
        return member.kind == MemberKind.LAW_FIRM

    def is_on_behalf(self, member) -> bool:
        """A firm applying for a lawyer's certificate: it names one lawyer of the firm."""
        return self.applicant_kind == ApplicantKind.LAWYER and not isinstance(member, Lawyer)

    # Live preview in the editor: the body with sample data.
    def get_preview_template(self, request, mode_name):
        return "certificates/admin/type_preview.html"

    def get_preview_context(self, request, mode_name):
        issuer = CertificateSettings.load()
        certificate = {**certificate_context(sample_snapshot(self, issuer)), "seal_url": issuer.seal_url}
        return {**super().get_preview_context(request, mode_name), "certificate": certificate}


class ApplicationState(models.TextChoices):
    PENDING = "pending", "待审批"
    PASSED = "passed", "已通过"
    REJECTED = "rejected", "已驳回"
    WITHDRAWN = "withdrawn", "已撤回"
    REVOKED = "revoked", "已撤销"


class PaperDelivery(models.TextChoices):
    PICKUP = "pickup", "自取"
    MAIL = "mail", "邮寄"


class PaperStatus(models.TextChoices):
    NONE = "", "—"
    AWAITING_PICKUP = "awaiting_pickup", "待领取"
    PICKED_UP = "picked_up", "已领取"
    AWAITING_POST = "awaiting_post", "待邮寄"
    POSTED = "posted", "已邮寄"


# 我的证明's 申请状态 (manual 001 §2.1.2): 已审批 covers every decided state.
STATUS_FILTERS = {"pending": "待审批", "reviewed": "已审批", "withdrawn": "已撤回"}
# and its 审核结果 (通过 / 驳回), for the dashboard's 已驳回 link among others.
RESULT_FILTERS = {"passed": "通过", "rejected": "驳回"}
RESULT_FILTER_STATES = {"passed": [ApplicationState.PASSED], "rejected": [ApplicationState.REJECTED]}
STATUS_FILTER_STATES = {
    "pending": [ApplicationState.PENDING],
    "reviewed": [ApplicationState.PASSED, ApplicationState.REJECTED, ApplicationState.REVOKED],
    "withdrawn": [ApplicationState.WITHDRAWN],
}


def new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
    return "".join(secrets.choice(alphabet) for _ in range(8))


class ApplicationQuerySet(models.QuerySet):
    def of_member(self, member):
        """Only this member's own applications: every member-centre action goes through here."""
        if isinstance(member, Lawyer):
            return self.filter(applicant_lawyer=member)
        return self.filter(applicant_firm=member)

    def visible_to(self, member):
        """What the member may read: their own, and for a lawyer also the certificates his firm
        applied for on his behalf (they are about him; the firm alone acts on them)."""
        if isinstance(member, Lawyer):
            return self.filter(Q(applicant_lawyer=member) | Q(on_behalf_of=member))
        return self.of_member(member)


class CertificateApplication(models.Model):
    number = models.CharField("编号", max_length=14, unique=True)
    submission_token = models.UUIDField("提交标识", unique=True, editable=False)
    certificate_type = models.ForeignKey(
        CertificateType, verbose_name="申请类型", on_delete=models.PROTECT, related_name="applications"
    )
    applicant_firm = models.ForeignKey(
        Firm,
        verbose_name="申请律所",
        on_delete=models.PROTECT,
        related_name="certificate_applications",
        null=True,
        blank=True,
    )
    applicant_lawyer = models.ForeignKey(
        Lawyer,
        verbose_name="申请律师",
        on_delete=models.PROTECT,
        related_name="certificate_applications",
        null=True,
        blank=True,
    )
    applicant_name = models.CharField("申请人", max_length=100)
    on_behalf_of = models.ForeignKey(
        Lawyer,
        verbose_name="代为申请的律师",
        on_delete=models.PROTECT,
        related_name="certificates_applied_for",
        null=True,
        blank=True,
    )
    lawyers = models.ManyToManyField(Lawyer, verbose_name="涉及律师", blank=True, related_name="certified_in")

    start_date = models.DateField("起始时间")
    email = models.EmailField("联系邮箱")
    paper_needed = models.BooleanField("纸质证明", default=False)
    paper_copies = models.PositiveSmallIntegerField("申请数量", null=True, blank=True)
    paper_delivery = models.CharField("领取方式", max_length=10, choices=PaperDelivery.choices, blank=True)
    recipient_name = models.CharField("收件人", max_length=50, blank=True)
    recipient_phone = models.CharField("收件电话", max_length=30, blank=True)
    recipient_address = models.CharField("收件地址", max_length=200, blank=True)
    remarks = models.CharField("备注说明", max_length=100, blank=True)

    # Frozen at submission: what the certificate says (see snapshot.py).
    snapshot = models.JSONField("证明内容快照")
    state = models.CharField("状态", max_length=20, choices=ApplicationState.choices, default=ApplicationState.PENDING)
    submitted_at = models.DateTimeField("申请时间")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "member_center.User", verbose_name="审核人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    auto_reviewed = models.BooleanField("系统审核通过", default=False)
    review_evidence = models.JSONField("审核依据", default=dict, blank=True)
    waiting_reason = models.CharField("待人工审核原因", max_length=300, blank=True)
    reject_reason = models.CharField("驳回理由", max_length=300, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoke_reason = models.CharField("撤销理由", max_length=300, blank=True)

    verification_code = models.CharField("验证码", max_length=8, default=new_verification_code)
    pdf = models.FileField("证明文件", storage=private_storage, upload_to="certificates/%Y/%m/", blank=True)
    pdf_rendered_at = models.DateTimeField("文件生成时间", null=True, blank=True)
    # Empty for files issued before certificates were signed, and where no key is configured.
    pdf_signed_at = models.DateTimeField("电子签名时间", null=True, blank=True)
    # The serial (hex) of the certificate issued for this PDF's own key (certificates.signing):
    # on 撤销 it goes on the document CRL. Empty when the PDF was signed by the signing
    # certificate itself, or not signed.
    signing_serial = models.CharField("签名证书序列号", max_length=40, blank=True, default="")

    paper_status = models.CharField("纸质证明状态", max_length=20, choices=PaperStatus.choices, blank=True, default="")
    tracking_number = models.CharField("快递单号", max_length=50, blank=True)

    objects = ApplicationQuerySet.as_manager()

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "电子证明申请"
        verbose_name_plural = "电子证明申请"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("review_certificateapplication", "可审核电子证明申请")]
        indexes = [
            # The staff review queue lists everything newest first.
            models.Index(fields=["-submitted_at", "-id"], name="application_newest_first"),
            models.Index(fields=["applicant_firm", "-submitted_at"]),
            models.Index(fields=["applicant_lawyer", "-submitted_at"]),
            models.Index(fields=["state", "-submitted_at"]),
            # the staff dashboard counts pending applications and paper copies still to hand out
            models.Index(fields=["state", "paper_status"], name="application_state_paper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_firm__isnull=False, applicant_lawyer__isnull=True)
                | Q(applicant_firm__isnull=True, applicant_lawyer__isnull=False),
                name="application_has_one_applicant",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.certificate_type.name if self.certificate_type_id else ''}".strip()

    def get_absolute_url(self):
        return reverse("certificates:detail", args=[self.number])

    # What the member's list shows (manual 001 §2.1.2): 申请状态 and 审核结果.
    @property
    def status_label(self) -> str:
        return {
            ApplicationState.PENDING: "待审批",
            ApplicationState.WITHDRAWN: "已撤回",
        }.get(self.state, "已审批")

    @property
    def result_label(self) -> str:
        return {
            ApplicationState.PASSED: "通过",
            ApplicationState.REJECTED: "驳回",
            ApplicationState.REVOKED: "通过（已撤销）",
        }.get(self.state, "")

    @property
    def decided_at(self):
        """审核时间 as the list shows it: when reviewed, or when withdrawn (manual 001 §2.1.2)."""
        return self.reviewed_at or self.withdrawn_at

    @property
    def type_name(self) -> str:
        """The type's name as it was when the certificate was applied for."""
        return self.snapshot.get("type", {}).get("name") or self.certificate_type.name

    @property
    def issued_on(self):
        """The date the certificate states (出具日期), frozen at submission."""
        return datetime.date.fromisoformat(self.snapshot["issued_on"])

    @property
    def is_issued(self) -> bool:
        return self.state == ApplicationState.PASSED

    @property
    def applicant(self):
        return self.applicant_firm or self.applicant_lawyer

    def verification_url(self) -> str:
        return f"{site_url()}{reverse('certificate_verify')}?number={self.number}&code={self.verification_code}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class CertificateEmail(models.Model):
    """One 发送邮箱 request: the PDF mailed to the application's e-mail, retried on failure."""

    MAX_ATTEMPTS = MAIL_ATTEMPTS  # the first try and the scheduled retries (portal.tasks)

    application = models.ForeignKey(
        CertificateApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="emails"
    )
    to = models.EmailField("收件邮箱")
    status = models.CharField("发送状态", max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("失败原因", max_length=300, blank=True)
    requested_by = models.ForeignKey(
        "member_center.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("请求时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "证明邮件"
        verbose_name_plural = "证明邮件"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.to} {self.get_status_display()}"


class NumberCounter(models.Model):
    """Last number used per day; locked row by row so concurrent submissions never collide."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "编号计数"

    def __str__(self):
        return f"{self.day:%y%m%d}: {self.last}"


class AdditionState(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "已驳回"


class LawyerAdditionRequest(models.Model):
    """新增律师 (manual 002 FAQ): a firm reports a lawyer missing from its list; staff confirm
    it against the justice bureau's roster before the lawyer joins the roster."""

    firm = models.ForeignKey(
        Firm, verbose_name="律师事务所", on_delete=models.CASCADE, related_name="lawyer_addition_requests"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, choices=Lawyer._meta.get_field("gender").choices)
    licence_no = models.CharField("执业证号", max_length=17)
    id_number = models.CharField("身份证号", max_length=18)
    practice_type = models.CharField("执业类别", max_length=20, choices=Lawyer._meta.get_field("practice_type").choices)
    firm_role = models.CharField("所内身份", max_length=20, choices=Lawyer._meta.get_field("firm_role").choices)
    state = models.CharField("状态", max_length=20, choices=AdditionState.choices, default=AdditionState.PENDING)
    staff_note = models.CharField("处理意见", max_length=300, blank=True)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="加入名册的律师", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        "member_center.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "新增律师申请"
        verbose_name_plural = "新增律师申请"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence_no"], condition=Q(state="pending"), name="one_pending_addition_per_licence"
            )
        ]

    def __str__(self):
        return f"{self.firm} 新增 {self.name}（{self.licence_no}）"
