"""Fixtures of the 名册导入 tests: a 会员管理 staff user, files built from headings and rows, and
the import run through its jobs (django-q2 runs them synchronously in the test settings; the
callbacks queued on commit are run here)."""

import csv
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from member_center import roles
from member_center.roster_import import services
from tests.factories import StaffUserFactory


def csv_upload(rows: list[dict], name="名册.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    """A CSV whose first line is the union of the rows' headings, in order of appearance."""
    headings = []
    for row in rows:
        headings.extend(heading for heading in row if heading not in headings)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for row in rows:
        writer.writerow([row.get(heading, "") for heading in headings])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[list], name="名册.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def lawyer_row(lawyer, **changes) -> dict:
    """A lawyer as the justice bureau's file lists him (the roster's values), with `changes`
    given by heading."""
    row = {
        "执业证号": lawyer.licence_no,
        "姓名": lawyer.name,
        "性别": lawyer.get_gender_display(),
        "身份证号": lawyer.id_number,
        "执业机构": lawyer.firm.name if lawyer.firm_id else "",
        "执业类别": lawyer.get_practice_type_display(),
        "所内身份": lawyer.get_firm_role_display(),
        "主管机关": lawyer.authority,
        "手机号码": lawyer.mobile,
        "会员编号": lawyer.member_no or "",
        "人员类别": lawyer.get_kind_display(),
        "状态": lawyer.get_status_display(),
    }
    row.update(changes)
    return row


def firm_row(firm, **changes) -> dict:
    row = {
        "律师事务所名称": firm.name,
        "执业许可证号": firm.licence_no or "",
        "统一社会信用代码": firm.credit_code,
        "会员类别": firm.get_kind_display(),
        "联系电话": firm.phone,
        "会员编号": firm.member_no or "",
        "状态": firm.get_status_display(),
    }
    row.update(changes)
    return row


@pytest.fixture
def staff(db):
    return StaffUserFactory(roles=[roles.MEMBER_MANAGERS])


@pytest.fixture
def dry_run(staff, private_media, django_capture_on_commit_callbacks):
    """Upload rows (a list of dicts) or a ready upload: the run after its dry run."""

    def run(kind, rows, full_list=False, by=None):
        upload = rows if hasattr(rows, "read") else csv_upload(rows)
        with django_capture_on_commit_callbacks(execute=True):
            created, _ = services.start(kind, upload, full_list, by or staff, uuid.uuid4())
        created.refresh_from_db()
        return created

    return run


@pytest.fixture
def confirm(staff, django_capture_on_commit_callbacks):
    def run(import_run, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm(import_run, by or staff)
        import_run.refresh_from_db()
        return import_run

    return run


def outcomes(run) -> dict:
    """{line: (outcome, reasons)} of the run's rows read from the file."""
    return {row.line: (row.outcome, row.reasons) for row in run.rows.exclude(line=None)}
