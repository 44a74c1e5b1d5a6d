"""Staff screens of the roster in the Wagtail admin: the dashboard panel and the listings."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DisciplineRecordFactory, FirmFactory, LawyerFactory, StaffUserFactory

from .utils import admin_index_url, login, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffUserFactory(superuser=True))
    return client


def test_admin_dashboard_shows_the_waiting_panel_with_counts(staff_client):
    firm = FirmFactory()
    LawyerFactory.create_batch(3, firm=firm)
    LawyerFactory(firm=firm, cancelled=True)
    LawyerFactory(firm=firm, trainee=True)
    locked = LawyerFactory(firm=firm)
    member_browser = Client()
    for _ in range(5):
        login(member_browser, locked.licence_no, "wrong-password")

    response = staff_client.get("/admin/")

    assert response.status_code == 200
    html = page_text(response)
    assert "待办与概况" in html
    assert re.search(r"执业律师</a></td>\s*<td><span>4</span>", html)  # not the trainee or the cancelled
    assert re.search(r"律师事务所</a></td>\s*<td><span>1</span>", html)
    assert re.search(r"被锁定的账号（15 分钟内）</a></td>\s*<td><span>1</span>", html)


def test_lawyer_listing_finds_a_lawyer_by_name(staff_client):
    firm = FirmFactory()
    wanted = LawyerFactory(firm=firm, name="欧阳明辉")
    LawyerFactory(firm=firm, name="李小龙")

    html = page_text(staff_client.get(admin_index_url("lawyer"), {"q": "欧阳明辉"}))

    assert wanted.licence_no in html
    assert "李小龙" not in html


def test_lawyer_listing_finds_a_lawyer_by_licence_number(staff_client):
    firm = FirmFactory()
    wanted = LawyerFactory(firm=firm, name="欧阳明辉")
    other = LawyerFactory(firm=firm, name="李小龙")

    html = page_text(staff_client.get(admin_index_url("lawyer"), {"q": wanted.licence_no}))

    assert "欧阳明辉" in html
    assert other.licence_no not in html


def test_lawyer_listing_filters_by_firm(staff_client):
    firm, other_firm = FirmFactory(), FirmFactory()
    ours = LawyerFactory(firm=firm)
    theirs = LawyerFactory(firm=other_firm)

    html = page_text(staff_client.get(admin_index_url("lawyer"), {"firm_name": firm.name}))

    assert ours.licence_no in html
    assert theirs.licence_no not in html


def test_lawyer_listing_of_several_firms_lawyers_opens(staff_client):
    lawyers = [LawyerFactory(), LawyerFactory(), LawyerFactory()]

    response = staff_client.get(admin_index_url("lawyer"))

    assert response.status_code == 200
    for lawyer in lawyers:
        assert lawyer.firm.name in page_text(response)


def test_discipline_listing_of_several_records_opens(staff_client):
    records = [DisciplineRecordFactory(), DisciplineRecordFactory(), DisciplineRecordFactory(firm=FirmFactory())]

    response = staff_client.get(admin_index_url("disciplinerecord"))

    assert response.status_code == 200
    assert records[0].lawyer.name in page_text(response)


def test_audit_log_listing_of_several_members_entries_opens(staff_client):
    browser = Client()
    lawyers = LawyerFactory.create_batch(3)
    for lawyer in lawyers:
        login(browser, lawyer.licence_no, lawyer.initial_password())
        browser.post("/member/logout/")

    response = staff_client.get(reverse("logentry:index"))

    assert response.status_code == 200
    for lawyer in lawyers:
        assert lawyer.licence_no in page_text(response)


def test_firm_listing_finds_a_firm_by_licence_number(staff_client):
    wanted = FirmFactory(name="广东南粤律师事务所")
    other = FirmFactory(name="广东北江律师事务所")

    html = page_text(staff_client.get(admin_index_url("firm"), {"q": wanted.licence_no}))

    assert "广东南粤律师事务所" in html
    assert other.name not in html


def test_members_cannot_see_the_roster_listing(lawyer_client):
    response = lawyer_client.get(admin_index_url("lawyer"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_lawyers_roster_page_links_his_profile_and_the_applications_naming_him(staff_client):
    from certificates import services as certificate_services
    from tests.certificates.test_admin import make_type, submit
    from tests.factories import profile_in_state

    firm = FirmFactory()
    lawyer = LawyerFactory(firm=firm, name="欧阳明辉")
    profile = profile_in_state("submitted", lawyer=lawyer)
    covering = submit(firm, make_type(name="律所+部分律师无行业处分", lawyer_scope="chosen"), chosen_lawyers=[lawyer])
    other = submit(FirmFactory(), make_type(name="律所无行业处分"))
    assert certificate_services  # the applications go through the services, as a member's would

    html = page_text(staff_client.get(reverse("lawyer:inspect", args=[lawyer.pk])))

    assert "律师档案" in html and reverse("wagtailsnippets_profiles_profile:inspect", args=[profile.pk]) in html
    assert covering.number in html
    assert other.number not in html
    assert "操作记录" in html


def test_a_roster_page_shows_only_the_records_the_staff_user_may_see():
    from tests.factories import profile_in_state

    lawyer = LawyerFactory()
    profile_in_state("submitted", lawyer=lawyer)
    client = Client()
    client.force_login(StaffUserFactory(roles=["会员管理"]))

    html = page_text(client.get(reverse("lawyer:inspect", args=[lawyer.pk])))

    assert "律师档案" in html
    assert "电子证明申请" not in html  # 会员管理 does not review certificates
