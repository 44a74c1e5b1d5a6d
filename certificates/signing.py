"""The association's PAdES signature on every issued certificate (pyHanko).

A certification signature (DocMDP: no changes allowed) in PAdES baseline B-B, or B-T when a
time-stamp server is configured, made with the key and chain the settings name. Its visible
stamp, beside the seal, names the association and the signing time.

When the configured certificate is an issuing CA (the association's own, docs/deploy.md), each
PDF is signed with a key of its own, certified by that CA for this one document: revoking the
certificate (已撤销) then lists that key on the CRL the portal publishes (`document_crl`), so PDF
readers and validators see the revocation too, not only /verify/. A plain signing certificate
(a commercial CA's) signs every PDF itself; revocation is then shown by /verify/ alone.
"""

import asyncio
import concurrent.futures
import contextlib
import datetime
import functools
import hashlib
import io
import logging
import os
import subprocess
from dataclasses import dataclass

from asn1crypto import keys, pem, x509
from cryptography import x509 as crypto_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from portal.site_url import site_url

FIELD_NAME = "AssociationSignature"
DOCUMENT_CRL_PATH = "/pki/association.crl"  # certificates.pki.CRL_PATH: no Django there
logger = logging.getLogger(__name__)
STAMP_TEXT = "%(issuer)s 电子签名\n签名时间：%(signed_at)s"
STAMP_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Every character the stamp can show: the font is cut down to these once per process.
STAMP_CHARACTERS = "电子签名时间：0123456789-: "
STAMP_FONT_FAMILY = "Noto Sans CJK SC"


class SigningError(Exception):
    """The key or certificate named by the settings cannot be used."""


@dataclass(frozen=True)
class StampBox:
    """Where the visible signature goes: a page (0-based) and a rectangle in PDF points."""

    page: int
    box: tuple[float, float, float, float]


def is_configured() -> bool:
    return bool(settings.CERTIFICATE_SIGNING_KEY and settings.CERTIFICATE_SIGNING_CERT)


def _read_certificates(path: str) -> list[x509.Certificate]:
    with open(path, "rb") as file:
        data = file.read()
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


@functools.cache
def _signer(key_path: str, cert_path: str, chain_path: str, passphrase: str) -> signers.SimpleSigner:
    other_certs = _read_certificates(chain_path) if chain_path else []
    signer = signers.SimpleSigner.load(
        key_path, cert_path, key_passphrase=passphrase.encode() or None, other_certs=other_certs
    )
    if signer is None:  # pyHanko logs the reason and returns None
        raise SigningError("签名私钥或证书无法读取：请检查 CERTIFICATE_SIGNING_KEY / CERTIFICATE_SIGNING_CERT。")
    return signer


def signer() -> signers.SimpleSigner:
    """Loaded once per process (per set of paths: the tests switch keys)."""
    return _signer(
        settings.CERTIFICATE_SIGNING_KEY,
        settings.CERTIFICATE_SIGNING_CERT,
        settings.CERTIFICATE_SIGNING_CHAIN,
        settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE,
    )


def signing_certificate() -> x509.Certificate:
    return signer().signing_cert


def issues_document_certificates() -> bool:
    """The configured certificate is a CA: each PDF gets a certificate of its own from it."""
    return bool(signing_certificate().ca)


# --- a certificate per document (issuing-CA mode) -------------------------------------------------

DOCUMENT_CERT_SUBJECT = "%s电子证明签名"


@functools.cache
def _issuing_key(key_path: str, passphrase: str):
    with open(key_path, "rb") as file:
        return serialization.load_pem_private_key(file.read(), password=passphrase.encode() or None)


def issuing_key():
    """The issuing CA's private key (cryptography's), loaded once per process."""
    return _issuing_key(settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE)


def _as_cryptography(cert: x509.Certificate) -> crypto_x509.Certificate:
    return crypto_x509.load_der_x509_certificate(cert.dump())


@functools.cache
def _issuing_ca(cert_path: str) -> crypto_x509.Certificate:
    return _as_cryptography(_read_certificates(cert_path)[0])


def issuing_ca() -> crypto_x509.Certificate:
    return _issuing_ca(settings.CERTIFICATE_SIGNING_CERT)


