"""Manual 002 §1.2: members log in with a licence or member number and an initial password."""

import pytest
from django.contrib.auth import get_user_model

from member_center.models import OFFICE_INITIAL_PASSWORD
from tests.factories import MEMBER_PASSWORD, FirmFactory, LawyerFactory, MemberUserFactory

from .utils import (
    ACTIVATE_URL,
    DASHBOARD_URL,
    LOGIN_URL,
    PASSWORD_URL,
    first_login,
    logged_in_user_id,
    login,
    page_text,
)

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_the_login_form_has_username_and_password_fields(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = page_text(response)
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_lawyer_logs_in_with_licence_number_and_last_six_of_id_number(client):
    lawyer = LawyerFactory(id_number="440104198507153216")

    response = first_login(client, lawyer.licence_no, "153216")

    assert response.status_code == 302
    assert logged_in_user_id(client) is not None
    assert User.objects.get(lawyer=lawyer).username == lawyer.licence_no


def test_initial_password_of_an_id_number_ending_in_x_is_lower_case(client):
    lawyer = LawyerFactory(id_number="44010419800101123X")

    assert login(client, lawyer.licence_no, "01123X").status_code == 200  # refused: letters are lower case
    assert logged_in_user_id(client) is None

    response = first_login(client, lawyer.licence_no, "01123x")

    assert response.status_code == 302
    assert logged_in_user_id(client) is not None


def test_lawyer_logs_in_with_member_number(client):
    lawyer = LawyerFactory(member_no="L20230815", id_number="440106199002028765")

    response = first_login(client, "L20230815", "028765")

    assert response.status_code == 302
    assert User.objects.get(pk=logged_in_user_id(client)).lawyer == lawyer


def test_firm_logs_in_with_licence_number_and_its_last_six_digits(client):
    firm = FirmFactory(licence_no="24401200110654321")

    response = first_login(client, "24401200110654321", "654321")

    assert response.status_code == 302
    assert User.objects.get(pk=logged_in_user_id(client)).firm == firm


@pytest.mark.parametrize("trait", ["office", "public_office"])
def test_lawyers_office_logs_in_with_member_number_and_123456(client, trait):
    office = FirmFactory(**{trait: True}, member_no="GS0001")

    response = first_login(client, "GS0001", OFFICE_INITIAL_PASSWORD)

    assert OFFICE_INITIAL_PASSWORD == "123456"
    assert response.status_code == 302
    assert User.objects.get(pk=logged_in_user_id(client)).firm == office


def test_first_login_creates_exactly_one_account_that_must_change_its_password(client):
    lawyer = LawyerFactory()

    response = first_login(client, lawyer.licence_no, lawyer.initial_password())

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert User.objects.count() == 1
    account = User.objects.get()
    assert account.lawyer == lawyer
    assert account.must_change_password is True
    assert client.get(DASHBOARD_URL)["Location"] == PASSWORD_URL


def test_a_second_login_does_not_create_another_account(client):
    lawyer = LawyerFactory()
    login(client, lawyer.licence_no, lawyer.initial_password())
    client.post("/member/logout/")

    response = login(client, lawyer.licence_no, lawyer.initial_password())

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL  # not activated yet: the code is asked again
    assert User.objects.count() == 1


def test_login_by_member_number_then_licence_number_uses_the_same_account(client):
    lawyer = LawyerFactory()
    login(client, lawyer.member_no, lawyer.initial_password())
    client.post("/member/logout/")

    login(client, lawyer.licence_no, lawyer.initial_password())

    assert User.objects.filter(lawyer=lawyer).count() == 1
    assert User.objects.count() == 1


def test_a_member_who_changed_the_password_logs_in_with_the_new_one_only(client, lawyer_user):
    lawyer = lawyer_user.lawyer

    assert login(client, lawyer.licence_no, lawyer.initial_password()).status_code == 200
    response = login(client, lawyer.licence_no, MEMBER_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert client.get(DASHBOARD_URL).status_code == 200


def test_wrong_password_shows_a_chinese_message_and_keeps_the_username(client):
    lawyer = LawyerFactory()

    response = login(client, lawyer.licence_no, "wrong-password")

    assert response.status_code == 200
    html = page_text(response)
    assert "账号或密码错误" in html
    assert f'value="{lawyer.licence_no}"' in html
    assert 'name="password"' in html
    assert logged_in_user_id(client) is None
    assert not User.objects.exists()


def test_unknown_login_number_is_refused_with_the_same_message(client):
    response = login(client, "14401201099999999", "123456")

    assert response.status_code == 200
    assert "账号或密码错误" in page_text(response)
    assert not User.objects.exists()


def test_cancelled_lawyer_cannot_log_in_with_the_initial_password(client):
    lawyer = LawyerFactory(cancelled=True)

    response = login(client, lawyer.licence_no, lawyer.initial_password())

    assert response.status_code == 200
    assert "账号或密码错误" in page_text(response)
    assert logged_in_user_id(client) is None
    assert not User.objects.exists()


def test_cancelled_lawyer_with_an_account_cannot_log_in(client):
    # The lawyer logged in while practising, then the roster import marked them 已注销.
    user = MemberUserFactory(lawyer=LawyerFactory(cancelled=True))

    response = login(client, user.lawyer.licence_no, MEMBER_PASSWORD)

    assert logged_in_user_id(client) is None
    assert response.status_code == 200


def test_cancelled_firm_cannot_log_in(client):
    firm = FirmFactory(cancelled=True)

    response = login(client, firm.licence_no, firm.initial_password())

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_login_page_redirects_a_logged_in_member_to_the_dashboard(lawyer_client):
    response = lawyer_client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
