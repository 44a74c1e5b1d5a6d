"""基本信息 (manual 002 §3.2.1): 执业信息 >> 上传照片 >> 完善基本信息 >> 执业情况登记 >> 联系方式登记
>> 确认提交申请, through the views as a lawyer uses them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from member_center.profiles import services
from member_center.profiles.models import Profile, ProfileState
from member_center.profiles.steps import STEPS_BY_KEY
from tests.certificates.helpers import field_errors, messages_of, page_text, soup, squash
from tests.conftest import MEMBER_BACKEND
from tests.factories import (
    BASIC_INFO,
    EducationFactory,
    ProfileFactory,
    StaffUserFactory,
    complete_profile,
    profile_in_state,
)

COMPLETION_URL = reverse("profiles:completion")
CHANGE_URL = reverse("profiles:change")


def step_url(key: str) -> str:
    return reverse("profiles:basic_step", args=[key])


def step_data(key: str, direction: str = "next", **overrides) -> dict:
    """What a lawyer types on step `key`: the factories' BASIC_INFO, with `overrides`."""
    values = {name: BASIC_INFO.get(name, "") for name in STEPS_BY_KEY[key].fields}
    values.update(overrides)
    data = {"direction": direction}
    for name, value in values.items():
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def basic_data(lawyer, direction="next", **overrides) -> dict:
    return step_data("basic", direction, **{"id_document_no": lawyer.id_number, **overrides})


def profile_of(lawyer) -> Profile:
    return Profile.objects.get(lawyer=lawyer)


# --- the way in --------------------------------------------------------------------------------


def test_basic_info_starts_at_step_one(lawyer_client):
    response = lawyer_client.get(reverse("profiles:basic"))

    assert response.status_code == 302
    assert response.url == step_url("practice")


def test_progress_bar_shows_the_six_steps_with_their_hints(lawyer_client):
    document = soup(lawyer_client.get(step_url("practice")))

    assert "补全个人信息" in document.get_text()
    items = document.select(".pf-steps__item")
    labels = [item.select_one(".pf-steps__label").get_text(strip=True) for item in items]
    assert labels == ["执业信息", "设置照片", "基本信息", "执业情况", "联系方式", "确认信息"]
    assert [item.select_one(".pf-steps__number").get_text(strip=True) for item in items] == list("123456")
    assert "上传本人近期证件照" in items[1].get_text()


def test_progress_bar_marks_the_current_step(lawyer_client):
    document = soup(lawyer_client.get(step_url("practice_detail")))

    current = document.select('.pf-steps [aria-current="step"]')
    assert [item.select_one(".pf-steps__label").get_text(strip=True) for item in current] == ["执业情况"]


def test_an_unknown_step_is_not_found(lawyer_client):
    assert lawyer_client.get(step_url("nonsense")).status_code == 404


def test_wizard_is_closed_while_under_review(lawyer_client, lawyer, private_media):
    profile_in_state("submitted", lawyer=lawyer)

    response = lawyer_client.get(step_url("basic"))

    assert response.status_code == 302
    assert response.url == COMPLETION_URL
    assert any("目前正在审核中" in message for message in messages_of(response))


def test_nothing_is_saved_from_the_wizard_while_under_review(lawyer_client, lawyer, private_media):
    profile_in_state("submitted", lawyer=lawyer)

    lawyer_client.post(step_url("contact"), step_data("contact", mobile="13911112222"))

    assert profile_of(lawyer).mobile == BASIC_INFO["mobile"]


def test_wizard_sends_an_approved_lawyer_to_change(lawyer_client, lawyer, private_media):
    profile_in_state("approved", lawyer=lawyer)

    response = lawyer_client.get(reverse("profiles:basic"))

    assert response.status_code == 302
    assert response.url == CHANGE_URL


def test_a_rejected_profile_is_completed_again_in_the_wizard(lawyer_client, lawyer, private_media):
    profile_in_state("rejected", lawyer=lawyer)

    assert lawyer_client.get(step_url("contact")).status_code == 200


