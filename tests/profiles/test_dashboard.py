"""What the profiles add to the member centre's home page: 信息补全 / 信息变更 in the 控制台,
and the 审核状态 (with the 审核意见 after a rejection) under 办理状态."""

import re

import pytest

from tests.conftest import MEMBER_BACKEND
from tests.factories import LawyerFactory, MemberUserFactory, profile_in_state

pytestmark = pytest.mark.django_db

DASHBOARD_URL = "/member/"


def area(client, title_id: str) -> str:
    html = client.get(DASHBOARD_URL).content.decode()
    return re.search(rf'<section class="mc-card" aria-labelledby="{title_id}">.*?</section>', html, re.S).group(0)


def as_lawyer(client, lawyer):
    client.force_login(MemberUserFactory(lawyer=lawyer), backend=MEMBER_BACKEND)
    return client


def test_the_console_offers_a_lawyer_completion_and_change(lawyer_client):
    html = area(lawyer_client, "workbench-title")

    assert 'href="/member/profile/completion/"' in html and "信息补全" in html
    assert 'href="/member/profile/change/"' in html and "信息变更" in html


@pytest.mark.parametrize("member_client", ["firm_client"])
def test_a_firm_is_offered_neither(request, member_client):
    html = area(request.getfixturevalue(member_client), "workbench-title")

    assert "信息补全" not in html and "信息变更" not in html


def test_a_trainee_is_offered_neither(client):
    html = area(as_lawyer(client, LawyerFactory(trainee=True)), "workbench-title")

    assert "信息补全" not in html


def test_a_profile_never_started_stands_as_being_filled_in(lawyer_client):
    html = area(lawyer_client, "status-title")

    assert re.search(r"<dt>律师档案</dt>.*审核状态.*填写中", html, re.S)


def test_a_submitted_profile_stands_as_under_review(client):
    lawyer = profile_in_state("submitted").lawyer

    html = area(as_lawyer(client, lawyer), "status-title")

    assert re.search(r"审核状态.*审核中", html, re.S)


def test_a_rejected_profile_shows_the_review_opinion(client):
    lawyer = profile_in_state("rejected").lawyer

    html = area(as_lawyer(client, lawyer), "status-title")

    assert re.search(r"审核状态.*已驳回", html, re.S)
    assert "审核意见：您填报信息不符合要求，请重新填写" in html
    assert 'href="/member/profile/completion/"' in html


def test_an_approved_profile_links_to_the_record(client):
    lawyer = profile_in_state("approved").lawyer

    html = area(as_lawyer(client, lawyer), "status-title")

    assert re.search(r"审核状态.*已通过", html, re.S)
    assert 'href="/member/profile/"' in html
    assert "审核意见" not in html
