from django.core.files.storage import storages
from django.http import FileResponse, Http404


def private_storage():
    """Storage for files only permission-checked views may serve (see STORAGES['private'])."""
    return storages["private"]


def private_file_response(file, content_type: str, cache_control: str = "private, no-store") -> FileResponse:
    """A private file for the view that has checked the viewer; a 404 when there is none, or
    when its file has gone from the storage. Never kept in a shared cache."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = cache_control
    return response
