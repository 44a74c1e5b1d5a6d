"""Issue 14: a login answers the same way, after the same work, whatever the number typed:
unknown, a roster member who never logged in, an activated account, a struck-off member.
Counted, never timed: every path computes exactly one hash of the configured hasher."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from tests.factories import MEMBER_PASSWORD, LawyerFactory, MemberUserFactory, StaffUserFactory

from .utils import first_login, logged_in_user_id, login, page_text

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


@pytest.fixture
def production_hasher(settings):
    # The production hasher; fewer iterations only to keep the test fast (the count is the same).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    with mock.patch.object(PBKDF2PasswordHasher, "iterations", 1000):
        yield


@pytest.fixture
def accounts(production_hasher):
    """Each case: (username, password) typed at the login box. Created under the production hasher."""
    never_logged_in = LawyerFactory()
    activated = MemberUserFactory()
    struck_off = MemberUserFactory(lawyer=LawyerFactory(cancelled=True))
    staff = StaffUserFactory()
    return {
        "unknown number": ("19999999999999999", WRONG),
        "roster member without an account, wrong password": (never_logged_in.licence_no, WRONG),
        "activated account, wrong password": (activated.username, WRONG),
        "struck-off member, their password": (struck_off.username, MEMBER_PASSWORD),
        "staff, wrong password": (staff.username, WRONG),
        "activated account, right password": (activated.username, MEMBER_PASSWORD),
        "first login, the initial password": (never_logged_in.licence_no, never_logged_in.initial_password()),
    }


def hashes_computed(username, password) -> int:
    original = PBKDF2PasswordHasher.encode
    with mock.patch.object(PBKDF2PasswordHasher, "encode", autospec=True, side_effect=original) as encode:
        login(Client(), username, password)  # a fresh visitor: a logged-in one is just redirected
    return encode.call_count


def test_every_login_path_computes_exactly_one_hash(accounts):
    counts = {case: hashes_computed(*typed) for case, typed in accounts.items()}

    assert counts == dict.fromkeys(accounts, 1)


def test_the_first_login_keeps_the_hash_it_computed(client, accounts):
    username, password = accounts["first login, the initial password"]

    first_login(client, username, password)

    assert logged_in_user_id(client) is not None
    client.logout()
    # The provisioned account's hash is a real one: the initial password logs in again.
    assert login(client, username, password).status_code == 302


def error_text(response) -> str:
    html = page_text(response)
    start = html.index('role="alert"')
    return html[start : html.index("</div>", start)]


def test_every_failure_gives_the_same_page_text(client, accounts):
    failing = [case for case in accounts if "right password" not in case and "initial password" not in case]

    responses = {case: login(client, *accounts[case]) for case in failing}

    assert {response.status_code for response in responses.values()} == {200}
    texts = {error_text(response) for response in responses.values()}
    assert len(texts) == 1
    assert "账号或密码错误" in texts.pop()
