"""The rules of 我的公文: circulation frozen at publishing, notices by a job, 已阅 per version,
关注 and 反馈 with followers told."""

import uuid

import pytest

from member_center.models import MemberKind, PracticeType, RosterStatus
from notices import services
from notices.models import CircleKind, DocumentState, ReadReceipt, Recipient
from portal.notifications.models import Notification
from portal.workflow import WorkflowError
from tests.documents.helpers import draft, published, to_members
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def recipients_of(document):
    return {r.member for r in document.recipients.select_related("firm", "lawyer")}


def test_publishing_resolves_the_groups_into_recipients():
    aid = LawyerFactory(practice_type=PracticeType.LEGAL_AID)
    other = LawyerFactory()
    firm = FirmFactory()
    trainee = LawyerFactory(kind=MemberKind.TRAINEE)
    document = draft(circles=[CircleKind.LEGAL_AID, CircleKind.ALL_FIRMS])
    services.publish(document, StaffUserFactory(superuser=True))
    found = recipients_of(document)
    assert aid in found and firm in found and other.firm in found
    assert other not in found and trainee not in found


def test_all_lawyers_leaves_out_trainees_and_cancelled_lawyers():
    lawyer = LawyerFactory()
    trainee = LawyerFactory(kind=MemberKind.TRAINEE)
    gone = LawyerFactory(status=RosterStatus.CANCELLED)
    document = published(circles=[CircleKind.ALL_LAWYERS])
    assert recipients_of(document) >= {lawyer}
    assert not recipients_of(document) & {trainee, gone}


def test_a_firms_lawyers_group_names_that_firms_lawyers_only():
    firm = FirmFactory()
    mine, other = LawyerFactory(firm=firm), LawyerFactory()
    document = published(circles=[(CircleKind.FIRM_LAWYERS, firm.login_name)])
    assert recipients_of(document) == {mine}
    assert other not in recipients_of(document)


def test_a_member_in_two_groups_receives_it_once():
    lawyer = LawyerFactory()
    document = published(circles=[CircleKind.ALL_LAWYERS, to_members(lawyer)])
    assert document.recipients.filter(lawyer=lawyer).count() == 1


def test_publishing_without_groups_is_refused():
    with pytest.raises(WorkflowError, match="请先添加传阅范围"):
        services.publish(draft(), StaffUserFactory(superuser=True))


def test_an_unknown_licence_number_is_refused_with_the_number():
    with pytest.raises(WorkflowError, match="查无此会员：14401200000000000"):
        services.publish(draft(circles=[(CircleKind.MEMBERS, "14401200000000000")]), StaffUserFactory(superuser=True))


def test_the_recipients_are_frozen_at_publishing():
    firm = FirmFactory()
    first = LawyerFactory(firm=firm)
    document = published(circles=[(CircleKind.FIRM_LAWYERS, firm.login_name)])
    LawyerFactory(firm=firm)  # joins later
    first.status = RosterStatus.CANCELLED
    first.save()
    assert recipients_of(document) == {first}


def test_adding_recipients_adds_who_the_groups_name_now_and_tells_only_them(jobs):
    firm = FirmFactory()
    first = LawyerFactory(firm=firm)
    MemberUserFactory(lawyer=first)
    with jobs(execute=True):
        document = published(circles=[(CircleKind.FIRM_LAWYERS, firm.login_name)])
    newcomer = LawyerFactory(firm=firm)
    account = MemberUserFactory(lawyer=newcomer)
    with jobs(execute=True):
        assert services.add_recipients(document, StaffUserFactory(superuser=True)) == 1
    assert recipients_of(document) == {first, newcomer}
    assert Notification.objects.filter(recipient=account).count() == 1
    assert Notification.objects.filter(recipient__lawyer=first).count() == 1  # not told twice
    document.refresh_from_db()
    assert document.recipient_count == 2


def test_publishing_tells_every_recipient_with_an_account(jobs):
    lawyer, firm = LawyerFactory(), FirmFactory()
    user, firm_user = MemberUserFactory(lawyer=lawyer), MemberUserFactory(firm=firm)
    with jobs(execute=True):
        document = published(lawyer, firm)
    for account in (user, firm_user):
        message = Notification.objects.get(recipient=account)
        assert message.title == "新公文：关于年度考核的通知"
        assert message.url == document.get_absolute_url()


