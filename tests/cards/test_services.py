"""The rules of 会员卡: who may apply for what, one submit per double click, one open application
and one live card per member (database constraints), collecting makes the card."""

import uuid

import pytest
from django.db import IntegrityError, transaction

from member_center.cards import services
from member_center.cards.models import ApplicationKind, ApplicationState, CardStatus, MemberCard
from portal.notifications.models import Notification
from portal.workflow import WorkflowError
from tests.cards.helpers import apply, bring, in_state, photo, with_card
from tests.factories import LawyerFactory, MemberUserFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
S, K = ApplicationState, ApplicationKind


def test_first_application_only_when_the_member_never_had_a_card():
    card = with_card()
    assert services.why_not_apply(LawyerFactory(), K.FIRST) is None
    assert "已申请过会员卡" in services.why_not_apply(card.lawyer, K.FIRST)


def test_lost_application_only_after_the_card_is_reported_lost():
    card = with_card()
    assert "请先在【会员卡管理】中办理挂失" in services.why_not_apply(card.lawyer, K.LOST)
    services.report_lost(card, None)
    assert services.why_not_apply(card.lawyer, K.LOST) is None


def test_replacement_needs_a_card_in_use():
    assert "首次申请会员卡" in services.why_not_apply(LawyerFactory(), K.REPLACE)
    assert services.why_not_apply(with_card().lawyer, K.REPLACE) is None


def test_one_open_application_at_a_time():
    application = apply()
    assert "正在办理" in services.why_not_apply(application.lawyer, K.FIRST)
    with pytest.raises(WorkflowError):
        apply(application.lawyer)


def test_a_rejected_application_lets_the_member_apply_again():
    application = in_state(S.REJECTED)
    assert services.why_not_apply(application.lawyer, K.FIRST) is None


def test_the_same_token_twice_gives_the_first_application():
    lawyer, token = LawyerFactory(), uuid.uuid4()
    first, created = services.submit(lawyer, K.FIRST, submission_token=token, photo=photo())
    again, created_again = services.submit(lawyer, K.FIRST, submission_token=token, photo=photo())
    assert (created, created_again) == (True, False)
    assert again == first
    assert lawyer.card_applications.count() == 1


def test_the_database_refuses_a_second_open_application():
    application = apply()
    application.pk = None
    application.number, application.submission_token = "X1", uuid.uuid4()
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_the_application_keeps_the_roster_as_it_was_at_submission():
    application = apply()
    lawyer = application.lawyer
    name = lawyer.name
    lawyer.name = "改名"
    lawyer.save()
    application.refresh_from_db()
    assert application.name == name


def test_collecting_makes_the_card_with_the_batch_number():
    application = in_state(S.CHECKED)
    number = application.card_number
    assert number  # given by 制卡导出
    services.collect(application, StaffUserFactory(superuser=True))
    card = MemberCard.objects.get(application=application)
    assert (card.number, card.status) == (number, CardStatus.ACTIVE)


def test_collecting_a_replacement_invalidates_the_lost_card():
    old = with_card()
    services.report_lost(old, None)
    replacement = bring(apply(old.lawyer, K.LOST), S.COLLECTED)
    old.refresh_from_db()
    assert old.status == CardStatus.INVALID
    assert replacement.replaces == old
    assert replacement.card.status == CardStatus.ACTIVE
    with pytest.raises(WorkflowError):
        services.activate(old, None)  # found again too late: the replacement is in use


def test_the_database_refuses_a_second_live_card():
    card = with_card()
    other = bring(apply(card.lawyer, K.REPLACE), S.REJECTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberCard.objects.create(lawyer=card.lawyer, number="X", issued_on=card.issued_on, application=other)


def test_the_batch_export_numbers_and_prints_only_accepted_applications():
    staff = StaffUserFactory(superuser=True)
    accepted = [in_state(S.ACCEPTED) for _ in range(2)]
    pending = apply()
    batch = services.export_batch([a.pk for a in accepted] + [pending.pk], staff)
    assert batch.size == 2
    for application in accepted:
        application.refresh_from_db()
        assert application.state == S.PRINTED and application.batch == batch and application.card_number
    pending.refresh_from_db()
    assert pending.state == S.PENDING


def test_the_member_is_told_of_every_staff_move_and_where_to_collect():
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer, email="a@example.com")
    bring(apply(lawyer), S.COLLECTED)
    titles = list(Notification.objects.order_by("pk").values_list("title", flat=True))
    assert titles == [
        "会员卡申请已受理",
        "会员卡申请已印制",
        "会员卡制卡中",
        "会员卡已制卡",
        "会员卡已验卡",
        "会员卡已领取",
    ]
    made = Notification.objects.get(title="会员卡已制卡")
    assert "工作日 9:00–17:00" in made.body and "协会一楼服务大厅" in made.body


def test_the_rejection_reason_reaches_the_member():
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer)
    application = in_state(S.REJECTED, lawyer)
    assert application.reject_reason == "照片不符合证件照要求"
    assert "照片不符合证件照要求" in Notification.objects.get(title="会员卡申请已驳回").body


def test_a_rejection_needs_a_reason():
    with pytest.raises(WorkflowError, match="请填写驳回理由"):
        services.reject(apply(), StaffUserFactory(superuser=True), " ")


def test_made_needs_where_and_when():
    application = in_state(S.MAKING)
    with pytest.raises(WorkflowError, match="请填写领取地点"):
        services.made(application, StaffUserFactory(superuser=True), "", "明天")


def test_the_qr_token_printed_on_the_card_is_the_collected_cards():
    application = in_state(S.PRINTED)
    token = application.card_token
    assert token
    collected = bring(apply(), S.COLLECTED)  # the whole way, through 制卡导出
    assert collected.card.verify_token == collected.card_token != token
