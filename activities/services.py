"""The rules of 活动报名 and 培训记录 (manual 002 §4.1–4.2), one transaction each.

Every window is computed in one place (`windows`): sign-up from 报名开始 until 报名截止 (报满即止),
取消报名 until 24 hours before sign-up closes, 请假 from sign-up close until two hours before the
start. `permissions` is the one answer to what a member may do with an activity now, and why not
(concrexit's event_permissions); the pages ask it, and the moves' guards use the same rules.

Seats are never oversold: a sign-up locks the activity's ledger row inside the transaction that
takes the seat (pretix's quota lock), so concurrent sign-ups queue there and each sees the seats
the ones before it took; a partial unique index keeps one live sign-up per lawyer and activity
whatever happens. On PostgreSQL the lock waits at most LOCK_TIMEOUT. On SQLite `select_for_update`
does nothing, but SQLite lets one transaction write at a time and refuses a second writer whose
reads are stale ("database is locked"): a concurrent sign-up there is refused with BUSY, never
oversold. (Django's SQLite option "transaction_mode": "IMMEDIATE" would make it wait instead; the
portal runs PostgreSQL wherever requests come at once.)

A cancelled seat goes at once to the first on the waiting list, who is told (消息 + e-mail)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from member_center.models import Lawyer, RosterStatus
from portal.uploads.rules import ATTACHMENTS
from portal.uploads.services import attach
from portal.workflow import OWNER, SYSTEM, Notice, Transition, Workflow, WorkflowError, send_notices

from .models import (
    ACTIVE_STATES,
    SEAT_STATES,
    ActivityIndexPage,
    ActivityLedger,
    ActivityPage,
    Attendance,
    LeaveRequest,
    SignUp,
    SignUpState,
    TrainingRecord,
    TrainingSettings,
    TrainingSource,
    TrainingType,
    eligible_group,
)
from .windows import CANCEL_BEFORE_CLOSE, is_closed, remaining, windows

S = SignUpState
MANAGE = "activities.manage_signup"
RULE = ATTACHMENTS  # 附件（可上传多个文件）: images, PDF, Office documents by content, ≤ 10 MB, ≤ 5
LOCK_TIMEOUT = "5s"  # PostgreSQL: how long a sign-up waits for the activity's lock before giving up

CANCEL_REFUSED = "取消报名需在活动报名结束 24 小时前进行操作，已超出时间限制，无法取消报名。"
LEAVE_RULE = "活动请假日期为活动报名结束到活动开始前两小时,如果需临时取消请假,请提交工单"
BUSY = "报名人数较多，请稍后重试。"

MINUTE = "%Y-%m-%d %H:%M"


# --- what a member may do now, and why not --------------------------------------------------------


@dataclass
class Permissions:
    """What one member may do with one activity now. `why_not[action]` is the refusal to show."""

    sign_up: bool = False
    join_waitlist: bool = False
    why_not: dict = field(default_factory=dict)
    own: SignUp | None = None  # a lawyer's live sign-up for himself (made by him or by his firm)
    signups: list = field(default_factory=list)  # the member's live sign-ups of this activity

    @property
    def signed_up(self) -> bool:
        return bool(self.signups)


def is_eligible(activity: ActivityPage, member) -> bool:
    return eligible_group(member) in activity.eligible_codes


def eligibility_refusal(activity: ActivityPage) -> str:
    return f"本次活动报名仅对“{activity.eligible_labels}”开放。"


def permissions(activity: ActivityPage, member, now=None, signups=None) -> Permissions:
    """What `member` may do with `activity` now. `signups`: his live sign-ups of it, when the
    caller has them (else looked up)."""
    now = now or timezone.now()
    w = windows(activity)
    if signups is None:
        signups = list(SignUp.objects.of_member(member).filter(activity=activity).active().order_by("created_at"))
    result = Permissions(signups=signups)
    if isinstance(member, Lawyer):
        result.own = next((s for s in signups if s.attendee_id == member.pk), None)
    refusal = None
    if not is_eligible(activity, member):
        refusal = eligibility_refusal(activity)
    elif is_closed(activity) or now >= w.closes:
        refusal = "活动报名已截止。"
    elif now < w.opens:
        refusal = f"活动报名尚未开始，报名时间为 {timezone.localtime(w.opens):{MINUTE}} 至 {timezone.localtime(w.closes):{MINUTE}}。"
    elif result.own is not None:
        refusal = "您已经报名此活动" if result.own.state != S.WAITING else "您已在候补名单中"
    elif not isinstance(member, Lawyer) and len(signups) >= activity.per_member_limit:
        refusal = f"本次活动每人限报 {activity.per_member_limit} 个，您已报满。"
    if refusal:
        result.why_not = {"sign_up": refusal, "join_waitlist": refusal}
        return result
    if remaining(activity):
        result.sign_up = True
        result.why_not["join_waitlist"] = "尚有名额，请直接报名。"
    else:
        result.join_waitlist = True
        result.why_not["sign_up"] = "本次活动名额已满，可加入候补名单，有人取消报名时按顺序递补。"
    return result


def cancel_refusal(signup: SignUp, now=None) -> str | None:
    """Why the member may not cancel this sign-up now (None: he may)."""
    now = now or timezone.now()
    w = windows(signup.activity)
    if signup.state == S.WAITING:
        return None if now < w.starts else "活动已开始，不能取消候补。"
    if signup.state != S.SIGNED_UP:
        return f"当前状态为“{signup.get_state_display()}”，不能取消报名。"
    return None if w.cancelling(now) else CANCEL_REFUSED


def leave_refusal(signup: SignUp, now=None) -> str | None:
    """Why the member may not ask for leave now (None: he may)."""
    now = now or timezone.now()
    if signup.state != S.SIGNED_UP:
        return f"当前状态为“{signup.get_state_display()}”，不能请假。"
    return None if windows(signup.activity).on_leave(now) else LEAVE_RULE


@dataclass(frozen=True)
class SignUpActions:
    """What the member may do with one of his sign-ups now (the 我已报名的活动 list, its page)."""

    cancel: bool
    leave: bool
    cancel_refusal: str | None
    leave_refusal: str | None
    mine: bool  # made by this member (a lawyer signed up by his firm acts through the firm)


def signup_actions(signup: SignUp, member, now=None) -> SignUpActions:
    mine = signup.lawyer_id == member.pk if isinstance(member, Lawyer) else signup.firm_id == member.pk
    cancel, leave = cancel_refusal(signup, now), leave_refusal(signup, now)
    if not mine:
        cancel = leave = f"由{signup.firm.name}报名，如需取消或请假请联系本所。"
    return SignUpActions(
        cancel=cancel is None, leave=leave is None, cancel_refusal=cancel, leave_refusal=leave, mine=mine
    )


def waiting_position(signup: SignUp) -> int | None:
    """1 for the first in line."""
    if signup.state != S.WAITING:
        return None
    earlier = Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
    return SignUp.objects.filter(earlier, activity_id=signup.activity_id, state=S.WAITING).count() + 1


# --- the state machine ----------------------------------------------------------------------------


def _people(signup: SignUp) -> list:
    """Who hears about a sign-up: who made it, and the lawyer signed up when his firm made it."""
    return [signup.member, signup.attendee] if signup.by_firm else [signup.member]


def _tell(title: str, body: str):
    def notices(signup: SignUp, reason: str, details: dict):
        activity = signup.activity
        text = body.format(activity=activity.title, name=signup.name, reason=reason or "")
        return [Notice(person, title, text, signup.get_absolute_url()) for person in _people(signup)]

    return notices


SIGNUP = Workflow(
    "activities.signup",
    SignUp,
    owner=lambda signup: signup.member,
    select_related=("activity", "firm__account", "lawyer__account", "attendee__account"),
    transitions=[
        Transition("cancel", [S.SIGNED_UP, S.WAITING], S.CANCELLED, "取消报名", by=OWNER, guard=cancel_refusal),
        Transition("leave", [S.SIGNED_UP], S.ON_LEAVE, "请假", by=OWNER, guard=leave_refusal),
        Transition(
            "promote", [S.WAITING], S.SIGNED_UP, "候补转为报名", by=SYSTEM,
            notify=_tell("活动候补已转为报名", "有会员取消了活动“{activity}”的报名，{name}已由候补转为正式报名，请按时参加。"),
        ),
        Transition(
            "staff_cancel", ACTIVE_STATES, S.CANCELLED, "代为取消报名", permission=MANAGE,
            reason_required=True, reason_message="请填写取消原因。",
            notify=_tell("活动报名已取消", "协会已取消{name}在活动“{activity}”的报名。原因：{reason}"),
        ),
        Transition(
            "cancel_leave", [S.ON_LEAVE], S.SIGNED_UP, "撤销请假", permission=MANAGE,
            notify=_tell("活动请假已撤销", "协会已按您的工单撤销{name}在活动“{activity}”的请假，请按时参加。{reason}"),
        ),
    ],
    events={
        "submit": "提交报名",
        "wait": "加入候补",
        "check_in": "签到",
        "check_out": "签退",
        "attendance": "记录出席情况",
    },
)  # fmt: skip

LEDGER = Workflow("activities.activity", ActivityLedger, transitions=[], events={"close": "结束活动"})


# --- who sees the files ---------------------------------------------------------------------------


def is_manager(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(MANAGE)


def may_see_signup_files(user, signup: SignUp) -> bool:
    member = getattr(user, "member", None)
    return (member is not None and member in (signup.member, signup.attendee)) or is_manager(user)


def may_see_leave_files(user, leave: LeaveRequest) -> bool:
    return may_see_signup_files(user, leave.signup)


# --- signing up -----------------------------------------------------------------------------------


def ledger_for(activity: ActivityPage) -> ActivityLedger:
    ledger, _ = ActivityLedger.objects.get_or_create(activity_id=activity.pk)
    return ledger


def _locked_ledger(activity: ActivityPage) -> ActivityLedger:
    """The activity's quota, locked until the transaction ends (created first if need be)."""
    ledger_for(activity)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    return ActivityLedger.objects.select_for_update().get(activity_id=activity.pk)