def test_a_firm_has_no_basic_info_wizard(firm_client):
    assert firm_client.get(step_url("practice")).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(step_url("practice"))

    assert response.status_code == 302
    assert "login" in response.url


# --- 1 执业信息 ------------------------------------------------------------------------------------


def test_step_one_shows_the_roster_data_with_the_full_id_number(lawyer_client, lawyer):
    text = page_text(lawyer_client.get(step_url("practice")))

    for value in (lawyer.name, lawyer.authority, lawyer.firm.name, lawyer.licence_no, lawyer.id_number):
        assert value in text
    for label in ("姓名", "性别", "主管机关", "执业类别", "执业机构", "所内身份", "执业证号", "身份证号"):
        assert label in text


def test_step_one_says_to_check_against_the_licence_and_report_errors(lawyer_client):
    text = squash(page_text(lawyer_client.get(step_url("practice"))))

    assert "请您认真核对对以下执业信息，须与律师执业证上登记信息保持一致。" in text
    assert (
        squash("以上信息非常重要，如登记有误，请通过“工单系统”向我们反馈。反馈后，可直接跳过，不需要等变更生效。")
        in text
    )


def test_step_one_next_goes_to_the_photo(lawyer_client):
    response = lawyer_client.post(step_url("practice"), {"direction": "next"})

    assert response.url == step_url("photo")


# --- 2 设置照片 (the upload itself: test_photo.py) -----------------------------------------------------


def test_photo_step_without_a_photo_asks_for_one_on_next(lawyer_client):
    response = lawyer_client.post(step_url("photo"), {"direction": "next"})

    assert response.status_code == 200
    assert field_errors(soup(response), "photo") == ["请上传图片"]


def test_photo_step_with_a_stored_photo_goes_on(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer), confirm=False)

    response = lawyer_client.post(step_url("photo"), {"direction": "next"})

    assert response.url == step_url("basic")


def test_photo_step_previous_goes_back_to_step_one(lawyer_client):
    response = lawyer_client.post(step_url("photo"), {"direction": "prev"})

    assert response.url == step_url("practice")


# --- 3 基本信息 -------------------------------------------------------------------------------------


def test_basic_step_saves_and_goes_to_practice_detail(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, former_name="张小明"))

    assert response.url == step_url("practice_detail")
    profile = profile_of(lawyer)
    assert profile.former_name == "张小明"
    assert profile.birth_date == BASIC_INFO["birth_date"]
    assert profile.political_status == ["中共党员"]


def test_basic_step_names_each_missing_required_field(lawyer_client, lawyer):
    response = lawyer_client.post(
        step_url("basic"), basic_data(lawyer, marital_status="", social_security_no="", native_place="")
    )

    document = soup(response)
    assert field_errors(document, "marital_status") == ["请选择婚姻情况。"]
    assert field_errors(document, "social_security_no") == ["请填写社会保险号。"]
    assert field_errors(document, "native_place") == ["请选择籍贯。"]
    assert profile_of(lawyer).marital_status == ""


def test_basic_step_refuses_a_malformed_id_number(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, id_document_no="44010419850312"))

    assert field_errors(soup(response), "id_document_no") == ["身份证号码为 18 位，最后一位可以是数字或 X。"]


def test_basic_step_refuses_a_date_in_another_format(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, birth_date="12/03/1985"))

    assert field_errors(soup(response), "birth_date") == ["日期格式为 yyyy-MM-dd，如：2016-01-01。"]


@pytest.mark.parametrize(
    ("step", "field"),
    [("basic", "birth_date"), ("basic", "work_started_on"), ("basic", "joined_firm_on"),
     ("practice_detail", "first_practised_on"), ("practice_detail", "qualified_on"),
     ("practice_detail", "title_obtained_on")],
)  # fmt: skip
def test_a_basic_date_before_1900_is_refused_beside_the_field(lawyer_client, lawyer, step, field):
    ProfileFactory(lawyer=lawyer)
    data = basic_data(lawyer, **{field: "0199-05-01"}) if step == "basic" else step_data(step, **{field: "0199-05-01"})
    response = lawyer_client.post(step_url(step), data)
    assert response.status_code == 200
    [message] = field_errors(soup(response), field)
    assert message.startswith("请输入 1900-01-01 至 ")


