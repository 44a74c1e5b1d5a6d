from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail import hooks

from portal.storage import private_file_response
from portal.workflow import WorkflowError

from . import login_limits, services, workbench
from .account_photo import kept_elsewhere
from .account_photo import photo_url as account_photo_url
from .decorators import member_required
from .forms import (
    AccountInfoForm,
    LoginForm,
    MemberSearchForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from .menu import menu_for, mine_for, services_for


class LoginView(auth_views.LoginView):
    template_name = "member_center/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

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


@member_required
def services_page(request):
    """The phone's 服务 tab: every service this member may use, from the registered menu entries."""
    return render(request, "member_center/services.html", {"service_groups": services_for(request_menu(request))})


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
