"""The member's 活动报名 and 培训记录 pages (manual 002 §4.1–4.2) through the test client."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import SignUp, SignUpState, TrainingRecord
from tests.activities.helpers import CLOSES, NOW, fresh, make_activity, sign
from tests.conftest import MEMBER_BACKEND
from tests.factories import FirmFactory, LawyerFactory, MemberUserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("activities:list")


@pytest.fixture
def activity():
    return make_activity()


def form_data(**extra):
    return {"gender": "male", "employer": "上海同道律师事务所", "position": "律师", "phone": "1",
            "mobile": "13916292000", "email": "000@123.com", **extra}  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_what_is_open_to_the_member_with_the_manuals_lines(lawyer_client, lawyer, activity):
    make_activity(title="仅兼职", eligible=",part_time,")
    response = lawyer_client.get(LIST)
    text = response.content.decode()
    assert "通过本页面完成活动的报名、取消、请假等事项" in text
    assert "报名范围:专职律师,全部律师事务所,实习人员; 报名人数:100" in text
    assert "报名地点:这里是活动地点; 活动时间:2026-04-30 09:00-2026-04-30 13:00" in text
    assert "报名时间:2026-04-19 00:00-2026-04-28 00:00" in text
    assert "我要报名" in text and "仅兼职" not in text


@time_machine.travel(NOW, tick=False)
def test_signing_up_from_the_detail_page(lawyer_client, lawyer, activity):
    url = reverse("activities:detail", args=[activity.pk])
    page = lawyer_client.get(url).content.decode()
    assert "报名参与活动 test1" in page
    assert "100人（还剩100个名额）" in page
    assert "本次活动报名仅对“专职律师,全部律师事务所,实习人员”开放。" in page
    assert "活动报名时间：2026-04-19 00:00:00 至 2026-04-28 00:00:00（报满即止）" in page
    assert "请您在2026年04月27日之前进行取消报名操作" in page
    assert "提交报名申请" in page

    response = lawyer_client.post(url, form_data())
    assert response.status_code == 302
    signup = SignUp.objects.get()
    assert (signup.name, signup.mobile, signup.state) == (lawyer.name, "13916292000", SignUpState.SIGNED_UP)
    page = lawyer_client.get(url).content.decode()
    assert "您已经报名此活动" in page and "还剩99个名额" in page and "取消报名" in page
    assert "您已报名" in lawyer_client.get(LIST).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_bad_mobile_is_refused_beside_the_field(lawyer_client, activity):
    response = lawyer_client.post(reverse("activities:detail", args=[activity.pk]), form_data(mobile="123"))
    assert response.status_code == 200
    assert "请填写 11 位手机号码。" in response.content.decode()
    assert not SignUp.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_firm_picks_its_lawyers(client):
    activity = make_activity(per_member_limit=2)
    firm = FirmFactory()
    lawyers = LawyerFactory.create_batch(2, firm=firm)
    client.force_login(MemberUserFactory(firm=firm), backend=MEMBER_BACKEND)
    response = client.post(
        reverse("activities:detail", args=[activity.pk]), {"lawyers": [lawyer.pk for lawyer in lawyers], "phone": "020"}
    )
    assert response.status_code == 302
    assert sorted(SignUp.objects.values_list("attendee_id", flat=True)) == sorted(lawyer.pk for lawyer in lawyers)
    assert fresh(activity).ledger.taken == 2


def test_cancel_is_confirmed_then_refused_after_the_deadline(lawyer_client, lawyer, activity):
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, lawyer)
        url = reverse("activities:cancel", args=[signup.code])
        assert "确认取消" in lawyer_client.get(url).content.decode()
    with time_machine.travel(CLOSES - datetime.timedelta(hours=1), tick=False):
        response = lawyer_client.post(url, follow=True)
        assert "取消报名需在活动报名结束 24 小时前进行操作" in response.content.decode()
    signup.refresh_from_db()
    assert signup.state == SignUpState.SIGNED_UP
    with time_machine.travel(NOW, tick=False):
        lawyer_client.post(url)
    signup.refresh_from_db()
    assert signup.state == SignUpState.CANCELLED


def test_the_leave_dialog(lawyer_client, lawyer, activity):
    with time_machine.travel(NOW, tick=False):
        signup = sign(activity, lawyer)
    url = reverse("activities:leave", args=[signup.code])
    with time_machine.travel(CLOSES, tick=False):
        page = lawyer_client.get(url).content.decode()
        assert "活动请假个人申请人" in page and "请假限制须知" in page
        assert "请假原因" in page and "请假附件" in page
        assert "请选择请假原因" in lawyer_client.post(url, {"reason": ""}).content.decode()
        response = lawyer_client.post(url, {"reason": "工作冲突"}, follow=True)
    text = response.content.decode()
    assert "请假成功" in text and "提交工单" in text
    signup.refresh_from_db()
    assert signup.state == SignUpState.ON_LEAVE


@time_machine.travel(NOW, tick=False)
def test_the_sign_up_page_has_a_qr_code_and_a_calendar_file(lawyer_client, lawyer, activity):
    signup = sign(activity, lawyer)
    page = lawyer_client.get(signup.get_absolute_url()).content.decode()
    assert "<svg" in page and signup.code in page
    response = lawyer_client.get(reverse("activities:calendar", args=[signup.code]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:test1" in body and "LOCATION:这里是活动地点" in body


@time_machine.travel(NOW, tick=False)
def test_another_members_sign_up_is_a_404_at_every_address(client, activity):
    signup = sign(activity, LawyerFactory())
    client.force_login(MemberUserFactory(lawyer=LawyerFactory()), backend=MEMBER_BACKEND)
    for name in ("signup", "cancel", "leave", "calendar"):
        assert client.get(reverse(f"activities:{name}", args=[signup.code])).status_code == 404, name
        assert client.post(reverse(f"activities:{name}", args=[signup.code])).status_code == 404, name
    assert SignUp.objects.get().state == SignUpState.SIGNED_UP


def test_the_training_page_shows_the_year_and_the_requirement(lawyer_client, lawyer):
    TrainingRecord.objects.create(lawyer=lawyer, course="职业道德培训", date=datetime.date(2026, 3, 1),
                                  training_type="on_site", hours=Decimal("4"))  # fmt: skip
    TrainingRecord.objects.create(lawyer=lawyer, course="线上课程", date=datetime.date(2026, 5, 1),
                                  training_type="online", hours=Decimal("2"), provider="广东律师学院在线平台")  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        page = lawyer_client.get(reverse("activities:training")).content.decode()
    for text in ("现场培训", "线上培训", "总学时", "6.0 学时", "2026年度培训要求 40", "还差 34.0 学时",
                 "职业道德培训", "广东律师学院在线平台", "手工录入"):  # fmt: skip
        assert text in page, text


def test_a_firm_has_no_training_page(firm_client):
    assert firm_client.get(reverse("activities:training")).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_lists_queries_do_not_grow_with_rows(lawyer_client, lawyer):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert lawyer_client.get(path).status_code == 200
        return len(captured)

    for _ in range(2):
        sign(make_activity(), lawyer)
    queries(LIST), queries(f"{LIST}?tab=mine")  # what a first request caches
    small = queries(LIST), queries(f"{LIST}?tab=mine")
    for _ in range(6):
        sign(make_activity(), lawyer)
    # Publishing pages makes what every page keeps (the site settings) stale: read again once.
    queries(LIST)
    assert (queries(LIST), queries(f"{LIST}?tab=mine")) == small
