"""A practising lawyer has one photo (manual 002 §2.1.2 个人照片, §3.2.1.2 设置照片, §3.4 更改照片):
账户信息's 个人照片 is his profile's 近期免冠证件照, one file kept on the profile and changed under its
rules, whichever page he uses."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from member_center.profiles import rendering, services
from member_center.profiles.models import Profile
from member_center.profiles.steps import STEPS_BY_KEY
from tests.certificates.helpers import field_errors, soup
from tests.conftest import MEMBER_BACKEND
from tests.factories import LawyerFactory, ProfileFactory, id_photo, member_account, profile_in_state
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

ACCOUNT = reverse("member_center:account_info")
PROFILE_PHOTO = reverse("profiles:photo")
ACCOUNT_DATA = {"email": "lawyer@example.cn", "mobile": "13800138000", "postcode": "510030", "bio": "擅长公司法务。"}


def post_photo(client, picture: bytes, **data):
    upload = SimpleUploadedFile("photo.jpg", picture, content_type="image/jpeg")
    return client.post(ACCOUNT, {**ACCOUNT_DATA, **data, "photo_upload": upload})


def served(client, url=PROFILE_PHOTO) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return body(response)


def colour_of(data: bytes):
    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((10, 10))


def test_a_photo_uploaded_on_账户信息_is_the_profiles_photo(lawyer_client, lawyer, lawyer_user):
    response = post_photo(lawyer_client, id_photo(colour=(0, 0, 255)))

    assert response.status_code == 302
    profile = Profile.objects.get(lawyer=lawyer)
    assert profile.photo
    lawyer_user.refresh_from_db()
    assert not lawyer_user.photo  # one file, on the profile
    assert colour_of(served(lawyer_client))[2] > 200
    assert services.step_completed(profile, STEPS_BY_KEY["photo"])


def test_账户信息_shows_the_photo_set_on_设置照片(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    services.set_photo(profile, ContentFile(id_photo()), by=None)
    profile.refresh_from_db()

    document = soup(lawyer_client.get(ACCOUNT))

    assert document.select_one("[data-photo-upload] img[data-current-photo]")["src"] == rendering.photo_url(profile)
    assert "个人照片即律师档案中的近期免冠证件照" in document.get_text()
    dashboard_photo = soup(lawyer_client.get("/member/")).select_one("img.mc-profile-card__photo")
    assert dashboard_photo["src"] == rendering.photo_url(profile)


def test_replacing_it_on_账户信息_after_approval_is_written_to_近期变更(lawyer_client, lawyer):
    profile = profile_in_state("approved", lawyer=lawyer)
    old = profile.photo.name

    post_photo(lawyer_client, id_photo(colour=(0, 255, 0)))

    profile.refresh_from_db()
    assert profile.photo.name != old
    assert profile.changes.get().summary == "证件照片:更换"
    assert "记入“近期变更”" in soup(lawyer_client.get(ACCOUNT)).get_text()


def test_while_审核中_it_is_refused_beside_the_field_keeping_what_was_typed(lawyer_client, lawyer, lawyer_user):
    profile = profile_in_state("submitted", lawyer=lawyer)
    old = profile.photo.name

    response = post_photo(lawyer_client, id_photo(), mobile="13900139001")

    assert response.status_code == 200
    assert field_errors(soup(response), "photo_upload") == [
        "您的材料已经提交审核，目前正在审核中！如需修改请点击“撤回信息补全申请”按钮后，再进行补全。"
    ]
    assert soup(response).find("input", attrs={"name": "mobile"})["value"] == "13900139001"
    profile.refresh_from_db()
    lawyer_user.refresh_from_db()
    assert profile.photo.name == old
    assert lawyer_user.mobile == "13800138000"  # nothing of the form was saved


def test_a_photo_breaking_the_rule_is_refused_on_账户信息_as_on_设置照片(lawyer_client, lawyer):
    response = post_photo(lawyer_client, id_photo(size=(800, 600)))

    assert field_errors(soup(response), "photo_upload") == [
        "图片像素大小应为：358（宽）x 441（高），您上传的图片为：800（宽）x 600（高）"
    ]
    assert not Profile.objects.filter(lawyer=lawyer).exclude(photo="").exists()


def test_a_trainee_keeps_the_photo_on_the_account(client):
    user = member_account(LawyerFactory(trainee=True))
    client.force_login(user, backend=MEMBER_BACKEND)

    post_photo(client, id_photo())

    user.refresh_from_db()
    assert user.photo
    assert not Profile.objects.exists()


# --- the data migration -------------------------------------------------------------------------


def migrate_photos():
    module = importlib.import_module("member_center.profiles.migrations.0006_account_photo_on_the_profile")
    module.account_photos_to_the_profile(apps, None)


def test_an_account_photo_meeting_the_rule_moves_to_a_profile_without_one(lawyer, lawyer_user):
    lawyer_user.photo.save("photo.jpg", ContentFile(id_photo()), save=True)
    name = lawyer_user.photo.name

    migrate_photos()

    assert Profile.objects.get(lawyer=lawyer).photo.name == name
    lawyer_user.refresh_from_db()
    assert not lawyer_user.photo


def test_an_old_rule_photo_or_one_beside_a_profile_photo_stays_on_the_account(lawyer_user):
    lawyer_user.photo.save("photo.jpg", ContentFile(id_photo(size=(800, 600))), save=True)
    other = member_account(LawyerFactory())
    other.photo.save("photo.jpg", ContentFile(id_photo()), save=True)
    profile = ProfileFactory(lawyer=other.lawyer)
    profile.photo.save("photo.jpg", ContentFile(id_photo(colour=(1, 2, 3))), save=True)

    migrate_photos()

    lawyer_user.refresh_from_db()
    other.refresh_from_db()
    assert lawyer_user.photo and other.photo
    assert not Profile.objects.filter(lawyer=lawyer_user.lawyer).exists()
    assert Profile.objects.get(pk=profile.pk).photo.name == profile.photo.name


def test_a_photo_waiting_for_review_is_not_offered_to_copy():
    from member_center.account_photo import open_photo
    from tests.factories import MemberUserFactory, profile_in_state

    submitted = profile_in_state("submitted")
    approved = profile_in_state("approved")

    assert open_photo(MemberUserFactory(lawyer=submitted.lawyer)) is None
    handle = open_photo(MemberUserFactory(lawyer=approved.lawyer))
    assert handle is not None
    handle.close()