def test_every_date_of_the_basic_steps_is_checked(db):
    from django import forms

    from member_center.profiles.forms.profile import profile_form

    dates = {
        (step.key, name)
        for step in STEPS_BY_KEY.values()
        if step.key not in ("photo", "confirm")
        for name, field in profile_form(step.fields, step.required)(instance=ProfileFactory()).fields.items()
        if isinstance(field, forms.DateField)
    }
    assert dates == {
        ("basic", "birth_date"), ("basic", "work_started_on"), ("basic", "joined_firm_on"),
        ("practice_detail", "first_practised_on"), ("practice_detail", "qualified_on"),
        ("practice_detail", "title_obtained_on"),
    }  # fmt: skip


def test_basic_step_refuses_a_birth_date_in_the_future(lawyer_client, lawyer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, birth_date=tomorrow.isoformat()))

    assert field_errors(soup(response), "birth_date") == ["出生日期不能晚于今天。"]


def test_basic_step_refuses_work_started_before_birth(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, work_started_on="1980-01-01"))

    assert field_errors(soup(response), "work_started_on") == ["参加工作时间不能早于出生日期。"]


def test_basic_step_asks_a_party_member_for_the_party_organisation(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, party_organisation=""))

    assert field_errors(soup(response), "party_organisation") == ["中共党员请填写所在党组织的名称。"]


def test_basic_step_takes_two_political_statuses(lawyer_client, lawyer):
    lawyer_client.post(step_url("basic"), basic_data(lawyer, political_status=["中共党员", "民盟盟员"]))

    assert profile_of(lawyer).political_status == ["中共党员", "民盟盟员"]


def test_basic_step_keeps_everything_else_typed_beside_an_error(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("basic"), basic_data(lawyer, former_name="张小明", birth_date="not-a-date"))

    document = soup(response)
    assert document.find("input", attrs={"name": "former_name"})["value"] == "张小明"
    assert document.find("input", attrs={"name": "birth_date"})["value"] == "not-a-date"


def test_basic_step_shows_education_is_set_from_education_entries(lawyer_client, lawyer):
    text = page_text(lawyer_client.get(step_url("basic")))

    assert "（根据教育经历设置）" in text
    assert "毕业院校、学历、学位、专业等信息，请在教育经历中进行登记。" in squash(text)
    assert "注意：政治面貌可多选（适用于双重党籍人员）。" in text


