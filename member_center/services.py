"""Account rules: provisioning, password changes and resets, account info.

Each runs in one transaction and leaves an audit entry naming who did it."""

from django.db import transaction
from wagtail import hooks

from portal.audit import acting_as, record
from portal.storage import delete_on_commit

from . import account_photo
from .models import Firm, Lawyer, User
from .roster import account_of


@transaction.atomic
def provision_account(member: Firm | Lawyer, password_hash: str) -> User:
    """Create (or re-arm) the account of a member logging in with the initial password.

    Takes the initial password already hashed: the login computed that hash anyway, so that
    every login costs exactly one (member_center.backends)."""
    user = account_of(member)
    created = user is None
    if created:
        user = User(username=member.login_name)
        if isinstance(member, Lawyer):
            user.lawyer = member
        else:
            user.firm = member
    user.password = password_hash
    user.must_change_password = True
    with acting_as(user):
        user.save()
    record(user, "开通账号" if created else "以初始密码登录", by=user)
    return user


@transaction.atomic
def open_account(member: Firm | Lawyer, by: User | None = None) -> User:
    """The member's account, created without a usable password if there is none yet (demo data,
    data kept on the account before the first login): the first login with the initial password
    then provisions it as after a reset."""
    user = account_of(member)
    if user is not None:
        return user
    user = User(username=member.login_name, must_change_password=True)
    if isinstance(member, Lawyer):
        user.lawyer = member
    else:
        user.firm = member
    user.set_unusable_password()
    with acting_as(by):
        user.save()
    record(user, "开通账号", by=by)
    return user


@transaction.atomic
def change_password(user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    with acting_as(user):
        user.save(update_fields=["password", "must_change_password"])
    record(user, "修改密码", by=user)


@transaction.atomic
def reset_to_initial_password(member: Firm | Lawyer, by: User) -> None:
    """Staff put a member back on the initial password; the next login forces a change.

    The account keeps no usable password, so the roster's initial password is checked (and
    hashed) only when the member next logs in.
    """
    user = account_of(member)
    if user is None:
        return  # never logged in: the initial password applies already
    user.set_unusable_password()
    user.must_change_password = True
    # The initial password is public knowledge: the next login proves who it is again.
    user.activated_at = None
    with acting_as(by):
        user.save(update_fields=["password", "must_change_password", "activated_at"])
    record(user, "重置为初始密码", by=by)


ACCOUNT_INFO_FIELDS = ("email", "postcode", "mobile", "bio", "notify_by_email")
# What an app may keep in step with the account (profiles: 联系方式's 手机号码 and 电子邮箱 are these).
CONTACT_FIELDS = ("mobile", "email")


@transaction.atomic
def update_account_info(user: User, data: dict, photo=None) -> None:
    """Save 账户信息. `photo` is a checked ID photo (forms.AccountInfoForm), stored where the
    member's photo is kept (member_center.account_photo). A change of 手机号码 or 电子邮箱 is handed,
    in the same transaction, to every function registered with the hook `account_contact_changed`
    (user, {name: (old, new)}, by), so an app's own record of it (profiles' 近期变更) commits or
    rolls back with the account."""
    # As stored, not as `user` holds them: a ModelForm has already written the new values onto it.
    stored = User.objects.select_for_update().values(*CONTACT_FIELDS).get(pk=user.pk)
    contact_changes = {name: (stored[name], data[name]) for name in CONTACT_FIELDS if stored[name] != data[name]}
    for name in ACCOUNT_INFO_FIELDS:
        setattr(user, name, data[name])
    kept = account_photo.kept_elsewhere(user) if photo is not None else None
    old = ""
    if photo is not None and kept is None:
        old = user.photo.name
        user.photo.save("photo.jpg", photo, save=False)
    with acting_as(user):
        user.save()
    if old:
        delete_on_commit(user.photo.storage, old)
    if kept is not None:
        kept.store(photo, user)
    if contact_changes:
        for fn in hooks.get_hooks("account_contact_changed"):
            fn(user, contact_changes, user)
