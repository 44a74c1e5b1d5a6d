"""The association's PAdES signature on every issued PDF, checked with pyHanko's own validator
and the association's root as the trust anchor; the CA certificate and the CRL it publishes."""

import datetime
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates import pki, revocation, services, signing
from certificates.models import ApplicationState
from tests.factories import LawyerFactory, StaffUserFactory

from .helpers import CertificateTypeFactory, submitted
from .signing_helpers import (
    FORGERIES,
    forge,
    plain_signing_certificate,
    pyhanko_status,
    signatures,
    stamp_text,
    stamp_widget,
    stored_pdf,
    unsigned_render,
)


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


@pytest.fixture
def issued(firm, private_media, django_capture_on_commit_callbacks):
    """A firm's certificate approved by staff: the job rendered and signed it."""
    application = submitted(
        firm, CertificateTypeFactory(manual=True), chosen_lawyers=[LawyerFactory(firm=firm, name="陈律师")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=StaffUserFactory(superuser=True))
    application.refresh_from_db()
    return application


# --- the signature ---------------------------------------------------------------------------------


def test_an_issued_pdf_carries_the_associations_signature(issued):
    assert issued.pdf_signed_at is not None
    assert len(signatures(stored_pdf(issued))) == 1


def test_the_signature_is_valid_under_the_association_root(issued):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = pyhanko_status(stored_pdf(issued))

    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert not status.revoked  # the CRL, read in hard-fail mode, clears the signing certificate
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.issuer == signing.signing_certificate().subject  # the issuing CA's


def test_the_signature_certifies_the_document_with_no_change_allowed(issued):
    from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
    from pyhanko.sign.fields import MDPPerm

    data = stored_pdf(issued)
    (embedded,) = signatures(data)

    assert embedded.docmdp_level == MDPPerm.NO_CHANGES
    assert pyhanko_status(data).modification_level == ModificationLevel.NONE
    assert pyhanko_status(data).docmdp_ok


def test_the_signature_is_a_pades_one(issued):
    (embedded,) = signatures(stored_pdf(issued))

    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_the_visible_stamp_names_the_association_and_the_signing_time(issued):
    text = stamp_text(stored_pdf(issued))

    signed_at = timezone.localtime(issued.pdf_signed_at)
    assert "广州市律师协会 电子签名" in text
    assert f"签名时间：{signed_at:%Y-%m-%d %H:%M:%S}" in text


def test_the_visible_stamp_sits_in_the_box_kept_under_the_seal(issued):
    data = stored_pdf(issued)
    page, widget = stamp_widget(data)
    _, box = unsigned_render(issued)

    assert page == box.page
    assert [round(float(v)) for v in widget["/Rect"]] == [round(v) for v in box.box]
    x1, y1, x2, y2 = box.box
    assert x2 - x1 > 100 and y2 - y1 > 20  # points: a stamp one can read, not a hidden field


def test_the_signing_time_is_when_the_job_signed(issued):
    (embedded,) = signatures(stored_pdf(issued))

    assert abs(embedded.self_reported_timestamp - issued.pdf_signed_at) < datetime.timedelta(seconds=2)


def test_signing_reads_the_cache_only_outside_pyhankos_event_loop(
    monkeypatch, firm, private_media, django_capture_on_commit_callbacks
):
    """`make run`'s cache is the database, which Django refuses inside a running event loop (it
    failed every certificate job of the demo's worker): the stamp's font is read before."""
    import asyncio

    from django.core.exceptions import SynchronousOnlyOperation

    class DatabaseLikeCache:
        def __getattr__(self, name):
            def method(*args, **kwargs):
                try:
                    asyncio.get_running_loop()
                except RuntimeError:
                    return None
                raise SynchronousOnlyOperation("You cannot call this from an async context")

            return method

    monkeypatch.setattr(signing, "cache", DatabaseLikeCache())
    signing._stamp_font.cache_clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(firm, CertificateTypeFactory(lawyer_scope="none"))
    application.refresh_from_db()
    signing._stamp_font.cache_clear()

    assert application.pdf_signed_at is not None
    assert len(signatures(stored_pdf(application))) == 1


def test_a_cache_that_is_down_does_not_stop_signing(
    monkeypatch, firm, private_media, django_capture_on_commit_callbacks
):
    """The cache only keeps the stamp's font cut: down (or without its table) the font is cut again."""

    class BrokenCache:
        def __getattr__(self, name):
            def method(*args, **kwargs):
                raise ConnectionError("cache unavailable")

            return method

    monkeypatch.setattr(signing, "cache", BrokenCache())
    signing._stamp_font.cache_clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(firm, CertificateTypeFactory(lawyer_scope="none"))
    application.refresh_from_db()
    signing._stamp_font.cache_clear()

    assert application.pdf_signed_at is not None


def test_without_a_key_a_certificate_is_issued_unsigned(
    settings, firm, private_media, django_capture_on_commit_callbacks
):
    """As before this change (and in development before make_signing_ca): the file still issues."""
    settings.CERTIFICATE_SIGNING_KEY = ""
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(firm, CertificateTypeFactory(lawyer_scope="none"))
    application.refresh_from_db()

    assert application.state == ApplicationState.PASSED
    assert application.pdf_signed_at is None
    assert signatures(stored_pdf(application)) == []


def dummy_time_stamp_authority():
    """An RSA time-stamp authority of the test's own (pyHanko's dummy TSA signs with RSA only)."""
    from asn1crypto import keys
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "测试时间戳服务")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)), keys.PrivateKeyInfo.load(der_key)
    )


