"""信息变更 (manual 002 §3.3): only after approval; the board 信息变更完成情况 with 我要变更 and
更改照片; 修改基本信息 (个人档案变更, §3.3.1) over the fields a lawyer may change; and 近期变更, the
change log, where each change after approval is written in the manual's words."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from member_center.profiles.models import ChangeState, Profile, ProfileChange
from member_center.profiles.sections import SECTIONS
from member_center.profiles.steps import CHANGEABLE_FIELDS
from tests.factories import AwardFactory, ProfileFactory, profile_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CHANGE = reverse("profiles:change")
CHANGE_BASIC = reverse("profiles:change_basic")
NEEDS_APPROVAL = "变更信息前需要先对个人信息进行补全，变更信息用于信息补全审核通过后，对信息的维护修改。"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response) -> str:
    return soup(response).get_text(" ", strip=True)


def plain(response) -> str:
    """The page's text as read, a link inside a sentence included (no spaces added around it)."""
    return "".join(soup(response).get_text().split())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def field_errors(response, name) -> list[str]:
    control = soup(response).find(attrs={"name": name}).find_parent(class_="mc-field")
    return [p.get_text(strip=True) for p in control.select(".mc-error")]


def log_lines(response) -> list[str]:
    return [li.get_text(" ", strip=True) for li in soup(response).select(".pb-log__item")]


