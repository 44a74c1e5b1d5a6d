"""工单系统 (manual 002 §2.2): a member's ticket, its conversation, and staff's canned answers.

A ticket belongs to one member, a firm (or office) or a lawyer (or trainee), like a certificate
application: a firm does not see its lawyers' tickets, nor they the firm's. Every member-centre
lookup goes through `Ticket.objects.of_member`, so another member's ticket is a 404."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from member_center.models import Firm, Lawyer
from portal.uploads.models import Attachment


class TicketCategory(models.TextChoices):
    """问题类别: the manual's three guidance topics, then what other screens send members here for."""

    NAME = "name", "姓名错误"
    FIRM = "firm", "执业机构不对"
    FIRM_ROLE = "firm_role", "所内身份不对"
    ROSTER = "roster", "律师列表名单不对"
    PHOTO = "photo", "照片问题"
    CERTIFICATE = "certificate", "证明申请"
    LEAVE = "leave", "活动请假"
    OTHER = "other", "其他"


class TicketState(models.TextChoices):
    PENDING = "pending", "待处理"
    PROCESSING = "processing", "处理中"
    ANSWERED = "answered", "已回复"
    CLOSED = "closed", "已关闭"
    CANCELLED = "cancelled", "已取消"


OPEN_STATES = (TicketState.PENDING, TicketState.PROCESSING, TicketState.ANSWERED)
# Waiting for staff: the member wrote last and nobody has answered since.
WAITING_STATES = (TicketState.PENDING, TicketState.PROCESSING)


def has_new_reply() -> Q:
    """An open ticket with a staff reply the member has not opened yet (also for a count's filter)."""
    return Q(state__in=OPEN_STATES, last_staff_reply_at__isnull=False) & (
        Q(member_seen_at__isnull=True) | Q(member_seen_at__lt=models.F("last_staff_reply_at"))
    )


class TicketQuerySet(models.QuerySet):
    def of_member(self, member):
        """Only this member's own tickets: every member-centre lookup goes through here."""
        if isinstance(member, Lawyer):
            return self.filter(lawyer=member)
        return self.filter(firm=member)

    def with_new_replies(self):
        """Open tickets with a staff reply the member has not opened yet."""
        return self.filter(has_new_reply())


class Ticket(models.Model):
    number = models.CharField("编号", max_length=16, unique=True)
    # One per 创建问题 form: a double click or a resubmitted form finds the ticket it made.
    submission_token = models.UUIDField("提交标识", unique=True, editable=False)
    firm = models.ForeignKey(
        Firm, verbose_name="律师事务所", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name="律师", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    category = models.CharField("问题类别", max_length=20, choices=TicketCategory.choices, default=TicketCategory.OTHER)
    title = models.CharField("问题标题", max_length=100)
    description = models.TextField("问题描述", max_length=2000)
    # Where the member came from (新增律师 with the refused licence number …), filled by the link.
    context = models.CharField("来源", max_length=300, blank=True)
    state = models.CharField("状态", max_length=20, choices=TicketState.choices, default=TicketState.PENDING)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    created_at = models.DateTimeField("提交时间")
    # Since when the member has been waiting for staff (creation, or the reply that reopened it).
    waiting_since = models.DateTimeField("等待开始时间", null=True, blank=True)
    last_reply_at = models.DateTimeField("最后回复", null=True, blank=True)
    last_staff_reply_at = models.DateTimeField("协会最后回复", null=True, blank=True)
    member_seen_at = models.DateTimeField("会员最后查看", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    attachments = GenericRelation(Attachment, related_query_name="ticket")

    objects = TicketQuerySet.as_manager()

    # A member record, in no Wagtail page, image or document: kept out of Wagtail's reference
    # index, which would otherwise reload and index every saved row in the request.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"
        ordering = ["-created_at", "-pk"]
        permissions = [("handle_ticket", "处理工单")]
        indexes = [
            models.Index(fields=["firm", "-created_at"], name="ticket_firm_newest"),
            models.Index(fields=["lawyer", "-created_at"], name="ticket_lawyer_newest"),
            models.Index(fields=["state", "created_at"], name="ticket_queue"),
            models.Index(fields=["created_at", "id"], name="ticket_oldest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(firm__isnull=False, lawyer__isnull=True) | Q(firm__isnull=True, lawyer__isnull=False),
                name="ticket_has_one_member",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("tickets:detail", args=[self.number])

    @property
    def member(self) -> Firm | Lawyer:
        return self.firm or self.lawyer

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def has_new_reply(self) -> bool:
        seen, replied = self.member_seen_at, self.last_staff_reply_at
        return self.is_open and replied is not None and (seen is None or seen < replied)


class MessageKind(models.TextChoices):
    REPLY = "reply", "回复"
    NOTE = "note", "内部备注"


class TicketMessage(models.Model):
    """One message of the conversation: a reply (the member's or staff's, which the member
    sees) or an internal note (staff only, never shown to the member)."""

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField("类型", max_length=10, choices=MessageKind.choices, default=MessageKind.REPLY)
    from_staff = models.BooleanField("协会回复", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回复人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("回复内容", max_length=5000)
    created_at = models.DateTimeField("回复时间", auto_now_add=True)
    attachments = GenericRelation(Attachment, related_query_name="ticket_message")

    class Meta:
        verbose_name = "工单回复"
        verbose_name_plural = "工单回复"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.ticket.number} {self.get_kind_display()}"

    @property
    def is_note(self) -> bool:
        return self.kind == MessageKind.NOTE


class CannedReply(index.Indexed, models.Model):
    """常用回复: answers staff insert into a reply and then adapt."""

    title = models.CharField("标题", max_length=60)
    body = models.TextField("回复内容", max_length=2000)
    sort_order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("title"), FieldPanel("body"), FieldPanel("sort_order"), FieldPanel("active")]
    search_fields = [index.SearchField("title"), index.SearchField("body")]

    class Meta:
        verbose_name = "常用回复"
        verbose_name_plural = "常用回复"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class TicketCounter(models.Model):
    """Last number used per day; locked inside the creating transaction (like the certificates')."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "工单编号计数"

    def __str__(self):
        return f"{self.day:%y%m%d}: {self.last}"
