import uuid

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from formtools.wizard.storage.session import SessionStorage
from formtools.wizard.views import NamedUrlSessionWizardView

from home.models import PortalSettings
from member_center.decorators import member_required
from member_center.models import Lawyer, RosterStatus
from portal.http import posted_next_url
from portal.membercopies import kept_for_member
from portal.ratelimits import is_ratelimited

from . import revocation, services, signing, verification
from .forms import (
    ApplicationDetailsForm,
    ApplicationFilterForm,
    ChooseTypeForm,
    ConfirmInfoForm,
    EmailForm,
    LawyerAdditionForm,
    PreviewForm,
    VerifyUploadForm,
)
from .models import (
    RESULT_FILTER_STATES,
    STATUS_FILTER_STATES,
    ApplicationState,
    CertificateApplication,
    CertificateEmail,
    CertificateGroup,
    CertificateSettings,
    CertificateType,
)
from .rendering import DRAFT_MARK, application_certificate_context
from .wording import certificate_context, sample_snapshot

PREVIEW_NOTE = "提交并审核通过后出具证明，届时加盖印章并生成验证码与验证二维码。"

LIST_PAGE_SIZE = 10

# The wizard's steps (manual 001 §1.3); the fifth, 提交证明, is the page after submission.
STEPS = [
    ("confirm", "信息确认", ConfirmInfoForm),
    ("choose", "选择证明", ChooseTypeForm),
    ("fill", "填写信息", ApplicationDetailsForm),
    ("preview", "证明预览", PreviewForm),
]
SUBMITTED_LABEL = "提交证明"


def step_bar(current_index: int) -> list[dict]:
    labels = [label for _, label, _ in STEPS] + [SUBMITTED_LABEL]
    return [
        {
            "number": i + 1,
            "label": label,
            "state": "done" if i < current_index else "current" if i == current_index else "todo",
        }
        for i, label in enumerate(labels)
    ]


