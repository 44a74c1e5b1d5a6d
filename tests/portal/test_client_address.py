"""The client's address is decided once (portal.client_address) for the rate limits, the lockout
and the audit log alike; behind N trusted proxies it is the N-th X-Forwarded-For entry from the
right, never the leftmost one the client writes."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.core.cache import caches

from portal.client_address import resolve
from tests.factories import MEMBER_PASSWORD, LawyerFactory, member_account

LOGIN_URL = "/member/login/"
VERIFY_URL = "/verify/"
PROXY = "127.0.0.1"


@pytest.mark.parametrize(
    ("meta", "proxies", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, 0, "203.0.113.7"),
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, 0, "203.0.113.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}, 1, "198.51.100.4"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.4"}, 1, "198.51.100.4"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.4, 10.0.0.2"}, 2, "198.51.100.4"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.4:5123"}, 1, "198.51.100.4"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, 1, "2001:db8::1"),
        # Fewer entries than trusted proxies, or garbage: the TCP peer.
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}, 2, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, 1, PROXY),
        ({"REMOTE_ADDR": PROXY}, 1, PROXY),
    ],
)
def test_the_address_is_the_entry_the_trusted_proxies_appended(meta, proxies, expected):
    assert resolve(meta, proxies) == expected


@pytest.fixture
def fresh_rate_limit():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def password_change_entry(client, **headers):
    lawyer = LawyerFactory()
    member_account(lawyer)
    client.post(LOGIN_URL, {"username": lawyer.licence_no, "password": MEMBER_PASSWORD}, **headers)
    client.post(
        "/member/password/",
        {
            "old_password": MEMBER_PASSWORD,
            "new_password1": "Guangzhou#Lawyer2024",
            "new_password2": "Guangzhou#Lawyer2024",
        },
        **headers,
    )
    return LogEntry.objects.exclude(remote_addr=None).latest("timestamp")


@pytest.mark.django_db
def test_without_a_proxy_the_audit_log_ignores_a_forged_header(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    entry = password_change_entry(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert entry.remote_addr == "203.0.113.7"


@pytest.mark.django_db
def test_behind_the_proxy_the_audit_log_records_the_address_the_proxy_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    entry = password_change_entry(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert entry.remote_addr == "198.51.100.4"


@pytest.mark.django_db
def test_the_lockout_records_the_address_the_proxy_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    lawyer = LawyerFactory()
    member_account(lawyer)
    client.post(
        LOGIN_URL,
        {"username": lawyer.licence_no, "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4",
    )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.4"


@pytest.mark.django_db
def test_behind_the_proxy_one_visitor_cannot_use_up_verify_for_everyone(client, settings, fresh_rate_limit):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(21):
        last = client.get(
            VERIFY_URL,
            {"number": "2001010001", "code": f"W{attempt:03d}"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.4",
        )
    assert last.status_code == 429
    # Changing the leftmost entry does not start a new count for him...
    forged = client.get(
        VERIFY_URL,
        {"number": "2001010001", "code": "X"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4",
    )
    assert forged.status_code == 429
    # ...and another visitor behind the same proxy is not refused.
    other = client.get(
        VERIFY_URL, {"number": "2001010001", "code": "X"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert other.status_code == 200
