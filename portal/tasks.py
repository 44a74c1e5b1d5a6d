"""Enqueueing django-q2 jobs. Jobs take ids, never model instances, and are only enqueued
once the surrounding transaction has committed, so a worker never sees a row that is not
there yet (or that was rolled back)."""

import datetime
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task, schedule
from redis.exceptions import RedisError

# A mail job that failed runs again a minute, then ten minutes later; then it is given up.
MAIL_RETRY_DELAYS = [datetime.timedelta(minutes=1), datetime.timedelta(minutes=10)]
MAIL_ATTEMPTS = 1 + len(MAIL_RETRY_DELAYS)

logger = logging.getLogger(__name__)


def enqueue(func_path: str, *args, **kwargs) -> None:
    """Queue a job now. A broker that is down loses nothing: the row the job works on says what
    is still to do, and `portal.reconcile` queues it again."""
    try:
        async_task(func_path, *args, **kwargs)
    except (RedisError, OSError, DatabaseError):
        logger.exception("could not queue %s%r; reconcile_jobs will queue it again", func_path, args)


def enqueue_on_commit(func_path: str, *args, **kwargs) -> None:
    transaction.on_commit(lambda: enqueue(func_path, *args, **kwargs))


def retry_later(func_path: str, object_id: int, attempt: int, name: str, *args) -> None:
    """Run the job `func_path(object_id)` again after its failed `attempt` (1-based, fewer than
    MAIL_ATTEMPTS), as a one-off django-q2 schedule named `<name>-<id>-retry-<attempt>`."""
    schedule(
        func_path,
        object_id,
        *args,
        schedule_type=Schedule.ONCE,
        next_run=timezone.now() + MAIL_RETRY_DELAYS[attempt - 1],
        name=f"{name}-{object_id}-retry-{attempt}",
    )
