"""The issued PDF: rendered once on approval, with the Noto CJK font, from the same include
as the certificate shown on screen."""

import io
from unittest import mock

import pytest
from auditlog.models import LogEntry
from pypdf import PdfReader

from certificates import services, tasks
from certificates.demo import ensure_demo_seal
from certificates.models import ApplicationState, CertificateApplication, LawyerScope
from certificates.wording import render_certificate_body
from tests.factories import FirmFactory, LawyerFactory, StaffUserFactory

from .helpers import (
    MEMBER_BACKEND,
    CertificateTypeFactory,
    html_text,
    pdf_font_names,
    pdf_text,
    soup,
    squash,
    submitted,
)


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


@pytest.fixture
def manual_type(db):
    return CertificateTypeFactory(name="律所+部分律师无行业处分（人工）", manual=True)


@pytest.fixture
def counted_renders():
    """Counts the WeasyPrint renders the job makes (and still renders)."""
    with mock.patch("certificates.tasks.render_pdf", wraps=tasks.render_pdf) as render:
        yield render


def pdf_bytes(application) -> bytes:
    application.refresh_from_db()
    with application.pdf.open("rb") as pdf:
        return pdf.read()


def generated_events(application) -> int:
    return sum(
        1
        for entry in LogEntry.objects.get_for_object(application)
        if (entry.additional_data or {}).get("事件") == "生成证明文件"
    )


@pytest.fixture
def issued(firm, manual_type, staff, private_media, django_capture_on_commit_callbacks):
    """A firm's certificate for two chosen lawyers, approved by staff (the PDF job ran)."""
    lawyers = [LawyerFactory(firm=firm, name="陈律师"), LawyerFactory(firm=firm, name="林律师")]
    application = submitted(firm, manual_type, chosen_lawyers=lawyers)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=staff)
    application.refresh_from_db()
    return application


# --- rendered once -------------------------------------------------------------------------------


def test_approving_renders_and_stores_one_pdf(
    firm, manual_type, staff, private_media, counted_renders, django_capture_on_commit_callbacks
):
    application = submitted(firm, manual_type, chosen_lawyers=[LawyerFactory(firm=firm)])
    assert not application.pdf
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.approve(application, by=staff)
    application.refresh_from_db()
    assert len(callbacks) == 1
    assert counted_renders.call_count == 1
    assert application.pdf.name.endswith(f"{application.number}.pdf")
    assert application.pdf_rendered_at is not None
    assert pdf_bytes(application).startswith(b"%PDF")
    assert (private_media / application.pdf.name).is_file()
    assert generated_events(application) == 1


def test_a_system_approval_renders_the_pdf_too(firm, private_media, django_capture_on_commit_callbacks):
    certificate_type = CertificateTypeFactory(lawyer_scope=LawyerScope.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(firm, certificate_type)
    assert application.state == ApplicationState.PASSED
    assert pdf_bytes(application).startswith(b"%PDF")


def test_rendering_again_keeps_the_first_file(issued, counted_renders):
    name, rendered_at = issued.pdf.name, issued.pdf_rendered_at
    first = pdf_bytes(issued)
    tasks.render_certificate_pdf(issued.pk)
    tasks.ensure_pdf(issued)
    issued.refresh_from_db()
    assert counted_renders.call_count == 0
    assert issued.pdf.name == name
    assert issued.pdf_rendered_at == rendered_at
    assert pdf_bytes(issued) == first
    assert generated_events(issued) == 1


def test_a_pending_application_gets_no_pdf(firm, manual_type, private_media, counted_renders):
    application = submitted(firm, manual_type, chosen_lawyers=[LawyerFactory(firm=firm)])
    tasks.render_certificate_pdf(application.pk)
    application.refresh_from_db()
    assert not application.pdf
    assert counted_renders.call_count == 0


def test_a_rejected_application_gets_no_pdf(firm, manual_type, staff, private_media, counted_renders):
    application = submitted(firm, manual_type, chosen_lawyers=[LawyerFactory(firm=firm)])
    services.reject(application, by=staff, reason="材料不全")
    tasks.render_certificate_pdf(application.pk)
    application.refresh_from_db()
    assert not application.pdf


def test_a_revoked_certificate_keeps_its_file(issued, staff, counted_renders):
    name = issued.pdf.name
    services.revoke(issued, by=staff, reason="证明内容有误")
    tasks.render_certificate_pdf(issued.pk)
    issued.refresh_from_db()
    assert issued.state == ApplicationState.REVOKED
    assert issued.pdf.name == name
    assert counted_renders.call_count == 0


# --- what the PDF contains -------------------------------------------------------------------------


def test_the_pdf_embeds_a_noto_cjk_font(issued):
    fonts = pdf_font_names(pdf_bytes(issued))
    assert any("Noto" in font and "CJK" in font for font in fonts), fonts


def test_the_pdf_uses_the_simplified_chinese_face(issued):
    """Not the Japanese forms of the shared CJK glyphs."""
    fonts = pdf_font_names(pdf_bytes(issued))
    cjk = [font for font in fonts if "CJK" in font]
    assert cjk and all(font.endswith(("CJK-SC", "CJK-SC-Bold", "CJKsc", "CJKsc-Bold")) for font in cjk), fonts


def test_the_pdf_text_is_the_certificate_body(issued):
    text = squash(pdf_text(pdf_bytes(issued)))
    body = squash(html_text(render_certificate_body(issued.snapshot)))
    assert body in text
    assert issued.applicant_firm.name in text
    assert "陈律师" in text and "林律师" in text


def test_the_pdf_carries_the_number_and_the_verification_code(issued):
    text = squash(pdf_text(pdf_bytes(issued)))
    assert f"编号：{issued.number}" in text
    assert f"验证码：{issued.verification_code}" in text


def test_the_pdf_carries_the_issuer_and_the_issue_date(issued):
    text = squash(pdf_text(pdf_bytes(issued)))
    issued_on = issued.issued_on
    assert "广州市律师协会" in text
    assert f"{issued_on.year}年{issued_on.month:02d}月{issued_on.day:02d}日" in text


def test_html_in_roster_data_comes_out_literally_in_the_pdf(
    manual_type, staff, private_media, django_capture_on_commit_callbacks
):
    firm = FirmFactory(name="<b>粗体</b>律师事务所")
    application = submitted(firm, manual_type, chosen_lawyers=[LawyerFactory(firm=firm)])
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=staff)
    assert "<b>粗体</b>律师事务所" in squash(pdf_text(pdf_bytes(application)))


