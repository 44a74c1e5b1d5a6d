"""Account activation and password reset by code (issue 14).

The manual's initial passwords are a function of public data (a firm's is the end of its
licence number, printed on every certificate), so they are only the first factor. An account
that has never been activated, or whose password staff reset, also needs one of:
- a one-time code sent to the mobile number or e-mail address the roster holds for the member
  (6 digits, 10 minutes, 5 tries, a new one after 60 s, at most 5 a day);
- an activation code staff issued on a printed activation letter (single use, 30 days).
A code sent to the roster's mobile also resets a forgotten password (manual 002 FAQ 7).

Only a keyed hash of a code is stored (salted_hmac with SECRET_KEY): a database copy does not
give the codes away, and a 6-digit code cannot be brute-forced offline without the key.
"""

import datetime
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from portal import sms
from portal.audit import acting_as, record
from portal.ratelimits import is_ratelimited

from .models import CodeChannel, CodePurpose, Firm, Lawyer, OneTimeCode, User

CODE_DIGITS = 6
CODE_MINUTES = 10
CODE_TRIES = 5
RESEND_SECONDS = 60
CODES_PER_DAY = 5
LETTER_DAYS = 30
# An activation code: 12 characters without the ones people misread (0/O, 1/I/L), about 59 bits.
LETTER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LETTER_LENGTH = 12
REISSUE_SECONDS = 30
# Codes sent from one client address per hour, across accounts: nobody floods a roster's phones.
SENDS_PER_ADDRESS = "20/h"
# Wrong activation codes per account per hour (59 bits cannot be guessed; this keeps it quiet).
LETTER_FAILURES_PER_ACCOUNT = "10/h"

DIGITS_RE = re.compile(r"^\d{6}$")


class ActivationError(Exception):
    """A refusal the member reads beside the field: the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Channel:
    """Where a code can be sent: the roster's mobile or e-mail, shown masked."""

    kind: str
    address: str

    @property
    def masked(self) -> str:
        return mask_mobile(self.address) if self.kind == CodeChannel.SMS else mask_email(self.address)

    @property
    def label(self) -> str:
        return "短信" if self.kind == CodeChannel.SMS else "电子邮件"


def mask_mobile(mobile: str) -> str:
    """13800138000 -> 138****8000."""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) >= 8 else "****"


