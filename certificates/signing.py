"""The association's PAdES signature on every issued certificate (pyHanko).

A certification signature (DocMDP: no changes allowed) in PAdES baseline B-B, or B-T when a
time-stamp server is configured, made with the key and chain the settings name. Its visible
stamp, beside the seal, names the association and the signing time.
"""

import asyncio
import concurrent.futures
import contextlib
import functools
import hashlib
import io
import logging
import os
import subprocess
from dataclasses import dataclass

from asn1crypto import pem, x509
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

FIELD_NAME = "AssociationSignature"
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


def sign_certificate_pdf(pdf: bytes, stamp: StampBox | None = None, signed_at=None) -> bytes:
    """The PDF as issued: certified by the association, nothing may change after."""
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
        meta, signer=signer(), timestamper=timestamper(), stamp_style=stamp_style(), new_field_spec=field_spec
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
    return out.getvalue()


def reserved_space() -> int:
    """Room for the signature container in the file, in hex digits. Without it pyHanko makes a
    whole dry-run signature to measure one, which costs as much as the signature itself. The
    container holds the certificates and, with a TSA, a time-stamp token with the TSA's own."""
    return _reserved_space(signer(), bool(settings.CERTIFICATE_TSA_URL))


@functools.cache
def _reserved_space(signer: signers.SimpleSigner, time_stamped: bool) -> int:
    certificates = len(signer.signing_cert.dump()) + sum(len(c.dump()) for c in signer.cert_registry)
    return 2 * (certificates + (12 * 1024 if time_stamped else 0) + 4096)