def test_a_time_stamp_server_makes_the_signature_b_t(issued, monkeypatch):
    """With CERTIFICATE_TSA_URL the signature gets an RFC 3161 token (a dummy TSA stands in)."""
    tsa = dummy_time_stamp_authority()
    monkeypatch.setattr(signing, "timestamper", lambda: tsa)
    pdf, stamp = unsigned_render(issued)

    (embedded,) = signatures(signing.sign_certificate_pdf(pdf, stamp))

    unsigned = [attribute["type"].native for attribute in embedded.signer_info["unsigned_attrs"]]
    assert "signature_time_stamp_token" in unsigned


def test_the_tsa_url_setting_chooses_the_time_stamp_server(settings):
    settings.CERTIFICATE_TSA_URL = ""
    assert signing.timestamper() is None

    settings.CERTIFICATE_TSA_URL = "https://tsa.example.cn/tsr"
    assert signing.timestamper().url == "https://tsa.example.cn/tsr"


# --- forgeries, by pyHanko's own validation -----------------------------------------------------------


@pytest.mark.parametrize("kind", FORGERIES)
def test_pyhanko_detects_each_forgery(kind, issued, tmp_path):
    from pyhanko.sign.diff_analysis.policy_api import ModificationLevel

    forged = forge(kind, issued, stored_pdf(issued), tmp_path)
    found = signatures(forged)

    if kind == "signature stripped":
        assert found == []
        return
    from pyhanko.sign.validation import validate_pdf_signature

    from .signing_helpers import association_validation_context

    statuses = [validate_pdf_signature(embedded, association_validation_context()) for embedded in found]
    if kind == "one byte changed":
        assert not statuses[0].intact
    if kind == "incremental update":
        assert statuses[0].intact  # what was signed is untouched...
        assert statuses[0].modification_level != ModificationLevel.NONE  # ...but a revision follows it
        assert not statuses[0].docmdp_ok
    if kind == "re-signed by another key":
        assert not statuses[0].trusted
    assert not any(status.bottom_line for status in statuses)


# --- the CA certificate and the CRL ------------------------------------------------------------------


