"""个人档案 (manual 002 §3.1) and its print-out 《律师基本信息登记表》 (§3.2.3)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from .. import rendering
from ..decorators import profile_required

STATE_CLASSES = {"draft": "withdrawn", "submitted": "pending", "approved": "passed", "rejected": "rejected"}
REGISTER_FILENAME = "律师基本信息登记表.pdf"


@profile_required
def record(request):
    """The whole record on one page; the entries of all twelve sections in a fixed number of queries."""
    profile = rendering.loaded_profile(request.profile)
    context = rendering.record_context(profile)
    context["photo_src"] = rendering.photo_url(profile)
    context["state_class"] = STATE_CLASSES.get(profile.state, "")
    return render(request, "profiles/record.html", context)


@profile_required
def print_register(request):
    """The lawyer's own 登记表 as a PDF, shown in the browser to print."""
    response = HttpResponse(rendering.render_register_pdf(request.profile), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=REGISTER_FILENAME)
    response["Cache-Control"] = "private, no-store"
    return response
