"""上传文件验证 on /verify/: the signature checked, the number and 验证码 read from the file and
compared with the register; one answer for every forgery; limits; nothing of the upload kept."""

import os
import tempfile

import pytest
from auditlog.models import LogEntry
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import services, signing
from certificates.models import CertificateApplication
from certificates.views import UPLOAD_MAX_BYTES, VERIFY_RATE, CappedMemoryUploadHandler
from portal.pdf import html_to_pdf
from tests.factories import LawyerFactory, StaffUserFactory

from .helpers import CertificateTypeFactory, soup, submitted
from .signing_helpers import FORGERIES, forge, stored_pdf, unsigned_render

UPLOAD_URL = "/verify/upload/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


def issue(firm, staff, capture):
    application = submitted(
        firm, CertificateTypeFactory(manual=True), chosen_lawyers=[LawyerFactory(firm=firm, name="陈律师")]
    )
    with capture(execute=True):
        services.approve(application, by=staff)
    application.refresh_from_db()
    return application


@pytest.fixture
def issued(firm, staff, private_media, django_capture_on_commit_callbacks):
    return issue(firm, staff, django_capture_on_commit_callbacks)


def upload(client, data: bytes, name="电子证明.pdf"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def result_of(response):
    """(heading, the whole answer's text) of the upload's answer."""
    section = soup(response).find(id="upload")
    result = section.select_one(".verify__result")
    if result is None:
        return None, ""
    return result.find("h3").get_text(strip=True), result.get_text(" ", strip=True)


def upload_error(response) -> str:
    error = soup(response).find(id="verify-file-error")
    return error.get_text(strip=True) if error else ""


# --- the answers -----------------------------------------------------------------------------------


def test_an_issued_file_is_valid(client, issued):
    response = upload(client, stored_pdf(issued))

    assert response.status_code == 200
    heading, text = result_of(response)
    assert heading == "有效"
    assert "文件完好：由本会电子签名" in text
    assert "签名后未被修改" in text
    assert issued.number in text
    assert issued.applicant_name in text
    assert f"{timezone.localtime(issued.pdf_signed_at):%Y年%m月%d日 %H:%M}" in text


def test_a_revoked_certificates_file_says_so_with_the_reason_and_date(client, issued, staff):
    data = stored_pdf(issued)
    services.revoke(issued, by=staff, reason="证明内容有误")
    issued.refresh_from_db()

    heading, text = result_of(upload(client, data))

    assert heading == "已撤销"
    assert "证明内容有误" in text
    assert f"{timezone.localtime(issued.revoked_at):%Y年%m月%d日}" in text
    assert "有效" not in heading


@pytest.mark.parametrize("kind", FORGERIES)
def test_each_forgery_is_a_modified_file(client, issued, tmp_path, kind):
    heading, text = result_of(upload(client, forge(kind, issued, stored_pdf(issued), tmp_path)))

    assert heading == "文件已被修改"
    assert issued.number not in text  # nothing of the register is shown for a forged file
    assert issued.applicant_name not in text


def test_every_forgery_gets_the_same_answer(client, issued, tmp_path):
    signed = stored_pdf(issued)
    answers = {kind: result_of(upload(client, forge(kind, issued, signed, tmp_path))) for kind in FORGERIES}

    assert len(set(answers.values())) == 1, answers


def test_a_forged_file_of_a_revoked_certificate_gets_the_same_answer_too(client, issued, staff, tmp_path):
    forged = forge("one byte changed", issued, stored_pdf(issued), tmp_path)
    services.revoke(issued, by=staff, reason="证明内容有误")

    assert result_of(upload(client, forged))[0] == "文件已被修改"


def test_a_file_signed_with_a_key_issued_for_another_certificate_is_a_modified_file(client, issued):
    """Each PDF's key is certified for its own number: one issued for another is not this one's."""
    pdf, stamp = unsigned_render(issued)
    own = signing.sign_issued_certificate(pdf, stamp, number=issued.number).data
    other = signing.sign_issued_certificate(pdf, stamp, number="2601010001").data

    assert result_of(upload(client, own))[0] == "有效"
    assert result_of(upload(client, other))[0] == "文件已被修改"


def test_a_pdf_the_association_did_not_issue(client, db):
    other = html_to_pdf("<h1>委托代理合同</h1><p>甲方：某某公司</p>")

    heading, text = result_of(upload(client, other))

    assert heading == "非本会签发的文件"
    assert "不带本会的电子签名" in text


def test_a_lookalike_of_an_unknown_number_is_a_modified_file_too(client, issued, tmp_path):
    """A file showing a certificate's 编号 and 验证码 that the register never issued: a forgery,
    answered as every forgery is (whether the number exists is not given away)."""
    lookalike = html_to_pdf("<p>证明</p><p>编号：2001010001</p><p>验证码：ABCDEFGH</p>")

    assert result_of(upload(client, lookalike))[0] == "文件已被修改"


# --- files issued before signing ---------------------------------------------------------------------


@pytest.fixture
def issued_unsigned(settings, firm, staff, private_media, django_capture_on_commit_callbacks):
    """A certificate issued before this change: its stored file carries no signature."""
    key, settings.CERTIFICATE_SIGNING_KEY = settings.CERTIFICATE_SIGNING_KEY, ""
    application = issue(firm, staff, django_capture_on_commit_callbacks)
    settings.CERTIFICATE_SIGNING_KEY = key  # signing resumes: the upload is checked as today
    assert application.pdf_signed_at is None
    return application


def test_an_unsigned_file_issued_before_signing_gets_a_clear_answer(client, issued_unsigned):
    heading, text = result_of(upload(client, stored_pdf(issued_unsigned)))

    assert heading == "有效"
    assert "出具于本会启用电子签名之前" in text
    assert "与本会留存的证明文件完全一致" in text
    assert issued_unsigned.number in text


def test_an_altered_unsigned_file_is_a_modified_file(client, issued_unsigned, tmp_path):
    altered = forge("one byte changed", issued_unsigned, stored_pdf(issued_unsigned), tmp_path)

    assert result_of(upload(client, altered))[0] == "文件已被修改"


def test_an_unsigned_file_issued_before_signing_stays_downloadable(firm_client, issued_unsigned):
    response = firm_client.get(reverse("certificates:download", args=[issued_unsigned.number]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- bad input and limits ------------------------------------------------------------------------------


def test_no_file_says_so_beside_the_field(client, db):
    response = client.post(UPLOAD_URL, {})

    assert response.status_code == 200
    assert upload_error(response) == "请选择收到的电子证明 PDF 文件。"
    assert result_of(response) == (None, "")


def test_a_file_that_is_not_a_pdf_says_so_beside_the_field(client, db):
    response = upload(client, b"\x89PNG\r\n\x1a\n not a pdf", name="证明.pdf")

    assert upload_error(response) == "该文件不是 PDF 文件，请上传收到的电子证明 PDF 文件。"
    assert result_of(response) == (None, "")


def test_a_file_over_the_size_limit_is_refused(client, db):
    response = upload(client, b"%PDF-1.7\n" + b"0" * UPLOAD_MAX_BYTES)

    assert response.status_code == 413
    assert upload_error(response) == "文件超过 5 MB，不是本会出具的电子证明文件。"
    assert result_of(response) == (None, "")


def test_uploads_share_the_lookups_rate_limit(client, db):
    allowed = int(VERIFY_RATE.split("/")[0])
    other = html_to_pdf("<p>合同</p>")
    for _ in range(allowed):
        assert upload(client, other).status_code == 200

    response = upload(client, other)

    assert response.status_code == 429
    assert upload_error(response) == "查询过于频繁，请 10 分钟后再试。"
    assert result_of(response) == (None, "")


def test_a_refused_file_does_not_count_towards_the_rate_limit(client, db):
    allowed = int(VERIFY_RATE.split("/")[0])
    for _ in range(allowed + 1):
        client.post(UPLOAD_URL, {})

    assert upload(client, html_to_pdf("<p>合同</p>")).status_code == 200


def test_the_upload_form_is_protected_against_cross_site_posts(db):
    client = Client(enforce_csrf_checks=True)

    assert upload(client, html_to_pdf("<p>合同</p>")).status_code == 403


def test_opening_the_upload_address_leads_to_the_form(client, db):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"] == "/verify/#upload"


# --- nothing of the upload is kept -----------------------------------------------------------------------


def test_the_upload_is_held_in_memory_only_even_above_djangos_memory_limit(client, issued, settings):
    """Django spools an upload over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file: not this one."""
    data = stored_pdf(issued)
    padded = data + b"\n%" + b"0" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1024) + b"\n"
    temp_before = set(os.listdir(tempfile.gettempdir()))

    response = upload(client, padded)

    assert response.status_code == 200
    assert all(isinstance(h, CappedMemoryUploadHandler) for h in response.wsgi_request.upload_handlers)
    assert response.wsgi_request.FILES["file"].__class__.__name__ == "InMemoryUploadedFile"
    assert set(os.listdir(tempfile.gettempdir())) - temp_before == set()


def test_checking_a_file_stores_nothing(client, issued, private_media):
    data = stored_pdf(issued)
    files_before = sorted(path for path in private_media.rglob("*") if path.is_file())
    rows_before = (CertificateApplication.objects.count(), LogEntry.objects.count())

    upload(client, data)

    assert sorted(path for path in private_media.rglob("*") if path.is_file()) == files_before
    assert (CertificateApplication.objects.count(), LogEntry.objects.count()) == rows_before


# --- the page ----------------------------------------------------------------------------------------


def test_the_verify_page_offers_the_upload_and_the_ca_certificate(client, db):
    document = soup(client.get("/verify/"))

    form = document.find(id="upload").find("form")
    assert form["action"].startswith(UPLOAD_URL)
    assert form["enctype"] == "multipart/form-data"
    assert form.find("input", attrs={"type": "file", "name": "file"}) is not None
    link = document.find("a", string="下载本会根证书")
    assert link["href"] == reverse("certificate_ca")
    assert "如何信任本会根证书" in document.get_text()
