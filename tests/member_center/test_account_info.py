"""Manual 002 §2.1.2 账户信息: name and login shown, e-mail, postcode, mobile, bio and photo saved."""

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
from tests.conftest import MEMBER_BACKEND
from tests.factories import MemberUserFactory, png_declaring

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


def test_photo_is_stored_privately_and_served_to_its_owner(lawyer_client, lawyer_user, private_media, settings):
    picture = jpeg_bytes()

    response = post(lawyer_client, photo_upload=upload("照片.jpg", picture))

    assert response.status_code == 302
    lawyer_user.refresh_from_db()
    assert lawyer_user.photo
    assert (private_media / lawyer_user.photo.name).is_file()
    served, content = get_photo(lawyer_client)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert "private" in served["Cache-Control"]
    assert Image.open(io.BytesIO(content)).format == "JPEG"
    # The page shows it through the view, never through a public media URL.
    html = page_text(lawyer_client.get(ACCOUNT_URL))
    assert f'src="{PHOTO_URL}"' in html
    assert settings.MEDIA_URL + lawyer_user.photo.name not in html
    assert lawyer_client.get(settings.MEDIA_URL + lawyer_user.photo.name).status_code == 404


def test_a_png_photo_is_accepted_and_kept_as_jpeg(lawyer_client, lawyer_user, private_media):
    buffer = io.BytesIO()
    Image.new("RGB", (358, 441), (10, 120, 200)).save(buffer, "PNG")

    response = post(lawyer_client, photo_upload=upload("photo.png", buffer.getvalue(), "image/png"))

    assert response.status_code == 302
    _, content = get_photo(lawyer_client)
    assert Image.open(io.BytesIO(content)).format == "JPEG"


def test_a_large_photo_is_scaled_down(lawyer_client, lawyer_user, private_media):
    post(lawyer_client, photo_upload=upload("big.jpg", jpeg_bytes(size=(2400, 1800))))

    _, content = get_photo(lawyer_client)
    assert max(Image.open(io.BytesIO(content)).size) <= 800


def test_another_member_never_gets_the_first_members_photo(lawyer_client, lawyer_user, private_media):
    post(lawyer_client, photo_upload=upload("photo.jpg", jpeg_bytes(colour=(255, 0, 0))))
    _, first_photo = get_photo(lawyer_client)

    other = Client()
    other_user = MemberUserFactory()
    other.force_login(other_user, backend=MEMBER_BACKEND)

    assert get_photo(other)[0].status_code == 404  # no photo of their own yet

    other.post(ACCOUNT_URL, {**VALID, "photo_upload": upload("photo.jpg", jpeg_bytes(colour=(0, 0, 255)))})
    _, served = get_photo(other)
    assert served != first_photo
    red, _, blue = Image.open(io.BytesIO(served)).convert("RGB").getpixel((10, 10))
    assert blue > 200 and red < 50


