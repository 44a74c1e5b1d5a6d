"""The member's side of 工单系统: my tickets, 创建问题, one ticket's conversation with 回复, 取消工单.

Every ticket is looked up through the member's own (`Ticket.objects.of_member(request.member)`),
so another member's number is a 404, as is one that does not exist."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from member_center.decorators import member_required
from portal.membercopies import kept_for_member
from portal.workflow import WorkflowError

from . import services
from .forms import ReplyForm, TicketFilterForm, TicketForm
from .models import MessageKind, Ticket

PAGE_SIZE = 10
LIST_FIELDS = ("id", "number", "title", "category", "state", "created_at", "last_reply_at",
               "last_staff_reply_at", "member_seen_at", "firm", "lawyer")  # fmt: skip

# The manual's guidance beside 创建问题 (manual 002 §2.2.1), as it reads.
GUIDANCE = [
    (
        "关于律师列表名单不对的处理办法（适用律师事务所）",
        [
            "1、如果缺少律师，请在“律师列表”中自助新增，如果提示身份证号或执业证号已存在，请提交工单，并上传律师的执业证扫描件。",
            "2、如果有律师已注销，在仍在名单中。如有相关凭证，请提交工单，上传相关的凭证扫描件，如无凭证，则不需要处理，等采集工作结束后，我们会统一注销。",
        ],
    ),
    (
        "关于执业机构不对的问题",
        [
            "系统记载的执业机构是以执业证书登记为准，如发现与执业证号登记不一致的，请提交执业证号扫描件。如正在办理转所期间，暂不予处理。如提交书面材料时，已经更换执业证的，可以打印表中，用红笔进行更正。"
        ],
    ),
    (
        "关于所内身份不对的问题",
        [
            "所内身份主要有：负责人（也即主任）、合伙人、律师。如律师个人发现本人所内身份不符合的情况。请通知律师事务所通过工单系统反馈，并将执业证副本扫描件上传。"
        ],
    ),
]
NOTE = "注：提交工单请将问题描述清楚，并上传有关证明材料作为附件，这样便于工作人员快速处理问题。"


def own_ticket(request, number) -> Ticket:
    """The member's own ticket, or a 404 (someone else's, or none)."""
    return get_object_or_404(Ticket.objects.of_member(request.member), number=number)


@kept_for_member
@member_required
def ticket_list(request):
    """工单系统: 编号, 问题标题, 类别, 状态, 提交时间, 最后回复; filtered by state."""
    form = TicketFilterForm(request.GET or None)
    tickets = Ticket.objects.of_member(request.member).only(*LIST_FIELDS).order_by("-created_at", "-pk")
    state = form.cleaned_data["state"] if form.is_valid() else ""
    if state:
        tickets = tickets.filter(state=state)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tickets/ticket_list.html", {"form": form, "page": page, "state": state})


@member_required
def ticket_create(request):
    """创建问题: 问题类别 (prefilled from the link followed), 问题标题 ★, 问题描述 ★, 附件; 创建 / 取消."""
    if request.method == "POST":
        form = TicketForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket, created = services.create_ticket(
                    request.member,
                    submission_token=data["token"],
                    title=data["title"],
                    description=data["description"],
                    category=data["category"],
                    context=data["context"],
                    files=[checked.file for checked in data["files"]],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("files", error)
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(request, f"工单 {ticket.number} 已提交，协会处理后会通过消息通知您。")
                return redirect(ticket.get_absolute_url())
    else:
        form = TicketForm(initial=TicketForm.initial_from(request.GET, uuid.uuid4()))
    context_line = form["context"].value() or ""
    return render(
        request,
        "tickets/ticket_create.html",
        {"form": form, "guidance": GUIDANCE, "note": NOTE, "context_line": context_line},
    )


def conversation(ticket: Ticket):
    """The replies the member sees (never an internal note), each with its files."""
    return (
        ticket.messages.filter(kind=MessageKind.REPLY)
        .select_related("author__firm", "author__lawyer")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


@kept_for_member
@member_required
def ticket_detail(request, number):
    ticket = own_ticket(request, number)
    form = ReplyForm()
    if request.method == "POST" and not services.may_reply(ticket):
        messages.error(request, f"工单{ticket.get_state_display()}，不能再回复。")
        return redirect(ticket.get_absolute_url())
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.member_reply(
                    ticket, request.user, form.cleaned_data["body"], [c.file for c in form.cleaned_data["files"]]
                )
            except ValidationError as error:
                form.add_error("files", error)
            except WorkflowError as error:
                form.add_error("body", str(error))
            else:
                messages.success(request, "回复已提交。")
                return redirect(ticket.get_absolute_url())
    else:
        services.mark_seen(ticket)
    replies = list(conversation(ticket))
    return render(
        request,
        "tickets/ticket_detail.html",
        {
            "ticket": ticket,
            "ticket_files": list(ticket.attachments.all()),
            "replies": replies,
            "form": form,
            "may_reply": services.may_reply(ticket),
            "may_cancel": services.can(ticket, "cancel"),
        },
    )


@member_required
def ticket_cancel(request, number):
    """取消工单 (the manual's 删除工单): confirmed, then kept and marked 已取消."""
    ticket = own_ticket(request, number)
    if request.method == "POST":
        try:
            services.cancel(ticket, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"工单 {ticket.number} 已取消。")
        return redirect(ticket.get_absolute_url())
    if not services.can(ticket, "cancel"):
        messages.error(request, f"工单{ticket.get_state_display()}，不能取消。")
        return redirect(ticket.get_absolute_url())
    return render(request, "tickets/ticket_cancel.html", {"ticket": ticket})