@method_decorator(member_required, name="dispatch")
class ApplyWizard(NamedUrlSessionWizardView):
    """我要申请: 信息确认 → 选择证明 → 填写信息 → 证明预览 → 提交证明.

    Steps live in the session, so a reload or the phone's back button keeps what was typed;
    a later step opened by URL before the earlier ones are done sends the member back."""

    form_list = [(key, form) for key, _, form in STEPS]

    def get_prefix(self, request, *args, **kwargs):
        return f"certificate_apply_{request.user.pk}"

    def get_template_names(self):
        return [f"certificates/apply/{self.steps.current}.html"]

    @property
    def member(self):
        return self.request.member

    def chosen_type(self) -> CertificateType | None:
        data = self.get_cleaned_data_for_step("choose")
        return data["certificate_type"] if data else None

    def get_form_kwargs(self, step=None):
        if step == "choose":
            return {"member": self.member}
        if step == "fill":
            return {"member": self.member, "certificate_type": self.chosen_type()}
        return {}

    def get_form(self, step=None, data=None, files=None):
        if (step or self.steps.current) == "fill" and self.chosen_type() is None:
            # Without a chosen type there is no 填写信息 form; get() sends the member back.
            return ConfirmInfoForm(data)
        return super().get_form(step, data, files)

    def first_incomplete_step(self, before: str) -> str | None:
        for key in self.get_form_list():
            if key == before:
                return None
            if self.get_cleaned_data_for_step(key) is None:
                return key
        return None

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step in self.get_form_list():
            missing = self.first_incomplete_step(step)
            if missing:
                self.storage.current_step = missing
                return redirect(self.get_step_url(missing))
        return super().get(request, *args, **kwargs)

    def process_step(self, form):
        if self.steps.current == "choose":
            previous = self.chosen_type()
            chosen = form.cleaned_data["certificate_type"]
            if previous is not None and previous != chosen:
                # Another type needs other details: start 填写信息 afresh.
                self.storage.data[self.storage.step_data_key].pop("fill", None)
        return super().process_step(form)

    def render(self, form=None, **kwargs):
        if "token" not in self.storage.extra_data:
            self.storage.extra_data = {**self.storage.extra_data, "token": str(uuid.uuid4())}
        return super().render(form, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        context["step_bar"] = step_bar(self.steps.index)
        context["step_label"] = {key: label for key, label, _ in STEPS}[step]
        context["member"] = self.member
        context["copied_from"] = self.storage.extra_data.get("copied_from")
        if step == "choose":
            context["groups"] = self._type_groups(form)
        if step in ("fill", "preview"):
            context["certificate_type"] = self.chosen_type()
        if step == "preview":
            context.update(self._preview_context())
        return context

    def _type_groups(self, form):
        types = list(form.fields["certificate_type"].queryset)
        issuer = CertificateSettings.load()
        groups = []
        for value, label in CertificateGroup.choices:
            members = [t for t in types if t.group == value]
            if members:
                groups.append(
                    {
                        "label": label,
                        "types": [
                            {"type": t, "sample": certificate_context(sample_snapshot(t, issuer))} for t in members
                        ],
                    }
                )
        return groups

    def _preview_context(self):
        details = self.get_cleaned_data_for_step("fill") or {}
        certificate_type = self.chosen_type()
        chosen = list(details.get("lawyers") or [])
        try:
            snapshot = services.preview_snapshot(self.member, certificate_type, chosen, details["start_date"])
        except (services.CertificateError, KeyError):
            return {"preview_error": True}
        return {
            # Not issued yet: a draft, unsealed, like an application's until it is approved.
            "certificate": {**certificate_context(snapshot), "mark": DRAFT_MARK, "mark_note": PREVIEW_NOTE},
            "details": details,
            "review": services.preview_route(self.member, certificate_type, snapshot),
        }

    def done(self, form_list, form_dict, **kwargs):
        details = form_dict["fill"].cleaned_data
        certificate_type = form_dict["choose"].cleaned_data["certificate_type"]
        try:
            application, _ = services.submit(
                self.member,
                certificate_type,
                submission_token=uuid.UUID(self.storage.extra_data.get("token") or str(uuid.uuid4())),
                start_date=details["start_date"],
                email=details["email"],
                chosen_lawyers=list(details.get("lawyers") or []),
                paper_needed=details["paper_needed"],
                paper_copies=details.get("paper_copies"),
                paper_delivery=details.get("paper_delivery") or "",
                recipient_name=details.get("recipient_name", ""),
                recipient_phone=details.get("recipient_phone", ""),
                recipient_address=details.get("recipient_address", ""),
                remarks=details.get("remarks", ""),
                by=self.request.user,
            )
        except services.CertificateError as error:
            messages.error(self.request, str(error))
            return redirect(self.get_step_url("choose"))
        return redirect("certificates:submitted", number=application.number)


def start_wizard_from(request, application: CertificateApplication) -> None:
    """再次申请: a fresh 我要申请 (new submission token) whose 选择证明 and 填写信息 hold what the
    rejected application said; the member goes through the steps and submits, or not."""
    storage = SessionStorage(f"certificate_apply_{request.user.pk}", request)
    storage.reset()
    storage.current_step = STEPS[0][0]
    storage.extra_data = {"token": str(uuid.uuid4()), "copied_from": application.number}
    storage.set_step_data("choose", {"choose-certificate_type": [str(application.certificate_type_id)]})
    fill = {
        "start_date": application.start_date.isoformat(),
        "email": application.email,
        "paper_needed": "1" if application.paper_needed else "0",
        "paper_copies": str(application.paper_copies or ""),
        "paper_delivery": application.paper_delivery,
        "recipient_name": application.recipient_name,
        "recipient_phone": application.recipient_phone,
        "recipient_address": application.recipient_address,
        "remarks": application.remarks,
    }
    data = {f"fill-{name}": [value] for name, value in fill.items()}
    if application.on_behalf_of_id:
        data["fill-lawyer"] = [str(application.on_behalf_of_id)]
    elif application.certificate_type.needs_lawyer_choice:
        data["fill-lawyers"] = [str(item["id"]) for item in application.snapshot.get("lawyers", [])]
    storage.set_step_data("fill", data)


def own_application(request, number) -> CertificateApplication:
    """Another member's application is a 404, by construction."""
    return get_object_or_404(
        CertificateApplication.objects.of_member(request.member).select_related("certificate_type"), number=number
    )


def visible_application(request, number) -> CertificateApplication:
    """Own, or (for a lawyer) applied for on his behalf by his firm: to read and download only."""
    return get_object_or_404(
        CertificateApplication.objects.visible_to(request.member).select_related("certificate_type"), number=number
    )


def is_own(request, application: CertificateApplication) -> bool:
    member = request.member
    if isinstance(member, Lawyer):
        return application.applicant_lawyer_id == member.pk
    return application.applicant_firm_id == member.pk


@member_required
def submitted(request, number):
    application = own_application(request, number)
    return render(
        request, "certificates/submitted.html", {"application": application, "step_bar": step_bar(len(STEPS))}
    )


def latest_email_subquery(field):
    return Subquery(
        CertificateEmail.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-pk").values(field)[:1]
    )


@kept_for_member
@member_required
def application_list(request):
    """我的证明 (manual 001 §2.1.2): filtered by type, state and date; newest first unless asked."""
    visible = CertificateApplication.objects.visible_to(request.member)
    form = ApplicationFilterForm(request.GET or None, applications=visible)
    applications = visible.select_related("certificate_type").annotate(
        email_status=latest_email_subquery("status"), email_updated_at=latest_email_subquery("updated_at")
    )
    order = ApplicationFilterForm.NEWEST
    if form.is_valid():
        data = form.cleaned_data
        if data["certificate_type"]:
            applications = applications.filter(certificate_type=data["certificate_type"])
        if data["status"]:
            applications = applications.filter(state__in=STATUS_FILTER_STATES[data["status"]])
        if data["result"]:
            applications = applications.filter(state__in=RESULT_FILTER_STATES[data["result"]])
        if data["date_from"]:
            applications = applications.filter(submitted_at__date__gte=data["date_from"])
        if data["date_to"]:
            applications = applications.filter(submitted_at__date__lte=data["date_to"])
        order = data["order"] or order
    oldest_first = order == ApplicationFilterForm.OLDEST
    applications = applications.order_by(*(("submitted_at", "pk") if oldest_first else ("-submitted_at", "-pk")))
    page = Paginator(applications, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.own = is_own(request, application)
    query = request.GET.copy()
    query.pop("page", None)
    query["order"] = ApplicationFilterForm.NEWEST if oldest_first else ApplicationFilterForm.OLDEST
    return render(
        request,
        "certificates/application_list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "oldest_first": oldest_first,
            "reorder_url": f"?{query.urlencode()}",
        },
    )


@kept_for_member
@member_required
def application_detail(request, number):
    application = visible_application(request, number)
    own = is_own(request, application)
    return render(
        request,
        "certificates/application_detail.html",
        {
            "application": application,
            "certificate": application_certificate_context(application),
            "emails": application.emails.order_by("-created_at", "-pk")[:5],
            "own": own,
            "can_withdraw": own and services.can(application, "withdraw"),
            "review": services.application_route(application),
            "lawyers": application.snapshot.get("lawyers", []),
        },
    )


@member_required
def withdraw(request, number):
    application = own_application(request, number)
    if request.method == "POST":
        try:
            services.withdraw(application, by=request.user)
        except services.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"申请 {application.number} 已撤回。")
        return redirect(application.get_absolute_url())
    if not services.can(application, "withdraw"):
        messages.error(request, "只有待审批的申请可以撤回。")
        return redirect(application.get_absolute_url())
    return render(request, "certificates/withdraw_confirm.html", {"application": application})


