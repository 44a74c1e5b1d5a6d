"""Finding a member in the roster by what they type at the login box."""

from .models import Firm, Lawyer


def find_member(login: str) -> Firm | Lawyer | None:
    """A licence number or a member number, of a lawyer, trainee, firm or office."""
    login = (login or "").strip()
    if not login:
        return None
    for model in (Lawyer, Firm):
        member = (
            model.objects.select_related("account").filter(licence_no=login).first()
            or model.objects.select_related("account").filter(member_no=login).first()
        )
        if member is not None:
            return member
    return None


def account_of(member: Firm | Lawyer):
    try:
        return member.account
    except member.__class__.account.RelatedObjectDoesNotExist:
        return None


def axes_username(request, credentials) -> str:
    """django-axes counts failures per account, whichever of its numbers was typed."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    member = find_member(typed)
    return member.login_name if member is not None else typed.strip()
