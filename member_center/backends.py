from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.utils.crypto import constant_time_compare

from . import login_limits, services
from .activation import activation_required, session_allowed
from .roster import account_of, find_member


class PortalBackend(ModelBackend):
    """Members log in by licence number or member number; staff by their username.

    A member without an account (or reset to the initial password) gets one the first time
    they log in with the initial password the roster implies; they must then change it.
    A member no longer on the roster as practising (已注销) can neither log in nor keep a
    session: get_user() checks user_can_authenticate() on every request.

    Every path computes exactly one password hash of the configured hasher, so the time a
    login takes tells nothing about the number typed (unknown, never activated, activated,
    struck off); every refusal is the same None, hence the same message.

    The initial password is only the first factor: an account not yet activated (member_center.
    activation) is not returned but marked on the request as `pending_activation`, for the
    member login to ask for the code; the Wagtail admin's login simply refuses it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        if request is not None and login_limits.address_refused(request):
            # Refused before any password is checked; PermissionDenied stops the other backends,
            # the mark lets the login page say why (both login pages, the member's and the admin's).
            request.login_refused = True
            raise PermissionDenied
        member = find_member(username)
        if member is None:
            # ModelBackend hashes the password once for an unknown username too.
            return super().authenticate(request, username=username, password=password, **kwargs)
        if not member.is_active_member:
            make_password(password)  # the hash the other paths compute
            return None
        user = account_of(member)
        if user is None or not user.has_usable_password():
            # The one hash of this path is the one the provisioned account keeps.
            password_hash = make_password(password)
            if not constant_time_compare(password, member.initial_password()):
                return None
            user = services.provision_account(member, password_hash)
        elif not user.check_password(password):
            return None
        if not self.user_can_authenticate(user):
            return None
        if activation_required(user):
            # The password was right, but it is only the first factor of an account never activated
            # (or reset): no login path may let it in. The member login continues to 验证身份.
            if request is not None:
                request.pending_activation = user
            return None
        return user

    def user_can_authenticate(self, user):
        member = user.member
        return super().user_can_authenticate(user) and (member is None or member.is_active_member)

    def get_user(self, user_id):
        from .models import User

        # The roster entry comes with the user: request.member costs no further query.
        # Not first(): its ORDER BY costs compiling on every request, and a pk matches one row.
        user = next(iter(User.objects.select_related("firm", "lawyer__firm").filter(pk=user_id)), None)
        if user is None or not self.user_can_authenticate(user) or not session_allowed(user):
            return None  # an account reset by staff loses its sessions with its activation
        return user
