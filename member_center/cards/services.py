"""The rules of 会员卡 (manual 002 §4.4), one transaction each, on the shared workflow.

Applications (APPLICATION): 待审核 → 已受理 → 已印制 → 制卡中 → 已制卡 → 已验卡 → 已领取, and 已驳回
from 待审核 or 已受理 with a reason the member sees; 撤消 while 待审核 or 已驳回 (kept, 已撤消).
Every staff move is a 消息 and an e-mail to the member; 已制卡's says where and when to collect.
已领取 makes the card: its number (if the batch export did not give one), 正常, and the card it
replaces 已失效.

Cards (CARD): 挂失 (正常 → 已挂失, at once) and 激活 (已挂失 → 正常) by the member; 已失效 when a
replacement is collected. At most one card 正常 or 已挂失 per member, and at most one open
application (database constraints)."""

import base64
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from member_center.models import Lawyer, MemberKind, RosterStatus
from portal.workflow import OWNER, SYSTEM, Notice, Transition, Workflow, WorkflowError

from .models import (
    ApplicationKind,
    ApplicationState,
    CardApplication,
    CardBatch,
    CardCounter,
    CardStatus,
    MemberCard,
    new_verify_token,
)

S, K = ApplicationState, ApplicationKind
HANDLE = "cards.handle_cardapplication"
REVOKABLE = (S.PENDING, S.REJECTED)  # manual: 仅当受理状态为待受理、已驳回可以对会员卡申请进行撤消


def _tell(title: str, body: str):
    def notices(application: CardApplication, reason: str, details: dict):
        text = body.format(
            kind=application.get_kind_display(),
            number=application.number,
            reason=reason,
            place=application.pickup_place,
            time=application.pickup_time,
        )
        return [Notice(application.lawyer, title, text, reverse("cards:list"))]

    return notices


APPLICATION = Workflow(
    "cards.application",
    CardApplication,
    owner=lambda application: application.lawyer,
    select_related=("lawyer__account",),
    transitions=[
        Transition(
            "accept", [S.PENDING], S.ACCEPTED, "受理", permission=HANDLE,
            notify=_tell("会员卡申请已受理", "您的{kind}（{number}）已受理，协会将安排制卡。"),
        ),
        Transition(
            "reject", [S.PENDING, S.ACCEPTED], S.REJECTED, "驳回", permission=HANDLE,
            reason_required=True, reason_message="请填写驳回理由。",
            notify=_tell("会员卡申请已驳回", "您的{kind}（{number}）已驳回。驳回理由：{reason}"),
        ),
        Transition(
            "print", [S.ACCEPTED], S.PRINTED, "印制", permission=HANDLE,
            notify=_tell("会员卡申请已印制", "您的{kind}（{number}）已交付印制。"),
        ),
        Transition(
            "make", [S.PRINTED], S.MAKING, "制卡", permission=HANDLE,
            notify=_tell("会员卡制卡中", "您的{kind}（{number}）正在制卡。"),
        ),
        Transition(
            "made", [S.MAKING], S.MADE, "制卡完成", permission=HANDLE,
            requires={"pickup_place": "请填写领取地点。", "pickup_time": "请填写领取时间。"},
            notify=_tell("会员卡已制卡", "您的会员卡已制作完成（{number}），请于{time}到{place}领取。"),
        ),
        Transition(
            "check", [S.MADE], S.CHECKED, "验卡", permission=HANDLE,
            notify=_tell("会员卡已验卡", "您的会员卡（{number}）已验卡，可按通知的时间地点领取。"),
        ),
        Transition(
            "collect", [S.CHECKED], S.COLLECTED, "领取", permission=HANDLE,
            notify=_tell("会员卡已领取", "您的会员卡已领取（{number}），可在“会员卡管理”中查看。"),
        ),
        Transition("revoke", REVOKABLE, S.REVOKED, "撤消", by=OWNER),
    ],
    events={"submit": "申请会员卡"},
)  # fmt: skip