@dataclass(frozen=True)
class Entry:
    """One lawyer's line of the 报名表."""

    attendee: Lawyer
    name: str
    mobile: str = ""
    gender: str = ""
    employer: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""


def entry_from_roster(lawyer: Lawyer, **overrides) -> Entry:
    """The 报名表 as the roster and the lawyer's account fill it in."""
    account = getattr(lawyer, "account", None)  # none until his first login
    values = {
        "attendee": lawyer,
        "name": lawyer.name,
        "gender": lawyer.gender,
        "employer": lawyer.firm.name if lawyer.firm_id else "",
        "position": lawyer.get_firm_role_display() if lawyer.firm_id else "",
        "phone": lawyer.firm.phone if lawyer.firm_id else "",
        "mobile": getattr(account, "mobile", "") or "",
        "email": getattr(account, "email", "") or "",
    }
    values.update({key: value for key, value in overrides.items() if value is not None})
    return Entry(**values)


def _check_attendees(member, entries: list[Entry]) -> None:
    if not entries:
        raise WorkflowError("请选择报名的律师。")
    if isinstance(member, Lawyer):
        if len(entries) != 1 or entries[0].attendee != member:
            raise WorkflowError("律师只能为本人报名。")
        return
    seen = set()
    for entry in entries:
        lawyer = entry.attendee
        if lawyer.firm_id != member.pk or lawyer.status != RosterStatus.PRACTISING:
            raise WorkflowError(f"{lawyer.name}不是本所执业律师，不能为其报名。")
        if lawyer.pk in seen:
            raise WorkflowError(f"{lawyer.name}重复选择。")
        seen.add(lawyer.pk)


