from django.contrib.auth.backends import ModelBackend

from . import services
from .roster import account_of, find_member


class RosterBackend(ModelBackend):
    """Log a member in by licence number or member number.

    A member without an account (or reset to the initial password) gets one the first time
    they log in with the initial password the roster implies; they must then change it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        member = find_member(username)
        if member is None or not member.is_active_member:
            return None
        user = account_of(member)
        if user is None or not user.has_usable_password():
            if password != member.initial_password():
                return None
            user = services.provision_account(member, password)
        elif not user.check_password(password):
            return None
        return user if self.user_can_authenticate(user) else None
