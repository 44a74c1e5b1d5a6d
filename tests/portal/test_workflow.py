"""portal.workflow itself, on one of the declared pipelines (新增律师 requests: small, with an
owner, a staff permission, a required reason and notices): what `move` and `move_many` promise
to every app."""

import pytest
from auditlog.models import LogEntry
from django.db import transaction

from certificates.models import AdditionState, LawyerAdditionRequest
from certificates.services import ADDITION
from member_center.models import Gender, PracticeType
from portal.notifications.models import Notification
from portal.workflow import NotPermitted, TransitionNotAllowed, WorkflowError, event_label
from tests.factories import FirmFactory, MemberUserFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

A = AdditionState


@pytest.fixture
def staff():
    return StaffUserFactory(superuser=True)


def request_in(state=A.PENDING, n=0) -> LawyerAdditionRequest:
    firm = FirmFactory()
    MemberUserFactory(firm=firm)
    return LawyerAdditionRequest.objects.create(
        firm=firm,
        name=f"孙新来{n}",
        gender=Gender.FEMALE,
        licence_no=f"1440120239999999{n}",
        id_number="440104199001011238",
        practice_type=PracticeType.FULL_TIME,
        state=state,
    )


def moves_of(obj):
    return [
        e
        for e in LogEntry.objects.get_for_object(obj)
        if (e.additional_data or {}).get("event", "").startswith("certificates.addition.")
    ]


def test_a_move_saves_the_target_state_and_the_changes(staff):
    moved = ADDITION.move(request_in(), "reject", staff, "名册无此人", changes={"staff_note": "名册无此人"})
    stored = LawyerAdditionRequest.objects.get(pk=moved.pk)
    assert stored.state == A.REJECTED
    assert stored.staff_note == "名册无此人"


def test_a_move_writes_one_entry_with_its_code_label_reason_and_actor(staff):
    addition = ADDITION.move(request_in(), "reject", staff, "  名册无此人  ")
    [entry] = moves_of(addition)
    assert entry.additional_data == {
        "event": "certificates.addition.reject",
        "事件": "驳回新增律师",
        "reason": "名册无此人",
    }
    assert entry.actor == staff
    assert entry.changes_dict == {"state": ["待确认", "已驳回"]}


def test_a_required_reason_is_checked_before_anything_is_locked_or_written(staff):
    addition = request_in()
    with pytest.raises(WorkflowError, match="请填写驳回理由。"):
        ADDITION.move(addition, "reject", staff, "   ")
    assert LawyerAdditionRequest.objects.get(pk=addition.pk).state == A.PENDING
    assert moves_of(addition) == []


def test_a_refused_move_names_the_state_and_writes_nothing(staff):
    addition = request_in(A.CONFIRMED)
    with pytest.raises(TransitionNotAllowed, match="该申请已确认，不能再驳回。"):
        ADDITION.move(addition, "reject", staff, "名册无此人")
    assert moves_of(addition) == []
    assert not Notification.objects.exists()


def test_who_may_is_checked_after_the_state(staff):
    addition = request_in()
    member = addition.firm.account
    with pytest.raises(NotPermitted, match="您没有权限驳回新增律师。"):
        ADDITION.move(addition, "reject", member, "名册无此人")
    assert ADDITION.available(addition, member) == []
    assert [t.name for t in ADDITION.available(addition, staff)] == ["confirm", "reject"]
    assert ADDITION.available(request_in(A.REJECTED, n=1), staff) == []


def test_code_acting_on_its_own_may_move(staff):
    assert ADDITION.move(request_in(), "reject", None, "名册无此人").state == A.REJECTED


def test_the_notices_are_written_with_the_move_and_mailed_after_the_commit(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    addition = request_in()
    addition.firm.account.email = "office@example.cn"
    addition.firm.account.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ADDITION.move(addition, "reject", staff, "名册无此人")
        assert Notification.objects.filter(event="certificates.addition.reject").count() == 1
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_a_move_rolled_back_leaves_no_notice(staff):
    addition = request_in()
    with pytest.raises(RuntimeError), transaction.atomic():
        ADDITION.move(addition, "reject", staff, "名册无此人")
        raise RuntimeError
    assert not Notification.objects.exists()
    assert LawyerAdditionRequest.objects.get(pk=addition.pk).state == A.PENDING


def test_move_many_moves_what_it_can_and_names_the_rest(staff):
    waiting = [request_in(n=n) for n in range(3)]
    done = request_in(A.CONFIRMED, n=3)
    moved, refused = ADDITION.move_many([*waiting, done], "reject", staff, "名册无此人")
    assert sorted(a.pk for a in moved) == sorted(a.pk for a in waiting)
    assert [(a.pk, message) for a, message in refused] == [(done.pk, "该申请已确认，不能再驳回。")]
    assert set(LawyerAdditionRequest.objects.values_list("state", flat=True)) == {A.REJECTED, A.CONFIRMED}
    assert Notification.objects.count() == 3


def test_move_many_keeps_a_row_refused_by_an_app_rule_as_it_was(staff):
    first, second = request_in(n=0), request_in(n=1)

    def refuse_the_second(addition):
        if addition.pk == second.pk:
            raise WorkflowError("名册中已有相同执业证号")
        return {"staff_note": "已核对"}

    moved, refused = ADDITION.move_many([first, second], "confirm", staff, changes=refuse_the_second)
    assert [a.pk for a in moved] == [first.pk]
    assert [(a.pk, a.state, message) for a, message in refused] == [(second.pk, A.PENDING, "名册中已有相同执业证号")]
    assert LawyerAdditionRequest.objects.get(pk=second.pk).state == A.PENDING


def test_an_entry_reads_as_its_code_is_declared_now():
    assert event_label({"event": "certificates.addition.confirm", "事件": "旧的说法"}) == "确认新增律师"
    assert event_label({"event": "gone.model.move", "事件": "旧的说法"}) == "旧的说法"
    assert event_label({"事件": "提交申请"}) == "提交申请"


def test_a_move_is_one_audit_entry_holding_every_change(staff):
    addition = request_in()
    before = LogEntry.objects.get_for_object(addition).count()
    ADDITION.move(addition, "reject", staff, "名册无此人", changes={"staff_note": "名册无此人", "decided_by": staff})
    entries = list(LogEntry.objects.get_for_object(addition).order_by("pk"))[before:]
    assert len(entries) == 1  # not django-auditlog's own field diff beside it
    assert entries[0].changes_dict == {
        "state": ["待确认", "已驳回"],
        "staff_note": ["", "名册无此人"],
        "decided_by": [None, str(staff.pk)],
    }
