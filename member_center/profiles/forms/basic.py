"""Forms of the 基本信息 wizard that are not plain Profile fields: the ID photo (设置照片 and
更改照片, manual 002 §3.2.1.2 and §3.4) and the 确认信息 checkbox of step 6."""

import io

from django import forms
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_WIDTH, PHOTO_HEIGHT = 358, 441
PHOTO_MAX_BYTES = 1024 * 1024
PHOTO_DPI = 350
# EXIF orientations that turn the stored picture by 90°: its displayed width is its stored height.
TURNED_ORIENTATIONS = {5, 6, 7, 8}

# The rules as the manual states them (照片要求), shown as they are when a photo breaks one.
FORMAT_MESSAGE = "图片文件的格式应为JPG图片（文件后缀为JPG，其它格式，如：BMP、PNG、GIF，请先转为JPG图片格式后上传）"
SIZE_MESSAGE = "图片文件大小不超过1M"
PIXELS_MESSAGE = f"图片像素大小应为：{PHOTO_WIDTH}（宽）x {PHOTO_HEIGHT}（高）"
MISSING_MESSAGE = "请上传图片"


def checked_id_photo(upload) -> ContentFile:
    """The upload as a clean 358×441 JPEG, or a ValidationError with the manual's rule.

    The type is judged by content (a PNG renamed .jpg is refused), and the picture is decoded
    and encoded again, so no EXIF block (camera, GPS position) of the original is kept."""
    if upload.size > PHOTO_MAX_BYTES:
        raise forms.ValidationError(SIZE_MESSAGE)
    try:
        image = Image.open(upload)
        if image.format != "JPEG":
            raise forms.ValidationError(FORMAT_MESSAGE)
        # Judge the size before decoding: a 1 MB file can still claim enormous dimensions.
        width, height = image.size
        if image.getexif().get(0x0112) in TURNED_ORIENTATIONS:
            width, height = height, width
        if (width, height) != (PHOTO_WIDTH, PHOTO_HEIGHT):
            raise forms.ValidationError(f"{PIXELS_MESSAGE}，您上传的图片为：{width}（宽）x {height}（高）")
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(FORMAT_MESSAGE) from None
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, dpi=(PHOTO_DPI, PHOTO_DPI))
    return ContentFile(buffer.getvalue(), name="photo.jpg")


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
