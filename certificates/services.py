"""Certificate applications: submission, numbering, review and everything after.

The state machines are declared here on the shared workflow (portal.workflow): APPLICATION (the
application's state), PAPER (its paper copy) and ADDITION (新增律师 requests). Each move runs in
one transaction on a locked row and leaves an audit entry with a stable event code. Views and
admin actions call these functions and nothing else changes a state."""

import datetime
import uuid
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from member_center.models import DisciplineRecord, Firm, Lawyer, MemberKind, RosterStatus
from portal.site_url import request_site_url
from portal.tasks import enqueue_on_commit
from portal.workflow import OWNER, SYSTEM, Notice, Transition, TransitionNotAllowed, Workflow, WorkflowError

from .models import (
    AdditionState,
    ApplicationState,
    CertificateApplication,
    CertificateEmail,
    CertificateType,
    LawyerAdditionRequest,
    LawyerScope,
    NumberCounter,
    PaperDelivery,
    PaperStatus,
    ReviewMode,
)
from .snapshot import build_snapshot
from .wording import chinese_date

S = ApplicationState
P = PaperStatus
A = AdditionState
REVIEW = "certificates.review_certificateapplication"
DECIDE_ADDITION = "certificates.change_lawyeradditionrequest"

# Errors the services raise are the workflow's: one kind of refusal, with a message to show as it is.
CertificateError = WorkflowError


def _applicant(application: CertificateApplication):
    return application.applicant_firm or application.applicant_lawyer


def _issued_only(application: CertificateApplication) -> str | None:
    if application.state != S.PASSED:
        return f"证明{application.get_state_display()}，不再处理纸质证明。"
    return None


def _tell_applicant(title: str, body: str):
    """The applicant's notice of a decision on their application (消息 and, by choice, e-mail)."""

    def notices(application: CertificateApplication, reason: str, details: dict) -> list[Notice]:
        text = body.format(number=application.number, type=application.type_name, reason=reason.rstrip("。"))
        url = reverse("certificates:detail", args=[application.number])
        recipients = [_applicant(application)]
        if application.on_behalf_of_id:
            # The lawyer the firm applied for sees the certificate about him in 我的证明 too.
            recipients.append(application.on_behalf_of)
        return [Notice(member, title.format(number=application.number), text, url) for member in recipients]

    return notices


PASSED_NOTICE = _tell_applicant(
    "电子证明 {number} 已审核通过",
    "您申请的“{type}”（编号 {number}）已审核通过，可在“我的证明”中下载证明文件或发送到邮箱。",
)


APPLICATION = Workflow(
    "certificates.application",
    CertificateApplication,
    owner=_applicant,
    select_related=(
        "certificate_type", "applicant_firm__account", "applicant_lawyer__account", "on_behalf_of__account"
    ),
    transitions=[
        Transition("withdraw", [S.PENDING], S.WITHDRAWN, "撤回申请", by=OWNER),
        Transition("approve", [S.PENDING], S.PASSED, "审核通过", permission=REVIEW, notify=PASSED_NOTICE),
        Transition("system_approve", [S.PENDING], S.PASSED, "系统审核通过", by=SYSTEM, notify=PASSED_NOTICE),
        Transition(
            "reject", [S.PENDING], S.REJECTED, "驳回", permission=REVIEW,
            reason_required=True, reason_message="请填写驳回理由。",
            notify=_tell_applicant(
                "电子证明申请 {number} 被驳回", "您申请的“{type}”（编号 {number}）未通过审核。驳回理由：{reason}"
            ),
        ),
        Transition(
            "revoke", [S.PASSED], S.REVOKED, "撤销证明", permission=REVIEW,
            reason_required=True, reason_message="请填写撤销理由。",
            notify=_tell_applicant(
                "电子证明 {number} 已被撤销", "您的“{type}”（编号 {number}）已被协会撤销，不能再下载，验证时显示为已撤销。撤销理由：{reason}"
            ),
        ),
    ],
    events={
        "submit": "提交申请",
        "refer": "系统审核：转人工审核",
        "render": "生成证明文件",
        "request_email": "请求发送邮箱",
        "email_sent": "邮件已发送",
        "email_failed": "邮件发送失败",
    },
)  # fmt: skip


def _tell_posted(application: CertificateApplication, reason: str, details: dict) -> list[Notice]:
    body = (
        f"您申请的“{application.type_name}”（编号 {application.number}）的纸质证明已邮寄给"
        f"{application.recipient_name}，快递单号：{details.get('tracking_number', '')}。"
    )
    url = reverse("certificates:detail", args=[application.number])
    return [Notice(_applicant(application), f"纸质证明 {application.number} 已邮寄", body, url)]


