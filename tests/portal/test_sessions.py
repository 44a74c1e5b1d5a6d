"""Idle sessions end (a member's after a working day, staff's after two hours), and pages for a
logged-in person carry Cache-Control: no-store."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY

from portal.sessions import GRACE
from tests.factories import MEMBER_PASSWORD, LawyerFactory, StaffUserFactory, member_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def real_limits(settings):
    """The deployment's limits (the test settings switch idling out off for every other test)."""
    settings.MEMBER_SESSION_IDLE_SECONDS = 8 * 3600
    settings.STAFF_SESSION_IDLE_SECONDS = 2 * 3600
    settings.SESSION_SEEN_WRITE_SECONDS = 60


START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def logged_in_member(client):
    lawyer = LawyerFactory()
    member_account(lawyer)
    client.post("/member/login/", {"username": lawyer.licence_no, "password": MEMBER_PASSWORD})
    assert client.session.get(SESSION_KEY)
    return lawyer


def test_a_member_active_all_day_stays_logged_in(client):
    with time_machine.travel(START, tick=False) as clock:
        logged_in_member(client)
        for _ in range(10):
            clock.shift(datetime.timedelta(hours=1))
            assert client.get("/member/").status_code == 200


def test_a_member_idle_for_more_than_a_working_day_is_logged_out_with_a_message(client):
    with time_machine.travel(START, tick=False) as clock:
        logged_in_member(client)
        client.get("/member/")
        clock.shift(datetime.timedelta(hours=8, minutes=1))
        response = client.get("/member/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/member/login/")
    assert "长时间未操作" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_member_idle_for_seven_hours_is_still_logged_in(client):
    with time_machine.travel(START, tick=False) as clock:
        logged_in_member(client)
        client.get("/member/")
        clock.shift(datetime.timedelta(hours=7))
        assert client.get("/member/").status_code == 200


def test_a_staff_session_ends_after_two_idle_hours(client):
    staff = StaffUserFactory(superuser=True)
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(staff)
        assert client.get("/admin/").status_code == 200
        clock.shift(datetime.timedelta(hours=1, minutes=50))
        assert client.get("/admin/").status_code == 200
        clock.shift(datetime.timedelta(hours=2, minutes=1))
        response = client.get("/admin/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_session_cookie_lasts_an_idle_limit_not_two_weeks(client, settings):
    logged_in_member(client)
    client.get("/member/")
    assert client.session.get_expiry_age() == settings.MEMBER_SESSION_IDLE_SECONDS + GRACE


def test_member_pages_are_never_stored(client):
    logged_in_member(client)
    response = client.get("/member/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_for_visitors_keep_their_caching(client):
    response = client.get("/verify/")
    assert "no-store" not in response.get("Cache-Control", "")
