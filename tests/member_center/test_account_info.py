"""Manual 002 §2.1.2 账户信息: name and login shown, e-mail, postcode, mobile, bio and photo saved;
the photo follows the one photo rule (the ID photo's) with the crop tool."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from PIL import Image

from member_center import services
from portal.uploads.photos import ID_PHOTO_FORMAT_MESSAGE, ID_PHOTO_PIXELS_MESSAGE
from tests.certificates.helpers import soup
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, MemberUserFactory, png_declaring

from .utils import ACCOUNT_URL, PHOTO_URL, get_photo, jpeg_bytes, page_text

User = get_user_model()

pytestmark = pytest.mark.django_db

VALID = {
    "email": "zhang.wei@lawfirm.example.cn",
    "postcode": "510030",
    "mobile": "13800138000",
    "bio": "擅长公司法务。",
    "notify_by_email": True,
}


def field_block(html: str, name: str) -> str:
    """The markup of the form row holding the input called `name` (label, widget, its errors)."""
    for block in re.split(r'(?=<div class="mc-field)', html):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name} on the page")


def post(client, **changes):
    return client.post(ACCOUNT_URL, {**VALID, **changes})


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_shows_the_real_name_and_login_read_only(lawyer_client, lawyer):
    html = page_text(lawyer_client.get(ACCOUNT_URL))

    assert "真实姓名" in html and lawyer.name in html
    assert re.search("登录[账帐]号", html) and lawyer.licence_no in html
    assert f'value="{lawyer.licence_no}"' not in html  # shown, not an input
    for label in ("个人邮箱", "邮政编码", "手机号码", "个人简介", "个人照片", "保存"):
        assert label in html


def test_firm_sees_its_name_and_licence_number(firm_client, firm):
    html = page_text(firm_client.get(ACCOUNT_URL))

    assert firm.name in html
    assert firm.licence_no in html


def test_saves_email_postcode_mobile_and_bio(lawyer_client, lawyer_user):
    response = post(lawyer_client)

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT_URL
    lawyer_user.refresh_from_db()
    assert lawyer_user.email == VALID["email"]
    assert lawyer_user.postcode == "510030"
    assert lawyer_user.mobile == "13800138000"
    assert lawyer_user.bio == "擅长公司法务。"
    assert "账户信息已保存" in page_text(lawyer_client.get(ACCOUNT_URL))


def test_posted_name_or_login_are_ignored(lawyer_client, lawyer_user):
    post(lawyer_client, username="hacker", first_name="某某", lawyer="999")

    lawyer_user.refresh_from_db()
    assert lawyer_user.username == lawyer_user.lawyer.licence_no
    assert lawyer_user.first_name == ""


def test_optional_fields_may_stay_empty(lawyer_client, lawyer_user):
    response = lawyer_client.post(ACCOUNT_URL, {"email": "", "postcode": "", "mobile": "", "bio": ""})

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("mobile", "message"),
    [
        ("12800138000", "请输入 11 位手机号码"),
        ("1380013800", "请输入 11 位手机号码"),
        ("1380013800a", "请输入 11 位手机号码"),
        ("138001380001", "请输入 11 位手机号码"),
        ("+8613800138000", "请输入 11 位手机号码"),
    ],
)
def test_bad_mobile_is_refused_next_to_the_field_keeping_the_rest(lawyer_client, lawyer_user, mobile, message):
    response = post(lawyer_client, mobile=mobile)

    assert response.status_code == 200
    html = page_text(response)
    assert message in field_block(html, "mobile")
    assert f'value="{mobile}"' in field_block(html, "mobile")
    assert f'value="{VALID["email"]}"' in field_block(html, "email")
    assert 'value="510030"' in field_block(html, "postcode")
    assert VALID["bio"] in field_block(html, "bio")
    lawyer_user.refresh_from_db()
    assert lawyer_user.mobile == ""
    assert lawyer_user.email == ""


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("51003", "邮政编码为 6 位数字"),
        ("51003a", "邮政编码为 6 位数字"),
        ("5100300", "邮政编码为 6 位数字"),
        ("广州510030", "邮政编码为 6 位数字"),
    ],
)
def test_bad_postcode_is_refused_next_to_the_field_keeping_the_rest(lawyer_client, lawyer_user, postcode, message):
    response = post(lawyer_client, postcode=postcode)

    assert response.status_code == 200
    html = page_text(response)
    assert message in field_block(html, "postcode")
    assert "mc-error" not in field_block(html, "mobile")
    assert 'value="13800138000"' in field_block(html, "mobile")
    assert f'value="{VALID["email"]}"' in field_block(html, "email")
    lawyer_user.refresh_from_db()
    assert lawyer_user.postcode == ""


def test_bad_email_is_refused_in_chinese_next_to_the_field_keeping_the_rest(lawyer_client, lawyer_user):
    response = post(lawyer_client, email="zhang.wei@")

    assert response.status_code == 200
    html = page_text(response)
    email_row = field_block(html, "email")
    assert "mc-error" in email_row
    assert "请填写正确的电子邮箱地址，例如 name@example.cn。" in email_row  # not Django's 输入一个有效的 Email 地址。
    assert "有效" not in html and "Enter a valid" not in html
    assert 'value="13800138000"' in field_block(html, "mobile")
    assert 'value="510030"' in field_block(html, "postcode")
    lawyer_user.refresh_from_db()
    assert lawyer_user.mobile == ""


# --- 个人照片: the one photo rule (the ID photo's: 358×441 JPG, at most 1 MB) and the crop tool.
# A firm's account keeps its own photo; a lawyer's is his profile's (tests/profiles/test_account_photo.py).


def test_photo_is_stored_privately_and_served_to_its_owner(firm_client, firm_user, private_media, settings):
    response = post(firm_client, photo_upload=upload("照片.jpg", jpeg_bytes()))

    assert response.status_code == 302
    firm_user.refresh_from_db()
    assert firm_user.photo
    assert (private_media / firm_user.photo.name).is_file()
    served, _ = get_photo(firm_client)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert "private" in served["Cache-Control"]
    # The page shows it through the view, never through a public media URL.
    html = page_text(firm_client.get(ACCOUNT_URL))
    assert f'src="{PHOTO_URL}"' in html
    assert settings.MEDIA_URL + firm_user.photo.name not in html
    assert firm_client.get(settings.MEDIA_URL + firm_user.photo.name).status_code == 404


def test_the_photo_is_kept_as_a_clean_358_by_441_jpeg(firm_client, firm_user, private_media):
    post(firm_client, photo_upload=upload("photo.jpg", jpeg_bytes()))

    _, content = get_photo(firm_client)
    stored = Image.open(io.BytesIO(content))
    assert (stored.format, stored.size) == ("JPEG", (358, 441))
    assert round(stored.info["dpi"][0]) == 350


def test_a_png_photo_is_refused_with_the_manuals_rule_keeping_the_rest(firm_client, firm_user, private_media):
    buffer = io.BytesIO()
    Image.new("RGB", (358, 441), (10, 120, 200)).save(buffer, "PNG")

    response = post(firm_client, photo_upload=upload("photo.png", buffer.getvalue(), "image/png"))

    assert response.status_code == 200
    html = page_text(response)
    assert ID_PHOTO_FORMAT_MESSAGE in field_block(html, "photo_upload")
    assert 'value="13800138000"' in field_block(html, "mobile")
    assert f'value="{VALID["email"]}"' in field_block(html, "email")
    firm_user.refresh_from_db()
    assert not firm_user.photo
    assert firm_user.mobile == ""


def test_a_photo_of_another_size_is_refused_saying_its_size(firm_client, firm_user, private_media):
    response = post(firm_client, photo_upload=upload("big.jpg", jpeg_bytes(size=(2400, 1800))))

    assert response.status_code == 200
    row = field_block(page_text(response), "photo_upload")
    assert "图片像素大小应为：358（宽）x 441（高），您上传的图片为：2400（宽）x 1800（高）" in row
    assert 'value="510030"' in field_block(page_text(response), "postcode")
    firm_user.refresh_from_db()
    assert not firm_user.photo


def test_a_photo_over_1_mb_is_refused(firm_client, firm_user, private_media):
    picture = jpeg_bytes()
    too_big = picture + b"\0" * (1024 * 1024 + 1 - len(picture))  # a real 358×441 JPEG, padded

    response = post(firm_client, photo_upload=upload("photo.jpg", too_big))

    assert response.status_code == 200
    assert "图片文件大小不超过1M" in field_block(page_text(response), "photo_upload")
    firm_user.refresh_from_db()
    assert not firm_user.photo


def test_a_text_file_renamed_jpg_is_refused(firm_client, firm_user, private_media):
    response = post(firm_client, photo_upload=upload("photo.jpg", "这不是图片，只是一段文字。".encode() * 20))

    assert response.status_code == 200
    html = page_text(response)
    assert ID_PHOTO_FORMAT_MESSAGE in field_block(html, "photo_upload")
    # The other typed values are kept, and nothing is saved.
    assert 'value="13800138000"' in field_block(html, "mobile")
    firm_user.refresh_from_db()
    assert not firm_user.photo
    assert firm_user.mobile == ""
    assert not any(private_media.rglob("*.jpg"))


def test_a_picture_declaring_huge_dimensions_is_refused_unopened(firm_client, firm_user, private_media):
    response = post(firm_client, photo_upload=upload("bomb.png", png_declaring(30000, 30000), "image/png"))

    assert response.status_code == 200
    assert ID_PHOTO_PIXELS_MESSAGE in field_block(page_text(response), "photo_upload")
    firm_user.refresh_from_db()
    assert not firm_user.photo


def test_the_page_offers_the_crop_tool_for_the_id_photo_size(firm_client):
    document = soup(firm_client.get(ACCOUNT_URL))

    box = document.select_one("form [data-photo-upload]")
    assert (box["data-crop-width"], box["data-crop-height"], box["data-crop-max-bytes"]) == ("358", "441", "1048576")
    assert box.select_one("input[type=file][name=photo_upload]")["accept"] == "image/jpeg,.jpg,.jpeg"
    assert box.select_one("[data-photo-submit]") is not None
    assert box.select_one("button[data-photo-crop]").get_text(strip=True) == "裁剪照片"
    assert box.select_one("dialog[data-crop-dialog]") is not None
    scripts = [script["src"] for script in document.select("script[src]")]
    assert any(src.endswith("uploads/photo-crop.js") for src in scripts)
    assert any(src.endswith("cropperjs/cropper.min.js") for src in scripts)
    # The manual's 照片要求 beside it, as on 设置照片.
    assert "图片像素大小应为：358（宽）x 441（高）" in box.get_text()


def test_what_the_crop_tool_sends_is_saved_with_the_rest_of_the_form(firm_client, firm_user, private_media):
    # The tool puts a 358×441 JPEG called photo.jpg into the file input and submits the form.
    response = post(firm_client, photo_upload=upload("photo.jpg", jpeg_bytes(colour=(0, 0, 255))))

    assert response.status_code == 302
    firm_user.refresh_from_db()
    assert firm_user.photo and firm_user.mobile == "13800138000"


def test_another_member_never_gets_the_first_members_photo(firm_client, firm_user, private_media):
    post(firm_client, photo_upload=upload("photo.jpg", jpeg_bytes(colour=(255, 0, 0))))
    _, first_photo = get_photo(firm_client)

    other = Client()
    other_user = MemberUserFactory(firm=FirmFactory())
    other.force_login(other_user, backend=MEMBER_BACKEND)

    assert get_photo(other)[0].status_code == 404  # no photo of their own yet

    other.post(ACCOUNT_URL, {**VALID, "photo_upload": upload("photo.jpg", jpeg_bytes(colour=(0, 0, 255)))})
    _, served = get_photo(other)
    assert served != first_photo
    red, _, blue = Image.open(io.BytesIO(served)).convert("RGB").getpixel((10, 10))
    assert blue > 200 and red < 50


def test_anonymous_visitor_cannot_see_a_photo(firm_client, private_media):
    post(firm_client, photo_upload=upload("photo.jpg", jpeg_bytes()))

    response = Client().get(PHOTO_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/member/login/")


def test_replacing_the_photo_serves_the_new_one(
    firm_client, firm_user, private_media, django_capture_on_commit_callbacks
):
    post(firm_client, photo_upload=upload("a.jpg", jpeg_bytes(colour=(255, 0, 0))))
    with django_capture_on_commit_callbacks(execute=True):
        post(firm_client, photo_upload=upload("b.jpg", jpeg_bytes(colour=(0, 255, 0))))

    _, served = get_photo(firm_client)
    red, green, _ = Image.open(io.BytesIO(served)).convert("RGB").getpixel((10, 10))
    assert green > 200 and red < 50
    assert len(list(private_media.rglob("*.jpg"))) == 1


def test_saving_without_a_new_photo_keeps_the_old_one(firm_client, firm_user, private_media):
    post(firm_client, photo_upload=upload("a.jpg", jpeg_bytes()))
    firm_user.refresh_from_db()
    name = firm_user.photo.name

    post(firm_client, mobile="13900139000")

    firm_user.refresh_from_db()
    assert firm_user.photo.name == name
    assert get_photo(firm_client)[0].status_code == 200


def test_two_uploads_are_stored_under_different_random_names(firm_client, firm_user, private_media):
    post(firm_client, photo_upload=upload("照片.jpg", jpeg_bytes(colour=(255, 0, 0))))
    firm_user.refresh_from_db()
    first = firm_user.photo.name

    post(firm_client, photo_upload=upload("照片.jpg", jpeg_bytes(colour=(0, 255, 0))))

    firm_user.refresh_from_db()
    assert firm_user.photo.name != first
    assert "照片" not in firm_user.photo.name
    assert re.fullmatch(rf"accounts/{firm_user.pk}/photo-[0-9a-f]{{12}}\.jpg", firm_user.photo.name)


def test_the_old_photo_is_deleted_only_once_the_change_commits(
    firm_user, private_media, django_capture_on_commit_callbacks
):
    services.update_account_info(firm_user, VALID, photo=ContentFile(jpeg_bytes(), name="photo.jpg"))
    first = firm_user.photo.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.update_account_info(firm_user, VALID, photo=ContentFile(jpeg_bytes(colour=(1, 2, 3))))
        assert (private_media / first).is_file()  # not committed yet

    assert (private_media / first).is_file()
    for callback in callbacks:
        callback()
    assert not (private_media / first).exists()
    assert (private_media / firm_user.photo.name).is_file()


def test_a_rolled_back_change_of_photo_keeps_the_old_file(firm_user, private_media, django_capture_on_commit_callbacks):
    services.update_account_info(firm_user, VALID, photo=ContentFile(jpeg_bytes(), name="photo.jpg"))
    first = firm_user.photo.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.update_account_info(firm_user, VALID, photo=ContentFile(jpeg_bytes(colour=(1, 2, 3))))
        raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert User.objects.get(pk=firm_user.pk).photo.name == first
    assert (private_media / first).is_file()


def test_the_dashboard_shows_the_accounts_photo(firm_client, private_media):
    post(firm_client, photo_upload=upload("photo.jpg", jpeg_bytes()))

    photo = soup(firm_client.get("/member/")).select_one("img.mc-profile-card__photo")

    assert photo is not None and photo["src"] == PHOTO_URL


def test_a_too_long_bio_is_refused_in_the_portals_words(lawyer_client, lawyer_user):
    html = page_text(post(lawyer_client, bio="简" * 501))
    assert "个人简介最多 500 个字。" in field_block(html, "bio")
