"""The one state-machine layer under every review pipeline.

Each app declares a `Workflow` per state field: its transitions (name, source states, target,
the Chinese label on buttons and in the history, who may take it, whether a reason is required,
whom to tell) and the events it records without a state change. `Workflow.move` is then the only
way a state changes: it locks the row, refuses a move that is not allowed with a Chinese message,
saves, writes one audit entry with a stable event code (`certificates.application.approve`) and
queues the notifications, whose e-mails leave after the commit. `move_many` does the same for a
bulk action, locking every row in one query.

Audit entries keep the code under `event`; how a code reads is decided here, from the
declarations (`event_label`), so a label can change without rewriting history. The label at the
time is kept too (`事件`), for entries whose code no declaration knows any more.

    APPLICATION = Workflow(
        "certificates.application", CertificateApplication,
        transitions=[Transition("approve", [PENDING], PASSED, "审核通过", permission="certificates.review_…")],
    )
    APPLICATION.move(application, "approve", by=request.user)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.db import models, transaction

from portal.audit import record

OWNER, STAFF, SYSTEM = "owner", "staff", "system"

_EVENT_LABELS: dict[str, str | Callable[[dict], str]] = {}
_WORKFLOWS: list[Workflow] = []


class WorkflowError(Exception):
    """A refused request, with a Chinese message to show as it is."""


class TransitionNotAllowed(WorkflowError):
    """The move does not start from the object's current state, or its guard refuses it."""


class NotPermitted(WorkflowError):
    """The person asking may not take this move."""


@dataclass(frozen=True)
class Notice:
    """One message to one recipient (a User, or a member whose account receives it)."""

    recipient: object
    title: str
    body: str
    url: str = ""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    label: str
    # Who may: OWNER (the member the workflow's `owner` names), STAFF (with `permission`), or
    # SYSTEM (code acting on its own, `by=None`).
    by: str = STAFF
    permission: str = ""
    reason_required: bool = False
    reason_message: str = ""
    # Other details the move cannot go without: {detail name: message when it is empty}.
    requires: dict = field(default_factory=dict)
    # A further condition on the object: returns a refusal message, or None to allow.
    guard: Callable | None = None
    # Whom to tell: (obj, reason, details) -> iterable of Notice.
    notify: Callable | None = None
    # The refusal when the state does not allow it, if not the workflow's ({state}, {label}).
    refusal: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources))


