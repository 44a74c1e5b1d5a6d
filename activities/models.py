"""活动报名 and 培训记录 (manual 002 §4.1–4.2).

Editors write each activity as an `ActivityPage` under the one `ActivityIndexPage` (活动). What
members do with it lives beside the page, never on it: an editor publishing a revision must not
write back a stale seat count, so the seats taken and the closing are the page's `ActivityLedger`
row, which is also the lock every sign-up takes (services.sign_up).

A `SignUp` is one seat (or a waiting-list place) of one lawyer: made by himself, or by his firm
(`member` is who signed up, `attendee` who comes). A `LeaveRequest` is his 请假 with its reason and
files. Closing an activity turns attendance into `TrainingRecord`s, which staff also add by hand
or import (online courses from another platform)."""

import datetime
import secrets
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from member_center.models import Firm, Gender, Lawyer, MemberKind, PracticeType
from portal.dates import PlausibleDate
from portal.pages import PortalPage, public
from portal.uploads.models import Attachment

from . import windows


class Eligible(models.TextChoices):
    """报名范围: the member groups an activity is open to (the manual's “专职律师,全部律师事务所,实习人员”)."""

    FULL_TIME = "full_time", "专职律师"
    PART_TIME = "part_time", "兼职律师"
    COMPANY = "company", "公司律师"
    PUBLIC = "public", "公职律师"
    LEGAL_AID = "legal_aid", "法律援助律师"
    TRAINEE = "trainee", "实习人员"
    LAW_FIRM = "law_firm", "全部律师事务所"
    COMPANY_OFFICE = "company_office", "公司律师办公室"
    PUBLIC_OFFICE = "public_office", "公职律师办公室"


# Group members: they sign up their own lawyers, each taking a seat.
GROUP_ELIGIBLE = (Eligible.LAW_FIRM, Eligible.COMPANY_OFFICE, Eligible.PUBLIC_OFFICE)
_BY_PRACTICE = {
    PracticeType.FULL_TIME: Eligible.FULL_TIME,
    PracticeType.PART_TIME: Eligible.PART_TIME,
    PracticeType.COMPANY: Eligible.COMPANY,
    PracticeType.PUBLIC: Eligible.PUBLIC,
    PracticeType.LEGAL_AID: Eligible.LEGAL_AID,
}


def eligible_group(member) -> str:
    """The 报名范围 entry a member falls under: a lawyer by his 执业类别, a trainee, a firm or office by its kind."""
    if isinstance(member, Lawyer):
        if member.kind == MemberKind.TRAINEE:
            return Eligible.TRAINEE
        return _BY_PRACTICE.get(member.practice_type, Eligible.FULL_TIME)
    return {
        MemberKind.LAW_FIRM: Eligible.LAW_FIRM,
        MemberKind.COMPANY_OFFICE: Eligible.COMPANY_OFFICE,
        MemberKind.PUBLIC_OFFICE: Eligible.PUBLIC_OFFICE,
    }[member.kind]


class TrainingType(models.TextChoices):
    ON_SITE = "on_site", "现场"
    ONLINE = "online", "线上"


DEFAULT_LEAVE_REASONS = "工作冲突\n出差在外\n身体原因\n家庭原因\n其他原因"


