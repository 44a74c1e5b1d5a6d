"""The tests run jobs synchronously; this one runs the real worker. A `qcluster` killed in the
middle of a certificate's PDF leaves it without a file; the reconciliation queues the job again
and a restarted cluster finishes it: on the database broker and on Redis."""

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

REDIS = ("127.0.0.1", 6379)
SETTINGS_VARIABLES = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL", "EMAIL_URL"}


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


def crash_and_recover(tmp_path, **variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        Q_WORKERS="1",
        # Its own queue: another run's cluster on the same Redis must not take this run's job.
        Q_CLUSTER_NAME=f"crash-{uuid.uuid4().hex[:8]}",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "tests/portal/worker_crash.py"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_recovered(summary: dict) -> None:
    told = json.dumps(summary, ensure_ascii=False)  # whole: pytest would cut a dict short
    assert summary["queued"] == 1, told
    assert summary["killed_without_file"], told  # the kill landed before the file was written
    assert summary["requeued"] == 1, told
    assert summary["rendered"], told
    assert summary["issued"] == 1, told


def test_a_worker_killed_mid_pdf_on_the_database_broker_is_made_good(tmp_path):
    summary = crash_and_recover(tmp_path)
    assert summary["broker"] == "ORM"
    assert_recovered(summary)


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis at 127.0.0.1:6379")
def test_a_worker_killed_mid_pdf_on_redis_is_made_good(tmp_path):
    # Databases 12 (broker) and 13 (cache): apart from a developer's 0 and 1.
    summary = crash_and_recover(tmp_path, REDIS_URL="redis://127.0.0.1:6379/12")
    assert summary["broker"] == "Redis"
    assert_recovered(summary)
