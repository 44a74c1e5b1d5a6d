"""信息补全 (manual 002 §3.2.3, §3.2.4): the board 信息补全完成情况 with each item's status,
填报为无, 正式提交审核 (refused while something is missing), 撤回信息补全申请, and the board after
驳回 and after approval."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from member_center.profiles import services
from member_center.profiles.models import ProfileState
from member_center.profiles.sections import SECTIONS
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    AwardFactory,
    EducationFactory,
    FirmUserFactory,
    ProfileFactory,
    StaffUserFactory,
    WorkExperienceFactory,
    profile_in_state,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

BOARD = reverse("profiles:completion")
SUBMIT = reverse("profiles:submit")
WITHDRAW = reverse("profiles:withdraw")


def text(response) -> str:
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def board_rows(response) -> dict[str, dict]:
    """{label: {"status": …, "actions": [texts of links and buttons]}} of the board."""
    document = BeautifulSoup(response.content.decode(), "html.parser")
    rows = {}
    for row in document.select(".pb-board .pb-row"):
        status = row.select_one(".pb-status")
        rows[row.select_one(".pb-row__label").get_text(strip=True)] = {
            "status": status.get_text(strip=True) if status else "",
            "actions": [a.get_text(strip=True) for a in row.select(".pb-row__actions a, .pb-row__actions button")],
        }
    return rows


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Manual §3.2.3's board, the first column then the second (出版著作, not on its figure, last).
MANUAL_ORDER = [
    "基本信息", "教育经历", "获奖情况", "惩罚情况", "社会公益", "协会任职",
    "工作经历", "家庭成员", "社会兼职", "参政议政", "专业技能", "语言能力", "出版著作",
]  # fmt: skip


def none_url(key):
    return reverse("profiles:section_none", args=[key])


# --- the board ---------------------------------------------------------------------------------


def test_the_board_lists_basic_information_and_the_twelve_sections_to_fill(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    response = lawyer_client.get(BOARD)
    assert response.status_code == 200
    page = text(response)
    assert "信息补全" in page and "首次登录系统后，请将信息进行补全" in page and "信息补全完成情况" in page
    rows = board_rows(response)
    assert list(rows) == MANUAL_ORDER
    assert {row["status"] for row in rows.values()} == {"待填写"}


def test_each_row_offers_我要补全_and_填报为无_only_where_none_makes_sense(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    rows = board_rows(lawyer_client.get(BOARD))
    assert rows["基本信息"]["actions"] == ["我要补全"]
    assert rows["教育经历"]["actions"] == ["我要补全"]
    assert rows["工作经历"]["actions"] == ["我要补全"]
    assert rows["获奖情况"]["actions"] == ["我要补全", "已填报为无"]


def test_我要补全_leads_to_the_wizard_for_basic_information_and_to_the_list_otherwise(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    document = BeautifulSoup(lawyer_client.get(BOARD).content.decode(), "html.parser")
    links = {a.find_parent(class_="pb-row").select_one(".pb-row__label").get_text(): a["href"]
             for a in document.select(".pb-board a")}  # fmt: skip
    assert links["基本信息"] == reverse("profiles:basic")
    assert [links[s.label] for s in SECTIONS] == [reverse("profiles:section", args=[s.key]) for s in SECTIONS]


def test_the_board_has_the_manuals_two_columns(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    document = BeautifulSoup(lawyer_client.get(BOARD).content.decode(), "html.parser")
    columns = {"1": [], "2": []}
    for row in document.select(".pb-board .pb-row"):
        columns[row["data-column"]].append(row.select_one(".pb-row__label").get_text(strip=True))
    assert columns["1"] == ["基本信息", "教育经历", "获奖情况", "惩罚情况", "社会公益", "协会任职"]
    assert columns["2"] == ["工作经历", "家庭成员", "社会兼职", "参政议政", "专业技能", "语言能力", "出版著作"]


def test_a_section_with_an_entry_is_已填写(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    EducationFactory(profile=profile)
    rows = board_rows(lawyer_client.get(BOARD))
    assert rows["教育经历"]["status"] == "已填写"
    assert rows["工作经历"]["status"] == "待填写"


def test_basic_information_is_已填写_once_确认补全_is_done(lawyer_client, lawyer):
    profile_in_state("draft", lawyer=lawyer)
    assert board_rows(lawyer_client.get(BOARD))["基本信息"]["status"] == "已填写"


def test_填报为无_marks_the_section_and_the_button_goes(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    response = lawyer_client.post(none_url("award"), {"next": BOARD}, follow=True)
    assert response.redirect_chain[-1][0] == BOARD
    assert "获奖情况已填报为无。" in messages_of(response)
    assert board_rows(response)["获奖情况"] == {"status": "已填报为无", "actions": ["我要补全"]}
    profile.refresh_from_db()
    assert profile.declared_none == ["award"]


@pytest.mark.parametrize(("key", "label"), [("education", "教育经历"), ("work", "工作经历")])
def test_填报为无_is_refused_for_education_and_work(lawyer_client, lawyer, key, label):
    profile = ProfileFactory(lawyer=lawyer)
    response = lawyer_client.post(none_url(key), follow=True)
    assert f"{label}不能填报为无，请新增。" in messages_of(response)
    profile.refresh_from_db()
    assert profile.declared_none == []


def test_填报为无_is_refused_while_the_section_has_entries(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    AwardFactory(profile=profile)
    response = lawyer_client.post(none_url("award"), follow=True)
    assert "获奖情况已有记录，不能填报为无；如需填报为无请先删除记录。" in messages_of(response)
    assert board_rows(response)["获奖情况"]["status"] == "已填写"


def test_填报为无_answers_only_to_post(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    assert lawyer_client.get(none_url("award")).status_code == 405


def test_adding_an_entry_after_填报为无_makes_the_section_已填写(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    lawyer_client.post(none_url("award"))
    lawyer_client.post(
        reverse("profiles:section_new", args=["award"]),
        {"level": "市级", "content": "广州市优秀律师", "awarded_on": "2020-12-01", "issuer": "广州市律师协会"},
    )
    rows = board_rows(lawyer_client.get(BOARD))
    assert rows["获奖情况"]["status"] == "已填写"
    profile.refresh_from_db()
    assert "award" not in profile.declared_none


def test_the_print_link_says_the_register_is_not_submitted_yet(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    document = BeautifulSoup(lawyer_client.get(BOARD).content.decode(), "html.parser")
    link = document.find("a", href=reverse("profiles:print"))
    assert link.get_text(strip=True) == "打印《律师基本信息登记表》（尚未提交审核）"


def test_the_board_counts_entries_with_the_same_number_of_queries_for_1_and_for_20(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    EducationFactory(profile=profile)
    lawyer_client.get(BOARD)  # warm up (sessions, site settings)
    with CaptureQueriesContext(connection) as one:
        lawyer_client.get(BOARD)
    EducationFactory.create_batch(19, profile=profile)
    WorkExperienceFactory.create_batch(20, profile=profile)
    with CaptureQueriesContext(connection) as twenty:
        lawyer_client.get(BOARD)
    assert len(twenty) == len(one)


def test_a_firm_has_no_board(client):
    client.force_login(FirmUserFactory(), backend=MEMBER_BACKEND)
    assert client.get(BOARD).status_code == 404


# --- 正式提交审核 --------------------------------------------------------------------------------


def test_with_items_missing_the_button_says_so_and_the_page_lists_them(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    response = lawyer_client.get(BOARD)
    document = BeautifulSoup(response.content.decode(), "html.parser")
    button = document.select_one(f"form[action='{SUBMIT}'] button")
    assert button.get_text(strip=True) == "正式提交审核（有内容未填报）"
    assert "以下内容尚未填报：基本信息、教育经历、获奖情况" in text(response)


def test_submission_is_refused_with_the_list_of_what_is_missing(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    EducationFactory(profile=profile)
    response = lawyer_client.post(SUBMIT, follow=True)
    assert response.redirect_chain[-1][0] == BOARD
    [message] = messages_of(response)
    assert message.startswith("以下内容尚未填报：基本信息、获奖情况、惩罚情况")
    assert "教育经历" not in message
    profile.refresh_from_db()
    assert profile.state == ProfileState.DRAFT


def test_a_complete_profile_reads_正式提交审核_without_a_warning(lawyer_client, lawyer):
    profile_in_state("draft", lawyer=lawyer)
    response = lawyer_client.get(BOARD)
    document = BeautifulSoup(response.content.decode(), "html.parser")
    assert document.select_one(f"form[action='{SUBMIT}'] button").get_text(strip=True) == "正式提交审核"
    assert "尚未填报" not in text(response)


def test_a_complete_profile_is_submitted(lawyer_client, lawyer):
    profile = profile_in_state("draft", lawyer=lawyer)
    response = lawyer_client.post(SUBMIT, follow=True)
    assert "已正式提交审核，请等待协会审核。" in messages_of(response)
    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED
    assert profile.submitted_at is not None


def test_under_review_the_board_offers_only_撤回信息补全申请(lawyer_client, lawyer):
    profile_in_state("submitted", lawyer=lawyer)
    response = lawyer_client.get(BOARD)
    page = text(response)
    assert "您的材料已经提交审核，目前正在审核中！" in page
    assert "如需修改请点击“撤回信息补全申请”按钮后,再进行补全。" in page
    assert "打印《律师基本信息登记表》（材料审核中）" in page
    document = BeautifulSoup(response.content.decode(), "html.parser")
    assert document.select_one(f"form[action='{WITHDRAW}']") is not None
    assert document.select_one(f"form[action='{SUBMIT}']") is None
    assert all(row["actions"] == [] for row in board_rows(response).values())
    assert "我要补全" not in page and "填报为无" not in page.replace("已填报为无", "")


def test_撤回信息补全申请_asks_once_more_before_it_is_sent(lawyer_client, lawyer):
    profile_in_state("submitted", lawyer=lawyer)
    document = BeautifulSoup(lawyer_client.get(BOARD).content.decode(), "html.parser")
    confirm = document.select_one("details.pb-confirm")
    assert confirm.summary.get_text(strip=True) == "撤回信息补全申请"
    assert confirm.select_one(f"form[action='{WITHDRAW}'] button").get_text(strip=True) == "确认撤回"


def test_a_second_submit_is_refused_cleanly(lawyer_client, lawyer):
    profile = profile_in_state("draft", lawyer=lawyer)
    lawyer_client.post(SUBMIT)
    response = lawyer_client.post(SUBMIT, follow=True)
    assert response.status_code == 200
    assert "当前状态为“审核中”，不能正式提交审核。" in messages_of(response)
    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED


def test_submit_and_withdraw_answer_only_to_post(lawyer_client, lawyer):
    profile_in_state("submitted", lawyer=lawyer)
    assert lawyer_client.get(SUBMIT).status_code == 405
    assert lawyer_client.get(WITHDRAW).status_code == 405


# --- 撤回信息补全申请 ---------------------------------------------------------------------------


def test_withdrawing_goes_back_to_填写中_and_the_board_is_editable_again(lawyer_client, lawyer):
    profile = profile_in_state("submitted", lawyer=lawyer)
    response = lawyer_client.post(WITHDRAW, follow=True)
    assert "已撤回信息补全申请。修改完成后，请再次点击“正式提交审核”。" in messages_of(response)
    profile.refresh_from_db()
    assert profile.state == ProfileState.DRAFT
    assert board_rows(response)["教育经历"]["actions"] == ["我要补全"]
    assert "打印《律师基本信息登记表》（尚未提交审核）" in text(response)


def test_withdrawing_a_draft_is_refused_cleanly(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    response = lawyer_client.post(WITHDRAW, follow=True)
    assert "当前状态为“填写中”，不能撤回信息补全申请。" in messages_of(response)


# --- after 驳回 and after approval ---------------------------------------------------------------


def test_after_驳回_the_board_shows_the_审核意见(lawyer_client, lawyer):
    profile_in_state("rejected", lawyer=lawyer)
    page = text(lawyer_client.get(BOARD))
    assert "您的材料审核未通过，请填写后重新提交！" in page
    assert "审核意见：您填报信息不符合要求，请重新填写" in page


def test_after_驳回_the_审核意见_comes_before_the_board_so_a_phone_shows_it_on_top(lawyer_client, lawyer):
    profile_in_state("rejected", lawyer=lawyer)
    html = lawyer_client.get(BOARD).content.decode()
    assert html.index("审核意见：您填报信息不符合要求") < html.index('class="pb-board"')


def test_after_驳回_resubmission_waits_for_确认补全_then_works(lawyer_client, lawyer):
    profile = profile_in_state("submitted", lawyer=lawyer)
    services.reject(profile, StaffUserFactory(superuser=True), "照片不符合要求")
    response = lawyer_client.get(BOARD)
    assert board_rows(response)["基本信息"]["status"] == "待填写"
    assert "正式提交审核（有内容未填报）" in text(response)
    refused = lawyer_client.post(SUBMIT, follow=True)
    assert "以下内容尚未填报：基本信息。" in messages_of(refused)

    services.confirm_basic(profile, by=None)
    lawyer_client.post(SUBMIT)
    profile.refresh_from_db()
    assert profile.state == ProfileState.SUBMITTED


def test_once_approved_the_board_points_to_信息变更(lawyer_client, lawyer):
    profile_in_state("approved", lawyer=lawyer)
    response = lawyer_client.get(BOARD)
    document = BeautifulSoup(response.content.decode(), "html.parser")
    assert "您的个人信息已审核通过。" in text(response)
    assert document.select_one(f".pb-state a[href='{reverse('profiles:change')}']") is not None
    assert document.select_one(f"form[action='{SUBMIT}']") is None
    assert "打印《律师基本信息登记表》（审核通过）" in text(response)
