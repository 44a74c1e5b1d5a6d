"""Forms over the Profile's basic fields, shared by the wizard's steps 3–5 and by 修改基本信息
(manual §3.3.1): one place for each field's widget, format check and message."""

import datetime
import re

from django import forms
from django.utils import timezone

from member_center.forms import (
    EMAIL_MESSAGE,
    MOBILE_MESSAGE,
    MOBILE_RE,
    POSTCODE_MESSAGE,
    POSTCODE_RE,
    use_portal_messages,
)
from portal.dates import limit_date

from .. import choices as c
from ..models import Profile

PHONE_RE = re.compile(r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9})$")
QQ_RE = re.compile(r"^[1-9]\d{4,11}$")
WECHAT_RE = re.compile(r"^[A-Za-z][-_A-Za-z0-9]{5,19}$|^1[3-9]\d{9}$")
ID_CARD_RE = re.compile(r"^\d{17}[\dXx]$")

DATE_FORMAT_MESSAGE = "日期格式为 yyyy-MM-dd，如：2016-01-01。"
DATE_PLACEHOLDER = "格式 yyyy-MM-dd"  # manual §3.2.2.1
PHONE_MESSAGE = "请输入正确的电话号码，例如 020-38880000 或 13800138000。"

PLACEHOLDERS = {
    "former_name": "请填写全称",
    "hukou_address": "请填写户口地址",
    "party_organisation": "请填写所在党组织的名称",
    "social_security_no": "社保卡号",
    "address": "请输入联系地址",
    "phone": "请输入工作电话",
    "email": "请输入常用的电子邮箱",
    "fax": "请输入传真",
    "emergency_contact": "紧急情况下的联络人",
    "emergency_phone": "请输入紧急联系人电话",
    "website": "请输入网站信息",
    "work_languages": "如：普通话、粤语、英语",
}


def localise_field(field: forms.Field) -> None:
    """What every profile form does to a field, as the manual's forms show it: dates typed as
    yyyy-MM-dd, 请选择 for an empty choice, and 请填写… / 请选择… when a required one is empty."""
    if isinstance(field, forms.DateField):
        field.widget = forms.DateInput(attrs={"type": "date", "placeholder": DATE_PLACEHOLDER}, format="%Y-%m-%d")
        field.error_messages["invalid"] = DATE_FORMAT_MESSAGE
        limit_date(field)
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        # "---------" means nothing to a member; the manual's selects say 请选择.
        field.choices = [("", "请选择") if value == "" else (value, label) for value, label in field.choices]
    use_portal_messages(field)
    verb = "选择" if isinstance(field, forms.ChoiceField) else "填写"
    field.error_messages["required"] = f"请{verb}{field.label}。"