def test_the_ca_certificate_downloads_as_the_trust_root(client):
    response = client.get(reverse("certificate_ca"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-cert"
    assert "attachment" in response["Content-Disposition"]
    assert asn1_x509.Certificate.load(response.content).subject == signing.trust_root().subject
    assert response.content == signing.trust_root().dump()


def crl_urls(cert) -> list[str]:
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    return [name.value for point in points for name in point.full_name]


def document_certificate(data: bytes):
    (embedded,) = signatures(data)
    return x509.load_der_x509_certificate(embedded.signer_cert.dump())


def published_document_crl(client):
    response = client.get(reverse("certificate_crl"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    return x509.load_der_x509_crl(response.content)


def issue_another(firm, capture):
    application = submitted(
        firm, CertificateTypeFactory(manual=True), chosen_lawyers=[LawyerFactory(firm=firm, name="李律师")]
    )
    with capture(execute=True):
        services.approve(application, by=StaffUserFactory(superuser=True))
    application.refresh_from_db()
    return application


def test_each_pdf_is_signed_with_a_certificate_of_its_own(issued, firm, django_capture_on_commit_callbacks):
    other = issue_another(firm, django_capture_on_commit_callbacks)

    first, second = document_certificate(stored_pdf(issued)), document_certificate(stored_pdf(other))

    assert first.serial_number == int(issued.signing_serial, 16)
    assert second.serial_number == int(other.signing_serial, 16) != first.serial_number
    assert first.issuer == signing.issuing_ca().subject
    assert first.verify_directly_issued_by(signing.issuing_ca()) is None
    assert first.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == issued.number


def test_a_pdfs_certificate_names_the_published_document_crl(
    issued, firm, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.gzlawyer.org"
    application = issue_another(firm, django_capture_on_commit_callbacks)

    url = f"https://portal.gzlawyer.org{reverse('certificate_crl')}"
    assert crl_urls(document_certificate(stored_pdf(application))) == [url]
    assert reverse("certificate_crl") == pki.CRL_PATH
    assert reverse("certificate_ca") == pki.CA_CERT_PATH


def test_the_issuing_ca_names_the_roots_published_crl():
    assert crl_urls(signing.issuing_ca()) == [f"http://testserver{reverse('certificate_root_crl')}"]
    assert reverse("certificate_root_crl") == pki.ROOT_CRL_PATH


def test_the_document_crl_is_published_and_signed_by_the_issuing_ca(db, client):
    crl = published_document_crl(client)

    assert crl.issuer == signing.issuing_ca().subject
    assert crl.is_signature_valid(signing.issuing_ca().public_key())
    assert crl.next_update_utc > datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=6)


def test_a_revoked_certificate_is_on_the_document_crl_at_once(issued, client, staff):
    before = published_document_crl(client)
    assert before.get_revoked_certificate_by_serial_number(int(issued.signing_serial, 16)) is None

    services.revoke(issued, by=staff, reason="执业证书已注销")
    issued.refresh_from_db()
    after = published_document_crl(client)

    entry = after.get_revoked_certificate_by_serial_number(int(issued.signing_serial, 16))
    assert entry is not None
    assert entry.revocation_date_utc == issued.revoked_at.replace(microsecond=0)
    assert len(after) == 1  # the other issued certificates are not on it
    number = x509.CRLNumber
    assert (
        after.extensions.get_extension_for_class(number).value.crl_number
        > before.extensions.get_extension_for_class(number).value.crl_number
    )


def test_after_revocation_pyhanko_reports_the_pdf_revoked(issued, client, staff):
    """A PDF reader or validator that fetches the published CRLs sees the 撤销 too."""
    from pyhanko.sign.validation import validate_pdf_signature

    from .signing_helpers import association_validation_context, published_crls

    (embedded,) = signatures(stored_pdf(issued))
    assert validate_pdf_signature(embedded, association_validation_context(published_crls(client))).bottom_line

    services.revoke(issued, by=staff, reason="执业证书已注销")
    status = validate_pdf_signature(embedded, association_validation_context(published_crls(client)))

    assert status.revoked
    assert not status.bottom_line


def test_the_roots_crl_is_published_and_signed_by_the_root(client):
    response = client.get(reverse("certificate_root_crl"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    ca = x509.load_der_x509_certificate(signing.trust_root().dump())
    assert crl.issuer == ca.subject
    assert crl.is_signature_valid(ca.public_key())
    assert crl.next_update_utc > datetime.datetime.now(datetime.UTC)


def test_without_a_crl_file_the_roots_crl_url_is_not_found(db, client, settings):
    settings.CERTIFICATE_CRL_FILE = ""

    assert client.get(reverse("certificate_root_crl")).status_code == 404


def test_a_revoked_issuing_ca_goes_on_a_new_root_crl(tmp_path):
    files, _ = pki.ensure_test_pki(tmp_path, base_url="http://testserver")
    first = x509.load_der_x509_crl(files.crl.read_bytes())
    old = x509.load_pem_x509_certificate(files.signing_cert.read_bytes())

    serial = pki.revoke_signing_cert(files, base_url="http://testserver")

    crl = x509.load_der_x509_crl(files.crl.read_bytes())
    assert serial == old.serial_number
    assert crl.get_revoked_certificate_by_serial_number(serial) is not None
    number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number == first.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number + 1
    assert x509.load_pem_x509_certificate(files.signing_cert.read_bytes()).serial_number != serial


def test_a_pdf_under_a_revoked_issuing_ca_fails_pyhanko(issued, tmp_path):
    """The root's CRL is what a validator reads for the CA: once its key is revoked, every PDF
    it certified fails."""
    from pyhanko.sign.validation import validate_pdf_signature

    from .signing_helpers import association_validation_context

    files = pki.PkiFiles(tmp_path)
    for name in ("ca_key", "ca_cert", "signing_key", "signing_cert", "crl"):
        getattr(files, name).write_bytes(getattr(pki.PkiFiles(settings.SIGNING_PKI_DIR), name).read_bytes())
    pki.revoke_signing_cert(files, base_url="http://testserver")
    context = association_validation_context([files.crl.read_bytes(), revocation.document_crl()])

    (embedded,) = signatures(stored_pdf(issued))
    status = validate_pdf_signature(embedded, context)

    assert status.revoked
    assert not status.bottom_line


def test_a_plain_signing_certificate_signs_each_pdf_itself(issued, tmp_path, settings, client):
    """A commercial CA's end-entity certificate: no certificate per PDF, no document CRL (the
    register alone shows a 撤销)."""
    key, cert = plain_signing_certificate(tmp_path)
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_CERT = str(key), str(cert)
    pdf, stamp = unsigned_render(issued)

    signed = signing.sign_issued_certificate(pdf, stamp, number=issued.number)

    assert signed.serial is None
    assert document_certificate(signed.data) == x509.load_pem_x509_certificate(cert.read_bytes())
    assert revocation.document_crl() is None
    assert client.get(reverse("certificate_crl")).status_code == 404


def test_make_signing_ca_makes_the_keys_outside_the_repository_once(tmp_path):
    out = io.StringIO()
    call_command("make_signing_ca", dir=str(tmp_path / "pki"), base_url="http://127.0.0.1:8000", stdout=out)
    files = pki.PkiFiles(tmp_path / "pki")
    made = {path.name: path.read_bytes() for path in files.directory.iterdir()}

    call_command("make_signing_ca", dir=str(tmp_path / "pki"), base_url="http://127.0.0.1:8000", stdout=out)

    assert files.complete()
    assert {path.name: path.read_bytes() for path in files.directory.iterdir()} == made
    assert "up to date" in out.getvalue().splitlines()[-1]
    assert files.signing_key.stat().st_mode & 0o077 == 0  # the key is the owner's alone
    key = x509.load_pem_x509_certificate(files.signing_cert.read_bytes()).public_key()
    assert key.curve.name == "secp256r1"