class Workflow:
    """The states of one field of one model and the moves between them."""

    def __init__(
        self,
        code: str,
        model: type[models.Model],
        *,
        transitions: Iterable[Transition],
        field_name: str = "state",
        owner: Callable | None = None,
        events: dict | None = None,
        select_related: tuple[str, ...] = (),
        refusal: str = "当前状态为“{state}”，不能{label}。",
    ):
        self.code = code
        self.model = model
        self.field_name = field_name
        self.owner = owner  # obj -> the member (Firm / Lawyer) it belongs to
        self.select_related = select_related
        self.refusal = refusal
        self.transitions = {transition.name: transition for transition in transitions}
        self.events = dict(events or {})
        for name, transition in self.transitions.items():
            _EVENT_LABELS[self.event_code(name)] = transition.label
        for name, label in self.events.items():
            _EVENT_LABELS[self.event_code(name)] = label
        _WORKFLOWS.append(self)

    def __repr__(self):
        return f"<Workflow {self.code}>"

    def event_code(self, name: str) -> str:
        return f"{self.code}.{name}"

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    # --- asking -----------------------------------------------------------------------------------

    def state_of(self, obj):
        return getattr(obj, self.field_name)

    def state_label(self, value) -> str:
        if value is None:
            return ""
        choices = dict(self.model._meta.get_field(self.field_name).flatchoices)
        return str(choices.get(value, value))

    def can(self, obj, name: str) -> bool:
        """Whether the move starts from the object's state and its guard allows it (not who asks)."""
        return self.refusal_for(obj, self.transitions[name]) is None

    def refusal_for(self, obj, transition: Transition) -> str | None:
        if self.state_of(obj) not in transition.sources:
            refusal = transition.refusal or self.refusal
            return refusal.format(state=self.state_label(self.state_of(obj)), label=transition.label)
        if transition.guard is not None:
            return transition.guard(obj)
        return None

    def check(self, obj, name: str) -> Transition:
        transition = self.transitions[name]
        message = self.refusal_for(obj, transition)
        if message:
            raise TransitionNotAllowed(message)
        return transition

    def may(self, user, obj, transition: Transition) -> bool:
        """Whether `user` is one who may take the move (not whether the state allows it).
        `None` is code acting on its own (a job, the demo loader, the system review): trusted."""
        if user is None or not getattr(user, "is_authenticated", False):
            return user is None
        if transition.by == SYSTEM:
            return False
        if transition.by == OWNER:
            member = getattr(user, "member", None)
            return member is not None and self.owner is not None and self.owner(obj) == member
        return bool(transition.permission) and user.has_perm(transition.permission)

    def available(self, obj, user) -> list[Transition]:
        """The moves this user may take on the object now, in declaration order."""
        return [t for t in self.transitions.values() if self.may(user, obj, t) and self.can(obj, t.name)]

    # --- moving ----------------------------------------------------------------------------------

    def _queryset(self):
        # Only this model's rows are locked: what select_related joins (the owner, its account for
        # the notices) may be on the nullable side of an outer join, which PostgreSQL cannot lock.
        return self.model._default_manager.select_for_update(of=("self",)).select_related(*self.select_related)

    def locked(self, obj):
        """The row again, locked until the caller's transaction ends (for changes that are not moves)."""
        return self._queryset().get(pk=obj.pk)

    def _checked_inputs(self, transition: Transition, reason, details: dict) -> str:
        reason = (reason or "").strip()
        if transition.reason_required and not reason:
            raise WorkflowError(transition.reason_message or f"请填写{transition.label}理由。")
        for name, message in transition.requires.items():
            if not str(details.get(name) or "").strip():
                raise WorkflowError(message)
        return reason

    def _apply(self, obj, transition: Transition, by, reason: str, changes, details: dict):
        """One move on a row the caller has locked."""
        message = self.refusal_for(obj, transition)
        if message:
            raise TransitionNotAllowed(message)
        if not self.may(by, obj, transition):
            raise NotPermitted(f"您没有权限{transition.label}。")
        before = self.state_of(obj)
        previous = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        setattr(obj, self.field_name, transition.target)
        try:
            values = changes(obj) if callable(changes) else dict(changes or {})
        except WorkflowError:
            setattr(obj, self.field_name, before)  # refused by a rule of the app: as it was
            raise
        changes = {
            self.field_name: [self.state_label(before), self.state_label(transition.target)],
            **_save_quietly(obj, values, previous, extra_fields=[self.field_name]),
        }
        extra = {key: value for key, value in details.items() if value not in (None, "")}
        if reason:
            extra["reason"] = reason
        record(obj, transition.label, by=by, code=self.event_code(transition.name), changes=changes, **extra)
        if transition.notify is not None:
            send_notices(transition.notify(obj, reason, details), event=self.event_code(transition.name))
        return obj

    def move(self, obj, name: str, by, reason: str | None = None, *, changes=None, **details):
        """Take one move: lock the row, check state and person, set the target state and
        `changes` (a dict, or a function of the locked row returning one), save, audit, notify.
        `details` go into the audit entry (and are what `requires` checks). Returns the locked,
        saved row."""
        transition = self.transitions[name]
        reason = self._checked_inputs(transition, reason, details)
        with transaction.atomic():
            locked = self.locked(obj)
            return self._apply(locked, transition, by, reason, changes, details)

    def move_many(self, objects, name: str, by, reason: str | None = None, *, changes=None, **details):
        """A bulk move: every row locked in one query, each moved or refused on its own.
        Returns (moved rows, [(row, refusal message), ...])."""
        transition = self.transitions[name]
        reason = self._checked_inputs(transition, reason, details)
        ids = [getattr(obj, "pk", obj) for obj in objects]
        moved, refused = [], []
        with transaction.atomic():
            for locked in self._queryset().filter(pk__in=ids).order_by("pk"):
                try:
                    with transaction.atomic():  # a refused row leaves nothing behind
                        moved.append(self._apply(locked, transition, by, reason, changes, details))
                except WorkflowError as error:
                    refused.append((locked, str(error)))
        return moved, refused

    def log(self, obj, name: str, by=None, changes: dict | None = None, **details):
        """Record one of the declared events that change no state (提交申请, 请求发送邮箱 …)."""
        label = self.events[name]
        text = label(details) if callable(label) else label
        return record(obj, text, by=by, code=self.event_code(name), changes=changes, **details)

    def update(self, obj, name: str, values: dict, by=None, **details):
        """Set `values` on a row the caller has locked and save them as one declared event: one
        audit entry holding the event and the fields it changed, as a move's (not an event and
        beside it auditlog's own diff of the same save)."""
        previous = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        changes = _save_quietly(obj, values, previous)
        return self.log(obj, name, by=by, changes=changes, **details)


def _save_quietly(obj, values: dict, previous: dict, extra_fields=()) -> dict:
    """Save `values` on `obj` without auditlog's own entry; return the changes for the caller's one."""
    for name, value in values.items():
        setattr(obj, name, value)
    update_fields = [*extra_fields, *values]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update_fields.append("updated_at")
    with disable_auditlog():
        obj.save(update_fields=update_fields)
    changes = {}
    for name in values:
        old, new = _logged(previous.get(name)), _logged(getattr(obj, _attname(obj, name)))
        if old != new:
            changes[name] = [old, new]
    return changes


def _attname(obj, name: str) -> str:
    return obj._meta.get_field(name).attname


def _logged(value) -> str | None:
    """A value as django-auditlog keeps it (a string; None stays None), so the history shows it alike."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def send_notices(notices: Iterable[Notice], event: str = "") -> None:
    """Hand each notice to the notification layer, inside the caller's transaction."""
    notices = [notice for notice in notices or () if notice is not None]
    if not notices:
        return
    from portal.notifications.services import notify  # the layer below; imported when used

    for notice in notices:
        notify(notice.recipient, title=notice.title, body=notice.body, url=notice.url, event=event)


def event_label(data: dict) -> str:
    """How an audit entry's event reads now: from its code when a declaration knows it, else the
    label it was written with."""
    code = data.get("event", "")
    label = _EVENT_LABELS.get(code)
    if label is None:
        return data.get("事件", "")
    return label(data) if callable(label) else label


def workflows() -> list[Workflow]:
    return list(_WORKFLOWS)
