from django import forms

from portal.uploads.fields import MultipleFileField

from . import services
from .models import Secrecy

FILES_HELP = "可上传图片、PDF 或 Office 文档，每个不超过 10 MB，最多 5 个"


class DocumentFilterForm(forms.Form):
    """我的公文's search and filters."""

    q = forms.CharField(label="公文编号 / 公文标题", required=False, max_length=50)
    secrecy = forms.ChoiceField(label="保密等级", choices=[("", "全部"), *Secrecy.choices], required=False)
    read = forms.ChoiceField(label="状态", choices=[("", "全部"), ("unread", "未读"), ("read", "已阅")], required=False)


class FeedbackForm(forms.Form):
    """反馈情况: the recipient's feedback, with files."""

    body = forms.CharField(
        label="反馈内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000})
    )
    files = MultipleFileField(label="附件", rule=services.RULE, required=False, help_text=FILES_HELP)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = "请填写反馈内容。"
        message = "页面已过期，请刷新后重新提交。"
        self.fields["token"].error_messages = {"required": message, "invalid": message}

    def clean(self):
        # The token is a hidden field: its error is shown above the form.
        if "token" in self.errors:
            self.add_error(None, self.errors.pop("token")[0])
        return super().clean()
