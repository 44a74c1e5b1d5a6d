"""确认导入 applies what the dry run showed, once: refused when the file or the roster rows it
touches changed since, refused from any state but 待确认 (a double click), and a double upload is
one run. The run's moves are declared on the shared workflow (RUN)."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from member_center.models import Lawyer
from member_center.roster_import import services
from member_center.roster_import.models import ImportKind, ImportRun, RunState
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.factories import LawyerFactory, StaffUserFactory

from .conftest import csv_upload, lawyer_row

pytestmark = pytest.mark.django_db
LAWYERS = ImportKind.LAWYERS
S = RunState


def test_a_roster_change_after_the_dry_run_refuses_the_confirm(dry_run, confirm, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])
    Lawyer.objects.filter(pk=lawyer.pk).update(authority="别处", updated_at=timezone.now())

    with pytest.raises(TransitionNotAllowed, match="名册在试运行后已变更，请重新试运行"):
        confirm(run)
    lawyer.refresh_from_db()
    run.refresh_from_db()
    assert (lawyer.mobile != "13900001111", run.state) == (True, S.READY)


def test_a_lawyer_added_with_a_key_of_the_file_refuses_the_confirm(dry_run, confirm, lawyer):
    from .test_lawyers import new_lawyer_row

    run = dry_run(LAWYERS, [new_lawyer_row(firm=lawyer.firm)])
    LawyerFactory(licence_no=new_lawyer_row()["执业证号"])

    with pytest.raises(TransitionNotAllowed, match="名册在试运行后已变更"):
        confirm(run)


def test_a_changed_file_refuses_the_confirm(dry_run, confirm, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])
    with run.file.open("wb") as handle:
        handle.write(csv_upload([lawyer_row(lawyer, 手机号码="13900002222")]).read())

    with pytest.raises(TransitionNotAllowed, match="名册在试运行后已变更"):
        confirm(run)


def test_rerun_after_a_refusal_gives_a_dry_run_that_can_be_confirmed(
    dry_run, confirm, lawyer, staff, django_capture_on_commit_callbacks
):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])
    Lawyer.objects.filter(pk=lawyer.pk).update(authority="别处", updated_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        services.rerun(run, staff)
    run.refresh_from_db()
    confirm(run)

    lawyer.refresh_from_db()
    assert (run.state, lawyer.mobile) == (S.DONE, "13900001111")


def test_a_second_confirm_is_refused_and_applies_nothing_twice(dry_run, confirm, lawyer):
    run = confirm(dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")]))

    with pytest.raises(TransitionNotAllowed, match="当前状态为“已完成”，不能确认导入。"):
        confirm(run)
    assert run.counts["applied"] == 1


def test_a_dry_run_older_than_a_day_is_not_confirmed(dry_run, confirm, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(hours=25)),
        pytest.raises(TransitionNotAllowed, match="超过 24 小时"),
    ):
        confirm(run)


def test_a_double_upload_makes_one_run(staff, private_media, lawyer):
    token = uuid.uuid4()

    first, created = services.start(LAWYERS, csv_upload([lawyer_row(lawyer)]), False, staff, token)
    again, created_again = services.start(LAWYERS, csv_upload([lawyer_row(lawyer)]), False, staff, token)

    assert (created, created_again, again) == (True, False, first)
    assert ImportRun.objects.count() == 1


def test_discard_leaves_the_roster_as_it_was(dry_run, staff, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])

    services.discard(run, staff)

    run.refresh_from_db()
    lawyer.refresh_from_db()
    assert (run.state, lawyer.mobile != "13900001111") == (S.EXPIRED, True)


def test_staff_without_the_lawyers_permissions_may_not_confirm(dry_run, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer)])

    with pytest.raises(NotPermitted):
        services.confirm(run, StaffUserFactory())


def test_the_apply_goes_in_batches_each_its_own_transaction(dry_run, confirm, lawyer, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    from .test_lawyers import new_lawyer_row

    rows = [new_lawyer_row(900200 + n, firm=lawyer.firm, 姓名=f"律师{n}") for n in range(5)]
    run = confirm(dry_run(LAWYERS, rows))

    assert (run.state, run.counts["applied"], run.processed_rows) == (S.DONE, 5, 5)


@pytest.mark.parametrize(
    ("name", "allowed_from"),
    [
        ("start", [S.PENDING]),
        ("checked", [S.DRY_RUNNING]),
        ("confirm", [S.READY]),
        ("finish", [S.APPLYING]),
        ("fail", [S.PENDING, S.DRY_RUNNING, S.APPLYING]),
        ("rerun", [S.READY, S.EXPIRED, S.FAILED]),
        ("discard", [S.PENDING, S.READY]),
        ("expire", [S.READY]),
    ],
)
def test_the_runs_moves_start_only_from_their_states(name, allowed_from):
    assert list(services.RUN[name].sources) == allowed_from


def test_the_periodic_reconcile_expires_a_dry_run_left_unconfirmed_for_a_day(dry_run, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer)])

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        counts = services.reconcile_jobs(timezone.now())

    run.refresh_from_db()
    assert (run.state, counts["过期的名册试运行"]) == (S.EXPIRED, 1)


def test_a_lawyer_edited_by_staff_in_the_roster_after_the_dry_run_refuses_the_confirm(
    client, dry_run, confirm, lawyer, staff
):
    """The fingerprint covers every roster row the file names: one edit by hand (会员管理 → 律师
    → 编辑) after the dry run refuses the whole confirm, rather than skipping that row."""
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])
    client.force_login(staff)
    form = {
        "kind": lawyer.kind, "name": lawyer.name, "gender": lawyer.gender, "authority": "广州市白云区司法局",
        "practice_type": lawyer.practice_type, "firm": lawyer.firm_id, "firm_role": lawyer.firm_role,
        "licence_no": lawyer.licence_no, "member_no": lawyer.member_no or "", "id_number": lawyer.id_number,
        "mobile": lawyer.mobile, "email": lawyer.email, "status": lawyer.status,
    }  # fmt: skip
    edited = client.post(reverse("lawyer:edit", args=[lawyer.pk]), form)
    assert edited.status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.authority == "广州市白云区司法局"

    with pytest.raises(TransitionNotAllowed, match="名册在试运行后已变更，请重新试运行"):
        confirm(run)
    lawyer.refresh_from_db()
    run.refresh_from_db()
    assert (lawyer.mobile != "13900001111", run.state) == (True, S.READY)


def test_the_confirm_neither_reads_nor_parses_the_file_again(dry_run, confirm, lawyer, monkeypatch):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")])

    def refuse(*args, **kwargs):
        raise AssertionError("the confirm parsed the file")

    monkeypatch.setattr(services, "read_dataset", refuse)
    monkeypatch.setattr(services, "RESOURCES", {})  # no Resource to read a line with either
    run = confirm(run)

    lawyer.refresh_from_db()
    assert (run.state, lawyer.mobile) == (S.DONE, "13900001111")


def test_the_dry_run_stores_the_keys_the_confirm_checks(dry_run, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer)])

    assert run.keys == {
        "licence_no": [lawyer.licence_no],
        "id_number": [lawyer.id_number],
        "firm": [lawyer.firm.name],
    }


def test_a_run_without_stored_keys_is_refused_as_stale(dry_run, confirm, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer)])
    ImportRun.objects.filter(pk=run.pk).update(keys={})
    run.refresh_from_db()

    with pytest.raises(TransitionNotAllowed, match="名册在试运行后已变更"):
        confirm(run)


@pytest.mark.parametrize("limit", [{"max_batches": 1}, {"seconds": 0}])
def test_an_apply_job_past_its_batches_or_time_queues_the_next_and_ends(dry_run, staff, lawyer, monkeypatch, limit):
    from .test_lawyers import new_lawyer_row

    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    run = dry_run(LAWYERS, [new_lawyer_row(900300 + n, firm=lawyer.firm, 姓名=f"律师{n}") for n in range(5)])
    queued = []
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: queued.append((task, args)))
    services.confirm(run, staff)
    queued.clear()

    services.apply(run.pk, **limit)

    run.refresh_from_db()
    assert (run.state, run.processed_rows, queued) == (S.APPLYING, 2, [(services.APPLY_TASK, (run.pk,))])
    services.apply(run.pk)
    run.refresh_from_db()
    assert (run.state, run.counts["applied"]) == (S.DONE, 5)


@pytest.fixture
def confirm_only(monkeypatch, staff):
    """Confirm now and keep the apply job back, to change the roster before it runs."""

    def confirm(run):
        monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)
        services.confirm(run, staff)

    return confirm


def test_a_row_changed_between_the_confirm_and_the_apply_is_skipped_and_named(dry_run, lawyer, confirm_only):
    from .test_lawyers import new_lawyer_row

    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111"), new_lawyer_row(firm=lawyer.firm)])
    confirm_only(run)
    Lawyer.objects.filter(pk=lawyer.pk).update(mobile="13900002222", updated_at=timezone.now())

    services.apply(run.pk)

    run.refresh_from_db()
    lawyer.refresh_from_db()
    skipped = run.rows.get(line=2)
    assert (run.state, run.counts["applied"], run.counts["skipped"]) == (S.DONE, 1, 1)
    assert (lawyer.mobile, skipped.apply_error) == ("13900002222", "试运行后该记录已被修改或删除，未导入")


def test_a_licence_number_taken_between_the_confirm_and_the_apply_skips_that_line(dry_run, lawyer, confirm_only):
    from .test_lawyers import new_lawyer_row

    row = new_lawyer_row(firm=lawyer.firm)
    run = dry_run(LAWYERS, [row, new_lawyer_row(900002, firm=lawyer.firm, 姓名="另一人")])
    confirm_only(run)
    LawyerFactory(licence_no=row["执业证号"])

    services.apply(run.pk)

    run.refresh_from_db()
    assert (run.counts["applied"], run.rows.get(line=2).apply_error) == (1, "与名册中已有的证号或编号冲突，未导入")
    assert Lawyer.objects.filter(name="另一人").exists()
