from django import forms
from django.utils import timezone

from . import services
from .models import ImportKind, Outcome


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=ImportKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(label="文件", help_text="Excel (.xlsx) 或 CSV，第一行为列名；可先下载模板填写。")
    full_list = forms.BooleanField(
        label="这是完整名单",
        required=False,
        help_text="勾选后，名册中为执业、但不在文件中的会员会单独列出（不在文件中），不会自动注销；核实后可在本次导入的页面上勾选注销。",
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = services.importable_kinds(user)


class CancelMissingForm(forms.Form):
    """注销 of the chosen rows 不在文件中: the rows come from the run's page (hidden here), the
    date and the reason are asked on the confirmation page."""

    rows = forms.ModelMultipleChoiceField(
        label="会员",
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "请先勾选要注销的会员。",
            "invalid_choice": "所选会员不在本次导入的“不在文件中”名单里，请返回重新勾选。",
        },
    )
    cancelled_on = forms.DateField(
        label="注销日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="司法局名册上的注销日期。",
    )
    reason = forms.CharField(
        label="注销原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="记入操作记录，并在通知中告知会员本人。",
        error_messages={"required": "请填写注销原因。"},
    )

    def __init__(self, *args, run=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every row 不在文件中: one decided by an earlier submit is the service's to pass over.
        self.fields["rows"].queryset = run.rows.filter(outcome=Outcome.MISSING)
        self.fields["cancelled_on"].initial = timezone.localdate()

    def clean_cancelled_on(self):
        value = self.cleaned_data["cancelled_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("注销日期不能晚于今天。")
        if value < services.EARLIEST_CANCELLATION:
            raise forms.ValidationError(f"注销日期不能早于 {services.EARLIEST_CANCELLATION:%Y-%m-%d}。")
        return value
