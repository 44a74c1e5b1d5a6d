"""传阅情况 per version: staff see every version each recipient opened and when, whether he has
read the current one, filter 未读当前版本 / 已阅旧版本 / 已阅, and export the same to Excel (one row
per recipient, one column per version). Only 公文管理 and superusers see it."""

import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from member_center import roles
from notices import services
from notices.models import ReadReceipt, Recipient
from tests.documents.helpers import published
from tests.factories import LawyerFactory, StaffUserFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

RECEIPTS_URL = reverse("wagtailsnippets_notices_recipient:list")


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def read(document, lawyer):
    services.record_read(Recipient.objects.select_related("document").get(document=document, lawyer=lawyer))


@pytest.fixture
def manager_client(db):
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.DOCUMENT_MANAGERS]))
    return client


@pytest.fixture
def corrected():
    """A document in its 2nd version: 新读者 read both, 旧读者 only the 1st, 未读者 none."""
    both, old, idle = LawyerFactory(name="新读者"), LawyerFactory(name="旧读者"), LawyerFactory(name="未读者")
    document = published(both, old, idle)
    read(document, both)
    read(document, old)
    staff = StaffUserFactory(superuser=True)
    document = services.correct(document, staff, "更正时间")
    read(document, both)
    return document


def names_in(client, **params) -> set:
    soup = BeautifulSoup(client.get(RECEIPTS_URL, params).content, "html.parser")
    cells = {cell.get_text(strip=True) for cell in soup.select("table.listing tbody td")}
    return cells & {"新读者", "旧读者", "未读者"}


def test_each_recipient_shows_every_version_he_opened_and_when(manager_client, corrected):
    page = text_of(manager_client.get(RECEIPTS_URL, {"document": corrected.pk}))
    assert "阅读记录（版本及时间）" in page
    both = ReadReceipt.objects.filter(recipient__lawyer__name="新读者").order_by("version")
    assert [r.version for r in both] == [1, 2]
    assert "第1版" in page and "第2版" in page
    assert "已阅旧版本（第1版）" in page and "未读" in page


def test_the_filters_unread_current_read_old_and_read(manager_client, corrected):
    assert names_in(manager_client, document=corrected.pk, read="unread") == {"旧读者", "未读者"}
    assert names_in(manager_client, document=corrected.pk, read="old") == {"旧读者"}
    assert names_in(manager_client, document=corrected.pk, read="read") == {"新读者"}
    assert names_in(manager_client, document=corrected.pk) == {"新读者", "旧读者", "未读者"}


def test_the_export_has_a_column_per_version(manager_client, corrected):
    response = manager_client.get(RECEIPTS_URL, {"document": corrected.pk, "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(body(response))).active.values)
    heading = rows[0]
    assert heading[-2:] == ("第1版阅读时间", "第2版阅读时间")
    assert "当前版本" in heading and "阅读情况" in heading
    by_name = {row[heading.index("姓名 / 名称")]: row for row in rows[1:]}
    assert by_name["新读者"][-1] is not None and by_name["新读者"][-2] is not None
    assert by_name["旧读者"][-2] is not None and by_name["旧读者"][-1] is None
    assert by_name["旧读者"][heading.index("阅读情况")] == "已阅旧版本（第1版）"
    assert by_name["未读者"][-2:] == (None, None)


def test_the_filtered_export_keeps_the_filter(manager_client, corrected):
    response = manager_client.get(RECEIPTS_URL, {"document": corrected.pk, "read": "old", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(body(response))).active.values)
    assert [row[rows[0].index("姓名 / 名称")] for row in rows[1:]] == ["旧读者"]


def queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(RECEIPTS_URL, params)
        if params.get("export"):
            body(response)
    return len(captured)


@pytest.mark.parametrize("export", ["", "xlsx"])
def test_queries_stay_flat_with_the_recipients_and_their_receipts(manager_client, export):
    small = published(*LawyerFactory.create_batch(2))
    lawyers = LawyerFactory.create_batch(15)
    big = published(*lawyers, number="N-2")
    for lawyer in lawyers:
        read(big, lawyer)
    big = services.correct(big, StaffUserFactory(superuser=True), "更正")
    for lawyer in lawyers[:5]:
        read(big, lawyer)
    params = {"export": export} if export else {}
    queries(manager_client, document=small.pk, **params)
    assert queries(manager_client, document=small.pk, **params) == queries(manager_client, document=big.pk, **params)


@pytest.mark.parametrize("role", [roles.CONTENT_EDITORS, roles.TECH_SUPPORT])
def test_only_document_managers_and_superusers_see_the_receipts(corrected, role):
    client = Client()
    client.force_login(StaffUserFactory(roles=[role]))
    for params in ({"document": corrected.pk}, {"document": corrected.pk, "export": "xlsx"}):
        response = client.get(RECEIPTS_URL, params)
        assert response.status_code in (302, 403)
        assert "旧读者" not in response.content.decode()
    boss = Client()
    boss.force_login(StaffUserFactory(superuser=True))
    assert "旧读者" in boss.get(RECEIPTS_URL, {"document": corrected.pk}).content.decode()


def test_members_cannot_reach_the_receipts(lawyer_client, corrected):
    response = lawyer_client.get(RECEIPTS_URL, {"document": corrected.pk})
    assert response.status_code in (302, 403)
    assert "旧读者" not in response.content.decode()


def test_the_documents_page_counts_the_old_version_readers(manager_client, corrected):
    url = reverse("wagtailsnippets_notices_officialdocument:inspect", args=[corrected.pk])
    page = text_of(manager_client.get(url))
    assert "已阅旧版本 1 （须重新查阅第2版）" in page and "未读当前版本" in page
