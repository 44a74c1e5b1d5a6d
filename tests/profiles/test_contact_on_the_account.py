"""联系方式's 手机号码 and 电子邮箱 are 账户信息's (manual 002 §2.1.2, §3.2.1.5): one value kept on the
lawyer's account, so a change in one place shows in the other and 消息 are mailed there."""

import pytest
from django.urls import reverse

from member_center.profiles import services
from member_center.profiles.models import Profile
from tests.certificates.helpers import soup
from tests.factories import ProfileFactory, profile_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CONTACT_STEP = reverse("profiles:basic_step", args=["contact"])
ACCOUNT = reverse("member_center:account_info")


def contact_data(**changes):
    data = {
        "direction": "next",
        "mobile": "13800138000",
        "address": "广州市天河区珠江新城华夏路 8 号",
        "postcode": "510623",
        "phone": "020-38880000",
        "email": "lawyer@example.cn",
        "emergency_contact": "王芳",
        "emergency_phone": "13900139000",
    }
    return {**data, **changes}


def input_value(response, name):
    return soup(response).find("input", attrs={"name": name}).get("value", "")


def test_the_contact_step_writes_the_accounts_mobile_and_email(lawyer_client, lawyer, lawyer_user):
    ProfileFactory(lawyer=lawyer)
    lawyer_client.post(CONTACT_STEP, contact_data(mobile="13922223333", email="new@example.cn"))
    lawyer_user.refresh_from_db()
    assert (lawyer_user.mobile, lawyer_user.email) == ("13922223333", "new@example.cn")
    account_page = lawyer_client.get(ACCOUNT)
    assert input_value(account_page, "mobile") == "13922223333"
    assert input_value(account_page, "email") == "new@example.cn"


def test_账户信息_changes_show_in_联系方式(lawyer_client, lawyer):
    ProfileFactory(lawyer=lawyer)
    lawyer_client.post(
        ACCOUNT, {"email": "zhang@lawfirm.example.cn", "mobile": "13711112222", "postcode": "", "bio": ""}
    )
    step = lawyer_client.get(CONTACT_STEP)
    assert input_value(step, "mobile") == "13711112222"
    assert input_value(step, "email") == "zhang@lawfirm.example.cn"
    assert Profile.objects.get(lawyer=lawyer).email == "zhang@lawfirm.example.cn"


def test_修改基本信息_changes_the_accounts_email_and_logs_it(lawyer_client, lawyer, lawyer_user):
    profile = profile_in_state("approved", lawyer=lawyer)
    services.save_basic(profile, {"email": "changed@example.cn"}, by=lawyer_user)
    lawyer_user.refresh_from_db()
    assert lawyer_user.email == "changed@example.cn"
    assert profile.changes.get().summary == "电子邮箱:lawyer@example.cn->changed@example.cn"


def test_without_an_account_the_contact_cannot_be_saved_and_says_why():
    profile = ProfileFactory()
    with pytest.raises(services.ProfileError, match="开通账号"):
        services.save_basic(profile, {"mobile": "13900139001"}, by=None)


# --- a change on 账户信息 reaches 近期变更 as one on 修改基本信息 does -------------------------------


def account_data(**changes):
    data = {"email": "lawyer@example.cn", "mobile": "13800138000", "postcode": "", "bio": ""}
    return {**data, **changes}


def test_a_mobile_changed_on_账户信息_after_approval_is_written_to_近期变更(lawyer_client, lawyer, lawyer_user):
    profile = profile_in_state("approved", lawyer=lawyer)

    lawyer_client.post(ACCOUNT, account_data(mobile="13900139001"))

    change = profile.changes.get()
    assert (change.subject, change.action, change.summary) == ("律师", "修改", "手机号码:13800138000->13900139001")
    assert change.changed_by == lawyer_user


def test_账户信息_and_修改基本信息_write_the_same_change_alike(lawyer_client, lawyer, lawyer_user):
    profile = profile_in_state("approved", lawyer=lawyer)
    lawyer_client.post(ACCOUNT, account_data(email="a@example.cn", mobile="13900139001"))
    services.save_basic(profile, {"mobile": "13800138000", "email": "lawyer@example.cn"}, by=lawyer_user)

    on_account, on_profile = profile.changes.order_by("pk")

    assert (on_account.subject, on_account.action) == (on_profile.subject, on_profile.action) == ("律师", "修改")
    assert on_account.summary == "手机号码:13800138000->13900139001,电子邮箱:lawyer@example.cn->a@example.cn"
    assert on_profile.summary == "手机号码:13900139001->13800138000,电子邮箱:a@example.cn->lawyer@example.cn"


def test_账户信息_saved_unchanged_or_with_only_its_own_fields_logs_nothing(lawyer_client, lawyer):
    profile = profile_in_state("approved", lawyer=lawyer)

    lawyer_client.post(ACCOUNT, account_data())
    lawyer_client.post(ACCOUNT, account_data(postcode="510030", bio="擅长公司法务。"))  # not 联系方式's

    assert not profile.changes.exists()


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected"])
def test_a_contact_change_on_账户信息_before_approval_is_not_logged(lawyer_client, lawyer, lawyer_user, state):
    profile = profile_in_state(state, lawyer=lawyer)

    lawyer_client.post(ACCOUNT, account_data(mobile="13900139001"))

    lawyer_user.refresh_from_db()
    assert lawyer_user.mobile == "13900139001"
    assert not profile.changes.exists()


def test_a_lawyer_without_a_profile_changes_his_contact_on_账户信息_alone(lawyer_client, lawyer, lawyer_user):
    response = lawyer_client.post(ACCOUNT, account_data(mobile="13900139001"))

    assert response.status_code == 302
    assert not Profile.objects.filter(lawyer=lawyer).exists()


def test_the_log_entry_rolls_back_with_the_account_change(lawyer, lawyer_user):
    from django.db import transaction

    from member_center import services as account_services

    profile = profile_in_state("approved", lawyer=lawyer)
    data = {**account_data(mobile="13900139001"), "notify_by_email": True}
    with pytest.raises(RuntimeError), transaction.atomic():
        account_services.update_account_info(lawyer_user, data)
        raise RuntimeError("the rest of the change failed")

    assert not profile.changes.exists()
