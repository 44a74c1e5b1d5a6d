"""基本信息 (manual 002 §3.2.1): the six-step wizard 执业信息 → 设置照片 → 基本信息 → 执业情况 →
联系方式 → 确认信息; the photo itself; 更改照片 after approval (§3.4).

Each step saves through services as the lawyer moves on, so leaving half-way keeps a draft.
上一步 keeps what was typed: saved when valid, otherwise held in the session (raw, errors and
all) until the lawyer comes back to that step and gets it past validation."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from portal.storage import private_file_response

from .. import rendering, services
from ..decorators import profile_required
from ..forms.basic import MISSING_MESSAGE, ConfirmForm, PhotoForm
from ..forms.profile import profile_form
from ..models import ProfileState
from ..steps import BASIC_STEPS, STEPS_BY_KEY, BasicStep

DRAFTS_SESSION_KEY = "profiles_basic_drafts"
UNDER_REVIEW_MESSAGE = "您的材料已经提交审核，目前正在审核中！如需修改请点击“撤回信息补全申请”按钮后，再进行补全。"
APPROVED_MESSAGE = "您的信息已审核通过，基本信息的修改请通过“信息变更”进行。"
CHANGE_PHOTO_REFUSED = "信息补全审核通过后，才能更改照片；补全期间请在“基本信息”的“设置照片”中上传。"
CONFIRMED_MESSAGE = "基本信息已确认补全。请在“信息补全”中补全其他信息后，点击“正式提交审核”。"
RECONFIRMED_MESSAGE = "基本信息已重新确认补全。请点击“正式提交审核”，重新提交审核。"
NEXT, PREVIOUS, UPLOAD = "next", "prev", "upload"


# --- navigation -----------------------------------------------------------------------------------


def step_bar(current: BasicStep, profile) -> list[dict]:
    """补全个人信息: the six steps with their number, label and hint, each done or not by what is
    saved (services.step_completed), so a rejected profile shows every filled step as done."""

    def state(step):
        if step == current:
            return "current"
        return "done" if services.step_completed(profile, step) else "todo"

    return [
        {
            "number": position + 1,
            "label": step.label,
            "hint": step.hint,
            "url": reverse("profiles:basic_step", args=[step.key]),
            "state": state(step),
        }
        for position, step in enumerate(BASIC_STEPS)
    ]


def _neighbour(step: BasicStep, offset: int) -> BasicStep | None:
    position = BASIC_STEPS.index(step) + offset
    return BASIC_STEPS[position] if 0 <= position < len(BASIC_STEPS) else None


def _go(step: BasicStep, direction: str):
    target = _neighbour(step, -1 if direction == PREVIOUS else 1) or step
    return redirect("profiles:basic_step", step=target.key)


def _direction(request) -> str:
    direction = request.POST.get("direction")
    return direction if direction in (NEXT, PREVIOUS, UPLOAD) else NEXT


def _refusal_outside_completion(request):
    """The wizard is for completion (填写中 / 已驳回). Under review it waits for 撤回; after
    approval 基本信息 changes through 信息变更."""
    profile = request.profile
    if services.in_completion(profile):
        return None
    if services.in_change(profile):
        messages.info(request, APPROVED_MESSAGE)
        return redirect("profiles:change")
    messages.warning(request, UNDER_REVIEW_MESSAGE)
    return redirect("profiles:completion")


def _render(request, step: BasicStep, context: dict, status: int = 200):
    context = {
        "profile": request.profile,
        "step": step,
        "step_bar": step_bar(step, request.profile),
        "rejected": request.profile.state == ProfileState.REJECTED,
        "previous_step": _neighbour(step, -1),
        **context,
    }
    return render(request, f"profiles/basic/{step.key}.html", context, status=status)


def _service_refused(request, error: services.ProfileError):
    messages.error(request, str(error))
    return redirect("profiles:completion")


# --- drafts of invalid input (上一步) -------------------------------------------------------------


def _draft(request, step: BasicStep) -> QueryDict | None:
    stored = request.session.get(DRAFTS_SESSION_KEY, {}).get(step.key)
    if stored is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in stored.items():
        data.setlist(name, values)
    return data


def _keep_draft(request, step: BasicStep) -> None:
    drafts = dict(request.session.get(DRAFTS_SESSION_KEY, {}))
    drafts[step.key] = {name: request.POST.getlist(name) for name in step.fields}
    request.session[DRAFTS_SESSION_KEY] = drafts


def _forget_draft(request, step: BasicStep) -> None:
    drafts = request.session.get(DRAFTS_SESSION_KEY, {})
    if step.key in drafts:
        request.session[DRAFTS_SESSION_KEY] = {key: value for key, value in drafts.items() if key != step.key}


# --- the wizard -----------------------------------------------------------------------------------


@profile_required
def start(request):
    refusal = _refusal_outside_completion(request)
    return refusal or redirect("profiles:basic_step", step=services.first_open_step(request.profile).key)


@profile_required
def step(request, step):
    current = STEPS_BY_KEY.get(step)
    if current is None:
        raise Http404("没有这一步。")
    refusal = _refusal_outside_completion(request)
    if refusal:
        return refusal
    handler = {"practice": _practice_step, "photo": _photo_step, "confirm": _confirm_step}.get(current.key)
    return (handler or _fields_step)(request, current)


def _practice_step(request, step: BasicStep):
    """1 执业信息: the roster's data, read-only; errors go to the association, not into a form."""
    if request.method == "POST":
        return _go(step, NEXT)
    return _render(request, step, {"roster_rows": rendering.roster_rows(request.profile)})