def sign_up(activity: ActivityPage, member, entries: list[Entry], by=None, *, wait=False, files=()) -> list[SignUp]:
    """提交报名申请: each entry takes a seat, or (when `wait` and the activity is full) a place on
    the waiting list. All or nothing. Returns the new sign-ups."""
    _check_attendees(member, entries)
    now = timezone.now()
    try:
        with transaction.atomic():
            ledger = _locked_ledger(activity)
            activity.ledger = ledger  # what permissions reads: the locked count
            live = list(SignUp.objects.of_member(member).filter(activity=activity).active())
            allowed = permissions(activity, member, now, signups=live)
            if not (allowed.sign_up or (wait and allowed.join_waitlist)):
                raise WorkflowError(allowed.why_not["sign_up"])
            if not isinstance(member, Lawyer) and len(live) + len(entries) > activity.per_member_limit:
                left = activity.per_member_limit - len(live)
                raise WorkflowError(f"本次活动每人限报 {activity.per_member_limit} 个，还可为 {left} 名律师报名。")
            taken_ids = set(
                SignUp.objects.filter(activity=activity, attendee__in=[e.attendee for e in entries])
                .active()
                .values_list("attendee_id", flat=True)
            )
            for entry in entries:
                if entry.attendee.pk in taken_ids:
                    raise WorkflowError(f"{entry.attendee.name}已经报名此活动。")
            seats = activity.capacity - ledger.taken
            if seats < len(entries) and not wait:
                raise WorkflowError(f"名额不足：还剩 {max(seats, 0)} 个名额，您选择了 {len(entries)} 名律师。")
            made = []
            for entry in entries:
                state = S.SIGNED_UP if seats > 0 else S.WAITING
                seats -= 1
                signup = SignUp(
                    activity=activity,
                    attendee=entry.attendee,
                    state=state,
                    name=entry.name.strip(),
                    gender=entry.gender,
                    employer=entry.employer.strip(),
                    position=entry.position.strip(),
                    phone=entry.phone.strip(),
                    mobile=entry.mobile.strip(),
                    email=entry.email.strip(),
                    created_at=now,
                )
                if isinstance(member, Lawyer):
                    signup.lawyer = member
                else:
                    signup.firm = member
                with transaction.atomic():
                    signup.save()
                made.append(signup)
                if files:
                    attach(signup, files, RULE, by=by)
                SIGNUP.log(signup, "submit" if state == S.SIGNED_UP else "wait", by=by,
                           changes={"state": [None, signup.get_state_display()]})  # fmt: skip
            ledger.taken += sum(1 for s in made if s.state == S.SIGNED_UP)
            ledger.save(update_fields=["taken"])
    except IntegrityError:
        # The one-live-sign-up index: another request for the same lawyer got there first.
        raise WorkflowError("您已经报名此活动") from None
    except OperationalError:
        # PostgreSQL's lock_timeout, or SQLite's busy database: nothing was taken.
        raise WorkflowError(BUSY) from None
    return made


