"""Staff put a member back on the initial password (重置为初始密码)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from member_center import roles, services
from tests.factories import MEMBER_PASSWORD, FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

from .utils import (
    ACTIVATE_URL,
    DASHBOARD_URL,
    PASSWORD_URL,
    admin_index_url,
    first_login,
    logged_in_user_id,
    login,
    page_text,
)

User = get_user_model()

pytestmark = pytest.mark.django_db


def reset_url(member):
    return f"/admin/roster/{member._meta.model_name}/{member.pk}/reset-password/"


@pytest.fixture
def superuser_client():
    """A staff browser, separate from the member's `client`."""
    staff_client = Client()
    staff_client.force_login(StaffUserFactory(superuser=True))
    return staff_client


def test_after_the_reset_the_old_password_fails_and_the_initial_one_forces_a_change(client, lawyer_user):
    lawyer = lawyer_user.lawyer

    services.reset_to_initial_password(lawyer, by=StaffUserFactory(superuser=True))

    assert login(client, lawyer.licence_no, MEMBER_PASSWORD).status_code == 200
    assert logged_in_user_id(client) is None
    response = first_login(client, lawyer.licence_no, lawyer.initial_password())
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(lawyer_user.pk)
    assert client.get(DASHBOARD_URL)["Location"] == PASSWORD_URL
    assert User.objects.count() == 2  # the member's account was reused (plus the staff user)


def test_the_reset_ends_the_members_open_session(lawyer_client, lawyer_user):
    assert lawyer_client.get(DASHBOARD_URL).status_code == 200

    services.reset_to_initial_password(lawyer_user.lawyer, by=StaffUserFactory(superuser=True))

    response = lawyer_client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/member/login/")


def test_reset_of_a_member_who_never_logged_in_creates_no_account(lawyer):
    services.reset_to_initial_password(lawyer, by=StaffUserFactory(superuser=True))

    assert not User.objects.filter(lawyer=lawyer).exists()


def test_admin_confirmation_page_names_the_member(superuser_client, lawyer_user):
    lawyer = lawyer_user.lawyer

    response = superuser_client.get(reset_url(lawyer))

    assert response.status_code == 200
    html = page_text(response)
    assert lawyer.name in html
    assert lawyer.licence_no in html
    assert "确认重置" in html
    # GET only asks: the password is unchanged.
    lawyer_user.refresh_from_db()
    assert lawyer_user.check_password(MEMBER_PASSWORD)


def test_admin_post_resets_the_lawyer_to_the_initial_password(superuser_client, client, lawyer_user):
    lawyer = lawyer_user.lawyer

    superuser_client.post(reset_url(lawyer))

    lawyer_user.refresh_from_db()
    assert lawyer_user.must_change_password is True
    assert not lawyer_user.check_password(MEMBER_PASSWORD)
    assert lawyer_user.activated_at is None  # the initial password is public: prove who it is again
    assert login(client, lawyer.licence_no, MEMBER_PASSWORD).status_code == 200
    assert login(client, lawyer.licence_no, lawyer.initial_password())["Location"] == ACTIVATE_URL
    assert logged_in_user_id(client) is None


@pytest.mark.parametrize("model_name", ["lawyer", "firm"])
def test_admin_post_returns_to_the_listing_with_a_message(superuser_client, model_name):
    member = LawyerFactory() if model_name == "lawyer" else FirmFactory()
    MemberUserFactory(**{model_name: member})

    response = superuser_client.post(reset_url(member), follow=True)

    assert response.redirect_chain[0][0] == admin_index_url(model_name)
    assert f"已将 {member.display_name} 的密码重置为初始密码" in page_text(response)


def test_admin_post_resets_a_firm_to_the_initial_password(superuser_client, client):
    firm = FirmFactory(licence_no="24401200119876543")
    MemberUserFactory(firm=firm)

    superuser_client.post(reset_url(firm))

    assert login(client, firm.licence_no, MEMBER_PASSWORD).status_code == 200
    assert login(client, firm.licence_no, "876543").status_code == 302


def test_a_member_cannot_use_the_reset_url(lawyer_client, lawyer_user):
    other = MemberUserFactory(lawyer=LawyerFactory())

    for response in (lawyer_client.get(reset_url(other.lawyer)), lawyer_client.post(reset_url(other.lawyer))):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    other.refresh_from_db()
    assert other.check_password(MEMBER_PASSWORD)
    assert other.must_change_password is False


def test_anonymous_cannot_use_the_reset_url(client, lawyer_user):
    response = client.post(reset_url(lawyer_user.lawyer))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    lawyer_user.refresh_from_db()
    assert lawyer_user.check_password(MEMBER_PASSWORD)


def test_staff_without_change_permission_cannot_reset(client, lawyer_user):
    reviewer = StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS])  # may view lawyers, not change them
    client.force_login(reviewer)

    response = client.post(reset_url(lawyer_user.lawyer))

    assert response.status_code in (302, 403)
    lawyer_user.refresh_from_db()
    assert lawyer_user.check_password(MEMBER_PASSWORD)


def test_member_manager_can_reset(client, lawyer_user):
    client.force_login(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))

    response = client.post(reset_url(lawyer_user.lawyer))

    assert response["Location"] == admin_index_url("lawyer")
    lawyer_user.refresh_from_db()
    assert lawyer_user.must_change_password is True


def test_unknown_model_name_is_refused(superuser_client, lawyer_user):
    response = superuser_client.post(f"/admin/roster/user/{lawyer_user.pk}/reset-password/")

    assert response.status_code in (302, 403, 404)
    lawyer_user.refresh_from_db()
    assert lawyer_user.check_password(MEMBER_PASSWORD)


def test_lawyer_listing_offers_the_reset_action(superuser_client, lawyer_user):
    response = superuser_client.get(admin_index_url("lawyer"))

    assert response.status_code == 200
    html = page_text(response)
    assert "重置为初始密码" in html
    assert reset_url(lawyer_user.lawyer) in html
