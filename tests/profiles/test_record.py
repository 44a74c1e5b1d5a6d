"""个人档案 (manual 002 §3.1) and 《律师基本信息登记表》 (§3.2.3): the whole record on one page,
and printed as an A4 PDF with its state, only ever the requester's own."""

import io
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

import portal.pdf
from member_center.profiles.rendering import photo_data_uri, render_register_pdf
from member_center.profiles.sections import SECTIONS
from tests.certificates.helpers import page_text, pdf_font_names, pdf_text, soup, squash
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    AwardFactory,
    EducationFactory,
    LawyerFactory,
    MemberUserFactory,
    ProfileFactory,
    complete_profile,
    profile_in_state,
)

RECORD_URL = reverse("profiles:record")
PRINT_URL = reverse("profiles:print")
CHANGE_NOTE = "注:变更信息前需要先对个人信息进行补全,变更信息用于信息补全审核通过后,对信息的维护修改。"


def record_page(client):
    response = client.get(RECORD_URL)
    assert response.status_code == 200
    return response


def pdf_of(client) -> bytes:
    response = client.get(PRINT_URL)
    assert response.status_code == 200
    return response.content


# --- 个人档案 ---------------------------------------------------------------------------------------


def test_record_shows_the_roster_data_and_basic_information(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))

    text = page_text(record_page(lawyer_client))

    for value in (lawyer.name, lawyer.licence_no, lawyer.id_number, lawyer.firm.name, lawyer.authority):
        assert value in text
    for value in ("1985-03-12", "广州明法律师事务所党支部", "A20084401000123", "民事诉讼、合同纠纷", "13800138000"):
        assert value in text


def test_record_shows_the_photo_from_the_private_view(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))

    document = soup(record_page(lawyer_client))

    assert document.select_one(".pf-register__photo img")["src"].startswith(reverse("profiles:photo"))


def test_record_shows_every_section_with_its_entries_or_status(lawyer_client, lawyer, private_media):
    profile = complete_profile(ProfileFactory(lawyer=lawyer))
    profile.declared_none = ["family"]
    profile.save()
    AwardFactory(profile=profile, content="广州市优秀律师")

    document = soup(record_page(lawyer_client))

    headings = [h2.get_text(" ", strip=True) for h2 in document.select(".pf-section h2")]
    assert [heading.split()[0] for heading in headings] == [section.label for section in SECTIONS]
    sections = {
        h2.get_text(" ", strip=True).split()[0]: h2.find_parent("section") for h2 in document.select(".pf-section h2")
    }
    assert "中山大学" in sections["教育经历"].get_text()
    assert "广州市优秀律师" in sections["获奖情况"].get_text()
    assert "已填报为无" in sections["家庭成员"].get_text()
    assert "待填写" in sections["惩罚情况"].get_text()


def test_record_shows_the_state(lawyer_client, lawyer, private_media):
    profile_in_state("submitted", lawyer=lawyer)

    document = soup(record_page(lawyer_client))

    assert document.select_one("[data-profile-state]").get_text(strip=True) == "审核中"


def test_record_shows_the_review_opinion_when_rejected(lawyer_client, lawyer, private_media):
    profile_in_state("rejected", lawyer=lawyer)

    text = page_text(record_page(lawyer_client))

    assert "审核意见：您填报信息不符合要求，请重新填写" in text


def test_an_approved_record_offers_i_want_to_change(lawyer_client, lawyer, private_media):
    profile_in_state("approved", lawyer=lawyer)

    response = record_page(lawyer_client)

    link = soup(response).find("a", string="我要变更")
    assert link["href"] == reverse("profiles:change")
    assert squash(CHANGE_NOTE) not in squash(page_text(response))


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
def test_before_approval_the_record_says_to_complete_first(lawyer_client, lawyer, private_media, state):
    profile_in_state(state, lawyer=lawyer)

    response = record_page(lawyer_client)

    document = soup(response)
    assert document.find("a", string="我要变更") is None
    assert squash(CHANGE_NOTE) in squash(page_text(response))
    assert document.find("a", string="信息补全", class_="mc-button")["href"] == reverse("profiles:completion")


def test_a_new_lawyers_record_is_an_empty_draft(lawyer_client):
    document = soup(record_page(lawyer_client))

    assert document.select_one("[data-profile-state]").get_text(strip=True) == "填写中"
    assert "请上传图片" in document.select_one(".pf-register").get_text()


def test_record_links_the_register_with_its_state(lawyer_client, lawyer, private_media):
    profile_in_state("submitted", lawyer=lawyer)

    link = soup(record_page(lawyer_client)).find("a", href=PRINT_URL)

    assert link.get_text(strip=True) == "打印《律师基本信息登记表》（材料审核中）"


