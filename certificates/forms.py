import re

from django import forms
from django.utils import timezone

from member_center.models import FirmRole, Gender, Lawyer, PracticeType
from portal.dates import plausible_dates

from .models import RESULT_FILTERS, STATUS_FILTERS, CertificateType, LawyerScope, PaperDelivery
from .services import eligible_lawyers, in_pinyin_order

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
REQUIRED = "请填写此项。"


class ConfirmInfoForm(forms.Form):
    """Step 1, 信息确认: nothing to type; the member confirms what the roster says."""


class ChooseTypeForm(forms.Form):
    """Step 2, 选择证明."""

    certificate_type = forms.ModelChoiceField(
        label="证明类型",
        queryset=CertificateType.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择需要申请的电子证明类型。",
            "invalid_choice": "该证明类型当前不可申请，请重新选择。",
        },
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        types = CertificateType.objects.filter(active=True)
        allowed = [t.pk for t in types if t.is_for(member)]
        self.fields["certificate_type"].queryset = CertificateType.objects.filter(pk__in=allowed)


def offer_in_pinyin_order(field: forms.ModelChoiceField, queryset) -> None:
    """The field's choices sorted by pinyin (the database sorts by code point); the queryset
    still validates what is posted."""
    field.queryset = queryset
    iterator = field.iterator(field)
    field.choices = ([("", field.empty_label)] if field.empty_label is not None else []) + [
        iterator.choice(lawyer) for lawyer in in_pinyin_order(queryset)
    ]


