"""个人档案 (manual 002 §3.1) and its print-out 《律师基本信息登记表》 (§3.2.3)."""

from django.shortcuts import render
from django.urls import reverse

from portal import printing
from portal.membercopies import kept_for_member

from .. import rendering
from ..decorators import profile_required

STATE_CLASSES = {"draft": "withdrawn", "submitted": "pending", "approved": "passed", "rejected": "rejected"}
REGISTER_FILENAME = "律师基本信息登记表.pdf"


@kept_for_member
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
    """The lawyer's own 登记表 as a PDF, shown in the browser to print: the stored file while the
    profile is unchanged, otherwise 生成中 until the worker has laid it out."""
    name = printing.stored_or_queued(*rendering.register_html(request.profile))
    if name is None:
        return printing.pending(request, "登记表生成中", reverse("profiles:record"), "返回个人档案")
    return printing.file_response(name, REGISTER_FILENAME)
