"""个人照片 of 账户信息 (manual 002 §2.1.2). It follows the one photo rule, the ID photo's
(portal.uploads.photos.checked_id_photo: a 358×441 JPG of at most 1 MB, made with the crop tool),
and a member has one photo, kept in one place.

The account keeps it (User.photo) unless an app keeps the member's photo itself: a function
registered with the hook `register_account_photo` takes the account and returns an AccountPhoto,
or None when it does not keep this member's. profiles keeps a practising lawyer's: his 个人照片
is his profile's 近期免冠证件照."""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks


@dataclass(frozen=True)
class AccountPhoto:
    url: str  # where the current photo is served; "" when there is none
    # (checked JPEG, by) → None, inside the caller's transaction; a portal.workflow.WorkflowError
    # refuses it with a message to show beside the field.
    store: Callable
    note: str = ""  # shown under the photo: where else it is used
    # () → the current photo's file opened for reading, or None (none, or not yet approved): for an
    # app that copies it (the card offers it as the default).
    open: Callable | None = None


def kept_elsewhere(user) -> AccountPhoto | None:
    for fn in hooks.get_hooks("register_account_photo"):
        photo = fn(user)
        if photo is not None:
            return photo
    return None


def photo_url(user, kept: AccountPhoto | None = None) -> str:
    kept = kept or kept_elsewhere(user)
    return kept.url if kept else user.photo_url()


def open_photo(user):
    """The member's one photo opened for reading (the app's that keeps it, else the account's), or None."""
    kept = kept_elsewhere(user)
    if kept is not None:
        return kept.open() if kept.open is not None else None
    return user.photo.open("rb") if user.photo else None
