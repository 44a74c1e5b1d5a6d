"""The ID photo (manual 002 §3.2.1.2 设置照片, §3.4 更改照片): JPG by content, at most 1M, exactly
358（宽）x 441（高）; stored privately and served only to its owner."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError
from django.test import Client
from django.urls import reverse
from PIL import Image

from member_center.profiles import services
from member_center.profiles.forms.basic import FORMAT_MESSAGE, PIXELS_MESSAGE, SIZE_MESSAGE, checked_id_photo
from member_center.profiles.models import Profile, ProfileChange
from tests.certificates.helpers import field_errors, messages_of, page_text, soup, squash
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    LawyerFactory,
    MemberUserFactory,
    ProfileFactory,
    complete_profile,
    id_photo,
    profile_in_state,
)
from tests.http import body

PHOTO_STEP_URL = reverse("profiles:basic_step", args=["photo"])
PHOTO_URL = reverse("profiles:photo")
CHANGE_PHOTO_URL = reverse("profiles:photo_change")


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def jpeg_with_exif(size=(358, 441), orientation: int | None = None) -> bytes:
    """A JPEG carrying camera and GPS EXIF data, as a phone writes it."""
    image = Image.open(io.BytesIO(id_photo(size)))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x8825] = {1: "N", 2: (23.0, 7.0, 30.0), 3: "E", 4: (113.0, 19.0, 10.0)}  # GPS
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def stored_image(lawyer) -> Image.Image:
    profile = Profile.objects.get(lawyer=lawyer)
    with profile.photo.open("rb") as photo:
        image = Image.open(io.BytesIO(photo.read()))
        image.load()
    return image


def other_lawyer_client(firm, with_photo: bool):
    """Another lawyer of the same firm, logged in; with a photo of their own (another colour)."""
    lawyer = LawyerFactory(firm=firm)
    if with_photo:
        profile = complete_profile(ProfileFactory(lawyer=lawyer))
        profile.photo.save("photo.jpg", ContentFile(id_photo(colour=(20, 120, 40))))
    other = Client()
    other.force_login(MemberUserFactory(lawyer=lawyer), backend=MEMBER_BACKEND)
    return other


# --- the rule, on its own -------------------------------------------------------------------------


def test_a_358_by_441_jpg_is_accepted_as_a_358_by_441_jpeg():
    content = checked_id_photo(upload(id_photo()))

    image = Image.open(io.BytesIO(content.read()))
    assert (image.format, image.size) == ("JPEG", (358, 441))


def test_a_png_named_jpg_is_refused_by_its_content():
    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(id_photo(fmt="PNG"), name="photo.jpg"))

    assert refused.value.messages == [FORMAT_MESSAGE]


def test_a_gif_is_refused():
    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(id_photo(fmt="GIF"), name="photo.gif"))

    assert refused.value.messages == [FORMAT_MESSAGE]


def test_a_file_that_is_no_picture_is_refused_as_not_a_jpg():
    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(b"%PDF-1.7 not a picture", name="photo.jpg"))

    assert refused.value.messages == [FORMAT_MESSAGE]


def test_the_format_message_is_the_manuals_rule():
    assert FORMAT_MESSAGE == (
        "图片文件的格式应为JPG图片（文件后缀为JPG，其它格式，如：BMP、PNG、GIF，请先转为JPG图片格式后上传）"
    )


def test_a_photo_over_1m_is_refused():
    too_big = id_photo() + b"\0" * (1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(too_big))

    assert refused.value.messages == [SIZE_MESSAGE]
    assert SIZE_MESSAGE == "图片文件大小不超过1M"


def test_a_photo_of_exactly_1m_is_accepted():
    photo = id_photo()
    exactly_1m = photo + b"\0" * (1024 * 1024 - len(photo))

    assert checked_id_photo(upload(exactly_1m)).size > 0


def test_a_400_by_500_photo_is_refused_with_the_pixel_rule():
    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(id_photo(size=(400, 500))))

    assert refused.value.messages[0].startswith("图片像素大小应为：358（宽）x 441（高）")
    assert "400（宽）x 500（高）" in refused.value.messages[0]
    assert PIXELS_MESSAGE == "图片像素大小应为：358（宽）x 441（高）"


@pytest.mark.parametrize("size", [(357, 441), (359, 441), (358, 440), (358, 442)])
def test_one_pixel_off_in_either_direction_is_refused(size):
    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(id_photo(size=size)))

    assert refused.value.messages == [f"{PIXELS_MESSAGE}，您上传的图片为：{size[0]}（宽）x {size[1]}（高）"]


def test_a_photo_of_1m_and_one_byte_is_refused():
    photo = id_photo()
    one_byte_over = photo + b"\0" * (1024 * 1024 + 1 - len(photo))

    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(one_byte_over))

    assert refused.value.messages == [SIZE_MESSAGE]


def test_a_jpeg_declaring_a_huge_size_is_refused_without_decoding(monkeypatch):
    data = bytearray(id_photo(size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (30000).to_bytes(2, "big") * 2  # height, width
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda self: pytest.fail("the picture was decoded"))

    with pytest.raises(ValidationError) as refused:
        checked_id_photo(upload(bytes(data)))

    assert refused.value.messages[0].startswith(PIXELS_MESSAGE)


def test_exif_data_such_as_the_gps_position_is_stripped():
    original = Image.open(io.BytesIO(jpeg_with_exif()))
    assert original.getexif().get(0x010F) == "PhoneMaker"

    image = Image.open(io.BytesIO(checked_id_photo(upload(jpeg_with_exif())).read()))

    assert "exif" not in image.info
    assert dict(image.getexif()) == {}


def test_a_photo_turned_by_its_exif_orientation_is_judged_and_stored_upright():
    turned = jpeg_with_exif(size=(441, 358), orientation=6)

    image = Image.open(io.BytesIO(checked_id_photo(upload(turned)).read()))

    assert image.size == (358, 441)


# --- 设置照片 (step 2) ------------------------------------------------------------------------------


def test_photo_step_states_the_manuals_photo_rules(lawyer_client):
    text = squash(page_text(lawyer_client.get(PHOTO_STEP_URL)))

    for rule in (
        "近期免冠证件照",
        "图片像素大小应为：358（宽）x441（高），分辨率不低于：350dpi",
        "图片文件大小不超过1M",
        "文件后缀为JPG，其它格式，如：BMP、PNG、GIF，请先转为JPG图片格式后上传",
        "请不要用身份证、执业证或别的证件上拍下来的照片",
        "请不要使用风景照、生活照、侧面景、证件扫描照等。",
        "如需要对图片进行适当剪裁，可点击“裁剪照片”按钮进行处理。",
    ):
        assert rule in text


def test_photo_step_without_a_photo_says_please_upload(lawyer_client):
    document = soup(lawyer_client.get(PHOTO_STEP_URL))

    assert document.select_one(".up-photo__empty").get_text(strip=True) == "请上传图片"
    assert document.find("input", attrs={"type": "file", "name": "photo"}) is not None
    assert document.find("label", attrs={"for": "id_photo"}).get_text(strip=True) == "上传照片"
    assert document.select_one("[data-photo-crop]").get_text(strip=True) == "裁剪照片"


def test_photo_step_loads_the_crop_tool_from_static_files(lawyer_client):
    document = soup(lawyer_client.get(PHOTO_STEP_URL))

    scripts = [script["src"] for script in document.find_all("script")]
    assert "/static/vendor/cropperjs/cropper.min.js" in scripts
    assert "/static/uploads/photo-crop.js" in scripts  # the shared crop tool
    assert document.find("link", attrs={"href": "/static/vendor/cropperjs/cropper.min.css"}) is not None
    assert document.find("link", attrs={"href": "/static/uploads/photo-crop.css"}) is not None


def test_uploading_a_valid_photo_stores_it_and_stays_on_the_step(lawyer_client, lawyer, private_media):
    response = lawyer_client.post(PHOTO_STEP_URL, {"direction": "upload", "photo": upload(id_photo())})

    assert response.url == PHOTO_STEP_URL
    assert stored_image(lawyer).size == (358, 441)
    assert "照片上传成功。" in messages_of(response)


def test_the_stored_photo_is_shown_on_the_step(lawyer_client, private_media):
    lawyer_client.post(PHOTO_STEP_URL, {"direction": "upload", "photo": upload(id_photo())})

    document = soup(lawyer_client.get(PHOTO_STEP_URL))

    assert document.select_one("[data-current-photo]")["src"].startswith(PHOTO_URL + "?v=")


def test_a_refused_upload_says_why_beside_the_file_input(lawyer_client, lawyer, private_media):
    response = lawyer_client.post(PHOTO_STEP_URL, {"direction": "upload", "photo": upload(id_photo((400, 500)))})

    assert response.status_code == 200
    assert field_errors(soup(response), "photo")[0].startswith("图片像素大小应为：358（宽）x 441（高）")
    assert not Profile.objects.get(lawyer=lawyer).photo


def test_upload_without_choosing_a_file_asks_for_a_picture(lawyer_client):
    response = lawyer_client.post(PHOTO_STEP_URL, {"direction": "upload"})

    assert field_errors(soup(response), "photo") == ["请上传图片"]


def test_choosing_a_photo_and_next_uploads_it_and_goes_on(lawyer_client, lawyer, private_media):
    response = lawyer_client.post(PHOTO_STEP_URL, {"direction": "next", "photo": upload(id_photo())})

    assert response.url == reverse("profiles:basic_step", args=["basic"])
    assert Profile.objects.get(lawyer=lawyer).photo


def test_next_with_a_refused_photo_stays_on_the_step(lawyer_client, private_media):
    response = lawyer_client.post(PHOTO_STEP_URL, {"direction": "next", "photo": upload(id_photo(fmt="PNG"))})

    assert response.status_code == 200
    assert field_errors(soup(response), "photo") == [FORMAT_MESSAGE]


def test_a_new_photo_replaces_the_old_file(lawyer_client, lawyer, private_media, django_capture_on_commit_callbacks):
    lawyer_client.post(PHOTO_STEP_URL, {"direction": "upload", "photo": upload(id_photo())})
    first = Profile.objects.get(lawyer=lawyer).photo.name

    with django_capture_on_commit_callbacks(execute=True):
        lawyer_client.post(PHOTO_STEP_URL, {"direction": "upload", "photo": upload(id_photo(colour=(10, 10, 10)))})

    profile = Profile.objects.get(lawyer=lawyer)
    assert profile.photo.name != first
    assert not profile.photo.storage.exists(first)


def test_the_old_photo_stays_until_the_new_one_is_committed(lawyer, private_media):
    profile = complete_profile(ProfileFactory(lawyer=lawyer))
    first = profile.photo.name
    services.set_photo(profile, ContentFile(id_photo(colour=(10, 10, 10)), name="photo.jpg"), by=None)
    assert profile.photo.storage.exists(first)  # the test's transaction has not committed


# --- serving the photo ------------------------------------------------------------------------------


def test_the_photo_is_served_to_its_owner_as_a_private_jpeg(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))

    response = lawyer_client.get(PHOTO_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert Image.open(io.BytesIO(body(response))).size == (358, 441)


def test_no_photo_is_not_found(lawyer_client):
    assert lawyer_client.get(PHOTO_URL).status_code == 404


def test_another_lawyer_without_a_photo_gets_not_found(lawyer, firm, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))
    other = other_lawyer_client(firm, with_photo=False)

    assert other.get(PHOTO_URL).status_code == 404


def test_another_lawyer_only_ever_gets_their_own_photo(lawyer_client, lawyer, firm, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))
    mine = body(lawyer_client.get(PHOTO_URL))
    other = other_lawyer_client(firm, with_photo=True)

    theirs = body(other.get(PHOTO_URL))

    with Profile.objects.exclude(lawyer=lawyer).get().photo.open("rb") as photo:
        assert theirs == photo.read()
    assert theirs != mine


def test_a_firm_gets_no_photo(firm_client):
    assert firm_client.get(PHOTO_URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login_for_the_photo(client):
    response = client.get(PHOTO_URL)

    assert response.status_code == 302
    assert "login" in response.url


# --- 更改照片 (§3.4) -------------------------------------------------------------------------------------


def test_change_photo_is_only_for_an_approved_profile(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))

    response = lawyer_client.get(CHANGE_PHOTO_URL)

    assert response.url == reverse("profiles:completion")
    assert any("审核通过后，才能更改照片" in message for message in messages_of(response))


def test_change_photo_is_refused_while_under_review(lawyer_client, lawyer, private_media):
    profile_in_state("submitted", lawyer=lawyer)

    response = lawyer_client.post(CHANGE_PHOTO_URL, {"photo": upload(id_photo(colour=(1, 2, 3)))})

    assert response.url == reverse("profiles:completion")
    assert not ProfileChange.objects.exists()


def test_change_photo_page_has_the_upload_and_crop_tool(lawyer_client, lawyer, private_media):
    profile_in_state("approved", lawyer=lawyer)

    document = soup(lawyer_client.get(CHANGE_PHOTO_URL))

    assert document.find("input", attrs={"type": "file", "name": "photo"}) is not None
    assert document.select_one("[data-photo-crop]").get_text(strip=True) == "裁剪照片"
    assert document.select_one("[data-current-photo]") is not None


def test_changing_the_photo_after_approval_is_logged_as_a_recent_change(lawyer_client, lawyer, private_media):
    profile = profile_in_state("approved", lawyer=lawyer)
    before = profile.photo.name

    response = lawyer_client.post(CHANGE_PHOTO_URL, {"photo": upload(id_photo(colour=(1, 2, 3)))})

    assert response.url == CHANGE_PHOTO_URL
    assert "照片已更换。" in messages_of(response)
    profile.refresh_from_db()
    assert profile.photo.name != before
    change = ProfileChange.objects.get(profile=profile)
    assert (change.subject, change.action, change.summary) == ("律师", "修改", "证件照片:更换")


def test_a_refused_change_of_photo_keeps_the_old_one(lawyer_client, lawyer, private_media):
    profile = profile_in_state("approved", lawyer=lawyer)

    response = lawyer_client.post(CHANGE_PHOTO_URL, {"photo": upload(id_photo((400, 500)))})

    assert response.status_code == 200
    assert field_errors(soup(response), "photo")[0].startswith("图片像素大小应为")
    assert Profile.objects.get(pk=profile.pk).photo.name == profile.photo.name
    assert not ProfileChange.objects.exists()


# --- the crop tool comes from npm, not from the repository ------------------------------------------


def test_cropperjs_is_pinned_to_1_6_2_in_the_lockfile():
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())

    assert lock["packages"][""]["dependencies"]["cropperjs"] == "1.6.2"
    assert lock["packages"]["node_modules/cropperjs"]["version"] == "1.6.2"


def test_cropperjs_is_served_from_node_modules_under_vendor():
    found = finders.find("vendor/cropperjs/cropper.min.js")

    assert found is not None
    assert Path(found).resolve().is_relative_to((Path(settings.BASE_DIR) / "node_modules").resolve())
