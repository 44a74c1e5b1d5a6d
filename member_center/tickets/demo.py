"""Demo tickets (manual 002 §2.2), made through the services as members and staff would: for
张明文 and for 广州明法律师事务所, one or more in each state, with replies and an internal note; one
of the firm's has waited more than 2 working days. And the 常用回复 staff insert into replies.

Idempotent: each demo ticket has a fixed submission token, so running seed_demo again finds it
and leaves it as it is."""

import datetime
import uuid

from django.utils import timezone

from member_center.demo import MINGFA_LICENCE, ZHANG_MINGWEN_LICENCE
from member_center.models import Firm, Lawyer

from . import services
from .models import CannedReply, Ticket, TicketCategory

C = TicketCategory
TOKENS = uuid.UUID("6f1c8f4e-6a43-4f7b-9d59-2c43a1c0a010")

CANNED_REPLIES = [
    (
        "已收到，正在核实",
        "您好，您反映的问题我们已收到，正在与执业证登记信息核对，核实后会在本工单中回复您。",
    ),
    (
        "请补充执业证扫描件",
        "您好，请在本工单中回复并上传律师执业证（副本）的扫描件，以便我们核对并更正登记信息。",
    ),
    ("已更正", "您好，您反映的信息已按执业证登记信息更正，请重新登录后查看。如仍有问题，请在本工单中回复。"),
]

# (key, member, category, title, description, days ago, the story: staff and member turns, then the end state)
STORIES = [
    ("zmw-name", "lawyer", C.NAME, "姓名错误", "错误信息为张明闻，正确应该为张明文。已上传执业证扫描件。", 1, []),
    (
        "zmw-photo", "lawyer", C.PHOTO, "照片无法上传", "按要求裁剪后仍提示照片像素不对，请协助。", 3,
        [("assign",), ("note", "已联系技术同事查看裁剪工具。")],
    ),
    (
        "zmw-firm", "lawyer", C.FIRM, "执业机构不对", "我已于今年转入广州明法律师事务所，系统仍显示原执业机构。", 6,
        [("reply", "您好，请在本工单中回复并上传新的执业证扫描件，我们核对后为您更正。")],
    ),
    (
        "zmw-cert", "lawyer", C.CERTIFICATE, "证明申请一直待审批", "上周提交的执业证明一直显示待审批，请问需要多久？", 12,
        [
            ("reply", "您好，该证明需人工审核，已为您加急处理，请留意消息通知。"),
            ("member", "谢谢，已收到证明。"),
            ("close", "证明已出具。"),
        ],
    ),
    ("zmw-other", "lawyer", C.OTHER, "测试工单", "提交错了，请忽略。", 20, [("cancel",)]),
    (
        "firm-roster", "firm", C.ROSTER, "律师列表名单不对",
        "本所律师何家豪新增时提示执业证号已存在，已上传执业证扫描件，请核实。", 5, [],
    ),
    (
        "firm-role", "firm", C.FIRM_ROLE, "所内身份不对", "王雷律师的所内身份应为合伙人，请更正。", 8,
        [
            ("reply", "您好，请上传王雷律师执业证副本的扫描件。"),
            ("member", "已上传执业证副本扫描件，请查收。"),
        ],
    ),
    (
        "firm-closed", "firm", C.NAME, "律师姓名错误", "本所律师周婷的姓名登记为周停，请更正。", 15,
        [("reply", "您好，已按执业证登记信息更正。"), ("close", "已更正姓名。")],
    ),
]  # fmt: skip


def _token(key: str) -> uuid.UUID:
    return uuid.uuid5(TOKENS, key)


def _play(ticket: Ticket, turns, staff, member_account) -> None:
    for turn in turns:
        move = turn[0]
        if move == "assign":
            services.assign(ticket, staff, staff)
        elif move == "note":
            services.add_note(ticket, staff, turn[1])
        elif move == "reply":
            services.staff_reply(ticket, staff, turn[1])
        elif move == "member":
            services.member_reply(ticket, member_account, turn[1])
        elif move == "close":
            services.close(ticket, staff, turn[1])
        elif move == "cancel":
            services.cancel(ticket, member_account)
        ticket.refresh_from_db()


def load_demo(demo: dict) -> None:
    for position, (title, body) in enumerate(CANNED_REPLIES):
        CannedReply.objects.get_or_create(title=title, defaults={"body": body, "sort_order": position})
    members = {
        "lawyer": Lawyer.objects.filter(licence_no=ZHANG_MINGWEN_LICENCE).first(),
        "firm": Firm.objects.filter(licence_no=MINGFA_LICENCE).first(),
    }
    staff = demo.get("admin")
    for key, who, category, title, description, days_ago, turns in STORIES:
        member = members[who]
        if member is None:
            continue
        ticket, created = services.create_ticket(
            member, submission_token=_token(key), title=title, description=description, category=category
        )
        if not created:
            continue
        # Backdated, so the queue's order and its 等待超过 2 个工作日 have something to show.
        then = timezone.now() - datetime.timedelta(days=days_ago)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=then, waiting_since=then)
        ticket.refresh_from_db()
        # None: the member's own moves taken for him (he may never have logged in; `None` is trusted code).
        _play(ticket, turns, staff, None)
