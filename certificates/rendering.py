"""Template context for a certificate: the same for the preview, the staff view and the PDF."""

import base64
import mimetypes

import segno

from .models import ApplicationState, CertificateApplication, CertificateSettings
from .wording import certificate_context


def seal_url() -> str:
    return CertificateSettings.load().seal_url


def seal_data_uri() -> str:
    """The seal inside the PDF itself, read through its storage: WeasyPrint then fetches no URL.
    On S3 the image's URL is the bucket's, which a bucket without public read answers with 403,
    and WeasyPrint would leave the certificate without its seal, saying so only in the log."""
    seal = CertificateSettings.load().seal_image
    if seal is None:
        return ""
    with seal.open_file() as handle:
        content = handle.read()
    mime = mimetypes.guess_type(seal.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def qr_data_uri(url: str) -> str:
    # PNG rather than SVG: WeasyPrint keeps less memory per render for a bitmap.
    return segno.make(url, error="m").png_data_uri(scale=4, border=1)


# What a certificate that is not in force says in place of its seal, 验证码 and QR code: until it
# is issued it is a draft, and once revoked it must not pass for a valid one on a screenshot.
DRAFT_MARK = "样张·未生效"
NOT_IN_FORCE = {
    ApplicationState.PENDING: (DRAFT_MARK, "审核通过后出具证明，届时加盖印章并生成验证码与验证二维码。"),
    ApplicationState.REJECTED: (DRAFT_MARK, "申请已驳回，本证明未出具。"),
    ApplicationState.WITHDRAWN: (DRAFT_MARK, "申请已撤回，本证明未出具。"),
    ApplicationState.REVOKED: ("已撤销", "本证明已被撤销，不再有效。"),
}


def application_certificate_context(application: CertificateApplication) -> dict:
    """The certificate of an application: sealed, with its 验证码 and QR code, only while it is in
    force (已通过); otherwise marked 样张·未生效 or 已撤销, without them."""
    context = certificate_context(application.snapshot)
    if application.state in NOT_IN_FORCE:
        context["mark"], context["mark_note"] = NOT_IN_FORCE[application.state]
        return context
    context["seal_url"] = seal_url()
    if application.number:
        context["verification_url"] = application.verification_url()
        context["qr_data_uri"] = qr_data_uri(context["verification_url"])
    return context


# The id of the box the PDF keeps for the signature's visible stamp (certificates.signing).
SIGNATURE_STAMP_ID = "signature-stamp"


def certificate_pdf_context(application: CertificateApplication, *, signed: bool = False) -> dict:
    certificate = application_certificate_context(application)
    if certificate.get("seal_url"):
        certificate["seal_url"] = seal_data_uri()
    if signed and application.state == ApplicationState.PASSED:
        certificate["signature_stamp"] = SIGNATURE_STAMP_ID
    return {"certificate": certificate, "application": application}