def basic_data(profile, **changes) -> dict:
    """What the 个人档案变更 form posts for `profile` as it is, with `changes` typed over it."""
    data = {}
    for name in CHANGEABLE_FIELDS:
        value = getattr(profile, name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def approved(lawyer):
    return profile_in_state("approved", lawyer=lawyer)


def add_award(client):
    return client.post(
        reverse("profiles:section_new", args=["award"]),
        {"level": "国家级", "content": "全国优秀律师", "awarded_on": "2016-04-20", "issuer": "中华全国律师协会"},
    )


# --- only after approval -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
@pytest.mark.parametrize("page", [CHANGE, CHANGE_BASIC])
def test_信息变更_waits_for_approval(lawyer_client, lawyer, state, page):
    profile_in_state(state, lawyer=lawyer)
    response = lawyer_client.get(page, follow=True)
    assert response.redirect_chain[-1][0] == reverse("profiles:completion")
    assert NEEDS_APPROVAL in messages_of(response)


def test_a_new_profile_cannot_be_changed_either(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    response = lawyer_client.post(CHANGE_BASIC, {"mobile": "13900139001"}, follow=True)
    assert NEEDS_APPROVAL in messages_of(response)
    assert Profile.objects.get(lawyer=lawyer).mobile == ""


# --- the 信息变更 board ------------------------------------------------------------------------------


def test_the_change_board_offers_我要变更_for_basic_information_and_every_section(lawyer_client, lawyer):
    approved(lawyer)
    response = lawyer_client.get(CHANGE)
    page = text(response)
    assert "信息变更" in page and "信息发生变更，请将信息变更" in page and "信息变更完成情况" in page
    rows = soup(response).select(".pb-board .pb-row")
    labels = [row.select_one(".pb-row__label").get_text(strip=True) for row in rows]
    assert labels == [
        "基本信息", "教育经历", "获奖情况", "惩罚情况", "社会公益", "协会任职",
        "工作经历", "家庭成员", "社会兼职", "参政议政", "专业技能", "语言能力", "出版著作",
    ]  # fmt: skip
    assert [row["data-column"] for row in rows] == ["1"] * 6 + ["2"] * 7
    links = dict(zip(labels, [(row.a.get_text(strip=True), row.a["href"]) for row in rows], strict=True))
    assert links["基本信息"] == ("我要变更", CHANGE_BASIC)
    for section in SECTIONS:
        assert links[section.label] == ("我要变更", reverse("profiles:section", args=[section.key]))


def test_the_change_board_links_to_更改照片(lawyer_client, lawyer):
    approved(lawyer)
    link = soup(lawyer_client.get(CHANGE)).find("a", string="更改照片")
    assert link["href"] == reverse("profiles:photo_change")


# --- 近期变更 ------------------------------------------------------------------------------------------


def test_近期变更_shows_each_change_as_the_manual_does(lawyer_client, lawyer):
    profile = approved(lawyer)
    change = ProfileChange.objects.create(
        profile=profile,
        subject="获奖情况",
        action="创建",
        summary="获奖级别:国家级,获奖内容:全国优秀律师,颁奖日期:2016-04-20,颁发机构:宣传册",
        state=ChangeState.PROCESSED,
    )
    ProfileChange.objects.filter(pk=change.pk).update(created_at=datetime.datetime(2016, 4, 26, 10, tzinfo=SHANGHAI))
    response = lawyer_client.get(CHANGE)
    assert "近期变更 近期变更内容可在此处查看" in text(response)
    assert log_lines(response) == [
        "2016-04-26 获奖情况,创建获奖级别:国家级,获奖内容:全国优秀律师,颁奖日期:2016-04-20,颁发机构:宣传册; 已处理"
    ]


def test_近期变更_lists_the_newest_first_twenty_a_page(lawyer_client, lawyer):
    profile = approved(lawyer)
    for n in range(25):
        ProfileChange.objects.create(profile=profile, subject="律师", action="修改", summary=f"档案编号:{n}->{n + 1}")
    first = log_lines(lawyer_client.get(CHANGE))
    assert len(first) == 20
    assert "档案编号:24->25" in first[0]
    second = log_lines(lawyer_client.get(CHANGE, {"page": 2}))
    assert len(second) == 5
    assert "档案编号:0->1" in second[-1]


def test_近期变更_shows_only_the_lawyers_own_changes(lawyer_client, lawyer):
    approved(lawyer)
    other = profile_in_state("approved")
    ProfileChange.objects.create(profile=other, subject="律师", action="修改", summary="手机号码:1->2")
    response = lawyer_client.get(CHANGE)
    assert log_lines(response) == []
    assert "暂无变更记录" in text(response)


def test_an_award_added_after_approval_is_written_to_近期变更(lawyer_client, lawyer):
    profile = approved(lawyer)
    add_award(lawyer_client)
    change = profile.changes.get()
    assert (change.subject, change.action, change.state) == ("获奖情况", "创建", ChangeState.PENDING)
    assert change.summary == (
        f"获奖级别:国家级,获奖内容:全国优秀律师,所属人员:{lawyer.name},颁奖日期:2016-04-20,颁发机构:中华全国律师协会"
    )
    [line] = log_lines(lawyer_client.get(CHANGE))
    assert line.endswith(
        f"获奖情况,创建获奖级别:国家级,获奖内容:全国优秀律师,所属人员:{lawyer.name},颁奖日期:2016-04-20,颁发机构:中华全国律师协会; 待处理"
    )


def test_an_edit_after_approval_is_written_with_before_and_after(lawyer_client, lawyer):
    profile = approved(lawyer)
    entry = profile.education_entries.get()
    data = {
        "country": "国内", "region": "广东省", "start_on": "2004-09-01", "end_on": "2008-07-01", "school": "北京大学",
        "major": "法学", "education_level": "大学本科", "degree": "学士", "full_time": "on",
    }  # fmt: skip
    lawyer_client.post(reverse("profiles:section_edit", args=["education", entry.pk]), data)
    change = profile.changes.get()
    assert (change.subject, change.action, change.summary) == ("教育经历", "修改", "毕业院校:中山大学->北京大学")


def test_a_deletion_after_approval_is_written_to_近期变更(lawyer_client, lawyer):
    profile = approved(lawyer)
    entry = profile.work_entries.get()
    lawyer_client.post(reverse("profiles:section_delete", args=["work", entry.pk]))
    change = profile.changes.get()
    assert (change.subject, change.action) == ("工作经历", "删除")
    assert "工作单位:广州明法律师事务所" in change.summary


def test_changes_before_approval_are_not_logged(lawyer_client, lawyer):
    profile = profile_in_state("draft", lawyer=lawyer)
    add_award(lawyer_client)
    assert profile.award_entries.count() == 1
    assert not profile.changes.exists()


# --- 修改基本信息 (个人档案变更) -----------------------------------------------------------------------


def test_the_form_is_titled_个人档案变更_with_the_manuals_required_fields(lawyer_client, lawyer):
    approved(lawyer)
    response = lawyer_client.get(CHANGE_BASIC)
    document = soup(response)
    assert document.h1.get_text(strip=True) == "个人档案变更"
    starred = [
        label.get_text(strip=True).removeprefix("★").removesuffix(":")
        for label in document.select(".mc-field > label, .mc-field > .mc-label")
        if label.select(".required")
    ]
    assert sorted(starred) == sorted(
        [
            "政治面貌", "婚姻情况", "居民身份", "开始工作时间", "入职时间", "社会保险号", "电子邮箱", "手机号码",
            "联系地址", "邮政编码", "联系电话", "紧急联系人", "手机号码",
        ]
    )  # fmt: skip
    assert "注：当审核通过后，基本信息中部分未显示的基本信息修改，需通过提交工单进行修改。" in plain(response)
    assert document.find("input", attrs={"name": "mobile"})["value"] == "13800138000"


def test_the_form_edits_exactly_the_fields_of_manual_3_3_1_in_its_order(lawyer_client, lawyer):
    approved(lawyer)
    document = soup(lawyer_client.get(CHANGE_BASIC))
    labels = [
        label.get_text(strip=True).removeprefix("★").removesuffix(":")
        for label in document.select(".mc-field > label, .mc-field > .mc-label")
    ]
    assert labels == [
        "政治面貌", "曾用名", "婚姻情况", "居民身份", "开始工作时间", "入职时间", "档案存放地", "档案存放机关",
        "档案编号", "社会保险号", "电子邮箱", "手机号码", "联系地址", "邮政编码", "联系电话", "QQ号码",
        "紧急联系人", "手机号码",
    ]  # fmt: skip
    assert document.find("input", attrs={"name": "emergency_phone"})["aria-label"] == "紧急联系人手机号码"


def test_the_form_says_the_other_fields_go_by_ticket(lawyer_client, lawyer):
    approved(lawyer)
    assert "其他信息如需修改，请通过工单反馈。" in plain(lawyer_client.get(CHANGE_BASIC))


@pytest.mark.parametrize("name", ["wechat", "website", "fax", "practice_areas", "title", "party_organisation"])
def test_the_form_leaves_out_what_goes_by_ticket(lawyer_client, lawyer, name):
    approved(lawyer)
    assert soup(lawyer_client.get(CHANGE_BASIC)).find(attrs={"name": name}) is None


def test_the_form_leaves_out_what_the_roster_owns(lawyer_client, lawyer):
    approved(lawyer)
    document = soup(lawyer_client.get(CHANGE_BASIC))
    for name in ("id_document_no", "birth_date", "native_place", "qualification_no", "first_practised_on"):
        assert document.find(attrs={"name": name}) is None, name


def test_a_changed_mobile_is_saved_and_written_to_近期变更(lawyer_client, lawyer):
    profile = approved(lawyer)
    response = lawyer_client.post(CHANGE_BASIC, basic_data(profile, mobile="13900139001"), follow=True)
    assert response.redirect_chain[-1][0] == CHANGE
    assert "已保存，变更了：手机号码。" in messages_of(response)
    profile.refresh_from_db()
    assert profile.mobile == "13900139001"
    change = profile.changes.get()
    assert (change.subject, change.action, change.summary) == ("律师", "修改", "手机号码:13800138000->13900139001")
    assert any("律师,修改手机号码:13800138000->13900139001; 待处理" in line for line in log_lines(response))


def test_saving_without_a_change_says_so_and_logs_nothing(lawyer_client, lawyer):
    profile = approved(lawyer)
    response = lawyer_client.post(CHANGE_BASIC, basic_data(profile), follow=True)
    assert "没有修改任何信息。" in messages_of(response)
    assert not profile.changes.exists()


def test_an_empty_date_filled_in_is_logged_from_null(lawyer_client, lawyer):
    profile = approved(lawyer)
    profile.joined_firm_on = None
    Profile.objects.filter(pk=profile.pk).update(joined_firm_on=None)
    lawyer_client.post(CHANGE_BASIC, basic_data(profile, joined_firm_on="2016-04-02"))
    assert profile.changes.get().summary == "入职时间:null->2016-04-02"


def test_a_roster_field_sneaked_into_the_post_is_ignored(lawyer_client, lawyer):
    profile = approved(lawyer)
    data = basic_data(profile, id_document_no="440104199001011234", native_place="北京市", birth_date="1990-01-01")
    lawyer_client.post(CHANGE_BASIC, data)
    profile.refresh_from_db()
    assert profile.id_document_no == lawyer.id_number
    assert (profile.native_place, profile.birth_date) == ("广东省", datetime.date(1985, 3, 12))
    assert not profile.changes.exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("mobile", "1380013800", "请输入 11 位手机号码，例如 13800138000。"),
        ("email", "lawyer.example.cn", "请填写正确的电子邮箱地址，例如 name@example.cn。"),
        ("postcode", "51062", "邮政编码为 6 位数字。"),
        ("mobile", "138001380001", "请输入 11 位手机号码，例如 13800138000。"),
        ("phone", "38880000", "请输入正确的电话号码，例如 020-38880000 或 13800138000。"),
        ("social_security_no", "", "请填写社会保险号。"),
        ("archive_keeper", "档" * 101, "档案存放机关最多 100 个字。"),
        ("marital_status", "保密", "请从列表中选择婚姻情况。"),
        ("political_status", "无党派", "请从列表中选择政治面貌。"),
        ("joined_firm_on", "2015.06.01", "日期格式为 yyyy-MM-dd，如：2016-01-01。"),
    ],
)
def test_formats_are_checked_beside_the_field_keeping_everything_typed(lawyer_client, lawyer, name, value, message):
    profile = approved(lawyer)
    response = lawyer_client.post(CHANGE_BASIC, basic_data(profile, **{name: value, "address": "广州市越秀区 1 号"}))
    assert response.status_code == 200
    assert field_errors(response, name) == [message]
    assert soup(response).find("input", attrs={"name": "address"})["value"] == "广州市越秀区 1 号"
    profile.refresh_from_db()
    assert profile.address == "广州市天河区珠江新城华夏路 8 号"
    assert not profile.changes.exists()


def test_two_party_memberships_may_be_chosen(lawyer_client, lawyer):
    profile = approved(lawyer)
    lawyer_client.post(CHANGE_BASIC, basic_data(profile, political_status=["中共党员", "民盟盟员"]))
    profile.refresh_from_db()
    assert profile.political_status == ["中共党员", "民盟盟员"]
    assert profile.changes.get().summary == "政治面貌:中共党员->中共党员、民盟盟员"


def test_an_award_cannot_be_changed_after_approval_but_a_new_one_is_logged(lawyer_client, lawyer):
    profile = approved(lawyer)
    entry = AwardFactory(profile=profile)
    lawyer_client.post(reverse("profiles:section_delete", args=["award", entry.pk]))
    assert profile.award_entries.filter(pk=entry.pk).exists()
    assert not profile.changes.exists()
