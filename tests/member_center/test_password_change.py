"""Manual 002 §2.1.1 修改密码, and the forced change after logging in with the initial password."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import MEMBER_PASSWORD, LawyerFactory

from .utils import ACCOUNT_URL, DASHBOARD_URL, PASSWORD_URL, PHOTO_URL, activate, logged_in_user_id, login, page_text

User = get_user_model()

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Guangzhou#Lawyer2024"


@pytest.fixture
def first_login(client):
    """A lawyer who has just logged in for the first time, with the initial password and a code."""
    lawyer = LawyerFactory(id_number="440105197803216543")
    login(client, lawyer.licence_no, "216543")
    activate(client)
    return lawyer


def change(client, old, new1, new2=None):
    return client.post(
        PASSWORD_URL, {"old_password": old, "new_password1": new1, "new_password2": new2 if new2 is not None else new1}
    )


@pytest.mark.parametrize("url", [DASHBOARD_URL, ACCOUNT_URL, PHOTO_URL])
def test_after_first_login_every_member_page_redirects_to_the_password_change(client, first_login, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL


def test_posting_to_a_member_page_before_the_change_is_redirected_too(client, first_login):
    response = client.post(ACCOUNT_URL, {"email": "a@example.cn", "postcode": "", "mobile": "", "bio": ""})

    assert response["Location"] == PASSWORD_URL
    assert User.objects.get(lawyer=first_login).email == ""


def test_the_change_page_has_the_manuals_labels_and_button(client, first_login):
    response = client.get(PASSWORD_URL)

    assert response.status_code == 200
    html = page_text(response)
    for label in ("旧密码", "新密码", "确认密码"):
        assert label in html
    assert "确认修改" in html
    assert "请先修改密码" in html  # the forced-change notice


def test_new_password_cannot_be_the_initial_password(client, first_login):
    response = change(client, "216543", "216543")

    assert response.status_code == 200
    assert "新密码不能与初始密码相同" in page_text(response)
    assert User.objects.get(lawyer=first_login).must_change_password is True


def test_mismatched_confirmation_is_refused(client, first_login):
    response = change(client, "216543", NEW_PASSWORD, NEW_PASSWORD + "x")

    assert response.status_code == 200
    assert "两次输入的新密码不一致" in page_text(response)
    assert User.objects.get(lawyer=first_login).must_change_password is True


def test_wrong_old_password_is_refused(client, first_login):
    response = change(client, "000000", NEW_PASSWORD)

    assert response.status_code == 200
    assert "旧密码不正确" in page_text(response)


def test_a_weak_new_password_is_refused_in_chinese(client, first_login):
    response = change(client, "216543", "20240101")  # short and all digits

    assert response.status_code == 200
    html = page_text(response)
    assert "密码" in html
    assert "This password" not in html
    assert User.objects.get(lawyer=first_login).must_change_password is True


def test_a_weak_new_passwords_errors_stand_under_the_new_password(client, first_login):
    response = change(client, "216543", "20240101")

    form = response.context["form"]
    assert form.errors["new_password1"]  # 新密码, where the weak password was typed
    assert "new_password2" not in form.errors


def test_a_mismatch_still_stands_under_the_confirmation(client, first_login):
    response = change(client, "216543", NEW_PASSWORD, NEW_PASSWORD + "x")

    assert "new_password2" in response.context["form"].errors


def test_after_a_successful_change_the_dashboard_opens(client, first_login):
    response = change(client, "216543", NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    user = User.objects.get(lawyer=first_login)
    assert user.must_change_password is False
    assert user.check_password(NEW_PASSWORD)
    # Still logged in (the session follows the new password hash).
    assert logged_in_user_id(client) == str(user.pk)
    dashboard = client.get(DASHBOARD_URL)
    assert dashboard.status_code == 200
    assert "密码修改成功" in page_text(dashboard)
    assert client.get(ACCOUNT_URL).status_code == 200


def test_the_new_password_replaces_the_initial_one_at_login(client, first_login):
    change(client, "216543", NEW_PASSWORD)
    client.post("/member/logout/")

    assert login(client, first_login.licence_no, "216543").status_code == 200
    assert logged_in_user_id(client) is None
    assert login(client, first_login.licence_no, NEW_PASSWORD)["Location"] == DASHBOARD_URL


def test_a_member_can_change_the_password_again_later(lawyer_client, lawyer_user):
    response = lawyer_client.get(PASSWORD_URL)
    assert "请先修改密码" not in page_text(response)

    response = change(lawyer_client, MEMBER_PASSWORD, NEW_PASSWORD)

    assert response["Location"] == DASHBOARD_URL
    lawyer_user.refresh_from_db()
    assert lawyer_user.check_password(NEW_PASSWORD)


def test_new_password_cannot_equal_the_old_one(lawyer_client):
    response = change(lawyer_client, MEMBER_PASSWORD, MEMBER_PASSWORD)

    assert response.status_code == 200
    assert "新密码不能与旧密码相同" in page_text(response)


def test_logout_still_works_before_the_change(client, first_login):
    response = client.post("/member/logout/")

    assert response.status_code == 302
    assert logged_in_user_id(client) is None
