"""The member menu's profile entries: shown to lawyers only, each active on its own pages."""

import pytest
from django.urls import reverse

from member_center.menu import menu_for
from tests.factories import FirmFactory, LawyerFactory

pytestmark = pytest.mark.django_db

ENTRIES = ["个人档案", "信息补全", "信息变更"]


def active(member, path):
    return [item["label"] for item in menu_for(member, path) if item["active"]]


def test_lawyers_see_the_three_profile_entries():
    labels = [item["label"] for item in menu_for(LawyerFactory(), "/member/")]
    assert all(entry in labels for entry in ENTRIES)


@pytest.mark.parametrize("member", [lambda: FirmFactory(), lambda: LawyerFactory(trainee=True)])
def test_firms_and_trainees_do_not(member):
    labels = [item["label"] for item in menu_for(member(), "/member/")]
    assert not any(entry in labels for entry in ENTRIES)


@pytest.mark.parametrize(
    ("url_name", "args", "entry"),
    [
        ("profiles:record", [], "个人档案"),
        ("profiles:completion", [], "信息补全"),
        ("profiles:basic_step", ["contact"], "信息补全"),
        ("profiles:section", ["education"], "信息补全"),
        ("profiles:section_edit", ["award", 3], "信息补全"),
        ("profiles:change", [], "信息变更"),
        ("profiles:change_basic", [], "信息变更"),
        ("profiles:photo_change", [], "信息变更"),
    ],
)
def test_the_active_entry_follows_the_page(url_name, args, entry):
    assert active(LawyerFactory(), reverse(url_name, args=args)) == [entry]