CARD = Workflow(
    "cards.card",
    MemberCard,
    field_name="status",
    owner=lambda card: card.lawyer,
    transitions=[
        Transition("report_lost", [CardStatus.ACTIVE], CardStatus.LOST, "挂失", by=OWNER),
        Transition("activate", [CardStatus.LOST], CardStatus.ACTIVE, "激活", by=OWNER),
        Transition("invalidate", [CardStatus.ACTIVE, CardStatus.LOST], CardStatus.INVALID, "失效", by=SYSTEM),
    ],
)


# --- who may apply for what -------------------------------------------------------------------


def serves(member) -> bool:
    """会员卡 is the practising lawyers' (manual 002 §4.4: 用于律师进行会员卡申请)."""
    return isinstance(member, Lawyer) and member.kind == MemberKind.LAWYER and member.status == RosterStatus.PRACTISING


def open_application(lawyer: Lawyer) -> CardApplication | None:
    return lawyer.card_applications.open().first()


def standing(lawyer: Lawyer) -> dict:
    """What the rules below read about the lawyer, in two queries: his open application and the
    statuses of his cards (a page asking about the three kinds reads it once)."""
    return {
        "open": open_application(lawyer),
        "statuses": set(lawyer.member_cards.values_list("status", flat=True)),
    }


def why_not_apply(lawyer: Lawyer, kind: str, known: dict | None = None) -> str | None:
    """Whether the lawyer may start an application of this kind now: None, or why not."""
    if not serves(lawyer):
        return "会员卡仅限执业律师申请。"
    known = known if known is not None else standing(lawyer)
    current, statuses = known["open"], known["statuses"]
    if current is not None:
        return f"您已有一份会员卡申请正在办理（{current.get_kind_display()}，{current.get_state_display()}），不能重复申请。"
    if kind == K.FIRST:
        if statuses:
            return "您已申请过会员卡，请选择“遗失申请”或“换卡申请”。"
    elif kind == K.LOST:
        if CardStatus.LOST not in statuses:
            return "请先在【会员卡管理】中办理挂失，并在确认无法找回后，提交“遗失申请”。"
    elif kind == K.REPLACE:
        if CardStatus.ACTIVE not in statuses:
            if CardStatus.LOST in statuses:
                return "您的会员卡已挂失，如无法找回，请提交“遗失申请”。"
            return "您还没有可更换的会员卡，请选择“首次申请会员卡”。"
    else:
        return "申请类型不正确。"
    return None


def card_to_replace(lawyer: Lawyer, kind: str) -> MemberCard | None:
    status = {K.LOST: CardStatus.LOST, K.REPLACE: CardStatus.ACTIVE}.get(kind)
    return lawyer.member_cards.filter(status=status).first() if status else None


def may_revoke(application: CardApplication) -> bool:
    return APPLICATION.can(application, "revoke")


# --- numbers ------------------------------------------------------------------------------------


