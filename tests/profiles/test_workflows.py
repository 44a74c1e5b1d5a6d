"""The profiles' two state machines, move by move: the profile (PROFILE) and a change after
approval (CHANGE). The expected tables are written out here, not read back from the declarations."""

import pytest
from auditlog.models import LogEntry

from member_center import roles
from member_center.profiles import services
from member_center.profiles.models import ChangeState, Profile, ProfileChange, ProfileState
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.factories import LawyerFactory, MemberUserFactory, StaffUserFactory, profile_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = ProfileState

PROFILE_MOVES = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("submit", S.REJECTED): S.SUBMITTED,
    ("withdraw", S.SUBMITTED): S.DRAFT,
    ("approve", S.SUBMITTED): S.APPROVED,
    ("reject", S.SUBMITTED): S.REJECTED,
}
PROFILE_LABELS = {"submit": "正式提交审核", "withdraw": "撤回信息补全申请", "approve": "审核通过", "reject": "驳回"}
PROFILE_ALL = [(move, state) for move in PROFILE_LABELS for state in S.values]
OWNER_MOVES = {"submit", "withdraw"}


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


def take(move, profile, staff):
    if move in OWNER_MOVES:
        account = MemberUserFactory(lawyer=profile.lawyer)
        return getattr(services, move)(profile, account), account
    if move == "reject":
        return services.reject(profile, staff, "请补充工作经历"), staff
    return services.approve(profile, staff), staff


def entries(obj, prefix):
    return [
        entry
        for entry in LogEntry.objects.get_for_object(obj).order_by("pk")
        if (entry.additional_data or {}).get("event", "").startswith(prefix)
    ]


def test_the_profile_declares_exactly_these_moves():
    assert {name: t.label for name, t in services.PROFILE.transitions.items()} == PROFILE_LABELS


@pytest.mark.parametrize(("move", "state"), [key for key in PROFILE_ALL if key in PROFILE_MOVES])
def test_an_allowed_profile_move(move, state, staff):
    profile = profile_in_state(state)
    moved, actor = take(move, profile, staff)
    assert moved.state == PROFILE_MOVES[(move, state)]
    assert Profile.objects.get(pk=profile.pk).state == moved.state
    [entry] = entries(profile, f"profiles.profile.{move}")
    assert entry.actor == actor
    assert entry.additional_data["事件"] == PROFILE_LABELS[move]
    assert entry.changes_dict["state"] == [S(state).label, S(moved.state).label]


@pytest.mark.parametrize(("move", "state"), [key for key in PROFILE_ALL if key not in PROFILE_MOVES])
def test_a_refused_profile_move(move, state, staff):
    profile = profile_in_state(state)
    with pytest.raises(TransitionNotAllowed, match=f"当前状态为“{S(state).label}”，不能{PROFILE_LABELS[move]}。"):
        take(move, profile, staff)
    assert Profile.objects.get(pk=profile.pk).state == state
    assert entries(profile, f"profiles.profile.{move}") == []


def test_the_refused_profile_moves_are_all_the_others():
    assert len(PROFILE_ALL) == 16
    assert len([key for key in PROFILE_ALL if key not in PROFILE_MOVES]) == 11


def test_only_the_lawyer_submits_and_withdraws_their_profile(staff):
    profile = profile_in_state(S.SUBMITTED)
    other = MemberUserFactory(lawyer=LawyerFactory())
    for person in (other, staff):
        with pytest.raises(NotPermitted, match="您没有权限撤回信息补全申请"):
            services.withdraw(profile, person)
    assert Profile.objects.get(pk=profile.pk).state == S.SUBMITTED


def test_reviewing_a_profile_needs_the_review_permission():
    profile = profile_in_state(S.SUBMITTED)
    for person in (StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS]), MemberUserFactory(lawyer=profile.lawyer)):
        with pytest.raises(NotPermitted):
            services.approve(profile, person)
    assert services.approve(profile, StaffUserFactory(roles=[roles.MEMBER_MANAGERS])).state == S.APPROVED


# --- a change after approval ----------------------------------------------------------------------

CHANGE_MOVES = {("process", ChangeState.PENDING): ChangeState.PROCESSED}
CHANGE_LABELS = {"process": "标记已处理"}


def change_in(state) -> ProfileChange:
    profile = profile_in_state(S.APPROVED)
    return ProfileChange.objects.create(
        profile=profile, subject="律师", action="修改", summary="手机号码:1->2", state=state
    )


def test_a_change_declares_exactly_these_moves():
    assert {name: t.label for name, t in services.CHANGE.transitions.items()} == CHANGE_LABELS


def test_a_pending_change_is_processed(staff):
    change = change_in(ChangeState.PENDING)
    assert services.mark_changes_processed([change.pk], staff) == 1
    change.refresh_from_db()
    assert change.state == CHANGE_MOVES[("process", ChangeState.PENDING)]
    assert change.processed_by == staff
    [entry] = entries(change, "profiles.change.process")
    assert entry.changes_dict["state"] == ["待处理", "已处理"]


def test_a_processed_change_is_refused(staff):
    change = change_in(ChangeState.PROCESSED)
    with pytest.raises(TransitionNotAllowed, match="当前状态为“已处理”，不能标记已处理。"):
        services.CHANGE.move(change, "process", staff)
    assert services.mark_changes_processed([change.pk], staff) == 0


def test_processing_a_change_needs_its_permission():
    change = change_in(ChangeState.PENDING)
    with pytest.raises(NotPermitted):
        services.CHANGE.move(change, "process", StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS]))
