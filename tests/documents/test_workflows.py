"""The 公文's state machine, move by move. The expected table is written out here, not read back
from the declarations."""

import pytest
from auditlog.models import LogEntry

from member_center import roles
from notices import services
from notices.models import DocumentState
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.documents.helpers import draft, to_members
from tests.factories import LawyerFactory, MemberUserFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = DocumentState

MOVES = {
    ("publish", S.DRAFT): S.PUBLISHED,
    ("correct", S.PUBLISHED): S.PUBLISHED,
}
LABELS = {"publish": "发布", "correct": "发布更正"}
ALL = [(move, state) for move in LABELS for state in S.values]


@pytest.fixture
def manager(db):
    return StaffUserFactory(roles=[roles.DOCUMENT_MANAGERS])


def document_in(state, manager):
    document = draft(circles=[to_members(LawyerFactory())])
    if state == S.PUBLISHED:
        document = services.publish(document, manager)
    return document


def take(move, document, by):
    if move == "publish":
        return services.publish(document, by)
    return services.correct(document, by, "更正")


@pytest.mark.parametrize(("move", "state"), [key for key in ALL if key in MOVES])
def test_an_allowed_move_lands_in_its_state_with_one_audit_entry(move, state, manager):
    document = document_in(state, manager)
    moved = take(move, document, manager)
    assert moved.state == MOVES[(move, state)]
    codes = [(e.additional_data or {}).get("event") for e in LogEntry.objects.get_for_object(document)]
    assert codes.count(f"notices.document.{move}") == 1


@pytest.mark.parametrize(("move", "state"), [key for key in ALL if key not in MOVES])
def test_a_move_from_another_state_is_refused(move, state, manager):
    document = document_in(state, manager)
    with pytest.raises(TransitionNotAllowed, match=f"当前状态为“{S(state).label}”，不能{LABELS[move]}。"):
        take(move, document, manager)


@pytest.mark.parametrize("move", LABELS)
def test_a_member_or_staff_without_the_role_may_not(move, manager):
    state = next(state for (m, state) in MOVES if m == move)
    document = document_in(state, manager)
    for user in (MemberUserFactory(), StaffUserFactory(roles=[roles.TECH_SUPPORT])):
        with pytest.raises(NotPermitted):
            take(move, document, user)


def test_the_labels_read_as_the_history_shows_them():
    from portal.workflow import event_label

    for move, label in LABELS.items():
        assert event_label({"event": f"notices.document.{move}"}) == label
