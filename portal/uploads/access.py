"""Who may see an attachment: the owner's app says, once, at start-up.

    # tickets/apps.py, in ready():
    register_attachment_access(Ticket, lambda user, ticket: ticket.can_be_seen_by(user))

An owner model nobody registered keeps its attachments unseen (404), as does a check saying
False: the serving view never tells a stranger that a file exists."""

from collections.abc import Callable

from django.db import models

AccessCheck = Callable[[object, models.Model], bool]

_checks: dict[type[models.Model], AccessCheck] = {}


def register_attachment_access(model: type[models.Model], check: AccessCheck) -> None:
    """`check(user, owner) -> bool` decides for attachments of `model` (and its subclasses)."""
    _checks[model] = check


def unregister_attachment_access(model: type[models.Model]) -> None:
    _checks.pop(model, None)


def access_check_for(model: type[models.Model] | None) -> AccessCheck | None:
    for klass in getattr(model, "__mro__", ()):
        if klass in _checks:
            return _checks[klass]
    return None


def can_view(user, attachment) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = access_check_for(attachment.content_type.model_class())
    if check is None:
        return False
    owner = attachment.owner
    return owner is not None and bool(check(user, owner))
