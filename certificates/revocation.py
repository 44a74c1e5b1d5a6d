"""The document CRL: every revoked certificate (已撤销) whose PDF was signed with a key of its own,
signed by the association's issuing CA and published at /pki/association.crl, the address each
PDF's certificate names. A revocation is on it at once: the cached CRL is keyed by the register's
revoked set, so the next request after a 撤销 (on any node) gets a new one.
"""

import datetime
import logging

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from . import signing
from .models import ApplicationState, CertificateApplication

logger = logging.getLogger(__name__)

# Readers may keep a CRL until its next update: a week, re-issued daily (and at once on a 撤销).
NEXT_UPDATE = datetime.timedelta(days=7)
REISSUE_AFTER = datetime.timedelta(days=1)


def revoked_documents():
    return CertificateApplication.objects.filter(state=ApplicationState.REVOKED).exclude(signing_serial="")


def document_crl() -> bytes | None:
    """The CRL's DER, or None where PDFs carry no certificate of their own (no key, or a plain
    signing certificate)."""
    if not (signing.is_configured() and signing.issues_document_certificates()):
        return None
    revoked = revoked_documents().aggregate(count=Count("pk"), latest=Max("revoked_at"))
    latest = revoked["latest"].timestamp() if revoked["latest"] else 0
    key = f"certificates:document-crl:{signing.issuing_ca().serial_number:x}:{revoked['count']}:{latest}"
    try:
        cached = cache.get(key)
    except Exception:  # the CRL is made without the cache, never refused for want of it
        logger.warning("document CRL: cache unavailable", exc_info=True)
        cached = None
    if cached and timezone.now() - cached[0] < REISSUE_AFTER:
        return cached[1]
    issued_at = timezone.now()
    der = build_crl(issued_at)
    try:
        cache.set(key, (issued_at, der), timeout=int(REISSUE_AFTER.total_seconds()))
    except Exception:
        logger.warning("document CRL: cache unavailable", exc_info=True)
    return der


def build_crl(issued_at: datetime.datetime) -> bytes:
    issuer = signing.issuing_ca()
    issuer_key = signing.issuing_key()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(issued_at)
        .next_update(issued_at + NEXT_UPDATE)
        # Increasing across re-issues and nodes (their clocks agree to the millisecond or so).
        .add_extension(x509.CRLNumber(int(issued_at.timestamp() * 1000)), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()), critical=False)
    )
    entries = [
        x509.RevokedCertificateBuilder().serial_number(int(serial, 16)).revocation_date(when or issued_at).build()
        for serial, when in revoked_documents().values_list("signing_serial", "revoked_at").iterator()
    ]
    for entry in entries:
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(issuer_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
