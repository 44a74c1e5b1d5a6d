"""会员卡 (manual 002 §4.4): what a lawyer asks for (CardApplication: 首次申请, 遗失申请, 换卡申请,
through the eight states) kept apart from the card itself (MemberCard: the physical medium, its
number, the day it was handed over, 正常 / 已挂失 / 已失效), as pretix keeps orders apart from
reusable media. An application becomes a card when it is collected (已领取).

What an application says is frozen at submission (the roster's 执业信息, the contact details, the
photo), so the printer, the PDF and staff see the same thing whatever the roster does later."""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse

from member_center.models import Lawyer
from portal.storage import private_storage


class ApplicationKind(models.TextChoices):
    FIRST = "first", "首次申请会员卡"
    LOST = "lost", "遗失申请"
    REPLACE = "replace", "换卡申请"


class ApplicationState(models.TextChoices):
    """The manual's eight states, in its order, and 已撤消 (the member's 撤消: kept, marked)."""

    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已受理"
    PRINTED = "printed", "已印制"
    MAKING = "making", "制卡中"
    MADE = "made", "已制卡"
    CHECKED = "checked", "已验卡"
    COLLECTED = "collected", "已领取"
    REJECTED = "rejected", "已驳回"
    REVOKED = "revoked", "已撤消"


# Still on its way to a card: a member has at most one such application (a database constraint).
OPEN_STATES = (
    ApplicationState.PENDING,
    ApplicationState.ACCEPTED,
    ApplicationState.PRINTED,
    ApplicationState.MAKING,
    ApplicationState.MADE,
    ApplicationState.CHECKED,
)


class CardStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    LOST = "lost", "已挂失"
    INVALID = "invalid", "已失效"


# A card in use or reported lost (it may be found again): at most one per member.
LIVE_STATUSES = (CardStatus.ACTIVE, CardStatus.LOST)


def application_photo_path(instance, filename):
    return f"cards/{instance.lawyer_id}/photo-{uuid.uuid4().hex[:12]}.jpg"


def new_verify_token() -> str:
    return secrets.token_urlsafe(16)


class CardBatch(models.Model):
    """制卡批次: one export for the card printer (the xlsx and the photos), which moved its
    applications to 已印制."""

    number = models.CharField("批次号", max_length=20, unique=True)
    created_at = models.DateTimeField("导出时间")
    created_by = models.ForeignKey(
        "member_center.User", verbose_name="导出人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    size = models.PositiveIntegerField("申请数", default=0)

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "制卡批次"
        verbose_name_plural = "制卡批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.number


class CardApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class CardApplication(models.Model):
    lawyer = models.ForeignKey(Lawyer, verbose_name="律师", on_delete=models.PROTECT, related_name="card_applications")
    number = models.CharField("申请编号", max_length=20, unique=True)
    submission_token = models.UUIDField(unique=True, editable=False)
    kind = models.CharField("类型", max_length=10, choices=ApplicationKind.choices)
    state = models.CharField("状态", max_length=10, choices=ApplicationState.choices, default=ApplicationState.PENDING)
    created_at = models.DateTimeField("申请时间")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # 执业信息 and 确认信息 as they were at submission.
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, blank=True)
    authority = models.CharField("主管机关", max_length=100, blank=True)
    practice_type = models.CharField("执业类别", max_length=20, blank=True)
    firm_name = models.CharField("执业机构", max_length=200, blank=True)
    licence_no = models.CharField("执业证号", max_length=30)
    qualification_no = models.CharField("资格证号", max_length=30, blank=True)
    id_number = models.CharField("身份证号", max_length=18)
    address = models.CharField("联系地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    mobile = models.CharField("手机号码", max_length=11, blank=True)
    photo = models.FileField("证件照片", storage=private_storage, upload_to=application_photo_path)

    reject_reason = models.CharField("驳回理由", max_length=300, blank=True)
    batch = models.ForeignKey(
        CardBatch,
        verbose_name="制卡批次",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    card_number = models.CharField("卡号", max_length=20, blank=True)
    # The card's QR token, drawn when the card goes to the printer (the QR is printed on it) and
    # handed to the card when it is collected.
    card_token = models.CharField("验证码", max_length=32, blank=True, editable=False)
    pickup_place = models.CharField("领取地点", max_length=200, blank=True)
    pickup_time = models.CharField("领取时间", max_length=100, blank=True)
    # The card this application replaces (遗失申请, 换卡申请); it becomes 已失效 when the new one is collected.
    replaces = models.ForeignKey(
        "MemberCard", verbose_name="原会员卡", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CardApplicationQuerySet.as_manager()

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "会员卡申请"
        verbose_name_plural = "会员卡申请"
        ordering = ["-created_at", "-pk"]
        permissions = [("handle_cardapplication", "办理会员卡申请")]
        indexes = [
            models.Index(fields=["lawyer", "-created_at"], name="cardapp_lawyer_newest"),
            models.Index(fields=["state", "created_at"], name="cardapp_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer"], condition=Q(state__in=[s.value for s in OPEN_STATES]), name="cardapp_one_open"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.name} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("cards:list")

    @property
    def member(self) -> Lawyer:
        return self.lawyer


class MemberCard(models.Model):
    lawyer = models.ForeignKey(Lawyer, verbose_name="律师", on_delete=models.PROTECT, related_name="member_cards")
    number = models.CharField("卡号", max_length=20, unique=True)
    issued_on = models.DateField("发卡日期")
    status = models.CharField("状态", max_length=10, choices=CardStatus.choices, default=CardStatus.ACTIVE)
    application = models.OneToOneField(
        CardApplication, verbose_name="会员卡申请", on_delete=models.PROTECT, related_name="card"
    )
    # What the card's QR code carries to /verify/member/<token>/: random, never the ID number.
    verify_token = models.CharField("验证码", max_length=32, unique=True, default=new_verify_token, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "会员卡"
        verbose_name_plural = "会员卡"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer"], condition=Q(status__in=[s.value for s in LIVE_STATUSES]), name="card_one_live"
            )
        ]

    def __str__(self):
        return f"{self.number}（{self.get_status_display()}）"

    @property
    def member(self) -> Lawyer:
        return self.lawyer

    def verify_url(self) -> str:
        return verify_url(self.verify_token)


def verify_url(token: str) -> str:
    """Where a card's QR code leads: the public check, on the portal's own address."""
    from portal.site_url import site_url

    return f"{site_url()}{reverse('card_verify', args=[token])}"


class CardCounter(models.Model):
    """Last number used per kind of number ("application" per day, "card", "batch"); locked
    inside the transaction that takes one."""

    key = models.CharField(max_length=20, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "会员卡编号计数"

    def __str__(self):
        return f"{self.key}: {self.last}"
