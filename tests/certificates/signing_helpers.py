"""Signed certificates for the tests: the association's signature read back with pyHanko, the
visible stamp's text, and the four ways of forging an issued file."""

import io
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from certificates import pki, signing
from certificates.rendering import SIGNATURE_STAMP_ID, certificate_pdf_context
from portal.pdf import render_pdf


def stored_pdf(application) -> bytes:
    application.refresh_from_db()
    with application.pdf.open("rb") as pdf:
        return pdf.read()


def signatures(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)


def association_validation_context():
    """pyHanko's own validator with the association's root as the only trust anchor, and the
    CA's CRL as the revocation source: a signing certificate the CRL does not clear fails."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[signing.trust_root()],
        crls=[Path(settings.CERTIFICATE_CRL_FILE).read_bytes()],
        revocation_mode="hard-fail",
    )


def pyhanko_status(data: bytes):
    from pyhanko.sign.validation import validate_pdf_signature

    (embedded,) = signatures(data)
    return validate_pdf_signature(embedded, association_validation_context())


def stamp_widget(data: bytes):
    """(page index, widget annotation) of the signature field."""
    from pypdf import PdfReader

    for index, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/T") == signing.FIELD_NAME:
                return index, annotation
    return None, None


def stamp_text(data: bytes) -> str:
    """The text of the visible signature's appearance, drawn on a page of its own to read it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    _, widget = stamp_widget(data)
    appearance = widget["/AP"]["/N"].get_object()
    writer = PdfWriter()
    page = writer.add_blank_page(400, 100)
    stamp = writer._add_object(appearance.clone(writer))
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Stamp"): stamp})}
    )
    content = DecodedStreamObject()
    content.set_data(b"q /Stamp Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(out).pages[0].extract_text()


def unsigned_render(application) -> tuple[bytes, signing.StampBox]:
    """The certificate as the job renders it before signing, and where its stamp goes."""
    positions = {}
    pdf = render_pdf(
        "certificates/certificate_pdf.html", certificate_pdf_context(application, signed=True), positions=positions
    )
    return pdf, signing.StampBox(*positions[SIGNATURE_STAMP_ID])


# --- the four forgeries ----------------------------------------------------------------------------


def one_byte_changed(signed: bytes) -> bytes:
    """One byte of the signed document changed (inside the first content stream)."""
    position = signed.index(b"stream", len(signed) // 8) + 40
    return signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :]


def incrementally_updated(signed: bytes) -> bytes:
    """A revision appended after the signature, as any PDF editor saves a change: here a new
    line of text drawn on the first page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    extra = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 72 Td (FORGED) Tj ET"))
    contents = page["/Contents"]
    existing = list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    page["/Contents"] = generic.ArrayObject([*existing, extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def forger_pki(directory: Path) -> pki.PkiFiles:
    """Another CA that certifies a key under the association's very name."""
    files, _ = pki.ensure_test_pki(directory, base_url="http://forger.example")
    return files


def resigned_by_another_key(application, directory: Path) -> bytes:
    """The same certificate, number and 验证码, signed by a key that is not the association's
    (its certificate names the association all the same)."""
    files = forger_pki(directory)
    pdf, stamp = unsigned_render(application)
    with override_settings(
        CERTIFICATE_SIGNING_KEY=str(files.signing_key),
        CERTIFICATE_SIGNING_CERT=str(files.signing_cert),
        CERTIFICATE_SIGNING_CHAIN=str(files.ca_cert),
    ):
        return signing.sign_certificate_pdf(pdf, stamp)


def signature_stripped(signed: bytes) -> bytes:
    """The signing revision cut off: the file as it was before it was signed."""
    end = signed.index(b"%%EOF") + len(b"%%EOF")
    return signed[:end] + b"\n"


FORGERIES = ["one byte changed", "incremental update", "re-signed by another key", "signature stripped"]


def forge(kind: str, application, signed: bytes, directory: Path) -> bytes:
    if kind == "one byte changed":
        return one_byte_changed(signed)
    if kind == "incremental update":
        return incrementally_updated(signed)
    if kind == "re-signed by another key":
        return resigned_by_another_key(application, directory)
    assert kind == "signature stripped"
    return signature_stripped(signed)
