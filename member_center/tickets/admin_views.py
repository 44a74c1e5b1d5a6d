"""Staff screens of 工单系统 in the Wagtail admin: the queue (oldest waiting first, filters, search,
export), one ticket's page (the member with a link to his roster record, the whole conversation
with internal notes, 回复 with files and 常用回复, 内部备注, 指派, 关闭工单, the history), the
dashboard counts and the member's tickets on his roster page.

Nothing here changes a ticket by itself: every change goes through tickets.services."""

import re

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views

from member_center import roles
from member_center.admin_views import RelatedRecords
from member_center.models import Firm, Lawyer, MemberKind
from portal.dashboard import StaffQueue
from portal.review import ReviewAction, ReviewQueueMixin, ReviewView, reason_form
from portal.search import any_of
from portal.staff import ActOnlyPermissionPolicy, ChunkedExportMixin, StateBulkAction, local_time, person_name

from . import services
from .forms import files_field
from .models import CannedReply, MessageKind, Ticket, TicketCategory, TicketState

NO_PERMISSION = "您没有处理工单的权限。"

# --- permissions ------------------------------------------------------------------------------


class TicketPermissionPolicy(ActOnlyPermissionPolicy):
    """Tickets: "handle" (回复, 内部备注, 指派, 关闭) needs tickets.handle_ticket."""

    acting = ("handle", "handle")


def ticket_policy() -> TicketPermissionPolicy:
    return policy_registry.get_by_type(Ticket)


# --- showing a ticket -------------------------------------------------------------------------


def member_name(ticket: Ticket) -> str:
    member = ticket.member
    return f"{member.display_name} {member.login_name}"  # a space to wrap at in a narrow column


def member_kind(ticket: Ticket) -> str:
    return ticket.member.get_kind_display()


def waiting_label(ticket: Ticket) -> str:
    if ticket.state not in (TicketState.PENDING, TicketState.PROCESSING) or ticket.waiting_since is None:
        return "—"
    return f"超过 {services.OVERDUE_WORKING_DAYS} 个工作日" if services.is_overdue(ticket) else "等待中"


def roster_url(user, member) -> str:
    """The member's roster record: the edit page for who may correct it (a 姓名错误 or 执业机构
    is one click away), else its page (the roster's viewsets are named after the models)."""
    name = member._meta.model_name
    view = "edit" if user.has_perm(f"member_center.change_{name}") else "inspect"
    if view == "inspect" and not user.has_perm(f"member_center.view_{name}"):
        return ""
    return reverse(f"{name}:{view}", args=[quote(member.pk)])


# --- the queue ----------------------------------------------------------------------------------

OVERDUE_CHOICES = [("1", f"等待超过 {services.OVERDUE_WORKING_DAYS} 个工作日")]


class TicketFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="状态", choices=TicketState.choices, empty_label="全部", widget=forms.RadioSelect
    )
    category = django_filters.ChoiceFilter(label="问题类别", choices=TicketCategory.choices, empty_label="全部")
    member_kind = django_filters.ChoiceFilter(
        label="会员类别", choices=MemberKind.choices, empty_label="全部", method="filter_member_kind"
    )
    overdue = django_filters.ChoiceFilter(
        label="等待时间",
        choices=OVERDUE_CHOICES,
        empty_label="全部",
        method="filter_overdue",
        help_text="工作日按周一至周五计算。",
    )

    class Meta:
        model = Ticket
        fields = []

    def filter_member_kind(self, queryset, name, value):
        return queryset.filter(Q(firm__kind=value) | Q(lawyer__kind=value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return services.overdue(queryset) if value else queryset


FULL_NUMBER = re.compile(r"GD\d{10,}", re.IGNORECASE)


def search_tickets(queryset, query: str):
    """编号, the member's name, or his licence number (执业证号 / 执业许可证号) or 会员编号. A whole
    number is looked up exactly, through its unique index."""
    query = (query or "").strip()
    if not query:
        return queryset
    if FULL_NUMBER.fullmatch(query):
        return queryset.filter(number=query.upper())

    # One arm a table (portal.search): an OR across the joined roster reads every ticket.
    def members(model):
        found = Q(name__icontains=query) | Q(licence_no__icontains=query) | Q(member_no__iexact=query)
        return model.objects.filter(found).values("pk")

    return any_of(
        queryset,
        Ticket.objects.filter(number__icontains=query).values("pk"),
        Ticket.objects.filter(firm__in=members(Firm)).values("pk"),
        Ticket.objects.filter(lawyer__in=members(Lawyer)).values("pk"),
    )


def queue_order(queryset):
    """Waiting for staff first, then answered, then the finished ones; oldest first within each."""
    rank = Case(
        When(state__in=[TicketState.PENDING, TicketState.PROCESSING], then=Value(0)),
        When(state=TicketState.ANSWERED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(queue_rank=rank).order_by("queue_rank", "created_at", "pk")


EXPORT_VALUES = {
    "member": lambda t: t.member.display_name,
    "member_kind": member_kind,
    "licence_no": lambda t: t.member.login_name,
    "category": lambda t: t.get_category_display(),
    "state": lambda t: t.get_state_display(),
    "assigned_to": lambda t: person_name(t.assigned_to) if t.assigned_to_id else "",
}


class TicketIndexView(ReviewQueueMixin, ChunkedExportMixin, snippet_views.IndexView):
    policy_action = "handle"
    workflow = services.TICKET
    transition = "reply"
    row_action_label = "处理"

    select_all_label = "选择列表中全部未关闭的工单"  # staff/state_index.html

    page_title = "工单"
    export_values = EXPORT_VALUES
    sheet_title = "工单"

    def search_queryset(self, queryset):
        return search_tickets(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        if not self.ordering:
            return queue_order(queryset)
        ordering = self.ordering
        return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")


class CloseTicketsBulkAction(StateBulkAction):
    """批量关闭: every selected open ticket through services.close_many (each member notified)."""

    display_name = "批量关闭"
    action_type = "close"
    aria_label = "关闭所选的工单"
    template_name = "tickets/admin/bulk_close.html"
    models = [Ticket]

    policy_action = "handle"
    forbidden_message = NO_PERMISSION
    select_related = ("firm", "lawyer")
    ordering = ("created_at", "pk")
    workflow = services.TICKET
    transition = "close"
    filterset_class = TicketFilterSet
    search = search_tickets
    link_to_review = True

    run_many = staticmethod(services.close_many)
    done_message = "已关闭 {count} 个工单。"
    skipped_message = "跳过 {count} 个已关闭或已取消的工单：{rows}"

    @staticmethod
    def skipped_name(ticket) -> str:
        return f"{ticket.number}（{ticket.get_state_display()}）"


# --- one ticket ---------------------------------------------------------------------------------


def handlers():
    """Staff who may handle tickets: the choices of 指派."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return (
        users.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="handle_ticket", groups__permissions__content_type__app_label="tickets")
            | Q(user_permissions__codename="handle_ticket", user_permissions__content_type__app_label="tickets")
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class ReplyForm(forms.Form):
    canned = forms.ModelChoiceField(
        label="常用回复", queryset=CannedReply.objects.none(), required=False, empty_label="插入常用回复…"
    )
    body = forms.CharField(
        label="回复内容",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text="回复会显示给会员，并通过消息和邮件通知。",
    )
    files = files_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canned"].queryset = CannedReply.objects.filter(active=True)


class NoteForm(forms.Form):
    body = forms.CharField(
        label="备注内容",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
        help_text="内部备注只有工作人员可见，不会显示给会员。",
    )


class AssignForm(forms.Form):
    assigned_to = StaffChoiceField(
        label="处理人", queryset=get_user_model().objects.none(), required=False, empty_label="请选择处理人"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = handlers()


def _reply(ticket, user, data):
    services.staff_reply(ticket, user, data["body"], [checked.file for checked in data["files"]])
    return f"已回复工单 {ticket.number}，会员会收到通知。"


def _note(ticket, user, data):
    services.add_note(ticket, user, data["body"])
    return "已添加内部备注。"


def _assign(ticket, user, data):
    services.assign(ticket, user, data["assigned_to"])
    return f"已将工单 {ticket.number} 指派给 {person_name(data['assigned_to'])}。"


def _close(ticket, user, data):
    services.close(ticket, user, data["reason"])
    return f"已关闭工单 {ticket.number}，会员会收到通知。"


def while_open(ticket) -> str | None:
    """Actions open while the ticket is (回复's sources: 待处理, 处理中, 已回复)."""
    return "reply"


class TicketReviewView(ReviewView):
    template_name = "tickets/admin/ticket_review.html"
    page_title = "工单"
    policy_action = "handle"
    forbidden_message = NO_PERMISSION
    select_related = ("firm", "lawyer__firm", "assigned_to")
    actions = [
        ReviewAction("reply", services.TICKET, _reply, form_class=ReplyForm, button="回复", heading="回复会员"),
        ReviewAction(
            "note", services.TICKET, _note, transition=while_open, form_class=NoteForm, button="添加备注",
            heading="内部备注", classname="button button-secondary",
        ),
        ReviewAction(
            "assign", services.TICKET, _assign, transition=while_open, form_class=AssignForm, button="指派",
            heading="指派处理人", classname="button button-secondary",
        ),
        ReviewAction(
            "close", services.TICKET, _close, form_class=reason_form("处理结果（可不填）", max_length=500),
            button="关闭工单", heading="关闭工单", hint="关闭后会员会收到通知，处理结果会一并告知会员。",
            classname="button button-secondary serious",
        ),
    ]  # fmt: skip

    def get_page_subtitle(self):
        return f"{self.object.number} {self.object.title}"

    def panel_context(self) -> dict:
        ticket = self.object
        messages = list(
            ticket.messages.select_related("author__firm", "author__lawyer")
            .prefetch_related("attachments")
            .order_by("created_at", "pk")
        )
        canned = {str(reply.pk): reply.body for reply in CannedReply.objects.filter(active=True)}
        return {
            "ticket": ticket,
            "member": ticket.member,
            "member_kind": member_kind(ticket),
            "roster_url": roster_url(self.request.user, ticket.member),
            "ticket_files": list(ticket.attachments.all()),
            "conversation": [
                {
                    "message": message,
                    "note": message.kind == MessageKind.NOTE,
                    "author": person_name(message.author) if message.from_staff else ticket.member.display_name,
                    "time": local_time(message.created_at),
                }
                for message in messages
            ],
            "created_at": local_time(ticket.created_at),
            "waiting": waiting_label(ticket),
            "assignee": person_name(ticket.assigned_to) if ticket.assigned_to_id else "—",
            "canned_replies": canned,
        }


# --- the staff dashboard and the roster page -----------------------------------------------------


def staff_queues(user) -> list[StaffQueue]:
    """Tickets that wait for an answer (the dashboard's 待办与概况, the weekly summary): the
    oldest by when the member last waited for us (waiting_since), not by when the ticket began."""
    if not ticket_policy().user_has_permission(user, "view"):
        return []
    listing = reverse(Ticket.snippet_viewset.get_url_name("list"))
    waiting = Ticket.objects.filter(state__in=[TicketState.PENDING, TicketState.PROCESSING])
    return [
        StaffQueue.waiting(
            "待处理的工单",
            Ticket.objects.filter(state=TicketState.PENDING),
            "waiting_since",
            f"{listing}?state={TicketState.PENDING}",
            role=roles.TECH_SUPPORT,
        ),
        StaffQueue.waiting(
            f"等待超过 {services.OVERDUE_WORKING_DAYS} 个工作日的工单",
            waiting.filter(waiting_since__lt=services.overdue_cutoff()),
            "waiting_since",
            f"{listing}?overdue=1",
            role=roles.TECH_SUPPORT,
        ),
    ]


def member_related_records(request, member):
    """The member's tickets on his roster page, newest first."""
    if not isinstance(member, Firm | Lawyer) or not ticket_policy().user_has_permission(request.user, "view"):
        return []
    tickets = Ticket.objects.of_member(member)
    rows = [
        (
            f"{ticket.number} {ticket.title}",
            reverse(Ticket.snippet_viewset.get_url_name("inspect"), args=[quote(ticket.pk)]),
            f"{ticket.get_category_display()} · {ticket.get_state_display()} · 提交时间 {local_time(ticket.created_at)}",
        )
        for ticket in tickets.only("pk", "number", "title", "category", "state", "created_at").order_by(
            "-created_at", "-pk"
        )[:10]
    ]
    return [RelatedRecords("tickets", "工单", rows, total=tickets.count(), empty="暂无工单。")]