class ProfileFieldsForm(forms.ModelForm):
    """A form over some of the Profile's fields; subclasses (or `profile_form`) set Meta.fields and
    REQUIRED. Every field is optional in the model (drafts), so what is required is set here."""

    REQUIRED: tuple[str, ...] = ()

    political_status = forms.MultipleChoiceField(
        label="政治面貌",
        choices=c.as_choices(c.POLITICAL_STATUSES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="可多选（适用于双重党籍人员）。",
    )
    practice_areas = forms.MultipleChoiceField(
        label="执业范围",
        choices=c.as_choices(c.PRACTICE_AREAS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=f"最多可选择{c.MAX_PRACTICE_AREAS}项执业范围。",
    )
    # Declared so the model's URLField never builds its own form field: that one warns
    # (RemovedInDjango60Warning) about its default scheme, an error under the test settings.
    website = forms.URLField(label="个人网站", required=False, max_length=200, assume_scheme="https")
    # Kept on the lawyer's account (Profile.ACCOUNT_FIELDS), so declared here, filled from it below.
    mobile = forms.CharField(label="手机号码", required=False, max_length=11)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254)

    class Meta:
        model = Profile
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.declared_fields if n not in self._meta.fields]:
            del self.fields[name]  # a declared field belongs only to the forms that list it
        for name in self.fields.keys() & self.instance.ACCOUNT_FIELDS.keys():
            self.initial.setdefault(name, getattr(self.instance, name))
        for name, field in self.fields.items():
            field.required = name in self.REQUIRED
            localise_field(field)
            if name in PLACEHOLDERS:
                field.widget.attrs.setdefault("placeholder", PLACEHOLDERS[name])
        if "email" in self.fields:
            self.fields["email"].error_messages["invalid"] = EMAIL_MESSAGE
        # Too long is the same mistake as a wrong format: one message for both.
        for name, message in (("mobile", MOBILE_MESSAGE), ("postcode", POSTCODE_MESSAGE)):
            if name in self.fields:
                self.fields[name].error_messages["max_length"] = message
        if "website" in self.fields:
            self.fields["website"].error_messages["invalid"] = "请输入正确的网址，例如 https://www.example.cn。"

    # --- formats (manual §3.2.1.5: 请注意手机号码，联系电话，电子邮箱，个人网站的格式) ---

    def _match(self, name, pattern, message):
        value = (self.cleaned_data.get(name) or "").strip()
        if value and not pattern.match(value):
            raise forms.ValidationError(message)
        return value

    def clean_mobile(self):
        return self._match("mobile", MOBILE_RE, MOBILE_MESSAGE)

    def clean_postcode(self):
        return self._match("postcode", POSTCODE_RE, POSTCODE_MESSAGE)

    def clean_phone(self):
        return self._match("phone", PHONE_RE, PHONE_MESSAGE)

    def clean_fax(self):
        return self._match("fax", PHONE_RE, "请输入正确的传真号码，例如 020-38880001。")

    def clean_emergency_phone(self):
        return self._match("emergency_phone", PHONE_RE, PHONE_MESSAGE)

    def clean_qq(self):
        return self._match("qq", QQ_RE, "QQ号码为 5 至 12 位数字。")

    def clean_wechat(self):
        return self._match(
            "wechat", WECHAT_RE, "微信号码为 6 至 20 位字母、数字、下划线或减号，以字母开头；或为手机号码。"
        )

    def clean_id_document_no(self):
        value = (self.cleaned_data.get("id_document_no") or "").strip().upper()
        is_id_card = self.cleaned_data.get("id_type", c.IdType.ID_CARD) == c.IdType.ID_CARD
        if value and is_id_card and not ID_CARD_RE.match(value):
            raise forms.ValidationError("身份证号码为 18 位，最后一位可以是数字或 X。")
        return value

    def clean_practice_areas(self):
        areas = self.cleaned_data.get("practice_areas") or []
        if len(areas) > c.MAX_PRACTICE_AREAS:
            raise forms.ValidationError(f"最多可选择{c.MAX_PRACTICE_AREAS}项执业范围，您选择了{len(areas)}项。")
        return areas

    def _past_date(self, name):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise forms.ValidationError(f"{self.fields[name].label}不能晚于今天。")
        if value and value < datetime.date(1900, 1, 1):
            raise forms.ValidationError(DATE_FORMAT_MESSAGE)
        return value

    def clean_birth_date(self):
        return self._past_date("birth_date")

    def clean_work_started_on(self):
        return self._past_date("work_started_on")

    def clean_joined_firm_on(self):
        return self._past_date("joined_firm_on")

    def clean_first_practised_on(self):
        return self._past_date("first_practised_on")

    def clean_qualified_on(self):
        return self._past_date("qualified_on")

    def clean_title_obtained_on(self):
        return self._past_date("title_obtained_on")

    def clean(self):
        data = super().clean()
        birth = data.get("birth_date") or (self.instance.birth_date if "birth_date" not in self.fields else None)
        for name in ("work_started_on", "first_practised_on", "qualified_on"):
            value = data.get(name)
            if birth and value and value < birth and name in self.fields:
                self.add_error(name, f"{self.fields[name].label}不能早于出生日期。")
        statuses = data.get("political_status") or []
        is_member = any(s in ("中共党员", "中共预备党员") for s in statuses)
        if "party_organisation" in self.fields and is_member and not data.get("party_organisation"):
            self.add_error("party_organisation", "中共党员请填写所在党组织的名称。")
        has_title = data.get("title") not in (None, "", c.LawyerTitle.NONE)
        if "title_obtained_on" in self.fields and has_title and not data.get("title_obtained_on"):
            self.add_error("title_obtained_on", "请填写律师职称的获得时间。")
        return data


def profile_form(fields, required=()) -> type[ProfileFieldsForm]:
    """A ProfileFieldsForm over `fields`, with `required` required (a wizard step, 修改基本信息)."""
    meta = type("Meta", (ProfileFieldsForm.Meta,), {"fields": list(fields)})
    return type("ProfileStepForm", (ProfileFieldsForm,), {"Meta": meta, "REQUIRED": tuple(required)})
