"""Certificate applications (certificates/services.py): numbering, submission and system
review, the frozen snapshot, the state machine, paper copies and 新增律师."""

import datetime
import threading
import uuid
import zoneinfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.db import connection, transaction

from certificates import services, tasks
from certificates.models import (
    AdditionState,
    ApplicantKind,
    ApplicationState,
    CertificateApplication,
    CertificateSettings,
    LawyerAdditionRequest,
    LawyerScope,
    NumberCounter,
    PaperDelivery,
    PaperStatus,
)
from certificates.wording import render_certificate_body
from member_center.models import FirmRole, Gender, Lawyer, PracticeType, RosterStatus
from tests.factories import (
    DisciplineRecordFactory,
    FirmFactory,
    LawyerFactory,
    MemberUserFactory,
    StaffUserFactory,
)

from .helpers import (
    CANCELLED_BODY,
    CertificateTypeFactory,
    days_ago,
    pdf_text,
    squash,
    submit,
    submitted,
    today,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
S = ApplicationState


def shanghai(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def events(application) -> list[str]:
    """The named audit events of an application, oldest first."""
    entries = LogEntry.objects.get_for_object(application).order_by("timestamp", "pk")
    return [entry.additional_data["事件"] for entry in entries if (entry.additional_data or {}).get("事件")]


def event_entry(instance, event: str) -> LogEntry:
    matches = [
        entry
        for entry in LogEntry.objects.get_for_object(instance)
        if (entry.additional_data or {}).get("事件") == event
    ]
    assert len(matches) == 1, f"expected one {event!r} entry, got {len(matches)}"
    return matches[0]


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


@pytest.fixture
def chosen_type(db):
    """律所+部分律师无行业处分, reviewed by the system."""
    return CertificateTypeFactory()


@pytest.fixture
def all_type(db):
    return CertificateTypeFactory(name="律所+全体律师无行业处分", lawyer_scope=LawyerScope.ALL)


@pytest.fixture
def firm_only_type(db):
    return CertificateTypeFactory(name="律所无行业处分", lawyer_scope=LawyerScope.NONE)


@pytest.fixture
def cancelled_type(db):
    return CertificateTypeFactory(
        name="代已注销律师申请无行业处分", lawyer_scope=LawyerScope.CANCELLED, body=CANCELLED_BODY
    )


@pytest.fixture
def manual_type(db):
    return CertificateTypeFactory(name="律所其他类电子证明", lawyer_scope=LawyerScope.NONE, manual=True)


@pytest.fixture
def lawyer_type(db):
    return CertificateTypeFactory(name="律师个人无行业处分", for_lawyer=True)


# --- numbering -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_number_is_the_date_and_a_four_digit_sequence():
    assert services.next_number(datetime.date(2022, 10, 26)) == "2210260001"


@pytest.mark.django_db
def test_numbers_increase_within_a_day():
    day = datetime.date(2022, 10, 26)
    numbers = [services.next_number(day) for _ in range(3)]
    assert numbers == ["2210260001", "2210260002", "2210260003"]
    assert all(len(number) == 10 and number.isdigit() for number in numbers)


@pytest.mark.django_db
def test_each_day_has_its_own_sequence():
    services.next_number(datetime.date(2022, 10, 26))
    services.next_number(datetime.date(2022, 10, 26))
    assert services.next_number(datetime.date(2022, 10, 27)) == "2210270001"
    assert services.next_number(datetime.date(2022, 10, 26)) == "2210260003"


def test_submissions_are_numbered_by_day_and_restart_the_next_day(firm, firm_only_type):
    with time_machine.travel(shanghai(2025, 3, 10, 9, 0), tick=False):
        first = submitted(firm, firm_only_type)
        second = submitted(firm, firm_only_type)
    with time_machine.travel(shanghai(2025, 3, 10, 23, 59), tick=False):
        third = submitted(firm, firm_only_type)
    with time_machine.travel(shanghai(2025, 3, 11, 0, 1), tick=False):
        next_day = submitted(firm, firm_only_type)
    assert [first.number, second.number, third.number] == ["2503100001", "2503100002", "2503100003"]
    assert next_day.number == "2503110001"


def test_the_day_of_a_number_is_the_day_in_shanghai(firm, firm_only_type):
    # 2025-03-10 17:30 UTC is already 2025-03-11 01:30 in Guangzhou.
    with time_machine.travel(datetime.datetime(2025, 3, 10, 17, 30, tzinfo=datetime.UTC), tick=False):
        application = submitted(firm, firm_only_type)
    assert application.number == "2503110001"
    assert application.issued_on == datetime.date(2025, 3, 11)


def test_members_share_one_sequence_per_day(firm, firm_only_type, lawyer_type):
    other_firm = FirmFactory()
    lawyer = LawyerFactory()
    with time_machine.travel(shanghai(2025, 3, 10, 9, 0), tick=False):
        numbers = [
            submitted(firm, firm_only_type).number,
            submitted(other_firm, firm_only_type).number,
            submitted(lawyer, lawyer_type).number,
        ]
    assert numbers == ["2503100001", "2503100002", "2503100003"]


def _run_at_once(count, work):
    """Run work(i) in `count` threads released together by a barrier; collect results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results.append(work(i))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (dead lock?)"
    assert not errors, errors
    return results


def _assert_consecutive(numbers, count):
    assert len(set(numbers)) == count
    assert len({number[:6] for number in numbers}) == 1
    assert sorted(int(number[6:]) for number in numbers) == list(range(1, count + 1))


POSTGRES_ONLY = "SQLite has no row locks (select_for_update is a no-op); run with DATABASE_URL=postgres://…"
# Skipped before any fixture runs: a transactional test flushes the database even when skipped.
postgres_only = pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason=POSTGRES_ONLY
)


@pytest.fixture
def leave_migration_data(django_db_blocker):
    """A transactional test flushes every table when it ends, taking the rows the migrations
    wrote (Wagtail's root page and collection, the staff groups) with it; with --reuse-db the
    next run would start without them. Put them back once the flush is done: request this
    fixture before transactional_db so its teardown runs after the flush."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.mark.postgres
@postgres_only
def test_concurrent_submissions_get_distinct_consecutive_numbers(
    leave_migration_data, transactional_db, django_db_serialized_rollback
):
    count = 8
    certificate_type = CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, manual=True)
    firms = FirmFactory.create_batch(count)
    CertificateSettings.load()  # created once here, not by eight threads at once

    numbers = _run_at_once(count, lambda i: submitted(firms[i], certificate_type).number)

    _assert_consecutive(numbers, count)
    assert CertificateApplication.objects.count() == count
    assert NumberCounter.objects.get(day=today()).last == count


@pytest.mark.postgres
@postgres_only
def test_concurrent_next_number_calls_never_share_a_number(
    leave_migration_data, transactional_db, django_db_serialized_rollback
):
    count = 8
    day = datetime.date(2030, 1, 2)
    NumberCounter.objects.create(day=day, last=0)

    def take(_):
        with transaction.atomic():
            return services.next_number(day)

    numbers = _run_at_once(count, take)

    _assert_consecutive(numbers, count)
    assert NumberCounter.objects.get(day=day).last == count


# --- submission and system review ---------------------------------------------------------------


def test_a_submission_without_discipline_records_is_passed_by_the_system(firm, chosen_type):
    user = MemberUserFactory(firm=firm)
    lawyers = LawyerFactory.create_batch(2, firm=firm)
    application, created = submit(firm, chosen_type, chosen_lawyers=lawyers, by=user)
    assert created
    assert CertificateApplication.objects.count() == 1
    application.refresh_from_db()
    assert application.state == S.PASSED
    assert application.auto_reviewed
    assert application.reviewed_at is not None
    assert application.reviewed_by is None
    assert application.review_evidence["records"] == []
    assert application.waiting_reason == ""
    assert application.applicant_firm == firm
    assert application.applicant_name == firm.name
    assert set(application.lawyers.all()) == set(lawyers)
    assert events(application) == ["提交申请", "系统审核通过"]
    submitted_entry = event_entry(application, "提交申请")
    assert submitted_entry.actor == user
    assert submitted_entry.changes_dict["state"] == [None, "待审批"]


def test_the_certificate_carries_its_number_and_verification_code(firm, firm_only_type):
    application = submitted(firm, firm_only_type)
    assert application.snapshot["number"] == application.number
    assert application.snapshot["verification_code"] == application.verification_code
    assert len(application.verification_code) == 8


def test_the_same_submission_token_twice_returns_the_first_application(firm, chosen_type):
    lawyer = LawyerFactory(firm=firm)
    token = uuid.uuid4()
    first, first_created = submit(firm, chosen_type, chosen_lawyers=[lawyer], submission_token=token)
    second, second_created = submit(
        firm, chosen_type, chosen_lawyers=[lawyer], submission_token=token, email="other@example.cn"
    )
    assert first_created and not second_created
    assert second.pk == first.pk
    assert CertificateApplication.objects.count() == 1
    assert CertificateApplication.objects.get().email == "apply@example.cn"


def test_a_discipline_record_of_a_chosen_lawyer_keeps_the_application_pending(firm, chosen_type):
    clean, punished = LawyerFactory(firm=firm, name="王清白"), LawyerFactory(firm=firm, name="李受罚")
    record = DisciplineRecordFactory(lawyer=punished, decided_on=days_ago(100))
    application = submitted(firm, chosen_type, chosen_lawyers=[clean, punished], start_date=days_ago(365))
    application.refresh_from_db()
    assert application.state == S.PENDING
    assert not application.auto_reviewed
    assert application.reviewed_at is None
    assert "李受罚" in application.waiting_reason
    assert punished.licence_no in application.waiting_reason
    assert "须人工审核" in application.waiting_reason
    assert [item["id"] for item in application.review_evidence["records"]] == [record.pk]
    evidence = application.review_evidence["records"][0]
    assert evidence["decided_on"] == record.decided_on.isoformat()
    assert evidence["kind"] == "通报批评"
    assert events(application) == ["提交申请", "系统审核：转人工审核"]
    # Nothing beside them: no 创建 or 修改 of the same submission in the staff's history.
    assert LogEntry.objects.get_for_object(application).count() == 2


def test_the_waiting_reason_counts_several_records(firm, chosen_type):
    lawyer = LawyerFactory(firm=firm)
    DisciplineRecordFactory(lawyer=lawyer, decided_on=days_ago(100))
    DisciplineRecordFactory(lawyer=lawyer, decided_on=days_ago(50))
    application = submitted(firm, chosen_type, chosen_lawyers=[lawyer])
    assert "等 2 条" in application.waiting_reason
    assert len(application.review_evidence["records"]) == 2


def test_a_record_dated_the_day_before_the_start_date_does_not_count(firm, chosen_type):
    lawyer = LawyerFactory(firm=firm)
    start = days_ago(365)
    DisciplineRecordFactory(lawyer=lawyer, decided_on=start - datetime.timedelta(days=1))
    application = submitted(firm, chosen_type, chosen_lawyers=[lawyer], start_date=start)
    assert application.state == S.PASSED
    assert application.review_evidence["records"] == []


def test_a_record_dated_exactly_on_the_start_date_counts(firm, chosen_type):
    lawyer = LawyerFactory(firm=firm)
    start = days_ago(365)
    DisciplineRecordFactory(lawyer=lawyer, decided_on=start)
    application = submitted(firm, chosen_type, chosen_lawyers=[lawyer], start_date=start)
    assert application.state == S.PENDING


def test_a_record_dated_today_counts(firm, chosen_type):
    lawyer = LawyerFactory(firm=firm)
    DisciplineRecordFactory(lawyer=lawyer, decided_on=today())
    application = submitted(firm, chosen_type, chosen_lawyers=[lawyer])
    assert application.state == S.PENDING


def test_a_record_of_a_lawyer_who_was_not_chosen_does_not_count(firm, chosen_type):
    chosen, other = LawyerFactory(firm=firm), LawyerFactory(firm=firm)
    DisciplineRecordFactory(lawyer=other, decided_on=days_ago(10))
    application = submitted(firm, chosen_type, chosen_lawyers=[chosen])
    assert application.state == S.PASSED


def test_a_record_of_any_practising_lawyer_counts_for_the_whole_firm_scope(firm, all_type):
    LawyerFactory(firm=firm)
    other = LawyerFactory(firm=firm, name="赵有过")
    DisciplineRecordFactory(lawyer=other, decided_on=days_ago(10))
    application = submitted(firm, all_type)
    assert application.state == S.PENDING
    assert "赵有过" in application.waiting_reason


def test_the_whole_firm_scope_covers_every_practising_lawyer_and_no_cancelled_one(firm, all_type):
    practising = LawyerFactory.create_batch(3, firm=firm)
    LawyerFactory(firm=firm, cancelled=True)
    LawyerFactory()  # another firm's
    application = submitted(firm, all_type)
    assert set(application.lawyers.all()) == set(practising)
    assert application.snapshot["firm"]["practising_count"] == 3


def test_a_record_of_a_lawyer_of_another_firm_does_not_count(firm, all_type):
    LawyerFactory(firm=firm)
    DisciplineRecordFactory(decided_on=days_ago(10))  # a lawyer of a new firm
    application = submitted(firm, all_type)
    assert application.state == S.PASSED


def test_a_record_of_the_firm_itself_counts(firm, firm_only_type):
    DisciplineRecordFactory(firm=firm, decided_on=days_ago(10))
    application = submitted(firm, firm_only_type)
    assert application.state == S.PENDING
    assert firm.name in application.waiting_reason


def test_a_record_of_another_firm_does_not_count(firm, firm_only_type):
    DisciplineRecordFactory(firm=FirmFactory(), decided_on=days_ago(10))
    assert submitted(firm, firm_only_type).state == S.PASSED


def test_a_lawyers_own_record_keeps_the_lawyers_application_pending(lawyer, lawyer_type):
    DisciplineRecordFactory(lawyer=lawyer, decided_on=days_ago(10))
    application = submitted(lawyer, lawyer_type)
    assert application.state == S.PENDING
    assert lawyer.name in application.waiting_reason
    assert application.applicant_lawyer == lawyer
    assert application.applicant_firm is None


def test_a_lawyer_without_records_is_passed_by_the_system(lawyer, lawyer_type):
    DisciplineRecordFactory(firm=lawyer.firm, decided_on=days_ago(10))  # the firm's, not the lawyer's
    assert submitted(lawyer, lawyer_type).state == S.PASSED


def test_the_cancelled_lawyers_record_counts_for_an_application_on_their_behalf(firm, cancelled_type):
    cancelled = LawyerFactory(firm=firm, cancelled=True)
    DisciplineRecordFactory(lawyer=cancelled, decided_on=days_ago(10))
    application = submitted(firm, cancelled_type, chosen_lawyers=[cancelled])
    assert application.state == S.PENDING


def test_manual_review_types_always_wait_for_staff(firm, manual_type):
    application = submitted(firm, manual_type)
    application.refresh_from_db()
    assert application.state == S.PENDING
    assert application.waiting_reason == "该证明类型为人工审核。"
    assert application.reviewed_at is None
    assert events(application) == ["提交申请"]


def test_an_inactive_type_is_refused(firm, firm_only_type):
    firm_only_type.active = False
    firm_only_type.save()
    with pytest.raises(services.CertificateError, match="不可申请"):
        submit(firm, firm_only_type)
    assert not CertificateApplication.objects.exists()


def test_a_firm_applies_for_a_lawyers_type_only_naming_one_of_its_lawyers(firm, lawyer_type):
    with pytest.raises(services.CertificateError, match="请选择一名本所执业律师"):
        submit(firm, lawyer_type)
    assert not CertificateApplication.objects.exists()


def test_a_lawyer_cannot_apply_for_a_firms_type(lawyer, firm_only_type):
    with pytest.raises(services.CertificateError, match="不可申请"):
        submit(lawyer, firm_only_type)
    assert not CertificateApplication.objects.exists()


def test_a_company_lawyers_office_cannot_apply_for_a_law_firms_type(firm_only_type):
    office = FirmFactory(office=True)
    assert firm_only_type.applicant_kind == ApplicantKind.FIRM
    with pytest.raises(services.CertificateError):
        submit(office, firm_only_type)


def test_a_trainee_cannot_apply_for_a_lawyers_type(lawyer_type):
    trainee = LawyerFactory(trainee=True)
    with pytest.raises(services.CertificateError):
        submit(trainee, lawyer_type)
    assert not CertificateApplication.objects.exists()


def test_choosing_a_lawyer_of_another_firm_is_refused(firm, chosen_type):
    own, foreign = LawyerFactory(firm=firm), LawyerFactory()
    with pytest.raises(services.CertificateError, match="不在本所名单中"):
        submit(firm, chosen_type, chosen_lawyers=[own, foreign])
    assert not CertificateApplication.objects.exists()


def test_choosing_a_cancelled_lawyer_for_the_chosen_lawyers_scope_is_refused(firm, chosen_type):
    cancelled = LawyerFactory(firm=firm, cancelled=True)
    with pytest.raises(services.CertificateError, match="不在本所名单中"):
        submit(firm, chosen_type, chosen_lawyers=[cancelled])


def test_the_chosen_lawyers_scope_needs_at_least_one_lawyer(firm, chosen_type):
    LawyerFactory(firm=firm)
    with pytest.raises(services.CertificateError, match="请选择律师"):
        submit(firm, chosen_type, chosen_lawyers=[])


def test_the_cancelled_scope_takes_exactly_one_cancelled_lawyer_of_the_firm(firm, cancelled_type):
    cancelled = LawyerFactory(firm=firm, cancelled=True, name="钱已销")
    application = submitted(firm, cancelled_type, chosen_lawyers=[cancelled])
    assert list(application.lawyers.all()) == [cancelled]
    assert application.snapshot["lawyer"]["name"] == "钱已销"
    assert "钱已销" in render_certificate_body(application.snapshot)


def test_the_cancelled_scope_refuses_two_cancelled_lawyers(firm, cancelled_type):
    two = LawyerFactory.create_batch(2, firm=firm, cancelled=True)
    with pytest.raises(services.CertificateError, match="一名已注销的律师"):
        submit(firm, cancelled_type, chosen_lawyers=two)


def test_the_cancelled_scope_refuses_a_practising_lawyer(firm, cancelled_type):
    with pytest.raises(services.CertificateError):
        submit(firm, cancelled_type, chosen_lawyers=[LawyerFactory(firm=firm)])


def test_the_cancelled_scope_refuses_a_cancelled_lawyer_of_another_firm(firm, cancelled_type):
    with pytest.raises(services.CertificateError):
        submit(firm, cancelled_type, chosen_lawyers=[LawyerFactory(cancelled=True)])


def test_the_cancelled_scope_refuses_no_lawyer(firm, cancelled_type):
    with pytest.raises(services.CertificateError):
        submit(firm, cancelled_type, chosen_lawyers=[])


def test_a_start_date_in_the_future_is_refused(firm, firm_only_type):
    with pytest.raises(services.CertificateError, match="不能晚于今天"):
        submit(firm, firm_only_type, start_date=today() + datetime.timedelta(days=1))
    assert not CertificateApplication.objects.exists()


def test_a_start_date_of_today_is_accepted(firm, firm_only_type):
    assert submitted(firm, firm_only_type, start_date=today()).start_date == today()


def test_paper_details_are_dropped_when_no_paper_copy_is_needed(firm, firm_only_type):
    application = submitted(
        firm,
        firm_only_type,
        paper_needed=False,
        paper_copies=3,
        paper_delivery=PaperDelivery.MAIL,
        recipient_name="张三",
        recipient_phone="13800138000",
        recipient_address="广州市越秀区",
    )
    assert application.paper_copies is None
    assert application.paper_delivery == ""
    assert (application.recipient_name, application.recipient_phone, application.recipient_address) == ("", "", "")
    assert application.paper_status == ""


def test_the_address_is_dropped_when_the_paper_copy_is_picked_up(firm, firm_only_type):
    application = submitted(
        firm,
        firm_only_type,
        paper_needed=True,
        paper_copies=2,
        paper_delivery=PaperDelivery.PICKUP,
        recipient_name="张三",
        recipient_address="广州市越秀区",
    )
    assert application.paper_copies == 2
    assert application.recipient_name == ""
    assert application.recipient_address == ""


# --- the frozen snapshot -----------------------------------------------------------------------


def test_what_the_certificate_says_is_frozen_at_submission(firm, staff, private_media):
    """Renaming the firm, renaming a lawyer, hiring lawyers and rewriting the type after the
    submission change nothing in the certificate, neither on screen nor in the PDF."""
    firm.name = "广东原名律师事务所"
    firm.save()
    manual = CertificateTypeFactory(lawyer_scope=LawyerScope.CHOSEN, manual=True)
    chosen = [LawyerFactory(firm=firm, name="周原名"), LawyerFactory(firm=firm, name="吴律师")]
    LawyerFactory(firm=firm, name="郑未选")
    application = submitted(firm, manual, chosen_lawyers=chosen)
    before = str(render_certificate_body(application.snapshot))
    assert "广东原名律师事务所" in before
    assert "周原名律师" in before
    assert "共有执业律师3名" in before

    firm.name = "广东新名律师事务所"
    firm.office_address = "广州市天河区新地址1号"
    firm.save()
    chosen[0].name = "周新名"
    chosen[0].save()
    LawyerFactory.create_batch(4, firm=firm)
    manual.body = "全新正文：{{律所名称}}，{{律师名单}}。"
    manual.save()

    application = CertificateApplication.objects.get(pk=application.pk)
    assert str(render_certificate_body(application.snapshot)) == before

    services.approve(application, by=staff)
    tasks.render_certificate_pdf(application.pk)
    application.refresh_from_db()
    with application.pdf.open("rb") as pdf:
        text = squash(pdf_text(pdf.read()))
    assert "广东原名律师事务所" in text
    assert "周原名律师" in text
    assert "共有执业律师3名" in text
    for changed in ("广东新名律师事务所", "周新名", "全新正文", "新地址", "郑未选"):
        assert changed not in text


def test_the_issue_date_is_the_submission_date(firm, firm_only_type):
    with time_machine.travel(shanghai(2025, 3, 10, 9, 0), tick=False):
        application = submitted(firm, firm_only_type, start_date=datetime.date(2024, 1, 1))
    body = str(render_certificate_body(application.snapshot))
    assert "自2024年01月01日至此证明作出之日" in body
    assert application.issued_on == datetime.date(2025, 3, 10)


# --- the state machine ---------------------------------------------------------------------------

EVENTS = {"withdraw": "撤回申请", "approve": "审核通过", "reject": "驳回", "revoke": "撤销证明"}
# Every move and refusal of each state is in tests/certificates/test_workflows.py.


def application_in(state: str, firm=None) -> CertificateApplication:
    """A manually reviewed application, put into `state` directly."""
    firm = firm or FirmFactory()
    certificate_type = CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, manual=True)
    application = submitted(firm, certificate_type)
    CertificateApplication.objects.filter(pk=application.pk).update(state=state)
    return CertificateApplication.objects.get(pk=application.pk)


def row(application) -> dict:
    return CertificateApplication.objects.filter(pk=application.pk).values().get()


def test_a_refused_move_is_a_certificate_error_with_a_chinese_message(staff):
    application = application_in(S.PASSED)
    with pytest.raises(services.CertificateError, match="当前状态为“已通过”，不能撤回申请。"):
        services.withdraw(application, by=staff)


def test_withdrawing_records_the_time(firm, firm_user):
    application = services.withdraw(application_in(S.PENDING, firm=firm), by=firm_user)
    assert application.withdrawn_at is not None
    assert row(application)["withdrawn_at"] is not None


def test_approving_records_the_reviewer(staff):
    application = services.approve(application_in(S.PENDING), by=staff)
    application.refresh_from_db()
    assert application.reviewed_by == staff
    assert application.reviewed_at is not None
    assert not application.auto_reviewed


def test_rejecting_records_the_reason(staff):
    application = services.reject(application_in(S.PENDING), by=staff, reason="  起始时间填写有误  ")
    application.refresh_from_db()
    assert application.reject_reason == "起始时间填写有误"
    assert application.reviewed_by == staff
    assert event_entry(application, "驳回").additional_data["reason"] == "起始时间填写有误"


def test_revoking_records_the_reason_and_time(staff):
    application = services.revoke(application_in(S.PASSED), by=staff, reason="证明内容有误")
    application.refresh_from_db()
    assert application.revoke_reason == "证明内容有误"
    assert application.revoked_at is not None


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_rejecting_needs_a_reason(staff, reason):
    application = application_in(S.PENDING)
    before = row(application)
    with pytest.raises(services.CertificateError, match="请填写驳回理由"):
        services.reject(application, by=staff, reason=reason)
    assert row(application) == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_revoking_needs_a_reason(staff, reason):
    application = application_in(S.PASSED)
    before = row(application)
    with pytest.raises(services.CertificateError, match="请填写撤销理由"):
        services.revoke(application, by=staff, reason=reason)
    assert row(application) == before


def test_a_system_approval_is_audited_without_an_actor(firm, firm_only_type):
    application = submitted(firm, firm_only_type)
    assert event_entry(application, "系统审核通过").actor is None


# --- paper copies --------------------------------------------------------------------------------


def paper_application(delivery, certificate_type, firm, **extra):
    return submitted(
        firm,
        certificate_type,
        paper_needed=True,
        paper_copies=1,
        paper_delivery=delivery,
        recipient_name="李收件",
        recipient_phone="13800138000",
        recipient_address="广州市越秀区府前路1号",
        **extra,
    )


def test_approval_sets_awaiting_pickup_for_a_paper_copy_picked_up(firm, manual_type, staff):
    application = paper_application(PaperDelivery.PICKUP, manual_type, firm)
    assert application.paper_status == ""
    application = services.approve(application, by=staff)
    assert application.paper_status == PaperStatus.AWAITING_PICKUP
    assert application.get_paper_status_display() == "待领取"


def test_approval_sets_awaiting_post_for_a_paper_copy_mailed(firm, manual_type, staff):
    application = services.approve(paper_application(PaperDelivery.MAIL, manual_type, firm), by=staff)
    assert application.paper_status == PaperStatus.AWAITING_POST
    assert application.get_paper_status_display() == "待邮寄"


def test_a_system_approval_sets_the_paper_status_too(firm, firm_only_type):
    application = paper_application(PaperDelivery.MAIL, firm_only_type, firm)
    assert application.state == S.PASSED
    assert row(application)["paper_status"] == PaperStatus.AWAITING_POST


def test_approval_without_a_paper_copy_sets_no_paper_status(firm, manual_type, staff):
    application = services.approve(submitted(firm, manual_type), by=staff)
    assert application.paper_status == ""


def test_a_picked_up_copy_moves_to_picked_up(firm, manual_type, staff):
    application = services.approve(paper_application(PaperDelivery.PICKUP, manual_type, firm), by=staff)
    application = services.advance_paper(application, by=staff)
    assert application.paper_status == PaperStatus.PICKED_UP
    assert row(application)["paper_status"] == PaperStatus.PICKED_UP
    assert event_entry(application, "纸质证明已领取").actor == staff


def test_posting_a_copy_needs_a_tracking_number(firm, manual_type, staff):
    application = services.approve(paper_application(PaperDelivery.MAIL, manual_type, firm), by=staff)
    with pytest.raises(services.CertificateError, match="快递单号"):
        services.advance_paper(application, by=staff, tracking_number="  ")
    assert row(application)["paper_status"] == PaperStatus.AWAITING_POST


def test_a_posted_copy_keeps_its_tracking_number(firm, manual_type, staff):
    application = services.approve(paper_application(PaperDelivery.MAIL, manual_type, firm), by=staff)
    application = services.advance_paper(application, by=staff, tracking_number=" SF1234567890 ")
    application.refresh_from_db()
    assert application.paper_status == PaperStatus.POSTED
    assert application.tracking_number == "SF1234567890"
    assert event_entry(application, "纸质证明已邮寄").additional_data["tracking_number"] == "SF1234567890"


@pytest.mark.parametrize("delivery", [PaperDelivery.PICKUP, PaperDelivery.MAIL])
def test_a_handed_over_copy_cannot_move_on_again(firm, manual_type, staff, delivery):
    application = services.approve(paper_application(delivery, manual_type, firm), by=staff)
    services.advance_paper(application, by=staff, tracking_number="SF1")
    with pytest.raises(services.TransitionNotAllowed):
        services.advance_paper(application, by=staff, tracking_number="SF2")


def test_the_paper_copy_of_a_revoked_certificate_is_no_longer_handed_out(firm, manual_type, staff):
    application = services.approve(paper_application(PaperDelivery.MAIL, manual_type, firm), by=staff)
    services.revoke(application, by=staff, reason="证明内容有误")
    with pytest.raises(services.TransitionNotAllowed, match="不再处理纸质证明"):
        services.advance_paper(application, by=staff, tracking_number="SF1234567890")
    assert row(application)["paper_status"] == PaperStatus.AWAITING_POST
    assert row(application)["tracking_number"] == ""


def test_an_application_without_a_paper_copy_has_nothing_to_advance(firm, firm_only_type, staff):
    with pytest.raises(services.TransitionNotAllowed, match="没有待处理的纸质证明"):
        services.advance_paper(submitted(firm, firm_only_type), by=staff)


def test_a_pending_paper_copy_cannot_be_advanced(firm, manual_type, staff):
    with pytest.raises(services.TransitionNotAllowed):
        services.advance_paper(paper_application(PaperDelivery.PICKUP, manual_type, firm), by=staff)


# --- 新增律师 -------------------------------------------------------------------------------------


def addition_data(**overrides) -> dict:
    data = {
        "name": "孙新来",
        "gender": Gender.FEMALE,
        "licence_no": "14401202399999999",
        "id_number": "440104199001011238",
        "practice_type": PracticeType.FULL_TIME,
        "firm_role": FirmRole.LAWYER,
    }
    data.update(overrides)
    return data


def test_a_firm_requests_a_missing_lawyer(firm, firm_user):
    addition = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    assert addition.state == AdditionState.PENDING
    assert addition.firm == firm
    assert event_entry(addition, "提交新增律师").actor == firm_user


def test_a_request_for_an_existing_licence_number_is_refused_with_the_ticket_advice(firm, firm_user):
    existing = LawyerFactory()  # registered at another firm
    with pytest.raises(services.CertificateError) as caught:
        services.request_lawyer_addition(firm, addition_data(licence_no=existing.licence_no), by=firm_user)
    assert "执业证号" in str(caught.value)
    assert "工单" in str(caught.value)
    assert not LawyerAdditionRequest.objects.exists()


def test_a_request_for_an_existing_id_number_is_refused_with_the_ticket_advice(firm, firm_user):
    existing = LawyerFactory(id_number="44010419800101123X")
    with pytest.raises(services.CertificateError) as caught:
        services.request_lawyer_addition(firm, addition_data(id_number=existing.id_number.lower()), by=firm_user)
    assert "身份证号" in str(caught.value)
    assert "工单" in str(caught.value)
    assert not LawyerAdditionRequest.objects.exists()


def test_a_second_pending_request_for_the_same_licence_number_is_refused(firm, firm_user):
    services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    with pytest.raises(services.CertificateError, match="请勿重复提交"):
        services.request_lawyer_addition(firm, addition_data(name="孙新来二"), by=firm_user)
    assert LawyerAdditionRequest.objects.count() == 1


def test_confirming_a_request_adds_the_lawyer_to_the_firm(firm, firm_user, staff):
    addition = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    lawyer = services.confirm_lawyer_addition(addition, by=staff, note="已与司法局名册核对")
    assert lawyer.firm == firm
    assert (lawyer.name, lawyer.licence_no, lawyer.id_number) == ("孙新来", "14401202399999999", "440104199001011238")
    assert lawyer.gender == Gender.FEMALE
    assert lawyer.status == RosterStatus.PRACTISING
    assert lawyer in firm.lawyers.all()
    addition.refresh_from_db()
    assert addition.state == AdditionState.CONFIRMED
    assert addition.lawyer == lawyer
    assert addition.decided_by == staff
    assert event_entry(addition, "确认新增律师").actor == staff


def test_a_confirmed_request_cannot_be_confirmed_again(firm, firm_user, staff):
    addition = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    services.confirm_lawyer_addition(addition, by=staff)
    with pytest.raises(services.TransitionNotAllowed):
        services.confirm_lawyer_addition(addition, by=staff)
    assert Lawyer.objects.filter(licence_no="14401202399999999").count() == 1


def test_rejecting_a_request_needs_a_note(firm, firm_user, staff):
    addition = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    with pytest.raises(services.CertificateError, match="请填写驳回理由"):
        services.reject_lawyer_addition(addition, by=staff, note="  ")
    addition.refresh_from_db()
    assert addition.state == AdditionState.PENDING


def test_rejecting_a_request_keeps_the_note_and_adds_nobody(firm, firm_user, staff):
    addition = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    services.reject_lawyer_addition(addition, by=staff, note="执业证号与名册不符")
    addition.refresh_from_db()
    assert addition.state == AdditionState.REJECTED
    assert addition.staff_note == "执业证号与名册不符"
    assert not Lawyer.objects.filter(licence_no="14401202399999999").exists()
    with pytest.raises(services.TransitionNotAllowed):
        services.confirm_lawyer_addition(addition, by=staff)


def test_after_a_rejection_the_firm_may_request_the_lawyer_again(firm, firm_user, staff):
    addition = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    services.reject_lawyer_addition(addition, by=staff, note="请补充材料")
    again = services.request_lawyer_addition(firm, addition_data(), by=firm_user)
    assert again.state == AdditionState.PENDING