def test_basic_step_shows_the_highest_education_once_entered(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    EducationFactory(profile=profile, education_level="大学本科")
    EducationFactory(profile=profile, education_level="硕士研究生", degree="硕士")

    document = soup(lawyer_client.get(step_url("basic")))

    assert document.select_one("[data-education]").get_text(strip=True) == "硕士研究生"


def test_basic_step_shows_the_highest_degree_beside_the_education(lawyer_client, lawyer):
    profile = ProfileFactory(lawyer=lawyer)
    EducationFactory(profile=profile, education_level="大学本科", degree="学士")
    EducationFactory(profile=profile, education_level="硕士研究生", degree="硕士")

    document = soup(lawyer_client.get(step_url("basic")))

    assert document.select_one("[data-degree]").get_text(strip=True) == "硕士"


# --- 4 执业情况 -------------------------------------------------------------------------------------


def test_practice_detail_takes_three_practice_areas(lawyer_client, lawyer):
    areas = ["民事诉讼", "合同纠纷", "知识产权"]

    response = lawyer_client.post(step_url("practice_detail"), step_data("practice_detail", practice_areas=areas))

    assert response.url == step_url("contact")
    assert profile_of(lawyer).practice_areas == areas


def test_practice_detail_refuses_a_fourth_practice_area(lawyer_client, lawyer):
    areas = ["民事诉讼", "合同纠纷", "知识产权", "税务"]

    response = lawyer_client.post(step_url("practice_detail"), step_data("practice_detail", practice_areas=areas))

    assert field_errors(soup(response), "practice_areas") == ["最多可选择3项执业范围，您选择了4项。"]
    assert profile_of(lawyer).practice_areas == []


def test_practice_detail_says_at_most_three_areas(lawyer_client):
    assert "注：最多可选择3项执业范围" in page_text(lawyer_client.get(step_url("practice_detail")))


def test_practice_detail_requires_a_practice_area(lawyer_client):
    response = lawyer_client.post(step_url("practice_detail"), step_data("practice_detail", practice_areas=[]))

    assert field_errors(soup(response), "practice_areas") == ["请选择执业范围。"]


def test_practice_detail_asks_when_a_title_was_obtained(lawyer_client):
    response = lawyer_client.post(step_url("practice_detail"), step_data("practice_detail", title="二级律师"))

    assert field_errors(soup(response), "title_obtained_on") == ["请填写律师职称的获得时间。"]


def test_practice_detail_refuses_a_qualification_date_in_the_future(lawyer_client):
    next_year = (timezone.localdate() + datetime.timedelta(days=366)).isoformat()

    response = lawyer_client.post(step_url("practice_detail"), step_data("practice_detail", qualified_on=next_year))

    assert field_errors(soup(response), "qualified_on") == ["取得资格日期不能晚于今天。"]


# --- 5 联系方式 -------------------------------------------------------------------------------------


def test_contact_step_saves_and_goes_to_confirm(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("contact"), step_data("contact", website="https://lawyer.example.cn"))

    assert response.url == step_url("confirm")
    profile = profile_of(lawyer)
    assert profile.mobile == BASIC_INFO["mobile"]
    assert profile.website == "https://lawyer.example.cn"


def test_contact_step_says_how_the_association_will_reach_the_lawyer(lawyer_client):
    text = page_text(lawyer_client.get(step_url("contact")))

    assert "律师协会会通过手机号码、电子邮箱等多种方式将重要通知、信息推送给您。" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "1380013800", "请输入 11 位手机号码，例如 13800138000。"),
        ("phone", "38880000x", "请输入正确的电话号码，例如 020-38880000 或 13800138000。"),
        ("email", "lawyer@", "请填写正确的电子邮箱地址，例如 name@example.cn。"),
        ("website", "not a site", "请输入正确的网址，例如 https://www.example.cn。"),
        ("postcode", "51062", "邮政编码为 6 位数字。"),
        ("qq", "0123", "QQ号码为 5 至 12 位数字。"),
        ("emergency_phone", "110", "请输入正确的电话号码，例如 020-38880000 或 13800138000。"),
    ],
)
def test_contact_step_refuses_each_malformed_contact(lawyer_client, lawyer, field, value, message):
    response = lawyer_client.post(step_url("contact"), step_data("contact", **{field: value}))

    assert field_errors(soup(response), field) == [message]
    assert profile_of(lawyer).mobile == ""


def test_contact_step_requires_the_mobile_number(lawyer_client):
    response = lawyer_client.post(step_url("contact"), step_data("contact", mobile=""))

    assert field_errors(soup(response), "mobile") == ["请填写手机号码。"]


# --- 上一步 and drafts -------------------------------------------------------------------------------


def test_previous_saves_valid_input_and_goes_back(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("contact"), step_data("contact", direction="prev"))

    assert response.url == step_url("practice_detail")
    assert profile_of(lawyer).email == BASIC_INFO["email"]


def test_previous_with_invalid_input_goes_back_without_saving(lawyer_client, lawyer):
    response = lawyer_client.post(step_url("contact"), step_data("contact", direction="prev", mobile="123"))

    assert response.url == step_url("practice_detail")
    assert profile_of(lawyer).email == ""


def test_invalid_input_left_by_previous_is_shown_again_with_its_error(lawyer_client):
    lawyer_client.post(step_url("contact"), step_data("contact", direction="prev", mobile="123", qq="88886666"))

    document = soup(lawyer_client.get(step_url("contact")))

    assert document.find("input", attrs={"name": "mobile"})["value"] == "123"
    assert document.find("input", attrs={"name": "qq"})["value"] == "88886666"
    assert field_errors(document, "mobile") == ["请输入 11 位手机号码，例如 13800138000。"]