@member_required
def download(request, number):
    application = visible_application(request, number)
    if application.state == ApplicationState.REVOKED:
        messages.error(
            request,
            f"该证明已于 {timezone.localtime(application.revoked_at):%Y年%m月%d日} 撤销，不能下载。理由：{application.revoke_reason}",
        )
        return redirect(application.get_absolute_url())
    if not application.is_issued:
        raise Http404
    if not application.pdf:
        # The worker renders the file after approval; say so while it does.
        return render(request, "certificates/pdf_pending.html", {"application": application}, status=202)
    response = FileResponse(
        application.pdf.open("rb"), as_attachment=True, filename=f"电子证明-{application.number}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
@require_POST
def reapply(request, number):
    application = own_application(request, number)
    refusal = services.reapply_refusal(application, request.member)
    if refusal:
        messages.error(request, refusal)
        return redirect(application.get_absolute_url())
    start_wizard_from(request, application)
    return redirect("certificates:apply_step", step=STEPS[0][0])


def requested_next_url(request, default: str) -> str:
    """posted_next_url, also for the `next` of a GET (the list's 发送邮箱 link)."""
    if request.method == "GET" and "next" in request.GET:
        target = request.GET["next"]
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return default
    return posted_next_url(request, default)


@member_required
def send_email(request, number):
    application = own_application(request, number)
    back = requested_next_url(request, application.get_absolute_url())
    if not application.is_issued:
        messages.error(request, "证明审核通过后才能发送邮箱。")
        return redirect(back)
    initial = {"to": application.email or request.user.email}
    form = EmailForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.request_email(application, by=request.user, to=form.cleaned_data["to"])
        except services.EmailThrottled as error:  # per certificate and per account (services)
            form.add_error("to", str(error))
            status = 429
        except services.CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"已提交发送，证明将发送至 {form.cleaned_data['to']}。发送结果可在申请详情中查看。"
            )
            return redirect(back)
    return render(
        request, "certificates/send_email.html", {"application": application, "form": form, "next": back}, status=status
    )


