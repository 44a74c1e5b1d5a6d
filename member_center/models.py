"""The roster (firms, lawyers, discipline records) and the members' accounts.

The roster is the association's authoritative data, imported by staff. Accounts are created
lazily, the first time a member logs in with the initial password the roster implies, so a
roster of 20k lawyers never means 20k password hashes computed up front.
"""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from portal.storage import private_storage

OFFICE_INITIAL_PASSWORD = "123456"

validate_mobile = RegexValidator(r"^1[3-9]\d{9}$", "请输入 11 位手机号码，例如 13800138000。")


class MemberKind(models.TextChoices):
    LAW_FIRM = "law_firm", "律师事务所"
    COMPANY_OFFICE = "company_office", "公司律师办公室"
    PUBLIC_OFFICE = "public_office", "公职律师办公室"
    LAWYER = "lawyer", "执业律师"
    TRAINEE = "trainee", "实习人员"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class PracticeType(models.TextChoices):
    FULL_TIME = "full_time", "专职"
    PART_TIME = "part_time", "兼职"
    COMPANY = "company", "公司律师"
    PUBLIC = "public", "公职律师"
    LEGAL_AID = "legal_aid", "法律援助律师"


class FirmRole(models.TextChoices):
    HEAD = "head", "负责人"
    PARTNER = "partner", "合伙人"
    LAWYER = "lawyer", "律师"


class RosterStatus(models.TextChoices):
    PRACTISING = "practising", "执业"
    CANCELLED = "cancelled", "已注销"


def mask_id_number(value: str) -> str:
    """440104198001011234 -> 440104********1234 (DESIGN: PII shown masked)."""
    if not value or len(value) < 10:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


class Firm(models.Model):
    """A law firm, or a company / public lawyers' office: the group members."""

    kind = models.CharField(
        "会员类别",
        max_length=20,
        choices=[
            (k.value, k.label) for k in (MemberKind.LAW_FIRM, MemberKind.COMPANY_OFFICE, MemberKind.PUBLIC_OFFICE)
        ],
        default=MemberKind.LAW_FIRM,
    )
    name = models.CharField("律师事务所名称", max_length=100)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    licence_no = models.CharField("执业许可证号", max_length=30, unique=True, null=True, blank=True)
    member_no = models.CharField("会员编号", max_length=30, unique=True, null=True, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    founded_on = models.DateField("律所批准日期", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    mobile = models.CharField(
        "登记手机号码",
        max_length=11,
        blank=True,
        validators=[validate_mobile],
        help_text="名册登记的手机号码：首次登录和找回密码时，验证码发送到这里。",
    )
    email = models.EmailField(
        "登记电子邮箱", blank=True, help_text="名册登记的电子邮箱：首次登录时，验证码也可发送到这里。"
    )
    status = models.CharField("状态", max_length=20, choices=RosterStatus.choices, default=RosterStatus.PRACTISING)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "律师事务所"
        verbose_name_plural = "律师事务所"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(licence_no__isnull=False) | Q(member_no__isnull=False),
                name="firm_has_login_number",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def login_name(self) -> str:
        return self.licence_no or self.member_no

    @property
    def is_active_member(self) -> bool:
        return self.status == RosterStatus.PRACTISING

    @property
    def firm(self) -> "Firm":
        return self

    def initial_password(self) -> str:
        # Manual 002 §1.2: firms use the last six characters of their licence number,
        # company and public lawyers' offices the fixed 123456.
        if self.kind == MemberKind.LAW_FIRM and self.licence_no:
            return self.licence_no[-6:].lower()
        return OFFICE_INITIAL_PASSWORD


class Lawyer(models.Model):
    """A practising lawyer or a trainee: the individual members."""

    kind = models.CharField(
        "会员类别",
        max_length=20,
        choices=[(k.value, k.label) for k in (MemberKind.LAWYER, MemberKind.TRAINEE)],
        default=MemberKind.LAWYER,
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    authority = models.CharField("主管机关", max_length=100, blank=True)
    practice_type = models.CharField(
        "执业类别", max_length=20, choices=PracticeType.choices, default=PracticeType.FULL_TIME
    )
    firm = models.ForeignKey(
        Firm, verbose_name="执业机构", on_delete=models.PROTECT, related_name="lawyers", null=True, blank=True
    )
    firm_role = models.CharField("所内身份", max_length=20, choices=FirmRole.choices, default=FirmRole.LAWYER)
    licence_no = models.CharField("执业证号", max_length=30, unique=True)
    member_no = models.CharField("会员编号", max_length=30, unique=True, null=True, blank=True)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    first_licensed_on = models.DateField("首次执业日期", null=True, blank=True)
    mobile = models.CharField(
        "登记手机号码",
        max_length=11,
        blank=True,
        validators=[validate_mobile],
        help_text="名册登记的手机号码：首次登录和找回密码时，验证码发送到这里。",
    )
    email = models.EmailField(
        "登记电子邮箱", blank=True, help_text="名册登记的电子邮箱：首次登录时，验证码也可发送到这里。"
    )
    status = models.CharField("状态", max_length=20, choices=RosterStatus.choices, default=RosterStatus.PRACTISING)
    cancelled_on = models.DateField("注销日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "律师"
        verbose_name_plural = "律师"
        ordering = ["name", "licence_no"]
        indexes = [models.Index(fields=["firm", "status"]), models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name}（{self.licence_no}）"

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def login_name(self) -> str:
        return self.licence_no

    @property
    def is_active_member(self) -> bool:
        return self.status == RosterStatus.PRACTISING

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def initial_password(self) -> str:
        # Manual 002 §1.2: the last six characters of the 18-digit ID number, letters lower case.
        return self.id_number[-6:].lower()


class DisciplineKind(models.TextChoices):
    ADMONITION = "admonition", "训诫"
    CRITICISM = "criticism", "通报批评"
    CENSURE = "censure", "公开谴责"
    SUSPENSION = "suspension", "中止会员权利"
    EXPULSION = "expulsion", "取消会员资格"


class DisciplineRecord(models.Model):
    """行业处分: drives the review of the no-discipline certificates."""

    firm = models.ForeignKey(
        Firm,
        verbose_name="律师事务所",
        on_delete=models.CASCADE,
        related_name="discipline_records",
        null=True,
        blank=True,
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="律师", on_delete=models.CASCADE, related_name="discipline_records", null=True, blank=True
    )
    decided_on = models.DateField("处分决定日期")
    kind = models.CharField("处分种类", max_length=20, choices=DisciplineKind.choices)
    summary = models.TextField("处分摘要", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "行业处分"
        verbose_name_plural = "行业处分"
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(firm__isnull=False, lawyer__isnull=True) | Q(firm__isnull=True, lawyer__isnull=False)),
                name="discipline_record_has_one_subject",
            )
        ]

    def __str__(self):
        subject = self.firm or self.lawyer
        return f"{subject} {self.get_kind_display()} {self.decided_on:%Y-%m-%d}"


def account_photo_path(instance, filename):
    # A new random name per upload: the old file stays in place until the change commits.
    return f"accounts/{instance.pk or 'new'}/photo-{uuid.uuid4().hex[:12]}.jpg"


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: username})


