"""The demo profiles that seed_demo loads: 张明文 without one, 王雷 审核中, 李红 已通过 with two
changes in 近期变更; and running seed_demo again makes nothing twice."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from member_center.demo import ZHANG_MINGWEN_LICENCE
from member_center.models import Lawyer
from member_center.profiles import services
from member_center.profiles.demo import demo_photo
from member_center.profiles.models import ChangeState, Profile, ProfileChange, ProfileState

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def profile_of(name: str) -> Profile:
    return Profile.objects.get(lawyer__name=name, lawyer__firm__name="广州明法律师事务所")


def test_zhang_mingwen_has_no_profile(private_media):
    seed()

    assert not Profile.objects.filter(lawyer__licence_no=ZHANG_MINGWEN_LICENCE).exists()


def test_wang_lei_has_a_complete_profile_under_review(private_media):
    seed()

    profile = profile_of("王雷")
    assert profile.state == ProfileState.SUBMITTED
    assert profile.submitted_at is not None
    assert services.missing_items(profile) == []
    assert profile.photo


def test_li_hong_is_approved_with_two_pending_changes(private_media):
    seed()

    profile = profile_of("李红")
    assert profile.state == ProfileState.APPROVED
    assert profile.reviewed_by.username == "admin"
    changes = list(profile.changes.all())
    assert len(changes) == 2
    assert {change.subject for change in changes} == {"律师", "获奖情况"}
    assert all(change.state == ChangeState.PENDING for change in changes)


def test_demo_photo_meets_the_manuals_requirements():
    image = Image.open(io.BytesIO(demo_photo()))

    assert image.format == "JPEG"
    assert image.size == (358, 441)
    assert round(image.info["dpi"][0]) >= 350
    assert len(demo_photo()) < 1024 * 1024


def test_seed_demo_twice_creates_the_demo_profiles_once(private_media):
    seed()
    counts = (Profile.objects.count(), ProfileChange.objects.count(), profile_of("王雷").education_entries.count())

    seed()

    assert (Profile.objects.count(), ProfileChange.objects.count(), profile_of("王雷").education_entries.count()) == (
        counts
    )
    assert counts[0] == 2
    assert Lawyer.objects.get(licence_no=ZHANG_MINGWEN_LICENCE).name == "张明文"