class ApplicationDetailsForm(forms.Form):
    """Step 3, 填写信息 (manual 001 §2.1.1.3). Required fields carry the red star."""

    lawyers = forms.ModelMultipleChoiceField(
        label="选择律师",
        queryset=Lawyer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选律师不在本所名单中，请重新选择。", "invalid_pk_value": "所选律师无效。"},
    )
    lawyer = forms.ModelChoiceField(
        label="选择律师",
        queryset=Lawyer.objects.none(),
        empty_label="请选择律师",
        help_text="代本所一名执业律师申请，证明以该律师的名义出具。",
        error_messages={
            "required": "请选择律师。",
            "invalid_choice": "所选律师不在本所执业律师名单中，请重新选择。",
        },
    )
    start_date = forms.DateField(
        label="起始时间",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请选择起始时间。", "invalid": "请输入有效日期，格式如 2022-10-06。"},
    )
    email = forms.EmailField(
        label="联系邮箱",
        help_text="审核通过后，可将电子证明发送到该邮箱。",
        error_messages={"required": "请填写联系邮箱。", "invalid": "请输入有效的邮箱地址，例如 name@example.com。"},
    )
    paper_needed = forms.TypedChoiceField(
        label="纸质证明",
        choices=[("0", "不需要"), ("1", "需要")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
        error_messages={"required": "请选择是否需要纸质证明。", "invalid_choice": "请选择是否需要纸质证明。"},
    )
    paper_copies = forms.IntegerField(
        label="申请数量", required=False, min_value=1, max_value=10,
        error_messages={"min_value": "申请数量至少为 1 份。", "max_value": "申请数量最多 10 份。", "invalid": "请输入数字。"},
    )  # fmt: skip
    paper_delivery = forms.ChoiceField(
        label="领取方式",
        required=False,
        choices=PaperDelivery.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "请选择自取或邮寄。"},
    )
    recipient_name = forms.CharField(
        label="收件人", required=False, max_length=50, error_messages={"max_length": "收件人不能超过 50 个字。"}
    )
    recipient_phone = forms.CharField(
        label="收件电话", required=False, max_length=30, error_messages={"max_length": "收件电话不能超过 30 个字符。"}
    )
    recipient_address = forms.CharField(
        label="收件地址", required=False, max_length=200, error_messages={"max_length": "收件地址不能超过 200 个字。"}
    )
    remarks = forms.CharField(
        label="备注说明", required=False, max_length=100, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 100}),
        error_messages={"max_length": "备注说明不能超过 100 个字（当前 %(show_value)d 个）。"},
    )  # fmt: skip

    def __init__(self, *args, member, certificate_type: CertificateType, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.certificate_type = certificate_type
        lawyers = self.fields["lawyers"]
        if certificate_type.is_on_behalf(member):
            offer_in_pinyin_order(self.fields["lawyer"], eligible_lawyers(member, certificate_type))
        else:
            del self.fields["lawyer"]
        if certificate_type.needs_lawyer_choice:
            offer_in_pinyin_order(lawyers, eligible_lawyers(member, certificate_type))
            lawyers.required = True
            lawyers.error_messages["required"] = "请选择律师。"
            if certificate_type.lawyer_scope == LawyerScope.CANCELLED:
                lawyers.label = "选择已注销律师"
        else:
            del self.fields["lawyers"]
        for name in ("paper_copies", "paper_delivery", "recipient_name", "recipient_phone", "recipient_address"):
            self.fields[name].conditionally_required = True
        plausible_dates(self)  # 起始时间 not before 1900; not after today: clean_start_date

    def clean_start_date(self):
        # The range (portal.dates, from __init__) refuses 0001-01-01 before this runs.
        value = self.cleaned_data["start_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("起始时间不能晚于今天。")
        return value

    def clean_lawyers(self):
        lawyers = self.cleaned_data.get("lawyers")
        if self.certificate_type.lawyer_scope == LawyerScope.CANCELLED and lawyers is not None and len(lawyers) != 1:
            raise forms.ValidationError("代已注销律师申请时，请只选择一名已注销的律师。")
        return lawyers

    def clean(self):
        data = super().clean()
        if data.get("lawyer"):
            # One chosen lawyer, passed on as the others' choices are.
            data["lawyers"] = [data["lawyer"]]
        if data.get("paper_needed"):
            if not data.get("paper_copies") and "paper_copies" not in self.errors:
                self.add_error("paper_copies", "请填写申请数量。")
            if not data.get("paper_delivery"):
                self.add_error("paper_delivery", "请选择领取方式。")
            if data.get("paper_delivery") == PaperDelivery.MAIL:
                for name, message in (
                    ("recipient_name", "请填写收件人。"),
                    ("recipient_phone", "请填写收件电话。"),
                    ("recipient_address", "请填写收件地址。"),
                ):
                    if not data.get(name):
                        self.add_error(name, message)
                phone = data.get("recipient_phone")
                if phone and not PHONE_RE.match(phone):
                    self.add_error(
                        "recipient_phone", "请输入有效的手机号码或固定电话，例如 13800138000 或 020-83550600。"
                    )
        return data


class PreviewForm(forms.Form):
    """Step 4, 证明预览: the member only confirms."""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写理由。", "max_length": "理由不能超过 300 个字。"},
    )


class ApplicationFilterForm(forms.Form):
    """我的证明: 证明类型 (those the member has applied for), 申请状态, 申请时间 range and order."""

    NEWEST, OLDEST = "newest", "oldest"

    certificate_type = forms.ModelChoiceField(
        label="证明类型",
        queryset=CertificateType.objects.none(),
        required=False,
        empty_label="全部",
        error_messages={"invalid_choice": "请选择列表中的证明类型。"},
    )
    status = forms.ChoiceField(
        label="申请状态",
        required=False,
        choices=[("", "全部"), *STATUS_FILTERS.items()],
        error_messages={"invalid_choice": "请选择列表中的申请状态。"},
    )
    result = forms.ChoiceField(
        label="审核结果",
        required=False,
        choices=[("", "全部"), *RESULT_FILTERS.items()],
        error_messages={"invalid_choice": "请选择列表中的审核结果。"},
    )
    date_from = forms.DateField(
        label="开始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "aria-label": "申请时间：开始日期"}),
        error_messages={"invalid": "请输入有效日期，格式如 2022-10-06。"},
    )
    date_to = forms.DateField(
        label="结束日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "aria-label": "申请时间：结束日期"}),
        error_messages={"invalid": "请输入有效日期，格式如 2022-10-06。"},
    )
    order = forms.ChoiceField(
        required=False, choices=[(NEWEST, "申请时间从新到旧"), (OLDEST, "申请时间从旧到新")], widget=forms.HiddenInput
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        plausible_dates(self)
        # Only the types this member has applied for: the others would always list nothing.
        self.fields["certificate_type"].queryset = CertificateType.objects.filter(
            pk__in=applications.values("certificate_type")
        )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data


class EmailForm(forms.Form):
    """发送邮箱: the address to send the certificate to (the application's, or another)."""

    to = forms.EmailField(
        label="收件邮箱",
        max_length=254,
        error_messages={"required": "请填写收件邮箱。", "invalid": "请输入有效的邮箱地址，例如 name@example.com。"},
    )


class LawyerAdditionForm(forms.Form):
    """新增律师: a firm reports one of its lawyers missing from the list."""

    name = forms.CharField(
        label="姓名",
        max_length=50,
        error_messages={"required": "请填写姓名。", "max_length": "姓名不能超过 50 个字。"},
    )
    gender = forms.ChoiceField(
        label="性别",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择性别。", "invalid_choice": "请选择性别。"},
    )
    licence_no = forms.RegexField(
        label="执业证号",
        regex=r"^\d{17}$",
        error_messages={"invalid": "执业证号为 17 位数字。", "required": "请填写执业证号。"},
    )
    id_number = forms.RegexField(
        label="身份证号",
        regex=r"^\d{17}[\dXx]$",
        error_messages={"invalid": "身份证号为 18 位，最后一位可以是 X。", "required": "请填写身份证号。"},
    )
    practice_type = forms.ChoiceField(
        label="执业类别",
        choices=PracticeType.choices,
        error_messages={"required": "请选择执业类别。", "invalid_choice": "请选择列表中的执业类别。"},
    )
    firm_role = forms.ChoiceField(
        label="所内身份",
        choices=FirmRole.choices,
        initial=FirmRole.LAWYER,
        error_messages={"required": "请选择所内身份。", "invalid_choice": "请选择列表中的所内身份。"},
    )

    def clean_id_number(self):
        return self.cleaned_data["id_number"].upper()


class VerifyUploadForm(forms.Form):
    """上传文件验证: the certificate PDF as received. Its content says whether it is a PDF."""

    file = forms.FileField(
        label="证明文件",
        error_messages={"required": "请选择收到的电子证明 PDF 文件。", "empty": "所选文件是空的，请重新选择。"},
    )

    def clean_file(self) -> bytes:
        data = self.cleaned_data["file"].read()
        if not data.lstrip()[:5] == b"%PDF-":
            raise forms.ValidationError("该文件不是 PDF 文件，请上传收到的电子证明 PDF 文件。")
        return data
