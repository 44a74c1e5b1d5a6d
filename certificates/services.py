"""Certificate applications: submission, numbering, review and everything after.

The state machine is written once, here: TRANSITIONS lists every allowed move; each move runs
in one transaction on a locked row and leaves an audit entry. Views and admin actions call
these functions and nothing else changes an application's state."""

import datetime
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from member_center.models import DisciplineRecord, Firm, Lawyer, MemberKind, RosterStatus
from portal.audit import record
from portal.tasks import enqueue_on_commit

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

S = ApplicationState

# action -> {from state: to state}
TRANSITIONS = {
    "withdraw": {S.PENDING: S.WITHDRAWN},
    "approve": {S.PENDING: S.PASSED},
    "reject": {S.PENDING: S.REJECTED},
    "revoke": {S.PASSED: S.REVOKED},
}
ACTION_LABELS = {
    "withdraw": "撤回申请",
    "approve": "审核通过",
    "reject": "驳回",
    "revoke": "撤销证明",
}  # also the audit events

PAPER_MOVES = {
    PaperStatus.AWAITING_PICKUP: PaperStatus.PICKED_UP,
    PaperStatus.AWAITING_POST: PaperStatus.POSTED,
}


class CertificateError(Exception):
    """A refused request, with a message to show as it is."""


class TransitionNotAllowed(CertificateError):
    pass


def check_transition(application: CertificateApplication, action: str) -> ApplicationState:
    target = TRANSITIONS[action].get(application.state)
    if target is None:
        raise TransitionNotAllowed(f"当前状态为“{application.get_state_display()}”，不能{ACTION_LABELS[action]}。")
    return target


def can(application: CertificateApplication, action: str) -> bool:
    return application.state in TRANSITIONS[action]


def _locked(application: CertificateApplication) -> CertificateApplication:
    return CertificateApplication.objects.select_for_update().select_related("certificate_type").get(pk=application.pk)


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
    if isinstance(member, Lawyer) or certificate_type.lawyer_scope == LawyerScope.NONE:
        return Lawyer.objects.none()
    status = (
        RosterStatus.CANCELLED if certificate_type.lawyer_scope == LawyerScope.CANCELLED else RosterStatus.PRACTISING
    )
    # Lawyers only: trainees (实习人员) are on the firm's list but hold no licence to certify.
    return member.lawyers.filter(status=status, kind=MemberKind.LAWYER).order_by("name", "licence_no")


def covered_lawyers(member, certificate_type: CertificateType, chosen: list[Lawyer]) -> list[Lawyer]:
    """The lawyers the certificate speaks for, checked against the roster."""
    scope = certificate_type.lawyer_scope
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
    start = application.start_date
    end = datetime.date.fromisoformat(application.snapshot["issued_on"])
    firm_ids = []
    if application.applicant_firm_id and application.snapshot["type"]["lawyer_scope"] != LawyerScope.CANCELLED:
        firm_ids.append(application.applicant_firm_id)
    lawyer_ids = [item["id"] for item in application.snapshot["lawyers"]]
    if application.applicant_lawyer_id:
        lawyer_ids.append(application.applicant_lawyer_id)
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


def waiting_reason_for(evidence: dict) -> str:
    first = evidence["records"][0]
    more = f"等 {len(evidence['records'])} 条" if len(evidence["records"]) > 1 else ""
    return f"起始时间至今有行业处分记录：{first['subject']} {first['decided_on']} {first['kind']}{more}，须人工审核。"


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
    application.snapshot["number"] = application.number
    application.snapshot["verification_code"] = application.verification_code
    application.save()
    application.lawyers.set(lawyers)
    record(application, "提交申请", by=by, changes={"state": [None, S.PENDING.label]})

    if certificate_type.review_mode == ReviewMode.SYSTEM:
        evidence = discipline_check(application)
        application.review_evidence = evidence
        if evidence["records"]:
            application.waiting_reason = waiting_reason_for(evidence)
            application.save(update_fields=["review_evidence", "waiting_reason"])
            record(application, "系统审核：转人工审核", reason=application.waiting_reason)
        else:
            application.save(update_fields=["review_evidence"])
            _approve(application, by=None, auto=True)
    else:
        application.waiting_reason = "该证明类型为人工审核。"
        application.save(update_fields=["waiting_reason"])
    return application, True


# --- the moves --------------------------------------------------------------------------------------


def _approve(application: CertificateApplication, by, auto: bool = False) -> None:
    target = check_transition(application, "approve")
    application.state = target
    application.reviewed_at = timezone.now()
    application.reviewed_by = by if getattr(by, "is_authenticated", False) else None
    application.auto_reviewed = auto
    if application.paper_needed:
        application.paper_status = (
            PaperStatus.AWAITING_POST
            if application.paper_delivery == PaperDelivery.MAIL
            else PaperStatus.AWAITING_PICKUP
        )
    application.save(update_fields=["state", "reviewed_at", "reviewed_by", "auto_reviewed", "paper_status"])
    record(
        application,
        "系统审核通过" if auto else "审核通过",
        by=by,
        changes={"state": [S.PENDING.label, S.PASSED.label]},
    )
    enqueue_on_commit("certificates.tasks.render_certificate_pdf", application.pk)


