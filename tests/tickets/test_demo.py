"""The demo tickets: for 张明文 and 广州明法律师事务所, in every state, with replies; loaded twice, the same."""

import pytest
from django.core.management import call_command

from member_center.demo import MINGFA_LICENCE, ZHANG_MINGWEN_LICENCE
from member_center.tickets.models import CannedReply, MessageKind, Ticket, TicketState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_the_demo_has_tickets_in_every_state_for_zhang_mingwen_and_the_firm(capsys):
    call_command("seed_demo")
    zhang = Ticket.objects.filter(lawyer__licence_no=ZHANG_MINGWEN_LICENCE)
    firm = Ticket.objects.filter(firm__licence_no=MINGFA_LICENCE)
    assert set(zhang.values_list("state", flat=True)) == set(TicketState.values)
    assert set(firm.values_list("state", flat=True)) >= {TicketState.PENDING, TicketState.CLOSED}
    assert firm.filter(state=TicketState.PENDING).first().waiting_since is not None
    assert zhang.filter(messages__from_staff=True, messages__kind=MessageKind.REPLY).exists()
    assert zhang.filter(messages__kind=MessageKind.NOTE).exists()
    assert CannedReply.objects.count() == 3

    count = Ticket.objects.count()
    call_command("seed_demo")
    assert Ticket.objects.count() == count
    assert CannedReply.objects.count() == 3