def test_anonymous_visitor_cannot_see_a_photo(client, lawyer_client, lawyer_user, private_media):
    post(lawyer_client, photo_upload=upload("photo.jpg", jpeg_bytes()))

    response = Client().get(PHOTO_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/member/login/")


def test_a_text_file_renamed_jpg_is_refused(lawyer_client, lawyer_user, private_media):
    response = post(lawyer_client, photo_upload=upload("photo.jpg", "这不是图片，只是一段文字。".encode() * 20))

    assert response.status_code == 200
    html = page_text(response)
    assert "无法识别该文件" in field_block(html, "photo_upload")
    # The other typed values are kept, and nothing is saved.
    assert 'value="13800138000"' in field_block(html, "mobile")
    lawyer_user.refresh_from_db()
    assert not lawyer_user.photo
    assert lawyer_user.mobile == ""
    assert not any(private_media.rglob("*.jpg"))


def test_a_photo_over_2_mb_is_refused(lawyer_client, lawyer_user, private_media):
    picture = jpeg_bytes()
    too_big = picture + b"\0" * (2 * 1024 * 1024 + 1 - len(picture))  # a real JPEG, padded

    response = post(lawyer_client, photo_upload=upload("photo.jpg", too_big))

    assert response.status_code == 200
    assert "不能超过 2 MB" in field_block(page_text(response), "photo_upload")
    lawyer_user.refresh_from_db()
    assert not lawyer_user.photo


def test_a_photo_wider_than_4000_pixels_is_refused(lawyer_client, lawyer_user, private_media):
    response = post(lawyer_client, photo_upload=upload("panorama.jpg", jpeg_bytes(size=(4100, 300))))

    assert response.status_code == 200
    assert "不能超过 4000 像素" in field_block(page_text(response), "photo_upload")
    lawyer_user.refresh_from_db()
    assert not lawyer_user.photo


def test_replacing_the_photo_serves_the_new_one(
    lawyer_client, lawyer_user, private_media, django_capture_on_commit_callbacks
):
    post(lawyer_client, photo_upload=upload("a.jpg", jpeg_bytes(colour=(255, 0, 0))))
    with django_capture_on_commit_callbacks(execute=True):
        post(lawyer_client, photo_upload=upload("b.jpg", jpeg_bytes(colour=(0, 255, 0))))

    _, served = get_photo(lawyer_client)
    red, green, _ = Image.open(io.BytesIO(served)).convert("RGB").getpixel((10, 10))
    assert green > 200 and red < 50
    assert len(list(private_media.rglob("*.jpg"))) == 1


def test_saving_without_a_new_photo_keeps_the_old_one(lawyer_client, lawyer_user, private_media):
    post(lawyer_client, photo_upload=upload("a.jpg", jpeg_bytes()))
    lawyer_user.refresh_from_db()
    name = lawyer_user.photo.name

    post(lawyer_client, mobile="13900139000")

    lawyer_user.refresh_from_db()
    assert lawyer_user.photo.name == name
    assert get_photo(lawyer_client)[0].status_code == 200


def test_two_uploads_are_stored_under_different_random_names(lawyer_client, lawyer_user, private_media):
    post(lawyer_client, photo_upload=upload("照片.jpg", jpeg_bytes(colour=(255, 0, 0))))
    lawyer_user.refresh_from_db()
    first = lawyer_user.photo.name

    post(lawyer_client, photo_upload=upload("照片.jpg", jpeg_bytes(colour=(0, 255, 0))))

    lawyer_user.refresh_from_db()
    assert lawyer_user.photo.name != first
    assert "照片" not in lawyer_user.photo.name
    assert re.fullmatch(rf"accounts/{lawyer_user.pk}/photo-[0-9a-f]{{12}}\.jpg", lawyer_user.photo.name)


def test_the_old_photo_is_deleted_only_once_the_change_commits(
    lawyer_user, private_media, django_capture_on_commit_callbacks
):
    services.update_account_info(lawyer_user, VALID, photo=ContentFile(jpeg_bytes(), name="photo.jpg"))
    first = lawyer_user.photo.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.update_account_info(lawyer_user, VALID, photo=ContentFile(jpeg_bytes(colour=(1, 2, 3))))
        assert (private_media / first).is_file()  # not committed yet

    assert (private_media / first).is_file()
    for callback in callbacks:
        callback()
    assert not (private_media / first).exists()
    assert (private_media / lawyer_user.photo.name).is_file()


def test_a_rolled_back_change_of_photo_keeps_the_old_file(
    lawyer_user, private_media, django_capture_on_commit_callbacks
):
    services.update_account_info(lawyer_user, VALID, photo=ContentFile(jpeg_bytes(), name="photo.jpg"))
    first = lawyer_user.photo.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.update_account_info(lawyer_user, VALID, photo=ContentFile(jpeg_bytes(colour=(1, 2, 3))))
        raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert User.objects.get(pk=lawyer_user.pk).photo.name == first
    assert (private_media / first).is_file()


def test_a_picture_declaring_huge_dimensions_is_refused_unopened(lawyer_client, lawyer_user, private_media):
    response = post(lawyer_client, photo_upload=upload("bomb.png", png_declaring(30000, 30000), "image/png"))

    assert response.status_code == 200
    assert "不能超过 4000 像素" in field_block(page_text(response), "photo_upload")
    lawyer_user.refresh_from_db()
    assert not lawyer_user.photo


def test_a_too_long_bio_is_refused_in_the_portals_words(lawyer_client, lawyer_user):
    html = page_text(post(lawyer_client, bio="简" * 501))
    assert "个人简介最多 500 个字。" in field_block(html, "bio")
