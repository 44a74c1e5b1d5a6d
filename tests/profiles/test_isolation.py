"""Another lawyer's profile is never reachable, by any URL of the profile area: every page is
looked up through the logged-in lawyer, so another lawyer's entry is a 404, their photo and
PDF are never served, and other member kinds have no profile at all."""

import pytest
from django.urls import reverse

from member_center.profiles.models import Profile
from member_center.profiles.sections import SECTIONS
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    AwardFactory,
    FirmUserFactory,
    LawyerFactory,
    MemberUserFactory,
    PenaltyFactory,
    ProfileFactory,
    complete_profile,
)
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# Every URL of the area without an entry in it.
PAGES = [
    ("record", []), ("print", []), ("photo", []), ("photo_change", []), ("completion", []), ("basic", []),
    ("basic_step", ["practice"]), ("basic_step", ["photo"]), ("basic_step", ["confirm"]), ("submit", []),
    ("withdraw", []), ("change", []), ("change_basic", []),
    *[(name, [s.key]) for s in SECTIONS for name in ("section", "section_new", "section_none")],
]  # fmt: skip


POST_ONLY = {"submit", "withdraw", "section_none"}


def request(client, name, args):
    """GET the page, or POST to it when it takes only POSTs (a GET would be a 405 for anyone)."""
    method = client.post if name in POST_ONLY else client.get
    return method(reverse(f"profiles:{name}", args=args))


def entry_urls(profile):
    """The 修改 and 删除 addresses of every entry of `profile`."""
    for section in SECTIONS:
        for entry in section.entries(profile):
            for name in ("section_edit", "section_delete"):
                yield reverse(f"profiles:{name}", args=[section.key, entry.pk])


@pytest.fixture
def victim():
    """A lawyer with a full profile: one entry in every section."""
    profile = complete_profile(ProfileFactory())
    AwardFactory(profile=profile)
    PenaltyFactory(profile=profile)
    return profile


def logged_in(client, user):
    client.force_login(user, backend=MEMBER_BACKEND)
    return client


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_lawyers_entries_are_404_by_every_url(client, victim, method):
    logged_in(client, MemberUserFactory())
    urls = list(entry_urls(victim))
    assert len(urls) >= 8
    for url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert sum(section.entries(victim).count() for section in SECTIONS) == len(urls) // 2


def test_the_photo_and_the_pdf_are_always_the_viewers_own(client, victim):
    attacker = MemberUserFactory()
    logged_in(client, attacker)
    assert client.get(reverse("profiles:photo")).status_code == 404  # the attacker has no photo yet
    response = client.get(reverse("profiles:print"))
    assert response.status_code == 200
    pdf = body(response)
    assert victim.lawyer.name.encode("utf-16-be") not in pdf
    assert Profile.objects.get(lawyer=attacker.lawyer).pk != victim.pk


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_firm_accounts_have_no_profile(client, name, args):
    logged_in(client, FirmUserFactory())
    assert request(client, name, args).status_code == 404


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_trainees_have_no_profile(client, name, args):
    logged_in(client, MemberUserFactory(lawyer=LawyerFactory(trainee=True)))
    assert request(client, name, args).status_code == 404


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitors_are_sent_to_login(client, name, args):
    response = request(client, name, args)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("member_center:login"))


def test_staff_without_a_member_record_cannot_use_the_member_pages(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("profiles:completion")).status_code == 403


def test_no_firm_account_is_ever_given_a_profile(client):
    logged_in(client, FirmUserFactory())
    client.get(reverse("profiles:completion"))
    assert not Profile.objects.exists()
