"""Never oversold (issue 11): 500 sign-ups from distinct lawyers at once at a 100-seat activity
get exactly 100 seats and 400 clear refusals; the waiting list fills the same way; two sign-ups by
one member at once get one. PostgreSQL only: on SQLite `select_for_update` does nothing (SQLite
lets one transaction write at a time and refuses a second writer with stale reads, which the
service turns into 报名人数较多，请稍后重试。).

The 500 run through a pool of WORKERS threads, each with its own connection (the server allows
100), all started together and hitting the activity's lock at once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from activities import services
from activities.models import SignUp, SignUpState
from portal.workflow import WorkflowError
from tests.activities.helpers import NOW, entry, fresh, make_activity
from tests.certificates.test_services import leave_migration_data, postgres_only  # noqa: F401
from tests.factories import FirmFactory, LawyerFactory

WORKERS = 40


def fire(count, work):
    """work(i) for i in range(count) from WORKERS threads released together; (results, refusals, errors, latencies)."""
    start = threading.Event()
    results, refusals, errors, latencies = [], [], [], []

    def run(i):
        start.wait(timeout=30)
        began = time.perf_counter()
        try:
            results.append(work(i))
        except WorkflowError as refusal:
            refusals.append(str(refusal))
        except Exception as error:  # reported by the assertions
            errors.append(error)
        finally:
            latencies.append(time.perf_counter() - began)
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, i) for i in range(count)]
        start.set()
        for future in futures:
            future.result(timeout=120)
    return results, refusals, errors, latencies


@pytest.fixture
def frozen():
    import time_machine

    with time_machine.travel(NOW, tick=True):
        yield


@pytest.mark.postgres
@postgres_only
@pytest.mark.usefixtures("leave_migration_data")  # before transactional_db: its teardown runs after the flush
def test_500_concurrent_sign_ups_at_100_seats_take_exactly_100(
    transactional_db,
    django_db_serialized_rollback,
    frozen,
):
    activity = make_activity(capacity=100)
    firm = FirmFactory()
    lawyers = LawyerFactory.create_batch(500, firm=firm)

    results, refusals, errors, _ = fire(
        500, lambda i: services.sign_up(fresh(activity), lawyers[i], [entry(lawyers[i])])
    )

    assert not errors, errors[:3]
    assert len(results) == 100 and len(refusals) == 400
    assert set(refusals) == {"本次活动名额已满，可加入候补名单，有人取消报名时按顺序递补。"}
    assert SignUp.objects.filter(activity=activity, state=SignUpState.SIGNED_UP).count() == 100
    assert fresh(activity).ledger.taken == 100


@pytest.mark.postgres
@postgres_only
@pytest.mark.usefixtures("leave_migration_data")  # before transactional_db: its teardown runs after the flush
def test_beyond_the_seats_concurrent_sign_ups_join_the_waiting_list_in_order(
    transactional_db,
    django_db_serialized_rollback,
    frozen,
):
    activity = make_activity(capacity=20)
    firm = FirmFactory()
    lawyers = LawyerFactory.create_batch(60, firm=firm)

    results, _, errors, _ = fire(
        60, lambda i: services.sign_up(fresh(activity), lawyers[i], [entry(lawyers[i])], wait=True)
    )

    assert not errors, errors[:3]
    states = [signup.state for [signup] in results]
    assert states.count(SignUpState.SIGNED_UP) == 20 and states.count(SignUpState.WAITING) == 40
    assert fresh(activity).ledger.taken == 20


@pytest.mark.postgres
@postgres_only
@pytest.mark.usefixtures("leave_migration_data")  # before transactional_db: its teardown runs after the flush
def test_two_concurrent_sign_ups_by_one_member_get_one(
    transactional_db,
    django_db_serialized_rollback,
    frozen,
):
    activity = make_activity(capacity=100)
    lawyer = LawyerFactory()

    results, refusals, errors, _ = fire(2, lambda i: services.sign_up(fresh(activity), lawyer, [entry(lawyer)]))

    assert not errors, errors
    assert len(results) == 1 and refusals == ["您已经报名此活动"]
    assert SignUp.objects.filter(activity=activity).count() == 1
    assert fresh(activity).ledger.taken == 1
