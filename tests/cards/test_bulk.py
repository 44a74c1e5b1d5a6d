"""Staff's bulk moves of the 会员卡 pipeline (会员卡申请's 批量受理 / 制卡 / 制卡完成 / 验卡 / 领取):
the expected table written out, every state tried against every bulk move; the rows the move
refuses are named and stay as they were, the others move, each audited and its member told
(消息 now, the e-mail through the job queue after the commit)."""

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.urls import reverse

from member_center import roles
from member_center.cards.models import ApplicationState, CardStatus
from portal.notifications.models import Notification
from tests.cards.helpers import in_state
from tests.factories import LawyerFactory, MemberUserFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

S = ApplicationState
LIST_URL = reverse("wagtailsnippets_cards_cardapplication:list")
PICKUP = {"pickup_place": "协会一楼服务大厅", "pickup_time": "6月1日至6月30日 工作日 9:00–17:00"}

# bulk action → (the transition, the one state it moves from, where it goes)
BULK = {
    "card_accept": ("accept", S.PENDING, S.ACCEPTED),
    "card_make": ("make", S.PRINTED, S.MAKING),
    "card_made": ("made", S.MAKING, S.MADE),
    "card_check": ("check", S.MADE, S.CHECKED),
    "card_collect": ("collect", S.CHECKED, S.COLLECTED),
}
EVERY_STATE = [S.PENDING, S.ACCEPTED, S.PRINTED, S.MAKING, S.MADE, S.CHECKED, S.COLLECTED, S.REJECTED, S.REVOKED]


def bulk_url(action):
    return reverse("wagtail_bulk_action", args=["cards", "cardapplication", action])


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def staff(db):
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))
    return client


def one_in_each_state():
    """An application in each state, each of a lawyer with an account and an e-mail address."""
    applications = {}
    for state in EVERY_STATE:
        lawyer = LawyerFactory()
        MemberUserFactory(lawyer=lawyer, email=f"{lawyer.licence_no}@example.com")
        applications[state] = in_state(state, lawyer)
    return applications


def counts(application):
    return (
        Notification.objects.filter(recipient__lawyer=application.lawyer).count(),
        LogEntry.objects.get_for_object(application).count(),
    )


@pytest.mark.parametrize("action", BULK)
def test_a_bulk_move_moves_its_state_and_names_the_rest(action, staff, django_capture_on_commit_callbacks):
    move, source, target = BULK[action]
    applications = one_in_each_state()
    before = {state: counts(a) for state, a in applications.items()}
    query = "?" + "&".join(f"id={a.pk}" for a in applications.values()) + f"&next={LIST_URL}"

    page = text_of(staff.get(bulk_url(action) + query))
    assert f"将以下 1 份会员卡申请转为“{target.label}”" in page
    assert f"以下 {len(EVERY_STATE) - 1} 份申请的状态不符，将跳过" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff.post(bulk_url(action) + query, PICKUP if move == "made" else {})
    assert response.status_code == 302
    assert mail.outbox == []  # nothing mailed inside the request: the e-mail is a queued job
    for callback in callbacks:
        callback()

    moved = applications[source]
    moved.refresh_from_db()
    assert moved.state == target
    entry = LogEntry.objects.get_for_object(moved).order_by("-pk").first()
    assert entry.additional_data["event"] == f"cards.application.{move}"
    assert entry.changes_dict["state"] == [source.label, target.label]
    told = Notification.objects.filter(recipient__lawyer=moved.lawyer).order_by("-pk").first()
    assert told.event == f"cards.application.{move}" and told.created_at >= entry.timestamp.replace(microsecond=0)
    assert counts(moved) == (before[source][0] + 1, before[source][1] + 1)
    assert [m.to for m in mail.outbox] == [[moved.lawyer.account.email]]
    if move == "made":
        assert PICKUP["pickup_place"] in told.body and PICKUP["pickup_time"] in told.body
        assert PICKUP["pickup_place"] in mail.outbox[0].body
        assert (moved.pickup_place, moved.pickup_time) == (PICKUP["pickup_place"], PICKUP["pickup_time"])
    if move == "collect":
        assert moved.card.status == CardStatus.ACTIVE

    for state, application in applications.items():  # the refused: as they were, nobody told
        if state == source:
            continue
        application.refresh_from_db()
        assert application.state == state
        assert counts(application) == before[state]

    listing = text_of(staff.get(LIST_URL))
    assert f"已将 1 份会员卡申请转为“{target.label}”" in listing
    assert f"跳过 {len(EVERY_STATE) - 1} 份不是“{source.label}”的申请" in listing
    assert applications[S.PENDING if source != S.PENDING else S.ACCEPTED].number in listing


def test_a_batch_made_at_once_tells_each_member_where_and_when(staff):
    batch = [in_state(S.MAKING) for _ in range(3)]
    query = "?" + "&".join(f"id={a.pk}" for a in batch) + f"&next={LIST_URL}"
    staff.post(bulk_url("card_made") + query, PICKUP)
    for application in batch:
        application.refresh_from_db()
        assert application.state == S.MADE and application.pickup_place == PICKUP["pickup_place"]
        notice = Notification.objects.filter(recipient__lawyer=application.lawyer).order_by("-pk").first()
        assert notice is None or PICKUP["pickup_time"] in notice.body  # no account: nobody to tell


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"pickup_place": "", "pickup_time": "工作日"}, "pickup_place", "请填写领取地点。"),
        ({"pickup_place": "一楼大厅", "pickup_time": "  "}, "pickup_time", "请填写领取时间。"),
    ],
)
def test_made_in_bulk_needs_where_and_when_beside_the_field(staff, data, field, message):
    batch = [in_state(S.MAKING) for _ in range(2)]
    query = "?" + "&".join(f"id={a.pk}" for a in batch) + f"&next={LIST_URL}"
    response = staff.post(bulk_url("card_made") + query, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    wrapper = soup.find(id=f"id_{field}").find_parent(class_="w-field__wrapper")
    assert message in wrapper.get_text()
    for application in batch:
        application.refresh_from_db()
        assert application.state == S.MAKING  # nothing moved


def test_select_all_takes_the_filtered_batch(staff):
    from member_center.cards import services

    manager = StaffUserFactory(superuser=True)
    accepted = [in_state(S.ACCEPTED) for _ in range(3)]
    batch = services.export_batch([accepted[0].pk, accepted[1].pk], manager)
    services.export_batch([accepted[2].pk], manager)
    for application in accepted:
        services.make(application, manager)
    staff.post(bulk_url("card_made") + f"?id=all&batch={batch.pk}&next={LIST_URL}", PICKUP)
    states = []
    for application in accepted:
        application.refresh_from_db()
        states.append(application.state)
    assert states == [S.MADE, S.MADE, S.MAKING]  # only the filtered batch


def test_the_batch_listing_leads_to_its_applications(staff):
    from member_center.cards import services
    from member_center.cards.models import CardBatch

    application = in_state(S.PRINTED)
    batch = CardBatch.objects.get()
    other = in_state(S.PRINTED)
    listing = staff.get(reverse("wagtailsnippets_cards_cardbatch:list"))
    assert f"?batch={batch.pk}" in listing.content.decode()
    page = text_of(staff.get(LIST_URL, {"batch": batch.pk}))
    assert application.number in page and other.number not in page
    assert services.APPLICATION.can(application, "make")


def test_staff_without_the_role_may_not_move_in_bulk():
    client = Client()
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    application = in_state(S.MAKING)
    response = client.post(bulk_url("card_made") + f"?id={application.pk}&next={LIST_URL}", PICKUP)
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == S.MAKING
