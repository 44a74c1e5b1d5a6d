"""上传文件验证: is an uploaded PDF a certificate the association issued, unchanged since?

The file must carry exactly one signature, the association's (its certificate chains to the
association's CA and names the association), intact, covering the whole file, with nothing
added after it; the number and 验证码 it shows are then looked up in the register. Whatever was
done to a forged file, the answer is the same (MODIFIED), so a forger learns nothing from it.
Nothing of the upload is kept.
"""

import enum
import hashlib
import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings

from . import signing
from .models import ApplicationState, CertificateApplication

logger = logging.getLogger(__name__)

NUMBER_RE = re.compile(r"编号[:：]\s*(\d{10})")
CODE_RE = re.compile(r"验证码[:：]\s*([A-Z0-9]{8})")


class Verdict(enum.StrEnum):
    VALID = "valid"  # 有效
    REVOKED = "revoked"  # 已撤销
    MODIFIED = "modified"  # 文件已被修改
    NOT_OURS = "not_ours"  # 非本会签发的文件
    UNSIGNED_ORIGINAL = "unsigned_original"  # issued before signing began, byte for byte the register's file


@dataclass(frozen=True)
class UploadCheck:
    verdict: Verdict
    application: CertificateApplication | None = None
    signed_at: object = None  # when the association signed it (the signature's own time)


@dataclass(frozen=True)
class FileClaim:
    """What the file shows: a certificate number and 验证码 as the portal prints them."""

    number: str = ""
    code: str = ""


def read_claim(data: bytes) -> FileClaim:
    """The number and 验证码 printed on the certificate, read from the file's text."""
    from pypdf import PdfReader

    try:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    except Exception:  # a damaged file shows nothing
        return FileClaim()
    text = re.sub(r"[ \t]+", "", text)
    number, code = NUMBER_RE.search(text), CODE_RE.search(text)
    return FileClaim(number.group(1) if number else "", code.group(1) if code else "")


def validation_context():
    """The association's root as the only anchor and the root's CRL for the CA below it. A
    document's own certificate is not looked up on the document CRL here: the register says
    已撤销 at once, with the reason and date, which a CRL cannot."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    crls = []
    if settings.CERTIFICATE_CRL_FILE:
        try:
            with open(settings.CERTIFICATE_CRL_FILE, "rb") as crl:
                crls.append(crl.read())
        except OSError:
            logger.warning("the CRL named by CERTIFICATE_CRL_FILE cannot be read")
    if not signing.issues_document_certificates():
        return ValidationContext(trust_roots=[signing.trust_root()], crls=crls, allow_fetching=False)
    policy = RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.NO_CHECK,
        intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED_SOFT,
    )
    return ValidationContext(
        trust_roots=[signing.trust_root()],
        crls=crls,
        allow_fetching=False,
        revinfo_policy=CertRevTrustPolicy(policy),
    )


def is_association_certificate(cert) -> bool:
    """The association's: a certificate its issuing CA made for one document, or (with a plain
    signing certificate) that certificate's subject, whichever key it is now. A commercial CA as
    the trust anchor would otherwise vouch for anyone it certifies."""
    try:
        if signing.issues_document_certificates():
            return signing.issued_by_the_association(cert)
        return cert.subject == signing.signing_certificate().subject
    except Exception:
        return False


def certified_number(cert) -> str:
    """The certificate number a document certificate was issued for ("" for a signing certificate)."""
    try:
        return cert.subject.native.get("serial_number", "")
    except Exception:
        return ""


def names_the_association(embedded) -> bool:
    try:
        return is_association_certificate(embedded.signer_cert)
    except Exception:  # no readable certificate in a malformed signature
        return False


def association_signature_is_sound(embedded) -> tuple[bool, object]:
    """(sound, signing time): intact, trusted, the association's, the whole file, no change."""
    from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = signing.outside_event_loop(validate_pdf_signature, embedded, validation_context())
    sound = (
        status.bottom_line
        and status.intact
        and status.valid
        and status.trusted
        and not status.revoked
        and is_association_certificate(status.signing_cert)
        and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and status.modification_level == ModificationLevel.NONE
        and embedded.docmdp_level == MDPPerm.NO_CHANGES
    )
    return sound, status.signer_reported_dt


def embedded_signatures(data: bytes):
    """The file's signatures, or None if pyHanko cannot read it as a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    except Exception:
        return None


def register_entry(claim: FileClaim) -> CertificateApplication | None:
    if not (claim.number and claim.code):
        return None
    return (
        CertificateApplication.objects.filter(
            number=claim.number,
            verification_code=claim.code,
            state__in=[ApplicationState.PASSED, ApplicationState.REVOKED],
        )
        .select_related("certificate_type")
        .first()
    )


def register_verdict(application: CertificateApplication) -> Verdict:
    return Verdict.VALID if application.state == ApplicationState.PASSED else Verdict.REVOKED


def stored_file_digest(application: CertificateApplication) -> str:
    digest = hashlib.sha256()
    with application.pdf.open("rb") as stored:
        for chunk in iter(lambda: stored.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_unsigned(data: bytes, claim: FileClaim) -> UploadCheck:
    """A file without a signature is genuine only as a certificate issued before signing began,
    and then only byte for byte the file the register keeps."""
    application = register_entry(claim)
    if (
        application is not None
        and application.pdf
        and application.pdf_signed_at is None
        and stored_file_digest(application) == hashlib.sha256(data).hexdigest()
    ):
        return UploadCheck(Verdict.UNSIGNED_ORIGINAL, application)
    return UploadCheck(Verdict.MODIFIED if claim.number or claim.code else Verdict.NOT_OURS)


def check_pdf(data: bytes) -> UploadCheck:
    claim = read_claim(data)
    signatures = embedded_signatures(data)
    if not signatures:
        if signatures is None:  # unreadable as a PDF, but it may still show one of our numbers
            return UploadCheck(Verdict.MODIFIED if claim.number or claim.code else Verdict.NOT_OURS)
        return check_unsigned(data, claim)
    claims_ours = bool(claim.number or claim.code) or any(names_the_association(e) for e in signatures)
    forged = UploadCheck(Verdict.MODIFIED if claims_ours else Verdict.NOT_OURS)
    if len(signatures) != 1:
        return forged  # ours is the only signature an issued certificate has
    try:
        sound, signed_at = association_signature_is_sound(signatures[0])
    except Exception:  # a malformed signature is a forged one
        logger.info("an uploaded certificate's signature could not be validated", exc_info=True)
        return forged
    if not sound:
        return forged
    number = certified_number(signatures[0].signer_cert)
    if number and number != claim.number:
        return forged  # a key issued for another certificate's PDF
    application = register_entry(claim)
    if application is None:
        # Signed by us but not in the register (or showing no number): not a certificate we issued.
        return UploadCheck(Verdict.NOT_OURS)
    return UploadCheck(register_verdict(application), application, signed_at)
