import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.urls import reverse

from portal.site_url import site_url
from portal.tasks import enqueue_on_commit
from portal.uploads.photos import ID_PHOTO_FORMAT_MESSAGE, checked_id_photo

from . import workbench
from .models import User

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
POSTCODE_RE = re.compile(r"^\d{6}$")
EMAIL_MESSAGE = "请填写正确的电子邮箱地址，例如 name@example.cn。"
MOBILE_MESSAGE = "请输入 11 位手机号码，例如 13800138000。"
POSTCODE_MESSAGE = "邮政编码为 6 位数字。"


def use_portal_messages(field: forms.Field) -> None:
    """Django's default messages ("输入一个有效的 Email 地址。", "确保该值不超过 …") in the
    portal's own wording, for the members' forms (账户信息, the profile forms)."""
    label = field.label or ""
    if isinstance(field, forms.EmailField):
        field.error_messages["invalid"] = EMAIL_MESSAGE
    if getattr(field, "max_length", None):
        field.error_messages["max_length"] = f"{label}最多 {field.max_length} 个字。"
    if isinstance(field, forms.ChoiceField):
        field.error_messages["invalid_choice"] = f"请从列表中选择{label}。"
    if isinstance(field, forms.MultipleChoiceField):
        field.error_messages["invalid_list"] = f"请从列表中选择{label}。"


class LoginForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label="账号",
        help_text="律师执业证号、律所执业许可证号或会员编号",
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "placeholder": "执业证号或会员编号"}
        ),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "placeholder": "密码"}),
    )
    error_messages = {
        "invalid_login": "账号或密码错误，请重新输入。连续输错 5 次，账号将被锁定 15 分钟。",
        "inactive": "该账号已停用，请联系律师协会。",
    }

    # The account whose (right) initial password was typed, still to be activated (backends).
    pending_activation = None

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            self.pending_activation = getattr(self.request, "pending_activation", None)
            if self.pending_activation is None:
                raise
            return self.cleaned_data


class ActivationForm(forms.Form):
    """验证身份: the code sent by SMS or e-mail, or the activation code of a letter."""

    code = forms.CharField(
        label="验证码或激活码",
        max_length=20,
        help_text="短信或邮件中的 6 位数字验证码，或律师协会激活函上的 12 位激活码。",
        error_messages={"required": "请输入验证码或激活码。", "max_length": "验证码或激活码最多 20 个字符。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )


class PhoneResetStartForm(forms.Form):
    """FAQ 7, 通过手机进行密码重置: the account first, the code goes to the roster's mobile."""

    username = forms.CharField(
        label="账号",
        max_length=30,
        help_text="律师执业证号、律所执业许可证号或会员编号",
        error_messages={"required": "请输入账号。", "max_length": "账号最多 30 个字符。"},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class NewPasswordErrorsMixin:
    """Django files the password validators' complaints (too short, all digits …) under 确认密码;
    they are about 新密码, so that is where the member reads them."""

    def refuse_initial_password(self, password):
        """The roster's initial password is public: never a new password."""
        member = self.user.member
        if password and member is not None and password == member.initial_password():
            raise forms.ValidationError("新密码不能与初始密码相同。")
        return password

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class PasswordChangeForm(NewPasswordErrorsMixin, auth_forms.PasswordChangeForm):
    """Manual 002 §2.1.1: 旧密码, 新密码, 确认密码."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "旧密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "旧密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = "至少 8 位，不能全为数字，不能与账号信息过于相似。"
        self.fields["new_password2"].label = "确认密码"
        self.fields["new_password2"].help_text = ""

    def clean_new_password1(self):
        password = self.refuse_initial_password(self.cleaned_data.get("new_password1"))
        if password and password == self.cleaned_data.get("old_password"):
            raise forms.ValidationError("新密码不能与旧密码相同。")
        return password

    def save(self, commit=True):
        from . import services

        services.change_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class SetPasswordForm(NewPasswordErrorsMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "确认密码"

    def save(self, commit=True):
        from . import services

        services.change_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(label="电子邮箱", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # The mail leaves through a job (retried on failure), not inside the request.
        from django.template import loader

        # The link on the portal's own address (PORTAL_BASE_URL), never the request's Host header,
        # which whoever asks for the reset chooses (a forged Host would send the token to them).
        path = reverse(
            "member_center:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        context = {**context, "reset_url": f"{site_url()}{path}"}
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        enqueue_on_commit("member_center.tasks.send_account_mail", to_email, subject, body)


class AccountInfoForm(forms.ModelForm):
    """Manual 002 §2.1.2 账户信息: name and login are shown, the rest is editable. 个人照片 follows
    the one photo rule, the ID photo's (checked_id_photo; the page offers the crop tool)."""

    photo_upload = forms.FileField(
        label="个人照片",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,.jpg,.jpeg"}),
        error_messages={"empty": ID_PHOTO_FORMAT_MESSAGE, "invalid": ID_PHOTO_FORMAT_MESSAGE},
    )

    class Meta:
        model = User
        fields = ["email", "postcode", "mobile", "bio", "notify_by_email"]
        labels = {"email": "个人邮箱", "postcode": "邮政编码", "mobile": "手机号码", "bio": "个人简介"}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            use_portal_messages(field)
        # Too long is the same mistake as a wrong format: one message for both.
        self.fields["mobile"].error_messages["max_length"] = MOBILE_MESSAGE
        self.fields["postcode"].error_messages["max_length"] = POSTCODE_MESSAGE

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"].strip()
        if mobile and not MOBILE_RE.match(mobile):
            raise forms.ValidationError(MOBILE_MESSAGE)
        return mobile

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not POSTCODE_RE.match(postcode):
            raise forms.ValidationError(POSTCODE_MESSAGE)
        return postcode

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        return checked_id_photo(upload) if upload else None


class MemberSearchForm(forms.Form):
    """查询工具区: one box searching only the member's own things (workbench.search)."""

    q = forms.CharField(
        label="查询",
        required=False,
        max_length=workbench.SEARCH_MAX_LENGTH,
        error_messages={"max_length": f"查询内容不能超过 {workbench.SEARCH_MAX_LENGTH} 个字。"},
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "证明编号、证明类型、消息标题…"}),
    )


class PhoneResetForm(NewPasswordErrorsMixin, auth_forms.SetPasswordForm):
    """The code sent to the roster's mobile, then 新密码 and 确认密码."""

    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        error_messages={"required": "请输入短信验证码。", "max_length": "验证码为 6 位数字。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    field_order = ["code", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = "至少 8 位，不能全为数字，不能与账号信息过于相似。"
        self.fields["new_password2"].label = "确认密码"
        self.fields["new_password2"].help_text = ""
        self.error_messages = {**self.error_messages, "password_mismatch": "两次输入的新密码不一致。"}

    def clean_new_password1(self):
        return self.refuse_initial_password(self.cleaned_data.get("new_password1"))
