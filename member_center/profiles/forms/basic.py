"""Forms of the 基本信息 wizard that are not plain Profile fields: the ID photo (设置照片 and
更改照片, manual 002 §3.2.1.2 and §3.4) and the 确认信息 checkbox of step 6."""

from django import forms

from portal.uploads import photos
from portal.uploads.photos import checked_id_photo

# The ID photo rule lives once in the shared upload layer (member cards use it too); the
# names stay here for the wizard's views and tests.
PHOTO_WIDTH, PHOTO_HEIGHT = photos.ID_PHOTO_WIDTH, photos.ID_PHOTO_HEIGHT
PHOTO_MAX_BYTES = photos.ID_PHOTO_MAX_BYTES
PHOTO_DPI = photos.ID_PHOTO_DPI
FORMAT_MESSAGE = photos.ID_PHOTO_FORMAT_MESSAGE
SIZE_MESSAGE = photos.ID_PHOTO_SIZE_MESSAGE
PIXELS_MESSAGE = photos.ID_PHOTO_PIXELS_MESSAGE
MISSING_MESSAGE = photos.ID_PHOTO_MISSING_MESSAGE

__all__ = ["FORMAT_MESSAGE", "MISSING_MESSAGE", "PIXELS_MESSAGE", "SIZE_MESSAGE", "checked_id_photo"]


class PhotoForm(forms.Form):
    """上传照片: one file, checked by checked_id_photo. `cleaned_data["photo"]` is the clean JPEG."""

    photo = forms.FileField(
        label="上传照片",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,.jpg,.jpeg"}),
        error_messages={"empty": FORMAT_MESSAGE, "invalid": FORMAT_MESSAGE},
    )

    def __init__(self, *args, require_photo=False, **kwargs):
        super().__init__(*args, **kwargs)
        if require_photo:
            self.fields["photo"].required = True
            self.fields["photo"].error_messages["required"] = MISSING_MESSAGE

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return checked_id_photo(upload) if upload else None


class ConfirmForm(forms.Form):
    """确认信息 (step 6): the lawyer ticks that the 登记表 is right before 确认补全."""

    verified = forms.BooleanField(
        label="我已核实以上信息正确无误",
        error_messages={"required": "请勾选“我已核实以上信息正确无误”后，再点击“确认补全”。"},
    )
