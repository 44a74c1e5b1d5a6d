"""Staff's side of 会员卡 in the Wagtail admin: the pipeline, one application's page and its
actions, the bulk moves, 制卡导出, the dashboard counts, the member's roster page."""

import io
import zipfile

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from member_center import roles
from member_center.cards.models import ApplicationKind, ApplicationState, CardBatch
from tests.cards.helpers import apply, in_state
from tests.factories import LawyerFactory, StaffUserFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = ApplicationState
LIST_URL = reverse("wagtailsnippets_cards_cardapplication:list")


def inspect_url(application):
    return reverse("wagtailsnippets_cards_cardapplication:inspect", args=[application.pk])


def action_url(application, action):
    return reverse("wagtailsnippets_cards_cardapplication:review_action", args=[application.pk, action])


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def manager(db):
    return StaffUserFactory(roles=[roles.MEMBER_MANAGERS])


@pytest.fixture
def staff(manager):
    client = Client()
    client.force_login(manager)
    return client


def test_the_pipeline_filters_by_state_and_kind_and_searches_by_name(staff):
    pending = apply(LawyerFactory(name="陈一"))
    accepted = in_state(S.ACCEPTED, LawyerFactory(name="周二"))
    page = text_of(staff.get(LIST_URL, {"state": S.PENDING}))
    assert pending.number in page and accepted.number not in page
    page = text_of(staff.get(LIST_URL, {"kind": ApplicationKind.FIRST}))
    assert pending.number in page and accepted.number in page
    page = text_of(staff.get(LIST_URL, {"q": "周二"}))
    assert accepted.number in page and pending.number not in page
    page = text_of(staff.get(LIST_URL, {"q": pending.licence_no}))
    assert pending.number in page


def test_accept_from_the_applications_page(staff):
    application = apply()
    page = text_of(staff.get(inspect_url(application)))
    assert "受理" in page and application.licence_no in page
    staff.post(action_url(application, "accept"))
    application.refresh_from_db()
    assert application.state == S.ACCEPTED
    assert "受理" in text_of(staff.get(inspect_url(application)))  # the history


def test_reject_needs_a_reason_beside_the_field(staff):
    application = apply()
    response = staff.post(action_url(application, "reject"), {"reason": ""})
    assert "请填写驳回理由。" in text_of(response)
    staff.post(action_url(application, "reject"), {"reason": "照片不符合证件照要求"})
    application.refresh_from_db()
    assert (application.state, application.reject_reason) == (S.REJECTED, "照片不符合证件照要求")


def test_made_asks_where_and_when(staff):
    application = in_state(S.MAKING)
    staff.post(action_url(application, "made"), {"pickup_place": "一楼大厅", "pickup_time": "周一至周五"})
    application.refresh_from_db()
    assert (application.state, application.pickup_place) == (S.MADE, "一楼大厅")


def test_the_staff_sees_the_photo(staff):
    application = apply()
    response = staff.get(reverse("cards:photo", args=[application.number]))
    assert response["Content-Type"] == "image/jpeg"
    body(response)


def test_staff_without_the_role_may_not_act():
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    application = apply()
    response = client.post(action_url(application, "accept"))
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.state == S.PENDING


def test_bulk_accept_moves_the_pending_and_skips_the_others(staff):
    pending, accepted = apply(), in_state(S.ACCEPTED)
    url = reverse("wagtail_bulk_action", args=["cards", "cardapplication", "card_accept"])
    query = f"?id={pending.pk}&id={accepted.pk}&next={LIST_URL}"
    assert "将以下 1 份会员卡申请转为“已受理”" in text_of(staff.get(url + query))
    staff.post(url + query)
    pending.refresh_from_db()
    assert pending.state == S.ACCEPTED


def test_the_batch_export_makes_a_zip_of_the_sheet_and_the_photos(staff):
    accepted = [in_state(S.ACCEPTED) for _ in range(2)]
    apply()  # pending: not in the batch
    staff.post(reverse("cards_admin:export_batch"))
    batch = CardBatch.objects.get()
    assert batch.size == 2
    for application in accepted:
        application.refresh_from_db()
        assert application.state == S.PRINTED
    response = staff.get(reverse("cards_admin:download_batch", args=[batch.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {f"photos/{a.licence_no}.jpg" for a in accepted} <= names
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read("制卡清单.xlsx"))).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("卡号", "姓名", "性别", "执业证号", "执业机构")
    assert {row[3] for row in rows[1:]} == {a.licence_no for a in accepted}
    assert all(
        f"/verify/member/{a.card_token}/" in row[9] for a in accepted for row in rows[1:] if row[3] == a.licence_no
    )


def test_the_dashboard_counts_pending_applications(staff):
    apply()
    page = text_of(staff.get(reverse("wagtailadmin_home")))
    assert "待审核的会员卡申请 1 不到 1 分钟" in page
    assert "制卡中的会员卡申请 0 —" in page  # every state of the pipeline has its row


def test_the_members_roster_page_lists_his_applications(staff):
    application = apply()
    page = text_of(staff.get(reverse("lawyer:inspect", args=[application.lawyer.pk])))
    assert application.number in page


def test_the_cards_loss_shows_on_its_applications_page(staff):
    from member_center.cards import services
    from tests.cards.helpers import with_card
    from tests.factories import MemberUserFactory

    card = with_card()
    services.report_lost(card, MemberUserFactory(lawyer=card.lawyer))
    page = text_of(staff.get(inspect_url(card.application)))
    assert "会员卡记录" in page and "挂失" in page
