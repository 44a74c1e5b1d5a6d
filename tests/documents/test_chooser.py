"""传阅给's member chooser: staff search practising lawyers and firms by name, number or pinyin in
Wagtail's chooser modal and pick several; the numbers (chosen or pasted from Excel) are checked
beside the field, naming the unknown and non-practising ones, with everything else kept; and the
chosen members are the recipients at publishing."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from member_center import roles
from member_center.member_chooser import split_numbers
from member_center.models import RosterStatus
from member_center.roster_search import matches_pinyin, name_pinyin
from notices import services
from notices.models import CircleKind, OfficialDocument, Recipient
from portal.workflow import WorkflowError
from tests.documents.helpers import draft
from tests.factories import FirmFactory, LawyerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("wagtailsnippets_notices_officialdocument:add")
LAWYERS = reverse("member_lawyer_chooser:choose")
LAWYER_RESULTS = reverse("member_lawyer_chooser:choose_results")
FIRMS = reverse("member_firm_chooser:choose")


@pytest.fixture
def manager_client(db):
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.DOCUMENT_MANAGERS]))
    return client


def form_data(numbers: str, kind: str = "members", **fields) -> dict:
    return {
        "number": "粤律协〔2026〕30号", "received_on": "2026-04-16", "issuer": "广东省律师协会",
        "issued_on": "2026-04-16", "secrecy": "normal", "title": "关于培训的通知", "keywords": "培训",
        "body": '{"blocks":[{"key":"a","text":"正文","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "circles-TOTAL_FORMS": "1", "circles-INITIAL_FORMS": "0", "circles-MIN_NUM_FORMS": "0",
        "circles-MAX_NUM_FORMS": "1000", "circles-0-kind": kind, "circles-0-practice_type": "",
        "circles-0-numbers": numbers, "circles-0-ORDER": "1", "circles-0-id": "", "circles-0-DELETE": "", **fields,
    }  # fmt: skip


def results(client, url, q) -> str:
    response = client.get(url, {"q": q, "multiple": "1"})
    assert response.status_code == 200
    return response.content.decode()


# --- the numbers -------------------------------------------------------------------------------


def test_numbers_pasted_from_excel_split_by_line_tab_or_comma():
    assert split_numbers("A1\r\nA2\tA3，A4, A1\n\n") == ["A1", "A2", "A3", "A4"]


def test_pinyin_of_a_name_full_and_initials():
    assert name_pinyin("张明文") == ("zhangmingwen", "zmw")
    assert matches_pinyin("张明文", "zhangm") and matches_pinyin("张明文", "zmw")
    assert matches_pinyin("张明文", "mingwen") and not matches_pinyin("张明文", "wl")


# --- the chooser -------------------------------------------------------------------------------


def test_the_chooser_finds_practising_lawyers_by_name_number_and_pinyin(manager_client):
    zhang = LawyerFactory(name="张明文", licence_no="14401201110000001")
    LawyerFactory(name="王雷", licence_no="14401201110000002")
    LawyerFactory(name="张明武", status=RosterStatus.CANCELLED)
    for query in ("张明", "0000001", "zhangmingwen", "zmw", "ZMW"):
        page = results(manager_client, LAWYER_RESULTS, query)
        assert "张明文" in page and "王雷" not in page, query
        assert "张明武" not in page  # not practising: nobody to send to
    assert zhang.firm.name in results(manager_client, LAWYER_RESULTS, "zmw")


def test_the_chooser_offers_several_at_once_and_answers_with_their_numbers(manager_client):
    zhang, wang = LawyerFactory(name="张明文"), LawyerFactory(name="王雷")
    modal = json.loads(manager_client.get(LAWYERS, {"multiple": "1"}).content)
    assert 'type="checkbox"' in modal["html"] and "执业证号" in modal["html"]
    chosen = manager_client.get(
        reverse("member_lawyer_chooser:chosen_multiple"), {"id": [zhang.pk, wang.pk], "multiple": 1}
    )
    result = json.loads(chosen.content)["result"]
    assert {(item["name"], item["number"]) for item in result} == {
        ("张明文", zhang.licence_no),
        ("王雷", wang.licence_no),
    }


def test_the_firm_chooser_finds_firms_by_licence_number(manager_client):
    firm = FirmFactory(name="广东明法律师事务所")
    modal = json.loads(manager_client.get(FIRMS, {"q": firm.licence_no, "multiple": "1"}).content)
    assert "广东明法律师事务所" in modal["html"] and "执业许可证号" in modal["html"]


def test_the_chooser_is_for_staff_who_may_see_the_roster(db):
    LawyerFactory(name="张明文")
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    response = client.get(LAWYER_RESULTS, {"q": "张"})
    assert response.status_code in (302, 403) and "张明文" not in response.content.decode()


# --- the editor's form -------------------------------------------------------------------------


def test_the_form_shows_the_chooser_and_the_picked_names(manager_client):
    zhang = LawyerFactory(name="张明文")
    assert "选择律师事务所" in manager_client.get(ADD_URL).content.decode()
    # Sent back for another field: the numbers are shown with their names.
    page = manager_client.post(ADD_URL, form_data(zhang.licence_no, title="")).content.decode()
    assert "选择律师" in page and "选择律师事务所" in page and "js/member_chooser.js" in page
    picked = BeautifulSoup(page, "html.parser").select_one("[data-member-picked]").get_text()
    assert f"张明文（{zhang.licence_no}）" in picked


def test_unknown_and_non_practising_numbers_are_named_beside_the_field_and_nothing_is_lost(manager_client):
    good = LawyerFactory(name="张明文")
    gone = LawyerFactory(name="李已销", status=RosterStatus.CANCELLED)
    typed = f"{good.licence_no}\n{gone.licence_no}\n99999999999999999"
    response = manager_client.post(ADD_URL, form_data(typed))
    assert response.status_code == 200
    assert not OfficialDocument.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    textarea = soup.select_one("textarea[name=circles-0-numbers]")
    field = textarea.find_parent(class_="w-field") or textarea.find_parent("div")
    error = field.get_text(" ", strip=True)
    assert "以下号码查无此会员：99999999999999999" in error
    assert f"以下会员不在执业状态：李已销（{gone.licence_no}）" in error
    assert textarea.get_text().strip().splitlines() == typed.splitlines()
    assert soup.select_one("input[name=title]")["value"] == "关于培训的通知"


def test_a_firm_lawyers_group_wants_firm_numbers(manager_client):
    lawyer = LawyerFactory()
    response = manager_client.post(ADD_URL, form_data(lawyer.licence_no, kind="firm_lawyers"))
    assert "须填写律师事务所的执业许可证号" in response.content.decode()


def test_chosen_and_pasted_numbers_save(manager_client):
    zhang, firm = LawyerFactory(name="张明文"), FirmFactory()
    response = manager_client.post(ADD_URL, form_data(f"{zhang.licence_no}\t{firm.licence_no}"))
    assert response.status_code == 302
    assert OfficialDocument.objects.get().circles.get().number_list() == [zhang.licence_no, firm.licence_no]


# --- publishing --------------------------------------------------------------------------------


def test_publishing_resolves_the_chosen_members_into_recipients():
    zhang, wang, firm = LawyerFactory(name="张明文"), LawyerFactory(name="王雷", member_no="M-1"), FirmFactory()
    firm_lawyers = LawyerFactory.create_batch(2, firm=FirmFactory(name="乙所"))
    document = draft(
        circles=[
            (CircleKind.MEMBERS, f"{zhang.licence_no}\nM-1，{firm.licence_no}"),
            (CircleKind.FIRM_LAWYERS, firm_lawyers[0].firm.licence_no),
        ]
    )
    document = services.publish(document, StaffUserFactory(superuser=True))
    got = {(r.lawyer_id, r.firm_id) for r in Recipient.objects.filter(document=document)}
    assert got == {(zhang.pk, None), (wang.pk, None), (None, firm.pk), *((lw.pk, None) for lw in firm_lawyers)}


def test_publishing_refuses_a_member_who_stopped_practising_since_and_names_him():
    zhang = LawyerFactory(name="张明文")
    document = draft(circles=[(CircleKind.MEMBERS, zhang.licence_no)])
    zhang.status = RosterStatus.CANCELLED
    zhang.save()
    with pytest.raises(WorkflowError, match="张明文"):
        services.publish(document, StaffUserFactory(superuser=True))


def test_a_kept_number_of_a_member_who_stopped_practising_does_not_block_editing(manager_client):
    zhang, wang = LawyerFactory(name="张明文"), LawyerFactory(name="王雷")
    document = services.publish(
        draft(circles=[(CircleKind.MEMBERS, f"{zhang.licence_no}\n{wang.licence_no}")]),
        StaffUserFactory(superuser=True),
    )
    circle = document.circles.get()
    wang.status = RosterStatus.CANCELLED
    wang.save()
    url = reverse("wagtailsnippets_notices_officialdocument:edit", args=[document.pk])
    data = form_data(circle.numbers, title="关于培训的通知（更正）", **{
        "circles-INITIAL_FORMS": "1", "circles-0-id": str(circle.pk), "number": document.number,
    })  # fmt: skip
    assert manager_client.post(url, data).status_code == 302
    newcomer = LawyerFactory(name="新会员")
    circle.numbers += f"\n{newcomer.licence_no}"
    circle.save()
    assert services.add_recipients(document, StaffUserFactory(superuser=True)) == 1  # 王雷 is not asked about
