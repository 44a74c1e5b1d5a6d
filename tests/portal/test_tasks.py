"""portal.tasks.enqueue_on_commit: a job starts only once its transaction has committed."""

import pytest
from django.core import mail
from django.db import transaction

from portal import tasks

JOB = "member_center.tasks.send_account_mail"


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "async_task", lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


@pytest.mark.django_db
def test_nothing_is_enqueued_before_the_commit(enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        tasks.enqueue_on_commit(JOB, "wang.fang@example.cn", "主题", body="正文")

        assert enqueued == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert enqueued == [((JOB, "wang.fang@example.cn", "主题"), {"body": "正文"})]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_job_runs_after_the_commit():
    with transaction.atomic():
        tasks.enqueue_on_commit(JOB, "wang.fang@example.cn", "重置密码", "正文")
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "重置密码"
    assert mail.outbox[0].to == ["wang.fang@example.cn"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_enqueues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.enqueue_on_commit(JOB, "wang.fang@example.cn", "重置密码", "正文")
        raise RuntimeError("the surrounding change failed")

    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_job_runs_at_once():
    tasks.enqueue_on_commit(JOB, "wang.fang@example.cn", "重置密码", "正文")

    assert len(mail.outbox) == 1
