"""portal.search: a staff search over several tables as one UNION, and its trigram indexes on
PostgreSQL (none on SQLite, which returns the same rows by a scan)."""

import pytest
from django.conf import settings
from django.db import connection

from certificates.models import CertificateApplication
from member_center.models import Lawyer
from portal import search
from portal.search import any_of, trigram_index_name
from tests.factories import LawyerFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="trigram indexes exist on PostgreSQL only"
)


def test_a_row_found_by_two_arms_is_one_row():
    lawyer = LawyerFactory(name="欧阳明辉")
    LawyerFactory(name="李小龙")
    by_name = Lawyer.objects.filter(name__contains="明辉").values("pk")
    by_licence = Lawyer.objects.filter(licence_no=lawyer.licence_no).values("pk")

    assert list(any_of(Lawyer.objects.all(), by_name, by_licence)) == [lawyer]


def test_more_rows_than_go_in_as_ids_are_all_found(monkeypatch):
    monkeypatch.setattr(search, "FEW_ROWS", 1)
    lawyers = {LawyerFactory(name="欧阳明辉"), LawyerFactory(name="欧阳明月")}
    LawyerFactory(name="李小龙")
    by_name = Lawyer.objects.filter(name__startswith="欧阳").values("pk")

    assert set(any_of(Lawyer.objects.all(), by_name, Lawyer.objects.none().values("pk"))) == lawyers


def test_the_outer_queryset_still_filters_what_the_arms_find():
    LawyerFactory(name="欧阳明辉")

    assert not any_of(Lawyer.objects.filter(name="李小龙"), Lawyer.objects.values("pk")).exists()


@postgres_only
@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("certificates_certificateapplication", "applicant_name"),
        ("certificates_certificateapplication", "number"),
        ("member_center_lawyer", "name"),
        ("member_center_lawyer", "licence_no"),
        ("activities_signup", "name"),
        ("tickets_ticket", "number"),
        ("cards_cardapplication", "name"),
        ("notifications_notification", "title"),
    ],
)
def test_on_postgresql_a_searched_column_has_a_trigram_index_on_what_icontains_compiles_to(table, column):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [trigram_index_name(table, column)])
        [(definition,)] = cursor.fetchall()

    assert f"gin (upper(({column})::text) gin_trgm_ops)" in definition


@postgres_only
def test_on_postgresql_an_icontains_on_a_searched_column_can_use_its_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is too small to want an index
        applicants = CertificateApplication.objects.filter(applicant_name__icontains="律师事务所").explain()
        lawyers = Lawyer.objects.filter(name__icontains="欧阳明").explain()

    assert trigram_index_name("certificates_certificateapplication", "applicant_name") in applicants
    assert trigram_index_name("member_center_lawyer", "name") in lawyers
