"""Template context for a certificate: the same for the preview, the staff view and the PDF."""

import segno

from .models import CertificateApplication, CertificateSettings
from .wording import certificate_context


def seal_url() -> str:
    return CertificateSettings.load().seal_url


def qr_data_uri(url: str) -> str:
    # PNG rather than SVG: WeasyPrint keeps less memory per render for a bitmap.
    return segno.make(url, error="m").png_data_uri(scale=4, border=1)


def application_certificate_context(application: CertificateApplication) -> dict:
    context = certificate_context(application.snapshot)
    context["seal_url"] = seal_url()
    if application.number:
        context["verification_url"] = application.verification_url()
        context["qr_data_uri"] = qr_data_uri(context["verification_url"])
    return context


def certificate_pdf_context(application: CertificateApplication) -> dict:
    return {"certificate": application_certificate_context(application), "application": application}
