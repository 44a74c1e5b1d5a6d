from django.core.mail import send_mail


def send_account_mail(to_email: str, subject: str, body: str) -> None:
    """Account mail (password reset). Raising lets django-q2 retry it."""
    send_mail(subject, body, None, [to_email])
