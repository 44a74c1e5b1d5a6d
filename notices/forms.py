from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from member_center.member_chooser import split_numbers
from portal.uploads.fields import MultipleFileField

from . import services
from .models import Circle, Secrecy

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


class DocumentAdminForm(WagtailAdminModelForm):
    """The staff's 公文 form: each 传阅给 group's numbers are checked beside its field (unknown,
    non-practising, a lawyer's where a firm's is wanted), with everything else typed kept."""

    def is_valid(self):
        valid = super().is_valid()
        for form in self.formsets["circles"].forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            circle = form.instance
            # A number kept from before may be of a member who has stopped practising since: that
            # is for 发布 to refuse, not for every later edit of a published document.
            saved = Circle.objects.filter(pk=circle.pk).values_list("numbers", flat=True).first() if circle.pk else ""
            before = set(split_numbers(saved or ""))
            typed = [number for number in circle.number_list() if number not in before]
            for field, message in services.circle_problems(circle, practising_among=typed).items():
                form.add_error(field, message)
                valid = False
        return valid
