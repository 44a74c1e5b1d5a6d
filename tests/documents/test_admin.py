"""Staff's side of 公文 in the Wagtail admin (公文管理): writing a draft with its 传阅给, 发布,
发布更正, 追加传阅, 提醒未读, 上传附件, the document's page, 传阅情况 and its Excel export."""

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
from notices.models import DocumentState, OfficialDocument, Recipient
from tests.documents.helpers import draft, pdf, published, to_members
from tests.factories import LawyerFactory, StaffUserFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

LIST_URL = reverse("wagtailsnippets_notices_officialdocument:list")
ADD_URL = reverse("wagtailsnippets_notices_officialdocument:add")
RECEIPTS_URL = reverse("wagtailsnippets_notices_recipient:list")


def inspect_url(document):
    return reverse("wagtailsnippets_notices_officialdocument:inspect", args=[document.pk])


def action_url(document, action):
    return reverse("wagtailsnippets_notices_officialdocument:review_action", args=[document.pk, action])


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def manager(db):
    return StaffUserFactory(roles=[roles.DOCUMENT_MANAGERS])


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


def test_the_admin_menu_has_the_documents(manager_client):
    page = manager_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "公文管理".encode("unicode_escape").decode() in page  # the sidebar's JSON


def test_a_manager_writes_a_draft_with_its_circulation(manager_client):
    lawyer = LawyerFactory()
    data = {
        "number": "粤律协〔2026〕20号", "received_on": "2026-04-16", "issuer": "广东省律师协会",
        "issued_on": "2026-04-16", "secrecy": "secret", "title": "关于年度考核的通知", "keywords": "考核",
        "body": '{"blocks":[{"key":"a","text":"正文","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "circles-TOTAL_FORMS": "1", "circles-INITIAL_FORMS": "0", "circles-MIN_NUM_FORMS": "0",
        "circles-MAX_NUM_FORMS": "1000", "circles-0-kind": "members", "circles-0-practice_type": "",
        "circles-0-numbers": lawyer.licence_no, "circles-0-ORDER": "1", "circles-0-id": "", "circles-0-DELETE": "",
    }  # fmt: skip
    response = manager_client.post(ADD_URL, data)
    assert response.status_code == 302, text_of(response)[:2000]
    document = OfficialDocument.objects.get()
    assert document.state == DocumentState.DRAFT and document.circles.get().number_list() == [lawyer.licence_no]


def test_publishing_from_the_documents_page(manager_client, manager):
    lawyer = LawyerFactory()
    document = draft(circles=[to_members(lawyer)])
    page = text_of(manager_client.get(inspect_url(document)))
    assert "发布" in page and "传阅给" in page and "指定会员" in page
    response = manager_client.post(action_url(document, "publish"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == DocumentState.PUBLISHED and document.recipient_count == 1
    page = text_of(manager_client.get(inspect_url(document)))
    assert "已发布" in page and "已阅 0（已阅率 0.0%）" in page and "发布更正" in page
    assert "发布" in page  # the history


def test_a_refused_publish_says_why(manager_client):
    document = draft(circles=[])
    response = manager_client.post(action_url(document, "publish"))
    assert response.status_code == 200
    assert "请先添加传阅范围（传阅给）。" in text_of(response)


def test_a_correction_needs_its_note_and_then_is_the_next_version(manager_client):
    lawyer = LawyerFactory()
    document = published(lawyer)
    response = manager_client.post(action_url(document, "correct"), {"reason": ""})
    assert "请填写更正说明。" in text_of(response)
    manager_client.post(action_url(document, "correct"), {"reason": "更正时间"})
    document.refresh_from_db()
    assert document.version == 2
    assert "第2版" in text_of(manager_client.get(inspect_url(document)))


def test_uploading_attachments(manager_client):
    document = draft(circles=[to_members(LawyerFactory())])
    manager_client.post(action_url(document, "attach"), {"files": [pdf()]})
    assert document.attachments.get().original_name == "通知.pdf"


def test_remind_and_add_recipients(manager_client):
    lawyer = LawyerFactory()
    document = published(lawyer)
    manager_client.post(action_url(document, "remind"))
    response = manager_client.post(action_url(document, "add_recipients"))
    assert response.status_code == 302
    history = text_of(manager_client.get(inspect_url(document)))
    assert "提醒未读" in history


def test_staff_without_the_role_cannot_publish(db):
    lawyer = LawyerFactory()
    document = draft(circles=[to_members(lawyer)])
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.TECH_SUPPORT]))
    response = client.post(action_url(document, "publish"))
    assert response.status_code in (302, 403)
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT


def test_the_receipt_list_shows_who_read_which_version_when(manager_client):
    reader, idle = LawyerFactory(name="读者"), LawyerFactory(name="未读者")
    document = published(reader, idle)
    services.record_read(Recipient.objects.select_related("document").get(lawyer=reader))
    page = text_of(manager_client.get(RECEIPTS_URL, {"document": document.pk}))
    assert "读者" in page and "已阅" in page and "未读" in page
    unread = text_of(manager_client.get(RECEIPTS_URL, {"document": document.pk, "read": "unread"}))
    assert "未读者" in unread and " 读者 " not in unread


def test_the_receipt_list_exports_to_excel(manager_client):
    reader = LawyerFactory(name="读者")
    document = published(reader)
    services.record_read(Recipient.objects.select_related("document").get(lawyer=reader))
    response = manager_client.get(RECEIPTS_URL, {"document": document.pk, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("公文编号", "公文标题", "姓名 / 名称")
    assert rows[1][2] == "读者" and "已阅" in rows[1]


def test_receipts_cannot_be_edited_in_the_admin(manager_client):
    document = published(LawyerFactory())
    receipt = Recipient.objects.get(document=document)
    url = reverse("wagtailsnippets_notices_recipient:edit", args=[receipt.pk])
    assert manager_client.get(url).status_code in (302, 403)


def test_the_staff_dashboard_counts_the_drafts(manager_client):
    draft()
    assert "待发布的公文" in manager_client.get(reverse("wagtailadmin_home")).content.decode()


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_receipt_list_and_the_document_list_queries_do_not_grow_with_rows(manager_client):
    small = published(*LawyerFactory.create_batch(2))
    big = published(*LawyerFactory.create_batch(12), number="N-2")
    manager_client.get(RECEIPTS_URL)
    assert count_queries(manager_client, RECEIPTS_URL, document=small.pk) == count_queries(
        manager_client, RECEIPTS_URL, document=big.pk
    )
    few = count_queries(manager_client, LIST_URL)
    for n in range(5):
        published(LawyerFactory(), number=f"M-{n}")
    assert count_queries(manager_client, LIST_URL) == few


def test_the_receipt_list_names_its_document_once(manager_client):
    document = published(LawyerFactory())
    with CaptureQueriesContext(connection) as captured:
        page = text_of(manager_client.get(RECEIPTS_URL, {"document": document.pk}))
    assert "粤律协〔2026〕1号 关于年度考核的通知" in page
    asked = [q["sql"] for q in captured if 'FROM "notices_officialdocument"' in q["sql"] and '"title"' in q["sql"]]
    assert len(asked) <= 1
