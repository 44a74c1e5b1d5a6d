"""The certificates' three state machines, move by move: the application (APPLICATION), its paper
copy (PAPER) and 新增律师 requests (ADDITION). The expected tables are written out here, not read
back from the declarations, so a wrong declaration fails."""

import pytest
from auditlog.models import LogEntry

from certificates import services
from certificates.models import (
    AdditionState,
    ApplicationState,
    CertificateApplication,
    LawyerAdditionRequest,
    LawyerScope,
    PaperStatus,
)
from member_center import roles
from member_center.models import Gender, PracticeType
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.factories import FirmFactory, MemberUserFactory, StaffUserFactory

from .helpers import CertificateTypeFactory, submitted

pytestmark = pytest.mark.django_db

S = ApplicationState
P = PaperStatus
A = AdditionState

# --- the application ---------------------------------------------------------------------------------

APPLICATION_MOVES = {
    # (move, from): to
    ("withdraw", S.PENDING): S.WITHDRAWN,
    ("approve", S.PENDING): S.PASSED,
    ("system_approve", S.PENDING): S.PASSED,
    ("reject", S.PENDING): S.REJECTED,
    ("revoke", S.PASSED): S.REVOKED,
}
APPLICATION_LABELS = {
    "withdraw": "撤回申请",
    "approve": "审核通过",
    "system_approve": "系统审核通过",
    "reject": "驳回",
    "revoke": "撤销证明",
}
APPLICATION_ALL = [(move, state) for move in APPLICATION_LABELS for state in S.values]


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


def application_in(state, firm=None) -> CertificateApplication:
    firm = firm or FirmFactory()
    application = submitted(firm, CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, manual=True))
    CertificateApplication.objects.filter(pk=application.pk).update(state=state)
    return CertificateApplication.objects.get(pk=application.pk)


def take(move: str, application, staff):
    """The move through the service a person (or the system) would use."""
    if move == "withdraw":
        account = MemberUserFactory(firm=application.applicant_firm)
        return services.withdraw(application, by=account), account
    if move == "system_approve":
        return services.APPLICATION.move(application, "system_approve", by=None), None
    if move in ("reject", "revoke"):
        return getattr(services, move)(application, by=staff, reason="材料不符"), staff
    return services.approve(application, by=staff), staff


def entries(obj, prefix="certificates."):
    """The audit entries of the workflow's moves and events (not auditlog's own field diffs)."""
    return [
        entry
        for entry in LogEntry.objects.get_for_object(obj).order_by("pk")
        if (entry.additional_data or {}).get("event", "").startswith(prefix)
    ]


def test_the_application_declares_exactly_these_moves():
    assert {name: t.label for name, t in services.APPLICATION.transitions.items()} == APPLICATION_LABELS


@pytest.mark.parametrize(("move", "state"), [key for key in APPLICATION_ALL if key in APPLICATION_MOVES])
def test_an_allowed_application_move(move, state, staff):
    application = application_in(state)
    before = len(entries(application))
    moved, actor = take(move, application, staff)
    application.refresh_from_db()
    assert application.state == APPLICATION_MOVES[(move, state)] == moved.state
    new = [e for e in entries(application)[before:] if e.additional_data["event"] != "certificates.application.render"]
    assert len(new) == 1
    assert new[0].additional_data["event"] == f"certificates.application.{move}"
    assert new[0].additional_data["事件"] == APPLICATION_LABELS[move]
    assert new[0].actor == actor
    assert new[0].changes_dict["state"] == [S(state).label, S(application.state).label]


@pytest.mark.parametrize(("move", "state"), [key for key in APPLICATION_ALL if key not in APPLICATION_MOVES])
def test_a_refused_application_move(move, state, staff):
    application = application_in(state)
    before = len(entries(application))
    with pytest.raises(TransitionNotAllowed, match=f"当前状态为“{S(state).label}”，不能{APPLICATION_LABELS[move]}。"):
        take(move, application, staff)
    assert CertificateApplication.objects.get(pk=application.pk).state == state
    assert len(entries(application)) == before


def test_the_refused_application_moves_are_all_the_others():
    assert len(APPLICATION_ALL) == 25
    assert len([key for key in APPLICATION_ALL if key not in APPLICATION_MOVES]) == 20


def test_only_the_applicant_may_withdraw(staff):
    application = application_in(S.PENDING)
    other_firm = MemberUserFactory(firm=FirmFactory())
    with pytest.raises(NotPermitted):
        services.withdraw(application, by=other_firm)
    with pytest.raises(NotPermitted):
        services.withdraw(application, by=staff)  # staff do not withdraw for the member
    assert CertificateApplication.objects.get(pk=application.pk).state == S.PENDING


def test_reviewing_needs_the_review_permission():
    application = application_in(S.PENDING)
    editor = StaffUserFactory(roles=[roles.CONTENT_EDITORS])
    member = MemberUserFactory(firm=application.applicant_firm)
    for person in (editor, member):
        with pytest.raises(NotPermitted, match="您没有权限审核通过"):
            services.approve(application, by=person)
    reviewer = StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS])
    assert services.approve(application, by=reviewer).state == S.PASSED


def test_no_person_may_take_the_system_approval(staff):
    with pytest.raises(NotPermitted):
        services.APPLICATION.move(application_in(S.PENDING), "system_approve", by=staff)


def test_events_are_queryable_by_their_code(staff):
    first, second = application_in(S.PENDING), application_in(S.PENDING)
    services.approve(first, by=staff)
    services.reject(second, by=staff, reason="材料不符")
    approvals = LogEntry.objects.filter(additional_data__event="certificates.application.approve")
    assert [entry.object_pk for entry in approvals] == [str(first.pk)]


