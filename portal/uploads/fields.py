"""Form fields applying an UploadRule.

    class ReplyForm(forms.Form):
        files = MultipleFileField(label="附件", rule=ATTACHMENTS, required=False)

`cleaned_data["files"]` is a list of rules.CheckedFile (empty when none was chosen); give
`[c.file for c in ...]` (or the uploads themselves) to services.attach."""

from django import forms

from .rules import UploadRule, check_files


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's pattern for `multiple`), checked by `rule`."""

    widget = MultipleFileInput

    def __init__(self, *, rule: UploadRule, **kwargs):
        self.rule = rule
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": rule.accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        files = [super(MultipleFileField, self).clean(item, initial) for item in items]
        return check_files(files, self.rule)
