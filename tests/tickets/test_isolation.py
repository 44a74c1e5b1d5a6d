"""A member sees only his own tickets: every address of someone else's ticket or file is a 404,
the same answer as for one that does not exist. A firm does not see its lawyers' tickets either."""

import pytest
from django.urls import reverse

from member_center import roles
from member_center.tickets import services
from member_center.tickets.models import Ticket, TicketMessage, TicketState
from portal.uploads.services import attachments_of
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory
from tests.http import body
from tests.tickets.helpers import new_ticket, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def others_ticket(db):
    """Another lawyer's answered ticket, with a file of his own and one in staff's reply."""
    ticket = new_ticket(LawyerFactory(), files=[pdf("他的执业证.pdf")])
    services.staff_reply(ticket, StaffUserFactory(superuser=True), "您好", [pdf("回执.pdf")])
    return Ticket.objects.get(pk=ticket.pk)


def addresses(ticket):
    reply = TicketMessage.objects.get(ticket=ticket)
    files = [*attachments_of(ticket), *attachments_of(reply)]
    return [
        ("get", ticket.get_absolute_url()),
        ("post", ticket.get_absolute_url()),
        ("get", reverse("tickets:cancel", args=[ticket.number])),
        ("post", reverse("tickets:cancel", args=[ticket.number])),
        *(("get", file.get_absolute_url()) for file in files),
    ]


def client_of(client, member):
    client.force_login(
        MemberUserFactory(lawyer=member) if hasattr(member, "id_number") else MemberUserFactory(firm=member),
        backend=MEMBER_BACKEND,
    )
    return client


def status(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        # Reading the stream to its end lets the test client close the file; response.close()
        # would also close the database connection (request_finished), which PostgreSQL notices.
        body(response)
    return response.status_code


def test_every_address_of_another_lawyers_ticket_is_a_404(lawyer_client, others_ticket):
    for method, url in addresses(others_ticket):
        response = getattr(lawyer_client, method)(url, {"body": "我来回复"} if method == "post" else None)
        assert response.status_code == 404, (method, url)
    others_ticket.refresh_from_db()
    assert others_ticket.state == TicketState.ANSWERED
    assert TicketMessage.objects.filter(ticket=others_ticket).count() == 1


def test_a_firm_does_not_see_its_lawyers_tickets(client):
    firm = FirmFactory()
    ticket = new_ticket(LawyerFactory(firm=firm), files=[pdf()])
    services.staff_reply(ticket, StaffUserFactory(superuser=True), "您好", [pdf("回执.pdf")])
    firm_client = client_of(client, firm)
    for method, url in addresses(ticket):
        assert getattr(firm_client, method)(url).status_code == 404, (method, url)
    assert ticket.number not in firm_client.get(reverse("tickets:list")).content.decode()


def test_a_lawyer_does_not_see_his_firms_tickets(client):
    firm = FirmFactory()
    ticket = new_ticket(firm, files=[pdf()])
    services.staff_reply(ticket, StaffUserFactory(superuser=True), "您好", [pdf("回执.pdf")])
    lawyer_client = client_of(client, LawyerFactory(firm=firm))
    for method, url in addresses(ticket):
        assert getattr(lawyer_client, method)(url).status_code == 404, (method, url)


def test_the_list_and_search_show_only_the_members_own(lawyer_client, lawyer, others_ticket):
    mine = new_ticket(lawyer, title="姓名错误")
    page = lawyer_client.get(reverse("tickets:list")).content.decode()
    assert mine.number in page and others_ticket.number not in page
    found = lawyer_client.get(reverse("member_center:search"), {"q": others_ticket.number}).content.decode()
    assert others_ticket.get_absolute_url() not in found


def test_the_owner_downloads_his_files_and_staffs(client, others_ticket):
    owner = client_of(client, others_ticket.lawyer)
    for _method, url in addresses(others_ticket):
        if url.startswith("/files/"):
            assert status(owner, url) == 200


def test_staff_who_handle_tickets_download_them_and_others_do_not(client, others_ticket):
    files = [url for method, url in addresses(others_ticket) if url.startswith("/files/")]
    client.force_login(StaffUserFactory(roles=[roles.TECH_SUPPORT]))
    assert [status(client, url) for url in files] == [200, 200]
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    assert all(client.get(url).status_code == 404 for url in files)


def test_an_internal_note_is_never_the_members():
    staff = StaffUserFactory(superuser=True)
    ticket = new_ticket()
    note = services.add_note(ticket, staff, "内部")
    member = MemberUserFactory(lawyer=ticket.lawyer)
    assert not services.may_see_message_files(member, note)
    assert services.may_see_message_files(staff, note)