PAPER = Workflow(
    "certificates.paper",
    CertificateApplication,
    field_name="paper_status",
    select_related=("certificate_type", "applicant_firm__account", "applicant_lawyer__account"),
    transitions=[
        Transition(
            "pick_up", [P.AWAITING_PICKUP], P.PICKED_UP, "纸质证明已领取", permission=REVIEW, guard=_issued_only,
            refusal="纸质证明当前为“{state}”，不能标记已领取。",
        ),
        Transition(
            "post", [P.AWAITING_POST], P.POSTED, "纸质证明已邮寄", permission=REVIEW, guard=_issued_only,
            requires={"tracking_number": "请填写快递单号。"}, refusal="纸质证明当前为“{state}”，不能标记已邮寄。",
            notify=_tell_posted,
        ),
    ],
)  # fmt: skip


def _tell_firm(title: str, body: str):
    def notices(addition: LawyerAdditionRequest, reason: str, details: dict) -> list[Notice]:
        text = body.format(name=addition.name, licence_no=addition.licence_no, reason=reason.rstrip("。"))
        return [Notice(addition.firm, title.format(name=addition.name), text, reverse("certificates:lawyer_list"))]

    return notices


ADDITION = Workflow(
    "certificates.addition",
    LawyerAdditionRequest,
    owner=lambda addition: addition.firm,
    select_related=("firm__account",),
    transitions=[
        Transition(
            "confirm", [A.PENDING], A.CONFIRMED, "确认新增律师", permission=DECIDE_ADDITION,
            refusal="该申请{state}，不能再确认。",
            notify=_tell_firm("新增律师 {name} 已确认", "协会已核实并确认新增律师 {name}（执业证号 {licence_no}），该律师已加入本所律师名单。"),
        ),
        Transition(
            "reject", [A.PENDING], A.REJECTED, "驳回新增律师", permission=DECIDE_ADDITION,
            reason_required=True, reason_message="请填写驳回理由。", refusal="该申请{state}，不能再驳回。",
            notify=_tell_firm(
                "新增律师 {name} 的申请被驳回",
                "您提交的新增律师 {name}（执业证号 {licence_no}）未获确认。驳回理由：{reason}。如有疑问请通过工单反馈。",
            ),
        ),
    ],
    events={"submit": "提交新增律师"},
)  # fmt: skip


def can(application: CertificateApplication, action: str) -> bool:
    return APPLICATION.can(application, action)


# --- numbering ---------------------------------------------------------------------------


