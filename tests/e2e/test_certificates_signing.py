"""上传文件验证 in the browser: a person uploads the signed PDF they received on /verify/, then
a copy changed by one byte; at desktop and phone width. Screenshots go to /tmp/signing-shots/.

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest tests/e2e/test_certificates_signing.py -q
"""

import datetime
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import FIRM_LOGIN, assert_no_horizontal_scroll, axe_violations

pytestmark = pytest.mark.e2e

SHOTS_DIR = Path("/tmp/signing-shots")
FIRM_ONLY_TYPE = "律所无行业处分"


def shot(page, name, viewport):
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"{name}-{viewport}.png"), full_page=True)


def issued_certificate():
    """The demo firm's certificate, approved by system review; the job rendered and signed it."""
    from certificates import services
    from certificates.models import CertificateType
    from member_center.models import Firm

    application, _ = services.submit(
        Firm.objects.get(licence_no=FIRM_LOGIN),
        CertificateType.objects.get(name=FIRM_ONLY_TYPE),
        submission_token=uuid.uuid4(),
        start_date=timezone.localdate() - datetime.timedelta(days=365),
        email="office@mingfa.example.cn",
    )
    application.refresh_from_db()
    with application.pdf.open("rb") as pdf:
        return application, pdf.read()


def upload(page, name, data):
    page.locator("#verify-file").set_input_files(files=[{"name": name, "mimeType": "application/pdf", "buffer": data}])
    page.get_by_role("button", name="上传核验").click()
    page.wait_for_url("**/verify/upload/#upload")


def test_upload_a_certificate_on_verify(page, demo, viewport):
    caches["ratelimit"].clear()  # uploads share the look-ups' 20 per address in 10 minutes
    application, signed = issued_certificate()
    assert application.pdf_signed_at is not None

    page.goto("/verify/")
    expect(page.get_by_role("heading", name="上传文件验证")).to_be_visible()
    upload(page, f"电子证明-{application.number}.pdf", signed)
    result = page.locator("#upload .verify__result")
    expect(result.get_by_role("heading")).to_have_text("有效")
    expect(result).to_contain_text("文件完好：由本会电子签名")
    expect(result).to_contain_text(application.number)
    if viewport == "phone":
        assert_no_horizontal_scroll(page)
    shot(page, "upload-valid", viewport)

    position = signed.index(b"stream", len(signed) // 8) + 40
    forged = signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :]
    upload(page, "电子证明.pdf", forged)
    result = page.locator("#upload .verify__result")
    expect(result.get_by_role("heading")).to_have_text("文件已被修改")
    expect(result).not_to_contain_text(application.number)
    if viewport == "phone":
        assert_no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shot(page, "upload-modified", viewport)

    # the association's root certificate, with the guide to trusting it
    page.get_by_text("如何信任本会根证书").click()
    expect(page.get_by_text("将此证书用作可信的根")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载本会根证书").click()
    assert download.value.suggested_filename == "association-ca.crt"
    shot(page, "upload-trust-guide", viewport)
    if viewport == "desktop":
        (SHOTS_DIR / "certificate.pdf").write_bytes(signed)