def mask_email(email: str) -> str:
    """zhang.mingwen@example.cn -> z***@example.cn."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def activation_required(user) -> bool:
    """Whether a login with this account's password also needs a code: a member's account never
    activated (or reset by staff), or still on the initial password. The public initial password
    alone never lets anyone in, even after the member activated once and left without
    replacing it."""
    return user.member is not None and (user.activated_at is None or user.must_change_password)


def session_allowed(user) -> bool:
    """Whether a session may go on: not once staff reset the account (activation cleared); the
    session that activated it goes on to 修改密码."""
    return user.member is None or user.activated_at is not None


def channels_for(member: Firm | Lawyer) -> list[Channel]:
    channels = []
    if member.mobile:
        channels.append(Channel(CodeChannel.SMS, member.mobile))
    if member.email:
        channels.append(Channel(CodeChannel.EMAIL, member.email))
    return channels


def _digest(user: User, purpose: str, code: str) -> str:
    return salted_hmac("member_center.OneTimeCode", f"{user.pk}:{purpose}:{code}", algorithm="sha256").hexdigest()


def _live(user: User, purpose: str):
    now = timezone.now()
    return OneTimeCode.objects.filter(
        user=user, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )


def _message(purpose: str, code: str) -> str:
    action = "激活会员账号" if purpose == CodePurpose.ACTIVATION else "重置登录密码"
    return f"您正在{action}，验证码 {code}，{CODE_MINUTES} 分钟内有效。如非本人操作，请忽略并联系律师协会。"


def send_code(request, user: User, purpose: str, kind: str) -> OneTimeCode:
    """Send a new code by SMS or e-mail to the roster's address; the earlier ones stop working.

    Raises ActivationError when the member must wait, has had today's codes, or the message
    could not leave (then the code is void, so it counts as sent for the limits)."""
    channel = next((c for c in channels_for(user.member) if c.kind == kind), None)
    if channel is None:
        raise ActivationError("名册中没有登记该联系方式，请选择其他方式或联系律师协会。")
    if is_ratelimited(request, group="one-time-codes", key="ip", rate=SENDS_PER_ADDRESS, increment=True):
        raise ActivationError("该网络地址获取验证码过于频繁，请 1 小时后再试。")
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    with transaction.atomic():
        # The account's row is the lock: two clicks at once get one code and one refusal.
        User.objects.select_for_update().filter(pk=user.pk).first()
        now = timezone.now()
        sent = OneTimeCode.objects.filter(user=user, purpose=purpose).exclude(channel=CodeChannel.LETTER)
        last = sent.filter(created_at__gt=now - datetime.timedelta(seconds=RESEND_SECONDS)).first()
        if last is not None:
            wait = RESEND_SECONDS - int((now - last.created_at).total_seconds())
            raise ActivationError(f"验证码已发送，请 {max(wait, 1)} 秒后再获取。")
        if sent.filter(created_at__gt=now - datetime.timedelta(days=1)).count() >= CODES_PER_DAY:
            raise ActivationError("今日获取验证码的次数已达上限，请明天再试，或联系律师协会领取激活函。")
        _live(user, purpose).exclude(channel=CodeChannel.LETTER).update(revoked_at=now)
        one_time_code = OneTimeCode.objects.create(
            user=user,
            purpose=purpose,
            channel=kind,
            sent_to=channel.masked,
            code_hash=_digest(user, purpose, code),
            expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
        )
        # An activation follows the right password; a reset request is anyone's, so no actor.
        by = user if purpose == CodePurpose.ACTIVATION else None
        record(user, "发送验证码", by=by, 用途=CodePurpose(purpose).label, 发送至=f"{channel.label} {channel.masked}")
    # Sent after the commit, outside the lock: a slow gateway holds no row (nor SQLite's writer).
    try:
        _deliver(channel, purpose, code)
    except (sms.SmsError, OSError) as failure:
        OneTimeCode.objects.filter(pk=one_time_code.pk).update(revoked_at=timezone.now())
        raise ActivationError("验证码发送失败，请稍后重试，或选择其他方式。") from failure
    return one_time_code


def _deliver(channel: Channel, purpose: str, code: str) -> None:
    # Sent at once, not through a job: the code would otherwise sit readable in the job queue.
    if channel.kind == CodeChannel.SMS:
        sms.send_sms(channel.address, _message(purpose, code))
    else:
        subject = "会员账号激活验证码" if purpose == CodePurpose.ACTIVATION else "重置密码验证码"
        send_mail(
            subject, f"{_message(purpose, code)}\n\n{settings.SMS_SIGNATURE.strip('【】')}", None, [channel.address]
        )


def account_for_phone_reset(login: str) -> User | None:
    """The account a phone reset of this login number applies to: a practising member with a
    mobile on the roster (opened now if the member never logged in: the code proves enough)."""
    from .roster import find_member
    from .services import open_account

    member = find_member(login)
    if member is None or not member.is_active_member or not member.mobile:
        return None
    return open_account(member)


def normalise_letter_code(typed: str) -> str:
    return re.sub(r"[\s-]", "", typed or "").upper()


def check_code(request, user: User, purpose: str, typed: str) -> OneTimeCode:
    """The live code matching what the member typed; a wrong one counts against its tries.

    Six digits are a sent code; anything else is read as an activation code from a letter
    (activation only)."""
    typed = (typed or "").strip()
    if DIGITS_RE.match(typed):
        return _check_sent_code(user, purpose, typed)
    if purpose == CodePurpose.ACTIVATION and len(normalise_letter_code(typed)) == LETTER_LENGTH:
        return _check_letter_code(request, user, normalise_letter_code(typed))
    if purpose == CodePurpose.ACTIVATION:
        raise ActivationError("请输入 6 位数字验证码，或激活函上的 12 位激活码。")
    raise ActivationError("请输入 6 位数字验证码。")


def _check_sent_code(user: User, purpose: str, typed: str) -> OneTimeCode:
    code = _live(user, purpose).exclude(channel=CodeChannel.LETTER).first()
    if code is None:
        raise ActivationError("验证码已失效或尚未获取，请重新获取验证码。")
    if constant_time_compare(code.code_hash, _digest(user, purpose, typed)):
        return code
    # Counted in one UPDATE, so parallel guesses cannot share a try.
    OneTimeCode.objects.filter(pk=code.pk).update(attempts=F("attempts") + 1)
    code.refresh_from_db(fields=["attempts"])
    left = CODE_TRIES - code.attempts
    if left <= 0:
        OneTimeCode.objects.filter(pk=code.pk).update(revoked_at=timezone.now())
        raise ActivationError("验证码输入错误次数过多，已失效，请重新获取。")
    raise ActivationError(f"验证码不正确，还可输入 {left} 次。")


def _check_letter_code(request, user: User, typed: str) -> OneTimeCode:
    key = f"account:{user.pk}"
    if is_ratelimited(request, group="letter-codes", key=lambda *_: key, rate=LETTER_FAILURES_PER_ACCOUNT):
        raise ActivationError("激活码输入错误次数过多，请 1 小时后再试。")
    digest = _digest(user, CodePurpose.ACTIVATION, typed)
    for code in _live(user, CodePurpose.ACTIVATION).filter(channel=CodeChannel.LETTER):
        if constant_time_compare(code.code_hash, digest):
            return code
    is_ratelimited(request, group="letter-codes", key=lambda *_: key, rate=LETTER_FAILURES_PER_ACCOUNT, increment=True)
    raise ActivationError("激活码不正确或已失效（激活码仅可使用一次），请核对激活函，或联系律师协会重新生成。")


def _use(code: OneTimeCode) -> None:
    """Mark the code used; a second use of the same code at the same moment finds it gone."""
    if not OneTimeCode.objects.filter(pk=code.pk, used_at__isnull=True, revoked_at__isnull=True).update(
        used_at=timezone.now()
    ):
        raise ActivationError("该验证码已使用，请重新获取。")


def activate(request, user: User, typed: str) -> User:
    """Activate the account with a sent code or a letter's activation code."""
    # Checked outside the transaction: a wrong try must stay counted when the refusal is raised.
    code = check_code(request, user, CodePurpose.ACTIVATION, typed)
    with transaction.atomic():
        _use(code)
        user.activated_at = timezone.now()
        with acting_as(user):
            user.save(update_fields=["activated_at"])
        record(user, "激活账号", by=user, 方式=CodeChannel(code.channel).label, 发送至=code.sent_to)
    return user