def test_invalid_checkboxes_left_by_previous_come_back_ticked(lawyer_client):
    areas = ["民事诉讼", "合同纠纷", "知识产权", "税务"]
    lawyer_client.post(step_url("practice_detail"), step_data("practice_detail", "prev", practice_areas=areas))

    document = soup(lawyer_client.get(step_url("practice_detail")))

    ticked = [box["value"] for box in document.select('input[name="practice_areas"][checked]')]
    assert ticked == areas


def test_the_held_input_is_dropped_once_the_step_is_saved(lawyer_client, lawyer):
    lawyer_client.post(step_url("contact"), step_data("contact", direction="prev", mobile="123"))
    lawyer_client.post(step_url("contact"), step_data("contact", mobile="13922223333"))

    document = soup(lawyer_client.get(step_url("contact")))

    assert document.find("input", attrs={"name": "mobile"})["value"] == "13922223333"
    assert document.select(".mc-error") == []


def test_leaving_half_way_keeps_a_draft(client, lawyer_user, lawyer):
    client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    client.post(step_url("basic"), basic_data(lawyer, former_name="张小明"))
    client.logout()

    client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    document = soup(client.get(step_url("basic")))

    assert document.find("input", attrs={"name": "former_name"})["value"] == "张小明"
    assert document.find("input", attrs={"name": "birth_date"})["value"] == "1985-03-12"


# --- 6 确认信息 -------------------------------------------------------------------------------------


def test_confirm_step_shows_the_register_table(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer), confirm=False)

    document = soup(lawyer_client.get(step_url("confirm")))

    table = document.select_one("table.pf-register")
    assert table.caption.get_text(strip=True) == "律师基础信息登记表"
    text = table.get_text(" ", strip=True)
    for label in ("姓名", "身份证号", "执业机构", "执业类别", "执业证号", "资格证号", "首次执业时间", "性别", "民族"):
        assert label in text
    for label in ("出生年月", "籍贯", "学历", "政治面貌", "联系地址", "邮编", "电子邮箱", "手机号码"):
        assert label in text
    for value in (lawyer.name, lawyer.id_number, "1985年3月", "A20084401000123", "lawyer@example.cn"):
        assert value in text
    assert table.select_one(".pf-register__photo img")["src"].startswith(reverse("profiles:photo"))


def test_confirm_step_says_confirming_is_not_yet_submitting(lawyer_client):
    text = squash(page_text(lawyer_client.get(step_url("confirm"))))

    assert squash("请您确认以下信息是否登记正确, 确认无误后, 请勾选“我已核实以上信息正确无误”, 点击“确认补全”") in text
    assert (
        squash("注:“确认补全”并非正式提交审核, 如需提交审核回到[信息补全]中补全其他信息后, 点击正式提交审核。") in text
    )


def test_confirm_needs_the_checkbox(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer), confirm=False)

    response = lawyer_client.post(step_url("confirm"), {"direction": "next"})

    assert response.status_code == 200
    assert field_errors(soup(response), "verified") == ["请勾选“我已核实以上信息正确无误”后，再点击“确认补全”。"]
    assert profile_of(lawyer).basic_confirmed_at is None


def test_confirm_with_a_missing_field_names_it_and_links_to_its_step(lawyer_client, lawyer, private_media):
    profile = complete_profile(ProfileFactory(lawyer=lawyer), confirm=False)
    Profile.objects.filter(pk=profile.pk).update(qualification_no="")

    response = lawyer_client.post(step_url("confirm"), {"direction": "next", "verified": "on"})

    document = soup(response)
    alert = document.select_one(".mc-alert--error")
    assert "“执业情况”中的“资格证号”尚未填写" in alert.get_text()
    assert alert.find("a")["href"] == step_url("practice_detail")
    assert profile_of(lawyer).basic_confirmed_at is None