# --- cancelling, leave, the waiting list ----------------------------------------------------------


def _free_seat(ledger: ActivityLedger, activity: ActivityPage, now) -> SignUp | None:
    """A seat was freed: the first on the waiting list takes it (before the activity starts)."""
    if ledger.taken < activity.capacity and now < activity.starts_at:
        first = SignUp.objects.filter(activity=activity, state=S.WAITING).order_by("created_at", "pk").first()
        if first is not None:
            SIGNUP.move(first, "promote", None, changes={"promoted_at": now})
            ledger.taken += 1
            ledger.save(update_fields=["taken"])
            return first
    return None


def _release(signup: SignUp, name: str, by, reason: str = "") -> SignUp:
    now = timezone.now()
    activity = signup.activity
    with transaction.atomic():
        ledger = _locked_ledger(activity)
        changes = {"cancelled_at": now}
        if reason:
            changes["cancel_reason"] = reason.strip()
        # Stable under the ledger's lock: every move between a seat and no seat takes it first.
        before = SignUp.objects.filter(pk=signup.pk).values_list("state", flat=True).get()
        moved = SIGNUP.move(signup, name, by, reason, changes=changes)
        if before in SEAT_STATES:
            ledger.taken = max(0, ledger.taken - 1)
            ledger.save(update_fields=["taken"])
            _free_seat(ledger, activity, now)
    return moved


def cancel(signup: SignUp, by) -> SignUp:
    """取消报名 by the member who made it: until 24 hours before sign-up closes (a waiting-list
    place until the start). The seat goes to the first on the waiting list."""
    return _release(signup, "cancel", by)


