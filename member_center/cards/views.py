"""The member's side of 会员卡 (manual 002 §4.4): 申请会员卡 (the list, the three entries, the
3-step wizard 申请律师一卡通, 打印, 撤消) and 会员卡管理 (挂失, 激活); and the public card check.

Applications and cards are looked up through the member's own (`request.member.card_applications`,
`request.member.member_cards`), so another member's is a 404, as is one that does not exist.
Between the wizard's steps the chosen photo waits as a draft file named in the session."""

import uuid

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from home.models import PortalSettings
from member_center.account_photo import open_photo
from member_center.decorators import member_required
from member_center.models import RosterStatus
from portal import printing
from portal.membercopies import kept_for_member
from portal.ratelimits import is_ratelimited
from portal.storage import private_storage
from portal.workflow import WorkflowError

from . import services
from .forms import PhotoForm, SubmitForm
from .models import ApplicationKind, CardApplication, CardStatus, MemberCard

STEPS = [
    ("执业信息", "确认执业信息登记是否正确"),
    ("上传照片", "上传本人近期证件照"),
    ("确认信息", "确认信息无误后，提交会员卡申请"),
]
# The manual's texts of the three entries (操作说明).
ENTRIES = [
    (ApplicationKind.FIRST, "如果您从未申请过会员卡，请选择“首次申请会员卡”；"),
    (ApplicationKind.LOST, "如果您的会员卡遗失，请先在【会员卡管理】中办理挂失，并在确认无法找回后，提交“遗失申请”；"),
    (ApplicationKind.REPLACE, "如果您的会员卡破损、消磁、失效等原因，无法继续使用，请办理“换卡申请”"),
]
PAGE_SIZE = 10


def lawyer_required(view):
    """会员卡 is the practising lawyers': any other member kind gets a 404, as for a missing page."""

    @member_required
    def wrapper(request, *args, **kwargs):
        if not services.serves(request.member):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def own_application(request, number) -> CardApplication:
    return get_object_or_404(request.member.card_applications, number=number)


def own_card(request, number) -> MemberCard:
    return get_object_or_404(request.member.member_cards, number=number)


@kept_for_member
@lawyer_required
def application_list(request):
    """申请会员卡: 类型, 申请时间, 状态, 操作 (打印 / 撤消), and the three entries."""
    lawyer = request.member
    applications = lawyer.card_applications.order_by("-created_at", "-pk").only(
        "pk", "number", "kind", "state", "created_at", "reject_reason", "pickup_place", "pickup_time", "lawyer_id"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    known = services.standing(lawyer)
    entries = [
        {"kind": kind, "label": kind.label, "text": text, "refusal": services.why_not_apply(lawyer, kind, known)}
        for kind, text in ENTRIES
    ]
    rows = [{"application": a, "may_revoke": services.may_revoke(a)} for a in page.object_list]
    return render(request, "cards/application_list.html", {"page": page, "rows": rows, "entries": entries})


# --- the wizard 申请律师一卡通 ------------------------------------------------------------------


def _kind(kind: str) -> ApplicationKind:
    if kind not in ApplicationKind.values:
        raise Http404
    return ApplicationKind(kind)


def _draft(request, kind) -> dict:
    return request.session.get(f"cards-wizard-{kind}") or {}


def _save_draft(request, kind, draft: dict) -> None:
    request.session[f"cards-wizard-{kind}"] = draft


def _refused(request, kind):
    refusal = services.why_not_apply(request.member, kind)
    if refusal:
        messages.error(request, refusal)
        return redirect("cards:list")
    return None


def _wizard(request, kind, step: int, template: str, context: dict):
    return render(
        request,
        template,
        {"kind": kind, "steps": STEPS, "step": step, "lawyer": request.member, **context},
    )


@lawyer_required
def apply_info(request, kind):
    """第 1 步 执业信息: the roster's, to check against the licence; errors go by ticket, and the
    member may go on without waiting for the change."""
    kind = _kind(kind)
    if refused := _refused(request, kind):
        return refused
    draft = _draft(request, kind)
    if not draft.get("token"):
        _save_draft(request, kind, {"token": str(uuid.uuid4()), "photo": ""})
    return _wizard(request, kind, 1, "cards/apply_info.html", {"info": services.snapshot(request.member)})


def _photo_bytes(request, kind) -> bytes | None:
    """The photo the wizard will submit: the one uploaded in step 2, else the member's one photo."""
    name = _draft(request, kind).get("photo")
    if name and private_storage().exists(name):
        with private_storage().open(name, "rb") as handle:
            return handle.read()
    handle = open_photo(request.user)
    if handle is None:
        return None
    with handle:
        return handle.read()


@lawyer_required
def apply_photo(request, kind):
    """第 2 步 上传照片: the shared ID-photo rule and crop tool; the profile's photo is the default."""
    kind = _kind(kind)
    if refused := _refused(request, kind):
        return refused
    draft = _draft(request, kind)
    if not draft.get("token"):
        return redirect("cards:apply", kind=kind)
    current = _photo_bytes(request, kind)
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES, has_photo=current is not None)
        if form.is_valid():
            if form.cleaned_data["photo"] is not None:
                old = draft.get("photo")
                draft["photo"] = private_storage().save(
                    f"cards/drafts/{request.member.pk}/{uuid.uuid4().hex}.jpg", form.cleaned_data["photo"]
                )
                if old:
                    private_storage().delete(old)
                _save_draft(request, kind, draft)
            if request.POST.get("direction") == "upload":
                messages.success(request, "照片已上传。")
                return redirect("cards:apply_photo", kind=kind)
            return redirect("cards:apply_confirm", kind=kind)
    else:
        form = PhotoForm(has_photo=current is not None)
    return _wizard(
        request, kind, 2, "cards/apply_photo.html", {"form": form, "photo_uri": services.jpeg_data_uri(current)}
    )