# --- the paper copy ------------------------------------------------------------------------------------

PAPER_MOVES = {("pick_up", P.AWAITING_PICKUP): P.PICKED_UP, ("post", P.AWAITING_POST): P.POSTED}
PAPER_LABELS = {"pick_up": "纸质证明已领取", "post": "纸质证明已邮寄"}
PAPER_REFUSALS = {"pick_up": "不能标记已领取", "post": "不能标记已邮寄"}
PAPER_ALL = [(move, status) for move in PAPER_LABELS for status in P.values]


def issued_with_paper(status) -> CertificateApplication:
    application = application_in(S.PASSED)
    CertificateApplication.objects.filter(pk=application.pk).update(paper_needed=True, paper_status=status)
    return CertificateApplication.objects.get(pk=application.pk)


def test_the_paper_copy_declares_exactly_these_moves():
    assert {name: t.label for name, t in services.PAPER.transitions.items()} == PAPER_LABELS


@pytest.mark.parametrize(("move", "status"), [key for key in PAPER_ALL if key in PAPER_MOVES])
def test_an_allowed_paper_move(move, status, staff):
    application = services.PAPER.move(issued_with_paper(status), move, by=staff, tracking_number="SF1")
    assert application.paper_status == PAPER_MOVES[(move, status)]
    entry = entries(application, "certificates.paper.")[-1]
    assert entry.additional_data["event"] == f"certificates.paper.{move}"
    assert entry.changes_dict["paper_status"] == [P(status).label, P(application.paper_status).label]


@pytest.mark.parametrize(("move", "status"), [key for key in PAPER_ALL if key not in PAPER_MOVES])
def test_a_refused_paper_move(move, status, staff):
    application = issued_with_paper(status)
    with pytest.raises(TransitionNotAllowed, match=f"纸质证明当前为“{P(status).label}”，{PAPER_REFUSALS[move]}。"):
        services.PAPER.move(application, move, by=staff, tracking_number="SF1")
    assert CertificateApplication.objects.get(pk=application.pk).paper_status == status


@pytest.mark.parametrize("state", [S.PENDING, S.REJECTED, S.WITHDRAWN, S.REVOKED])
def test_paper_moves_only_for_an_issued_certificate(state, staff):
    application = issued_with_paper(P.AWAITING_PICKUP)
    CertificateApplication.objects.filter(pk=application.pk).update(state=state)
    with pytest.raises(TransitionNotAllowed, match="不再处理纸质证明"):
        services.advance_paper(application, by=staff)


def test_paper_moves_need_the_review_permission():
    application = issued_with_paper(P.AWAITING_PICKUP)
    with pytest.raises(NotPermitted):
        services.advance_paper(application, by=StaffUserFactory(roles=[roles.CONTENT_EDITORS]))


# --- 新增律师 --------------------------------------------------------------------------------------------

ADDITION_MOVES = {("confirm", A.PENDING): A.CONFIRMED, ("reject", A.PENDING): A.REJECTED}
ADDITION_LABELS = {"confirm": "确认新增律师", "reject": "驳回新增律师"}
ADDITION_REFUSALS = {"confirm": "不能再确认", "reject": "不能再驳回"}
ADDITION_ALL = [(move, state) for move in ADDITION_LABELS for state in A.values]


def addition_in(state) -> LawyerAdditionRequest:
    addition = LawyerAdditionRequest.objects.create(
        firm=FirmFactory(),
        name="孙新来",
        gender=Gender.FEMALE,
        licence_no="14401202399999999",
        id_number="440104199001011238",
        practice_type=PracticeType.FULL_TIME,
        state=state,
    )
    return addition


def decide(move, addition, staff):
    if move == "confirm":
        services.confirm_lawyer_addition(addition, by=staff)
    else:
        services.reject_lawyer_addition(addition, by=staff, note="名册无此人")


def test_additions_declare_exactly_these_moves():
    assert {name: t.label for name, t in services.ADDITION.transitions.items()} == ADDITION_LABELS


@pytest.mark.parametrize(("move", "state"), [key for key in ADDITION_ALL if key in ADDITION_MOVES])
def test_an_allowed_addition_move(move, state, staff):
    addition = addition_in(state)
    decide(move, addition, staff)
    addition.refresh_from_db()
    assert addition.state == ADDITION_MOVES[(move, state)]
    assert addition.decided_by == staff
    entry = entries(addition)[-1]
    assert entry.additional_data["event"] == f"certificates.addition.{move}"
    assert entry.changes_dict["state"] == [A(state).label, A(addition.state).label]


@pytest.mark.parametrize(("move", "state"), [key for key in ADDITION_ALL if key not in ADDITION_MOVES])
def test_a_refused_addition_move(move, state, staff):
    addition = addition_in(state)
    with pytest.raises(TransitionNotAllowed, match=f"该申请{A(state).label}，{ADDITION_REFUSALS[move]}。"):
        decide(move, addition, staff)
    assert LawyerAdditionRequest.objects.get(pk=addition.pk).state == state


def test_deciding_an_addition_needs_its_permission():
    addition = addition_in(A.PENDING)
    member = MemberUserFactory(firm=addition.firm)
    with pytest.raises(NotPermitted):
        services.confirm_lawyer_addition(addition, by=member)
    assert LawyerAdditionRequest.objects.get(pk=addition.pk).state == A.PENDING