def staff_cancel(signup: SignUp, by, reason: str) -> SignUp:
    """代为取消报名, with the reason told to the member."""
    return _release(signup, "staff_cancel", by, reason)


@transaction.atomic
def request_leave(signup: SignUp, by, reason: str, files=()) -> SignUp:
    """请假: from sign-up close until two hours before the start, with a reason from the
    activity's list and 请假附件. The seat stays taken; undoing it is by ticket."""
    if reason not in signup.activity.leave_reason_choices():
        raise WorkflowError("请选择请假原因。")
    moved = SIGNUP.move(signup, "leave", by, reason)
    leave = LeaveRequest.objects.create(signup=moved, reason=reason, created_by=by if by is not None else None)
    if files:
        attach(leave, files, RULE, by=by)
    return moved


@transaction.atomic
def cancel_leave(signup: SignUp, by, note: str = "") -> SignUp:
    """撤销请假 by staff, as the member asked by ticket."""
    moved = SIGNUP.move(signup, "cancel_leave", by, note)
    LeaveRequest.objects.filter(signup=moved).delete()
    return moved


# --- attendance -----------------------------------------------------------------------------------


def _attendance_open(signup: SignUp) -> None:
    if is_closed(signup.activity):
        raise WorkflowError("活动已结束，签到记录不能再修改。")
    if signup.state != S.SIGNED_UP:
        raise WorkflowError(f"{signup.name}的报名状态为“{signup.get_state_display()}”，不能签到。")


@transaction.atomic
def check_in(signup: SignUp, by) -> SignUp:
    """签到 (by the QR code, the typed code, or the ticked list). Twice is once."""
    locked = SIGNUP.locked(signup)
    _attendance_open(locked)
    if not SIGNUP.may(by, locked, SIGNUP["staff_cancel"]):
        raise WorkflowError("您没有权限办理签到。")
    if locked.checked_in_at is None:
        SIGNUP.update(locked, "check_in", {"checked_in_at": timezone.now()}, by=by)
    return locked


@transaction.atomic
def check_out(signup: SignUp, by) -> SignUp:
    """签退 (optional): with 签到, it says how long the lawyer was there."""
    locked = SIGNUP.locked(signup)
    _attendance_open(locked)
    if not SIGNUP.may(by, locked, SIGNUP["staff_cancel"]):
        raise WorkflowError("您没有权限办理签退。")
    if locked.checked_in_at is None:
        raise WorkflowError(f"{locked.name}尚未签到，不能签退。")
    if locked.checked_out_at is None:
        SIGNUP.update(locked, "check_out", {"checked_out_at": timezone.now()}, by=by)
    return locked


def find_by_code(activity: ActivityPage, text: str) -> SignUp:
    """The sign-up a scanned or typed 签到码 names (a QR code holds the check-in address with it)."""
    code = (text or "").strip().upper()
    if "CODE=" in code:
        code = code.split("CODE=", 1)[1].split("&", 1)[0]
    signup = SignUp.objects.select_related("activity", "activity__ledger").filter(code=code).first()
    if signup is None:
        raise WorkflowError("签到码无效，请核对后重新输入。")
    if signup.activity_id != activity.pk:
        raise WorkflowError(f"该签到码属于其他活动（{signup.activity.title}）。")
    return signup


HALF = Decimal("0.5")


def hours_for(signup: SignUp, activity: ActivityPage) -> tuple[str, Decimal]:
    """(出席情况, 学时) of one seat when the activity closes: full hours for whoever checked in;
    with a 签退 too, the share of the activity's time between them (rounded down to half hours);
    none for leave or absence."""
    if signup.state == S.ON_LEAVE:
        return Attendance.LEAVE, Decimal("0")
    if signup.checked_in_at is None:
        return Attendance.ABSENT, Decimal("0")
    full = activity.hours
    if signup.checked_out_at is None:
        return Attendance.PRESENT, full
    start, end = max(signup.checked_in_at, activity.starts_at), min(signup.checked_out_at, activity.ends_at)
    share = max(0.0, (end - start).total_seconds()) / max(1.0, activity.duration.total_seconds())
    if share >= 0.99:
        return Attendance.PRESENT, full
    hours = (full * Decimal(str(share)) / HALF).to_integral_value(rounding=ROUND_FLOOR) * HALF
    return Attendance.PARTIAL, min(full, hours)