@lawyer_required
def apply_confirm(request, kind):
    """第 3 步 确认信息 → 申请会员卡 → 已提交成功, back to 申请会员卡. One application per click."""
    kind = _kind(kind)
    draft = _draft(request, kind)
    if request.method == "POST":
        form = SubmitForm(request.POST)
        content = _photo_bytes(request, kind)
        if not form.is_valid():
            messages.error(request, next(iter(form.errors.values()))[0])
            return redirect("cards:list")
        if content is None:
            messages.error(request, "请上传图片")
            return redirect("cards:apply_photo", kind=kind)
        try:
            services.submit(
                request.member,
                kind,
                submission_token=form.cleaned_data["token"],
                photo=ContentFile(content, name="photo.jpg"),
                by=request.user,
            )
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect("cards:list")
        if draft.get("photo"):
            private_storage().delete(draft["photo"])
        request.session.pop(f"cards-wizard-{kind}", None)
        messages.success(request, "已提交成功")
        return redirect("cards:list")
    if refused := _refused(request, kind):
        return refused
    if not draft.get("token"):
        return redirect("cards:apply", kind=kind)
    content = _photo_bytes(request, kind)
    if content is None:
        messages.error(request, "请上传图片")
        return redirect("cards:apply_photo", kind=kind)
    return _wizard(
        request,
        kind,
        3,
        "cards/apply_confirm.html",
        {
            "info": services.snapshot(request.member),
            "photo_uri": services.jpeg_data_uri(content),
            "token": draft["token"],
        },
    )


# --- one application ------------------------------------------------------------------------------


@lawyer_required
def application_revoke(request, number):
    """撤消, confirmed; only while 待审核 or 已驳回."""
    application = own_application(request, number)
    if request.method == "POST":
        try:
            services.revoke(application, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"会员卡申请 {application.number} 已撤消。")
        return redirect("cards:list")
    if not services.may_revoke(application):
        messages.error(request, f"当前状态为“{application.get_state_display()}”，不能撤消。")
        return redirect("cards:list")
    return render(request, "cards/application_revoke.html", {"application": application})


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=4, border=1)


@lawyer_required
def application_print(request, number):
    """打印: 会员卡申请单 as a PDF, with the photo: the stored file while the application is
    unchanged, otherwise 生成中 until the worker has laid it out (portal.printing)."""
    application = own_application(request, number)
    name = printing.stored_or_queued(*services.application_sheet(application))
    if name is None:
        return printing.pending(request, "申请单生成中", reverse("cards:list"), "返回申请会员卡")
    return printing.file_response(name, f"会员卡申请单-{application.number}.pdf")


@login_required
def application_photo(request, number):
    """An application's photo: the member's own, or any for staff who handle cards."""
    if services.is_handler(request.user):
        application = get_object_or_404(CardApplication, number=number)
    elif request.member is not None:
        application = own_application(request, number)
    else:
        raise Http404
    return FileResponse(application.photo.open("rb"), content_type="image/jpeg")


# --- 会员卡管理 ---------------------------------------------------------------------------------


@kept_for_member
@lawyer_required
def card_list(request):
    """会员卡管理: every card in the member's name (卡号, 发卡日期, 状态) with 挂失 and 激活."""
    cards = request.member.member_cards.order_by("-issued_on", "-pk")
    rows = [
        {
            "card": card,
            "may_report_lost": services.CARD.can(card, "report_lost"),
            "may_activate": services.CARD.can(card, "activate"),
            "verify_url": card.verify_url(),
            "qr": qr_data_uri(card.verify_url()) if card.status != CardStatus.INVALID else "",
        }
        for card in cards
    ]
    return render(request, "cards/card_list.html", {"rows": rows})


def _card_action(request, number, move, done: str, template: str):
    card = own_card(request, number)
    if request.method == "POST":
        try:
            move(card, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done.format(number=card.number))
        return redirect("cards:cards")
    return render(request, template, {"card": card})


@lawyer_required
def card_report_lost(request, number):
    """挂失: confirmed, and in effect at once."""
    return _card_action(request, number, services.report_lost, "会员卡 {number} 已挂失。", "cards/card_lost.html")


@lawyer_required
@require_POST
def card_activate(request, number):
    """激活: a 挂失 card found again."""
    return _card_action(request, number, services.activate, "会员卡 {number} 已激活。", "")


# --- /verify/member/<token>/ (public) ----------------------------------------------------------------

VERIFY_NOT_FOUND = "未找到该会员卡，请核对后重试。"
VERIFY_RATE = "20/10m"


def verify(request, token):
    """The card's QR code: name, photo, firm, 执业 / 已注销 and the card's status; nothing for a
    wrong token but the neutral message."""
    context = {"settings_hotline": PortalSettings.load().hotline}
    if is_ratelimited(request, group="card-verify", key="ip", rate=VERIFY_RATE, increment=True):
        context["error"] = "查询过于频繁，请 10 分钟后再试。"
        return render(request, "cards/verify.html", context, status=429)
    card = MemberCard.objects.filter(verify_token=token[:32]).select_related("lawyer__firm", "application").first()
    if card is None:
        context["error"] = VERIFY_NOT_FOUND
        return render(request, "cards/verify.html", context, status=404)
    lawyer = card.lawyer
    context.update(
        {
            "card": card,
            "lawyer": lawyer,
            "practising": lawyer.status == RosterStatus.PRACTISING,
            "photo_uri": services.photo_uri_of(card.application),
        }
    )
    return render(request, "cards/verify.html", context)