def reset_password_by_code(request, user: User, typed: str, new_password: str) -> User:
    """FAQ 7: a code sent to the roster's mobile sets a new password (and activates the account:
    the code proves the same as an activation code)."""
    from portal.notifications.services import notify

    code = check_code(request, user, CodePurpose.PASSWORD_RESET, typed)
    with transaction.atomic():
        _use(code)
        user.set_password(new_password)
        user.must_change_password = False
        user.activated_at = user.activated_at or timezone.now()
        with acting_as(user):
            user.save(update_fields=["password", "must_change_password", "activated_at"])
        record(user, "通过手机验证码重置密码", by=user, 发送至=code.sent_to)
        notify(
            user,
            title="登录密码已重置",
            body=f"您的登录密码已于 {timezone.localtime():%Y-%m-%d %H:%M} 通过手机验证码（{code.sent_to}）重置。"
            "如非本人操作，请立即联系律师协会。",
            event="member_center.account.password_reset_by_code",
        )
    return user


def letter_code(code: OneTimeCode) -> str:
    """The activation code printed on a letter, derived from the row's random nonce with the
    SECRET_KEY: a copy of the database alone gives no code away, and staff can print a live
    letter again (a jammed printer) without voiding it."""
    digest = salted_hmac("member_center.activation_letter", f"{code.pk}:{code.letter_nonce}").digest()
    return "".join(LETTER_ALPHABET[byte % len(LETTER_ALPHABET)] for byte in digest[:LETTER_LENGTH])


def format_letter_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class Letter:
    """One activation letter: the member, the account and the code printed on it."""

    member: Firm | Lawyer
    user: User
    code: str
    expires_at: datetime.datetime

    @property
    def formatted_code(self) -> str:
        return format_letter_code(self.code)


def live_letter(user: User) -> OneTimeCode | None:
    return _live(user, CodePurpose.ACTIVATION).filter(channel=CodeChannel.LETTER).first()


@transaction.atomic
def issue_letters(members, by: User, reprint: bool = False) -> tuple[list[Letter], list[Firm | Lawyer]]:
    """Activation letters for these members, and the members skipped (already activated, or no
    longer practising; with `reprint`, also those without a live letter).

    A new letter voids the member's earlier one; a second request within REISSUE_SECONDS (a
    double click) prints the letter just made instead of voiding it."""
    from .services import open_account

    letters, skipped = [], []
    now = timezone.now()
    for member in members:
        user = open_account(member, by=by)
        if not member.is_active_member or not activation_required(user):
            skipped.append(member)
            continue
        User.objects.select_for_update().filter(pk=user.pk).first()
        code = live_letter(user)
        if reprint or (code is not None and code.created_at > now - datetime.timedelta(seconds=REISSUE_SECONDS)):
            if code is None:
                skipped.append(member)
                continue
            if reprint:
                record(user, "重新打印激活函", by=by, 有效期至=f"{timezone.localtime(code.expires_at):%Y-%m-%d}")
        else:
            _live(user, CodePurpose.ACTIVATION).filter(channel=CodeChannel.LETTER).update(revoked_at=now)
            code = OneTimeCode.objects.create(
                user=user,
                purpose=CodePurpose.ACTIVATION,
                channel=CodeChannel.LETTER,
                sent_to="激活函",
                letter_nonce=secrets.token_hex(16),
                code_hash="",
                expires_at=now + datetime.timedelta(days=LETTER_DAYS),
                created_by=by,
            )
            code.code_hash = _digest(user, CodePurpose.ACTIVATION, letter_code(code))
            code.save(update_fields=["code_hash"])
            record(user, "生成激活函", by=by, 有效期至=f"{timezone.localtime(code.expires_at):%Y-%m-%d}")
        letters.append(Letter(member=member, user=user, code=letter_code(code), expires_at=code.expires_at))
    return letters, skipped