ABSENT_WARNING = "无故缺席的，将可能会影响您之后的网络报名功能的使用。"


def close_activity(activity: ActivityPage, by) -> dict:
    """结束活动: attendance becomes training records (学时 for those present, partial when 签到 /
    签退 say so, none for leave or absence); no-shows are marked and told. Once only."""
    if not (by is None or is_manager(by)):
        raise WorkflowError("您没有权限结束活动。")
    now = timezone.now()
    with transaction.atomic():
        ledger = _locked_ledger(activity)
        if ledger.closed_at is not None:
            raise WorkflowError("该活动已结束，学时已记录。")
        if now < activity.starts_at:
            raise WorkflowError("活动尚未开始，不能结束活动。")
        counts = dict.fromkeys(Attendance.values, 0)
        seats = (
            SignUp.objects.select_for_update(of=("self",))
            .filter(activity=activity, state__in=SEAT_STATES)
            .select_related("activity", "firm__account", "lawyer__account", "attendee__account")
            .order_by("pk")
        )
        records, notices = [], []
        for signup in seats:
            attendance, hours = hours_for(signup, activity)
            counts[attendance] += 1
            SIGNUP.update(signup, "attendance", {"attendance": attendance, "hours_awarded": hours}, by=by)
            if hours > 0:
                records.append(
                    TrainingRecord(
                        lawyer_id=signup.attendee_id,
                        course=activity.title,
                        date=timezone.localdate(activity.starts_at),
                        training_type=activity.training_type,
                        hours=hours,
                        source=TrainingSource.ACTIVITY,
                        signup=signup,
                        created_by=by,
                    )
                )
                body = f"您参加的活动“{activity.title}”已结束，获得{hours}学时，已记入培训记录。"
                notices.append(Notice(signup.attendee, "培训学时已记录", body, "/member/activities/training/"))
            elif attendance == Attendance.ABSENT:
                body = f"您报名的活动“{activity.title}”未签到，记为缺席。{ABSENT_WARNING}"
                notices.extend(Notice(p, "活动缺席提醒", body, signup.get_absolute_url()) for p in _people(signup))
        TrainingRecord.objects.bulk_create(records)
        LEDGER.update(ledger, "close", {"closed_at": now, "closed_by": by}, by=by)
        send_notices(notices, event="activities.activity.close")
    return {**counts, "records": len(records)}


# --- reminders ------------------------------------------------------------------------------------


REMINDER_AHEAD = datetime.timedelta(hours=24)


def send_reminders(now=None) -> dict:
    """消息 + e-mail, each once: 24 hours before the cancel deadline (to who made the sign-up), and
    the day before the activity (to the lawyer who comes). Run hourly by django-q2."""
    now = now or timezone.now()
    sent = {"cancel": 0, "start": 0}
    with transaction.atomic():
        due = (
            SignUp.objects.select_for_update(of=("self",))
            .filter(state=S.SIGNED_UP, cancel_reminder_sent_at__isnull=True)
            .filter(activity__signup_closes__gt=now + CANCEL_BEFORE_CLOSE)
            .filter(activity__signup_closes__lte=now + CANCEL_BEFORE_CLOSE + REMINDER_AHEAD)
            .select_related("activity", "firm__account", "lawyer__account")
        )
        notices = []
        for signup in due:
            deadline = windows(signup.activity).cancel_deadline_text()
            body = (
                f"您报名的活动“{signup.activity.title}”（{signup.name}）须在{deadline}之前取消报名。"
                "如因个人原因不能参加，为避免名额的浪费，请及时取消报名。"
            )
            notices.append(Notice(signup.member, "取消报名截止提醒", body, signup.get_absolute_url()))
            sent["cancel"] += 1
        SignUp.objects.filter(pk__in=[s.pk for s in due]).update(cancel_reminder_sent_at=now)
        send_notices(notices, event="activities.signup.remind_cancel")

        due = (
            SignUp.objects.select_for_update(of=("self",))
            .filter(state=S.SIGNED_UP, start_reminder_sent_at__isnull=True)
            .filter(activity__starts_at__gt=now, activity__starts_at__lte=now + REMINDER_AHEAD)
            .select_related("activity", "attendee__account")
        )
        notices = []
        for signup in due:
            activity = signup.activity
            body = (
                f"您报名的活动“{activity.title}”将于{timezone.localtime(activity.starts_at):{MINUTE}}"
                f"在{activity.place}举行，请携带签到码按时参加。"
            )
            notices.append(Notice(signup.attendee, "活动提醒", body, signup.get_absolute_url()))
            sent["start"] += 1
        SignUp.objects.filter(pk__in=[s.pk for s in due]).update(start_reminder_sent_at=now)
        send_notices(notices, event="activities.signup.remind_start")
    return sent


