"""后台导出: a staff listing's export over settings.EXPORT_INLINE_LIMIT rows goes to a job, whose
file is the very export the listing would have sent (its filters, formulas as text); only the
staff user who asked downloads it, for KEEP_FOR; the 消息 says so, and reaches staff on the
admin home (我的消息)."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from member_center import roles
from portal.exports import services
from portal.exports.models import ExportState, StaffExport
from portal.notifications.models import Notification
from portal.staff import ChunkedExportMixin
from tests.cards.helpers import apply
from tests.exports.helpers import LISTINGS, XLSX, rows_of
from tests.factories import LawyerFactory, StaffUserFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CARDS_URL = "/admin/snippets/cards/cardapplication/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(db):
    return StaffUserFactory(roles=[roles.MEMBER_MANAGERS])


@pytest.fixture
def low_limit(settings):
    settings.EXPORT_INLINE_LIMIT = 1
    return settings


def export_in_job(client, url, params, export_format, callbacks):
    """Ask for the export over the limit and run what it queues; returns (response, export)."""
    with callbacks(execute=True):
        response = client.get(url, {**params, "export": export_format})
    return response, StaffExport.objects.latest("pk")


# --- every listing goes to a job, whose file is the listing's export -------------------------------


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_above_the_limit_each_listing_exports_its_filtered_rows_in_a_job(
    listing, export_format, settings, django_capture_on_commit_callbacks
):
    url, query = LISTINGS[listing]()
    client = client_for(StaffUserFactory(superuser=True))
    settings.EXPORT_INLINE_LIMIT = 10_000
    everything = rows_of(
        client.get(url, {"export": export_format, **{k: v for k, v in query.items() if k != "q"}}), export_format
    )
    inline = rows_of(client.get(url, {**query, "export": export_format}), export_format)
    assert 1 < len(inline) < len(everything)  # the query filters: some rows, not all

    settings.EXPORT_INLINE_LIMIT = 0
    response, export = export_in_job(client, url, query, export_format, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert export.state == ExportState.DONE, export.error
    assert export.rows == len(inline) - 1
    assert rows_of(client.get(export.get_download_url()), export_format) == inline


def test_the_listings_above_are_every_listing_with_an_export():
    from wagtail.admin.viewsets import viewsets

    urls = set()
    for viewset in viewsets.viewsets:
        view_class = getattr(viewset, "index_view_class", None)
        if isinstance(view_class, type) and issubclass(view_class, ChunkedExportMixin):
            try:
                urls.add(reverse(viewset.get_url_name("index")))
            except NoReverseMatch:  # a snippet's listing
                urls.add(reverse(viewset.get_url_name("list")))
    assert len(urls) == len(LISTINGS)


def test_below_the_limit_the_export_is_sent_at_once(manager, settings):
    apply(LawyerFactory(name="欧阳锋"))
    settings.EXPORT_INLINE_LIMIT = 1

    response = client_for(manager).get(CARDS_URL, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    body(response)
    assert not StaffExport.objects.exists()


def test_the_request_queues_the_job_and_says_so_on_the_filtered_listing(manager, low_limit):
    apply(LawyerFactory(name="欧阳锋"))
    apply(LawyerFactory(name="欧阳克"))
    client = client_for(manager)

    response = client.get(CARDS_URL, {"q": "欧阳", "export": "csv"}, follow=True)

    assert response.redirect_chain == [(f"{CARDS_URL}?q=%E6%AC%A7%E9%98%B3", 302)]
    assert "共 2 行，导出文件正在后台生成，完成后会在消息中通知您" in response.content.decode()
    export = StaffExport.objects.get()
    assert (export.user, export.state, export.rows, export.format) == (manager, ExportState.QUEUED, 2, "csv")
    assert (export.listing, export.path, export.query) == ("会员卡申请", CARDS_URL, "q=%E6%AC%A7%E9%98%B3")
    entry = LogEntry.objects.get_for_object(export).get()
    assert entry.additional_data["event"] == "exports.export.request" and entry.actor == manager


def test_a_double_click_makes_one_export_and_one_job(manager, low_limit, django_capture_on_commit_callbacks):
    apply()
    apply()
    client = client_for(manager)

    with django_capture_on_commit_callbacks() as queued:
        first = client.get(CARDS_URL, {"export": "xlsx"}, follow=True)
        second = client.get(CARDS_URL, {"export": "xlsx"}, follow=True)

    assert StaffExport.objects.count() == 1
    assert len(queued) == 1
    assert "正在后台生成" in first.content.decode()
    assert "已在后台生成中" in second.content.decode()


def test_another_format_or_another_query_is_another_export(manager, low_limit):
    apply(LawyerFactory(name="欧阳锋"))
    apply(LawyerFactory(name="欧阳克"))
    client = client_for(manager)
    for params in ({"export": "xlsx"}, {"export": "csv"}, {"export": "csv", "q": "欧阳"}):
        client.get(CARDS_URL, params)
    assert StaffExport.objects.count() == 3


def test_once_done_the_same_export_can_be_asked_again(manager, low_limit, django_capture_on_commit_callbacks):
    apply()
    apply()
    client = client_for(manager)
    export_in_job(client, CARDS_URL, {}, "csv", django_capture_on_commit_callbacks)
    export_in_job(client, CARDS_URL, {}, "csv", django_capture_on_commit_callbacks)
    assert list(StaffExport.objects.values_list("state", flat=True)) == [ExportState.DONE, ExportState.DONE]


def test_a_job_run_twice_builds_once(manager, low_limit, django_capture_on_commit_callbacks):
    apply()
    apply()
    _, export = export_in_job(client_for(manager), CARDS_URL, {}, "csv", django_capture_on_commit_callbacks)
    from portal.exports.tasks import build_export

    build_export(export.pk)  # the broker delivered it again
    assert Notification.objects.filter(recipient=manager).count() == 1


# --- formulas ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_jobs_file_writes_a_formula_as_text(manager, low_limit, django_capture_on_commit_callbacks, export_format):
    apply(LawyerFactory(name='=HYPERLINK("http://evil.example/","点击")'))
    apply(LawyerFactory(name="+86 20 3888 0000"))
    client = client_for(manager)

    _, export = export_in_job(client, CARDS_URL, {}, export_format, django_capture_on_commit_callbacks)
    response = client.get(export.get_download_url())

    if export_format == "csv":
        names = {row[1] for row in rows_of(response, "csv")[1:]}
        assert names == {'\'=HYPERLINK("http://evil.example/","点击")', "'+86 20 3888 0000"}
    else:
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        cells = [sheet.cell(row=row, column=2) for row in (2, 3)]
        assert all(cell.data_type == "s" for cell in cells)
        assert {cell.value for cell in cells} == {'=HYPERLINK("http://evil.example/","点击")', "+86 20 3888 0000"}


# --- the download -----------------------------------------------------------------------------------


@pytest.fixture
def done(manager, low_limit, django_capture_on_commit_callbacks):
    apply()
    apply()
    _, export = export_in_job(client_for(manager), CARDS_URL, {}, "xlsx", django_capture_on_commit_callbacks)
    assert export.state == ExportState.DONE
    return export


def test_the_download_keeps_the_chinese_file_name(manager, done):
    response = client_for(manager).get(done.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E4%BC%9A%E5%91%98%E5%8D%A1%E7%94%B3%E8%AF%B7.xlsx"
    )
    assert "no-store" in response["Cache-Control"]
    body(response)


def test_another_staff_user_gets_a_404(done):
    other = StaffUserFactory(roles=[roles.MEMBER_MANAGERS])
    assert client_for(other).get(done.get_download_url()).status_code == 404
    assert client_for(StaffUserFactory(superuser=True)).get(done.get_download_url()).status_code == 404


def test_anonymous_is_sent_to_the_login(done):
    response = Client().get(done.get_download_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_after_its_date_the_download_says_it_has_expired(manager, done):
    with time_machine.travel(timezone.now() + services.KEEP_FOR + datetime.timedelta(minutes=1)):
        response = client_for(manager).get(done.get_download_url())
    assert response.status_code == 410
    assert "已过期" in response.content.decode()


def test_the_daily_job_deletes_the_expired_files(manager, done, private_media):
    stored = private_media / done.file.name
    assert stored.exists()
    with time_machine.travel(timezone.now() + services.KEEP_FOR + datetime.timedelta(minutes=1)):
        assert services.delete_expired() == 1
        response = client_for(manager).get(done.get_download_url())
    assert not stored.exists()
    done.refresh_from_db()
    assert done.file.name == "" and done.state == ExportState.DONE
    assert response.status_code == 410


def test_the_clean_up_runs_daily():
    from django_q.models import Schedule

    services.ensure_schedule(plan=[])
    assert Schedule.objects.get(name=services.SCHEDULE_NAME).schedule_type == Schedule.DAILY


def test_a_queued_export_is_not_downloadable_yet(manager, low_limit):
    apply()
    apply()
    client = client_for(manager)
    client.get(CARDS_URL, {"export": "csv"})  # queued; the job has not run
    response = client.get(StaffExport.objects.get().get_download_url())
    assert response.status_code == 200
    assert "排队中" in response.content.decode()


# --- permissions re-checked in the job --------------------------------------------------------------


def test_a_permission_lost_before_the_job_runs_fails_the_export(manager, low_limit, django_capture_on_commit_callbacks):
    apply()
    apply()
    with django_capture_on_commit_callbacks() as queued:
        client_for(manager).get(CARDS_URL, {"export": "csv"})
    manager.groups.remove(Group.objects.get(name=roles.MEMBER_MANAGERS))
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    export = StaffExport.objects.get()
    assert export.state == ExportState.FAILED
    assert export.error == "您已没有查看「会员卡申请」的权限，未生成文件。"
    assert not export.file
    notification = Notification.objects.get(recipient=manager)
    assert notification.title == "导出失败" and export.error in notification.body


def test_a_deactivated_account_gets_no_file(manager, low_limit, django_capture_on_commit_callbacks):
    apply()
    apply()
    with django_capture_on_commit_callbacks() as queued:
        client_for(manager).get(CARDS_URL, {"export": "csv"})
    manager.is_active = False
    manager.save()
    for callback in queued:
        callback()
    assert StaffExport.objects.get().state == ExportState.FAILED


# --- 消息 -----------------------------------------------------------------------------------------


def test_the_message_reaches_the_staff_user_with_a_working_link(manager, done):
    notification = Notification.objects.get(recipient=manager)
    assert notification.title == "导出文件已生成"
    assert "「会员卡申请」的导出文件已生成，共 2 行" in notification.body
    assert notification.url == done.get_download_url()
    response = client_for(manager).get(notification.url)
    assert response.status_code == 200 and body(response).startswith(b"PK")
    [email] = mail.outbox
    assert email.to == [manager.email] and done.get_download_url() in email.body


def test_the_home_panel_shows_the_unread_message_and_opening_it_reads_it(manager, done):
    client = client_for(manager)
    notification = Notification.objects.get(recipient=manager)

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "我的消息（1 条未读）" in home
    assert reverse("exports:message", args=[notification.pk]) in home

    page = client.get(reverse("exports:message", args=[notification.pk])).content.decode()
    assert "下载导出文件" in page and done.get_download_url() in page
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "暂无未读消息" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_another_staff_users_message_is_a_404(done, manager):
    notification = Notification.objects.get(recipient=manager)
    other = client_for(StaffUserFactory(superuser=True))
    assert other.get(reverse("exports:message", args=[notification.pk])).status_code == 404


def test_my_exports_lists_only_the_users_own(manager, done):
    other = StaffUserFactory(superuser=True)
    StaffExport.objects.create(
        user=other, listing="别人的列表", path="/admin/lawyer/", query="q=x", format="csv", filename="律师名单", key="x"
    )
    page = client_for(manager).get(reverse("exports:mine")).content.decode()
    assert "会员卡申请" in page and done.get_download_url() in page
    assert "别人的列表" not in page and "/admin/lawyer/?q=x" not in page


# --- lost jobs --------------------------------------------------------------------------------------


def test_reconcile_queues_a_lost_job_again_and_fails_a_broken_one(
    manager, low_limit, django_capture_on_commit_callbacks
):
    apply()
    apply()
    with django_capture_on_commit_callbacks():
        client_for(manager).get(CARDS_URL, {"export": "csv"})  # the broker lost it
    broken = StaffExport.objects.create(
        user=manager, listing="律师", path="/admin/lawyer/", format="csv", filename="律师名单", key="y",
        state=ExportState.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=2),
    )  # fmt: skip
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later):
        counts = services.reconcile_jobs(later - datetime.timedelta(minutes=30))

    assert counts == {"后台导出": 2}
    states = dict(StaffExport.objects.values_list("pk", "state"))
    assert states[broken.pk] == ExportState.FAILED
    assert set(states.values()) == {ExportState.DONE, ExportState.FAILED}
