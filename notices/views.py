"""The member's side of 我的公文 (manual 002 §4.3): the list, one document (查看收文) with 关注 /
取消关注 / 返回, its files, 反馈情况 and 传阅情况.

Every document is looked up through the member's own receipts (`services.documents_of`), so a
document not circulated to him, its files and its feedback are a 404, as is one that does not exist."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from member_center.decorators import member_required
from portal.membercopies import kept_for_member
from portal.storage import private_file_response
from portal.workflow import WorkflowError

from . import services
from .forms import DocumentFilterForm, FeedbackForm
from .models import Recipient

PAGE_SIZE = 10
NAMES_SHOWN = 50  # 传阅情况 names each reader up to this many recipients; beyond, the counts


def own_receipt(request, pk) -> Recipient:
    """The member's own receipt of a published document, or a 404."""
    return get_object_or_404(services.documents_of(request.member), document_id=pk)


@kept_for_member
@member_required
def document_list(request):
    """我的公文: 公文编号, 公文标题, 来文单位, 收文日期, 保密等级, 已阅 / 未读; newest first."""
    form = DocumentFilterForm(request.GET or None)
    receipts = services.documents_of(request.member)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        query = data["q"].strip()
        receipts = receipts.filter(
            Q(document__current__number__icontains=query) | Q(document__current__title__icontains=query)
        )
    if data.get("secrecy"):
        receipts = receipts.filter(document__current__secrecy=data["secrecy"])
    if data.get("read") == "unread":
        receipts = receipts.filter(read_version__lt=F("document__version"))
    elif data.get("read") == "read":
        receipts = receipts.filter(read_version__gte=F("document__version"))
    page = Paginator(receipts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/document_list.html",
        {"form": form, "page": page, "filtered": bool(data and any(data.values()))},
    )


def circulation(receipt: Recipient) -> dict:
    document = receipt.document
    read, total, _rate = services.read_rate(document)
    readers = []
    if total <= NAMES_SHOWN:
        readers = list(document.recipients.order_by("pk").values_list("name", "read_version"))
        readers = [(name, version >= document.version) for name, version in readers]
    return {"circles": [c.label for c in document.circles.all()], "readers": readers, "read": read, "total": total}


@member_required
def document_detail(request, pk):
    receipt = own_receipt(request, pk)
    document, version = receipt.document, receipt.document.current
    form = FeedbackForm(initial={"token": uuid.uuid4()})
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                _, created = services.give_feedback(
                    receipt,
                    submission_token=form.cleaned_data["token"],
                    body=form.cleaned_data["body"],
                    files=[checked.file for checked in form.cleaned_data["files"]],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("files", error)
            except WorkflowError as error:
                form.add_error("body", str(error))
            else:
                if created:
                    messages.success(request, "反馈已提交。")
                return redirect(document.get_absolute_url())
    else:
        services.record_read(receipt)
    feedback = document.feedback.select_related("recipient").prefetch_related("attachments")
    # 版本记录: each version with the files it was published with (older ones stay downloadable).
    history = document.versions.order_by("-version").prefetch_related("attachments") if document.version > 1 else []
    return render(
        request,
        "notices/document_detail.html",
        {
            "receipt": receipt,
            "document": document,
            "version": version,
            "files": list(version.attachments.all()),
            "versions": list(history),
            "feedback": list(feedback),
            "form": form,
            "circulation": circulation(receipt),
        },
    )


@require_POST
@member_required
def document_follow(request, pk):
    """关注 / 取消关注 (the form says which)."""
    receipt = own_receipt(request, pk)
    following = request.POST.get("follow") == "1"
    services.set_following(receipt, following)
    messages.success(request, "已关注该公文，有新反馈时将通知您。" if following else "已取消关注该公文。")
    return redirect(receipt.document.get_absolute_url())


@require_safe
@member_required
def document_file(request, pk, uuid):
    """附件: a file one of the document's versions was published with (the current one's on the
    detail page, an older one's from 版本记录), for its recipient; a classified one's carries his
    name and is recorded."""
    receipt = own_receipt(request, pk)
    attachment = services.version_file(receipt, uuid)
    if attachment is None:
        raise Http404
    services.record_download(receipt, attachment)
    return private_file_response(
        attachment.file,
        attachment.mime_type if attachment.kind else "application/octet-stream",
        filename=services.download_name(receipt, attachment),
        inline=attachment.inline and not receipt.document.is_classified,
    )


@require_safe
@member_required
def feedback_file(request, pk, uuid):
    """A 反馈's file, for the document's recipients."""
    receipt = own_receipt(request, pk)
    from portal.uploads.models import Attachment

    attachment = Attachment.objects.filter(uuid=uuid, document_feedback__document=receipt.document).first()
    if attachment is None:
        raise Http404
    return private_file_response(
        attachment.file,
        attachment.mime_type if attachment.kind else "application/octet-stream",
        filename=services.download_name(receipt, attachment),
        inline=attachment.inline and not receipt.document.is_classified,
    )
