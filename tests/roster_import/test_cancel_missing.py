"""注销 of the members a full list leaves out (不在文件中): staff tick them on the run's page,
confirm with 注销日期 and 注销原因, and only those still practising and unchanged since the dry
run are cancelled, each audited with the import's name and told; a double submit cancels once."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from member_center import roles
from member_center.models import Firm, Lawyer, RosterStatus
from member_center.roster_import import services
from member_center.roster_import.models import ImportKind, Outcome, RunState
from portal.notifications.models import Notification
from portal.workflow import NotPermitted, TransitionNotAllowed
from tests.factories import MEMBER_PASSWORD, FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

from .conftest import firm_row, lawyer_row

pytestmark = pytest.mark.django_db
LAWYERS = ImportKind.LAWYERS
EVENT = "roster_import.lawyer.cancel_missing"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def absent(lawyer):
    """A practising lawyer of the roster whom the full list leaves out, with an account."""
    absent = LawyerFactory(firm=lawyer.firm, name="缺席律师")
    MemberUserFactory(lawyer=absent)
    return absent


@pytest.fixture
def full_run(dry_run, lawyer, absent):
    return dry_run(LAWYERS, [lawyer_row(lawyer)], full_list=True)


def missing_row(run):
    return run.rows.get(outcome=Outcome.MISSING)


def url(run):
    return reverse("roster_import:cancel_missing", args=[run.pk])


def confirm_post(client, run, rows, **data):
    return client.post(url(run), {"rows": [row.pk for row in rows], "confirm": "1", **data})


def cancel(run, by, **changes):
    arguments = {"cancelled_on": datetime.date(2026, 11, 30), "reason": "司法局名单已无此人", **changes}
    return services.cancel_missing(run, [missing_row(run).pk], arguments["cancelled_on"], arguments["reason"], by)


def test_the_run_page_offers_a_checkbox_for_each_member_not_in_the_file(staff_client, full_run):
    html = staff_client.get(reverse("roster_import:run", args=[full_run.pk]), {"show": "missing"}).content.decode()

    assert f'name="rows" value="{missing_row(full_run).pk}"' in html
    assert 'id="select-all-missing"' in html
    assert "注销所选会员" in html


def test_ticking_them_asks_for_the_date_defaulting_to_today_and_a_reason(staff_client, full_run):
    response = staff_client.post(url(full_run), {"rows": [missing_row(full_run).pk]})

    html = response.content.decode()
    assert response.status_code == 200
    assert "缺席律师" in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert "注销原因" in html
    assert Lawyer.objects.get(name="缺席律师").status == RosterStatus.PRACTISING  # nothing yet


def test_nothing_ticked_is_sent_back_with_a_message(staff_client, full_run):
    response = staff_client.post(url(full_run), {}, follow=True)

    assert "请先勾选要注销的会员。" in response.content.decode()


def test_confirming_cancels_the_member_on_that_date(staff_client, full_run, absent):
    response = confirm_post(staff_client, full_run, [missing_row(full_run)], cancelled_on="2026-11-30", reason="已转出")

    absent.refresh_from_db()
    assert response.status_code == 302
    assert (absent.status, absent.cancelled_on) == (RosterStatus.CANCELLED, datetime.date(2026, 11, 30))
    assert missing_row(full_run).applied_at is not None
    page = staff_client.get(response["Location"]).content.decode()
    assert "已注销 1 名会员：缺席律师。" in page


def test_the_cancellation_is_audited_with_the_imports_name_and_the_reason(full_run, absent, staff):
    cancel(full_run, staff, reason="已转出本市")

    [entry] = LogEntry.objects.get_for_object(absent).filter(additional_data__event=EVENT)
    assert entry.actor == staff
    assert entry.additional_data["导入"] == str(full_run)
    assert (entry.additional_data["注销日期"], entry.additional_data["注销原因"]) == ("2026-11-30", "已转出本市")
    assert entry.changes_dict["status"] == ["practising", "cancelled"]


def test_the_member_is_told(full_run, absent, staff):
    cancel(full_run, staff)

    [notice] = Notification.objects.filter(recipient=absent.account)
    assert notice.event == EVENT
    assert "2026年11月30日" in notice.body
    assert "司法局名单已无此人" in notice.body


def test_the_cancelled_member_can_no_longer_log_in(full_run, absent, staff, rf):
    def log_in():
        return authenticate(rf.post("/member/login/"), username=absent.licence_no, password=MEMBER_PASSWORD)

    assert log_in() is not None

    cancel(full_run, staff)

    assert log_in() is None


def test_a_member_changed_since_the_dry_run_is_skipped_and_named(staff_client, full_run, absent):
    Lawyer.objects.filter(pk=absent.pk).update(mobile="13900004444", updated_at=timezone.now())

    response = confirm_post(staff_client, full_run, [missing_row(full_run)], cancelled_on="2026-11-30", reason="x")

    absent.refresh_from_db()
    assert absent.status == RosterStatus.PRACTISING
    assert missing_row(full_run).apply_error == services.CHANGED_SINCE
    page = staff_client.get(response["Location"]).content.decode()
    assert f"未注销 1 名：缺席律师（{services.CHANGED_SINCE}）。" in page


def test_a_member_cancelled_since_by_hand_is_skipped(full_run, absent, staff):
    row = missing_row(full_run)
    Lawyer.objects.filter(pk=absent.pk).update(status=RosterStatus.CANCELLED)  # updated_at kept

    result = cancel(full_run, staff)

    assert (result.cancelled, result.skipped) == ([], [("缺席律师", services.NOT_PRACTISING)])
    assert not LogEntry.objects.get_for_object(absent).filter(additional_data__event=EVENT).exists()
    row.refresh_from_db()
    assert (row.applied_at, row.apply_error) == (None, services.NOT_PRACTISING)


def test_a_double_submit_cancels_once(staff_client, full_run, absent):
    rows = [missing_row(full_run)]
    confirm_post(staff_client, full_run, rows, cancelled_on="2026-11-30", reason="已转出")

    second = confirm_post(staff_client, full_run, rows, cancelled_on="2026-11-30", reason="已转出")

    assert LogEntry.objects.get_for_object(absent).filter(additional_data__event=EVENT).count() == 1
    assert Notification.objects.filter(recipient=absent.account).count() == 1
    assert "所选会员已处理过，没有重复注销。" in staff_client.get(second["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"cancelled_on": "2099-01-01", "reason": "x"}, "cancelled_on", "注销日期不能晚于今天。"),
        ({"cancelled_on": "1980-01-01", "reason": "x"}, "cancelled_on", "注销日期不能早于 1990-01-01。"),
        ({"cancelled_on": "2026-11-30", "reason": " "}, "reason", "请填写注销原因。"),
    ],
)
def test_a_wrong_date_or_no_reason_is_named_beside_the_field(staff_client, full_run, absent, data, field, message):
    response = confirm_post(staff_client, full_run, [missing_row(full_run)], **data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    absent.refresh_from_db()
    assert absent.status == RosterStatus.PRACTISING


def test_staff_who_may_not_change_the_roster_are_refused(client, full_run, absent):
    client.force_login(StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS]))  # views the roster only

    response = confirm_post(client, full_run, [missing_row(full_run)], cancelled_on="2026-11-30", reason="x")

    assert response.status_code == 403
    with pytest.raises(NotPermitted):
        cancel(full_run, StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS]))
    absent.refresh_from_db()
    assert absent.status == RosterStatus.PRACTISING


def test_a_discarded_run_cancels_nobody(full_run, absent, staff):
    services.discard(full_run, staff)

    with pytest.raises(TransitionNotAllowed, match="当前状态为“已过期”，不能注销不在文件中的会员。"):
        cancel(full_run, staff)


def test_a_row_of_another_run_is_not_taken(staff_client, dry_run, full_run, absent):
    other = dry_run(LAWYERS, [lawyer_row(absent)], full_list=False)
    row_of_other = other.rows.get()

    response = confirm_post(staff_client, full_run, [row_of_other], cancelled_on="2026-11-30", reason="x")

    assert response.status_code == 200
    assert response.context["form"].errors["rows"]


def test_after_cancelling_the_dry_run_can_still_be_confirmed(full_run, confirm, staff):
    cancel(full_run, staff)

    run = confirm(full_run)

    assert run.state == RunState.DONE


def test_a_firm_not_in_a_full_firms_list_is_cancelled_and_keeps_the_date_in_its_history(dry_run, firm, staff):
    gone = FirmFactory(name="已撤销律师事务所")
    run = dry_run(ImportKind.FIRMS, [firm_row(firm)], full_list=True)
    row = run.rows.get(outcome=Outcome.MISSING)

    result = services.cancel_missing(run, [row.pk], datetime.date(2026, 11, 1), "司法局注销", staff)

    assert result.cancelled == ["已撤销律师事务所"]
    assert Firm.objects.get(pk=gone.pk).status == RosterStatus.CANCELLED
    [entry] = LogEntry.objects.get_for_object(gone).filter(additional_data__event="roster_import.firm.cancel_missing")
    assert entry.additional_data["注销日期"] == "2026-11-01"


def test_the_imports_own_cancellation_tells_the_member(dry_run, confirm, lawyer):
    account = MemberUserFactory(lawyer=lawyer)

    confirm(dry_run(LAWYERS, [lawyer_row(lawyer, 状态="已注销", 注销日期="2026-11-30")]))

    [notice] = Notification.objects.filter(recipient=account)
    assert (notice.event, "2026年11月30日" in notice.body) == ("roster_import.lawyer.cancel", True)


def test_the_report_says_who_staff_cancelled(client, staff, full_run):
    import io

    from openpyxl import load_workbook

    cancel(full_run, staff)
    client.force_login(staff)

    response = client.get(reverse("roster_import:report", args=[full_run.pk]))

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3], row[7]) for row in rows if row[1] == "不在文件中"] == [
        ("不在文件中", "缺席律师", "已注销")
    ]
