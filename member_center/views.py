import time

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail import hooks

from portal.membercopies import kept_for_member
from portal.storage import private_file_response
from portal.workflow import WorkflowError

from . import activation, login_limits, services, workbench
from .account_photo import kept_elsewhere
from .account_photo import photo_url as account_photo_url
from .backends import PortalBackend
from .decorators import member_required
from .forms import (
    AccountInfoForm,
    ActivationForm,
    LoginForm,
    MemberSearchForm,
    PasswordChangeForm,
    PasswordResetForm,
    PhoneResetForm,
    PhoneResetStartForm,
    SetPasswordForm,
)
from .menu import menu_for, mine_for, services_for
from .models import CodeChannel, CodePurpose, User


class LoginView(auth_views.LoginView):
    template_name = "member_center/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        if form.pending_activation is not None:
            # Right initial password, account not activated: 验证身份 before any session login.
            start_activation(self.request, form.pending_activation, self.get_success_url())
            return redirect("member_center:activate")
        return super().form_valid(form)

    def form_invalid(self, form):
        if getattr(self.request, "login_refused", False):  # member_center.login_limits
            # A fresh form: no password was checked, so no 账号或密码错误 either.
            fresh = LoginForm(self.request, initial={"username": self.request.POST.get("username", "")})
            context = self.get_context_data(form=fresh, lockout_message=login_limits.REFUSED_MESSAGE)
            return self.render_to_response(context, status=429)
        return super().form_invalid(form)


def locked_out(request, response=None, credentials=None):
    """django-axes calls this after the fifth failure: the login page, with the reason."""
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    lockout = "登录失败次数过多，该账号已被锁定 15 分钟，请稍后再试；如忘记密码，可通过电子邮箱找回。"
    return render(request, "member_center/login.html", {"form": form, "lockout_message": lockout}, status=429)


logout = require_POST(auth_views.LogoutView.as_view())

# The first factor is remembered for 15 minutes: long enough to wait for an SMS, no longer.
PENDING_ACTIVATION_KEY = "member_center.pending_activation"
PENDING_SECONDS = 15 * 60


def start_activation(request, user, next_url: str) -> None:
    request.session.cycle_key()  # a new session id once the password was right
    request.session[PENDING_ACTIVATION_KEY] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "since": time.time(),
        "next": next_url,
    }


def fresh_session_step(request, key: str) -> dict | None:
    """What a step of a code flow put in the session, while it is under PENDING_SECONDS old."""
    data = request.session.get(key)
    return data if data and time.time() - data.get("since", 0) <= PENDING_SECONDS else None


def pending_activation(request):
    """The account waiting for its code in this session, or None (none, expired, reset since)."""
    data = fresh_session_step(request, PENDING_ACTIVATION_KEY)
    if data is None:
        return None
    user = User.objects.select_related("firm", "lawyer__firm").filter(pk=data["user"]).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), data["hash"]):
        return None
    if not PortalBackend().user_can_authenticate(user) or not activation.activation_required(user):
        return None
    return user


@never_cache
def activate(request):
    """验证身份: the second factor of a first login, or of a login after staff reset the password."""
    user = pending_activation(request)
    if user is None:
        request.session.pop(PENDING_ACTIVATION_KEY, None)
        messages.info(request, "请输入账号和初始密码登录；登录后须验证身份（验证已超过 15 分钟的，请重新登录）。")
        return redirect("member_center:login")
    form = ActivationForm(request.POST if "verify" in request.POST else None)
    send_error = ""
    if request.method == "POST" and "send" in request.POST:
        try:
            code = activation.send_code(request, user, CodePurpose.ACTIVATION, request.POST["send"])
        except activation.ActivationError as refused:
            send_error = refused.message
        else:
            messages.success(request, f"验证码已发送至 {code.sent_to}，{activation.CODE_MINUTES} 分钟内有效。")
            return redirect("member_center:activate")
    elif form.is_bound and form.is_valid():
        try:
            activation.activate(request, user, form.cleaned_data["code"])
        except activation.ActivationError as refused:
            form.add_error("code", refused.message)
        else:
            next_url = request.session[PENDING_ACTIVATION_KEY]["next"]
            auth_login(request, user, backend="member_center.backends.PortalBackend")
            messages.success(request, "账号已激活，请设置新的登录密码。")
            return redirect(next_url)  # the forced 修改密码 comes first (MemberMiddleware)
    context = {
        "form": form,
        "member": user.member,
        "channels": activation.channels_for(user.member),
        "send_error": send_error,
        "resend_seconds": activation.RESEND_SECONDS,
    }
    return render(request, "member_center/activate.html", context)


PHONE_RESET_KEY = "member_center.phone_reset"