def _take(key: str) -> int:
    """The next number of a counter, on its row locked until the caller's transaction ends."""
    counter, _ = CardCounter.objects.select_for_update().get_or_create(key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def card_number(serial: int) -> str:
    return f"HYK{serial:08d}"


def next_card_number() -> str:
    return card_number(_take("card"))


# --- the member's side ----------------------------------------------------------------------------


def snapshot(lawyer: Lawyer) -> dict:
    """执业信息 and 联系方式 as the application keeps them: the roster's, the profile's 联系地址 /
    邮政编码 / 联系电话 and the account's 手机号码, when there are."""
    profile = getattr(lawyer, "profile", None)  # a missing reverse one-to-one is an AttributeError
    account = getattr(lawyer, "account", None)
    return {
        "name": lawyer.name,
        "gender": lawyer.get_gender_display() if lawyer.gender else "",
        "authority": lawyer.authority,
        "practice_type": lawyer.get_practice_type_display() if lawyer.practice_type else "",
        "firm_name": lawyer.firm.name if lawyer.firm_id else "",
        "licence_no": lawyer.licence_no,
        "qualification_no": getattr(profile, "qualification_no", "") or "",
        "id_number": lawyer.id_number,
        "address": getattr(profile, "address", "") or "",
        "postcode": getattr(profile, "postcode", "") or (getattr(account, "postcode", "") or ""),
        "phone": getattr(profile, "phone", "") or "",
        "mobile": getattr(account, "mobile", "") or "",
    }


def submit(lawyer: Lawyer, kind: str, *, submission_token: uuid.UUID, photo, by=None) -> tuple[CardApplication, bool]:
    """申请会员卡: the application with the checked photo (a 358×441 JPEG). The token and the
    one-open-application constraint make a double click return the first one. (application, created)."""
    now = timezone.now()
    with transaction.atomic():
        # The day's counter row, locked: a second click waits here, then finds the first's application.
        serial = _take(f"app-{timezone.localdate(now):%y%m%d}")
        existing = lawyer.card_applications.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
        refusal = why_not_apply(lawyer, kind)
        if refusal:
            raise WorkflowError(refusal)
        application = CardApplication(
            lawyer=lawyer,
            number=f"HK{timezone.localdate(now):%y%m%d}{serial:04d}",
            submission_token=submission_token,
            kind=kind,
            created_at=now,
            replaces=card_to_replace(lawyer, kind),
            **snapshot(lawyer),
        )
        application.photo.save("photo.jpg", photo, save=False)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            application.photo.storage.delete(application.photo.name)
            existing = lawyer.card_applications.filter(submission_token=submission_token).first()
            if existing is None:
                raise WorkflowError("您已有一份会员卡申请正在办理，不能重复申请。") from None
            return existing, False
        APPLICATION.log(application, "submit", by=by, changes={"state": [None, S.PENDING.label]})
    return application, True


def revoke(application: CardApplication, by) -> CardApplication:
    """撤消 while 待审核 or 已驳回."""
    return APPLICATION.move(application, "revoke", by)


def report_lost(card: MemberCard, by) -> MemberCard:
    """挂失: takes effect at once (the public check shows it from now on)."""
    return CARD.move(card, "report_lost", by)


def activate(card: MemberCard, by) -> MemberCard:
    """激活: a 挂失 card found again. A card replaced by a collected one is 已失效 and stays so."""
    return CARD.move(card, "activate", by)


# --- staff's side ------------------------------------------------------------------------------


def accept(application, by):
    return APPLICATION.move(application, "accept", by)


def reject(application, by, reason: str):
    return APPLICATION.move(application, "reject", by, reason, changes={"reject_reason": (reason or "").strip()})


def make(application, by):
    return APPLICATION.move(application, "make", by)


def _pickup(pickup_place: str, pickup_time: str) -> dict:
    """制卡完成's details: where and when to collect, which the member's notice states."""
    return {"pickup_place": (pickup_place or "").strip(), "pickup_time": (pickup_time or "").strip()}


def made(application, by, pickup_place: str, pickup_time: str):
    pickup = _pickup(pickup_place, pickup_time)
    return APPLICATION.move(application, "made", by, changes=pickup, **pickup)


def check(application, by):
    return APPLICATION.move(application, "check", by)


def _collecting(by, counter: CardCounter | None = None):
    """已领取's changes: the card number if the export did not give one (from `counter` when the
    caller holds the card counter locked, as a bulk move does), the card made 正常, and the live
    card it replaces made 已失效 first (the one-live-card constraint holds throughout)."""

    def changes(application: CardApplication) -> dict:
        number = application.card_number
        if not number and counter is not None:
            counter.last += 1
            number = card_number(counter.last)
        number = number or next_card_number()
        live = MemberCard.objects.select_for_update().filter(
            lawyer_id=application.lawyer_id, status__in=[CardStatus.ACTIVE, CardStatus.LOST]
        )
        for old in live:
            CARD._apply(old, CARD["invalidate"], None, "", {}, {"replaced_by": number})
        MemberCard.objects.create(
            lawyer_id=application.lawyer_id,
            number=number,
            issued_on=timezone.localdate(),
            status=CardStatus.ACTIVE,
            application=application,
            verify_token=application.card_token or new_verify_token(),
        )
        return {"card_number": number}

    return changes


def collect(application, by):
    """领取: the card is handed over and works from now on."""
    return APPLICATION.move(application, "collect", by, changes=_collecting(by))


def collect_many(applications, by):
    """批量领取: every row locked in one query, the card counter once for all of them."""
    with transaction.atomic():
        counter, _ = CardCounter.objects.select_for_update().get_or_create(key="card")
        moved, refused = APPLICATION.move_many(applications, "collect", by, changes=_collecting(by, counter))
        counter.save(update_fields=["last"])
    return moved, refused


def move_many(name: str):
    """A bulk move of staff's pipeline: (applications, by, **details) -> (moved, [(row, refusal)]).
    Each moved application is audited and its member told, as by the single move; 制卡完成 takes
    the batch's 领取地点 and 领取时间 (pickup_place, pickup_time)."""

    def run(applications, by, **details):
        if name == "collect":
            return collect_many(applications, by)
        if name == "made":
            pickup = _pickup(details.get("pickup_place"), details.get("pickup_time"))
            return APPLICATION.move_many(applications, name, by, changes=pickup, **pickup)
        return APPLICATION.move_many(applications, name, by)

    return run


# --- 制卡导出 -----------------------------------------------------------------------------------


def export_batch(applications, by) -> CardBatch:
    """制卡导出: the 已受理 applications among `applications` get a card number and move to 已印制,
    recorded as one batch. Refused (no longer 已受理) rows are left out."""
    with transaction.atomic():
        batch = CardBatch.objects.create(
            number=f"ZK{timezone.localdate():%y%m%d}{_take('batch'):04d}", created_at=timezone.now(), created_by=by
        )
        ids = [getattr(a, "pk", a) for a in applications]
        # The card counter locked once for the batch, numbers handed out in memory, saved once.
        counter, _ = CardCounter.objects.select_for_update().get_or_create(key="card")

        def changes(application):
            values = {"batch": batch, "card_token": application.card_token or new_verify_token()}
            if not application.card_number:
                counter.last += 1
                values["card_number"] = card_number(counter.last)
            return values

        moved, _refused = APPLICATION.move_many(ids, "print", by, changes=changes, batch=batch.number)
        counter.save(update_fields=["last"])
        if not moved:
            raise WorkflowError("没有可导出的已受理申请。")
        batch.size = len(moved)
        batch.save(update_fields=["size"])
    return batch


def is_handler(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.has_perm(HANDLE) or user.has_perm("cards.view_cardapplication")
    )


# --- 打印: the 会员卡申请单 (portal.printing lays it out in the worker) ----------------------------

APPLICATION_SHEET_FOLDER = "cards/application-pdf"


def jpeg_data_uri(content: bytes | None) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(content).decode() if content else ""


def photo_uri_of(application: CardApplication) -> str:
    with application.photo.open("rb") as handle:
        return jpeg_data_uri(handle.read())


def application_sheet(application: CardApplication) -> tuple[str, str]:
    """The 会员卡申请单's folder and HTML, with the photo, as the application is now."""
    from django.conf import settings
    from django.template.loader import render_to_string

    context = {
        "application": application,
        "photo_uri": photo_uri_of(application),
        "pdf_font_family": settings.PDF_FONT_FAMILY,
    }
    return f"{APPLICATION_SHEET_FOLDER}/{application.pk}", render_to_string("cards/application_pdf.html", context)
