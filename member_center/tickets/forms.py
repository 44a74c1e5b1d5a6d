from django import forms

from portal.uploads.fields import MultipleFileField

from . import services
from .models import Ticket, TicketCategory

FILES_HELP = "可上传相应证明材料（图片、PDF 或 Office 文档，每个不超过 10 MB，最多 5 个）"


def files_field() -> MultipleFileField:
    return MultipleFileField(label="附件", rule=services.RULE, required=False, help_text=FILES_HELP)


class TicketForm(forms.Form):
    """创建问题 (manual 002 §2.2.1)."""

    category = forms.ChoiceField(label="问题类别", choices=TicketCategory.choices)
    title = forms.CharField(label="问题标题", max_length=100, widget=forms.TextInput(attrs={"maxlength": 100}))
    description = forms.CharField(
        label="问题描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        help_text="请将问题描述清楚，如姓名错误：错误信息为……，正确应该为……",
    )
    files = files_field()
    context = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput)

    error_messages = {"token": "页面已过期，请刷新后重新提交。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "请填写问题标题。"
        self.fields["description"].error_messages["required"] = "请填写问题描述。"
        self.fields["category"].error_messages["required"] = "请选择问题类别。"
        self.fields["token"].error_messages = {
            "required": self.error_messages["token"],
            "invalid": self.error_messages["token"],
        }

    @staticmethod
    def initial_from(query, token) -> dict:
        """Prefilled from the link the member followed (?category=…&context=…)."""
        category = query.get("category", "")
        initial = {"token": token, "category": TicketCategory.OTHER}
        if category in TicketCategory.values:
            initial["category"] = category
            initial["title"] = TicketCategory(category).label
        context = " ".join((query.get("context") or "").split())[:300]
        if context:
            initial["context"] = context
        return initial


class ReplyForm(forms.Form):
    """回复内容, with files, while the ticket is open."""

    body = forms.CharField(
        label="回复内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000})
    )
    files = files_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = "请填写回复内容。"


class TicketFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *Ticket._meta.get_field("state").choices], required=False
    )
