"""Entries written before the shared workflow get their event's stable code (the data migrations'
portal.audit_codes.add_codes), so "all approvals" includes the old ones."""

import pytest
from auditlog.models import LogEntry
from django.apps import apps

from portal.audit import record
from portal.audit_codes import add_codes
from portal.workflow import event_label
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CODES = {"审核通过": "profiles.profile.approve"}
SUFFIXES = {"profiles.Profile": {"填报为无": ("profiles.profile.declare_none", "section")}}


def test_an_old_entry_gets_the_code_of_its_label():
    entry = record(ProfileFactory(), "审核通过", 审核意见="")
    add_codes(apps, {"profiles.Profile": CODES})
    entry.refresh_from_db()
    assert entry.additional_data["event"] == "profiles.profile.approve"
    assert LogEntry.objects.filter(additional_data__event="profiles.profile.approve").count() == 1


def test_a_label_with_a_detail_in_its_words_gets_the_detail_too():
    entry = record(ProfileFactory(), "教育经历填报为无")
    add_codes(apps, {"profiles.Profile": {}}, SUFFIXES)
    entry.refresh_from_db()
    assert entry.additional_data["event"] == "profiles.profile.declare_none"
    assert entry.additional_data["section"] == "教育经历"
    assert event_label(entry.additional_data) == "教育经历填报为无"


def test_entries_with_a_code_or_an_unknown_label_are_left_alone():
    profile = ProfileFactory()
    coded = record(profile, "旧的说法", code="profiles.profile.submit")
    unknown = record(profile, "别的事件")
    add_codes(apps, {"profiles.Profile": CODES}, SUFFIXES)
    coded.refresh_from_db()
    unknown.refresh_from_db()
    assert coded.additional_data["event"] == "profiles.profile.submit"
    assert "event" not in unknown.additional_data