def _photo_step(request, step: BasicStep):
    """2 设置照片: 上传照片 stays on the step; 下一步 needs a stored photo."""
    profile = request.profile
    if request.method != "POST":
        return _render(request, step, {"form": PhotoForm(), "photo_url": rendering.photo_url(profile)})
    direction = _direction(request)
    form = PhotoForm(request.POST, request.FILES, require_photo=direction == UPLOAD)
    if form.is_valid():
        if form.cleaned_data["photo"]:
            try:
                services.set_photo(profile, form.cleaned_data["photo"], by=request.user)
            except services.ProfileError as error:
                return _service_refused(request, error)
            profile.refresh_from_db()
            if direction == UPLOAD:
                messages.success(request, "照片上传成功。")
                return redirect("profiles:basic_step", step=step.key)
        if direction == PREVIOUS or profile.photo:
            return _go(step, direction)
        form.add_error("photo", MISSING_MESSAGE)
    elif direction == PREVIOUS:
        # A refused file cannot be put back into the file input; say so and go back all the same.
        messages.warning(request, "照片未保存：" + "；".join(form.errors["photo"]))
        return _go(step, PREVIOUS)
    return _render(request, step, {"form": form, "photo_url": rendering.photo_url(profile)})


def _fields_step(request, step: BasicStep):
    """3 基本信息, 4 执业情况, 5 联系方式: a form over the step's Profile fields."""
    profile = request.profile
    form_class = profile_form(step.fields, step.required)
    if request.method == "POST":
        direction = _direction(request)
        form = form_class(request.POST, instance=profile)
        if form.is_valid():
            try:
                services.save_basic(profile, form.cleaned_data, by=request.user, fields=step.fields)
            except services.ProfileError as error:
                return _service_refused(request, error)
            _forget_draft(request, step)
            return _go(step, direction)
        _keep_draft(request, step)
        if direction == PREVIOUS:
            return _go(step, PREVIOUS)
    else:
        draft = _draft(request, step)
        form = form_class(draft, instance=profile) if draft is not None else form_class(instance=profile)
    context = {"form": form}
    if step.key == "basic":
        context["education_label"] = profile.highest_education or rendering.EDUCATION_PENDING
        context["degree_label"] = profile.highest_degree or rendering.EDUCATION_PENDING
    return _render(request, step, context)


def _confirm_step(request, step: BasicStep):
    """6 确认信息: the 登记表, the checkbox, then 确认补全 (not yet a submission for review)."""
    profile = request.profile
    error = missing_step = None
    form = ConfirmForm()
    if request.method == "POST":
        if _direction(request) == PREVIOUS:
            return _go(step, PREVIOUS)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.confirm_basic(profile, by=request.user)
            except services.ProfileError as refused:
                error = str(refused)
                missing = services.missing_basic_fields(profile)
                missing_step = missing[0][0] if missing else None
            else:
                rejected = profile.state == ProfileState.REJECTED
                messages.success(request, RECONFIRMED_MESSAGE if rejected else CONFIRMED_MESSAGE)
                return redirect("profiles:completion")
    loaded = rendering.loaded_profile(profile)
    return _render(
        request,
        step,
        {
            "form": form,
            "error": error,
            "missing_step": missing_step,
            "register": rendering.register_table(loaded),
            "photo_src": rendering.photo_url(loaded),
        },
    )


# --- the photo ------------------------------------------------------------------------------------


@profile_required
def photo(request):
    """The lawyer's own ID photo from private storage; the URL names no one, so it is always theirs."""
    return private_file_response(request.profile.photo, "image/jpeg")


@profile_required
def photo_change(request):
    """更改照片 (manual §3.4): after approval only; services.set_photo writes it to 近期变更."""
    profile = request.profile
    if not services.in_change(profile):
        messages.info(request, CHANGE_PHOTO_REFUSED)
        return redirect("profiles:completion")
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES, require_photo=True)
        if form.is_valid():
            try:
                services.set_photo(profile, form.cleaned_data["photo"], by=request.user)
            except services.ProfileError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "照片已更换。")
            return redirect("profiles:photo_change")
    else:
        form = PhotoForm()
    return render(
        request,
        "profiles/photo_change.html",
        {"profile": profile, "form": form, "photo_url": rendering.photo_url(profile)},
    )
