from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_safe

from portal.storage import private_file_response

from .access import can_view
from .models import Attachment


@require_safe
@login_required
def serve(request, uuid):
    """The one door to attachments: 404 unless the owner's registered check lets this user see
    it (the same answer as for a file that does not exist). Pictures and PDF open in the
    browser; anything else is downloaded, never rendered."""
    attachment = Attachment.objects.select_related("content_type").filter(uuid=uuid).first()
    if attachment is None or not can_view(request.user, attachment):
        raise Http404
    return private_file_response(
        attachment.file,
        attachment.mime_type if attachment.kind else "application/octet-stream",
        filename=attachment.download_name,
        inline=attachment.inline,
    )
