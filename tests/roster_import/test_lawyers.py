"""Importing the lawyers' roster (律师, 实习人员): the dry run sorts every line into 新增, 变更,
无变化, 注销 or 有误 (with the reason), and 确认导入 writes exactly that."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from member_center.models import Lawyer, MemberKind, RosterStatus
from member_center.roster_import.models import ImportKind, Outcome, RunState
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory, id_number, lawyer_licence_no

from .conftest import lawyer_row, outcomes, xlsx_upload

pytestmark = pytest.mark.django_db
LAWYERS = ImportKind.LAWYERS


def new_lawyer_row(n=900001, firm=None, **changes):
    row = {
        "执业证号": lawyer_licence_no(n), "姓名": "邓子涵", "性别": "女", "身份证号": id_number(n),
        "执业机构": firm.name if firm else "", "执业类别": "专职", "首次执业时间": "2026-06-01",
        "手机号码": "13800990001", "人员类别": "执业律师", "状态": "执业",
    }  # fmt: skip
    row.update(changes)
    return row


def test_a_lawyer_not_on_the_roster_is_new_and_is_created_on_confirm(dry_run, confirm):
    firm = FirmFactory()

    run = dry_run(LAWYERS, [new_lawyer_row(firm=firm)])

    assert run.state == RunState.READY
    assert run.counts["new"] == 1
    assert not Lawyer.objects.filter(licence_no=lawyer_licence_no(900001)).exists()  # a dry run writes nothing
    confirm(run)
    lawyer = Lawyer.objects.get(licence_no=lawyer_licence_no(900001))
    assert (lawyer.name, lawyer.firm, lawyer.first_licensed_on) == ("邓子涵", firm, datetime.date(2026, 6, 1))
    assert run.state == RunState.DONE


def test_a_trainee_is_imported_as_a_trainee(dry_run, confirm):
    run = confirm(dry_run(LAWYERS, [new_lawyer_row(firm=FirmFactory(), 人员类别="实习人员")]))

    assert Lawyer.objects.get(licence_no=lawyer_licence_no(900001)).kind == MemberKind.TRAINEE
    assert run.counts["applied"] == 1


def test_a_changed_lawyer_shows_each_field_old_to_new(dry_run, lawyer):
    # Not one of the factory's authorities, which it deals out in turn: always a change.
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111", 主管机关="广州市白云区司法局")])

    [row] = run.rows.all()
    assert row.outcome == Outcome.CHANGED
    assert row.diff["mobile"] == [lawyer.mobile, "13900001111"]
    assert row.diff["authority"] == [lawyer.authority, "广州市白云区司法局"]


def test_confirm_writes_the_change_with_one_audit_entry_naming_the_import(dry_run, confirm, lawyer, staff):
    run = confirm(dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111")]))

    lawyer.refresh_from_db()
    assert lawyer.mobile == "13900001111"
    [entry] = LogEntry.objects.get_for_object(lawyer).filter(additional_data__event="roster_import.lawyer.update")
    assert entry.actor == staff
    assert entry.additional_data["导入"] == str(run)
    assert entry.changes_dict["mobile"][1] == "13900001111"


def test_a_new_firm_is_a_transfer_recorded_as_such(dry_run, confirm, lawyer):
    old_firm, new_firm = lawyer.firm, FirmFactory(name="广东卓信律师事务所")

    run = dry_run(LAWYERS, [lawyer_row(lawyer, 执业机构=new_firm.licence_no)])  # by 执业许可证号
    [row] = run.rows.all()
    assert row.outcome == Outcome.CHANGED
    assert row.flags == [f"转所：{old_firm.name} → 广东卓信律师事务所"]

    confirm(run)
    lawyer.refresh_from_db()
    assert lawyer.firm == new_firm
    [entry] = LogEntry.objects.get_for_object(lawyer).filter(additional_data__event="roster_import.lawyer.transfer")
    assert entry.additional_data["原执业机构"] == old_firm.name
    assert entry.additional_data["新执业机构"] == "广东卓信律师事务所"


def test_a_practising_lawyer_marked_cancelled_is_cancelled(dry_run, confirm, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 状态="已注销", 注销日期="2026-11-30")])

    assert run.counts["cancelled"] == 1
    confirm(run)
    lawyer.refresh_from_db()
    assert (lawyer.status, lawyer.cancelled_on) == (RosterStatus.CANCELLED, datetime.date(2026, 11, 30))


def test_the_same_file_again_changes_nothing(dry_run, confirm, lawyer):
    rows = [lawyer_row(lawyer, 手机号码="13900001111"), new_lawyer_row(firm=lawyer.firm)]
    confirm(dry_run(LAWYERS, rows))

    again = dry_run(LAWYERS, rows)

    assert again.counts["unchanged"] == 2
    assert sum(again.counts.values()) == 2


def test_an_empty_cell_keeps_what_the_roster_holds(dry_run, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="", 身份证号="", 姓名="")])

    assert run.counts["unchanged"] == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"身份证号": "440106199003150027"}, "身份证号校验位错误（“440106199003150027”）"),
        ({"身份证号": "44010619900315"}, "身份证号格式错误（“44010619900315”，应为 18 位）"),
        ({"执业机构": "广州不存在律师事务所"}, "执业机构不存在（“广州不存在律师事务所”）"),
        ({"首次执业时间": "2026/13/45"}, "首次执业时间日期格式错误（“2026/13/45”，应写成 2026-03-15）"),
        ({"性别": "未知"}, "性别“未知”无法识别（应为男、女）"),
        ({"状态": "暂停"}, "状态“暂停”无法识别（应为执业、已注销、注销、正常）"),
        ({"手机号码": "1380000"}, "手机号码格式错误（“1380000”，应为 11 位手机号码）"),
        ({"电子邮箱": "not-an-address"}, "电子邮箱格式错误（“not-an-address”）"),
        ({"姓名": ""}, "姓名为空"),
    ],
)
def test_an_invalid_line_is_named_with_its_reason_and_never_written(dry_run, confirm, changes, reason):
    firm = FirmFactory()
    run = dry_run(LAWYERS, [new_lawyer_row(firm=firm, **changes)])

    assert outcomes(run) == {2: (Outcome.INVALID, [reason])}
    confirm(run)
    assert not Lawyer.objects.filter(licence_no=lawyer_licence_no(900001)).exists()


def test_a_licence_number_twice_in_the_file_refuses_both_lines(dry_run):
    firm = FirmFactory()
    rows = [new_lawyer_row(firm=firm), new_lawyer_row(900002, firm=firm, 执业证号=lawyer_licence_no(900001))]

    run = dry_run(LAWYERS, rows)

    assert outcomes(run) == {
        2: (Outcome.INVALID, ["文件中执业证号重复（与第 3 行）"]),
        3: (Outcome.INVALID, ["文件中执业证号重复（与第 2 行）"]),
    }


def test_an_id_number_of_another_lawyer_is_refused(dry_run, lawyer):
    other = LawyerFactory()

    run = dry_run(LAWYERS, [lawyer_row(lawyer, 身份证号=other.id_number)])

    assert outcomes(run) == {2: (Outcome.INVALID, [f"身份证号已登记于其他律师（执业证号 {other.licence_no}）"])}


def test_a_changed_id_number_of_a_lawyer_with_an_account_is_flagged(dry_run, lawyer):
    MemberUserFactory(lawyer=lawyer)

    run = dry_run(LAWYERS, [lawyer_row(lawyer, 身份证号=id_number(900009))])

    [row] = run.rows.all()
    assert "将改变登录账号/初始密码" in row.flags


def test_a_new_licence_number_for_the_same_id_number_is_a_change_and_moves_the_login(dry_run, confirm, lawyer):
    account = MemberUserFactory(lawyer=lawyer)

    run = dry_run(LAWYERS, [lawyer_row(lawyer, 执业证号=lawyer_licence_no(900010))])
    [row] = run.rows.all()
    assert (row.outcome, row.flags) == (Outcome.CHANGED, ["将改变登录账号/初始密码"])

    confirm(run)
    account.refresh_from_db()
    assert account.username == lawyer_licence_no(900010)


def test_a_lawyer_without_an_account_is_not_flagged(dry_run, lawyer):
    run = dry_run(LAWYERS, [lawyer_row(lawyer, 身份证号=id_number(900009))])

    assert run.rows.get().flags == []


def test_importing_computes_no_password_hash_and_creates_no_account(dry_run, confirm, lawyer, monkeypatch):
    from django.contrib.auth.hashers import MD5PasswordHasher
    from django.contrib.auth.models import AbstractBaseUser

    from member_center.models import User

    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    monkeypatch.setattr(AbstractBaseUser, "set_password", lambda self, raw: calls.append(1))
    users = User.objects.count()
    firm = lawyer.firm
    rows = [new_lawyer_row(900100 + n, firm=firm, 姓名=f"律师{n}") for n in range(20)]

    confirm(dry_run(LAWYERS, [lawyer_row(lawyer, 手机号码="13900001111"), *rows]))

    assert Lawyer.objects.filter(firm=firm).count() == 21
    assert calls == []
    assert User.objects.count() == users


def test_a_full_list_names_the_practising_lawyers_it_leaves_out_and_cancels_none(dry_run, confirm, lawyer):
    absent = LawyerFactory(firm=lawyer.firm)
    LawyerFactory(cancelled=True)  # already cancelled: not listed

    run = dry_run(LAWYERS, [lawyer_row(lawyer)], full_list=True)

    [missing] = run.rows.filter(outcome=Outcome.MISSING)
    assert (missing.target_id, missing.key, missing.line) == (absent.pk, absent.licence_no, None)
    assert run.counts["missing"] == 1
    confirm(run)
    absent.refresh_from_db()
    assert absent.status == RosterStatus.PRACTISING


def test_without_the_full_list_option_nobody_is_missing(dry_run, lawyer):
    LawyerFactory()

    run = dry_run(LAWYERS, [lawyer_row(lawyer)])

    assert run.counts["missing"] == 0


def test_an_xlsx_with_a_mobile_typed_as_a_number_reads_as_text(dry_run, lawyer):
    upload = xlsx_upload(
        [["执业证号", "姓名", "身份证号", "手机号码"], [lawyer.licence_no, lawyer.name, lawyer.id_number, 13900001111]]
    )

    run = dry_run(LAWYERS, upload)

    assert run.rows.get().diff == {"mobile": [lawyer.mobile, "13900001111"]}


def test_a_licence_number_excel_kept_as_a_number_is_refused(dry_run, lawyer):
    upload = xlsx_upload([["执业证号", "姓名", "身份证号"], [int(lawyer.licence_no), lawyer.name, lawyer.id_number]])

    run = dry_run(LAWYERS, upload)

    [(outcome, [reason])] = outcomes(run).values()
    assert outcome == Outcome.INVALID
    assert reason.startswith("执业证号在 Excel 中存为数字，超过 15 位已失真")


def test_a_transfer_reads_as_such_in_the_lawyers_history_for_staff(client, staff, dry_run, confirm, lawyer):
    old_firm, new_firm = lawyer.firm, FirmFactory(name="广东卓信律师事务所")
    confirm(dry_run(LAWYERS, [lawyer_row(lawyer, 执业机构=new_firm.licence_no)]))
    client.force_login(staff)

    html = client.get(reverse("lawyer:inspect", args=[lawyer.pk])).content.decode()

    history = html[html.rindex("操作记录") :]  # the record's own history, last on the page
    assert "转所" in history
    assert old_firm.name in history and "广东卓信律师事务所" in history
    assert f"原执业机构：{old_firm.name}" in history
    assert "导入：" in history  # which import did it


def test_the_report_lists_each_invalid_line_with_its_number_and_reason(client, staff, dry_run):
    from openpyxl import load_workbook

    run = dry_run(LAWYERS, [new_lawyer_row(firm=FirmFactory()), new_lawyer_row(900002, 身份证号="44010619900315")])
    client.force_login(staff)

    response = client.get(reverse("roster_import:report", args=[run.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (lines[2][1], lines[3][1]) == ("新增", "有误")
    assert lines[3][5] == "身份证号格式错误（“44010619900315”，应为 18 位）"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
