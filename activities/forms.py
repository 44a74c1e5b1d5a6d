from django import forms

from member_center.models import Gender, RosterStatus
from portal.uploads.fields import MultipleFileField

from . import services

FILES_HELP = "可上传报名材料（图片、PDF 或 Office 文档，每个不超过 10 MB，最多 5 个）"
MOBILE = r"1\d{10}"


def files_field(label="附件（可上传多个文件）", help_text=FILES_HELP) -> MultipleFileField:
    return MultipleFileField(label=label, rule=services.RULE, required=False, help_text=help_text)


class SignUpForm(forms.Form):
    """报名表 (manual 002 §4.1.1), prefilled from the roster and the account."""

    name = forms.CharField(label="姓名", disabled=True, required=False)
    gender = forms.ChoiceField(label="性别", choices=[("", "请选择"), *Gender.choices], required=False)
    employer = forms.CharField(label="工作单位", max_length=100, required=False)
    position = forms.CharField(label="工作职务", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    mobile = forms.RegexField(
        label="手机号码",
        regex=MOBILE,
        max_length=11,
        error_messages={"required": "请填写手机号码。", "invalid": "请填写 11 位手机号码。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请填写有效的电子邮箱。"})
    files = files_field()

    def entry(self, lawyer) -> services.Entry:
        data = self.cleaned_data
        return services.entry_from_roster(
            lawyer,
            gender=data["gender"],
            employer=data["employer"],
            position=data["position"],
            phone=data["phone"],
            mobile=data["mobile"],
            email=data["email"],
        )

    @staticmethod
    def initial_for(lawyer) -> dict:
        entry = services.entry_from_roster(lawyer)
        return {
            "name": entry.name,
            "gender": entry.gender,
            "employer": entry.employer,
            "position": entry.position,
            "phone": entry.phone,
            "mobile": entry.mobile,
            "email": entry.email,
        }


class LawyerChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, lawyer):
        return f"{lawyer.name}（{lawyer.get_firm_role_display()}，{lawyer.licence_no}）"


class FirmSignUpForm(forms.Form):
    """A firm signs up its own practising lawyers; each takes a seat."""

    lawyers = LawyerChoiceField(label="报名律师", queryset=None, error_messages={"required": "请选择报名的律师。"})
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请填写有效的电子邮箱。"})
    files = files_field()

    def __init__(self, *args, firm, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyers"].queryset = (
            firm.lawyers.filter(status=RosterStatus.PRACTISING)
            .exclude(pk__in=exclude)
            .select_related("account", "firm")
        )
        self.initial.setdefault("phone", firm.phone)
        account = getattr(firm, "account", None)
        self.initial.setdefault("email", getattr(account, "email", ""))

    def entries(self) -> list[services.Entry]:
        data = self.cleaned_data
        return [
            services.entry_from_roster(lawyer, phone=data["phone"] or None, email=data["email"] or None)
            for lawyer in data["lawyers"]
        ]


class LeaveForm(forms.Form):
    """活动请假个人申请人 (manual 002 §4.1.3): 请假原因, 请假附件."""

    reason = forms.ChoiceField(
        label="请假原因", error_messages={"required": "请选择请假原因。", "invalid_choice": "请选择请假原因。"}
    )
    files = files_field(label="请假附件", help_text="可上传请假证明材料（图片、PDF 或 Office 文档）")

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "请选择"), *((r, r) for r in activity.leave_reason_choices())]


class TrainingYearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in years]
