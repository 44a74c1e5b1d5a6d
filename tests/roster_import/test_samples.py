"""The sample files of docs/samples against the demo roster read as the README walks through them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from member_center.demo import create_roster
from member_center.roster_import.models import ImportKind

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def sample(name):
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def counts(run):
    return {outcome: count for outcome, count in run.counts.items() if count}


def test_the_lawyers_sample(dry_run, confirm):
    create_roster()

    run = dry_run(ImportKind.LAWYERS, sample("lawyers.csv"))
    assert counts(run) == {"new": 2, "changed": 2, "cancelled": 1, "invalid": 5}

    confirm(run)
    assert counts(dry_run(ImportKind.LAWYERS, sample("lawyers.csv"))) == {"unchanged": 5, "invalid": 5}


def test_the_firms_sample(dry_run):
    create_roster()

    run = dry_run(ImportKind.FIRMS, sample("firms.csv"))

    assert counts(run) == {"new": 1, "changed": 2, "unchanged": 1, "invalid": 1}
    [invalid] = run.rows.filter(outcome="invalid")
    assert invalid.reasons == [
        "统一社会信用代码格式错误（“123”，应为 18 位）",
        "律所批准日期日期格式错误（“2026/5/40”，应写成 2026-03-15）",
    ]


def test_the_discipline_sample(dry_run):
    create_roster()

    run = dry_run(ImportKind.DISCIPLINE, sample("discipline.csv"))

    assert counts(run) == {"new": 2, "invalid": 2}