def test_publishing_needs_the_publish_permission():
    lawyer = LawyerFactory()
    with pytest.raises(WorkflowError, match="您没有权限发布"):
        services.publish(draft(circles=[to_members(lawyer)]), StaffUserFactory())


def test_opening_records_read_once_with_the_time():
    lawyer = LawyerFactory()
    document = published(lawyer)
    receipt = Recipient.objects.get(document=document)
    assert services.record_read(receipt) is True
    first = receipt.read_at
    assert services.record_read(Recipient.objects.get(pk=receipt.pk)) is False
    receipt.refresh_from_db()
    assert receipt.read_at == first and receipt.read_version == 1
    assert ReadReceipt.objects.get(recipient=receipt).version == 1


def test_a_correction_is_a_new_version_everyone_reads_again_and_the_history_stays(jobs):
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer)
    staff = StaffUserFactory(superuser=True)
    with jobs(execute=True):
        document = published(lawyer, staff=staff)
    receipt = Recipient.objects.get(document=document)
    services.record_read(receipt)
    document.title = "关于年度考核的通知（更正）"
    document.save()
    with jobs(execute=True):
        services.correct(document, staff, "更正考核时间")
    document.refresh_from_db()
    receipt.refresh_from_db()
    assert document.version == 2 and document.current.title == "关于年度考核的通知（更正）"
    assert not receipt.has_read
    assert [v.title for v in document.versions.all()] == ["关于年度考核的通知", "关于年度考核的通知（更正）"]
    assert Notification.objects.filter(title__startswith="公文更正").count() == 1
    services.record_read(receipt)
    assert list(receipt.receipts.values_list("version", flat=True)) == [1, 2]


def test_a_correction_needs_its_note():
    lawyer = LawyerFactory()
    document = published(lawyer)
    with pytest.raises(WorkflowError, match="请填写更正说明"):
        services.correct(document, StaffUserFactory(superuser=True), " ")


def test_a_draft_cannot_be_corrected_nor_a_published_document_published_again():
    staff = StaffUserFactory(superuser=True)
    lawyer = LawyerFactory()
    with pytest.raises(WorkflowError, match="当前状态为“草稿”，不能发布更正"):
        services.correct(draft(circles=[to_members(lawyer)]), staff, "x")
    document = published(lawyer)
    assert document.state == DocumentState.PUBLISHED
    with pytest.raises(WorkflowError, match="当前状态为“已发布”，不能发布"):
        services.publish(document, staff)


def test_reminding_tells_only_the_unread(jobs):
    reader, idle = LawyerFactory(), LawyerFactory()
    MemberUserFactory(lawyer=reader)
    idle_user = MemberUserFactory(lawyer=idle)
    document = published(reader, idle)
    services.record_read(Recipient.objects.get(document=document, lawyer=reader))
    with jobs(execute=True):
        assert services.remind_unread(document, StaffUserFactory(superuser=True)) == 1
    reminders = Notification.objects.filter(title__startswith="请查阅公文")
    assert [n.recipient for n in reminders] == [idle_user]


def test_feedback_tells_the_followers_but_not_its_author(jobs):
    author, follower, other = LawyerFactory(), LawyerFactory(), LawyerFactory()
    for lawyer in (author, follower, other):
        MemberUserFactory(lawyer=lawyer)
    document = published(author, follower, other)
    receipts = {r.lawyer: r for r in document.recipients.select_related("document")}
    services.set_following(receipts[author], True)
    services.set_following(receipts[follower], True)
    with jobs(execute=True):
        services.give_feedback(receipts[author], submission_token=uuid.uuid4(), body="已收到，将按时完成。")
    told = Notification.objects.filter(title__startswith="公文有新反馈")
    assert [n.recipient.lawyer for n in told] == [follower]


def test_one_feedback_per_form_whatever_the_clicks():
    lawyer = LawyerFactory()
    receipt = published(lawyer).recipients.select_related("document").get()
    token = uuid.uuid4()
    first, created = services.give_feedback(receipt, submission_token=token, body="已收到")
    again, created_again = services.give_feedback(receipt, submission_token=token, body="已收到")
    assert created and not created_again and first == again


def test_empty_feedback_is_refused():
    receipt = published(LawyerFactory()).recipients.select_related("document").get()
    with pytest.raises(WorkflowError, match="请填写反馈内容"):
        services.give_feedback(receipt, submission_token=uuid.uuid4(), body="  ")