def next_number(day: datetime.date) -> str:
    """YYMMDDNNNN (manual 001 shows 2210260660). Must run inside the submitting transaction:
    the day's counter row stays locked until it commits, so two submissions never share one."""
    counter, _ = NumberCounter.objects.select_for_update().get_or_create(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{day:%y%m%d}{counter.last:04d}"


# --- who and what a certificate covers ------------------------------------------------------


def eligible_lawyers(member, certificate_type: CertificateType):
    """The lawyers a firm may pick for this type (the 选择律师 list)."""
    if isinstance(member, Lawyer):
        return Lawyer.objects.none()
    if certificate_type.is_on_behalf(member):
        return member.lawyers.filter(status=RosterStatus.PRACTISING, kind=MemberKind.LAWYER).order_by(
            "name", "licence_no"
        )
    if certificate_type.lawyer_scope == LawyerScope.NONE:
        return Lawyer.objects.none()
    status = (
        RosterStatus.CANCELLED if certificate_type.lawyer_scope == LawyerScope.CANCELLED else RosterStatus.PRACTISING
    )
    # Lawyers only: trainees (实习人员) are on the firm's list but hold no licence to certify.
    return member.lawyers.filter(status=status, kind=MemberKind.LAWYER).order_by("name", "licence_no")


def pinyin_key(lawyer: Lawyer) -> tuple:
    """Chinese names in the order of their pinyin (蔡 before 张), as members look them up."""
    from pypinyin import lazy_pinyin  # ~57 MiB of dictionaries: loaded by the forms that sort, not the job worker

    return (lazy_pinyin(lawyer.name), lawyer.name, lawyer.licence_no)


def in_pinyin_order(lawyers) -> list[Lawyer]:
    return sorted(lawyers, key=pinyin_key)


def covered_lawyers(member, certificate_type: CertificateType, chosen: list[Lawyer]) -> list[Lawyer]:
    """The lawyers the certificate speaks for, checked against the roster."""
    scope = certificate_type.lawyer_scope
    if certificate_type.is_on_behalf(member):
        allowed = set(eligible_lawyers(member, certificate_type).values_list("pk", flat=True))
        if len(chosen) != 1:
            raise CertificateError("请选择一名本所执业律师。")
        if chosen[0].pk not in allowed:
            raise CertificateError("所选律师不在本所执业律师名单中，请重新选择。")
        return list(chosen)
    if isinstance(member, Lawyer) or scope == LawyerScope.NONE:
        return []
    if scope == LawyerScope.ALL:
        return list(eligible_lawyers(member, certificate_type))
    allowed = set(eligible_lawyers(member, certificate_type).values_list("pk", flat=True))
    if not chosen:
        raise CertificateError("请选择律师。")
    if any(lawyer.pk not in allowed for lawyer in chosen):
        raise CertificateError("所选律师不在本所名单中，请重新选择。")
    if scope == LawyerScope.CANCELLED and len(chosen) != 1:
        raise CertificateError("代已注销律师申请时，请选择一名已注销的律师。")
    return sorted(chosen, key=lambda lawyer: (lawyer.name, lawyer.licence_no))


def preview_snapshot(member, certificate_type, chosen, start_date) -> dict:
    return build_snapshot(certificate_type, member, covered_lawyers(member, certificate_type, chosen), start_date)


# --- system review -----------------------------------------------------------------------------


def discipline_check(application: CertificateApplication) -> dict:
    """Which discipline records fall between 起始时间 and the issue date, for the firm and the
    lawyers the certificate covers. The evidence is kept on the application."""
    return discipline_check_for(application.snapshot, application.applicant_firm_id)


def discipline_check_for(snapshot: dict, applicant_firm_id: int | None) -> dict:
    """discipline_check before there is an application (证明预览): the snapshot says who is covered."""
    start = datetime.date.fromisoformat(snapshot["start_date"])
    end = datetime.date.fromisoformat(snapshot["issued_on"])
    # A certificate naming one lawyer (his own, a cancelled one, or one a firm applies for on
    # his behalf) speaks for him, not for the firm: the firm's record is not his.
    subject = snapshot.get("lawyer") or None
    firm_ids = [applicant_firm_id] if applicant_firm_id and subject is None else []
    lawyer_ids = [item["id"] for item in snapshot["lawyers"]]
    if subject and subject.get("id") and subject["id"] not in lawyer_ids:
        lawyer_ids.append(subject["id"])
    records = (
        DisciplineRecord.objects.filter(Q(firm_id__in=firm_ids) | Q(lawyer_id__in=lawyer_ids))
        .filter(decided_on__gte=start, decided_on__lte=end)
        .select_related("firm", "lawyer")
        .order_by("decided_on", "pk")
    )
    return {
        "period": [start.isoformat(), end.isoformat()],
        "firm_ids": firm_ids,
        "lawyer_ids": lawyer_ids,
        "records": [
            {
                "id": r.pk,
                "subject": r.firm.name if r.firm_id else f"{r.lawyer.name}（{r.lawyer.licence_no}）",
                "kind": r.get_kind_display(),
                "decided_on": r.decided_on.isoformat(),
                "summary": r.summary,
            }
            for r in records
        ],
        "checked_at": timezone.now().isoformat(),
    }


MANUAL_TYPE_REASON = "该证明类型为人工审核。"


@dataclass(frozen=True)
class ReviewRoute:
    """How an application is reviewed, and why, in words the member may read: whose record, its
    date and kind, never the record's summary (staff's notes)."""

    manual: bool
    reason: str = ""
    records: tuple = ()

    @property
    def label(self) -> str:
        return ReviewMode.MANUAL.label if self.manual else ReviewMode.SYSTEM.label

    @property
    def summary(self) -> str:
        """The reason in one line, records included: the application's 待人工审核原因."""
        if not self.records:
            return self.reason
        # The first record and a count: it fits the 300 characters however many there are.
        first = self.records[0]
        more = f"等 {len(self.records)} 条" if len(self.records) > 1 else ""
        return f"起始时间至出具日期之间有行业处分记录：{first['subject']} {first['decided_on']} {first['kind']}{more}，须人工审核。"


def review_route(review_mode: str, evidence: dict | None) -> ReviewRoute:
    """The rule deciding 系统审核 or 人工审核, for the preview, the submission and the detail page."""
    if review_mode != ReviewMode.SYSTEM:
        return ReviewRoute(manual=True, reason=MANUAL_TYPE_REASON)
    records = tuple(
        {"subject": r["subject"], "kind": r["kind"], "decided_on": chinese_date(r["decided_on"])}
        for r in (evidence or {}).get("records", [])
    )
    if not records:
        return ReviewRoute(manual=False)
    # The records themselves are listed beside the reason (review_route.html).
    reason = f"起始时间至出具日期之间有以下{len(records)}条行业处分记录，须人工审核："
    return ReviewRoute(manual=True, reason=reason, records=records)


def preview_route(member, certificate_type: CertificateType, snapshot: dict) -> ReviewRoute:
    """What 证明预览 says about the review: the submission will decide by the same rule."""
    evidence = None
    if certificate_type.review_mode == ReviewMode.SYSTEM:
        evidence = discipline_check_for(snapshot, None if isinstance(member, Lawyer) else member.pk)
    return review_route(certificate_type.review_mode, evidence)


def application_route(application: CertificateApplication) -> ReviewRoute:
    """The route an application took, from what was recorded at submission."""
    return review_route(application.snapshot["type"].get("review_mode", ""), application.review_evidence)


# --- submission ---------------------------------------------------------------------------------


@transaction.atomic
def submit(
    member: Firm | Lawyer,
    certificate_type: CertificateType,
    *,
    submission_token: uuid.UUID,
    start_date: datetime.date,
    email: str,
    chosen_lawyers: list[Lawyer] = (),
    paper_needed: bool = False,
    paper_copies: int | None = None,
    paper_delivery: str = "",
    recipient_name: str = "",
    recipient_phone: str = "",
    recipient_address: str = "",
    remarks: str = "",
    by=None,
) -> tuple[CertificateApplication, bool]:
    """Create the application once per wizard run (the token makes a double click or a
    resubmitted form return the first one). Returns (application, created)."""
    existing = CertificateApplication.objects.of_member(member).filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if not certificate_type.active or not certificate_type.is_for(member):
        raise CertificateError("该证明类型当前不可申请。")
    if start_date > timezone.localdate():
        raise CertificateError("起始时间不能晚于今天。")
    lawyers = covered_lawyers(member, certificate_type, list(chosen_lawyers))
    snapshot = build_snapshot(certificate_type, member, lawyers, start_date)
    now = timezone.now()
    mailed = paper_needed and paper_delivery == PaperDelivery.MAIL
    application = CertificateApplication(
        number=next_number(timezone.localdate(now)),
        submission_token=submission_token,
        certificate_type=certificate_type,
        applicant_name=member.display_name,
        start_date=start_date,
        email=email,
        paper_needed=paper_needed,
        paper_copies=paper_copies if paper_needed else None,
        paper_delivery=paper_delivery if paper_needed else "",
        recipient_name=recipient_name if mailed else "",
        recipient_phone=recipient_phone if mailed else "",
        recipient_address=recipient_address if mailed else "",
        remarks=remarks,
        snapshot=snapshot,
        submitted_at=now,
    )
    if isinstance(member, Lawyer):
        application.applicant_lawyer = member
    else:
        application.applicant_firm = member
        if certificate_type.is_on_behalf(member):
            application.on_behalf_of = lawyers[0]
    application.snapshot["number"] = application.number
    application.snapshot["verification_code"] = application.verification_code
    # One audit entry says it was submitted (提交申请); auditlog's own 创建 of the same row, and
    # its diffs of the review evidence saved just after, would only repeat it in a staff history.
    with disable_auditlog():
        application.save()
    application.lawyers.set(lawyers)
    APPLICATION.log(application, "submit", by=by, changes={"state": [None, S.PENDING.label]})

    evidence = discipline_check(application) if certificate_type.review_mode == ReviewMode.SYSTEM else None
    route = review_route(certificate_type.review_mode, evidence)
    if not route.manual:
        with disable_auditlog():
            application.review_evidence = evidence
            application.save(update_fields=["review_evidence"])
        return _approve(application, by=None, auto=True), True
    values = {"waiting_reason": route.summary}
    if evidence is not None:
        values["review_evidence"] = evidence
    if evidence:
        APPLICATION.update(application, "refer", values, reason=route.summary)
    else:
        with disable_auditlog():
            for name, value in values.items():
                setattr(application, name, value)
            application.save(update_fields=list(values))
    return application, True


# --- the moves --------------------------------------------------------------------------------------


def _approval_changes(by, auto: bool):
    def changes(application: CertificateApplication) -> dict:
        paper_status = application.paper_status
        if application.paper_needed:
            mailed = application.paper_delivery == PaperDelivery.MAIL
            paper_status = P.AWAITING_POST if mailed else P.AWAITING_PICKUP
        return {
            "reviewed_at": timezone.now(),
            "reviewed_by": by if getattr(by, "is_authenticated", False) else None,
            "auto_reviewed": auto,
            "paper_status": paper_status,
        }

    return changes


def _approve(application: CertificateApplication, by, auto: bool = False) -> CertificateApplication:
    application = APPLICATION.move(
        application, "system_approve" if auto else "approve", by, changes=_approval_changes(by, auto)
    )
    enqueue_on_commit("certificates.tasks.render_certificate_pdf", application.pk, request_site_url())
    return application


@transaction.atomic
def approve(application: CertificateApplication, by) -> CertificateApplication:
    return _approve(application, by)


@transaction.atomic
def approve_many(applications, by) -> tuple[list, list]:
    """批量通过: lock all rows in one query, approve the pending ones.

    Returns (approved, skipped) where skipped holds (application, reason) pairs."""
    approved, skipped = APPLICATION.move_many(applications, "approve", by, changes=_approval_changes(by, False))
    for application in approved:
        enqueue_on_commit("certificates.tasks.render_certificate_pdf", application.pk, request_site_url())
    return approved, skipped


@transaction.atomic
def reject(application: CertificateApplication, by, reason: str) -> CertificateApplication:
    reason = (reason or "").strip()
    changes = {"reviewed_at": timezone.now(), "reviewed_by": by, "reject_reason": reason}
    return APPLICATION.move(application, "reject", by, reason, changes=changes)


@transaction.atomic
def withdraw(application: CertificateApplication, by) -> CertificateApplication:
    return APPLICATION.move(application, "withdraw", by, changes={"withdrawn_at": timezone.now()})


@transaction.atomic
def revoke(application: CertificateApplication, by, reason: str) -> CertificateApplication:
    reason = (reason or "").strip()
    return APPLICATION.move(
        application, "revoke", by, reason, changes={"revoked_at": timezone.now(), "revoke_reason": reason}
    )


def paper_transition(application: CertificateApplication) -> str | None:
    """The paper copy's next move (标记已领取 / 标记已邮寄), when it has one."""
    return next((t.name for t in PAPER.transitions.values() if application.paper_status in t.sources), None)


@transaction.atomic
def advance_paper(
    application: CertificateApplication, by, tracking_number: str = "", move: str | None = None
) -> CertificateApplication:
    """待领取 → 已领取, 待邮寄 → 已邮寄 (with the tracking number). `move` names the one staff
    chose (pick_up / post); without it, the paper copy's next move."""
    name = move or paper_transition(application)
    if name is None:
        refusal = _issued_only(application)
        raise TransitionNotAllowed(refusal or "该申请没有待处理的纸质证明。")
    tracking_number = (tracking_number or "").strip()
    return PAPER.move(
        application, name, by, changes={"tracking_number": tracking_number}, tracking_number=tracking_number
    )


# --- 再次申请 ------------------------------------------------------------------------------------------


def reapply_refusal(application: CertificateApplication, member) -> str | None:
    """Why a rejected application cannot be copied into a new one, or None when it can."""
    if application.state != S.REJECTED:
        return "只有已驳回的申请可以再次申请。"
    certificate_type = application.certificate_type
    if not certificate_type.active or not certificate_type.is_for(member):
        return "该证明类型当前不可申请。"
    return None


# --- e-mail -----------------------------------------------------------------------------------------


# 发送邮箱 mails the certificate to an address the member types: a few times per certificate and
# per account in a window, counted from the requests kept (the database, not the cache: a cache
# clear or a second process must not reset it).
EMAIL_WINDOW = datetime.timedelta(minutes=10)
EMAILS_PER_APPLICATION = 3
EMAILS_PER_ACCOUNT = 5


class EmailThrottled(WorkflowError):
    """Too many 发送邮箱 requests in the window; the message says so."""


def email_refusal(application: CertificateApplication, by) -> str | None:
    """Why another 发送邮箱 is refused now (call with the application locked), or None."""
    since = timezone.now() - EMAIL_WINDOW
    minutes = int(EMAIL_WINDOW.total_seconds() // 60)
    if application.emails.filter(created_at__gte=since).count() >= EMAILS_PER_APPLICATION:
        return f"这份证明 {minutes} 分钟内已发送 {EMAILS_PER_APPLICATION} 次，请 {minutes} 分钟后再试。"
    mine = CertificateEmail.objects.filter(requested_by=by, created_at__gte=since) if getattr(by, "pk", None) else None
    if mine is not None and mine.count() >= EMAILS_PER_ACCOUNT:
        return f"发送过于频繁，请 {minutes} 分钟后再试。"
    return None


@transaction.atomic
def request_email(application: CertificateApplication, by, to: str | None = None) -> CertificateEmail:
    """发送邮箱: to the application's address unless the member gives another one, within the
    limits above (EmailThrottled)."""
    if not application.is_issued:
        raise CertificateError("证明审核通过后才能发送邮箱。")
    # The row locked: two clicks at once count each other (a no-op on SQLite, which writes one at a time).
    CertificateApplication.objects.select_for_update().filter(pk=application.pk).first()
    refusal = email_refusal(application, by)
    if refusal:
        raise EmailThrottled(refusal)
    to = (to or application.email).strip()
    email = CertificateEmail.objects.create(application=application, to=to, requested_by=by)
    APPLICATION.log(application, "request_email", by=by, to=to)
    enqueue_on_commit("certificates.tasks.send_certificate_email", email.pk, request_site_url())
    return email


# --- 新增律师 -----------------------------------------------------------------------------------------

ALREADY_IN_ROSTER = (
    "该{what}已存在于律师名册中（可能登记在其他律所或信息有误）。请提交工单并上传该律师的执业证扫描件，协会核实后处理。"
)


@transaction.atomic
def request_lawyer_addition(firm: Firm, data: dict, by) -> LawyerAdditionRequest:
    if Lawyer.objects.filter(licence_no=data["licence_no"]).exists():
        raise CertificateError(ALREADY_IN_ROSTER.format(what="执业证号"))
    if Lawyer.objects.filter(id_number__iexact=data["id_number"]).exists():
        raise CertificateError(ALREADY_IN_ROSTER.format(what="身份证号"))
    if LawyerAdditionRequest.objects.filter(licence_no=data["licence_no"], state=AdditionState.PENDING).exists():
        raise CertificateError("该执业证号已提交新增申请，正在等待协会确认，请勿重复提交。")
    addition = LawyerAdditionRequest.objects.create(firm=firm, **data)
    ADDITION.log(addition, "submit", by=by)
    return addition


@transaction.atomic
def confirm_lawyer_addition(addition, by, note: str = "") -> Lawyer:
    def changes(addition: LawyerAdditionRequest) -> dict:
        if Lawyer.objects.filter(Q(licence_no=addition.licence_no) | Q(id_number__iexact=addition.id_number)).exists():
            raise CertificateError("名册中已有相同执业证号或身份证号的律师，请核对后驳回。")
        lawyer = Lawyer.objects.create(
            name=addition.name,
            gender=addition.gender,
            licence_no=addition.licence_no,
            id_number=addition.id_number,
            practice_type=addition.practice_type,
            firm_role=addition.firm_role,
            firm=addition.firm,
        )
        return {"lawyer": lawyer, "staff_note": note, "decided_at": timezone.now(), "decided_by": by}

    return ADDITION.move(addition, "confirm", by, changes=changes).lawyer


@transaction.atomic
def reject_lawyer_addition(addition, by, note: str):
    note = (note or "").strip()
    changes = {"staff_note": note, "decided_at": timezone.now(), "decided_by": by}
    return ADDITION.move(addition, "reject", by, note, changes=changes)


def reconcile_jobs(cutoff) -> dict[str, int]:
    """Issued certificates with no file and mails still 待发送 from before `cutoff` lost their job
    (portal.reconcile): queue it again. Both jobs do nothing if the work is done meanwhile."""
    from portal.tasks import enqueue

    from .models import CertificateEmail, EmailStatus

    unrendered = CertificateApplication.objects.filter(
        state=ApplicationState.PASSED, pdf="", reviewed_at__lt=cutoff
    ).values_list("pk", flat=True)
    queued_mail = CertificateEmail.objects.filter(status=EmailStatus.QUEUED, updated_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    renders = mails = 0
    for pk in list(unrendered):  # a list: the database broker closes the connection per job
        enqueue("certificates.tasks.render_certificate_pdf", pk)
        renders += 1
    for pk in list(queued_mail):
        enqueue("certificates.tasks.send_certificate_email", pk)
        mails += 1
    return {"证明文件生成": renders, "证明邮件": mails}
