"""The card application's and the card's state machines, move by move. The expected tables are
written out here, not read back from the declarations."""

import pytest
from auditlog.models import LogEntry

from member_center import roles
from member_center.cards import services
from member_center.cards.models import ApplicationState, CardStatus
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.cards.helpers import in_state, with_card
from tests.factories import MemberUserFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = ApplicationState

MOVES = {
    ("accept", S.PENDING): S.ACCEPTED,
    ("reject", S.PENDING): S.REJECTED,
    ("reject", S.ACCEPTED): S.REJECTED,
    ("print", S.ACCEPTED): S.PRINTED,
    ("make", S.PRINTED): S.MAKING,
    ("made", S.MAKING): S.MADE,
    ("check", S.MADE): S.CHECKED,
    ("collect", S.CHECKED): S.COLLECTED,
    ("revoke", S.PENDING): S.REVOKED,
    ("revoke", S.REJECTED): S.REVOKED,
}
LABELS = {
    "accept": "受理", "reject": "驳回", "print": "印制", "make": "制卡", "made": "制卡完成", "check": "验卡",
    "collect": "领取", "revoke": "撤消",
}  # fmt: skip
ALL = [(move, state) for move in LABELS for state in S.values]


@pytest.fixture
def staff(db):
    return StaffUserFactory(roles=[roles.MEMBER_MANAGERS])


def take(move, application, staff):
    if move == "revoke":
        account = MemberUserFactory(lawyer=application.lawyer)
        services.revoke(application, account)
        return account
    run = {
        "accept": lambda: services.accept(application, staff),
        "reject": lambda: services.reject(application, staff, "照片不符合证件照要求"),
        "print": lambda: services.APPLICATION.move(application, "print", staff),
        "make": lambda: services.make(application, staff),
        "made": lambda: services.made(application, staff, "一楼大厅", "周一至周五"),
        "check": lambda: services.check(application, staff),
        "collect": lambda: services.collect(application, staff),
    }
    run[move]()
    return staff


def entries(obj, code):
    return [e for e in LogEntry.objects.get_for_object(obj).order_by("pk") if e.additional_data.get("event") == code]


def test_the_application_declares_exactly_these_moves():
    assert {name: t.label for name, t in services.APPLICATION.transitions.items()} == LABELS


def test_the_eight_states_in_the_manuals_order():
    assert [label for _, label in S.choices][:8] == [
        "待审核",
        "已受理",
        "已印制",
        "制卡中",
        "已制卡",
        "已验卡",
        "已领取",
        "已驳回",
    ]


@pytest.mark.parametrize(("move", "state"), [key for key in ALL if key in MOVES])
def test_an_allowed_move(move, state, staff):
    application = in_state(state)
    actor = take(move, application, staff)
    application.refresh_from_db()
    assert application.state == MOVES[(move, state)]
    new = entries(application, f"cards.application.{move}")
    assert len(new) == 1
    assert new[0].actor == actor
    assert new[0].changes_dict["state"] == [S(state).label, S(application.state).label]


@pytest.mark.parametrize(("move", "state"), [key for key in ALL if key not in MOVES])
def test_a_refused_move(move, state, staff):
    application = in_state(state)
    with pytest.raises(TransitionNotAllowed) as error:
        take(move, application, staff)
    assert f"当前状态为“{S(state).label}”" in str(error.value)
    application.refresh_from_db()
    assert application.state == state


def test_a_member_may_not_take_staffs_moves():
    application = in_state(S.PENDING)
    with pytest.raises(NotPermitted):
        services.accept(application, MemberUserFactory(lawyer=application.lawyer))


def test_another_member_may_not_revoke():
    application = in_state(S.PENDING)
    with pytest.raises(NotPermitted):
        services.revoke(application, MemberUserFactory())


def test_staff_without_the_role_may_not_accept():
    with pytest.raises(NotPermitted):
        services.accept(in_state(S.PENDING), StaffUserFactory())


CARD_MOVES = {
    ("report_lost", CardStatus.ACTIVE): CardStatus.LOST,
    ("activate", CardStatus.LOST): CardStatus.ACTIVE,
}


@pytest.mark.parametrize("move", ["report_lost", "activate"])
@pytest.mark.parametrize("status", CardStatus.values)
def test_a_card_move(move, status):
    card = with_card()
    account = MemberUserFactory(lawyer=card.lawyer)
    if status == CardStatus.LOST:
        services.report_lost(card, account)
    elif status == CardStatus.INVALID:
        services.CARD.move(card, "invalidate", None)
    card.refresh_from_db()
    run = services.report_lost if move == "report_lost" else services.activate
    if (move, status) in CARD_MOVES:
        run(card, account)
        card.refresh_from_db()
        assert card.status == CARD_MOVES[(move, status)]
        assert len(entries(card, f"cards.card.{move}")) == 1
    else:
        with pytest.raises(TransitionNotAllowed):
            run(card, account)
