"""Audit trail helpers on django-auditlog.

Registered models get a field-level entry on every save, attributed to the request's user by
AuditlogMiddleware. Services use `acting_as` when the actor is not the request's user (a login
that provisions an account, a job), and `record` for a named state change with its reason.
"""

from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry


@contextmanager
def acting_as(user):
    """Attribute the audit entries written inside to `user`, then restore the outer actor."""
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    with set_actor(user, remote_addr=(outer or {}).get("remote_addr")):
        yield
    if outer is not None:
        # set_actor does not restore the previous context itself; without this the
        # request's own context could not disconnect its signal receiver afterwards.
        auditlog_value.set(outer)


def record(instance, event: str, by=None, changes: dict | None = None, code: str = "", **details) -> LogEntry:
    """Write one entry for a state change: what happened (`event`, in Chinese, as it read then),
    its stable code (`certificates.application.approve`, see portal.workflow), who, details."""
    data = {"event": code, "事件": event} if code else {"事件": event}
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes=changes or {},
        actor=by if getattr(by, "is_authenticated", False) else None,
        additional_data={**data, **details},
    )