class ActivityIndexPage(PortalPage):
    """活动: the public list of activities; every ActivityPage lives under it."""

    intro = models.TextField("导语", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["activities.ActivityPage"]
    max_count = 1

    class Meta:
        verbose_name = "活动列表"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        activities = (
            public(ActivityPage.objects.child_of(self).live()).select_related("ledger").order_by("-starts_at", "-pk")
        )
        context["activities"] = Paginator(activities, 10).get_page(request.GET.get("page"))
        return context


class EligibleField(forms.MultipleChoiceField):
    """报名范围 as tick boxes; stored as “,full_time,trainee,” so one LIKE finds an activity open to a group."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Eligible.choices, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return value


class ActivityPageForm(WagtailAdminPageForm):
    eligible = EligibleField(label="报名范围", error_messages={"required": "请选择报名范围。"})

    def clean_eligible(self):
        chosen = self.cleaned_data["eligible"]
        return "," + ",".join(code for code in Eligible.values if code in chosen) + ","


class ActivityPage(PortalPage):
    """One activity (manual 002 §4.1.1): every field the sign-up page shows."""

    starts_at = models.DateTimeField("活动开始时间", validators=[PlausibleDate()])
    ends_at = models.DateTimeField("活动结束时间", validators=[PlausibleDate()])
    place = models.CharField("活动地点", max_length=200, help_text="报名列表中显示为“报名地点”。")
    organiser = models.CharField("主办方", max_length=100)
    guests = models.CharField("邀请嘉宾", max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        "报名人数限制", validators=[MinValueValidator(1, "报名人数限制至少为 1 人。")], help_text="报满即止。"
    )
    eligible = models.CharField("报名范围", max_length=200, default=",full_time,")
    signup_opens = models.DateTimeField("报名开始时间", validators=[PlausibleDate()])
    signup_closes = models.DateTimeField("报名截止时间", validators=[PlausibleDate()])
    per_member_limit = models.PositiveIntegerField(
        "每人限报",
        default=1,
        validators=[MinValueValidator(1, "每人限报至少为 1 个。")],
        help_text="律师本人只能报名一次；律师事务所最多可为本所这么多名律师报名。",
    )
    signup_notice = RichTextField("报名须知", blank=True)
    intro = RichTextField("活动简介", blank=True)
    notes = RichTextField("注意事项", blank=True)
    leave_reasons = models.TextField("请假原因", default=DEFAULT_LEAVE_REASONS, help_text="每行一个，请假时从中选择。")
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    training_type = models.CharField(
        "培训类型", max_length=10, choices=TrainingType.choices, default=TrainingType.ON_SITE
    )

    base_form_class = ActivityPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("organiser"), FieldPanel("guests")]),
            ],
            heading="活动信息",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signup_opens"), FieldPanel("signup_closes")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("per_member_limit")]),
                FieldPanel("eligible"),
                FieldPanel("leave_reasons"),
            ],
            heading="报名设置",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("hours"), FieldPanel("training_type")])],
            heading="培训学时",
            help_text="活动结束后，签到的会员获得相应学时，记入培训记录。",
        ),
        FieldPanel("signup_notice"),
        FieldPanel("intro"),
        FieldPanel("notes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("organiser"),
        index.FilterField("signup_closes"),
    ]
    parent_page_types = ["activities.ActivityIndexPage"]
    subpage_types = []
    # Seats left and the sign-up state change without a publish: never kept for visitors (portal.pagecache).
    page_cache = False

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        indexes = [models.Index(fields=["signup_closes", "signup_opens"], name="activity_signup_window")]

    def clean(self):
        super().clean()
        errors = {}
        if self.signup_opens and self.signup_closes and self.signup_closes <= self.signup_opens:
            errors["signup_closes"] = "报名截止时间须晚于报名开始时间。"
        if self.signup_closes and self.starts_at and self.starts_at <= self.signup_closes:
            errors["starts_at"] = "活动开始时间须晚于报名截止时间。"
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "活动结束时间须晚于活动开始时间。"
        if not self.leave_reason_choices():
            errors["leave_reasons"] = "请至少填写一个请假原因。"
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        """The facts as the member centre shows them, without the sign-up form."""
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "status": windows.status_label(self),
                "remaining": windows.remaining(self),
                "windows": windows.windows(self),
            }
        )
        return context

    @property
    def eligible_codes(self) -> list[str]:
        return [code for code in self.eligible.split(",") if code]

    @property
    def eligible_labels(self) -> str:
        """As the manual prints it: 专职律师,全部律师事务所,实习人员."""
        labels = dict(Eligible.choices)
        return ",".join(str(labels[code]) for code in self.eligible_codes if code in labels)

    @property
    def open_to_groups(self) -> bool:
        return any(code in self.eligible_codes for code in GROUP_ELIGIBLE)

    def leave_reason_choices(self) -> list[str]:
        return [line.strip() for line in (self.leave_reasons or "").splitlines() if line.strip()]

    def member_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at


class ActivityLedger(models.Model):
    """What sign-ups changed for one activity, kept off the page: the seats taken (signed up or on
    leave, never the waiting list) and whether staff have closed its attendance. The sign-up
    services lock this row inside the transaction that takes or frees a seat."""

    activity = models.OneToOneField(
        ActivityPage, verbose_name="活动", on_delete=models.CASCADE, primary_key=True, related_name="ledger"
    )
    taken = models.PositiveIntegerField("已报名人数", default=0)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结束人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "活动名额"
        verbose_name_plural = "活动名额"

    def __str__(self):
        return f"{self.activity_id}: {self.taken}"


class SignUpState(models.TextChoices):
    SIGNED_UP = "signed_up", "已报名"
    WAITING = "waiting", "候补中"
    ON_LEAVE = "on_leave", "已请假"
    CANCELLED = "cancelled", "已取消"


# A lawyer has at most one of these per activity (a seat, a waiting place, or a leave).
ACTIVE_STATES = (SignUpState.SIGNED_UP, SignUpState.WAITING, SignUpState.ON_LEAVE)
SEAT_STATES = (SignUpState.SIGNED_UP, SignUpState.ON_LEAVE)


class Attendance(models.TextChoices):
    PRESENT = "present", "出席"
    PARTIAL = "partial", "部分出席"
    ABSENT = "absent", "缺席"
    LEAVE = "leave", "请假"


class SignUpQuerySet(models.QuerySet):
    def of_member(self, member):
        """What a member sees as his: a lawyer his own (also those his firm made for him), a firm
        those it made. Every member-centre lookup goes through here."""
        if isinstance(member, Lawyer):
            return self.filter(Q(attendee=member) | Q(lawyer=member))
        return self.filter(firm=member)

    def made_by(self, member):
        """Those the member made himself (and may cancel)."""
        if isinstance(member, Lawyer):
            return self.filter(lawyer=member)
        return self.filter(firm=member)

    def active(self):
        return self.filter(state__in=ACTIVE_STATES)


def new_code() -> str:
    """The sign-up's 签到码: 10 characters without look-alikes, shown as a QR code and as text."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class SignUp(models.Model):
    """One lawyer's seat or waiting-list place in one activity, with the 报名表 as submitted."""

    activity = models.ForeignKey(ActivityPage, verbose_name="活动", on_delete=models.PROTECT, related_name="signups")
    # Who signed up: the lawyer himself, or his firm (or office); exactly one.
    firm = models.ForeignKey(
        Firm, verbose_name="报名单位", on_delete=models.PROTECT, null=True, blank=True, related_name="activity_signups"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="报名人", on_delete=models.PROTECT, null=True, blank=True, related_name="own_signups"
    )
    attendee = models.ForeignKey(Lawyer, verbose_name="参加人", on_delete=models.PROTECT, related_name="signups")
    code = models.CharField("签到码", max_length=12, unique=True, default=new_code, editable=False)
    state = models.CharField("状态", max_length=12, choices=SignUpState.choices, default=SignUpState.SIGNED_UP)
    # 报名表 (manual 002 §4.1.1)
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    position = models.CharField("工作职务", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    mobile = models.CharField("手机号码", max_length=11, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    created_at = models.DateTimeField("报名时间", default=timezone.now)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)
    # Attendance: 签到 / 签退 by staff, the result when the activity is closed.
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    attendance = models.CharField("出席情况", max_length=10, choices=Attendance.choices, blank=True)
    hours_awarded = models.DecimalField("获得学时", max_digits=4, decimal_places=1, null=True, blank=True)
    # The reminders sent (消息 + e-mail), each once.
    cancel_reminder_sent_at = models.DateTimeField("取消截止提醒", null=True, blank=True)
    start_reminder_sent_at = models.DateTimeField("活动提醒", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    attachments = GenericRelation(Attachment, related_query_name="activity_signup")

    objects = SignUpQuerySet.as_manager()
    # Not in Wagtail's reference index: it would reload each saved sign-up (结束活动 saves every seat)
    # to record that it points at its activity page, which no one asks.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["created_at", "pk"]
        permissions = [("manage_signup", "管理活动报名（签到、代为取消、结束活动）")]
        indexes = [
            models.Index(fields=["activity", "state", "created_at"], name="signup_activity_queue"),
            models.Index(fields=["attendee", "-created_at"], name="signup_attendee_newest"),
            models.Index(fields=["firm", "-created_at"], name="signup_firm_newest"),
            models.Index(fields=["lawyer", "-created_at"], name="signup_lawyer_newest"),
            # The staff's 报名名单, newest first: read in index order, not sorted from 200,000 rows.
            models.Index(fields=["-created_at", "-id"], name="signup_newest"),
            models.Index(fields=["state", "-created_at"], name="signup_state_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(firm__isnull=False, lawyer__isnull=True) | Q(firm__isnull=True, lawyer__isnull=False),
                name="signup_has_one_signer",
            ),
            # One live sign-up per lawyer and activity, whatever the concurrency.
            models.UniqueConstraint(
                fields=["activity", "attendee"],
                condition=Q(state__in=["signed_up", "waiting", "on_leave"]),
                name="signup_one_active_per_attendee",
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.activity.title}"

    def get_absolute_url(self):
        return reverse("activities:signup", args=[self.code])

    @property
    def member(self) -> Firm | Lawyer:
        """Who signed up (and may cancel or ask for leave)."""
        return self.firm or self.lawyer

    @property
    def by_firm(self) -> bool:
        return self.firm_id is not None

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class LeaveRequest(models.Model):
    """请假 (manual 002 §4.1.3): the reason chosen from the activity's list, and 请假附件."""

    signup = models.OneToOneField(SignUp, verbose_name="活动报名", on_delete=models.CASCADE, related_name="leave")
    reason = models.CharField("请假原因", max_length=100)
    created_at = models.DateTimeField("请假时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attachments = GenericRelation(Attachment, related_query_name="activity_leave")

    class Meta:
        verbose_name = "请假申请"
        verbose_name_plural = "请假申请"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.signup.name} · {self.reason}"


class TrainingSource(models.TextChoices):
    ACTIVITY = "activity", "活动签到"
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "导入"


class TrainingRecord(models.Model):
    """One course a lawyer completed (manual 002 §4.2): from an activity's attendance, typed in by
    staff, or imported (online courses from another platform)."""

    lawyer = models.ForeignKey(Lawyer, verbose_name="律师", on_delete=models.PROTECT, related_name="training_records")
    course = models.CharField("课程名称", max_length=200)
    date = models.DateField("培训日期", validators=[PlausibleDate()])
    training_type = models.CharField("培训类型", max_length=10, choices=TrainingType.choices)
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"), "学时须大于 0。")]
    )
    source = models.CharField("来源", max_length=10, choices=TrainingSource.choices, default=TrainingSource.MANUAL)
    provider = models.CharField("培训机构 / 平台", max_length=100, blank=True)
    signup = models.OneToOneField(
        SignUp, verbose_name="活动报名", on_delete=models.PROTECT, null=True, blank=True, related_name="training_record"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    # The form's panels are on TrainingRecordViewSet (wagtail_hooks.py): the lawyer through a chooser.

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["lawyer", "date"], name="training_lawyer_date"),
            # The staff's 培训记录 listing, newest first, without sorting the whole table.
            models.Index(fields=["-date", "-id"], name="training_newest"),
        ]
        constraints = [
            # An import run twice adds nothing the second time.
            models.UniqueConstraint(
                fields=["lawyer", "date", "course", "provider"],
                condition=Q(source="import"),
                name="training_import_once",
            )
        ]

    def __str__(self):
        return f"{self.lawyer.name} {self.date:%Y-%m-%d} {self.course}"

    @property
    def source_label(self) -> str:
        return self.provider or self.get_source_display()


@register_setting(icon="time")
class TrainingSettings(BaseGenericSetting):
    annual_hours = models.DecimalField(
        "年度培训学时要求",
        max_digits=5,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="培训记录页显示会员本年度学时与此要求的对比。",
    )

    panels = [FieldPanel("annual_hours")]

    class Meta:
        verbose_name = "培训学时设置"
