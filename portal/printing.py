"""Prints laid out by the job worker, never in a request: the 《律师基本信息登记表》, the 会员卡申请单.

Laying out a PDF costs 150–200 ms of CPU a page (the first 登记表 of a rich profile took 1.7 s
inside the request, docs/benchmarks.md). A print is named by a hash of its HTML, which is cheap
to render, so a request:
- serves the stored file when the document has not changed since it was last printed;
- otherwise writes the HTML beside where the PDF will be, in private storage (it holds a photo
  and an ID number: never in the broker's rows or the shared cache), queues its layout once and
  shows 生成中 (the page refreshes itself) until the worker has stored the PDF.
The worker lays out exactly the HTML the request hashed. Each folder keeps only its latest print.

    name = printing.stored_or_queued(*rendering.register_html(profile))
    if name is None:
        return printing.pending(request, "登记表生成中", back_url)
    return printing.file_response(name, "律师基本信息登记表.pdf")
"""

import hashlib

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from .tasks import enqueue

PRINT_TASK = "portal.printing.render_print"
# How long a queued print counts as on its way (a refresh of 生成中 does not queue it again);
# after that a print the worker lost is queued anew by the next request.
QUEUED_SECONDS = 120


def _storage():
    return storages["private"]


def name_for(folder: str, html: str) -> str:
    return f"{folder}/{hashlib.sha256(html.encode()).hexdigest()}.pdf"


def _source(name: str) -> str:
    return name.removesuffix(".pdf") + ".html"


def _queued_key(name: str) -> str:
    return f"printing:queued:{name}"


def stored_or_queued(folder: str, html: str) -> str | None:
    """The stored PDF of `html`, or None after queueing its layout.

    With a synchronous worker (the tests) the job has run when enqueue returns, so the file is
    served at once."""
    storage, name = _storage(), name_for(folder, html)
    if storage.exists(name):
        return name
    key = _queued_key(name)
    # A cache that is down reads as "not queued": the print is queued again, never never.
    if not cache.get(key):
        cache.set(key, True, QUEUED_SECONDS)
        if not storage.exists(_source(name)):
            storage.save(_source(name), ContentFile(html.encode()))
        enqueue(PRINT_TASK, name)
    return name if storage.exists(name) else None


def is_stored(name: str) -> bool:
    return _storage().exists(name)


def is_queued(name: str) -> bool:
    """Its HTML is waiting for the worker."""
    return _storage().exists(_source(name))


def _keep_only(storage, folder: str, name: str) -> None:
    for old in storage.listdir(folder)[1]:
        path = f"{folder}/{old}"
        if path != name and path != _source(name) and old.endswith(".pdf"):
            storage.delete(path)


def _store(storage, name: str, pdf: bytes) -> None:
    folder = name.rsplit("/", 1)[0]
    if not storage.exists(name):
        storage.save(name, ContentFile(pdf))
    _keep_only(storage, folder, name)


def render_print(name: str) -> None:
    """The job: lay out the HTML the request stored for `name`, store the PDF, drop the HTML."""
    from .pdf import html_to_pdf  # WeasyPrint loads only where PDFs are made

    storage, source = _storage(), _source(name)
    if not storage.exists(name):
        if not storage.exists(source):
            return  # laid out by a job queued twice, or superseded: the next request queues anew
        with storage.open(source, "rb") as stored:
            html = stored.read().decode()
        _store(storage, name, html_to_pdf(html))
    if storage.exists(source):
        storage.delete(source)
    cache.delete(_queued_key(name))


def render_now(folder: str, html: str) -> bytes:
    """Lay the print out here and now and store it (the benchmark measures layout this way)."""
    from .pdf import html_to_pdf

    storage, name = _storage(), name_for(folder, html)
    if storage.exists(name):
        with storage.open(name, "rb") as kept:
            return kept.read()
    pdf = html_to_pdf(html)
    _store(storage, name, pdf)
    return pdf


def file_response(name: str, filename: str, *, as_attachment: bool = False) -> HttpResponse:
    with _storage().open(name, "rb") as stored:  # a few hundred KB: read whole, as before
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def pending(request, title: str, back_url: str, back_label: str = "返回", *, admin: bool = False):
    """生成中: the page refreshes itself every few seconds and then opens the file (202)."""
    template = "portal/admin/print_pending.html" if admin else "portal/print_pending.html"
    context = {"title": title, "back_url": back_url, "back_label": back_label}
    response = render(request, template, context, status=202)
    response["Cache-Control"] = "private, no-store"
    return response