def document_signer(number: str) -> tuple[signers.SimpleSigner, int]:
    """A fresh ECDSA P-256 key and a certificate for it, issued by the association's issuing CA
    for the one document numbered `number` (its subject's serialNumber). Valid as long as the
    CA; its CRL distribution point is the portal's document CRL. Returns (signer, serial)."""
    issuer_key = issuing_key()
    issuer = issuing_ca()
    organisation = settings.CERTIFICATE_SIGNING_ISSUER
    key = ec.generate_private_key(ec.SECP256R1())
    serial = crypto_x509.random_serial_number()
    usage = dict.fromkeys(("key_encipherment", "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
                           "encipher_only", "decipher_only"), False)  # fmt: skip
    subject = [
        crypto_x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        crypto_x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        crypto_x509.NameAttribute(NameOID.COMMON_NAME, DOCUMENT_CERT_SUBJECT % organisation),
    ]
    if number:
        subject.append(crypto_x509.NameAttribute(NameOID.SERIAL_NUMBER, number))
    crl_url = crypto_x509.UniformResourceIdentifier(site_url().rstrip("/") + DOCUMENT_CRL_PATH)
    crl_point = crypto_x509.DistributionPoint([crl_url], None, None, None)
    cert = (
        crypto_x509.CertificateBuilder()
        .subject_name(crypto_x509.Name(subject))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(timezone.now() - datetime.timedelta(minutes=5))
        .not_valid_after(issuer.not_valid_after_utc)
        .add_extension(crypto_x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # digitalSignature and nonRepudiation: PAdES validators (pyHanko by default) want the latter.
        .add_extension(crypto_x509.KeyUsage(digital_signature=True, content_commitment=True, **usage), critical=True)
        .add_extension(crypto_x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()), critical=False)
        .add_extension(crypto_x509.CRLDistributionPoints([crl_point]), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    document_signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([signing_certificate(), *signer().cert_registry]),
    )
    return document_signer, serial


def issued_by_the_association(cert: x509.Certificate) -> bool:
    """A document certificate the association's issuing CA made: its signature checks out
    against that CA's key (a name alone could be copied by any other CA)."""
    try:
        _as_cryptography(cert).verify_directly_issued_by(issuing_ca())
    except Exception:
        return False
    return cert.subject.native.get("organization_name") == settings.CERTIFICATE_SIGNING_ISSUER


def trust_root() -> x509.Certificate | None:
    """The association's CA certificate: what the upload check trusts and the 证明验证 page offers."""
    if settings.CERTIFICATE_CA_CERT:
        return _read_certificates(settings.CERTIFICATE_CA_CERT)[0]
    if settings.CERTIFICATE_SIGNING_CHAIN:
        return _read_certificates(settings.CERTIFICATE_SIGNING_CHAIN)[-1]
    return None


def outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run asyncio.run(), which fails in a thread whose event loop is
    running (an async caller; Playwright in the browser tests): there, they get a thread of their own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def timestamper():
    """B-T: a time-stamp token from the configured RFC 3161 server (else B-B, the signer's clock)."""
    if not settings.CERTIFICATE_TSA_URL:
        return None
    from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

    return HTTPTimeStamper(settings.CERTIFICATE_TSA_URL, timeout=10)


# --- the stamp's font ----------------------------------------------------------------------------


def _font_location(family: str) -> tuple[str, int]:
    # fontconfig knows where Debian's fonts-noto-cjk put the collection and which face is SC.
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", family], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return found[0], int(found[1] or 0)


def stamp_font() -> bytes:
    """The CJK font cut down to the stamp's characters: the full collection is ~20 MiB, which
    pyHanko would otherwise parse and subset on every signature. Cut once per process, and kept
    in the shared cache too, so a fresh job worker skips the cut."""
    return _stamp_font(STAMP_CHARACTERS + settings.CERTIFICATE_SIGNING_ISSUER)


@functools.cache
def _stamp_font(characters: str) -> bytes:
    path, index = _font_location(STAMP_FONT_FAMILY)
    source = f"{path}:{index}:{os.path.getmtime(path)}:{characters}"
    key = f"certificates:stamp-font:{hashlib.sha256(source.encode()).hexdigest()[:32]}"
    # The cache only saves the cut: one that is down or not set up (no cache table) must not stop
    # a certificate from being issued.
    try:
        font = cache.get(key)
    except Exception:
        logger.warning("stamp font: cache unavailable, cutting the font", exc_info=True)
        font = None
    if font is None:
        font = _cut_font(path, index, characters)
        with contextlib.suppress(Exception):
            cache.set(key, font, timeout=None)
    return font


def _cut_font(path: str, index: int, characters: str) -> bytes:
    # HarfBuzz reads only what it keeps from the mapped collection: ~15 ms and ~6 MiB, where
    # fontTools parsed the face for ~1 s and ~47 MiB at the peak of a job worker's first signature.
    # The same glyphs, metrics and names (docs/benchmarks.md, "A PDF worker's memory").
    import uharfbuzz as hb

    keep = hb.SubsetInput()
    keep.unicode_set.update(map(ord, characters))
    for names in (hb.SubsetInputSets.NAME_ID, hb.SubsetInputSets.NAME_LANG_ID):
        keep.sets(names).clear()
        keep.sets(names).invert()  # every name record, as fontTools' name_IDs=["*"] kept
    return hb.subset(hb.Face(hb.Blob.from_file_path(path), index), keep).blob.data


class StampFont(FontEngineFactory):
    """The font is read when the stamp's style is made, before pyHanko's event loop runs:
    inside it, Django refuses the cache (the database cache of `make run`) as an async caller."""

    def __init__(self, size: int, font: bytes):
        self.size = size
        self.font = font

    def create_font_engine(self, writer, obj_stream=None):
        return GlyphAccumulator(writer, io.BytesIO(self.font), self.size, obj_stream=obj_stream)


def stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=StampFont(8, stamp_font()), font_size=8, leading=11, text_color=(0.55, 0.08, 0.08)
        ),
        border_width=1,
        border_color=(0.55, 0.08, 0.08),
        background=None,
    )


