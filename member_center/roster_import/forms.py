from django import forms

from . import services
from .models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=ImportKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(label="文件", help_text="Excel (.xlsx) 或 CSV，第一行为列名；可先下载模板填写。")
    full_list = forms.BooleanField(
        label="这是完整名单",
        required=False,
        help_text="勾选后，名册中为执业、但不在文件中的会员会单独列出，供核实后手工注销；不会自动注销。",
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = services.importable_kinds(user)