def queries_for_record(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        record_page(client)
    return len(queries)


def test_record_queries_do_not_grow_with_the_number_of_entries(lawyer_client, lawyer, private_media):
    profile = complete_profile(ProfileFactory(lawyer=lawyer))
    record_page(lawyer_client)  # the first visit of a session also fills per-session caches
    with_one_each = queries_for_record(lawyer_client)
    for _ in range(9):
        EducationFactory(profile=profile)
        AwardFactory(profile=profile)

    assert queries_for_record(lawyer_client) == with_one_each


def test_a_firm_has_no_record(firm_client):
    assert firm_client.get(RECORD_URL).status_code == 404


# --- 《律师基本信息登记表》 ------------------------------------------------------------------------------


def test_the_register_is_an_inline_pdf_named_as_the_manual_names_it(lawyer_client):
    response = lawyer_client.get(PRINT_URL)

    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert "律师基本信息登记表.pdf" in unquote(disposition)
    assert "no-store" in response["Cache-Control"]


def test_the_register_is_a4(lawyer_client):
    page = PdfReader(io.BytesIO(pdf_of(lawyer_client))).pages[0]

    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_register_has_chinese_glyphs(lawyer_client):
    fonts = pdf_font_names(pdf_of(lawyer_client))

    assert any("Noto" in font and "CJK" in font for font in fonts), fonts


@pytest.mark.parametrize(
    ("state", "label"), [("draft", "尚未提交审核"), ("submitted", "材料审核中"), ("approved", "审核通过")]
)
def test_the_register_prints_its_state(lawyer_client, lawyer, private_media, state, label):
    profile_in_state(state, lawyer=lawyer)

    assert label in pdf_text(pdf_of(lawyer_client))


def test_the_register_holds_the_whole_record(lawyer_client, lawyer, private_media):
    profile = complete_profile(ProfileFactory(lawyer=lawyer))
    AwardFactory(profile=profile, content="广州市优秀律师")

    text = squash(pdf_text(pdf_of(lawyer_client)))

    for value in ("律师基本信息登记表", "律师基础信息登记表", lawyer.name, lawyer.id_number, "打印日期"):
        assert squash(value) in text
    for section in SECTIONS:
        assert section.label in text
    assert "中山大学" in text
    assert "广州市优秀律师" in text


def test_the_register_embeds_the_photo(lawyer, private_media):
    profile = complete_profile(ProfileFactory(lawyer=lawyer))

    assert photo_data_uri(profile).startswith("data:image/jpeg;base64,")
    page = PdfReader(io.BytesIO(render_register_pdf(profile))).pages[0]
    assert page["/Resources"].get("/XObject"), "no image in the PDF"


def test_the_register_is_only_ever_the_requesters_own(lawyer_client, lawyer, firm, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))
    other_lawyer = LawyerFactory(firm=firm, name="欧阳明远")
    other = Client()
    other.force_login(MemberUserFactory(lawyer=other_lawyer), backend=MEMBER_BACKEND)

    text = pdf_text(pdf_of(other))

    assert "欧阳明远" in text
    assert lawyer.name not in text
    assert lawyer.id_number not in text


def test_a_firm_cannot_print_a_register(firm_client):
    assert firm_client.get(PRINT_URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login_for_the_register(client):
    response = client.get(PRINT_URL)

    assert response.status_code == 302
    assert "login" in response.url


def test_printing_an_unchanged_register_again_lays_it_out_once(lawyer, private_media, monkeypatch):
    layouts = []
    real = portal.pdf.html_to_pdf
    monkeypatch.setattr(portal.pdf, "html_to_pdf", lambda html: layouts.append(html) or real(html))
    profile = complete_profile(ProfileFactory(lawyer=lawyer))

    first = render_register_pdf(profile)
    assert render_register_pdf(profile) == first
    assert len(layouts) == 1

    AwardFactory(profile=profile, content="广州市十佳律师")
    changed = render_register_pdf(profile)
    assert len(layouts) == 2
    assert "广州市十佳律师" in layouts[1]
    assert changed != first


def test_the_kept_register_is_in_private_storage_only_the_latest_per_profile(lawyer, private_media):
    from django.core.cache import cache
    from django.core.files.storage import storages

    from member_center.profiles.rendering import REGISTER_PDF_FOLDER

    profile = complete_profile(ProfileFactory(lawyer=lawyer))
    cache.clear()
    render_register_pdf(profile)
    AwardFactory(profile=profile, content="广州市十佳律师")
    latest = render_register_pdf(profile)

    storage = storages["private"]
    [kept] = storage.listdir(f"{REGISTER_PDF_FOLDER}/{profile.pk}")[1]
    with storage.open(f"{REGISTER_PDF_FOLDER}/{profile.pk}/{kept}", "rb") as file:
        assert file.read() == latest
    assert cache.get("profiles:register-pdf") is None  # nothing personal in the shared cache
    local = getattr(cache, "_cache", None)  # the locmem cache's dict; Redis's client is not one
    assert not isinstance(local, dict) or not any("register" in key for key in local)