@never_cache
def password_reset_phone(request):
    """FAQ 7 通过手机进行密码重置, step one: the account; a code goes to the roster's mobile.

    The answer is the same whether the number is unknown, has no mobile on the roster, or got a
    code: the page does not tell who is a member with which phone."""
    form = PhoneResetStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = activation.account_for_phone_reset(form.cleaned_data["username"])
        if user is not None:
            try:
                activation.send_code(request, user, CodePurpose.PASSWORD_RESET, CodeChannel.SMS)
            except activation.ActivationError as refused:
                form.add_error("username", refused.message)
        if not form.errors:
            request.session[PHONE_RESET_KEY] = {"user": user.pk if user else None, "since": time.time()}
            return redirect("member_center:password_reset_phone_confirm")
    return render(request, "member_center/password_reset_phone.html", {"form": form})


@never_cache
def password_reset_phone_confirm(request):
    """Step two: the code, 新密码 and 确认密码."""
    data = fresh_session_step(request, PHONE_RESET_KEY)
    if data is None:
        messages.info(request, "请先输入账号获取短信验证码。")
        return redirect("member_center:password_reset_phone")
    user = User.objects.select_related("firm", "lawyer").filter(pk=data["user"]).first() if data["user"] else None
    form = PhoneResetForm(user or User(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if user is None:
                raise activation.ActivationError("验证码不正确，请核对短信，或重新获取验证码。")
            activation.reset_password_by_code(
                request, user, form.cleaned_data["code"], form.cleaned_data["new_password1"]
            )
        except activation.ActivationError as refused:
            form.add_error("code", refused.message)
        else:
            request.session.pop(PHONE_RESET_KEY, None)
            reset_lockout(user)
            messages.success(request, "密码已重置，请使用新密码登录。")
            return redirect("member_center:login")
    return render(request, "member_center/password_reset_phone_confirm.html", {"form": form})


def reset_lockout(user) -> None:
    """A member who proved who they are may log in at once, even after five wrong passwords."""
    from axes.utils import reset

    reset(username=user.member.login_name if user.member else user.username)


@never_cache
@member_required
def password_change(request):
    forced = request.user.must_change_password
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码修改成功。")
        return redirect("member_center:dashboard")
    return render(request, "member_center/password_change.html", {"form": form, "forced": forced})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "member_center/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "member_center/email/password_reset.txt"
    subject_template_name = "member_center/email/password_reset_subject.txt"
    success_url = reverse_lazy("member_center:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "member_center/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "member_center/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("member_center:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "member_center/password_reset_complete.html"


@kept_for_member
@member_required
def dashboard(request):
    """Manual 002 §1.3's home page: the areas the apps fill through the workbench hooks
    (member_center/workbench.py); the apps add the rest through the hook
    `construct_member_dashboard_context`, functions taking (request, context) that add to the
    context (notices adds `notices`, home `work_items`)."""
    context = {
        "search_form": MemberSearchForm(),
        "todos": workbench.todos_for(request),
        "shortcuts": workbench.shortcuts_for(request),
        "status_groups": workbench.status_for(request),
        "photo_url": account_photo_url(request.user),
    }
    for fn in hooks.get_hooks("construct_member_dashboard_context"):
        fn(request, context)
    return render(request, "member_center/dashboard.html", context)


@member_required
def search(request):
    """查询工具区's results: only what the registered searches find among the member's own things."""
    form = MemberSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = workbench.search(request, query) if query else []
    return render(request, "member_center/search.html", {"form": form, "query": query, "groups": groups})


@kept_for_member
@member_required
def services_page(request):
    """The phone's 服务 tab: every service this member may use, from the registered menu entries."""
    return render(request, "member_center/services.html", {"service_groups": services_for(request_menu(request))})


@kept_for_member
@member_required
def mine(request):
    """The phone's 我的 tab: the account's entries and 退出登录."""
    return render(request, "member_center/mine.html", {"mine_items": mine_for(request_menu(request))})


def request_menu(request) -> list[dict]:
    return menu_for(request.member, request.path_info, request)


@member_required
def account_info(request):
    user = request.user
    form = AccountInfoForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_account_info(user, form.cleaned_data, photo=form.cleaned_data["photo_upload"])
        except WorkflowError as refused:  # where the photo is kept, it cannot change now (审核中)
            form.add_error("photo_upload", str(refused))
        else:
            messages.success(request, "账户信息已保存。")
            return redirect("member_center:account_info")
    kept = kept_elsewhere(user)
    context = {"form": form, "photo_url": account_photo_url(user, kept), "photo_note": kept.note if kept else ""}
    return render(request, "member_center/account_info.html", context)


@member_required
def account_photo(request):
    """The member's own photo; private storage, so only this view ever serves it."""
    return private_file_response(request.user.photo, "image/jpeg", cache_control="private, max-age=300")
