"""The one PDF helper: Django templates rendered by WeasyPrint with the CJK font.

Every PDF of the portal goes through here, whether a view returns it or a job stores it,
so the fonts, base URL and memory behaviour are the same everywhere.
"""

import functools
import gc
import sys

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django_weasyprint.utils import DjangoURLFetcher
from django_weasyprint.views import WeasyTemplateResponse
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.fonts import FontConfiguration, get_hb_object_data

# file:/// makes "/static/..." URLs resolve to files on disk through DjangoURLFetcher,
# so rendering never makes an HTTP request back to ourselves.
BASE_URL = "file:///"


@functools.cache
def shared_font_config() -> FontConfiguration:
    # One FontConfiguration per process: a fresh one per render re-reads the Noto CJK
    # collections and lets a worker grow to ~700 MiB over a few dozen renders.
    return FontConfiguration()


# --- the font files' copy -------------------------------------------------------------------------
#
# WeasyPrint's PDF font (weasyprint.pdf.fonts.Font) copies the whole font file out of HarfBuzz as
# soon as a page uses it: for the Noto CJK collections, 26 and 27 MB for the regular and the bold.
# Each render made that 53 MB copy and, reading it, touched every page of both mmapped files,
# which stay resident as the shared FontConfiguration keeps the faces open. HarfBuzz subsets the
# font straight from its face, so the copy is only read if it cannot (WeasyPrint's fontTools
# fallback), for a variable font or for colour glyphs, none of which the Noto CJK fonts need. The
# copy is made when read, then: the same PDF, byte for byte, and 85 MiB less at a worker's peak
# (docs/benchmarks.md, "A PDF worker's memory").
_DEFERRED = object()
_FONT_INIT = pdf_fonts.Font.__init__.__code__


def _font_data(hb_object, *args, **kwargs):
    # The only call with a face alone made from Font.__init__ is the whole file's copy.
    if not args and not kwargs and sys._getframe(1).f_code is _FONT_INIT:
        return _DEFERRED
    return get_hb_object_data(hb_object, *args, **kwargs)


def _file_content(font):
    content = font.__dict__.get("_file_content", _DEFERRED)
    if content is _DEFERRED:
        content = font.__dict__["_file_content"] = get_hb_object_data(font.hb_face)
    return content


def _set_file_content(font, content):
    font.__dict__["_file_content"] = content


pdf_fonts.get_hb_object_data = _font_data
pdf_fonts.Font.file_content = property(_file_content, _set_file_content)


def pdf_context(context: dict | None) -> dict:
    return {"pdf_font_family": settings.PDF_FONT_FAMILY, **(context or {})}


# CSS px to PDF points.
PX_TO_PT = 0.75


def render_pdf(template_name: str, context: dict | None = None, *, positions: dict | None = None) -> bytes:
    """Render a template to PDF bytes (for jobs that store the file).

    `positions`, if given, receives where each element with an id was laid out: its page (from 0)
    and its rectangle (x1, y1, x2, y2) in PDF points from the page's lower left corner, as a
    signature field or an annotation is placed."""
    html = render_to_string(template_name, pdf_context(context))
    return html_to_pdf(html, positions=positions)


@functools.cache
def default_stylesheet() -> weasyprint.CSS:
    # Without an explicit family, fontconfig may pick the Japanese forms of the CJK glyphs.
    return weasyprint.CSS(
        string=f"html {{ font-family: {settings.PDF_FONT_FAMILY}; }}", font_config=shared_font_config()
    )


@functools.cache
def _freeze_older_objects() -> None:
    # What is alive at a process's first PDF (Django, Wagtail, the URLconf, the fonts) lives as long
    # as the process: frozen, the collector stops walking it, and the collection after each render
    # (below) takes ~2 ms instead of ~200 ms.
    gc.freeze()


def html_to_pdf(html: str, *, positions: dict | None = None) -> bytes:
    _freeze_older_objects()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=DjangoURLFetcher()).render(
        stylesheets=[default_stylesheet()], font_config=shared_font_config()
    )
    if positions is not None:
        for index, page in enumerate(document.pages):
            for name, (x1, y1, x2, y2) in page.anchors.items():
                positions.setdefault(
                    name,
                    (
                        index,
                        (x1 * PX_TO_PT, (page.height - y2) * PX_TO_PT, x2 * PX_TO_PT, (page.height - y1) * PX_TO_PT),
                    ),
                )
    pdf = document.write_pdf()
    del document
    # A laid-out document is a web of reference cycles (~3,600 objects for a certificate) that
    # Python would free only in its rare full collections; meanwhile they fragment the heap (a
    # worker grew ~8 MiB more over 200 certificates). Freed now, while nothing else is in them.
    gc.collect()
    return pdf


class PdfResponse(WeasyTemplateResponse):
    """A view's PDF response, rendered the same way as render_pdf()."""

    def __init__(self, request, template, context=None, **kwargs):
        super().__init__(request, template, pdf_context(context), **kwargs)

    def get_base_url(self):
        return BASE_URL

    def get_font_config(self):
        return shared_font_config()

    def get_css(self, base_url, url_fetcher, font_config):
        return [default_stylesheet(), *super().get_css(base_url, url_fetcher, font_config)]
