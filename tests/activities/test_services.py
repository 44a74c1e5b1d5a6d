"""活动报名's rules (manual 002 §4.1), at each boundary of each window with a frozen clock."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from activities import services, windows
from activities.models import Attendance, SignUp, SignUpState, TrainingRecord, TrainingSource
from portal.notifications.models import Notification
from portal.workflow import WorkflowError
from tests.activities.helpers import CLOSES, NOW, OPENS, STARTS, entry, fresh, make_activity, sign
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

S = SignUpState
SECOND = datetime.timedelta(seconds=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return make_activity()


@pytest.fixture
def staff():
    return StaffUserFactory(superuser=True)


# --- the windows --------------------------------------------------------------------------------


def test_the_windows_follow_the_manual(activity):
    w = windows.windows(activity)
    assert w.cancel_until == CLOSES - datetime.timedelta(hours=24)
    assert w.leave_from == CLOSES
    assert w.leave_until == STARTS - datetime.timedelta(hours=2)
    assert w.cancel_deadline_text() == "2026年04月27日"


@pytest.mark.parametrize(
    ("moment", "open_"), [(OPENS - SECOND, False), (OPENS, True), (CLOSES - SECOND, True), (CLOSES, False)]
)
def test_sign_up_is_open_from_opens_until_before_closes(activity, moment, open_):
    lawyer = LawyerFactory()
    with time_machine.travel(moment, tick=False):
        allowed = services.permissions(activity, lawyer)
        assert allowed.sign_up is open_
        if not open_:
            with pytest.raises(WorkflowError):
                sign(activity, lawyer)


@pytest.mark.parametrize(("offset", "allowed"), [(-SECOND, True), (datetime.timedelta(0), False)])
def test_cancel_until_24_hours_before_sign_up_closes(activity, offset, allowed):
    lawyer = LawyerFactory()
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, lawyer)
    with time_machine.travel(CLOSES - datetime.timedelta(hours=24) + offset, tick=False):
        assert (services.cancel_refusal(signup) is None) is allowed
        if allowed:
            services.cancel(signup, None)
            assert SignUp.objects.get().state == S.CANCELLED
        else:
            with pytest.raises(WorkflowError, match="取消报名需在活动报名结束 24 小时前进行操作"):
                services.cancel(signup, None)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (CLOSES - SECOND, False),
        (CLOSES, True),
        (STARTS - datetime.timedelta(hours=2) - SECOND, True),
        (STARTS - datetime.timedelta(hours=2), False),
    ],
)
def test_leave_from_sign_up_close_until_two_hours_before_the_start(activity, moment, allowed):
    lawyer = LawyerFactory()
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, lawyer)
    with time_machine.travel(moment, tick=False):
        if allowed:
            services.request_leave(signup, None, "工作冲突")
            signup.refresh_from_db()
            assert signup.state == S.ON_LEAVE
            assert signup.leave.reason == "工作冲突"
        else:
            with pytest.raises(WorkflowError, match="活动请假日期为活动报名结束到活动开始前两小时"):
                services.request_leave(signup, None, "工作冲突")


def test_a_leave_keeps_the_seat(activity):
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, LawyerFactory())
    with time_machine.travel(CLOSES, tick=False):
        services.request_leave(signup, None, "工作冲突")
    assert fresh(activity).ledger.taken == 1


def test_a_leave_reason_must_be_one_of_the_activitys(activity):
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, LawyerFactory())
    with time_machine.travel(CLOSES, tick=False), pytest.raises(WorkflowError, match="请选择请假原因"):
        services.request_leave(signup, None, "想休息")


# --- who may sign up ----------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_only_the_groups_of_the_scope_may_sign_up(activity):
    part_time = LawyerFactory(practice_type="part_time")
    allowed = services.permissions(activity, part_time)
    assert not allowed.sign_up
    assert allowed.why_not["sign_up"] == "本次活动报名仅对“专职律师,全部律师事务所,实习人员”开放。"
    assert services.permissions(activity, LawyerFactory(trainee=True)).sign_up
    assert services.permissions(activity, FirmFactory()).sign_up
    assert not services.permissions(activity, FirmFactory(office=True)).sign_up


@time_machine.travel(NOW, tick=False)
def test_one_member_signs_up_once(activity):
    lawyer = LawyerFactory()
    sign(activity, lawyer)
    with pytest.raises(WorkflowError, match="您已经报名此活动"):
        sign(activity, lawyer)
    assert SignUp.objects.count() == 1
    assert fresh(activity).ledger.taken == 1


@time_machine.travel(NOW, tick=False)
def test_the_one_live_sign_up_rule_is_also_the_databases(activity):
    from django.db import IntegrityError, transaction

    signup = sign(activity, LawyerFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(activity=activity, lawyer=signup.attendee, attendee=signup.attendee, name="x", mobile="1")


@time_machine.travel(NOW, tick=False)
def test_a_firm_signs_up_its_own_lawyers_each_taking_a_seat():
    activity = make_activity(per_member_limit=3)
    firm = FirmFactory()
    lawyers = LawyerFactory.create_batch(3, firm=firm)
    made = services.sign_up(activity, firm, [entry(lawyer) for lawyer in lawyers[:2]])
    assert [s.firm for s in made] == [firm, firm]
    assert fresh(activity).ledger.taken == 2
    with pytest.raises(WorkflowError, match="还可为 1 名律师报名"):
        services.sign_up(fresh(activity), firm, [entry(lawyers[2]), entry(LawyerFactory(firm=firm))])
    with pytest.raises(WorkflowError, match="不是本所执业律师"):
        services.sign_up(fresh(activity), firm, [entry(LawyerFactory())])


@time_machine.travel(NOW, tick=False)
def test_a_lawyer_his_firm_signed_up_sees_it_but_may_not_cancel_it(activity):
    firm = FirmFactory()
    lawyer = LawyerFactory(firm=firm)
    activity = make_activity(per_member_limit=2)
    [signup] = services.sign_up(activity, firm, [entry(lawyer)])
    assert services.permissions(activity, lawyer).why_not["sign_up"] == "您已经报名此活动"
    actions = services.signup_actions(signup, lawyer)
    assert not actions.cancel and "联系本所" in actions.cancel_refusal
    assert services.signup_actions(signup, firm).cancel


# --- full: the waiting list ---------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_full_activity_offers_the_waiting_list_and_a_cancellation_promotes_the_first():
    activity = make_activity(capacity=1)
    first, second, third = (LawyerFactory() for _ in range(3))
    MemberUserFactory(lawyer=second)
    seat = sign(activity, first)
    activity = fresh(activity)
    assert not services.permissions(activity, second).sign_up
    assert services.permissions(activity, second).join_waitlist
    with pytest.raises(WorkflowError, match="名额已满"):
        sign(activity, second)
    waiting = sign(activity, second, wait=True)
    later = sign(fresh(activity), third, wait=True)
    assert (waiting.state, later.state) == (S.WAITING, S.WAITING)
    assert services.waiting_position(waiting) == 1 and services.waiting_position(later) == 2

    services.cancel(seat, None)

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.state == S.SIGNED_UP and waiting.promoted_at is not None
    assert services.waiting_position(later) == 1
    assert fresh(activity).ledger.taken == 1
    notice = Notification.objects.get(recipient=second.account)
    assert notice.title == "活动候补已转为报名"


@time_machine.travel(NOW, tick=False)
def test_cancelling_a_waiting_place_frees_no_seat():
    activity = make_activity(capacity=1)
    sign(activity, LawyerFactory())
    waiting = sign(fresh(activity), LawyerFactory(), wait=True)
    services.cancel(waiting, None)
    assert fresh(activity).ledger.taken == 1


def test_staff_cancel_with_a_reason_tells_the_member_and_promotes(staff):
    activity = make_activity(capacity=1)
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer)
    with time_machine.travel(NOW, tick=False):
        seat = sign(activity, lawyer)
        waiting = sign(fresh(activity), LawyerFactory(), wait=True)
    with time_machine.travel(CLOSES, tick=False):  # after the member's own deadline
        with pytest.raises(WorkflowError, match="请填写取消原因"):
            services.staff_cancel(seat, staff, "")
        services.staff_cancel(seat, staff, "重复报名")
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.state, seat.cancel_reason, waiting.state) == (S.CANCELLED, "重复报名", S.SIGNED_UP)
    assert "重复报名" in Notification.objects.get(recipient=lawyer.account).body


# --- attendance into training records -----------------------------------------------------------


def test_closing_turns_attendance_into_training_records(staff):
    activity = make_activity(hours=Decimal("4"))
    present, partial, on_leave, absent = (LawyerFactory() for _ in range(4))
    MemberUserFactory(lawyer=absent)
    with time_machine.travel(NOW, tick=False):
        seats = {who: sign(fresh(activity), who) for who in (present, partial, on_leave, absent)}
    with time_machine.travel(CLOSES, tick=False):
        services.request_leave(seats[on_leave], None, "工作冲突")
    with time_machine.travel(STARTS, tick=False):
        services.check_in(seats[present], staff)
        services.check_in(seats[partial], staff)
    with time_machine.travel(STARTS + datetime.timedelta(hours=1, minutes=10), tick=False):
        services.check_out(seats[partial], staff)
    with time_machine.travel(STARTS + datetime.timedelta(hours=5), tick=False):
        result = services.close_activity(fresh(activity), staff)
        with pytest.raises(WorkflowError, match="该活动已结束"):
            services.close_activity(fresh(activity), staff)
    assert result == {"present": 1, "partial": 1, "leave": 1, "absent": 1, "records": 2}
    records = {r.lawyer: r for r in TrainingRecord.objects.all()}
    assert records[present].hours == Decimal("4") and records[present].source == TrainingSource.ACTIVITY
    assert records[partial].hours == Decimal("1")  # 70 of 240 minutes: 1.17 → 1.0
    assert on_leave not in records and absent not in records
    states = {s.attendee: s.attendance for s in SignUp.objects.all()}
    assert states[absent] == Attendance.ABSENT and states[on_leave] == Attendance.LEAVE
    assert "无故缺席的" in Notification.objects.get(recipient=absent.account).body


def test_check_in_needs_a_taken_seat_and_an_open_activity(staff):
    activity = make_activity(capacity=1)
    with time_machine.travel(NOW, tick=False):
        seat = sign(activity, LawyerFactory())
        waiting = sign(fresh(activity), LawyerFactory(), wait=True)
    with pytest.raises(WorkflowError, match="候补中"):
        services.check_in(waiting, staff)
    with pytest.raises(WorkflowError, match="尚未签到"):
        services.check_out(seat, staff)
    with pytest.raises(WorkflowError, match="没有权限"):
        services.check_in(seat, MemberUserFactory(lawyer=LawyerFactory()))
    assert services.find_by_code(activity, f"http://x/admin/activities/1/check-in/?code={seat.code.lower()}") == seat
    with pytest.raises(WorkflowError, match="签到码无效"):
        services.find_by_code(activity, "NOPE")


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_before_the_cancel_deadline_and_the_day_before(activity):
    lawyer = LawyerFactory()
    MemberUserFactory(lawyer=lawyer)
    with time_machine.travel(NOW, tick=False):
        sign(activity, lawyer)
        assert services.send_reminders() == {"cancel": 0, "start": 0}
    with time_machine.travel(CLOSES - datetime.timedelta(hours=30), tick=False):
        assert services.send_reminders() == {"cancel": 1, "start": 0}
        assert services.send_reminders() == {"cancel": 0, "start": 0}
    with time_machine.travel(STARTS - datetime.timedelta(hours=20), tick=False):
        assert services.send_reminders() == {"cancel": 0, "start": 1}
    titles = sorted(Notification.objects.values_list("title", flat=True))
    assert titles == ["取消报名截止提醒", "活动提醒"]


# --- the page's own rules -----------------------------------------------------------------------


def test_an_activity_page_checks_its_times_and_capacity():
    activity = make_activity()
    activity.signup_closes = OPENS
    activity.starts_at = OPENS
    activity.capacity = 0
    with pytest.raises(ValidationError) as raised:
        activity.full_clean()
    errors = raised.value.message_dict
    assert errors["signup_closes"] == ["报名截止时间须晚于报名开始时间。"]
    assert errors["starts_at"] == ["活动开始时间须晚于报名截止时间。"]
    assert errors["capacity"] == ["报名人数限制至少为 1 人。"]


def test_the_training_year_adds_up_on_site_and_online_against_the_requirement():
    lawyer = LawyerFactory()
    for kind, hours in (("on_site", "4"), ("online", "2.5"), ("online", "3")):
        TrainingRecord.objects.create(
            lawyer=lawyer, course="课", date=datetime.date(2026, 3, 1), training_type=kind, hours=Decimal(hours)
        )
    TrainingRecord.objects.create(
        lawyer=lawyer, course="旧", date=datetime.date(2025, 3, 1), training_type="online", hours=5
    )
    year = services.training_year(lawyer, 2026)
    assert (year.on_site, year.online, year.total, year.required) == (4, Decimal("5.5"), Decimal("9.5"), 40)
    assert year.percent == 23 and year.missing == Decimal("30.5")
