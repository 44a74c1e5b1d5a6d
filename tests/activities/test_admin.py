"""Staff's side of 活动报名 in the Wagtail admin (role 活动管理): the lists and the 报名表 export,
one sign-up's page and its actions, 签到 by code and by the list, 结束活动, the import of 培训记录."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import SignUp, SignUpState, TrainingRecord, TrainingSource
from member_center import roles
from portal.uploads.models import Attachment
from tests.activities.helpers import CLOSES, NOW, STARTS, fresh, make_activity, sign
from tests.factories import LawyerFactory, StaffUserFactory
from tests.http import body, csv_rows

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def manager_client(client):
    client.force_login(StaffUserFactory(roles=[roles.ACTIVITY_MANAGERS]))
    return client


@pytest.fixture
def signed():
    activity = make_activity()
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, LawyerFactory(name="王雷"))
    return fresh(activity), signup


def test_staff_without_the_role_are_refused(client, signed):
    activity, _ = signed
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    for name in ("index", "check_in", "close"):
        args = [] if name == "index" else [activity.pk]
        assert client.get(reverse(f"activities_admin:{name}", args=args)).status_code == 403, name


def test_the_activity_page_counts_and_links(manager_client, signed):
    activity, _ = signed
    page = manager_client.get(reverse("activities_admin:activity", args=[activity.pk])).content.decode()
    assert "1 / 100" in page and "报名名单" in page and "候补名单" in page and "请假申请" in page
    assert activity.title in manager_client.get(reverse("activities_admin:index")).content.decode()


def test_the_sign_up_list_filters_by_activity_and_exports_the_form(manager_client, signed):
    activity, _ = signed
    listing = reverse(SignUp.snippet_viewset.get_url_name("list"))
    assert "王雷" in manager_client.get(f"{listing}?activity={activity.pk}").content.decode()
    response = manager_client.get(f"{listing}?activity={activity.pk}&export=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("活动名称", "姓名", "性别")
    assert rows[1][1] == "王雷" and rows[1][6] == "13916292000"


def test_the_activity_filter_shows_only_that_activitys_sign_ups(manager_client, signed):
    activity, _ = signed
    other = make_activity("律师执业技能培训")
    with time_machine.travel(NOW, tick=False):
        sign(other, LawyerFactory(name="李娜"))
    listing = reverse(SignUp.snippet_viewset.get_url_name("list"))

    page = manager_client.get(f"{listing}?activity={other.pk}").content.decode()

    assert "李娜" in page and "王雷" not in page
    assert f'<option value="{other.pk}" selected>律师执业技能培训</option>' in page
    assert f'<option value="{activity.pk}">test1</option>' in page


def test_the_activity_filter_offers_the_newest_and_the_one_asked_for(manager_client, signed, monkeypatch):
    activity, _ = signed
    later = datetime.timedelta(days=30)
    newer = make_activity("新近的活动", starts_at=STARTS + later, ends_at=activity.ends_at + later)
    monkeypatch.setattr("activities.admin_views.FILTER_ACTIVITIES", 1)
    listing = reverse(SignUp.snippet_viewset.get_url_name("list"))

    plain = manager_client.get(listing).content.decode()
    asked = manager_client.get(f"{listing}?activity={activity.pk}").content.decode()

    assert f'<option value="{newer.pk}">新近的活动</option>' in plain
    assert f'value="{activity.pk}"' not in plain
    assert f'<option value="{activity.pk}" selected>test1</option>' in asked and "王雷" in asked


def test_an_activity_that_does_not_exist_is_refused_by_the_filter_not_a_500(manager_client, signed):
    listing = reverse(SignUp.snippet_viewset.get_url_name("list"))

    response = manager_client.get(f"{listing}?activity=999999")

    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


def test_staff_cancel_on_the_sign_ups_page(manager_client, signed):
    _, signup = signed
    url = reverse(SignUp.snippet_viewset.get_url_name("review_action"), args=[signup.pk, "staff_cancel"])
    with time_machine.travel(CLOSES, tick=False):
        refused = manager_client.post(url, {"reason": ""})
        assert "请填写取消原因" in refused.content.decode()
        manager_client.post(url, {"reason": "会员电话申请取消"})
    signup.refresh_from_db()
    assert signup.state == SignUpState.CANCELLED and signup.cancel_reason == "会员电话申请取消"
    page = manager_client.get(reverse(SignUp.snippet_viewset.get_url_name("inspect"), args=[signup.pk]))
    assert "代为取消报名" in page.content.decode()


def test_check_in_by_the_scanned_address_then_by_the_list(manager_client, signed):
    activity, signup = signed
    url = reverse("activities_admin:check_in", args=[activity.pk])
    page = manager_client.get(f"{url}?code={signup.code}").content.decode()
    assert "确认签到" in page and "王雷" in page
    assert SignUp.objects.get().checked_in_at is None  # opening the address changed nothing
    with time_machine.travel(STARTS, tick=False):
        manager_client.post(url, {"code": f"http://x{url}?code={signup.code}", "action": "in"})
    assert SignUp.objects.get().checked_in_at is not None
    with time_machine.travel(STARTS + datetime.timedelta(hours=4), tick=False):
        manager_client.post(url, {"signup": signup.pk, "action": "out"})
    assert SignUp.objects.get().checked_out_at is not None
    response = manager_client.post(url, {"code": "WRONG", "action": "in"}, follow=True)
    assert "签到码无效" in response.content.decode()


def test_closing_the_activity_records_the_hours(manager_client, signed):
    activity, signup = signed
    with time_machine.travel(STARTS, tick=False):
        manager_client.post(reverse("activities_admin:check_in", args=[activity.pk]), {"signup": signup.pk})
    url = reverse("activities_admin:close", args=[activity.pk])
    with time_machine.travel(STARTS + datetime.timedelta(hours=5), tick=False):
        assert "结束活动并记录学时" in manager_client.get(url).content.decode()
        response = manager_client.post(url, follow=True)
    assert "已记录 1 条培训记录" in response.content.decode()
    record = TrainingRecord.objects.get()
    assert (record.lawyer_id, record.hours, record.source) == (
        signup.attendee_id,
        Decimal("4"),
        TrainingSource.ACTIVITY,
    )


def test_closing_an_activity_of_many_seats_loads_them_at_once(manager_client):
    """结束活动 saves every seat: nothing is loaded again per seat (zeal fails the test if it is)."""
    activity = make_activity()
    with time_machine.travel(NOW, tick=False):
        signups = [sign(activity, LawyerFactory()) for _ in range(3)]
    with time_machine.travel(STARTS, tick=False):
        for signup in signups[:2]:
            manager_client.post(reverse("activities_admin:check_in", args=[activity.pk]), {"signup": signup.pk})
    url = reverse("activities_admin:close", args=[activity.pk])
    with time_machine.travel(STARTS + datetime.timedelta(hours=5), tick=False):
        assert manager_client.get(url).status_code == 200
        response = manager_client.post(url, follow=True)
    assert "已记录 2 条培训记录" in response.content.decode()
    assert TrainingRecord.objects.count() == 2


def test_the_files_of_an_activity_come_as_one_zip(manager_client, private_media):
    from activities import services

    activity = make_activity()
    lawyer = LawyerFactory(name="李红")
    with time_machine.travel(NOW, tick=False):
        services.sign_up(activity, lawyer, [services.entry_from_roster(lawyer, mobile="13800000000")],
                         files=[SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")])  # fmt: skip
    assert Attachment.objects.count() == 1
    response = manager_client.get(reverse("activities_admin:attachments", args=[activity.pk]))
    names = zipfile.ZipFile(io.BytesIO(body(response))).namelist()
    assert len(names) == 1 and names[0].startswith("李红_") and names[0].endswith("材料.pdf")


def test_the_import_checks_every_row_then_imports_what_was_shown(manager_client):
    lawyer = LawyerFactory(name="张明文")
    url = reverse("activities_admin:training_import")
    bad = "执业证号,姓名,课程名称,培训日期,培训类型,学时\n{0},张明文,民法典,2026-03-01,线上,2\n{0},王五,刑法,2026/03/02,线上,x\n"
    page = manager_client.post(url, {"file": SimpleUploadedFile("a.csv", bad.format(lawyer.licence_no).encode())})
    text = page.content.decode()
    assert "第 3 行" in text and "不一致" in text and "确认导入" not in text
    assert not TrainingRecord.objects.exists()

    good = "执业证号,课程名称,培训日期,培训类型,学时,培训机构\n{0},民法典,2026-03-01,线上,2,广东律师学院在线平台\n"
    page = manager_client.post(
        url, {"file": SimpleUploadedFile("a.csv", good.format(lawyer.licence_no).encode("gb18030"))}
    )
    assert "确认导入 1 条" in page.content.decode()
    signed_rows = page.context["signed"]
    manager_client.post(url, {"rows": signed_rows})
    manager_client.post(url, {"rows": signed_rows})  # twice: the second adds nothing
    record = TrainingRecord.objects.get()
    assert (record.course, record.hours, record.provider) == ("民法典", Decimal("2.0"), "广东律师学院在线平台")
    assert manager_client.post(url, {"rows": "tampered"}, follow=True).status_code == 200
    assert TrainingRecord.objects.count() == 1


def test_the_sign_up_search_finds_a_name_a_code_a_licence_number_or_a_mobile(signed):
    from activities.admin_views import search_signups

    _, signup = signed
    everyone = SignUp.objects.all()
    for query in ("王雷", "王", signup.code.lower(), signup.attendee.licence_no[-6:], signup.mobile[-4:]):
        assert list(search_signups(everyone, query)) == [signup], query
    assert not search_signups(everyone, "李红").exists()


def test_the_training_record_export_writes_formulas_as_text_under_its_chinese_name(manager_client):
    TrainingRecord.objects.create(
        lawyer=LawyerFactory(name="张明文"), course="=HYPERLINK(1)", date=datetime.date(2026, 4, 20),
        training_type="on_site", hours=4,
    )  # fmt: skip

    response = manager_client.get(reverse(TrainingRecord.snippet_viewset.get_url_name("list")), {"export": "csv"})

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%9F%B9%E8%AE%AD%E8%AE%B0%E5%BD%95.csv"
    rows = csv_rows(response)
    assert rows[1][0].startswith("张明文 ")
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][2] == "2026-04-20"
