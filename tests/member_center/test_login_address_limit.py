"""Issue 14: beside the per-account lockout, an address that has failed to log in 30 times in
10 minutes is refused (member_center.login_limits), whichever account it tries next."""

from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from member_center import login_limits
from tests.factories import MEMBER_PASSWORD, MemberUserFactory, StaffUserFactory

from .utils import DASHBOARD_URL, logged_in_user_id, login, page_text

pytestmark = pytest.mark.django_db

OTHER_ADDRESS = "203.0.113.7"


def fail(client, times, **extra):
    """Failures on as many different unknown numbers: no account is ever locked by them."""
    for n in range(times):
        client.post("/member/login/", {"username": f"1999{n:010d}", "password": "guess"}, **extra)


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(login_limits, "LOGIN_FAILURES_PER_ADDRESS", 3)


def test_after_30_failures_the_address_is_refused_on_another_account_before_any_password_check(client, lawyer_user):
    fail(client, 29)
    assert login(client, "19990000000999", "guess").status_code == 200  # the 30th: still checked

    with mock.patch.object(MD5PasswordHasher, "encode", autospec=True) as encode:
        response = login(client, lawyer_user.username, MEMBER_PASSWORD)

    assert response.status_code == 429
    assert encode.call_count == 0
    assert logged_in_user_id(client) is None
    html = page_text(response)
    assert login_limits.REFUSED_MESSAGE in html
    assert "账号或密码错误" not in html
    assert f'value="{lawyer_user.username}"' in html


def test_a_refused_attempt_does_not_count_against_the_account(client, lawyer_user, small_limit):
    fail(client, 3)
    for _ in range(6):
        login(client, lawyer_user.username, "guess")

    assert not AccessAttempt.objects.filter(username=lawyer_user.username).exists()


def test_another_address_is_not_refused(client, lawyer_user, small_limit):
    fail(client, 3)

    response = Client(REMOTE_ADDR=OTHER_ADDRESS).post(
        "/member/login/", {"username": lawyer_user.username, "password": MEMBER_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD_URL


def test_successful_logins_do_not_count(small_limit):
    firm_user = MemberUserFactory()
    for _ in range(5):
        visitor = Client()
        assert login(visitor, firm_user.username, MEMBER_PASSWORD).status_code == 302


def test_the_wagtail_admin_login_is_refused_too(client, small_limit):
    staff = StaffUserFactory(superuser=True)
    staff.set_password("staff-password")
    staff.save()
    fail(client, 3)

    client.post("/admin/login/", {"username": staff.username, "password": "staff-password"})

    assert logged_in_user_id(client) is None


UNREACHABLE_REDIS = "redis://127.0.0.1:1/1"  # as tests/portal/test_faults.py: nothing listens on port 1


def test_the_login_answers_503_when_the_rate_limit_store_is_down(client, settings, lawyer_user):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE_REDIS},
    }

    response = login(client, lawyer_user.username, MEMBER_PASSWORD)

    assert response.status_code == 503
    assert "暂时不可用" in page_text(response)
    assert logged_in_user_id(client) is None
