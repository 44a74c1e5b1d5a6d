"""Importing 行业处分: a record is known by its lawyer (执业证号) or firm (执业许可证号), 处分种类 and
处分决定日期; only its 处分摘要 changes."""

import datetime

import pytest

from member_center.models import DisciplineKind, DisciplineRecord
from member_center.roster_import.models import ImportKind, Outcome
from tests.factories import DisciplineRecordFactory

from .conftest import outcomes

pytestmark = pytest.mark.django_db
DISCIPLINE = ImportKind.DISCIPLINE


def record_row(licence="", firm_licence="", **changes):
    row = {"执业证号": licence, "执业许可证号": firm_licence, "处分种类": "训诫", "处分决定日期": "2026-10-15",
           "处分摘要": "违反执业规范，予以训诫。"}  # fmt: skip
    row.update(changes)
    return row


def test_a_record_of_a_lawyer_is_new_and_created_on_confirm(dry_run, confirm, lawyer):
    run = confirm(dry_run(DISCIPLINE, [record_row(lawyer.licence_no)]))

    record = DisciplineRecord.objects.get(lawyer=lawyer)
    assert (record.kind, record.decided_on) == (DisciplineKind.ADMONITION, datetime.date(2026, 10, 15))
    assert run.counts["applied"] == 1


def test_a_record_of_a_firm_is_created_on_confirm(dry_run, confirm, firm):
    confirm(dry_run(DISCIPLINE, [record_row(firm_licence=firm.licence_no, 处分种类="通报批评")]))

    assert DisciplineRecord.objects.get(firm=firm).kind == DisciplineKind.CRITICISM


def test_a_known_record_with_a_new_summary_is_changed(dry_run, confirm, lawyer):
    record = DisciplineRecordFactory(
        lawyer=lawyer, kind=DisciplineKind.ADMONITION, decided_on=datetime.date(2026, 10, 15)
    )

    run = dry_run(DISCIPLINE, [record_row(lawyer.licence_no, 处分摘要="更正后的摘要。")])
    assert run.rows.get().diff == {"summary": [record.summary, "更正后的摘要。"]}

    confirm(run)
    record.refresh_from_db()
    assert record.summary == "更正后的摘要。"


def test_the_same_discipline_file_again_changes_nothing(dry_run, confirm, lawyer):
    confirm(dry_run(DISCIPLINE, [record_row(lawyer.licence_no)]))

    assert dry_run(DISCIPLINE, [record_row(lawyer.licence_no)]).counts["unchanged"] == 1
    assert DisciplineRecord.objects.filter(lawyer=lawyer).count() == 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (record_row("14401209999999999"), "执业证号不存在（“14401209999999999”）"),
        (record_row(firm_licence="24401209999999999"), "执业许可证号不存在（“24401209999999999”）"),
        (record_row(), "请填写执业证号或执业许可证号"),
        (
            record_row("LAWYER", 处分种类="警告"),
            "处分种类“警告”无法识别（应为训诫、通报批评、公开谴责、中止会员权利、取消会员资格）",
        ),
        (
            record_row("LAWYER", 处分决定日期="2026.13.01"),
            "处分决定日期日期格式错误（“2026.13.01”，应写成 2026-03-15）",
        ),
    ],
)
def test_an_invalid_discipline_line_is_named_with_its_reason(dry_run, lawyer, row, reason):
    if row["执业证号"] == "LAWYER":
        row["执业证号"] = lawyer.licence_no

    run = dry_run(DISCIPLINE, [row])

    assert outcomes(run) == {2: (Outcome.INVALID, [reason])}


def test_a_record_twice_in_the_file_refuses_both_lines(dry_run, lawyer):
    run = dry_run(DISCIPLINE, [record_row(lawyer.licence_no), record_row(lawyer.licence_no)])

    assert outcomes(run) == {
        2: (Outcome.INVALID, ["文件中处分记录重复（与第 3 行）"]),
        3: (Outcome.INVALID, ["文件中处分记录重复（与第 2 行）"]),
    }