class User(AbstractUser):
    """A login: association staff, or a member's account linked to its roster entry."""

    firm = models.OneToOneField(
        Firm, verbose_name="律师事务所", on_delete=models.PROTECT, related_name="account", null=True, blank=True
    )
    lawyer = models.OneToOneField(
        Lawyer, verbose_name="律师", on_delete=models.PROTECT, related_name="account", null=True, blank=True
    )
    must_change_password = models.BooleanField(
        "须修改密码", default=False, help_text="首次登录或重置为初始密码后，须先修改密码才能使用会员中心。"
    )
    activated_at = models.DateTimeField(
        "激活时间",
        null=True,
        blank=True,
        help_text="会员首次登录（或密码被重置后登录）时，以验证码或激活码验证身份的时间；空：尚未激活。",
    )
    mobile = models.CharField("手机号码", max_length=11, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    bio = models.TextField("个人简介", max_length=500, blank=True)
    photo = models.FileField("个人照片", storage=private_storage, upload_to=account_photo_path, blank=True)
    notify_by_email = models.BooleanField(
        "接收邮件通知", default=True, help_text="开启后，审核结果等消息同时发送到您的电子邮箱。"
    )
    weekly_summary = models.BooleanField(
        "接收每周待办摘要",
        default=False,
        help_text="工作人员可选：每周一上午把您负责的待办（数量和最久已等待的时间）发到您的电子邮箱。",
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=Q(firm__isnull=True) | Q(lawyer__isnull=True),
                name="user_is_one_member_at_most",
            )
        ]

    @property
    def member(self) -> Firm | Lawyer | None:
        return self.firm or self.lawyer

    @property
    def real_name(self) -> str:
        member = self.member
        return member.display_name if member else (self.get_full_name() or self.username)

    def photo_url(self) -> str:
        return reverse("member_center:account_photo") if self.photo else ""


class CodePurpose(models.TextChoices):
    ACTIVATION = "activation", "激活账号"
    PASSWORD_RESET = "password_reset", "重置密码"


class CodeChannel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"
    LETTER = "letter", "激活函"


class OneTimeCode(models.Model):
    """A code proving the member holds the roster's mobile or e-mail, or a staff activation letter.

    Only a keyed hash is kept (member_center.activation): a sent code exists in the message and
    nowhere else; a letter's code is derived from its nonce with the SECRET_KEY."""

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField("用途", max_length=20, choices=CodePurpose.choices)
    channel = models.CharField("发送方式", max_length=10, choices=CodeChannel.choices)
    sent_to = models.CharField("发送至", max_length=254, blank=True, help_text="已遮盖的手机号码或电子邮箱。")
    code_hash = models.CharField("验证码摘要", max_length=64)
    letter_nonce = models.CharField("激活函随机数", max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="生成人", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "验证码"
        verbose_name_plural = "验证码"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()}（{self.get_channel_display()}）"