def test_confirm_records_the_confirmation_and_returns_to_completion(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer), confirm=False)

    response = lawyer_client.post(step_url("confirm"), {"direction": "next", "verified": "on"})

    assert response.status_code == 302
    assert response.url == COMPLETION_URL
    assert profile_of(lawyer).basic_confirmed_at is not None
    assert any("基本信息已确认补全" in message for message in messages_of(response))


def test_confirm_previous_goes_back_to_contact(lawyer_client):
    response = lawyer_client.post(step_url("confirm"), {"direction": "prev"})

    assert response.url == step_url("contact")


def test_changing_a_step_after_confirming_asks_to_confirm_again(lawyer_client, lawyer, private_media):
    complete_profile(ProfileFactory(lawyer=lawyer))

    lawyer_client.post(step_url("contact"), step_data("contact", mobile="13922223333"))

    assert profile_of(lawyer).basic_confirmed_at is None


# --- pages fit the CSP -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["practice", "photo", "basic", "practice_detail", "contact", "confirm"])
def test_wizard_pages_have_no_inline_script_or_style(lawyer_client, key):
    document = soup(lawyer_client.get(step_url(key)))

    assert all(script.get("src") for script in document.find_all("script"))
    assert document.find_all("style") == []
    assert document.find_all(style=True) == []
    assert not [tag for tag in document.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]


# --- after 驳回 (manual §3.2.3's note) ---------------------------------------------------------------


def rejected(lawyer):
    profile = profile_in_state("submitted", lawyer=lawyer)
    return services.reject(profile, StaffUserFactory(superuser=True), "照片不符合要求，请更换")


def test_after_驳回_the_wizard_shows_every_filled_step_as_done(lawyer_client, lawyer, private_media):
    rejected(lawyer)
    document = soup(lawyer_client.get(step_url("practice")))
    states = [
        "current" if item.get("aria-current") else "done" if "（已完成）" in item.get_text() else "todo"
        for item in document.select(".pf-steps__item")
    ]
    assert states == ["current", "done", "done", "done", "done", "todo"]


@pytest.mark.parametrize("key", ["basic", "practice_detail", "contact"])
def test_after_驳回_each_step_is_prefilled_with_what_was_saved(lawyer_client, lawyer, private_media, key):
    profile = rejected(lawyer)
    document = soup(lawyer_client.get(step_url(key)))
    for name in STEPS_BY_KEY[key].fields:
        control = document.find(attrs={"name": name})
        value = getattr(profile, name)
        if control is not None and control.name == "input" and control.get("type") not in ("checkbox", "radio"):
            expected = value.isoformat() if isinstance(value, datetime.date) else value
            assert control.get("value", "") == (expected or ""), name


def test_after_驳回_我要补全_opens_the_last_step_and_the_审核意见_shows_on_every_step(
    lawyer_client, lawyer, private_media
):
    rejected(lawyer)
    response = lawyer_client.get(reverse("profiles:basic"), follow=True)
    assert response.redirect_chain[-1][0] == step_url("confirm")
    assert "审核意见：照片不符合要求，请更换" in page_text(response)
    assert "审核意见：照片不符合要求，请更换" in page_text(lawyer_client.get(step_url("photo")))


def test_a_fresh_profile_opens_the_wizard_at_its_first_step(lawyer_client, lawyer):
    response = lawyer_client.get(reverse("profiles:basic"))
    assert response.url == step_url("practice")


def test_after_驳回_fixing_one_step_and_confirming_again_resubmits(lawyer_client, lawyer, private_media):
    profile = rejected(lawyer)
    lawyer_client.post(step_url("contact"), step_data("contact", mobile="13922223333"))
    confirmed = lawyer_client.post(step_url("confirm"), {"verified": "on"}, follow=True)
    assert "基本信息已重新确认补全。请点击“正式提交审核”，重新提交审核。" in messages_of(confirmed)
    assert "正式提交审核" in page_text(confirmed) and "有内容未填报" not in page_text(confirmed)
    lawyer_client.post(reverse("profiles:submit"))
    profile.refresh_from_db()
    assert (profile.state, profile.mobile) == (ProfileState.SUBMITTED, "13922223333")
