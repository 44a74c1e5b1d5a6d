"""django-q2 jobs: render an issued certificate once; mail it, retrying on failure."""

import logging

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from portal.pdf import render_pdf
from portal.site_url import serving
from portal.tasks import retry_later

from . import signing
from .models import ApplicationState, CertificateApplication, CertificateEmail, EmailStatus
from .rendering import SIGNATURE_STAMP_ID, certificate_pdf_context
from .services import APPLICATION

logger = logging.getLogger(__name__)


def render_certificate_pdf(application_id: int, base_url: str = "") -> None:
    """`base_url`: the address the approval was made on (portal.site_url), for the QR code."""
    with serving(base_url):
        _render_certificate_pdf(application_id)


def _render_certificate_pdf(application_id: int) -> None:
    application = CertificateApplication.objects.select_related("certificate_type").get(pk=application_id)
    if application.state != ApplicationState.PASSED or application.pdf:
        return  # rendered once; a revoked certificate keeps its file
    signed = signing.is_configured()
    positions = {}
    pdf = render_pdf(
        "certificates/certificate_pdf.html", certificate_pdf_context(application, signed=signed), positions=positions
    )
    signed_at, serial = None, None
    if signed:
        # Signed in the same job: the file stored is the file issued, sealed against any change.
        signed_at = timezone.now()
        page, box = positions[SIGNATURE_STAMP_ID]
        issued = signing.sign_issued_certificate(
            pdf, signing.StampBox(page, box), signed_at=signed_at, number=application.number
        )
        pdf, serial = issued.data, issued.serial
    with transaction.atomic():
        locked = CertificateApplication.objects.select_for_update().get(pk=application_id)
        if locked.pdf:
            return
        locked.pdf.save(f"{locked.number}.pdf", ContentFile(pdf), save=False)
        locked.pdf_rendered_at = timezone.now()
        locked.pdf_signed_at = signed_at
        locked.signing_serial = f"{serial:x}" if serial is not None else ""
        locked.save(update_fields=["pdf", "pdf_rendered_at", "pdf_signed_at", "signing_serial"])
        APPLICATION.log(locked, "render", signed=signed_at is not None)


def ensure_pdf(application: CertificateApplication) -> CertificateApplication:
    if application.is_issued and not application.pdf:
        _render_certificate_pdf(application.pk)
        application.refresh_from_db()
    return application


def send_certificate_email(email_id: int, base_url: str = "") -> None:
    with serving(base_url):
        _send_certificate_email(email_id, base_url)


def _send_certificate_email(email_id: int, base_url: str) -> None:
    email = CertificateEmail.objects.select_related("application__certificate_type").get(pk=email_id)
    if email.status == EmailStatus.SENT:
        return
    application = email.application
    if not application.is_issued:
        # Revoked since the request: nothing to retry.
        email.status = EmailStatus.FAILED
        email.last_error = "证明已撤销，不再发送"
        email.save(update_fields=["status", "last_error", "updated_at"])
        return
    email.attempts += 1
    try:
        application = ensure_pdf(application)
        message = EmailMessage(
            subject=f"电子证明：{application.type_name}（编号 {application.number}）",
            body=(
                f"{application.applicant_name}：\n\n您申请的电子证明“{application.type_name}”"
                f"（编号 {application.number}）已审核通过，证明文件见附件。\n"
                f"验证码：{application.verification_code}，可在 {application.verification_url()} 查验。\n"
            ),
            to=[email.to],
        )
        with application.pdf.open("rb") as pdf:
            message.attach(f"{application.number}.pdf", pdf.read(), "application/pdf")
        message.send()
    except Exception as error:  # any failure is recorded and retried, never dropped
        logger.warning("certificate e-mail %s failed (attempt %s): %s", email.pk, email.attempts, type(error).__name__)
        email.last_error = str(error)[:300] or type(error).__name__
        if email.attempts < CertificateEmail.MAX_ATTEMPTS:
            email.status = EmailStatus.QUEUED
            email.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            retry_later(
                "certificates.tasks.send_certificate_email", email.pk, email.attempts, "certificate-email", base_url
            )
        else:
            email.status = EmailStatus.FAILED
            email.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            APPLICATION.log(application, "email_failed", to=email.to, error=email.last_error)
        return
    email.status = EmailStatus.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
    APPLICATION.log(application, "email_sent", to=email.to)
