"""Enqueueing django-q2 jobs. Jobs take ids, never model instances, and are only enqueued
once the surrounding transaction has committed, so a worker never sees a row that is not
there yet (or that was rolled back)."""

from django.db import transaction
from django_q.tasks import async_task


def enqueue_on_commit(func_path: str, *args, **kwargs) -> None:
    transaction.on_commit(lambda: async_task(func_path, *args, **kwargs))