# --- signing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    serial: int | None  # the document's own certificate, in issuing-CA mode


def sign_certificate_pdf(pdf: bytes, stamp: StampBox | None = None, signed_at=None) -> bytes:
    return sign_issued_certificate(pdf, stamp, signed_at).data


def sign_issued_certificate(pdf: bytes, stamp: StampBox | None = None, signed_at=None, number: str = "") -> SignedPdf:
    """The PDF as issued: certified by the association, nothing may change after."""
    if issues_document_certificates():
        pdf_key, serial = document_signer(number)
    else:
        pdf_key, serial = signer(), None
    signed_at = timezone.localtime(signed_at or timezone.now())
    issuer = settings.CERTIFICATE_SIGNING_ISSUER
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=f"{issuer}出具电子证明",
        name=issuer,
    )
    field_spec = fields.SigFieldSpec(
        FIELD_NAME,
        on_page=stamp.page if stamp else 0,
        box=tuple(round(v, 2) for v in stamp.box) if stamp else None,
        readable_field_name=f"{issuer}电子签名",
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=pdf_key, timestamper=timestamper(), stamp_style=stamp_style(), new_field_spec=field_spec
    )
    params = {"issuer": issuer, "signed_at": signed_at.strftime(STAMP_TIME_FORMAT)}
    try:
        out = outside_event_loop(
            pdf_signer.sign_pdf,
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            bytes_reserved=reserved_space(),
            appearance_text_params=params,
        )
    except PyhankoSigningError:  # the reservation was too small after all: let pyHanko measure
        out = outside_event_loop(
            pdf_signer.sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)), appearance_text_params=params
        )
    return SignedPdf(out.getvalue(), serial)


def reserved_space() -> int:
    """Room for the signature container in the file, in hex digits. Without it pyHanko makes a
    whole dry-run signature to measure one, which costs as much as the signature itself. The
    container holds the certificates and, with a TSA, a time-stamp token with the TSA's own."""
    return _reserved_space(signer(), bool(settings.CERTIFICATE_TSA_URL))


@functools.cache
def _reserved_space(signer: signers.SimpleSigner, time_stamped: bool) -> int:
    # In issuing-CA mode the document's certificate (~600 bytes) comes on top of the chain.
    certificates = 2 * len(signer.signing_cert.dump()) + sum(len(c.dump()) for c in signer.cert_registry)
    return 2 * (certificates + (12 * 1024 if time_stamped else 0) + 4096)