# --- 培训记录 -------------------------------------------------------------------------------------


@dataclass
class TrainingYear:
    year: int
    on_site: Decimal
    online: Decimal
    required: Decimal
    records: list

    @property
    def total(self) -> Decimal:
        return self.on_site + self.online

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(100, math.floor(self.total * 100 / self.required))

    @property
    def missing(self) -> Decimal:
        return max(Decimal("0"), self.required - self.total)


def training_years(lawyer: Lawyer) -> list[int]:
    """The years with records, and this year, newest first."""
    years = set(TrainingRecord.objects.filter(lawyer=lawyer).dates("date", "year").values_list("date__year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def training_year(lawyer: Lawyer, year: int) -> TrainingYear:
    records = list(TrainingRecord.objects.filter(lawyer=lawyer, date__year=year).order_by("-date", "-pk"))
    on_site = sum((r.hours for r in records if r.training_type == TrainingType.ON_SITE), Decimal("0"))
    online = sum((r.hours for r in records if r.training_type == TrainingType.ONLINE), Decimal("0"))
    return TrainingYear(year, on_site, online, TrainingSettings.load().annual_hours, records)


@transaction.atomic
def add_training_record(by, **values) -> TrainingRecord:
    """A record staff type in (手工录入)."""
    record = TrainingRecord(source=TrainingSource.MANUAL, created_by=by, **values)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def import_training_rows(rows: list[dict], by) -> tuple[int, int]:
    """Records from checked import rows (see activities.importing); a row already imported is
    skipped. Returns (added, skipped)."""
    added = skipped = 0
    lawyers = Lawyer.objects.in_bulk([row["lawyer_id"] for row in rows])
    for row in rows:
        row = {**row, "date": datetime.date.fromisoformat(row["date"]), "hours": Decimal(row["hours"])}
        lawyer = lawyers.get(row["lawyer_id"])
        if lawyer is None:
            skipped += 1
            continue
        exists = TrainingRecord.objects.filter(
            lawyer=lawyer,
            date=row["date"],
            course=row["course"],
            provider=row["provider"],
            source=TrainingSource.IMPORT,
        ).exists()
        if exists:
            skipped += 1
            continue
        TrainingRecord.objects.create(
            lawyer=lawyer,
            course=row["course"],
            date=row["date"],
            training_type=row["training_type"],
            hours=row["hours"],
            provider=row["provider"],
            source=TrainingSource.IMPORT,
            created_by=by,
        )
        added += 1
    return added, skipped


# --- set-up ---------------------------------------------------------------------------------------

REMINDER_SCHEDULE = "activities-reminders"
REMINDER_TASK = "activities.tasks.send_reminders"


def after_migrate(**kwargs) -> None:
    """The hourly reminder job (django-q2 schedule), kept in step after each migrate."""
    if "plan" not in kwargs:
        return
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=REMINDER_SCHEDULE, defaults={"func": REMINDER_TASK, "schedule_type": Schedule.HOURLY}
    )


def on_index_page_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """活动管理 may add, edit and publish activities under the 活动 page."""
    if raw:
        return
    grant_page_permissions(instance)


def grant_page_permissions(index: ActivityIndexPage) -> None:
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from member_center.roles import ACTIVITY_MANAGERS

    group = Group.objects.filter(name=ACTIVITY_MANAGERS).first()
    if group is None:
        return
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
