"""The sign-up's state machine, move by move, inside the windows that allow each one. The expected
table is written out here, not read back from the declarations."""

import pytest
import time_machine
from auditlog.models import LogEntry

from activities import services
from activities.models import SignUp, SignUpState
from member_center import roles
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.activities.helpers import CLOSES, NOW, fresh, make_activity, sign
from tests.factories import LawyerFactory, MemberUserFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
S = SignUpState

MOVES = {
    ("cancel", S.SIGNED_UP): S.CANCELLED,
    ("cancel", S.WAITING): S.CANCELLED,
    ("leave", S.SIGNED_UP): S.ON_LEAVE,
    ("promote", S.WAITING): S.SIGNED_UP,
    ("staff_cancel", S.SIGNED_UP): S.CANCELLED,
    ("staff_cancel", S.WAITING): S.CANCELLED,
    ("staff_cancel", S.ON_LEAVE): S.CANCELLED,
    ("cancel_leave", S.ON_LEAVE): S.SIGNED_UP,
}
LABELS = {
    "cancel": "取消报名",
    "leave": "请假",
    "promote": "候补转为报名",
    "staff_cancel": "代为取消报名",
    "cancel_leave": "撤销请假",
}
ALL = [(move, state) for move in LABELS for state in S.values]
# When each move is tried: cancelling before its deadline, the rest once sign-up has closed.
WHEN = {"cancel": NOW, "leave": CLOSES, "promote": CLOSES, "staff_cancel": CLOSES, "cancel_leave": CLOSES}


def signup_in(state) -> SignUp:
    activity = make_activity(capacity=1)
    with time_machine.travel(NOW, tick=False):
        if state == S.WAITING:
            sign(activity, LawyerFactory())
            return sign(fresh(activity), LawyerFactory(), wait=True)
        signup = sign(activity, LawyerFactory())
    if state == S.ON_LEAVE:
        with time_machine.travel(CLOSES, tick=False):
            services.request_leave(signup, None, "工作冲突")
    elif state == S.CANCELLED:
        with time_machine.travel(NOW, tick=False):
            services.cancel(signup, None)
    signup.refresh_from_db()
    return signup


def take(move, signup, staff):
    owner = MemberUserFactory(lawyer=signup.lawyer)
    with time_machine.travel(WHEN[move], tick=False):
        if move == "cancel":
            services.cancel(signup, owner)
        elif move == "leave":
            services.request_leave(signup, owner, "工作冲突")
        elif move == "promote":
            services.SIGNUP.move(signup, "promote", None)
        elif move == "staff_cancel":
            services.staff_cancel(signup, staff, "核实后取消")
        else:
            services.cancel_leave(signup, staff)


@pytest.mark.parametrize(("move", "state"), ALL)
def test_every_move_from_every_state(move, state):
    staff = StaffUserFactory(roles=[roles.ACTIVITY_MANAGERS])
    signup = signup_in(state)
    expected = MOVES.get((move, state))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            take(move, signup, staff)
        assert SignUp.objects.get(pk=signup.pk).state == state
        return
    take(move, signup, staff)
    assert SignUp.objects.get(pk=signup.pk).state == expected
    entry = LogEntry.objects.get_for_object(signup).filter(additional_data__event=f"activities.signup.{move}").get()
    assert entry.additional_data["事件"] == LABELS[move]


def test_a_member_cannot_take_staffs_moves_nor_another_members():
    signup = signup_in(S.SIGNED_UP)
    stranger = MemberUserFactory(lawyer=LawyerFactory())
    with time_machine.travel(CLOSES, tick=False):
        with pytest.raises(NotPermitted):
            services.staff_cancel(signup, MemberUserFactory(lawyer=signup.lawyer), "不想去了")
        with pytest.raises(NotPermitted):
            services.request_leave(signup, stranger, "工作冲突")
    with time_machine.travel(NOW, tick=False), pytest.raises(NotPermitted):
        services.cancel(signup, stranger)
