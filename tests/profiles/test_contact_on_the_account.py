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
