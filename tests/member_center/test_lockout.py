"""Five wrong passwords lock an account for fifteen minutes (django-axes, by account)."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import MEMBER_PASSWORD, LawyerFactory

from .utils import DASHBOARD_URL, logged_in_user_id, login, page_text

User = get_user_model()

pytestmark = pytest.mark.django_db


def fail_five_times(client, username):
    for _ in range(5):
        login(client, username, "not-the-password")


def test_the_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    fail_five_times(client, username)

    response = login(client, username, MEMBER_PASSWORD)

    assert response.status_code == 429
    html = page_text(response)
    assert "锁定" in html
    assert "15 分钟" in html
    assert logged_in_user_id(client) is None


def test_the_locked_page_still_offers_the_login_form_with_the_username(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    fail_five_times(client, username)

    html = page_text(login(client, username, MEMBER_PASSWORD))

    assert 'name="username"' in html
    assert f'value="{username}"' in html


def test_four_failures_do_not_lock(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    for _ in range(4):
        login(client, username, "not-the-password")

    response = login(client, username, MEMBER_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL


def test_a_locked_member_without_an_account_gets_no_account(client):
    lawyer = LawyerFactory()
    fail_five_times(client, lawyer.licence_no)

    response = login(client, lawyer.licence_no, lawyer.initial_password())

    assert response.status_code == 429
    assert not User.objects.exists()


def test_the_lock_is_per_account_not_per_address(client, lawyer_user):
    fail_five_times(client, lawyer_user.lawyer.licence_no)
    colleague = LawyerFactory(firm=lawyer_user.lawyer.firm)

    # Same browser, same address (a firm behind one NAT): a colleague still logs in.
    response = login(client, colleague.licence_no, colleague.initial_password())

    assert response.status_code == 302


def test_still_locked_after_fourteen_minutes(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    fail_five_times(client, username)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14), tick=False):
        response = login(client, username, MEMBER_PASSWORD)

    assert response.status_code == 429


def test_login_works_again_after_fifteen_minutes(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    fail_five_times(client, username)
    assert login(client, username, MEMBER_PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16), tick=False):
        response = login(client, username, MEMBER_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL
    assert logged_in_user_id(client) == str(lawyer_user.pk)


def test_a_successful_login_resets_the_failure_count(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    for _ in range(4):
        login(client, username, "not-the-password")
    login(client, username, MEMBER_PASSWORD)
    client.post("/member/logout/")

    for _ in range(4):
        login(client, username, "not-the-password")
    response = login(client, username, MEMBER_PASSWORD)

    assert response.status_code == 302


def test_the_lock_covers_the_account_whichever_number_is_typed(client, lawyer_user):
    lawyer = lawyer_user.lawyer
    fail_five_times(client, lawyer.licence_no)

    response = login(client, lawyer.member_no, MEMBER_PASSWORD)

    assert response.status_code == 429


def test_surrounding_spaces_do_not_escape_the_lock(client, lawyer_user):
    username = lawyer_user.lawyer.licence_no
    fail_five_times(client, username)

    assert login(client, f" {username} ", MEMBER_PASSWORD).status_code == 429
