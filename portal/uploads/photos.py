"""Pictures kept as clean JPEGs: checked by a rule (rules.check_file, which also refuses a
picture cut short), then decoded and encoded again from the pixels alone, so no comment, EXIF
block (camera, GPS position) or ICC profile of the original and nothing hidden after the
picture survives.

- `checked_id_photo(file)`: the one photo rule: the ID photo (近期免冠证件照) of the lawyer's
  profile, 账户信息's 个人照片 and the member card: JPG by content, at most 1M, exactly
  358（宽）x 441（高）, with the manual's wording. Pages take it with the crop tool
  (uploads/includes/id_photo.html).
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .rules import MB, UploadRule, check_file

ID_PHOTO_WIDTH, ID_PHOTO_HEIGHT = 358, 441
ID_PHOTO_MAX_BYTES = 1 * MB
ID_PHOTO_DPI = 350

# The rules as the manual states them (照片要求), shown as they are when a photo breaks one.
ID_PHOTO_FORMAT_MESSAGE = (
    "图片文件的格式应为JPG图片（文件后缀为JPG，其它格式，如：BMP、PNG、GIF，请先转为JPG图片格式后上传）"
)
ID_PHOTO_SIZE_MESSAGE = "图片文件大小不超过1M"
ID_PHOTO_PIXELS_MESSAGE = f"图片像素大小应为：{ID_PHOTO_WIDTH}（宽）x {ID_PHOTO_HEIGHT}（高）"
ID_PHOTO_MISSING_MESSAGE = "请上传图片"

ID_PHOTO = UploadRule(
    kinds={"jpeg"},
    max_bytes=ID_PHOTO_MAX_BYTES,
    exact_size=(ID_PHOTO_WIDTH, ID_PHOTO_HEIGHT),
    label="JPG 图片",
    messages={
        "unknown": ID_PHOTO_FORMAT_MESSAGE,
        "format": ID_PHOTO_FORMAT_MESSAGE,
        "empty": ID_PHOTO_FORMAT_MESSAGE,
        "size": ID_PHOTO_SIZE_MESSAGE,
        "pixels": ID_PHOTO_PIXELS_MESSAGE,
        "exact": ID_PHOTO_PIXELS_MESSAGE + "，您上传的图片为：{width}（宽）x {height}（高）",
    },
)


def _decoded(file, rule: UploadRule) -> Image.Image:
    """The picture the rule accepted, upright and in RGB; a broken one is refused as unknown."""
    check_file(file, rule)
    try:
        file.seek(0)
        image = Image.open(file)
        return ImageOps.exif_transpose(image).convert("RGB")
    except Exception:  # truncated or corrupt data that the header did not give away
        raise rule.error("unknown", name=getattr(file, "name", "")) from None
    finally:
        file.seek(0)


def _jpeg(image: Image.Image, name: str, **options) -> ContentFile:
    # Only the pixels: a fresh image carries none of the original's info (a JPEG comment, which
    # Pillow would write again, the EXIF block, the ICC profile).
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    pixels.save(buffer, "JPEG", **options)
    return ContentFile(buffer.getvalue(), name=name)


def checked_id_photo(file) -> ContentFile:
    """The upload as a clean 358×441 JPEG (350 dpi), or a ValidationError with the manual's rule.

    A PNG renamed .jpg is refused by its content; a photo turned by its EXIF orientation is
    judged (and stored) upright."""
    image = _decoded(file, ID_PHOTO)
    return _jpeg(image, "photo.jpg", quality=92, dpi=(ID_PHOTO_DPI, ID_PHOTO_DPI))