@transaction.atomic
def approve(application: CertificateApplication, by) -> CertificateApplication:
    application = _locked(application)
    _approve(application, by)
    return application


@transaction.atomic
def approve_many(applications, by) -> tuple[list, list]:
    """批量通过: lock all rows in one query, approve the pending ones.

    Returns (approved, skipped) where skipped holds (application, reason) pairs."""
    approved, skipped = [], []
    locked = (
        CertificateApplication.objects.select_for_update()
        .select_related("certificate_type")
        .filter(pk__in=[application.pk for application in applications])
        .order_by("pk")
    )
    for application in locked:
        try:
            _approve(application, by)
        except TransitionNotAllowed as error:
            skipped.append((application, str(error)))
        else:
            approved.append(application)
    return approved, skipped


def _move(application: CertificateApplication, action: str, by, fields: dict, **details) -> CertificateApplication:
    """One move of the state machine on a locked row: check, change, save, audit."""
    application = _locked(application)
    before = application.state
    application.state = check_transition(application, action)
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["state", *fields])
    record(
        application,
        ACTION_LABELS[action],
        by=by,
        changes={"state": [S(before).label, S(application.state).label]},
        **details,
    )
    return application


def _required_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(message)
    return reason


@transaction.atomic
def reject(application: CertificateApplication, by, reason: str) -> CertificateApplication:
    reason = _required_reason(reason, "请填写驳回理由。")
    fields = {"reviewed_at": timezone.now(), "reviewed_by": by, "reject_reason": reason}
    return _move(application, "reject", by, fields, reason=reason)


@transaction.atomic
def withdraw(application: CertificateApplication, by) -> CertificateApplication:
    return _move(application, "withdraw", by, {"withdrawn_at": timezone.now()})


@transaction.atomic
def revoke(application: CertificateApplication, by, reason: str) -> CertificateApplication:
    reason = _required_reason(reason, "请填写撤销理由。")
    return _move(application, "revoke", by, {"revoked_at": timezone.now(), "revoke_reason": reason}, reason=reason)


@transaction.atomic
def advance_paper(application: CertificateApplication, by, tracking_number: str = "") -> CertificateApplication:
    """待领取 → 已领取, 待邮寄 → 已邮寄 (with the tracking number)."""
    application = _locked(application)
    if application.state != S.PASSED:
        raise TransitionNotAllowed(f"证明{application.get_state_display()}，不再处理纸质证明。")
    target = PAPER_MOVES.get(application.paper_status)
    if target is None:
        raise TransitionNotAllowed("该申请没有待处理的纸质证明。")
    tracking_number = (tracking_number or "").strip()
    if target == PaperStatus.POSTED and not tracking_number:
        raise CertificateError("请填写快递单号。")
    before = application.get_paper_status_display()
    application.paper_status = target
    application.tracking_number = tracking_number
    application.save(update_fields=["paper_status", "tracking_number"])
    record(
        application,
        f"纸质证明{target.label}",
        by=by,
        changes={"paper_status": [before, target.label]},
        tracking_number=tracking_number,
    )
    return application


# --- e-mail -----------------------------------------------------------------------------------------


@transaction.atomic
def request_email(application: CertificateApplication, by) -> CertificateEmail:
    if not application.is_issued:
        raise CertificateError("证明审核通过后才能发送邮箱。")
    email = CertificateEmail.objects.create(application=application, to=application.email, requested_by=by)
    record(application, "请求发送邮箱", by=by, to=application.email)
    enqueue_on_commit("certificates.tasks.send_certificate_email", email.pk)
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
    record(addition, "提交新增律师", by=by)
    return addition


@transaction.atomic
def confirm_lawyer_addition(addition, by, note: str = "") -> Lawyer:
    addition = LawyerAdditionRequest.objects.select_for_update().get(pk=addition.pk)
    if addition.state != AdditionState.PENDING:
        raise TransitionNotAllowed(f"该申请已{addition.get_state_display()}，不能再确认。")
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
    addition.state = AdditionState.CONFIRMED
    addition.lawyer = lawyer
    addition.staff_note = note
    addition.decided_at = timezone.now()
    addition.decided_by = by
    addition.save()
    record(addition, "确认新增律师", by=by, changes={"state": ["待确认", "已确认"]})
    return lawyer


@transaction.atomic
def reject_lawyer_addition(addition, by, note: str):
    if not (note or "").strip():
        raise CertificateError("请填写驳回理由。")
    addition = LawyerAdditionRequest.objects.select_for_update().get(pk=addition.pk)
    if addition.state != AdditionState.PENDING:
        raise TransitionNotAllowed(f"该申请已{addition.get_state_display()}，不能再驳回。")
    addition.state = AdditionState.REJECTED
    addition.staff_note = note.strip()
    addition.decided_at = timezone.now()
    addition.decided_by = by
    addition.save()
    record(addition, "驳回新增律师", by=by, changes={"state": ["待确认", "已驳回"]}, reason=addition.staff_note)
    return addition
