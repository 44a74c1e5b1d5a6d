"""The demo 会员卡: 张明文 with a collected card; 王雷 with an application 制卡中 in one batch with
three others (for the bulk 制卡完成); 李红 with a 挂失
card and a 遗失申请 waiting; loaded twice, the same."""

import pytest
from django.core.management import call_command

from member_center.cards.models import ApplicationKind, ApplicationState, CardApplication, CardStatus, MemberCard
from member_center.demo import MINGFA_LICENCE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def of(name):
    return CardApplication.objects.filter(lawyer__name=name, lawyer__firm__licence_no=MINGFA_LICENCE)


def test_the_demo_cards(capsys):
    call_command("seed_demo")
    assert MemberCard.objects.get(lawyer__name="张明文").status == CardStatus.ACTIVE
    wang = of("王雷").get()
    assert wang.state == ApplicationState.MAKING
    together = CardApplication.objects.filter(batch=wang.batch)
    assert sorted(together.values_list("lawyer__name", flat=True)) == sorted(["王雷", "陈晓东", "刘芳", "黄志强"])
    assert set(together.values_list("state", flat=True)) == {ApplicationState.MAKING}
    assert MemberCard.objects.get(lawyer__name="李红").status == CardStatus.LOST
    assert of("李红").get(kind=ApplicationKind.LOST).state == ApplicationState.PENDING

    count = CardApplication.objects.count()
    call_command("seed_demo")
    assert CardApplication.objects.count() == count
