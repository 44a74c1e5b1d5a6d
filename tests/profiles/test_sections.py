"""The twelve sections (manual 002 §3.2.2, §3.3.2): the list (新增, 刷新, 操作 → 修改 / 删除),
新增 and 修改 forms with their checks, 删除 after a confirmation, nothing editable while 审核中,
and after approval 获奖情况 and 惩罚情况 only take additions."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from member_center.profiles.models import Award, Education, Penalty
from member_center.profiles.sections import SECTIONS
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    AwardFactory,
    EducationFactory,
    FirmUserFactory,
    MemberUserFactory,
    PenaltyFactory,
    ProfileFactory,
    WorkExperienceFactory,
    profile_in_state,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# What a lawyer types for one entry of each section (the required fields and a few others).
VALID = {
    "education": {
        "country": "国内", "region": "北京市", "start_on": "2004-09-01", "end_on": "2008-07-01", "school": "北京大学",
        "major": "法学", "education_level": "大学本科", "degree": "学士", "full_time": "on",
    },
    "work": {"country": "国内", "start_on": "2008-08-01", "employer": "广州明法律师事务所", "kind": "律师"},
    "family": {"relation": "配偶", "name": "王芳"},
    "award": {"level": "国家级", "content": "全国优秀律师", "awarded_on": "2016-04-20", "issuer": "中华全国律师协会"},
    "penalty": {"kind": "行业处分", "content": "通报批评", "decided_on": "2019-05-01", "authority": "广州市律师协会"},
    "side_role": {"organisation": "广州仲裁委员会", "position": "仲裁员"},
    "political": {"kind": "政协委员", "level": "市级", "term": "第十五届"},
    "public_service": {"name": "法律援助进社区"},
    "association": {"association": "广州市律师协会", "position": "理事"},
    "skill": {"name": "证券法律业务", "proficiency": "熟练"},
    "language": {"language": "英语", "proficiency": "熟练", "certificate": "CET-6"},
    "publication": {"title": "合同审查实务", "kind": "专著", "publisher": "法律出版社"},
}  # fmt: skip


def url(name, *args):
    return reverse(f"profiles:{name}", args=args)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response) -> str:
    return soup(response).get_text(" ", strip=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def field_errors(response, name) -> list[str]:
    """The messages shown beside the field `name`."""
    document = soup(response)
    control = document.find(attrs={"name": name}).find_parent(class_="mc-field")
    return [p.get_text(strip=True) for p in control.select(".mc-error")]


def buttons(response) -> list[str]:
    return [b.get_text(strip=True) for b in soup(response).select(".mc-main a.mc-button, .mc-main button")]


# --- the list --------------------------------------------------------------------------------------


def test_the_list_shows_the_entries_under_the_sections_columns(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    EducationFactory(profile=profile, school="中山大学", end_on=datetime.date(2008, 7, 1))
    response = lawyer_client.get(url("section", "education"))
    document = soup(response)
    assert document.h1.get_text(strip=True) == "教育经历"
    columns = [th.get_text(strip=True) for th in document.select("table thead th")]
    assert columns == ["开始日期", "结束日期", "毕业院校", "主修专业", "获得学历", "获得学位", "全日制", "操作"]
    cells = [td.get_text(strip=True) for td in document.select("table tbody tr td")][:7]
    assert cells == ["2004-09-01", "2008-07-01", "中山大学", "法学", "大学本科", "学士", "是"]


def test_a_new_award_belongs_to_the_lawyer_himself_unless_others_are_named(lawyer_client, lawyer):
    response = lawyer_client.get(url("section_new", "award"))
    assert soup(response).find("input", attrs={"name": "awardees"})["value"] == lawyer.name
    lawyer_client.post(url("section_new", "award"), {**VALID["award"], "awardees": ""})
    assert Award.objects.get().awardees == lawyer.name


def test_a_collective_award_names_its_所属人员_in_the_list(lawyer_client, lawyer):
    lawyer_client.post(url("section_new", "award"), {**VALID["award"], "awardees": f"{lawyer.name}、沈璐"})
    document = soup(lawyer_client.get(url("section", "award")))
    columns = [th.get_text(strip=True) for th in document.select("table thead th")]
    assert columns == ["颁奖日期", "获奖级别", "获奖内容", "所属人员", "颁发机构", "操作"]
    assert f"{lawyer.name}、沈璐" in [td.get_text(strip=True) for td in document.select("table tbody td")]


def test_the_list_offers_新增_刷新_and_per_row_修改_and_删除(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    entry = EducationFactory(profile=profile)
    response = lawyer_client.get(url("section", "education"))
    document = soup(response)
    assert document.find("a", string="新增")["href"] == url("section_new", "education")
    assert document.find("a", string="刷新")["href"] == url("section", "education")
    menu = document.select_one("details.pb-menu")
    assert menu.summary.get_text(strip=True) == "操作"
    assert [(a.get_text(strip=True), a["href"]) for a in menu.select("a")] == [
        ("修改", url("section_edit", "education", entry.pk)),
        ("删除", url("section_delete", "education", entry.pk)),
    ]


def test_an_empty_list_says_暂无记录_and_offers_填报为无_where_allowed(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    award = lawyer_client.get(url("section", "award"))
    assert "暂无记录" in text(award)
    assert soup(award).select_one(f"form[action='{url('section_none', 'award')}']") is not None
    education = lawyer_client.get(url("section", "education"))
    assert "暂无记录" in text(education)
    assert "填报为无" not in buttons(education)


def test_填报为无_from_the_list_comes_back_to_the_list(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    list_url = url("section", "family")
    response = lawyer_client.post(url("section_none", "family"), {"next": list_url}, follow=True)
    assert response.redirect_chain[-1][0] == list_url
    assert "暂无记录（已填报为无）" in text(response)


@pytest.mark.parametrize("name", ["section", "section_new", "section_none"])
def test_an_unknown_section_is_404(lawyer_client, lawyer, name):
    ProfileFactory(lawyer=lawyer)
    assert lawyer_client.post(url(name, "hobbies")).status_code == 404


def test_an_unknown_section_of_a_real_entry_is_404(lawyer_client, lawyer):
    entry = EducationFactory(profile=ProfileFactory(lawyer=lawyer))
    assert lawyer_client.get(url("section_edit", "hobbies", entry.pk)).status_code == 404
    assert lawyer_client.get(url("section_edit", "work", entry.pk)).status_code == 404


def test_a_firm_account_has_no_sections(client):
    client.force_login(FirmUserFactory(), backend=MEMBER_BACKEND)
    assert client.get(url("section", "education")).status_code == 404
    assert client.get(url("section_new", "education")).status_code == 404


# --- 新增 ------------------------------------------------------------------------------------------


def test_the_new_form_is_titled_新增_and_the_section(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    response = lawyer_client.get(url("section_new", "education"))
    document = soup(response)
    assert document.h1.get_text(strip=True) == "新增教育经历"
    assert buttons(response)[-2:] == ["保存", "取消"]
    assert document.find("a", string="取消")["href"] == url("section", "education")


def test_the_education_form_reads_like_the_manual(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    response = lawyer_client.get(url("section_new", "education"))
    document = soup(response)
    assert document.find("input", attrs={"name": "school"})["placeholder"] == "请输入毕业院校全称, 须与毕业证书一致"
    start = document.find("input", attrs={"name": "start_on"})
    assert (start["type"], start["placeholder"]) == ("date", "格式 yyyy-MM-dd")
    assert document.select_one("select[name=country] option").get_text() == "请选择"
    starred = [label.get_text(strip=True) for label in document.select(".mc-field label") if label.select(".required")]
    assert starred == ["★所在国家:", "★毕业院校:", "★获得学历:", "★获得学位:"]
    assert "红色星号标记字段, 为必填字段。" in text(response)
    assert "日期格式为 yyyy-MM-dd，如：2016-01-01。" in text(response)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_an_entry_is_added_to_each_section(lawyer_client, lawyer, section):
    profile = ProfileFactory(lawyer=lawyer)
    response = lawyer_client.post(url("section_new", section.key), VALID[section.key], follow=True)
    assert response.redirect_chain[-1][0] == url("section", section.key)
    assert f"已新增{section.label}。" in messages_of(response)
    assert section.entries(profile).count() == 1


def test_a_double_click_on_保存_adds_one_entry(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    data = {**VALID["award"], "token": "5f0c7c2e9d1b4a55a1c0e7b1d2f3a4b5"}
    lawyer_client.post(url("section_new", "award"), data)
    second = lawyer_client.post(url("section_new", "award"), data)
    assert second.status_code == 302
    assert profile.award_entries.count() == 1


def test_required_fields_are_asked_for_beside_the_field(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    response = lawyer_client.post(url("section_new", "education"), {"major": "法学"})
    assert response.status_code == 200
    assert field_errors(response, "school") == ["请填写毕业院校。"]
    assert field_errors(response, "country") == ["请选择所在国家。"]
    assert soup(response).find("input", attrs={"name": "major"})["value"] == "法学"
    assert not profile.education_entries.exists()


def test_a_date_not_in_yyyy_mm_dd_is_refused_with_the_manuals_format(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    data = {**VALID["education"], "start_on": "2016/13/01"}
    response = lawyer_client.post(url("section_new", "education"), data)
    assert field_errors(response, "start_on") == ["日期格式为 yyyy-MM-dd，如：2016-01-01。"]


def test_an_end_before_the_start_is_refused_beside_结束日期_keeping_everything_typed(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    data = {**VALID["education"], "start_on": "2008-09-01", "end_on": "2004-07-01"}
    response = lawyer_client.post(url("section_new", "education"), data)
    assert field_errors(response, "end_on") == ["结束日期不能早于开始日期。"]
    document = soup(response)
    assert document.find("input", attrs={"name": "school"})["value"] == "北京大学"
    assert document.find("input", attrs={"name": "start_on"})["value"] == "2008-09-01"
    assert document.find("input", attrs={"name": "end_on"})["value"] == "2004-07-01"
    assert document.select_one("select[name=degree] option[selected]")["value"] == "学士"
    assert not profile.education_entries.exists()


# --- 修改 and 删除 ------------------------------------------------------------------------------------


def test_the_edit_form_is_titled_修改_and_filled_in(lawyer_client, lawyer):
    entry = EducationFactory(profile=ProfileFactory(lawyer=lawyer), school="中山大学")
    response = lawyer_client.get(url("section_edit", "education", entry.pk))
    document = soup(response)
    assert document.h1.get_text(strip=True) == "修改教育经历"
    assert document.find("input", attrs={"name": "school"})["value"] == "中山大学"
    assert document.find("input", attrs={"name": "start_on"})["value"] == "2004-09-01"


def test_an_entry_is_edited(lawyer_client, lawyer):
    entry = EducationFactory(profile=ProfileFactory(lawyer=lawyer))
    response = lawyer_client.post(url("section_edit", "education", entry.pk), VALID["education"], follow=True)
    assert "已保存教育经历的修改。" in messages_of(response)
    entry.refresh_from_db()
    assert (entry.school, entry.region) == ("北京大学", "北京市")


def test_an_edit_with_an_end_before_the_start_changes_nothing(lawyer_client, lawyer):
    entry = EducationFactory(profile=ProfileFactory(lawyer=lawyer), school="中山大学")
    data = {**VALID["education"], "end_on": "2000-01-01"}
    response = lawyer_client.post(url("section_edit", "education", entry.pk), data)
    assert field_errors(response, "end_on") == ["结束日期不能早于开始日期。"]
    entry.refresh_from_db()
    assert entry.school == "中山大学"


def test_删除_asks_for_a_confirmation_first(lawyer_client, lawyer):
    entry = EducationFactory(profile=ProfileFactory(lawyer=lawyer), school="中山大学")
    response = lawyer_client.get(url("section_delete", "education", entry.pk))
    assert "确定删除这条教育经历记录吗？" in text(response)
    assert "毕业院校:中山大学" in text(response)
    assert buttons(response) == ["确认删除", "取消"]
    assert Education.objects.filter(pk=entry.pk).exists()


def test_an_entry_is_deleted(lawyer_client, lawyer):
    entry = EducationFactory(profile=ProfileFactory(lawyer=lawyer))
    response = lawyer_client.post(url("section_delete", "education", entry.pk), follow=True)
    assert "已删除这条教育经历。" in messages_of(response)
    assert not Education.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["section_edit", "section_delete"])
def test_another_lawyers_entry_is_404(lawyer_client, lawyer, method, name):
    ProfileFactory(lawyer=lawyer)
    other = EducationFactory(profile=ProfileFactory(lawyer=MemberUserFactory().lawyer))
    response = getattr(lawyer_client, method)(url(name, "education", other.pk), VALID["education"])
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.school == "中山大学"


# --- 审核中: nothing editable -------------------------------------------------------------------------


def test_under_review_the_list_is_read_only_with_the_boards_message(lawyer_client, lawyer):
    profile_in_state("submitted", lawyer=lawyer)
    response = lawyer_client.get(url("section", "education"))
    assert "您的材料已经提交审核，目前正在审核中！" in text(response)
    assert buttons(response) == ["刷新"]
    assert soup(response).select_one("details.pb-menu") is None


def test_under_review_the_new_form_is_not_offered(lawyer_client, lawyer):
    profile = profile_in_state("submitted", lawyer=lawyer)
    response = lawyer_client.get(url("section_new", "award"))
    assert response.status_code == 302 and response["Location"] == url("section", "award")
    lawyer_client.post(url("section_new", "award"), VALID["award"])
    assert not profile.award_entries.exists()


def test_under_review_an_entry_is_neither_edited_nor_deleted(lawyer_client, lawyer):
    profile = profile_in_state("submitted", lawyer=lawyer)
    entry = profile.education_entries.get()
    assert lawyer_client.get(url("section_edit", "education", entry.pk)).status_code == 302
    lawyer_client.post(url("section_edit", "education", entry.pk), VALID["education"])
    lawyer_client.post(url("section_delete", "education", entry.pk))
    entry.refresh_from_db()
    assert entry.school == "中山大学"


def test_under_review_填报为无_is_refused(lawyer_client, lawyer):
    profile = profile_in_state("submitted", lawyer=lawyer)
    profile.declared_none = []
    profile.save()
    response = lawyer_client.post(url("section_none", "award"), follow=True)
    assert messages_of(response) == [
        "您的材料已经提交审核，目前正在审核中！如需修改请点击“撤回信息补全申请”按钮后，再进行补全。"
    ]
    profile.refresh_from_db()
    assert profile.declared_none == []


# --- after approval: 获奖情况 and 惩罚情况 only take additions -------------------------------------------


def test_after_approval_the_list_leads_back_to_信息变更(lawyer_client, lawyer):
    profile_in_state("approved", lawyer=lawyer)
    document = soup(lawyer_client.get(url("section", "education")))
    change = reverse("profiles:change")
    assert document.select_one(f".mc-breadcrumb a[href='{change}']").get_text() == "信息变更"
    assert document.select_one(f".pb-back a[href='{change}']") is not None
    assert document.select_one(f".mc-breadcrumb a[href='{reverse('profiles:completion')}']") is None


@pytest.mark.parametrize(("key", "factory"), [("award", AwardFactory), ("penalty", PenaltyFactory)])
def test_after_approval_the_add_only_lists_offer_新增_and_no_操作(lawyer_client, lawyer, key, factory):
    factory(profile=profile_in_state("approved", lawyer=lawyer))
    response = lawyer_client.get(url("section", key))
    assert "新增" in buttons(response)
    assert soup(response).select_one("details.pb-menu") is None
    assert "只能新增，不能修改或删除" in text(response)


@pytest.mark.parametrize(("key", "model"), [("award", Award), ("penalty", Penalty)])
def test_after_approval_获奖情况_and_惩罚情况_take_additions(lawyer_client, lawyer, key, model):
    profile = profile_in_state("approved", lawyer=lawyer)
    lawyer_client.post(url("section_new", key), VALID[key])
    assert model.objects.filter(profile=profile).count() == 1


@pytest.mark.parametrize(
    ("key", "factory", "label"), [("award", AwardFactory, "获奖情况"), ("penalty", PenaltyFactory, "惩罚情况")]
)
@pytest.mark.parametrize(("name", "verb"), [("section_edit", "修改"), ("section_delete", "删除")])
@pytest.mark.parametrize("method", ["get", "post"])
def test_after_approval_获奖情况_and_惩罚情况_are_not_edited_or_deleted(
    lawyer_client, lawyer, key, factory, label, name, verb, method
):
    entry = factory(profile=profile_in_state("approved", lawyer=lawyer))
    response = getattr(lawyer_client, method)(url(name, key, entry.pk), VALID[key], follow=True)
    assert response.redirect_chain[-1][0] == url("section", key)
    assert f"审核通过后，{label}只能新增，不能{verb}。" in messages_of(response)
    assert type(entry).objects.filter(pk=entry.pk, content=entry.content).exists()


def test_after_approval_other_sections_are_edited_and_deleted(lawyer_client, lawyer):
    profile = profile_in_state("approved", lawyer=lawyer)
    education = profile.education_entries.get()
    lawyer_client.post(url("section_edit", "education", education.pk), VALID["education"])
    education.refresh_from_db()
    assert education.school == "北京大学"
    work = WorkExperienceFactory(profile=profile)
    lawyer_client.post(url("section_delete", "work", work.pk))
    assert not profile.work_entries.filter(pk=work.pk).exists()


def _date_fields(section):
    from django import forms

    from member_center.profiles.forms.sections import section_form

    return [name for name, field in section_form(section)().fields.items() if isinstance(field, forms.DateField)]


@pytest.mark.parametrize(
    ("section", "field"),
    [(section, name) for section in SECTIONS for name in _date_fields(section)],
    ids=lambda value: getattr(value, "key", value),
)
@pytest.mark.parametrize("typed", ["0199-05-01", "1899-12-31", "9999-01-01"])
def test_every_section_date_outside_a_plausible_range_is_refused_beside_it(
    lawyer_client, lawyer, section, field, typed
):
    profile = ProfileFactory(lawyer=lawyer)
    data = {**VALID[section.key], field: typed}
    response = lawyer_client.post(url("section_new", section.key), data)
    assert response.status_code == 200
    [message] = field_errors(response, field)
    assert message.startswith("请输入 1900-01-01 至 ") and message.endswith("之间的日期。")
    assert not section.entries(profile).exists()


def test_the_sections_have_date_fields_to_check():
    assert sum(len(_date_fields(section)) for section in SECTIONS) >= 10
