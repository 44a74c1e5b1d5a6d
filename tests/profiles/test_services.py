"""The profile's rules, through services: the state machine (every allowed and refused move),
what each state lets the lawyer edit, and the change log's words (manual 002 §3.2.3 – §3.3.2)."""

import copy
import datetime

import pytest
from auditlog.models import LogEntry

from member_center.profiles import services
from member_center.profiles.models import ChangeState, Profile, ProfileChange, ProfileState
from member_center.profiles.sections import SECTIONS, get_section
from tests.factories import (
    AwardFactory,
    EducationFactory,
    LawyerFactory,
    PenaltyFactory,
    ProfileFactory,
    StaffUserFactory,
    complete_profile,
    profile_in_state,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def events(profile):
    return [e.additional_data.get("事件") for e in LogEntry.objects.get_for_object(profile) if e.additional_data]


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


# --- the state machine (every move and refusal: tests/profiles/test_workflows.py) ---------------


def test_submit_waits_until_everything_is_filled_or_declared_none(staff):
    profile = ProfileFactory()
    with pytest.raises(services.ProfileError) as refused:
        services.submit(profile, None)
    message = str(refused.value)
    assert message.startswith("以下内容尚未填报：基本信息、教育经历、获奖情况")
    assert all(section.label in message for section in SECTIONS)
    assert Profile.objects.get(pk=profile.pk).state == ProfileState.DRAFT


def test_submit_needs_basic_information_confirmed():
    profile = complete_profile(ProfileFactory(), confirm=False)
    with pytest.raises(services.ProfileError, match="以下内容尚未填报：基本信息。"):
        services.submit(profile, None)


def test_submit_records_the_time():
    profile = complete_profile(ProfileFactory())
    submitted = services.submit(profile, None)
    assert submitted.state == ProfileState.SUBMITTED
    assert submitted.submitted_at is not None


def test_reject_needs_an_opinion(staff):
    profile = profile_in_state("submitted")
    with pytest.raises(services.ProfileError, match="驳回时须填写审核意见"):
        services.reject(profile, staff, "  ")
    assert Profile.objects.get(pk=profile.pk).state == ProfileState.SUBMITTED


def test_reject_keeps_the_opinion_and_asks_for_basic_confirmation_again(staff):
    profile = profile_in_state("submitted")
    services.reject(profile, staff, "您填报信息不符合要求，请重新填写")
    profile.refresh_from_db()
    assert profile.review_opinion == "您填报信息不符合要求，请重新填写"
    assert profile.reviewed_by == staff
    assert profile.basic_confirmed_at is None
    assert services.missing_items(profile) == ["基本信息"]
    log = LogEntry.objects.get_for_object(profile).filter(additional_data__事件="驳回").get()
    assert log.actor == staff
    assert log.additional_data["审核意见"] == "您填报信息不符合要求，请重新填写"


def test_approve_records_reviewer_and_opens_change(staff):
    profile = services.approve(profile_in_state("submitted"), staff)
    assert profile.approved_once and profile.reviewed_by == staff and profile.reviewed_at
    assert services.in_change(profile) and not services.in_completion(profile)


def test_approve_many_approves_only_submitted_profiles(staff):
    submitted = [profile_in_state("submitted") for _ in range(2)]
    draft = profile_in_state("draft")
    approved, skipped = services.approve_many([p.pk for p in [*submitted, draft]], staff)
    assert (approved, skipped) == (2, 1)
    assert set(Profile.objects.filter(state=ProfileState.APPROVED)) == set(submitted)


# --- getting a profile ---------------------------------------------------------------------------


def test_a_new_profile_starts_from_what_the_roster_knows():
    lawyer = LawyerFactory(first_licensed_on=datetime.date(2012, 5, 4))
    profile = services.profile_for(lawyer)
    assert profile.id_document_no == lawyer.id_number
    assert profile.first_practised_on == datetime.date(2012, 5, 4)
    assert profile.state == ProfileState.DRAFT
    assert services.profile_for(lawyer) == profile


def test_only_practising_lawyers_have_profiles(firm):
    assert services.has_profile(LawyerFactory())
    assert not services.has_profile(LawyerFactory(trainee=True))
    assert not services.has_profile(firm)


# --- the board -----------------------------------------------------------------------------------


def test_a_new_profile_is_all_to_fill():
    rows = services.board(ProfileFactory())
    assert [row["label"] for row in rows][:3] == ["基本信息", "教育经历", "获奖情况"]  # the manual's columns
    assert sorted(row["label"] for row in rows) == sorted(["基本信息", *(s.label for s in SECTIONS)])
    assert {row["status"] for row in rows} == {"待填写"}


def test_section_status_follows_entries_and_declarations():
    profile = ProfileFactory(declared_none=["award"])
    EducationFactory(profile=profile)
    assert services.section_status(profile, get_section("education")) == "已填写"
    assert services.section_status(profile, get_section("award")) == "已填报为无"
    assert services.section_status(profile, get_section("penalty")) == "待填写"


def test_highest_education_comes_from_education_entries():
    profile = ProfileFactory()
    assert profile.highest_education == ""
    EducationFactory(profile=profile, education_level="大学本科", degree="学士")
    EducationFactory(profile=profile, education_level="硕士研究生", degree="硕士")
    assert profile.highest_education == "硕士研究生"
    assert profile.highest_degree == "硕士"


# --- 基本信息 ------------------------------------------------------------------------------------


def test_confirm_basic_names_the_first_missing_field():
    profile = ProfileFactory()
    with pytest.raises(services.ProfileError, match="“设置照片”中的“证件照片”尚未填写"):
        services.confirm_basic(profile, None)


def test_confirm_basic_when_everything_is_filled():
    profile = complete_profile(ProfileFactory(), confirm=False)
    services.confirm_basic(profile, None)
    profile.refresh_from_db()
    assert services.basic_status(profile) == "已填写"


def test_editing_basic_information_after_confirmation_asks_to_confirm_again():
    profile = complete_profile(ProfileFactory())
    changed = services.save_basic(profile, {"mobile": "13900139001"}, None)
    profile.refresh_from_db()
    assert changed == ["手机号码"]
    assert profile.basic_confirmed_at is None


def test_saving_the_same_values_changes_nothing():
    profile = complete_profile(ProfileFactory())
    assert services.save_basic(profile, {"mobile": profile.mobile}, None) == []
    profile.refresh_from_db()
    assert profile.basic_confirmed_at is not None


def test_nothing_is_editable_while_under_review():
    profile = profile_in_state("submitted")
    with pytest.raises(services.ProfileError, match="正在审核中"):
        services.save_basic(profile, {"mobile": "13900139001"}, None)
    with pytest.raises(services.ProfileError, match="正在审核中"):
        services.add_entry(profile, get_section("award"), AwardFactory.build(profile=None), None)
    with pytest.raises(services.ProfileError, match="正在审核中"):
        services.declare_none(profile, get_section("skill"), None)
    entry = profile.education_entries.get()
    with pytest.raises(services.ProfileError, match="正在审核中"):
        services.delete_entry(profile, get_section("education"), entry, None)
    assert Profile.objects.get(pk=profile.pk).mobile == "13800138000"


def test_after_approval_a_basic_change_is_logged_in_words():
    profile = profile_in_state("approved")
    services.save_basic(profile, {"mobile": "13900139001", "archive_keeper": "v"}, None)
    change = ProfileChange.objects.get(profile=profile)
    assert (change.subject, change.action, change.state) == ("律师", "修改", ChangeState.PENDING)
    assert change.summary == "手机号码:13800138000->13900139001,档案存放机关:->v"


def test_an_empty_date_is_logged_as_null_like_the_manual():
    profile = profile_in_state("approved")
    profile.joined_firm_on = None
    profile.save()
    services.save_basic(profile, {"joined_firm_on": datetime.date(2016, 4, 2)}, None)
    assert ProfileChange.objects.get().summary == "入职时间:null->2016-04-02"


def test_after_approval_roster_and_certificate_fields_change_only_by_ticket():
    profile = profile_in_state("approved")
    with pytest.raises(services.ProfileError, match="审核通过后，证件号码、籍贯须通过工单修改"):
        services.save_basic(profile, {"id_document_no": "440104198001011234", "native_place": "浙江省"}, None)
    assert not ProfileChange.objects.exists()


def test_changes_before_approval_are_not_logged():
    services.save_basic(ProfileFactory(), {"archive_keeper": "广州市人才服务中心"}, None)
    assert not ProfileChange.objects.exists()


# --- the sections --------------------------------------------------------------------------------


def test_declare_none_only_where_none_makes_sense():
    profile = ProfileFactory()
    for key in ("education", "work"):
        with pytest.raises(services.ProfileError, match="不能填报为无"):
            services.declare_none(profile, get_section(key), None)


def test_declare_none_is_refused_when_the_section_has_entries():
    profile = ProfileFactory()
    AwardFactory(profile=profile)
    with pytest.raises(services.ProfileError, match="获奖情况已有记录"):
        services.declare_none(profile, get_section("award"), None)


def test_declare_none_is_audited_once():
    profile = ProfileFactory()
    services.declare_none(profile, get_section("skill"), None)
    services.declare_none(profile, get_section("skill"), None)
    profile.refresh_from_db()
    assert profile.declared_none == ["skill"]
    assert events(profile).count("专业技能填报为无") == 1


def test_adding_an_entry_replaces_a_declaration_of_none():
    profile = ProfileFactory(declared_none=["award"])
    services.add_entry(profile, get_section("award"), AwardFactory.build(profile=None), None)
    profile.refresh_from_db()
    assert profile.declared_none == []
    assert services.section_status(profile, get_section("award")) == "已填写"


def test_an_addition_after_approval_is_logged_like_the_manual():
    profile = profile_in_state("approved")
    award = AwardFactory.build(profile=None, level="国家级", content="", awarded_on=datetime.date(2016, 4, 20))
    award.issuer, award.awardees = "宣传册", "沈璐"
    services.add_entry(profile, get_section("award"), award, None)
    change = ProfileChange.objects.get()
    assert (change.subject, change.action) == ("获奖情况", "创建")
    assert change.summary == "获奖级别:国家级,获奖内容:,所属人员:沈璐,颁奖日期:2016-04-20,颁发机构:宣传册"


@pytest.mark.parametrize("key", ["award", "penalty"])
def test_after_approval_awards_and_penalties_only_take_additions(key):
    profile = profile_in_state("approved")
    section = get_section(key)
    entry = {"award": AwardFactory, "penalty": PenaltyFactory}[key](profile=profile)
    assert not services.can_edit_entry(profile, section)
    with pytest.raises(services.ProfileError, match=f"审核通过后，{section.label}只能新增，不能修改"):
        services.update_entry(profile, section, entry, None)
    with pytest.raises(services.ProfileError, match=f"审核通过后，{section.label}只能新增，不能删除"):
        services.delete_entry(profile, section, entry, None)
    assert section.model.objects.filter(pk=entry.pk).exists()


def test_after_approval_other_sections_can_be_edited_and_each_change_is_logged():
    profile = profile_in_state("approved")
    section = get_section("education")
    entry = profile.education_entries.get()
    original = copy.copy(entry)
    entry.major = "经济法"
    services.update_entry(profile, section, entry, None, original=original)
    services.delete_entry(profile, section, entry, None)
    changes = list(ProfileChange.objects.order_by("pk").values_list("subject", "action", "summary"))
    assert changes[0] == ("教育经历", "修改", "主修专业:法学->经济法")
    assert changes[1][:2] == ("教育经历", "删除")
    assert "毕业院校:中山大学" in changes[1][2]


def test_in_completion_every_section_can_be_edited():
    profile = profile_in_state("rejected")
    assert all(services.can_edit_entry(profile, section) for section in SECTIONS)


def test_end_date_before_start_date_is_refused_by_the_model():
    from django.core.exceptions import ValidationError

    entry = EducationFactory.build(start_on=datetime.date(2016, 4, 6), end_on=datetime.date(2016, 4, 5))
    with pytest.raises(ValidationError) as refused:
        entry.clean()
    assert refused.value.message_dict == {"end_on": ["结束日期不能早于开始日期。"]}


# --- staff: 近期变更 ---------------------------------------------------------------------------


def test_staff_mark_changes_processed_once(staff):
    profile = profile_in_state("approved")
    services.save_basic(profile, {"mobile": "13900139001"}, None)
    change = ProfileChange.objects.get()
    assert services.mark_changes_processed([change.pk], staff) == 1
    assert services.mark_changes_processed([change.pk], staff) == 0
    change.refresh_from_db()
    assert (change.state, change.processed_by) == (ChangeState.PROCESSED, staff)
    assert change.processed_at is not None


def test_register_state_label_follows_the_state():
    labels = {state: services.register_state_label(profile_in_state(state)) for state in ProfileState.values}
    assert labels == {
        "draft": "尚未提交审核",
        "submitted": "材料审核中",
        "approved": "审核通过",
        "rejected": "尚未提交审核",
    }
