"""SQLite, the embedded default, under concurrent writers: transactions begin IMMEDIATE with a
busy timeout, so simultaneous certificate submissions all succeed with distinct numbers instead
of failing with "database is locked" (select_for_update does nothing on SQLite)."""

import json
import os
import subprocess
import sys

from django.conf import settings

from portal.settings.base import sqlite_for_concurrent_writers

COUNT = 12


def test_sqlite_transactions_begin_immediate_with_a_busy_timeout():
    options = sqlite_for_concurrent_writers({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def test_postgresql_is_left_alone():
    assert "OPTIONS" not in sqlite_for_concurrent_writers({"ENGINE": "django.db.backends.postgresql", "NAME": "x"})


def test_concurrent_submissions_on_a_sqlite_file_all_succeed_with_distinct_numbers(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "tests/portal/sqlite_writers.py", str(COUNT)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])

    assert summary["options"]["transaction_mode"] == "IMMEDIATE"
    assert summary["errors"] == []
    assert summary["stored"] == COUNT
    assert len(set(summary["numbers"])) == COUNT
    suffixes = sorted(int(number[-4:]) for number in summary["numbers"])
    assert suffixes == list(range(1, COUNT + 1))
