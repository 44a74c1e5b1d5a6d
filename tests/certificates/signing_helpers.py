"""Signed certificates for the tests: the association's signature read back with pyHanko, the
visible stamp's text, and the four ways of forging an issued file."""

import io
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from certificates import pki, revocation, signing
from certificates.rendering import SIGNATURE_STAMP_ID, certificate_pdf_context
from portal.pdf import render_pdf


def stored_pdf(application) -> bytes:
    application.refresh_from_db()
    with application.pdf.open("rb") as pdf:
        return pdf.read()


def signatures(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)


def published_crls(client) -> list[bytes]:
    """What a PDF reader fetches from the addresses the certificates name: the root's CRL (for
    the issuing CA) and the document CRL (for each PDF's own certificate)."""
    return [client.get(reverse("certificate_root_crl")).content, client.get(reverse("certificate_crl")).content]


def association_validation_context(crls: list[bytes] | None = None):
    """pyHanko's own validator with the association's root as the only trust anchor, in hard-fail
    mode: every certificate of the chain must be cleared by a CRL, or the signature fails."""
    from pyhanko_certvalidator import ValidationContext

    if crls is None:
        crls = [Path(settings.CERTIFICATE_CRL_FILE).read_bytes(), revocation.document_crl()]
    return ValidationContext(trust_roots=[signing.trust_root()], crls=crls, revocation_mode="hard-fail")


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


def plain_signing_certificate(directory: Path) -> tuple[Path, Path]:
    """An end-entity signing certificate under the test root (as a commercial CA would issue):
    (key file, certificate file)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    root = pki.PkiFiles(settings.SIGNING_PKI_DIR)
    root_key = serialization.load_pem_private_key(root.ca_key.read_bytes(), password=None)
    root_cert = x509.load_pem_x509_certificate(root.ca_cert.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(pki._name("广州市律师协会电子证明签名", "广州市律师协会"))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(pki._key_usage(digital_signature=True, content_commitment=True), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    key_path, cert_path = directory / "plain.key.pem", directory / "plain.pem"
    pki._write_key(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
