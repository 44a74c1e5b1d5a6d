from urllib.parse import quote

from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404


def private_storage():
    """Storage for files only permission-checked views may serve (see STORAGES['private'])."""
    return storages["private"]


def content_disposition(filename: str, inline: bool) -> str:
    """RFC 6266/5987: the name in UTF-8, percent-encoded, so Chinese names survive every browser."""
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename, safe='')}"


def private_file_response(
    file,
    content_type: str,
    cache_control: str = "private, no-store",
    filename: str | None = None,
    inline: bool = True,
) -> FileResponse:
    """A private file for the view that has checked the viewer; a 404 when there is none, or
    when its file has gone from the storage. Never kept in a shared cache, never sniffed into
    another type; with `filename`, named in Content-Disposition (inline or as a download)."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    if filename is not None:
        response["Content-Disposition"] = content_disposition(filename, inline)
    elif not inline:
        response["Content-Disposition"] = "attachment"
    return response


def delete_on_commit(storage, name: str) -> None:
    """Delete a stored file once the surrounding transaction commits: a rolled-back change keeps
    the file its row still points to."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
