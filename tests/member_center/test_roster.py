"""The roster: finding members by login number, and no accounts (or hashes) made up front."""

import pytest
from django.contrib.auth import get_user_model

from member_center.models import mask_id_number
from member_center.roster import account_of, find_member
from tests.factories import FirmFactory, LawyerFactory

from .utils import login

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_creating_fifty_lawyers_creates_no_accounts():
    firm = FirmFactory()
    LawyerFactory.create_batch(50, firm=firm)

    assert not User.objects.exists()


def test_looking_members_up_creates_no_accounts_and_hashes_nothing(monkeypatch):
    lawyers = LawyerFactory.create_batch(50)
    hashed = []
    monkeypatch.setattr("django.contrib.auth.base_user.make_password", lambda *a, **k: hashed.append(a) or "x")

    for lawyer in lawyers:
        assert find_member(lawyer.licence_no) == lawyer
        assert find_member(lawyer.member_no) == lawyer
        assert find_member(lawyer.firm.licence_no) == lawyer.firm
        assert account_of(lawyer) is None

    assert not User.objects.exists()
    assert hashed == []


def test_a_login_hashes_only_the_member_who_logs_in(client):
    lawyers = LawyerFactory.create_batch(20)

    login(client, lawyers[3].licence_no, lawyers[3].initial_password())

    assert list(User.objects.values_list("lawyer", flat=True)) == [lawyers[3].pk]


def test_find_member_ignores_surrounding_spaces():
    lawyer = LawyerFactory()

    assert find_member(f"  {lawyer.licence_no} ") == lawyer


@pytest.mark.parametrize("typed", ["", "   ", None, "14401201099999999"])
def test_find_member_returns_none_for_nothing_or_unknown(typed):
    LawyerFactory()

    assert find_member(typed) is None


def test_office_is_found_by_member_number():
    office = FirmFactory(office=True)

    assert office.licence_no is None
    assert find_member(office.member_no) == office


def test_lawyer_login_numbers_and_initial_passwords_follow_the_manual():
    lawyer = LawyerFactory()
    firm = FirmFactory()

    assert len(lawyer.licence_no) == 17 and lawyer.licence_no.startswith("1")
    assert len(firm.licence_no) == 17 and firm.licence_no.startswith("2")
    assert len(lawyer.id_number) == 18
    assert lawyer.initial_password() == lawyer.id_number[-6:].lower()
    assert firm.initial_password() == firm.licence_no[-6:]
    assert FirmFactory(office=True).initial_password() == "123456"


def test_id_numbers_are_masked():
    assert mask_id_number("440104198001011234") == "440104********1234"
