from django import forms

from portal.uploads.photos import ID_PHOTO_FORMAT_MESSAGE, ID_PHOTO_MISSING_MESSAGE, checked_id_photo


class PhotoForm(forms.Form):
    """上传照片 (manual 002 §4.4.2): one file, checked by the one ID-photo rule; the clean JPEG in
    `cleaned_data["photo"]`. Without a file the photo already chosen (or the profile's) is kept."""

    photo = forms.FileField(
        label="上传照片",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,.jpg,.jpeg"}),
        error_messages={"empty": ID_PHOTO_FORMAT_MESSAGE, "invalid": ID_PHOTO_FORMAT_MESSAGE},
    )

    def __init__(self, *args, has_photo=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_photo = has_photo

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            return checked_id_photo(upload)
        if not self.has_photo:
            raise forms.ValidationError(ID_PHOTO_MISSING_MESSAGE)
        return None


class SubmitForm(forms.Form):
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": "页面已过期，请重新申请。", "invalid": "页面已过期，请重新申请。"},
    )
