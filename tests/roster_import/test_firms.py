"""Importing the firms' roster (律师事务所, and the offices known by 会员编号)."""

import pytest

from member_center.models import Firm, MemberKind, RosterStatus
from member_center.roster_import.models import ImportKind, Outcome
from tests.factories import FirmFactory, firm_licence_no

from .conftest import firm_row, outcomes

pytestmark = pytest.mark.django_db
FIRMS = ImportKind.FIRMS


def new_firm_row(**changes):
    row = {
        "律师事务所名称": "广州新锐律师事务所", "执业许可证号": firm_licence_no(900001),
        "统一社会信用代码": "31440000MD0999999X", "会员类别": "律师事务所", "办公地址": "广州市天河区体育西路1号",
        "联系电话": "020-38889999", "手机号码": "13902009999", "电子邮箱": "office@xinrui.example.cn",
        "律所批准日期": "2026-05-20", "会员编号": "GZF9001", "状态": "执业",
    }  # fmt: skip
    row.update(changes)
    return row


def test_a_new_firm_is_created_on_confirm(dry_run, confirm):
    run = confirm(dry_run(FIRMS, [new_firm_row()]))

    firm = Firm.objects.get(licence_no=firm_licence_no(900001))
    assert (firm.name, firm.member_no, firm.email) == ("广州新锐律师事务所", "GZF9001", "office@xinrui.example.cn")
    assert run.counts["new"] == 1


def test_an_office_is_known_by_its_member_number(dry_run, confirm):
    office = FirmFactory(office=True)

    run = dry_run(FIRMS, [firm_row(office, 联系电话="020-12345678")])

    [row] = run.rows.all()
    assert (row.outcome, row.target_id, row.diff) == (
        Outcome.CHANGED,
        office.pk,
        {"phone": [office.phone, "020-12345678"]},
    )
    assert office.kind == MemberKind.COMPANY_OFFICE


def test_a_changed_firm_is_changed_on_confirm(dry_run, confirm, firm):
    confirm(dry_run(FIRMS, [firm_row(firm, 律师事务所名称="广东新名称律师事务所")]))

    firm.refresh_from_db()
    assert firm.name == "广东新名称律师事务所"


def test_a_firm_marked_cancelled_is_cancelled(dry_run, confirm, firm):
    run = confirm(dry_run(FIRMS, [firm_row(firm, 状态="已注销")]))

    firm.refresh_from_db()
    assert (run.counts["cancelled"], firm.status) == (1, RosterStatus.CANCELLED)


def test_the_same_firms_file_again_changes_nothing(dry_run, confirm, firm):
    rows = [firm_row(firm, 联系电话="020-12345678"), new_firm_row()]
    confirm(dry_run(FIRMS, rows))

    assert dry_run(FIRMS, rows).counts["unchanged"] == 2


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"统一社会信用代码": "123"}, "统一社会信用代码格式错误（“123”，应为 18 位）"),
        ({"律所批准日期": "去年"}, "律所批准日期日期格式错误（“去年”，应写成 2026-03-15）"),
        ({"会员类别": "个人"}, "会员类别“个人”无法识别（应为律师事务所、公司律师办公室、公职律师办公室）"),
        ({"律师事务所名称": ""}, "律师事务所名称为空"),
        ({"执业许可证号": "", "会员编号": ""}, "执业许可证号与会员编号至少填写一个"),
    ],
)
def test_an_invalid_firm_line_is_named_with_its_reason(dry_run, changes, reason):
    run = dry_run(FIRMS, [new_firm_row(**changes)])

    assert outcomes(run) == {2: (Outcome.INVALID, [reason])}


def test_a_licence_number_twice_in_the_firms_file_refuses_both_lines(dry_run):
    run = dry_run(FIRMS, [new_firm_row(), new_firm_row(会员编号="GZF9002")])

    assert outcomes(run) == {
        2: (Outcome.INVALID, ["文件中执业许可证号重复（与第 3 行）"]),
        3: (Outcome.INVALID, ["文件中执业许可证号重复（与第 2 行）"]),
    }


def test_a_full_firms_list_names_the_practising_firms_it_leaves_out(dry_run, firm):
    absent = FirmFactory()

    run = dry_run(FIRMS, [firm_row(firm)], full_list=True)

    assert list(run.rows.filter(outcome=Outcome.MISSING).values_list("target_id", flat=True)) == [absent.pk]