# --- 律师列表 (firm side) ---------------------------------------------------------------------


def firm_required(view):
    @member_required
    def wrapper(request, *args, **kwargs):
        if isinstance(request.member, Lawyer):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@firm_required
def lawyer_list(request):
    query = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", RosterStatus.PRACTISING)
    lawyers = request.member.lawyers.order_by("name", "licence_no")
    if status in RosterStatus.values:
        lawyers = lawyers.filter(status=status)
    if query:
        lawyers = lawyers.filter(Q(name__contains=query) | Q(licence_no__contains=query))
    page = Paginator(lawyers, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/lawyer_list.html",
        {
            "page": page,
            "q": query,
            "status": status,
            "statuses": RosterStatus.choices,
            "additions": request.member.lawyer_addition_requests.all()[:10],
        },
    )


@firm_required
def lawyer_add(request):
    form = LawyerAdditionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_lawyer_addition(request.member, form.cleaned_data, by=request.user)
        except services.CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已提交新增律师 {form.cleaned_data['name']}，协会核对后将加入律师列表。")
            return redirect("certificates:lawyer_list")
    return render(request, "certificates/lawyer_add.html", {"form": form})


# --- /verify/ (public) -----------------------------------------------------------------------------


VERIFY_NOT_FOUND = "未找到与该证明编号和验证码相符的证明，请核对后重试。"


# Lookups and uploads share one budget per address.
VERIFY_RATE = "20/10m"


def verify_context(request, **extra) -> dict:
    return {
        # Loaded for the request, as the header and footer load them: one query for all three.
        "settings_hotline": PortalSettings.load(request_or_site=request).hotline,
        "ca_certificate_available": signing.trust_root() is not None,
        "upload_max_mib": UPLOAD_MAX_BYTES // (1024 * 1024),
        **extra,
    }


def verify(request):
    number = (request.GET.get("number") or "").strip()[:14]
    code = (request.GET.get("code") or "").strip().upper()[:8]
    context = verify_context(request, number=number, code=code)
    submitted = "number" in request.GET or "code" in request.GET
    if submitted and not (number and code):
        # Say beside each field what is missing, before counting a lookup.
        context["number_error"] = "" if number else "请填写证明编号。"
        context["code_error"] = "" if code else "请填写验证码。"
        return render(request, "certificates/verify.html", context)
    if number and code:
        # Only lookups count towards the limit, not opening the empty form.
        if is_ratelimited(request, group="certificate-verify", key="ip", rate=VERIFY_RATE, increment=True):
            context["error"] = "查询过于频繁，请 10 分钟后再试。"
            return render(request, "certificates/verify.html", context, status=429)
        application = (
            CertificateApplication.objects.filter(
                number=number, verification_code=code, state__in=[ApplicationState.PASSED, ApplicationState.REVOKED]
            )
            .select_related("certificate_type")
            .first()
        )
        if application is None:
            context["error"] = VERIFY_NOT_FOUND
        else:
            context["result"] = application
    return render(request, "certificates/verify.html", context)


