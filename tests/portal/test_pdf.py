"""portal.pdf: every PDF is WeasyPrint with the Noto CJK font, so Chinese text is really there."""

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.test import RequestFactory

from portal.pdf import PdfResponse, html_to_pdf, render_pdf

TEMPLATES_DIR = Path(__file__).parent / "templates"
CJK_FONT = re.compile(r"Noto-?(Serif|Sans)-?CJK")


@pytest.fixture
def pdf_templates(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}]


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """BaseFont name -> whether the font program is embedded, for the first page."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {}
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        descriptor_holder = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descriptor_holder["/FontDescriptor"].get_object()
        fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_html_to_pdf_embeds_a_noto_cjk_font_and_keeps_the_chinese_text(settings):
    html = (
        f'<html lang="zh-hans"><head><style>html {{ font-family: {settings.PDF_FONT_FAMILY}; }}</style></head>'
        "<body><h1>广州市律师协会 证明</h1><p>兹证明张三律师在广东广信律师事务所执业。</p></body></html>"
    )

    pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF")
    fonts = fonts_of(pdf)
    assert any(CJK_FONT.search(name) for name in fonts), fonts
    assert all(embedded for name, embedded in fonts.items() if CJK_FONT.search(name))
    text = text_of(pdf)
    assert "广州市律师协会" in text
    assert "证明" in text
    assert "兹证明张三律师在广东广信律师事务所执业" in text


def test_the_configured_font_is_the_simplified_chinese_face(settings):
    html = f"<html><head><style>html {{ font-family: {settings.PDF_FONT_FAMILY}; }}</style></head><body><p>律师协会</p></body></html>"

    names = list(fonts_of(html_to_pdf(html)))

    assert any("CJK-SC" in name for name in names), names


def test_html_without_a_font_family_still_gets_cjk_glyphs():
    pdf = html_to_pdf("<html><body><p>广州市律师协会 证明</p></body></html>")

    assert any(CJK_FONT.search(name) for name in fonts_of(pdf))
    assert "广州市律师协会" in text_of(pdf)


def test_html_to_pdf_uses_the_simplified_chinese_face_even_without_a_font_family():
    pdf = html_to_pdf('<html lang="zh-hans"><body><p>广州市律师协会 证明</p></body></html>')

    names = list(fonts_of(pdf))
    assert names and all("CJK-SC" in name for name in names), names


def test_render_pdf_renders_a_template_with_the_font_in_its_context(pdf_templates):
    pdf = render_pdf(
        "portal_tests/proof.html", {"association": "广州市律师协会", "name": "张三", "firm": "广东广信律师事务所"}
    )

    assert any("CJK-SC" in name for name in fonts_of(pdf))
    text = text_of(pdf)
    assert "广州市律师协会 证明" in text
    assert "兹证明张三律师在广东广信律师事务所执业" in text


def test_pdf_response_renders_the_same_way(pdf_templates):
    request = RequestFactory().get("/member/certificates/1/pdf/")

    response = PdfResponse(
        request,
        "portal_tests/proof.html",
        {"association": "广州市律师协会", "name": "李四", "firm": "广东金桥律师事务所"},
    )
    response.render()

    assert response["Content-Type"] == "application/pdf"
    assert any("CJK-SC" in name for name in fonts_of(response.content))
    assert "兹证明李四律师在广东金桥律师事务所执业" in text_of(response.content)
