"""A per-address limit on failed logins, beside django-axes' per-account lockout (issue 14).

Axes locks an account after five failures, so one address could still try four guesses on
every account in turn. This counts the failures of each client address (portal.client_address,
the same address axes and the audit log see) and refuses its next login attempts, before any
password is checked, once it has failed LOGIN_FAILURES_PER_ADDRESS times in the window.

30 failures per 10 minutes: a whole law firm behind one NAT address, with people mistyping a
password now and then, stays far below it, while guessing across accounts slows to 180 an hour.
Only failures count (the user_login_failed signal), so a firm's successful logins never do.
The counts live in the rate-limit store; when it cannot answer, logins get the 503 page
(portal.ratelimits fails closed: this limit guards passwords).
"""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from portal.ratelimits import is_ratelimited

LOGIN_FAILURES_PER_ADDRESS = 30
WINDOW = "10m"
GROUP = "login-failures"

REFUSED_MESSAGE = "该网络地址登录失败次数过多，请 10 分钟后再试；如忘记密码，可通过电子邮箱找回。"


def _rate() -> str:
    # django-ratelimit refuses once the count passes its limit; the count holds failures only,
    # so it gets one less for the attempt after the 30th failure to be refused.
    return f"{LOGIN_FAILURES_PER_ADDRESS - 1}/{WINDOW}"


def address_refused(request) -> bool:
    """Whether this client address has failed too often to try again now (counts nothing)."""
    return is_ratelimited(request, group=GROUP, key="ip", rate=_rate(), increment=False)


@receiver(user_login_failed, dispatch_uid="member_center.count_login_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    # Every login form calling authenticate() (the member login, the Wagtail admin's) counts;
    # an attempt already refused for this address does not count again.
    if request is None or getattr(request, "login_refused", False) or getattr(request, "pending_activation", None):
        return
    is_ratelimited(request, group=GROUP, key="ip", rate=_rate(), increment=True)


def not_counted_by_axes(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: an attempt refused for its address checked no password, so it
    says nothing about the account and must not lock it (else one refused address could still
    lock every account in turn). A right initial password of an account still to be activated
    is no failure either (member_center.backends)."""
    return getattr(request, "login_refused", False) or getattr(request, "pending_activation", None) is not None