def test_the_roster_is_appended_when_the_type_says_so(firm, staff, private_media, django_capture_on_commit_callbacks):
    certificate_type = CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, appends_roster=True, manual=True)
    LawyerFactory(firm=firm, name="欧阳甲")
    LawyerFactory(firm=firm, name="司马乙")
    LawyerFactory(firm=firm, name="诸葛已销", cancelled=True)
    application = submitted(firm, certificate_type)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=staff)
    text = squash(pdf_text(pdf_bytes(application)))
    assert "附：全体执业律师名单（共2名）" in text
    assert "欧阳甲" in text and "司马乙" in text
    assert "诸葛已销" not in text


def test_the_seal_is_stamped_on_the_pdf(issued, settings, tmp_path):
    # Without a seal the only picture on the page is the QR code.
    assert len(PdfReader(io.BytesIO(pdf_bytes(issued))).pages[0].images) == 1
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ensure_demo_seal()
    CertificateApplication.objects.filter(pk=issued.pk).update(pdf="", pdf_rendered_at=None)
    tasks.render_certificate_pdf(issued.pk)
    page = PdfReader(io.BytesIO(pdf_bytes(issued))).pages[0]
    assert len(page.images) == 2, "the seal is missing beside the QR code"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # moto's unclosed buffers
def test_the_seal_on_a_closed_bucket_is_still_stamped_on_the_pdf(issued, monkeypatch):
    # The seal's URL on S3 is the bucket's; a bucket without public read refuses WeasyPrint
    # (here nothing answers it at all), so the PDF carries the seal's bytes, read from the storage.
    import boto3
    from django.core.files.storage import default_storage, storages
    from moto import mock_aws
    from storages.backends.s3 import S3Storage

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="portal-media")
        bucket = S3Storage(bucket_name="portal-media", region_name="us-east-1", querystring_auth=False)
        # Swapped in the storage handler, not through settings.STORAGES: that would make the
        # handler build new storages, and the models' fields, holding the old ones, would write
        # elsewhere than later tests' private_media for the rest of the run.
        storages["default"]
        monkeypatch.setitem(storages._storages, "default", bucket)
        monkeypatch.setattr(default_storage, "_wrapped", bucket)
        ensure_demo_seal()
        CertificateApplication.objects.filter(pk=issued.pk).update(pdf="", pdf_rendered_at=None)
        tasks.render_certificate_pdf(issued.pk)
    page = PdfReader(io.BytesIO(pdf_bytes(issued))).pages[0]
    assert len(page.images) == 2, "the seal is missing beside the QR code"


# --- the same include on screen and in the PDF -----------------------------------------------------


def test_the_detail_page_and_the_pdf_show_the_same_certificate(issued, client, firm_user):
    client.force_login(firm_user, backend=MEMBER_BACKEND)
    page = soup(client.get(issued.get_absolute_url()))
    on_screen = page.select_one(".certificate")
    assert on_screen is not None
    paragraphs = [squash(p.get_text()) for p in on_screen.select(".certificate__body p")]
    assert len(paragraphs) == 3
    pdf = squash(pdf_text(pdf_bytes(issued)))
    assert "".join(paragraphs) in pdf
    for part in (".certificate__issuer", ".certificate__number", ".certificate__signature"):
        assert squash(on_screen.select_one(part).get_text()) in pdf


def test_the_wizard_preview_body_is_the_issued_body(issued):
    """The preview renders a fresh snapshot with the same include: the body is identical as
    long as it does not print the number."""
    chosen = list(issued.lawyers.all())
    preview = services.preview_snapshot(issued.applicant_firm, issued.certificate_type, chosen, issued.start_date)
    assert render_certificate_body(preview) == render_certificate_body(issued.snapshot)
