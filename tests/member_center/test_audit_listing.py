"""会员管理 → 操作记录 and the staff exports: what staff read is in words, never stored values."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from member_center.profiles import services as profile_services
from tests.factories import FirmFactory, LawyerFactory, StaffUserFactory, profile_in_state
from tests.http import body

from .utils import admin_index_url, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return StaffUserFactory(superuser=True, last_name="周", first_name="晓云")


@pytest.fixture
def staff_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


def approve_a_profile(reviewer, opinion="信息齐全"):
    profile = profile_in_state("submitted")
    profile_services.approve(profile, by=reviewer, opinion=opinion)
    return profile


def test_the_audit_log_reads_in_chinese(staff_client, reviewer):
    approve_a_profile(reviewer)

    html = page_text(staff_client.get(reverse("logentry:index")))

    table = re.search(r'<table class="listing.*?</thead>', html, re.S).group(0)
    headings = [re.sub(r"<[^>]+>|\s", "", heading) for heading in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    assert [heading for heading in headings if heading] == [
        "时间", "操作人", "对象", "类别", "操作", "内容"
    ]  # fmt: skip
    for english in ("Timestamp", "Actor", "Object representation", "Additional data"):
        assert english not in html


def test_the_audit_log_shows_one_approval_in_words(staff_client, reviewer):
    approve_a_profile(reviewer, opinion="信息齐全")

    html = page_text(staff_client.get(reverse("logentry:index")))

    assert "审核通过" in html
    assert "审核中 → 已通过" in html
    assert "审核人：— → 周晓云" in html  # the reviewer by name, not his id
    assert html.count("信息齐全") == 1  # the opinion once, though the move saved it and recorded it
    assert "审核意见：信息齐全" in html
    assert "{&#x27;" not in html and "{'" not in html  # no stored dict


def test_the_audit_log_shows_local_time_to_the_second(staff_client, reviewer, time_machine):
    time_machine.move_to("2026-03-02 01:02:03.456789+00:00", tick=False)
    approve_a_profile(reviewer)

    html = page_text(staff_client.get(reverse("logentry:index")))

    assert "2026-03-02 09:02:03" in html  # Asia/Shanghai
    assert "456789" not in html


def test_confirming_the_basic_information_is_one_entry(reviewer):
    from auditlog.models import LogEntry

    profile = profile_in_state("draft")
    profile.basic_confirmed_at = None
    profile.save()
    before = LogEntry.objects.get_for_object(profile).count()

    profile_services.confirm_basic(profile, by=None)

    entries = list(LogEntry.objects.get_for_object(profile).order_by("pk"))[before:]
    assert len(entries) == 1
    assert entries[0].additional_data["event"] == "profiles.profile.confirm_basic"
    assert "basic_confirmed_at" in entries[0].changes_dict


def test_the_audit_log_page_runs_the_same_queries_for_more_entries(staff_client, reviewer):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("logentry:index")).status_code == 200
        return len(captured)

    approve_a_profile(reviewer)
    few = queries()
    for _ in range(4):
        approve_a_profile(reviewer)

    assert queries() == few


def test_the_audit_log_exports_in_words(staff_client, reviewer):
    approve_a_profile(reviewer)

    response = staff_client.get(reverse("logentry:index"), {"export": "csv"})
    text = body(response).decode("utf-8")

    assert text.startswith("\ufeff时间,操作人,对象,类别,操作,内容")
    assert "审核人：— → 周晓云" in text


def test_a_csv_export_starts_with_a_bom_and_names_its_file(staff_client):
    LawyerFactory(firm=FirmFactory(), name="欧阳明辉")

    response = staff_client.get(admin_index_url("lawyer"), {"export": "csv"})
    text = body(response).decode("utf-8")

    assert text.startswith("\ufeff")  # Excel reads the Chinese as UTF-8
    assert "filename*=utf-8''%E5%BE%8B%E5%B8%88%E5%90%8D%E5%8D%95.csv" in response["Content-Disposition"]
    assert "欧阳明辉" in text
    assert ",执业\r\n" in text and "practising" not in text  # the status in words


def test_a_csv_export_gives_times_local_without_microseconds(staff_client, time_machine):
    time_machine.move_to("2026-03-02 01:02:03.456789+00:00", tick=False)
    profile_in_state("submitted")

    response = staff_client.get("/admin/snippets/profiles/profile/", {"export": "csv"})
    text = body(response).decode("utf-8")

    assert "2026-03-02 09:02" in text
    assert "+00:00" not in text and "456789" not in text
