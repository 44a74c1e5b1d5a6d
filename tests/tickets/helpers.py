"""Tickets for the tests, made through the services (as a member and staff would)."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from member_center.tickets import services
from member_center.tickets.models import TicketCategory, TicketState
from tests.factories import LawyerFactory, StaffUserFactory, id_photo

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="执业证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def jpeg(name="scan.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, id_photo(), content_type="image/jpeg")


def new_ticket(member=None, *, title="姓名错误", description="错误信息为123，正确应该为321", files=(), **extra):
    member = member if member is not None else LawyerFactory()
    ticket, _ = services.create_ticket(
        member,
        submission_token=extra.pop("submission_token", uuid.uuid4()),
        title=title,
        description=description,
        category=extra.pop("category", TicketCategory.NAME),
        files=files,
        **extra,
    )
    return ticket


def ticket_in_state(state, member=None, staff=None):
    """A ticket brought to `state` the way it gets there: answered by staff, closed, cancelled."""
    ticket = new_ticket(member)
    staff = staff or StaffUserFactory(superuser=True)
    if state == TicketState.PROCESSING:
        services.assign(ticket, staff, staff)
    elif state == TicketState.ANSWERED:
        services.staff_reply(ticket, staff, "您好，请上传执业证扫描件。")
    elif state == TicketState.CLOSED:
        services.close(ticket, staff, "已更正")
    elif state == TicketState.CANCELLED:
        services.cancel(ticket, None)
    ticket.refresh_from_db()
    assert ticket.state == state
    return ticket
