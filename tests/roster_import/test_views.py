"""会员管理 → 名册导入 in the admin: who may reach it, the upload form's messages beside the
field, the run's page with its progress endpoint, the report and the templates."""

import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from member_center import roles
from member_center.roster_import.models import ImportKind, ImportRun, RunState
from tests.factories import StaffUserFactory

from .conftest import csv_upload, lawyer_row

pytestmark = pytest.mark.django_db
INDEX = "/admin/roster-import/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def post(client, upload, kind=ImportKind.LAWYERS, **extra):
    return client.post(INDEX, {"kind": kind, "file": upload, "submission_token": str(uuid.uuid4()), **extra})


def errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("file", [])]


def test_the_upload_runs_the_dry_run_and_shows_the_run(
    staff_client, lawyer, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(staff_client, csv_upload([lawyer_row(lawyer, 手机号码="13900001111")]))

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster_import:run", args=[run.pk])
    page = staff_client.get(response["Location"])
    html = page.content.decode()
    assert "待确认" in html
    assert f"手机号码：{lawyer.mobile} → 13900001111" in html
    assert "确认导入" in html


def test_the_status_endpoint_gives_the_progress(
    staff_client, lawyer, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(staff_client, csv_upload([lawyer_row(lawyer)]))
    run = ImportRun.objects.get()

    data = staff_client.get(reverse("roster_import:status", args=[run.pk])).json()

    assert data == {
        "state": RunState.READY,
        "state_label": "待确认",
        "progress": 100,
        "processed": 1,
        "total": 1,
        "working": False,
        "step": "正在试运行",
    }


def test_confirm_by_the_button_then_a_second_click_is_refused(
    staff_client, lawyer, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(staff_client, csv_upload([lawyer_row(lawyer, 手机号码="13900001111")]))
    run = ImportRun.objects.get()
    url = reverse("roster_import:confirm", args=[run.pk])

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    second = staff_client.post(url, follow=True)

    run.refresh_from_db()
    assert run.state == RunState.DONE
    assert "当前状态为“已完成”，不能确认导入。" in second.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_upload([{"执业证号": "1"}], name="名册.txt"), "文件类型不支持：请上传 .xlsx 或 .csv 文件。"),
        (csv_upload([], name="名册.csv"), "文件是空的"),
        (csv_upload([{"姓名": "张三", "手机号码": "13800000000"}]), "缺少必需的列：执业证号、身份证号。"),
        (csv_upload([{"执业证号": "", "姓名": "", "身份证号": ""}]), "文件中只有列名，没有数据行。"),
        (None, "无法读取该 Excel 文件，请确认是 .xlsx 格式。"),
    ],
)
def test_a_bad_file_is_named_beside_the_field(staff_client, private_media, upload, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = upload or SimpleUploadedFile("名册.xlsx", b"not a spreadsheet")

    response = post(staff_client, upload)

    assert response.status_code == 200
    assert any(message in error for error in errors(response))
    assert ImportRun.objects.count() == 0


def test_staff_without_the_roster_permissions_are_refused(client, lawyer):
    client.force_login(StaffUserFactory(roles=[roles.TECH_SUPPORT]))

    assert client.get(INDEX).status_code == 403
    assert client.get(reverse("roster_import:template", args=[ImportKind.LAWYERS])).status_code == 403


def test_staff_may_import_only_the_kinds_they_may_change(client):
    from django.contrib.auth.models import Permission

    user = StaffUserFactory(roles=[roles.TECH_SUPPORT])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_disciplinerecord"]))
    client.force_login(user)

    response = client.get(INDEX)

    assert [value for value, _label in response.context["form"].fields["kind"].choices] == [ImportKind.DISCIPLINE]
    assert post(client, csv_upload([{"执业证号": "1", "姓名": "x", "身份证号": "y"}])).status_code == 200
    assert ImportRun.objects.count() == 0


def test_another_kinds_run_is_refused(client, dry_run, lawyer):
    from django.contrib.auth.models import Permission

    run = dry_run(ImportKind.LAWYERS, [lawyer_row(lawyer)])
    user = StaffUserFactory(roles=[roles.TECH_SUPPORT])
    user.user_permissions.add(*Permission.objects.filter(codename="add_disciplinerecord"))
    client.force_login(user)

    assert client.get(reverse("roster_import:run", args=[run.pk])).status_code == 403
    assert client.get(reverse("roster_import:status", args=[run.pk])).status_code == 403
    assert client.post(reverse("roster_import:confirm", args=[run.pk])).status_code == 403


def test_members_never_reach_it(lawyer_client):
    response = lawyer_client.get(INDEX)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_menu_lists_it_for_whoever_may_import(staff_client, client):
    assert INDEX in staff_client.get("/admin/").content.decode()

    client.force_login(StaffUserFactory(roles=[roles.TECH_SUPPORT]))
    assert INDEX not in client.get("/admin/").content.decode()


def test_the_template_has_the_bureaus_headings(staff_client):
    response = staff_client.get(reverse("roster_import:template", args=[ImportKind.FIRMS]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["律师事务所名称", "执业许可证号", "统一社会信用代码"]


def test_the_report_lists_each_row_with_formulas_kept_as_text(staff_client, dry_run, lawyer):
    run = dry_run(ImportKind.LAWYERS, [lawyer_row(lawyer, 姓名='=HYPERLINK("http://x","y")')])

    response = staff_client.get(reverse("roster_import:report", args=[run.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    row = list(sheet[2])
    assert row[1].value == "变更"
    assert (row[3].value, row[3].data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_an_xlsx_upload_is_checked_by_its_headings_and_first_lines_only(staff_client, private_media, monkeypatch):
    """Reading every line of a 20,000-line workbook takes seconds: that is the job's work."""
    from member_center.roster_import import services

    from .conftest import xlsx_upload

    monkeypatch.setattr(services, "read_dataset", lambda *a, **k: pytest.fail("the request read every line"))
    monkeypatch.setattr(services, "enqueue_on_commit", lambda *args: None)  # the dry run is not this test's
    upload = xlsx_upload([["执业证号", "姓名", "身份证号"], ["14401200110000001", "张三", "440106199003150028"]])

    response = post(staff_client, upload)

    assert response.status_code == 302
    assert ImportRun.objects.get().state == RunState.PENDING


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["姓名", "手机号码"], ["张三", "13800000000"]], "缺少必需的列：执业证号、身份证号。"),
        ([["执业证号", "姓名", "身份证号"], [None, None, None]], "文件中只有列名，没有数据行。"),
        ([[None, None], ["x", "y"]], "文件是空的：第 1 行应为列名。"),
    ],
)
def test_a_bad_xlsx_is_named_beside_the_field(staff_client, private_media, rows, message):
    from .conftest import xlsx_upload

    response = post(staff_client, xlsx_upload(rows))

    assert any(message in error for error in errors(response))
    assert ImportRun.objects.count() == 0


def test_an_xlsx_of_too_many_lines_is_refused_at_the_upload(staff_client, private_media, monkeypatch):
    from member_center.roster_import import services

    from .conftest import xlsx_upload

    monkeypatch.setattr(services, "MAX_ROWS", 2)
    rows = [["执业证号", "姓名", "身份证号"], *[[f"1440120011000000{n}", "张三", "x"] for n in range(3)]]

    response = post(staff_client, xlsx_upload(rows))

    assert any("一次最多导入 2 行。" in error for error in errors(response))
