"""What the electronic certificates add to the member centre's home page (manual 002 §1.3):
我要申请 in the 控制台, the 待审批 / 已驳回 counts, and the 查询工具区's search of the member's
own applications."""

import pytest
from bs4 import BeautifulSoup

from certificates.models import ApplicationState, CertificateApplication
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory

from .helpers import LIST_URL, MEMBER_BACKEND, CertificateTypeFactory, submitted

pytestmark = pytest.mark.django_db

DASHBOARD_URL = "/member/"
SEARCH_URL = "/member/search/"


def as_member(client, member):
    client.force_login(MemberUserFactory(**{"lawyer" if member.kind == "lawyer" else "firm": member}), MEMBER_BACKEND)
    return client


def firm_application(firm, state=ApplicationState.PENDING, **type_fields):
    application = submitted(
        firm, CertificateTypeFactory(manual=True, **type_fields), chosen_lawyers=[LawyerFactory(firm=firm)]
    )
    CertificateApplication.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def section(response, title_id):
    return BeautifulSoup(response.content, "html.parser").select_one(f'section[aria-labelledby="{title_id}"]')


def labels(links) -> list[str]:
    """Link texts without their icons (aria-hidden)."""
    for icon in [icon for link in links for icon in link.select("[aria-hidden]")]:
        icon.decompose()
    return [link.get_text(strip=True) for link in links]


def search_results(client, query):
    document = BeautifulSoup(client.get(SEARCH_URL, {"q": query}).content, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in document.select(".mc-search-results a")]


@pytest.mark.parametrize("member", [FirmFactory, LawyerFactory])
def test_the_console_offers_wo_yao_shen_qing_to_firms_and_lawyers(client, member):
    links = section(as_member(client, member()).get(DASHBOARD_URL), "workbench-title").select(".mc-shortcuts a")

    assert "我要申请" in labels(links)


def test_the_console_does_not_offer_it_to_a_company_lawyers_office(client):
    links = section(as_member(client, FirmFactory(office=True)).get(DASHBOARD_URL), "workbench-title")

    assert "我要申请" not in links.get_text()


def test_the_status_counts_pending_and_rejected_applications_with_links_to_the_filtered_list(client, firm):
    firm_application(firm)
    firm_application(firm)
    firm_application(firm, ApplicationState.REJECTED)
    firm_application(firm, ApplicationState.PASSED)

    status = section(as_member(client, firm).get(DASHBOARD_URL), "status-title")

    rows = {
        a.select_one(".mc-status-summary__label").get_text(): (a.strong.get_text(), a["href"])
        for a in status.select("a")
    }
    assert rows["待审批"] == ("2 件", f"{LIST_URL}?status=pending")
    assert rows["已驳回"] == ("1 件", f"{LIST_URL}?result=rejected")


def test_the_status_counts_only_the_members_own_applications(client, firm):
    firm_application(FirmFactory())

    status = section(as_member(client, firm).get(DASHBOARD_URL), "status-title").get_text(" ", strip=True)

    assert "待审批 0 件" in status


def test_the_search_finds_an_own_application_by_its_number(client, firm):
    application = firm_application(firm, name="律师事务所执业许可证明")

    results = search_results(as_member(client, firm), application.number)

    assert results == [("律师事务所执业许可证明", f"/member/certificates/{application.number}/")]


def test_the_search_finds_an_own_application_by_its_verification_code(client, firm):
    application = firm_application(firm)

    results = search_results(as_member(client, firm), application.verification_code.lower())

    assert [href for _, href in results] == [application.get_absolute_url()]


def test_the_search_finds_own_applications_by_type_name(client, firm):
    firm_application(firm, name="律所无行业处分证明")
    firm_application(firm, name="律师事务所执业许可证明")

    results = search_results(as_member(client, firm), "无行业处分")

    assert [title for title, _ in results] == ["律所无行业处分证明"]


def test_the_search_never_finds_another_members_application(client, firm):
    other = firm_application(FirmFactory(), name="他所无行业处分证明")

    client = as_member(client, firm)

    for query in (other.number, other.verification_code, "他所无行业处分"):
        assert search_results(client, query) == []
        assert other.get_absolute_url() not in client.get(SEARCH_URL, {"q": query}).content.decode()


def test_the_search_result_names_number_date_and_state(client, firm):
    application = firm_application(firm, ApplicationState.REJECTED)

    page = BeautifulSoup(as_member(client, firm).get(SEARCH_URL, {"q": application.number}).content, "html.parser")

    detail = page.select_one(".mc-search-results li").get_text(" ", strip=True)
    assert f"编号 {application.number}" in detail
    assert "已驳回" in detail
    assert page.select_one(".mc-search-results h2").get_text(strip=True).startswith("电子证明")