def test_the_read_rate():
    a, b = LawyerFactory(), LawyerFactory()
    document = published(a, b)
    services.record_read(document.recipients.select_related("document").get(lawyer=a))
    assert services.read_rate(document) == (1, 2, "50.0%")


def test_every_state_change_is_in_the_audit_trail():
    from auditlog.models import LogEntry

    lawyer = LawyerFactory()
    staff = StaffUserFactory(superuser=True)
    document = published(lawyer, staff=staff)
    services.correct(document, staff, "更正")
    codes = list(LogEntry.objects.get_for_object(document).values_list("additional_data__event", flat=True))
    assert "notices.document.publish" in codes and "notices.document.correct" in codes


def test_publishing_is_one_audit_entry_holding_what_it_changed():
    from auditlog.models import LogEntry

    lawyer = LawyerFactory()
    document = published(lawyer)
    entries = [e for e in LogEntry.objects.get_for_object(document) if e.action == LogEntry.Action.UPDATE]
    assert [(e.additional_data or {}).get("event") for e in entries] == ["notices.document.publish"]
    assert entries[0].changes_dict["recipient_count"] == ["0", "1"]


def test_the_job_tells_recipients_in_batches(jobs, monkeypatch):
    from notices import tasks

    monkeypatch.setattr(tasks, "BATCH", 2)
    lawyers = LawyerFactory.create_batch(5)
    for lawyer in lawyers:
        MemberUserFactory(lawyer=lawyer)
    with jobs(execute=True):
        document = published(*lawyers)
    assert Notification.objects.filter(url=document.get_absolute_url()).count() == 5


def publish_queries(count) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.documents.helpers import draft

    document = draft(circles=[to_members(*LawyerFactory.create_batch(count))], number=f"Q-{count}")
    staff = StaffUserFactory(superuser=True)
    with CaptureQueriesContext(connection) as captured:
        services.publish(document, staff)
    return len(captured)


def test_publishing_queries_do_not_grow_with_recipients():
    publish_queries(1)  # the first publication's one-off work (content types, permissions)
    assert publish_queries(2) == publish_queries(12)


def lost_publication(*lawyers):
    """Published, its 消息 job lost (the broker down at the commit): nothing queued ran."""
    for lawyer in lawyers:
        MemberUserFactory(lawyer=lawyer)
    return published(*lawyers)


def test_a_lost_job_is_queued_again_and_tells_every_recipient_once(jobs):
    import datetime

    from portal.reconcile import reconcile

    document = lost_publication(*LawyerFactory.create_batch(3))
    assert not Notification.objects.exists()

    with jobs(execute=True):
        counts = reconcile(stuck_after=datetime.timedelta(0))
    with jobs(execute=True):
        again = reconcile(stuck_after=datetime.timedelta(0))

    assert counts["公文通知"] == 1 and again["公文通知"] == 0
    assert Notification.objects.filter(title="新公文：关于年度考核的通知").count() == 3
    assert set(document.recipients.values_list("told_version", flat=True)) == {1}


def test_a_publication_just_made_is_not_queued_again():
    from portal.reconcile import reconcile

    lost_publication(LawyerFactory())

    assert reconcile()["公文通知"] == 0  # within the half hour a job may still be on its way


def test_the_job_run_twice_tells_nobody_twice(jobs):
    from notices import tasks

    document = lost_publication(*LawyerFactory.create_batch(2))

    assert tasks.notify_recipients(document.pk, "all") == 2
    assert tasks.notify_recipients(document.pk, "all") == 0
    assert Notification.objects.count() == 2


def test_a_correction_tells_those_told_of_it_and_the_never_told_it_is_new(jobs):
    told, untold = LawyerFactory(), LawyerFactory()
    staff = StaffUserFactory(superuser=True)
    for lawyer in (told, untold):
        MemberUserFactory(lawyer=lawyer)
    with jobs(execute=True):
        document = published(told, staff=staff)
    Recipient.objects.create(
        document=document, lawyer=untold, name=untold.name, login_name=untold.licence_no, added_at=document.published_at
    )

    with jobs(execute=True):
        services.correct(document, staff, "更正考核时间")

    assert Notification.objects.filter(recipient__lawyer=told, title__startswith="公文更正").count() == 1
    assert Notification.objects.filter(recipient__lawyer=untold, title__startswith="新公文").count() == 1
    assert not Notification.objects.filter(recipient__lawyer=untold, title__startswith="公文更正").exists()