# --- 上传文件验证 (public) ---------------------------------------------------------------------------

# A certificate with a 300-lawyer roster is well under 1 MiB.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_TOO_LARGE = f"文件超过 {UPLOAD_MAX_BYTES // (1024 * 1024)} MB，不是本会出具的电子证明文件。"


class CappedMemoryUploadHandler(MemoryFileUploadHandler):
    """The upload held in memory only, never in a temporary file, and only up to the cap: the
    file being checked is not stored anywhere. A larger one is dropped as it arrives."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        request.upload_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True  # whatever the size: the cap below decides

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


@csrf_exempt  # checked below, once the upload handlers are ours (Django's documented order)
def verify_upload(request):
    if request.method != "POST":
        return redirect(f"{reverse('certificate_verify')}#upload")
    request.upload_handlers = [CappedMemoryUploadHandler(request, UPLOAD_MAX_BYTES)]
    return _verify_upload(request)


@csrf_protect
def _verify_upload(request):
    context = verify_context(request, upload_tab=True)
    too_large = int(request.META.get("CONTENT_LENGTH") or 0) > UPLOAD_MAX_BYTES + 64 * 1024
    form = VerifyUploadForm(None if too_large else request.POST, None if too_large else request.FILES)
    if too_large or getattr(request, "upload_too_large", False):
        context.update(upload_form=form, upload_error=UPLOAD_TOO_LARGE)
        return render(request, "certificates/verify.html", context, status=413)
    context["upload_form"] = form
    if not form.is_valid():
        context["upload_error"] = form.errors["file"][0]
        return render(request, "certificates/verify.html", context)
    if is_ratelimited(request, group="certificate-verify", key="ip", rate=VERIFY_RATE, increment=True):
        context["upload_error"] = "查询过于频繁，请 10 分钟后再试。"
        return render(request, "certificates/verify.html", context, status=429)
    context["upload"] = verification.check_pdf(form.cleaned_data["file"])
    return render(request, "certificates/verify.html", context)


# --- the association's CA certificate and CRL (public) -------------------------------------------


def ca_certificate(request):
    """The root a PDF reader is told to trust, so that it shows the signature as valid."""
    root = signing.trust_root()
    if root is None:
        raise Http404
    response = HttpResponse(root.dump(), content_type="application/pkix-cert")
    response["Content-Disposition"] = 'attachment; filename="association-ca.crt"'
    return response


def certificate_revocation_list(request):
    """The document CRL (certificates.revocation): the revoked certificates' PDF keys, named as
    each PDF certificate's CRL distribution point."""
    crl = revocation.document_crl()
    if crl is None:
        raise Http404
    response = HttpResponse(crl, content_type="application/pkix-crl")
    # Short: a reader that fetches it again soon sees a 撤销 within the hour (PDF readers keep
    # a CRL until its next update anyway).
    response["Cache-Control"] = "public, max-age=300"
    return response


def root_certificate_revocation_list(request):
    """The root's CRL (revoked issuing CAs: a compromised or retired key), named as the issuing
    CA certificate's CRL distribution point. Issued offline by the root, published as it is."""
    if not settings.CERTIFICATE_CRL_FILE:
        raise Http404
    try:
        with open(settings.CERTIFICATE_CRL_FILE, "rb") as crl:
            data = crl.read()
    except OSError as error:
        raise Http404 from error
    response = HttpResponse(data, content_type="application/pkix-crl")
    response["Cache-Control"] = "public, max-age=3600"
    return response
