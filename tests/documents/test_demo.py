"""The demo 公文: to different circles, some read by 张明文, a 机密 one to 张明文, 王雷 and 李红 only
with his feedback; loaded twice, the same."""

import pytest
from django.core.management import call_command

from member_center.demo import MINGFA_LICENCE, ZHANG_MINGWEN_LICENCE
from notices.models import Feedback, OfficialDocument, Recipient, Secrecy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_the_demo_circulates_documents_to_different_circles():
    call_command("seed_demo")
    zhang = Recipient.objects.filter(lawyer__licence_no=ZHANG_MINGWEN_LICENCE).select_related("document")
    assert zhang.count() == 3
    assert sum(receipt.has_read for receipt in zhang) == 2
    firm = Recipient.objects.filter(firm__licence_no=MINGFA_LICENCE)
    assert firm.count() == 1
    secret = OfficialDocument.objects.get(secrecy=Secrecy.CONFIDENTIAL)
    assert sorted(secret.recipients.values_list("name", flat=True)) == sorted(["张明文", "王雷", "李红"])
    assert Feedback.objects.get().recipient.name == "张明文"

    count = OfficialDocument.objects.count()
    call_command("seed_demo")
    assert OfficialDocument.objects.count() == count
    assert Feedback.objects.count() == 1
