"""The member's side of the electronic certificates (manual 001): 我要申请 (the five steps),
我的证明, 申请详情, 撤回申请, 下载证明, 发送邮箱; the firm's 律师列表 and 新增律师; and the
public /verify/ page."""

import datetime
import smtplib
import zoneinfo
from unittest import mock

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import Schedule

from certificates import services, tasks
from certificates.models import (
    AdditionState,
    ApplicationState,
    CertificateApplication,
    CertificateEmail,
    CertificateGroup,
    EmailStatus,
    LawyerAdditionRequest,
    LawyerScope,
    PaperDelivery,
)
from member_center.models import FirmRole, RosterStatus
from tests.factories import DisciplineRecordFactory, FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory
from tests.http import body

from .helpers import (
    APPLY_URL,
    CANCELLED_BODY,
    LAWYER_ADD_URL,
    LAWYER_LIST_URL,
    LIST_URL,
    MEMBER_BACKEND,
    VERIFY_URL,
    CertificateTypeFactory,
    all_errors,
    days_ago,
    field_container,
    field_errors,
    messages_of,
    page_text,
    soup,
    submitted,
    today,
)

S = ApplicationState
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def login(client, user):
    client.force_login(user, backend=MEMBER_BACKEND)
    return client


@pytest.fixture
def staff(db):
    return StaffUserFactory(superuser=True)


@pytest.fixture
def firm_types(db):
    """The firm's types of manual 001 §2.1.1.2 (a selection), plus one for lawyers."""
    return {
        "chosen": CertificateTypeFactory(name="律所+部分律师无行业处分", sort_order=10),
        "all": CertificateTypeFactory(name="律所+全体律师无行业处分", lawyer_scope=LawyerScope.ALL, sort_order=20),
        "firm": CertificateTypeFactory(name="律所无行业处分", lawyer_scope=LawyerScope.NONE, sort_order=30),
        "cancelled": CertificateTypeFactory(
            name="代已注销律师申请无行业处分", lawyer_scope=LawyerScope.CANCELLED, body=CANCELLED_BODY, sort_order=40
        ),
        "manual": CertificateTypeFactory(
            name="律所其他类电子证明",
            group=CertificateGroup.OTHER,
            lawyer_scope=LawyerScope.NONE,
            manual=True,
            sort_order=50,
        ),
    }


@pytest.fixture
def lawyer_types(db):
    return {
        "system": CertificateTypeFactory(name="律师个人无行业处分", for_lawyer=True, sort_order=60),
        "manual": CertificateTypeFactory(
            name="会员身份信息、执业年限证明", for_lawyer=True, manual=True, sort_order=70
        ),
    }


@pytest.fixture
def all_types(firm_types, lawyer_types):
    return {**firm_types, **{f"lawyer_{key}": value for key, value in lawyer_types.items()}}


# --- the wizard ---------------------------------------------------------------------------------------


class Wizard:
    """Drives 我要申请 as the browser does: each step posts its management form and fields."""

    def __init__(self, client, user):
        self.client = client
        self.prefix = f"certificate_apply_{user.pk}"

    @staticmethod
    def url(step: str) -> str:
        return f"{APPLY_URL}{step}/"

    def get(self, step: str):
        return self.client.get(self.url(step))

    def post(self, step: str, fields: dict | None = None, **extra):
        data = {f"{self.prefix}-current_step": step}
        data.update({f"{step}-{name}": value for name, value in (fields or {}).items()})
        data.update(extra)
        return self.client.post(self.url(step), data)

    def back(self, step: str):
        return self.post(step, wizard_goto_step=self.previous(step))

    @staticmethod
    def previous(step: str) -> str:
        order = ["confirm", "choose", "fill", "preview"]
        return order[order.index(step) - 1]

    def confirm(self):
        """Open 我要申请 (as the menu does) and confirm the details."""
        response = self.client.get(APPLY_URL, follow=True)
        assert response.status_code == 200
        return self.post(response.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1])

    def choose(self, certificate_type):
        return self.post("choose", {"certificate_type": certificate_type.pk})

    def fill(self, **fields):
        data = {"email": "apply@example.cn", "start_date": days_ago(365).isoformat(), "paper_needed": "0"}
        data.update(fields)
        return self.post("fill", data)

    def preview(self):
        return self.post("preview")

    def submit(self):
        """Post the preview and follow to the 提交成功 page."""
        response = self.preview()
        assert response.status_code == 302, response
        assert response["Location"] == self.url("done")
        return self.client.get(response["Location"], follow=True)

    def follow(self, response, step):
        """Each accepted step redirects to the next one, which the browser then opens."""
        assert response.status_code == 302, all_errors(soup(response))
        assert response["Location"] == self.url(step)
        return self.client.get(response["Location"])

    def run(self, certificate_type, **fill):
        self.follow(self.confirm(), "choose")
        self.follow(self.choose(certificate_type), "fill")
        return self.follow(self.fill(**fill), "preview")


@pytest.fixture
def firm_wizard(client, firm_user):
    return Wizard(login(client, firm_user), firm_user)


@pytest.fixture
def lawyer_wizard(client, lawyer_user):
    return Wizard(login(client, lawyer_user), lawyer_user)


def widget_value(document, name: str):
    """What the browser would show for the field `name`: a text value, or the checked values."""
    widgets = document.find_all(attrs={"name": name})
    assert widgets, f"no widget named {name!r}"
    first = widgets[0]
    if first.name == "textarea":
        return first.get_text().removeprefix("\n")  # browsers drop the newline after <textarea>
    if first.get("type") in ("radio", "checkbox"):
        return sorted(w["value"] for w in widgets if w.has_attr("checked"))
    return first.get("value")


def test_apply_opens_the_confirm_step_with_the_firms_details(client, firm, firm_user, firm_types):
    firm.office_address = "广州市天河区珠江新城华夏路8号"
    firm.founded_on = datetime.date(2001, 6, 12)
    firm.save()
    login(client, firm_user)
    response = client.get(APPLY_URL)
    assert response.status_code == 302
    assert response["Location"] == Wizard.url("confirm")
    response = client.get(response["Location"])
    text = page_text(response)
    for label in ("律师事务所名称", "办公地址", "执业许可证号", "统一社会信用代码", "律所批准日期"):
        assert label in text
    for value in (firm.name, "广州市天河区珠江新城华夏路8号", firm.licence_no, firm.credit_code, "2001-06-12"):
        assert value in text
    assert "信息无误，下一步" in text
    steps = [li.get_text(" ", strip=True) for li in soup(response).select(".cert-steps li")]
    assert [step.split()[-1] for step in steps] == ["信息确认", "选择证明", "填写信息", "证明预览", "提交证明"]


def test_a_lawyers_confirm_step_shows_the_masked_id_number(client, lawyer, lawyer_user, lawyer_types):
    lawyer.id_number = "440104198001011234"
    lawyer.save()
    login(client, lawyer_user)
    text = page_text(client.get(Wizard.url("confirm")))
    assert "440104********1234" in text
    assert "440104198001011234" not in text
    assert lawyer.name in text and lawyer.licence_no in text and lawyer.firm.name in text


@pytest.mark.parametrize("step", ["choose", "fill", "preview", "done"])
def test_a_later_step_opened_first_sends_the_member_to_the_confirm_step(firm_wizard, firm_types, step):
    response = firm_wizard.get(step)
    assert response.status_code == 302
    assert response["Location"] == Wizard.url("confirm")
    assert not CertificateApplication.objects.exists()


@pytest.mark.parametrize("step", ["fill", "preview", "done"])
def test_a_later_step_opened_after_the_confirm_step_sends_the_member_to_choose(firm_wizard, firm_types, step):
    firm_wizard.confirm()
    response = firm_wizard.get(step)
    assert response["Location"] == Wizard.url("choose")


@pytest.mark.parametrize("step", ["preview", "done"])
def test_a_later_step_opened_before_filling_in_sends_the_member_to_fill(firm_wizard, firm_types, step):
    firm_wizard.confirm()
    firm_wizard.choose(firm_types["firm"])
    response = firm_wizard.get(step)
    assert response["Location"] == Wizard.url("fill")
    assert not CertificateApplication.objects.exists()


def test_an_unknown_step_goes_back_to_the_start(firm_wizard, firm_types):
    response = firm_wizard.get("nonsense")
    assert response.status_code == 302
    assert response["Location"] == Wizard.url("confirm")


def test_choosing_nothing_asks_for_a_type(firm_wizard, firm_types):
    firm_wizard.confirm()
    response = firm_wizard.post("choose")
    assert response.status_code == 200
    assert "请选择需要申请的电子证明类型。" in all_errors(soup(response))


def test_a_firm_is_offered_its_types_and_the_lawyer_types_to_apply_for_on_a_lawyers_behalf(firm_wizard, all_types):
    firm_wizard.confirm()
    response = firm_wizard.get("choose")
    offered = {int(radio["value"]) for radio in soup(response).select("input[name='choose-certificate_type']")}
    assert offered == {t.pk for t in all_types.values()}
    text = page_text(response)
    assert "律所相关证明" in text and "其他证明" in text
    assert "律师个人证明" in text and "律师个人无行业处分" in text


def test_a_lawyer_sees_only_the_lawyer_types(lawyer_wizard, all_types):
    lawyer_wizard.confirm()
    response = lawyer_wizard.get("choose")
    offered = {int(radio["value"]) for radio in soup(response).select("input[name='choose-certificate_type']")}
    assert offered == {all_types["lawyer_system"].pk, all_types["lawyer_manual"].pk}
    text = page_text(response)
    assert "律师个人证明" in text
    assert "律所+部分律师无行业处分" not in text


def test_the_choose_step_shows_a_sample_of_each_type(firm_wizard, firm_types):
    firm_wizard.confirm()
    document = soup(firm_wizard.get("choose"))
    sample = document.select_one(f"#sample-{firm_types['chosen'].pk}")
    assert "查看示样" in sample.get_text()
    assert "广州示例律师事务所" in sample.get_text()


def test_a_company_lawyers_office_is_offered_no_type(client, all_types):
    office = FirmFactory(office=True)
    wizard = Wizard(login(client, MemberUserFactory(firm=office)), office.account)
    wizard.confirm()
    response = wizard.get("choose")
    assert soup(response).select("input[name='choose-certificate_type']") == []
    assert "当前没有可申请的电子证明类型。" in page_text(response)


def test_an_inactive_type_is_not_offered(firm_wizard, firm_types):
    firm_types["firm"].active = False
    firm_types["firm"].save()
    firm_wizard.confirm()
    document = soup(firm_wizard.get("choose"))
    offered = {int(radio["value"]) for radio in document.select("input[name='choose-certificate_type']")}
    assert firm_types["firm"].pk not in offered
    assert firm_wizard.choose(firm_types["firm"]).status_code == 200


def test_the_fill_step_lists_the_firms_practising_lawyers_to_choose_from(firm_wizard, firm, firm_types):
    practising = LawyerFactory(firm=firm, name="冯在职")
    LawyerFactory(firm=firm, name="褚已销", cancelled=True)
    LawyerFactory(name="卫他所")
    firm_wizard.confirm()
    firm_wizard.choose(firm_types["chosen"])
    response = firm_wizard.get("fill")
    document = soup(response)
    assert firm_types["chosen"].name in page_text(response)
    offered = {int(box["value"]) for box in document.select("input[name='fill-lawyers']")}
    assert offered == {practising.pk}
    assert "冯在职" in page_text(response)
    assert "褚已销" not in page_text(response) and "卫他所" not in page_text(response)


def test_the_cancelled_scope_lists_only_the_firms_cancelled_lawyers(firm_wizard, firm, firm_types):
    LawyerFactory(firm=firm, name="冯在职")
    cancelled = LawyerFactory(firm=firm, name="褚已销", cancelled=True)
    firm_wizard.confirm()
    firm_wizard.choose(firm_types["cancelled"])
    document = soup(firm_wizard.get("fill"))
    assert {int(box["value"]) for box in document.select("input[name='fill-lawyers']")} == {cancelled.pk}
    assert "选择已注销律师" in document.get_text()


def test_a_type_without_lawyers_has_no_lawyer_picker(firm_wizard, firm, firm_types):
    LawyerFactory(firm=firm)
    firm_wizard.confirm()
    firm_wizard.choose(firm_types["firm"])
    assert soup(firm_wizard.get("fill")).find(attrs={"name": "fill-lawyers"}) is None


# --- 填写信息: each error beside its field, the rest kept -------------------------------------------


@pytest.fixture
def at_fill(firm_wizard, firm, firm_types):
    """The firm's wizard at 填写信息 for 律所+部分律师无行业处分, with two lawyers to choose."""
    firm_wizard.lawyers = [LawyerFactory(firm=firm, name="蒋一"), LawyerFactory(firm=firm, name="沈二")]
    firm_wizard.follow(firm_wizard.confirm(), "choose")
    firm_wizard.follow(firm_wizard.choose(firm_types["chosen"]), "fill")
    return firm_wizard


def valid_fill(wizard, **overrides):
    fields = {
        "lawyers": [str(wizard.lawyers[0].pk)],
        "start_date": "2024-03-01",
        "email": "office@gx-law.cn",
        "paper_needed": "0",
        "remarks": "用于投标",
    }
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


def refill(wizard, **overrides):
    response = wizard.post("fill", valid_fill(wizard, **overrides))
    assert response.status_code == 200, "the step was accepted"
    return soup(response)


def assert_kept(document, wizard, except_for=()):
    expected = {
        "fill-email": "office@gx-law.cn",
        "fill-start_date": "2024-03-01",
        "fill-remarks": "用于投标",
        "fill-lawyers": [str(wizard.lawyers[0].pk)],
    }
    for name, value in expected.items():
        if name not in except_for:
            assert widget_value(document, name) == value, name


def test_a_missing_email_is_reported_beside_the_email_field(at_fill):
    document = refill(at_fill, email=None)
    assert field_errors(document, "fill-email") == ["请填写联系邮箱。"]
    assert field_errors(document, "fill-start_date") == []
    assert_kept(document, at_fill, except_for=["fill-email"])


def test_a_malformed_email_is_reported_and_kept(at_fill):
    document = refill(at_fill, email="office@")
    assert field_errors(document, "fill-email") == ["请输入有效的邮箱地址，例如 name@example.com。"]
    assert widget_value(document, "fill-email") == "office@"
    assert_kept(document, at_fill, except_for=["fill-email"])


def test_a_missing_start_date_is_reported(at_fill):
    document = refill(at_fill, start_date=None)
    assert field_errors(document, "fill-start_date") == ["请选择起始时间。"]
    assert_kept(document, at_fill, except_for=["fill-start_date"])


@pytest.mark.parametrize("typed", ["0001-01-01", "0199-05-01", "1899-12-31"])
def test_a_start_date_before_1900_is_refused_beside_the_field(at_fill, typed):
    document = refill(at_fill, start_date=typed)
    [message] = field_errors(document, "fill-start_date")
    assert message.startswith("请输入 1900-01-01 至 ") and message.endswith("之间的日期。")
    assert_kept(document, at_fill, except_for=["fill-start_date"])


def test_a_start_date_in_the_future_is_refused(at_fill):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    document = refill(at_fill, start_date=tomorrow)
    assert field_errors(document, "fill-start_date") == ["起始时间不能晚于今天。"]
    assert widget_value(document, "fill-start_date") == tomorrow
    assert_kept(document, at_fill, except_for=["fill-start_date"])


def test_a_paper_copy_needs_a_number_of_copies_and_a_delivery(at_fill):
    document = refill(at_fill, paper_needed="1")
    assert field_errors(document, "fill-paper_copies") == ["请填写申请数量。"]
    assert field_errors(document, "fill-paper_delivery") == ["请选择领取方式。"]
    assert widget_value(document, "fill-paper_needed") == ["1"]
    assert_kept(document, at_fill)


def test_a_paper_copy_needs_at_least_one_copy(at_fill):
    document = refill(at_fill, paper_needed="1", paper_copies="0", paper_delivery="pickup")
    assert field_errors(document, "fill-paper_copies") == ["申请数量至少为 1 份。"]
    assert widget_value(document, "fill-paper_delivery") == ["pickup"]


def test_a_mailed_copy_needs_the_recipient_details(at_fill):
    document = refill(at_fill, paper_needed="1", paper_copies="2", paper_delivery="mail")
    assert field_errors(document, "fill-recipient_name") == ["请填写收件人。"]
    assert field_errors(document, "fill-recipient_phone") == ["请填写收件电话。"]
    assert field_errors(document, "fill-recipient_address") == ["请填写收件地址。"]
    assert widget_value(document, "fill-paper_copies") == "2"
    assert widget_value(document, "fill-paper_delivery") == ["mail"]
    assert_kept(document, at_fill)


def test_a_malformed_recipient_phone_is_refused(at_fill):
    document = refill(
        at_fill,
        paper_needed="1",
        paper_copies="1",
        paper_delivery="mail",
        recipient_name="韩收件",
        recipient_phone="12345",
        recipient_address="广州市越秀区府前路1号",
    )
    assert field_errors(document, "fill-recipient_phone") == [
        "请输入有效的手机号码或固定电话，例如 13800138000 或 020-83550600。"
    ]
    assert widget_value(document, "fill-recipient_name") == "韩收件"
    assert widget_value(document, "fill-recipient_phone") == "12345"
    assert widget_value(document, "fill-recipient_address") == "广州市越秀区府前路1号"


@pytest.mark.parametrize("phone", ["13800138000", "020-83550600", "02083550600"])
def test_mobile_and_landline_numbers_are_accepted(at_fill, phone):
    response = at_fill.post(
        "fill",
        valid_fill(
            at_fill,
            paper_needed="1",
            paper_copies="1",
            paper_delivery="mail",
            recipient_name="韩收件",
            recipient_phone=phone,
            recipient_address="广州市越秀区府前路1号",
        ),
    )
    assert response.status_code == 302


def test_remarks_over_100_characters_are_refused(at_fill):
    document = refill(at_fill, remarks="备" * 101)
    assert field_errors(document, "fill-remarks") == ["备注说明不能超过 100 个字（当前 101 个）。"]
    assert widget_value(document, "fill-remarks").strip() == "备" * 101
    assert_kept(document, at_fill, except_for=["fill-remarks"])


def test_remarks_of_exactly_100_characters_are_accepted(at_fill):
    assert at_fill.post("fill", valid_fill(at_fill, remarks="备" * 100)).status_code == 302


def test_a_type_for_chosen_lawyers_needs_a_lawyer(at_fill):
    document = refill(at_fill, lawyers=None)
    assert field_errors(document, "fill-lawyers") == ["请选择律师。"]
    assert_kept(document, at_fill, except_for=["fill-lawyers"])


def test_a_lawyer_of_another_firm_posted_by_id_is_refused(at_fill):
    foreign = LawyerFactory(name="外所律师")
    document = refill(at_fill, lawyers=[str(at_fill.lawyers[0].pk), str(foreign.pk)])
    assert field_errors(document, "fill-lawyers") == ["所选律师不在本所名单中，请重新选择。"]
    assert "外所律师" not in document.get_text()
    assert_kept(document, at_fill, except_for=["fill-lawyers"])


def test_the_cancelled_scope_takes_one_lawyer_only(firm_wizard, firm, firm_types):
    cancelled = LawyerFactory.create_batch(2, firm=firm, cancelled=True)
    firm_wizard.confirm()
    firm_wizard.choose(firm_types["cancelled"])
    response = firm_wizard.fill(lawyers=[str(lawyer.pk) for lawyer in cancelled])
    assert field_errors(soup(response), "fill-lawyers") == ["代已注销律师申请时，请只选择一名已注销的律师。"]


def test_the_required_fields_carry_the_red_star(at_fill):
    document = soup(at_fill.get("fill"))
    for name in ("fill-start_date", "fill-email", "fill-paper_needed", "fill-paper_copies", "fill-recipient_name"):
        assert field_container(document, name).select_one(".required"), name
    assert field_container(document, "fill-remarks").select_one(".required") is None


# --- 证明预览 and 提交证明 ------------------------------------------------------------------------------


def test_the_preview_shows_the_certificate_with_the_firm_and_the_chosen_lawyers(at_fill, firm):
    at_fill.post("fill", valid_fill(at_fill, lawyers=[str(lawyer.pk) for lawyer in at_fill.lawyers]))
    response = at_fill.get("preview")
    assert response.status_code == 200
    certificate = soup(response).select_one(".certificate").get_text()
    assert firm.name in certificate
    assert f"蒋一律师（执业证号：{at_fill.lawyers[0].licence_no}）" in certificate
    assert "沈二律师" in certificate
    assert "自2024年03月01日至此证明作出之日" in certificate
    assert "编号：（提交后生成）" in certificate
    text = page_text(response)
    assert "当前申请的电子证明审核方式为：系统审核" in text
    assert "确认信息无误，提交申请" in text
    assert not CertificateApplication.objects.exists()


def test_the_preview_of_a_manual_type_says_manual_review(firm_wizard, firm_types):
    firm_wizard.run(firm_types["manual"])
    assert "当前申请的电子证明审核方式为：人工审核" in page_text(firm_wizard.get("preview"))


def review_route_text(response) -> str:
    return soup(response).select_one("[data-review-route]").get_text(" ", strip=True)


def test_the_preview_says_manual_review_and_why_when_a_chosen_lawyer_has_a_record(at_fill):
    DisciplineRecordFactory(
        lawyer=at_fill.lawyers[0], decided_on=datetime.date(2024, 6, 3), summary="内部备注：投诉人为某公司。"
    )
    at_fill.post("fill", valid_fill(at_fill))
    text = review_route_text(at_fill.get("preview"))
    assert "当前申请的电子证明审核方式为：人工审核" in text
    assert f"蒋一（{at_fill.lawyers[0].licence_no}）" in text
    assert "2024年06月03日" in text
    assert "通报批评" in text
    assert "内部备注" not in text
    assert not CertificateApplication.objects.exists()


def test_the_preview_says_system_review_when_the_record_is_before_the_start_date(at_fill):
    DisciplineRecordFactory(lawyer=at_fill.lawyers[0], decided_on=datetime.date(2024, 2, 1))
    at_fill.post("fill", valid_fill(at_fill))
    text = review_route_text(at_fill.get("preview"))
    assert "系统审核" in text
    assert "人工审核" not in text


def test_the_preview_and_the_submission_take_the_same_route(at_fill):
    DisciplineRecordFactory(lawyer=at_fill.lawyers[0], decided_on=datetime.date(2024, 6, 3))
    at_fill.post("fill", valid_fill(at_fill))
    previewed = review_route_text(at_fill.get("preview"))
    at_fill.submit()
    application = CertificateApplication.objects.get()
    assert application.state == S.PENDING
    route = services.application_route(application)
    assert route.manual and route.reason in previewed
    assert [f"{r['subject']}：{r['decided_on']}，{r['kind']}" in previewed for r in route.records] == [True]


def test_the_detail_page_says_why_an_application_waits_for_manual_review(list_client, firm):
    punished = LawyerFactory(firm=firm, name="李红")
    DisciplineRecordFactory(lawyer=punished, decided_on=days_ago(30), summary="内部备注")
    certificate_type = CertificateTypeFactory(name="律所+部分律师无行业处分")
    application = submitted(firm, certificate_type, chosen_lawyers=[punished])
    text = page_text(list_client.get(application.get_absolute_url()))
    assert "审核方式 人工审核（等待协会人工审核）" in text
    assert f"李红（{punished.licence_no}）" in text
    assert "通报批评" in text
    assert "内部备注" not in text


def test_the_detail_page_of_a_system_approved_certificate_says_system_review(list_client, firm):
    application = submitted(firm, CertificateTypeFactory(lawyer_scope=LawyerScope.NONE))
    text = page_text(list_client.get(application.get_absolute_url()))
    assert "审核方式 系统审核" in text
    assert "须人工审核" not in text


def test_submitting_creates_one_application_and_shows_the_success_page(at_fill, firm):
    at_fill.post("fill", valid_fill(at_fill))
    response = at_fill.submit()
    assert CertificateApplication.objects.count() == 1
    application = CertificateApplication.objects.get()
    assert response.redirect_chain[-1][0] == f"/member/certificates/submitted/{application.number}/"
    text = page_text(response)
    assert "提交成功" in text
    assert application.number in text
    document = soup(response)
    assert document.find("a", string="再次申请")["href"] == f"{APPLY_URL}?reset=1"
    assert document.find("a", string="查看证明")["href"] == application.get_absolute_url()
    assert application.applicant_firm == firm
    assert application.email == "office@gx-law.cn"
    assert application.start_date == datetime.date(2024, 3, 1)
    assert application.remarks == "用于投标"
    assert list(application.lawyers.all()) == [at_fill.lawyers[0]]
    assert application.state == S.PASSED


def test_the_submission_is_audited_as_the_member(at_fill, firm_user):
    at_fill.post("fill", valid_fill(at_fill))
    at_fill.submit()
    application = CertificateApplication.objects.get()
    submitted_entries = [
        entry
        for entry in LogEntry.objects.get_for_object(application)
        if (entry.additional_data or {}).get("事件") == "提交申请"
    ]
    assert [entry.actor for entry in submitted_entries] == [firm_user]


def test_reloading_the_done_page_creates_no_second_application(at_fill):
    at_fill.post("fill", valid_fill(at_fill))
    at_fill.submit()
    again = at_fill.get("done")
    assert again.status_code == 302
    assert again["Location"] == Wizard.url("confirm")
    assert CertificateApplication.objects.count() == 1


def test_a_double_click_on_submit_creates_one_application(at_fill):
    at_fill.post("fill", valid_fill(at_fill))
    first, second = at_fill.preview(), at_fill.preview()
    assert first["Location"] == second["Location"] == Wizard.url("done")
    at_fill.client.get(first["Location"])
    at_fill.client.get(second["Location"])
    assert CertificateApplication.objects.count() == 1


def test_applying_again_after_a_submission_creates_a_second_application(firm_wizard, firm_types):
    firm_wizard.run(firm_types["firm"])
    firm_wizard.submit()
    firm_wizard.client.get(f"{APPLY_URL}?reset=1")
    firm_wizard.run(firm_types["firm"])
    firm_wizard.submit()
    assert CertificateApplication.objects.count() == 2


def test_a_lawyer_applies_for_a_personal_certificate(lawyer_wizard, lawyer, lawyer_types):
    lawyer_wizard.run(lawyer_types["system"])
    response = lawyer_wizard.submit()
    application = CertificateApplication.objects.get()
    assert application.applicant_lawyer == lawyer
    assert application.applicant_firm is None
    assert "提交成功" in page_text(response)
    assert lawyer.name in soup(lawyer_wizard.client.get(application.get_absolute_url())).select_one(".certificate").text


def test_a_pending_submission_says_it_waits_for_review(firm_wizard, firm_types):
    firm_wizard.run(firm_types["manual"])
    text = page_text(firm_wizard.submit())
    assert "申请状态：待审批" in text


def test_the_wizard_keeps_the_typed_values_across_a_reload(at_fill):
    at_fill.post("fill", valid_fill(at_fill))
    document = soup(at_fill.get("fill"))
    assert_kept(document, at_fill)
    assert widget_value(document, "fill-paper_needed") == ["0"]


def test_the_wizard_keeps_the_chosen_type_across_a_reload(at_fill, firm_types):
    document = soup(at_fill.get("choose"))
    assert widget_value(document, "choose-certificate_type") == [str(firm_types["chosen"].pk)]


def test_the_back_button_on_the_preview_returns_to_the_filled_in_form(at_fill):
    at_fill.post("fill", valid_fill(at_fill))
    response = at_fill.back("preview")
    assert response.status_code == 302
    assert response["Location"] == Wizard.url("fill")
    assert_kept(soup(at_fill.client.get(response["Location"])), at_fill)


def test_the_back_button_on_the_fill_step_returns_to_the_chosen_type(at_fill, firm_types):
    response = at_fill.back("fill")
    assert response["Location"] == Wizard.url("choose")
    document = soup(at_fill.client.get(response["Location"]))
    assert widget_value(document, "choose-certificate_type") == [str(firm_types["chosen"].pk)]


def test_going_back_and_choosing_the_same_type_keeps_the_details(at_fill, firm_types):
    at_fill.post("fill", valid_fill(at_fill))
    at_fill.back("preview")
    at_fill.back("fill")
    assert at_fill.choose(firm_types["chosen"])["Location"] == Wizard.url("fill")
    assert_kept(soup(at_fill.get("fill")), at_fill)


def test_choosing_another_type_starts_the_details_afresh(at_fill, firm_types):
    at_fill.post("fill", valid_fill(at_fill))
    at_fill.back("preview")
    at_fill.back("fill")
    at_fill.choose(firm_types["firm"])
    document = soup(at_fill.get("fill"))
    assert widget_value(document, "fill-email") is None
    assert at_fill.get("preview")["Location"] == Wizard.url("fill")


def test_a_lawyer_who_left_the_firm_after_filling_in_sends_the_member_back(at_fill):
    at_fill.post("fill", valid_fill(at_fill))
    departed = at_fill.lawyers[0]
    departed.firm = FirmFactory()
    departed.save()
    response = at_fill.get("preview")
    assert response.status_code == 302
    assert response["Location"] == Wizard.url("fill")
    assert field_errors(soup(at_fill.get("fill")), "fill-lawyers") == ["所选律师不在本所名单中，请重新选择。"]


def test_a_type_deactivated_before_submission_sends_the_member_back_to_choose(firm_wizard, firm_types):
    firm_wizard.run(firm_types["firm"])
    firm_types["firm"].active = False
    firm_types["firm"].save()
    response = firm_wizard.client.get(firm_wizard.preview()["Location"], follow=True)
    assert response.redirect_chain == [(Wizard.url("choose"), 302)]
    assert "该证明类型当前不可申请，请重新选择。" in all_errors(soup(response))
    assert not CertificateApplication.objects.exists()


def test_the_wizard_needs_a_member(client, staff):
    assert client.get(Wizard.url("confirm")).status_code == 302  # anonymous: to the login page
    client.force_login(staff)
    assert client.get(Wizard.url("confirm")).status_code == 403


# --- 我的证明 ---------------------------------------------------------------------------------------


def make_application(member, certificate_type, state=S.PENDING, by=None, **fields):
    """An application of `member` brought into `state` by the services."""
    application = submitted(member, certificate_type, **fields)
    staff = by or StaffUserFactory(superuser=True)
    if state == S.PENDING:
        return application
    if state == S.WITHDRAWN:
        return services.withdraw(application, by=None)
    if state == S.REJECTED:
        return services.reject(application, by=staff, reason="起始时间填写有误，请重新申请")
    application = services.approve(application, by=staff)
    if state == S.REVOKED:
        application = services.revoke(application, by=staff, reason="律所信息变更，证明作废")
    return application


@pytest.fixture
def list_client(client, firm_user):
    return login(client, firm_user)


def rows(response) -> list[dict]:
    """The table of 我的证明 as {column: cell} dicts (the cells carry data-label)."""
    return [
        {cell["data-label"]: cell for cell in row.select("td[data-label]")}
        for row in soup(response).select("table.mc-table tbody tr")
    ]


def cell_text(row, column) -> str:
    return row[column].get_text(" ", strip=True)


@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_my_certificates_filtered_by_a_date_before_1900_says_so(list_client, firm, firm_types, field):
    make_application(firm, firm_types["manual"])
    response = list_client.get(LIST_URL, {field: "0001-01-01"})
    assert response.status_code == 200
    assert "之间的日期。" in page_text(response)


def test_my_certificates_has_the_manuals_columns(list_client, firm, firm_types):
    make_application(firm, firm_types["manual"])
    headers = [th.get_text(strip=True) for th in soup(list_client.get(LIST_URL)).select("table.mc-table thead th")]
    assert headers == ["编号", "申请类型", "邮箱", "申请时间↓", "审核时间", "申请状态", "审核结果", "操作"]


def test_my_certificates_shows_status_and_result_of_each_state(list_client, firm, firm_types):
    manual = firm_types["manual"]
    expected = {
        make_application(firm, manual, S.PENDING).number: ("待审批", ""),
        make_application(firm, manual, S.PASSED).number: ("已审批", "通过"),
        make_application(firm, manual, S.REJECTED).number: ("已审批", "驳回"),
        make_application(firm, manual, S.WITHDRAWN).number: ("已撤回", ""),
        make_application(firm, manual, S.REVOKED).number: ("已审批", "通过（已撤销）"),
    }
    table = {cell_text(row, "编号"): row for row in rows(list_client.get(LIST_URL))}
    assert set(table) == set(expected)
    for number, (status, result) in expected.items():
        assert cell_text(table[number], "申请状态") == status
        assert cell_text(table[number], "审核结果") == result
        assert cell_text(table[number], "申请类型") == "律所其他类电子证明"
        assert cell_text(table[number], "邮箱") == "apply@example.cn"


def test_the_review_date_shows_once_reviewed(list_client, firm, firm_types):
    pending = make_application(firm, firm_types["manual"])
    passed = make_application(firm, firm_types["manual"], S.PASSED)
    table = {cell_text(row, "编号"): row for row in rows(list_client.get(LIST_URL))}
    assert cell_text(table[pending.number], "审核时间") == ""
    local = passed.reviewed_at.astimezone(SHANGHAI)
    assert cell_text(table[passed.number], "审核时间") == f"{local:%Y年%m月%d日}"


def test_only_passed_certificates_can_be_emailed_or_downloaded(list_client, firm, firm_types):
    manual = firm_types["manual"]
    passed = make_application(firm, manual, S.PASSED)
    others = [make_application(firm, manual, state) for state in (S.PENDING, S.REJECTED, S.WITHDRAWN, S.REVOKED)]
    table = {cell_text(row, "编号"): row for row in rows(list_client.get(LIST_URL))}
    actions = table[passed.number]["操作"]
    assert actions.find("a", string="查看")["href"] == passed.get_absolute_url()
    assert actions.find("a", string="下载")["href"] == f"/member/certificates/{passed.number}/download/"
    assert actions.find("a", string="发送邮箱")["href"].startswith(f"/member/certificates/{passed.number}/email/")
    assert "发送邮箱" in actions.get_text()
    for application in others:
        actions = table[application.number]["操作"]
        assert actions.find("a", string="查看") is not None
        assert "下载" not in actions.get_text()
        assert "发送邮箱" not in actions.get_text()


def test_my_certificates_is_newest_first(list_client, firm, firm_types):
    numbers = []
    for day in (1, 3, 2):
        with time_machine.travel(datetime.datetime(2025, 3, day, 10, 0, tzinfo=SHANGHAI), tick=False):
            numbers.append(make_application(firm, firm_types["manual"], start_date=datetime.date(2025, 1, 1)).number)
    listed = [cell_text(row, "编号") for row in rows(list_client.get(LIST_URL))]
    assert listed == ["2503030001", "2503020001", "2503010001"]


def test_my_certificates_shows_only_the_members_own_applications(list_client, firm, firm_types, lawyer_types):
    own = make_application(firm, firm_types["manual"])
    make_application(FirmFactory(), firm_types["manual"])
    make_application(LawyerFactory(firm=firm), lawyer_types["manual"])
    assert [cell_text(row, "编号") for row in rows(list_client.get(LIST_URL))] == [own.number]


def test_my_certificates_filters_by_type(list_client, firm, firm_types):
    wanted = make_application(firm, firm_types["manual"])
    make_application(firm, firm_types["firm"])
    response = list_client.get(LIST_URL, {"certificate_type": firm_types["manual"].pk})
    assert [cell_text(row, "编号") for row in rows(response)] == [wanted.number]
    assert "总数：1" in page_text(response)


def test_my_certificates_filters_by_the_day_of_application_in_guangzhou(list_client, firm, firm_types):
    def applied_at(*args):
        with time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False):
            return make_application(firm, firm_types["manual"], start_date=datetime.date(2025, 1, 1)).number

    before = applied_at(2025, 3, 9, 23, 59)
    late_evening = applied_at(2025, 3, 10, 23, 30)  # 15:30 UTC, still the 10th in Guangzhou
    early_morning = applied_at(2025, 3, 11, 0, 30)  # 16:30 UTC on the 10th, the 11th in Guangzhou
    after = applied_at(2025, 3, 12, 9, 0)

    def listed(**query):
        return {cell_text(row, "编号") for row in rows(list_client.get(LIST_URL, query))}

    assert listed(date_from="2025-03-10", date_to="2025-03-10") == {late_evening}
    assert listed(date_from="2025-03-10", date_to="2025-03-11") == {late_evening, early_morning}
    assert listed(date_from="2025-03-11") == {early_morning, after}
    assert listed(date_to="2025-03-09") == {before}


def test_a_reversed_date_range_is_explained(list_client, firm, firm_types):
    make_application(firm, firm_types["manual"])
    response = list_client.get(LIST_URL, {"date_from": "2025-03-10", "date_to": "2025-03-01"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in all_errors(soup(response))


def test_the_filter_keeps_its_values_and_has_a_reset_link(list_client, firm, firm_types):
    make_application(firm, firm_types["manual"])
    document = soup(list_client.get(LIST_URL, {"certificate_type": firm_types["manual"].pk, "date_from": "2025-03-10"}))
    assert widget_value(document, "date_from") == "2025-03-10"
    selected = document.select_one("select[name='certificate_type'] option[selected]")
    assert selected["value"] == str(firm_types["manual"].pk)
    assert document.find("a", string="重置")["href"] == LIST_URL


def current_page(response) -> tuple[str, int]:
    """(the page marked current, the number of pages) in the pagination bar."""
    bar = soup(response).select_one("nav[aria-label='分页']")
    pages = [item.get_text(strip=True) for item in bar.select("a, span") if item.get_text(strip=True).isdigit()]
    return bar.select_one("[aria-current='page']").get_text(strip=True), len(pages)


def test_my_certificates_shows_ten_per_page(list_client, firm, firm_types):
    for _ in range(23):
        make_application(firm, firm_types["manual"])
    first = list_client.get(LIST_URL)
    assert len(rows(first)) == 10
    assert "总数：23" in page_text(first)
    assert current_page(first) == ("1", 3)
    third = list_client.get(LIST_URL, {"page": 3})
    assert len(rows(third)) == 3
    assert current_page(third) == ("3", 3)
    numbers = [cell_text(row, "编号") for page in (1, 2, 3) for row in rows(list_client.get(LIST_URL, {"page": page}))]
    assert len(set(numbers)) == 23


def test_the_pagination_links_keep_the_filter(list_client, firm, firm_types):
    for _ in range(11):
        make_application(firm, firm_types["manual"])
    document = soup(list_client.get(LIST_URL, {"certificate_type": firm_types["manual"].pk}))
    link = document.find("a", string="下一页")["href"]
    assert f"certificate_type={firm_types['manual'].pk}" in link
    assert "page=2" in link


@pytest.mark.parametrize(("page_number", "shown"), [("abc", "1"), ("999", "2"), ("-1", "2"), ("", "1")])
def test_a_bad_page_number_does_not_fail(list_client, firm, firm_types, page_number, shown):
    for _ in range(12):
        make_application(firm, firm_types["manual"])
    response = list_client.get(LIST_URL, {"page": page_number})
    assert response.status_code == 200
    assert current_page(response) == (shown, 2)


def test_an_empty_list_invites_to_apply(list_client):
    response = list_client.get(LIST_URL)
    assert "暂无申请记录" in page_text(response)


def test_the_list_needs_the_same_queries_for_3_and_30_applications(list_client, firm, firm_types, private_media):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert list_client.get(LIST_URL).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            application = make_application(firm, firm_types["manual"], S.PASSED if i % 2 else S.PENDING)
            if i % 4 == 1:
                services.request_email(application, by=None)

    add(3)
    count_queries()  # the first request of the suite may create the site settings row
    with_three = count_queries()
    add(27)
    with_thirty = count_queries()
    assert with_thirty == with_three


# --- 申请详情 and 撤回申请 ---------------------------------------------------------------------------


def detail_facts(response) -> dict[str, str]:
    facts = {}
    for item in soup(response).select(".cert-detail__info dl > div"):
        facts[item.dt.get_text(strip=True)] = item.dd.get_text(" ", strip=True)
    return facts


def test_the_detail_page_shows_everything_submitted(list_client, firm, firm_types):
    lawyers = [LawyerFactory(firm=firm, name="杨甲"), LawyerFactory(firm=firm, name="朱乙")]
    application = make_application(
        firm,
        firm_types["chosen"],
        chosen_lawyers=lawyers,
        start_date=datetime.date(2022, 10, 6),
        email="office@gx-law.cn",
        paper_needed=True,
        paper_copies=2,
        paper_delivery=PaperDelivery.MAIL,
        recipient_name="秦收件",
        recipient_phone="13800138000",
        recipient_address="广州市越秀区府前路1号",
        remarks="投标使用",
    )
    response = list_client.get(application.get_absolute_url())
    assert response.status_code == 200
    facts = detail_facts(response)
    assert facts["编号"] == application.number
    assert facts["申请人"] == firm.name
    assert facts["申请类型"] == "律所+部分律师无行业处分"
    in_snapshot_order = sorted(lawyers, key=lambda lawyer: (lawyer.name, lawyer.licence_no))
    assert facts["选择律师"] == "、".join(f"{lawyer.name}（{lawyer.licence_no}）" for lawyer in in_snapshot_order)
    assert facts["起始时间"] == "2022年10月06日"
    assert facts["接收邮箱"] == "office@gx-law.cn"
    assert facts["申请时间"].startswith(f"{today():%Y年%m月%d日}")
    assert facts["申请状态"].startswith("已审批")
    assert "审核结果：通过" in facts["申请状态"]
    assert "（系统审核）" in facts["审核时间"]
    assert facts["纸质证明"] == "需要"
    assert facts["申请数量"] == "2"
    assert facts["领取方式"] == "邮寄（待邮寄）"
    assert (facts["收件人"], facts["收件电话"], facts["收件地址"]) == ("秦收件", "13800138000", "广州市越秀区府前路1号")
    assert facts["备注说明"] == "投标使用"
    certificate = soup(response).select_one(".certificate").get_text()
    assert firm.name in certificate and "杨甲律师" in certificate and "朱乙律师" in certificate
    assert f"编号：{application.number}" in certificate
    assert f"验证码：{application.verification_code}" in certificate


def test_the_detail_page_of_a_passed_certificate_offers_download_and_email(list_client, firm, firm_types):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    document = soup(list_client.get(application.get_absolute_url()))
    actions = document.select_one(".cert-actions")
    assert actions.find("a", string="下载证明")["href"] == f"/member/certificates/{application.number}/download/"
    assert "发送邮箱" in actions.get_text()
    assert "撤回申请" not in actions.get_text()


def test_the_detail_page_of_a_pending_application_offers_withdrawal_only(list_client, firm, firm_types):
    application = make_application(firm, firm_types["manual"])
    response = list_client.get(application.get_absolute_url())
    actions = soup(response).select_one(".cert-actions")
    assert actions.find("a", string="撤回申请")["href"] == f"/member/certificates/{application.number}/withdraw/"
    assert "下载证明" not in actions.get_text()
    assert "发送邮箱" not in actions.get_text()
    assert "等待协会人工审核" in page_text(response)


def test_withdrawing_asks_for_confirmation_first(list_client, firm, firm_types):
    application = make_application(firm, firm_types["manual"])
    response = list_client.get(f"/member/certificates/{application.number}/withdraw/")
    assert response.status_code == 200
    assert "确定撤回申请" in page_text(response)
    assert "确认撤回" in page_text(response)
    application.refresh_from_db()
    assert application.state == S.PENDING


def test_withdrawing_a_pending_application(list_client, firm, firm_types, firm_user):
    application = make_application(firm, firm_types["manual"])
    response = list_client.post(f"/member/certificates/{application.number}/withdraw/")
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN
    assert f"申请 {application.number} 已撤回。" in messages_of(response)
    table = {cell_text(row, "编号"): row for row in rows(list_client.get(LIST_URL))}
    assert cell_text(table[application.number], "申请状态") == "已撤回"


@pytest.mark.parametrize("state", [S.PASSED, S.REJECTED, S.WITHDRAWN, S.REVOKED])
def test_only_a_pending_application_can_be_withdrawn(list_client, firm, firm_types, state):
    application = make_application(firm, firm_types["manual"], state)
    url = f"/member/certificates/{application.number}/withdraw/"
    assert "撤回申请" not in soup(list_client.get(application.get_absolute_url())).select_one(".cert-actions").text
    response = list_client.get(url)
    assert response["Location"] == application.get_absolute_url()
    assert "只有待审批的申请可以撤回。" in messages_of(response)
    response = list_client.post(url)
    assert response["Location"] == application.get_absolute_url()
    assert any("不能撤回申请" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.state == state


def test_the_member_sees_why_staff_rejected_the_application(list_client, firm, firm_types, staff):
    application = make_application(firm, firm_types["manual"])
    services.reject(application, by=staff, reason="起始时间早于律所成立日期")
    facts = detail_facts(list_client.get(application.get_absolute_url()))
    assert facts["驳回理由"] == "起始时间早于律所成立日期"
    assert "审核结果：驳回" in facts["申请状态"]


def test_the_member_sees_why_a_certificate_was_revoked(list_client, firm, firm_types, staff):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    with time_machine.travel(datetime.datetime(2025, 3, 10, 15, 0, tzinfo=SHANGHAI), tick=False):
        services.revoke(application, by=staff, reason="律所名称已变更")
    response = list_client.get(application.get_absolute_url())
    facts = detail_facts(response)
    assert facts["撤销理由"] == "律所名称已变更（2025年03月10日撤销）"
    assert "下载证明" not in soup(response).select_one(".cert-actions").get_text()


# --- 下载证明 -----------------------------------------------------------------------------------------


@pytest.fixture
def issued(firm, firm_types, staff, private_media, django_capture_on_commit_callbacks):
    """A passed certificate of the firm whose PDF has been rendered."""
    application = submitted(firm, firm_types["manual"], email="office@gx-law.cn")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, by=staff)
    application.refresh_from_db()
    assert application.pdf
    return application


def test_a_passed_certificate_downloads_as_a_pdf_attachment(list_client, issued):
    response = list_client.get(f"/member/certificates/{issued.number}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert issued.number in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert body(response).startswith(b"%PDF")


def test_a_certificate_still_rendering_says_so(list_client, firm, firm_types, staff, private_media):
    application = make_application(firm, firm_types["manual"], S.PASSED)  # the job has not run
    response = list_client.get(f"/member/certificates/{application.number}/download/")
    assert response.status_code == 202
    assert "证明文件生成中" in page_text(response)


def test_a_revoked_certificate_cannot_be_downloaded(list_client, issued, staff):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 15, 0, tzinfo=SHANGHAI), tick=False):
        services.revoke(issued, by=staff, reason="律所名称已变更")
    response = list_client.get(f"/member/certificates/{issued.number}/download/")
    assert response.status_code == 302
    assert response["Location"] == issued.get_absolute_url()
    [message] = messages_of(response)
    assert "撤销" in message and "不能下载" in message and "律所名称已变更" in message


def test_the_revocation_date_in_the_download_message_is_the_local_day(list_client, issued, staff):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 7, 0, tzinfo=SHANGHAI), tick=False):
        services.revoke(issued, by=staff, reason="律所名称已变更")
    response = list_client.get(f"/member/certificates/{issued.number}/download/")
    [message] = messages_of(response)
    assert "2025年03月10日" in message


@pytest.mark.parametrize("state", [S.PENDING, S.REJECTED, S.WITHDRAWN])
def test_an_unissued_application_has_nothing_to_download(list_client, firm, firm_types, state):
    application = make_application(firm, firm_types["manual"], state)
    assert list_client.get(f"/member/certificates/{application.number}/download/").status_code == 404


def test_an_unknown_number_is_not_found(list_client):
    assert list_client.get("/member/certificates/2501010001/").status_code == 404
    assert list_client.get("/member/certificates/2501010001/download/").status_code == 404


# --- 发送邮箱 -----------------------------------------------------------------------------------------


def email_url(application) -> str:
    return f"/member/certificates/{application.number}/email/"


def test_sending_mails_the_pdf_to_the_applications_address(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    assert response.status_code == 302
    assert response["Location"] == issued.get_absolute_url()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["office@gx-law.cn"]
    assert issued.number in message.subject
    assert issued.verification_code in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"{issued.number}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    email = CertificateEmail.objects.get()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert any("office@gx-law.cn" in text for text in messages_of(response))


def test_the_detail_page_shows_when_the_mail_was_sent(list_client, issued, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(datetime.datetime(2025, 3, 10, 9, 30, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    item = soup(list_client.get(issued.get_absolute_url())).select_one(".mc-list li")
    text = item.get_text(" ", strip=True)
    assert "office@gx-law.cn" in text
    assert "已发送" in text
    assert "2025-03-10 09:30" in text


def test_sending_from_the_list_returns_to_the_list(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = list_client.post(email_url(issued), {"to": "office@gx-law.cn", "next": f"{LIST_URL}?page=1"})
    assert response["Location"] == f"{LIST_URL}?page=1"
    row = rows(list_client.get(LIST_URL))[0]
    assert "已发送" in cell_text(row, "操作")


def test_sending_never_redirects_to_another_site(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = list_client.post(email_url(issued), {"to": "office@gx-law.cn", "next": "https://evil.example/phish"})
    assert response["Location"] == issued.get_absolute_url()


def test_sending_asks_for_the_address_prefilled_with_the_applications(list_client, issued):
    response = list_client.get(email_url(issued))
    assert response.status_code == 200
    assert widget_value(soup(response), "to") == "office@gx-law.cn"
    assert not CertificateEmail.objects.exists()


def test_the_certificate_can_be_sent_to_another_address(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        list_client.post(email_url(issued), {"to": "partner@other-law.cn"})
    assert mail.outbox[0].to == ["partner@other-law.cn"]
    entry = LogEntry.objects.filter(additional_data__event="certificates.application.request_email").get()
    assert entry.additional_data["to"] == "partner@other-law.cn"


@pytest.mark.parametrize(
    ("typed", "error"), [("", "请填写收件邮箱。"), ("partner@", "请输入有效的邮箱地址，例如 name@example.com。")]
)
def test_a_missing_or_malformed_address_is_reported_and_kept(list_client, issued, typed, error):
    response = list_client.post(email_url(issued), {"to": typed})
    document = soup(response)
    assert field_errors(document, "to") == [error]
    assert (widget_value(document, "to") or "") == typed
    assert not CertificateEmail.objects.exists()


def test_sending_one_certificate_is_limited_beside_the_field(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(services.EMAILS_PER_APPLICATION):
            assert list_client.post(email_url(issued), {"to": "office@gx-law.cn"}).status_code == 302
        response = list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    assert response.status_code == 429
    assert field_errors(soup(response), "to") == ["这份证明 10 分钟内已发送 3 次，请 10 分钟后再试。"]
    assert CertificateEmail.objects.count() == services.EMAILS_PER_APPLICATION


def test_sending_is_limited_per_account_across_certificates(
    list_client, issued, firm, firm_types, staff, django_capture_on_commit_callbacks
):
    certificates = [issued]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            application = submitted(firm, firm_types["manual"], email="office@gx-law.cn")
            services.approve(application, by=staff)
            certificates.append(application)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(services.EMAILS_PER_ACCOUNT):
            list_client.post(email_url(certificates[n % 3]), {"to": "office@gx-law.cn"})
        for cache in caches.all():
            cache.clear()  # the limit is kept in the database: a cache clear does not reset it
        response = list_client.post(email_url(certificates[2]), {"to": "office@gx-law.cn"})
    assert response.status_code == 429
    assert field_errors(soup(response), "to") == ["发送过于频繁，请 10 分钟后再试。"]
    assert CertificateEmail.objects.count() == services.EMAILS_PER_ACCOUNT


def test_sending_opens_again_after_the_window(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(services.EMAILS_PER_APPLICATION):
            list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    CertificateEmail.objects.update(created_at=timezone.now() - services.EMAIL_WINDOW)
    assert list_client.post(email_url(issued), {"to": "office@gx-law.cn"}).status_code == 302


def test_another_members_certificate_cannot_be_sent(client, issued):
    login(client, MemberUserFactory(firm=FirmFactory()))
    assert client.get(email_url(issued)).status_code == 404
    assert client.post(email_url(issued), {"to": "x@example.cn"}).status_code == 404


def test_an_unissued_application_cannot_be_mailed(list_client, firm, firm_types):
    application = make_application(firm, firm_types["manual"])
    response = list_client.post(email_url(application), {"to": "office@gx-law.cn"})
    assert response["Location"] == application.get_absolute_url()
    assert "证明审核通过后才能发送邮箱。" in messages_of(response)
    assert not CertificateEmail.objects.exists()
    assert mail.outbox == []


def test_a_revoked_certificate_cannot_be_mailed(list_client, issued, staff):
    services.revoke(issued, by=staff, reason="律所名称已变更")
    response = list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    assert "证明审核通过后才能发送邮箱。" in messages_of(response)
    assert not CertificateEmail.objects.exists()


def failing_send():
    return mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("421 服务暂不可用"), autospec=True
    )


def test_a_failed_mail_is_retried_later(list_client, issued, django_capture_on_commit_callbacks):
    with failing_send(), django_capture_on_commit_callbacks(execute=True):
        list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    email = CertificateEmail.objects.get()
    assert email.status == EmailStatus.QUEUED
    assert email.get_status_display() == "发送中"
    assert email.attempts == 1
    assert "421" in email.last_error
    retry = Schedule.objects.get(name=f"certificate-email-{email.pk}-retry-1")
    assert retry.func == "certificates.tasks.send_certificate_email"
    assert retry.schedule_type == Schedule.ONCE
    assert retry.next_run > email.updated_at
    assert mail.outbox == []
    text = soup(list_client.get(issued.get_absolute_url())).select_one(".mc-list").get_text()
    assert "发送中" in text and "上次发送失败，系统将自动重试" in text


def test_a_mail_that_fails_three_times_is_given_up(list_client, issued, django_capture_on_commit_callbacks):
    with failing_send():
        with django_capture_on_commit_callbacks(execute=True):
            list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
        email = CertificateEmail.objects.get()
        tasks.send_certificate_email(email.pk)
        email.refresh_from_db()
        assert email.status == EmailStatus.QUEUED
        assert Schedule.objects.filter(name=f"certificate-email-{email.pk}-retry-2").exists()
        tasks.send_certificate_email(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 3
    assert Schedule.objects.filter(name__startswith=f"certificate-email-{email.pk}-").count() == 2
    detail = soup(list_client.get(issued.get_absolute_url())).select_one(".mc-list").get_text()
    assert "发送失败" in detail
    assert "多次重试仍失败" in detail
    assert "发送失败" in cell_text(rows(list_client.get(LIST_URL))[0], "操作")


def test_a_retry_that_succeeds_sends_the_mail(list_client, issued, django_capture_on_commit_callbacks):
    with failing_send(), django_capture_on_commit_callbacks(execute=True):
        list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    email = CertificateEmail.objects.get()
    tasks.send_certificate_email(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(mail.outbox) == 1


def test_a_sent_mail_is_not_sent_again_by_a_late_retry(list_client, issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        list_client.post(email_url(issued), {"to": "office@gx-law.cn"})
    tasks.send_certificate_email(CertificateEmail.objects.get().pk)
    assert len(mail.outbox) == 1


def test_the_pdf_is_rendered_for_the_mail_if_the_job_has_not_run_yet(
    list_client, firm, firm_types, private_media, django_capture_on_commit_callbacks
):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    assert not application.pdf
    with django_capture_on_commit_callbacks(execute=True):
        list_client.post(email_url(application), {"to": "office@gx-law.cn"})
    assert mail.outbox[0].attachments[0][1].startswith(b"%PDF")


def test_a_pdf_that_fails_to_render_is_retried_like_a_failed_mail(firm, firm_types, private_media):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    email = CertificateEmail.objects.create(application=application, to=application.email)
    with mock.patch("certificates.tasks.render_pdf", side_effect=OSError("font cache unavailable")):
        tasks.send_certificate_email(email.pk)
    email.refresh_from_db()
    assert email.attempts == 1
    assert email.last_error
    assert Schedule.objects.filter(name=f"certificate-email-{email.pk}-retry-1").exists()


# --- isolation ----------------------------------------------------------------------------------------


@pytest.fixture(params=["another_firm", "a_lawyer_of_the_firm", "a_lawyer_elsewhere"])
def intruder(request, client, firm):
    """Another member: a second firm, a lawyer of the same firm, a lawyer of another firm."""
    if request.param == "another_firm":
        user = MemberUserFactory(firm=FirmFactory())
    elif request.param == "a_lawyer_of_the_firm":
        user = MemberUserFactory(lawyer=LawyerFactory(firm=firm))
    else:
        user = MemberUserFactory(lawyer=LawyerFactory())
    return login(client, user)


@pytest.mark.parametrize("state", [S.PENDING, S.PASSED])
def test_another_member_gets_404_for_every_url_of_an_application(
    intruder, issued, firm, firm_types, state, django_capture_on_commit_callbacks
):
    application = issued if state == S.PASSED else make_application(firm, firm_types["manual"])
    before = CertificateApplication.objects.filter(pk=application.pk).values().get()
    base = f"/member/certificates/{application.number}/"
    with django_capture_on_commit_callbacks(execute=True):
        responses = {
            "detail": intruder.get(base),
            "withdraw (GET)": intruder.get(f"{base}withdraw/"),
            "withdraw (POST)": intruder.post(f"{base}withdraw/"),
            "download": intruder.get(f"{base}download/"),
            "email": intruder.post(f"{base}email/"),
            "submitted": intruder.get(f"/member/certificates/submitted/{application.number}/"),
        }
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 404)
    for response in responses.values():
        assert application.applicant_name not in response.content.decode()
    assert CertificateApplication.objects.filter(pk=application.pk).values().get() == before
    assert not CertificateEmail.objects.exists()
    assert mail.outbox == []


def test_another_members_list_does_not_show_the_application(intruder, issued):
    response = intruder.get(LIST_URL)
    assert issued.number not in response.content.decode()


def test_a_lawyer_cannot_open_the_firms_lawyer_pages(lawyer_client):
    assert lawyer_client.get(LAWYER_LIST_URL).status_code == 404
    assert lawyer_client.get(LAWYER_ADD_URL).status_code == 404
    assert lawyer_client.post(LAWYER_ADD_URL, {"name": "x"}).status_code == 404
    assert not LawyerAdditionRequest.objects.exists()


def test_the_member_pages_need_a_login(client, issued):
    for url in (LIST_URL, issued.get_absolute_url(), f"{issued.get_absolute_url()}download/", LAWYER_LIST_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/member/login/")


def test_a_firm_struck_off_the_roster_loses_access_to_its_certificates(client, firm, firm_user, issued):
    login(client, firm_user)
    assert client.get(LIST_URL).status_code == 200
    firm.status = RosterStatus.CANCELLED
    firm.save()
    for url in (LIST_URL, issued.get_absolute_url(), f"{issued.get_absolute_url()}download/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert issued.number not in response.content.decode()


def test_a_member_who_must_change_the_password_is_sent_there_first(client, firm):
    login(client, MemberUserFactory(firm=firm, lawyer=None, must_change_password=True))
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"] == "/member/password/"


# --- 律师列表 and 新增律师 -----------------------------------------------------------------------------


@pytest.fixture
def roster(firm):
    return {
        "head": LawyerFactory(firm=firm, name="卢主任", firm_role=FirmRole.HEAD, licence_no="14401200011111111"),
        "lawyer": LawyerFactory(firm=firm, name="何律师", licence_no="14401200022222222"),
        "cancelled": LawyerFactory(firm=firm, name="吕已销", cancelled=True),
        "elsewhere": LawyerFactory(name="施他所"),
    }


def lawyer_rows(response) -> list[dict[str, str]]:
    return [
        {cell["data-label"]: cell.get_text(strip=True) for cell in row.select("td[data-label]")}
        for row in soup(response).select("table.mc-table tbody tr")
    ]


def test_the_lawyer_list_shows_the_firms_practising_lawyers(firm_client, roster):
    response = firm_client.get(LAWYER_LIST_URL)
    assert response.status_code == 200
    headers = [th.get_text(strip=True) for th in soup(response).select("table.mc-table thead th")]
    assert headers == ["姓名", "执业证号", "所内身份", "执业类别", "状态"]
    listed = sorted(lawyer_rows(response), key=lambda row: row["执业证号"])  # by name, in the database's collation
    assert listed == [
        {"姓名": "卢主任", "执业证号": "14401200011111111", "所内身份": "负责人", "执业类别": "专职", "状态": "执业"},
        {"姓名": "何律师", "执业证号": "14401200022222222", "所内身份": "律师", "执业类别": "专职", "状态": "执业"},
    ]
    text = page_text(response)
    assert "吕已销" not in text and "施他所" not in text


def test_the_lawyer_list_can_show_the_cancelled_lawyers(firm_client, roster):
    names = [row["姓名"] for row in lawyer_rows(firm_client.get(LAWYER_LIST_URL, {"status": RosterStatus.CANCELLED}))]
    assert names == ["吕已销"]


@pytest.mark.parametrize(("query", "expected"), [("卢", ["卢主任"]), ("22222", ["何律师"]), ("施他所", [])])
def test_the_lawyer_list_is_searchable_by_name_and_licence_number(firm_client, roster, query, expected):
    response = firm_client.get(LAWYER_LIST_URL, {"q": query})
    names = [row["姓名"] for row in lawyer_rows(response) if "执业证号" in row]
    assert names == expected
    assert widget_value(soup(response), "q") == query


def test_the_lawyer_list_never_shows_another_firms_lawyer_by_licence(firm_client, roster):
    response = firm_client.get(LAWYER_LIST_URL, {"q": roster["elsewhere"].licence_no})
    assert roster["elsewhere"].licence_no not in [row.get("执业证号") for row in lawyer_rows(response)]
    assert "没有符合条件的律师。" in page_text(response)


def addition_form(**overrides) -> dict:
    data = {
        "name": "孔新来",
        "gender": "female",
        "licence_no": "14401202388888888",
        "id_number": "440104199203035678",
        "practice_type": "full_time",
        "firm_role": "lawyer",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_adding_a_lawyer_creates_a_pending_request(firm_client, firm):
    response = firm_client.post(LAWYER_ADD_URL, addition_form())
    assert response.status_code == 302
    assert response["Location"] == LAWYER_LIST_URL
    addition = LawyerAdditionRequest.objects.get()
    assert addition.firm == firm
    assert addition.state == AdditionState.PENDING
    assert (addition.name, addition.licence_no, addition.id_number) == (
        "孔新来",
        "14401202388888888",
        "440104199203035678",
    )
    listing = firm_client.get(LAWYER_LIST_URL)
    assert "已提交新增律师 孔新来" in " ".join([*messages_of(response), page_text(listing)])
    additions = soup(listing).select_one(".mc-list").get_text(" ", strip=True)
    assert "孔新来" in additions and "待确认" in additions
    assert "孔新来" not in [row.get("姓名") for row in lawyer_rows(listing)]


def test_an_id_number_ending_in_x_is_stored_upper_case(firm_client):
    firm_client.post(LAWYER_ADD_URL, addition_form(id_number="44010419920303567x"))
    assert LawyerAdditionRequest.objects.get().id_number == "44010419920303567X"


@pytest.mark.parametrize("field", ["licence_no", "id_number"])
def test_a_lawyer_already_in_the_roster_is_refused_with_the_ticket_advice(firm_client, roster, field):
    existing = roster["elsewhere"]
    response = firm_client.post(LAWYER_ADD_URL, addition_form(**{field: getattr(existing, field)}))
    assert response.status_code == 200
    alert = soup(response).select_one(".mc-alert--error").get_text()
    assert "工单" in alert
    assert not LawyerAdditionRequest.objects.exists()
    document = soup(response)
    assert widget_value(document, "name") == "孔新来"
    assert widget_value(document, field) == getattr(existing, field)


def test_a_second_request_for_the_same_lawyer_is_refused(firm_client):
    firm_client.post(LAWYER_ADD_URL, addition_form())
    response = firm_client.post(LAWYER_ADD_URL, addition_form())
    assert "请勿重复提交" in soup(response).select_one(".mc-alert--error").get_text()
    assert LawyerAdditionRequest.objects.count() == 1


def test_lawyer_form_errors_are_shown_beside_their_fields_and_the_rest_is_kept(firm_client):
    response = firm_client.post(
        LAWYER_ADD_URL, addition_form(licence_no="1440", id_number="44010419920303567", name=None)
    )
    assert response.status_code == 200
    document = soup(response)
    assert field_errors(document, "licence_no") == ["执业证号为 17 位数字。"]
    assert field_errors(document, "id_number") == ["身份证号为 18 位，最后一位可以是 X。"]
    assert field_errors(document, "name")
    assert field_errors(document, "practice_type") == []
    assert widget_value(document, "licence_no") == "1440"
    assert widget_value(document, "id_number") == "44010419920303567"
    assert widget_value(document, "gender") == ["female"]
    assert not LawyerAdditionRequest.objects.exists()


# --- /verify/ -----------------------------------------------------------------------------------------


@pytest.fixture
def fresh_rate_limit():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def verify(client, number, code, **extra):
    return client.get(VERIFY_URL, {"number": number, "code": code}, **extra)


def verify_result(response) -> str:
    result = soup(response).select_one(".verify__result")
    return result.get_text(" ", strip=True) if result else ""


NOT_FOUND = "未找到与该证明编号和验证码相符的证明"


def test_verify_shows_a_valid_certificate(client, fresh_rate_limit, firm, firm_types):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        application = make_application(firm, firm_types["manual"], S.PASSED, start_date=datetime.date(2024, 1, 1))
    response = verify(client, application.number, application.verification_code)
    assert response.status_code == 200
    result = verify_result(response)
    assert "有效" in result
    assert "律所其他类电子证明" in result
    assert firm.name in result
    assert "2025年03月10日" in result
    assert application.number in result


def test_verify_accepts_a_lower_case_code_and_spaces(client, fresh_rate_limit, firm, firm_types):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    response = verify(client, f" {application.number} ", f" {application.verification_code.lower()} ")
    assert "有效" in verify_result(response)


def test_verify_shows_a_revoked_certificate_with_the_reason(client, fresh_rate_limit, firm, firm_types):
    application = make_application(firm, firm_types["manual"], S.REVOKED)
    result = verify_result(verify(client, application.number, application.verification_code))
    assert "已撤销" in result
    assert "律所信息变更，证明作废" in result
    assert "有效" not in result


@pytest.mark.parametrize("case", ["wrong code", "unknown number", "pending", "rejected", "withdrawn"])
def test_verify_answers_every_miss_with_the_same_neutral_message(client, fresh_rate_limit, firm, firm_types, case):
    passed = make_application(firm, firm_types["manual"], S.PASSED)
    state = {"pending": S.PENDING, "rejected": S.REJECTED, "withdrawn": S.WITHDRAWN}.get(case)
    target = make_application(firm, firm_types["manual"], state) if state else passed
    number, code = target.number, target.verification_code
    if case == "wrong code":
        code = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    if case == "unknown number":
        number = "2001010001"
    response = verify(client, number, code)
    assert response.status_code == 200
    assert verify_result(response) == f"{NOT_FOUND}，请核对后重试。"
    assert firm.name not in page_text(response)
    assert "律所其他类电子证明" not in page_text(response)


def test_verify_never_shows_id_numbers_or_emails(client, fresh_rate_limit, lawyer, lawyer_types):
    application = make_application(lawyer, lawyer_types["manual"], S.PASSED, email="private.mail@example.cn")
    body = verify(client, application.number, application.verification_code).content.decode()
    assert "有效" in body
    assert lawyer.id_number not in body
    assert lawyer.id_number[-6:] not in body
    assert "private.mail@example.cn" not in body
    assert "example.cn" not in body


def test_verify_without_a_query_shows_the_form(db, client, fresh_rate_limit):
    response = client.get(VERIFY_URL)
    assert response.status_code == 200
    document = soup(response)
    assert document.find(attrs={"name": "number"}) is not None
    assert document.find(attrs={"name": "code"}) is not None
    assert verify_result(response) == ""


def test_verify_with_both_fields_empty_says_what_is_missing_beside_each(db, client, fresh_rate_limit):
    document = soup(client.get(VERIFY_URL, {"number": "", "code": ""}))

    assert document.find(id="verify-number-error").get_text() == "请填写证明编号。"
    assert document.find(id="verify-code-error").get_text() == "请填写验证码。"


def test_verify_with_only_the_number_asks_for_the_code_and_keeps_the_number(db, client, fresh_rate_limit):
    document = soup(client.get(VERIFY_URL, {"number": "2503010001", "code": ""}))

    assert document.find(id="verify-number-error") is None
    assert document.find(id="verify-code-error").get_text() == "请填写验证码。"
    assert document.find(attrs={"name": "number"})["value"] == "2503010001"


def test_verify_echoes_the_query_escaped(db, client, fresh_rate_limit):
    body = verify(client, '"><script>alert(1)</script>', "<b>").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body or "&quot;&gt;" in body


def test_verify_is_limited_to_20_attempts_per_address_in_10_minutes(client, fresh_rate_limit, firm, firm_types):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    for attempt in range(20):
        response = verify(client, "2001010001", f"WRONG{attempt:03d}")
        assert response.status_code == 200, attempt
    refused = verify(client, application.number, application.verification_code)
    assert refused.status_code == 429
    assert "查询过于频繁" in page_text(refused)
    assert "有效" not in verify_result(refused)
    other_address = verify(client, application.number, application.verification_code, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200
    assert "有效" in verify_result(other_address)


def test_verify_accepts_attempts_again_after_10_minutes(client, fresh_rate_limit, firm, firm_types):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    start = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False):
        for attempt in range(21):
            response = verify(client, "2001010001", f"WRONG{attempt:03d}")
        assert response.status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        assert verify(client, application.number, application.verification_code).status_code == 200


# --- a certificate not in force never passes for one -------------------------------------------------


def detail_certificate(client, application):
    return soup(client.get(application.get_absolute_url())).select_one(".cert-detail__document .certificate")


@pytest.mark.parametrize(
    ("state", "mark", "note"),
    [
        (S.PENDING, "样张·未生效", "审核通过后出具证明"),
        (S.REJECTED, "样张·未生效", "申请已驳回，本证明未出具。"),
        (S.WITHDRAWN, "样张·未生效", "申请已撤回，本证明未出具。"),
        (S.REVOKED, "已撤销", "本证明已被撤销，不再有效。"),
    ],
)
def test_a_certificate_not_in_force_shows_no_seal_code_or_qr(list_client, firm, firm_types, state, mark, note):
    application = make_application(firm, firm_types["manual"], state)
    certificate = detail_certificate(list_client, application)
    assert certificate.select_one(".certificate__mark").get_text() == mark
    assert note in certificate.get_text()
    assert certificate.select_one(".certificate__seal") is None
    assert certificate.select_one(".certificate__qr") is None
    assert application.verification_code not in certificate.get_text()


def test_an_issued_certificate_is_sealed_with_its_code_and_qr(list_client, firm, firm_types):
    application = make_application(firm, firm_types["manual"], S.PASSED)
    certificate = detail_certificate(list_client, application)
    assert certificate.select_one(".certificate__mark") is None
    assert certificate.select_one(".certificate__qr") is not None
    assert f"验证码：{application.verification_code}" in certificate.get_text()


# --- the lawyer picker -------------------------------------------------------------------------


def test_the_picker_lists_the_lawyers_in_pinyin_order(firm_wizard, firm, firm_types):
    for name in ("张三", "蔡四", "安五"):  # by code point: 安 张 蔡
        LawyerFactory(firm=firm, name=name)
    firm_wizard.confirm()
    firm_wizard.choose(firm_types["chosen"])
    rows = soup(firm_wizard.get("fill")).select("tr[data-lawyer-row]")
    assert [row["data-name"] for row in rows] == ["安五", "蔡四", "张三"]


def test_the_chosen_names_are_listed_beside_the_picker(at_fill):
    document = refill(at_fill, lawyers=[str(lawyer.pk) for lawyer in at_fill.lawyers], email="office@")
    names = document.select_one("[data-picked-names]")
    assert [span.get_text() for span in names.select("span")] == ["蒋一", "沈二"]
    assert names.find_parent("details") is None  # still shown when the picker is closed


# --- 我的证明: filters, order, 再次申请 ---------------------------------------------------------------


def test_my_certificates_filters_by_application_status(list_client, firm, firm_types):
    manual = firm_types["manual"]
    made = {state: make_application(firm, manual, state) for state in (S.PENDING, S.PASSED, S.REJECTED, S.WITHDRAWN)}

    def listed(status):
        return {cell_text(row, "编号") for row in rows(list_client.get(LIST_URL, {"status": status}))}

    assert listed("pending") == {made[S.PENDING].number}
    assert listed("reviewed") == {made[S.PASSED].number, made[S.REJECTED].number}
    assert listed("withdrawn") == {made[S.WITHDRAWN].number}


def test_my_certificates_filters_by_review_result(list_client, firm, firm_types):
    manual = firm_types["manual"]
    made = {state: make_application(firm, manual, state) for state in (S.PENDING, S.PASSED, S.REJECTED)}

    def listed(result):
        return {cell_text(row, "编号") for row in rows(list_client.get(LIST_URL, {"result": result}))}

    assert listed("rejected") == {made[S.REJECTED].number}  # the dashboard's 已驳回 link
    assert listed("passed") == {made[S.PASSED].number}


def test_my_certificates_sorts_by_application_time_both_ways(list_client, firm, firm_types):
    for day in (1, 3, 2):
        with time_machine.travel(datetime.datetime(2025, 3, day, 10, 0, tzinfo=SHANGHAI), tick=False):
            make_application(firm, firm_types["manual"], start_date=datetime.date(2025, 1, 1))
    document = soup(list_client.get(LIST_URL))
    link = document.find("a", class_="mc-sort")["href"]
    assert "order=oldest" in link
    listed = [cell_text(row, "编号") for row in rows(list_client.get(LIST_URL + link))]
    assert listed == ["2503010001", "2503020001", "2503030001"]
    assert "order=newest" in soup(list_client.get(LIST_URL + link)).find("a", class_="mc-sort")["href"]


def test_the_type_filter_lists_only_the_types_the_member_applied_for(list_client, firm, firm_types):
    make_application(firm, firm_types["manual"])
    document = soup(list_client.get(LIST_URL))
    options = [o.get_text() for o in document.select("select[name='certificate_type'] option")]
    assert options == ["全部", firm_types["manual"].name]


def test_the_review_time_shows_for_a_withdrawn_application(list_client, firm, firm_types):
    application = make_application(firm, firm_types["manual"])
    with time_machine.travel(datetime.datetime(2025, 4, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.withdraw(application, by=None)
    row = rows(list_client.get(LIST_URL))[0]
    assert cell_text(row, "审核时间") == "2025年04月02日"


def reapply_url(application) -> str:
    return f"/member/certificates/{application.number}/reapply/"


@pytest.fixture
def rejected(firm):
    lawyer = LawyerFactory(firm=firm, name="蒋一")
    certificate_type = CertificateTypeFactory(name="律所+部分律师证明（人工审核）", manual=True)
    application = submitted(
        firm, certificate_type, chosen_lawyers=[lawyer], email="office@gx-law.cn", remarks="用于投标",
        start_date=datetime.date(2024, 3, 1),
    )  # fmt: skip
    return services.reject(application, by=StaffUserFactory(superuser=True), reason="起始时间填写有误")


def test_reapplying_opens_the_wizard_filled_in_from_the_rejected_application(list_client, firm_user, rejected):
    response = list_client.post(reapply_url(rejected))
    assert response["Location"] == Wizard.url("confirm")
    assert CertificateApplication.objects.count() == 1
    wizard = Wizard(list_client, firm_user)
    assert f"被驳回的申请 {rejected.number}" in page_text(wizard.get("confirm"))
    wizard.follow(wizard.confirm(), "choose")
    choose = soup(wizard.get("choose"))
    assert widget_value(choose, "choose-certificate_type") == [str(rejected.certificate_type_id)]
    wizard.follow(wizard.post("choose", {"certificate_type": rejected.certificate_type_id}), "fill")
    fill = soup(wizard.get("fill"))
    assert widget_value(fill, "fill-email") == "office@gx-law.cn"
    assert widget_value(fill, "fill-start_date") == "2024-03-01"
    assert widget_value(fill, "fill-remarks") == "用于投标"
    assert widget_value(fill, "fill-lawyers") == [str(rejected.lawyers.get().pk)]


def test_a_double_click_on_reapply_then_submit_creates_one_new_application(list_client, firm_user, rejected):
    list_client.post(reapply_url(rejected))
    list_client.post(reapply_url(rejected))
    wizard = Wizard(list_client, firm_user)
    wizard.post("confirm")
    wizard.post("choose", {"certificate_type": rejected.certificate_type_id})
    wizard.post("fill", {"lawyers": [str(rejected.lawyers.get().pk)], "start_date": "2024-06-01",
                         "email": "office@gx-law.cn", "paper_needed": "0"})  # fmt: skip
    wizard.submit()
    list_client.get(wizard.preview()["Location"])
    assert CertificateApplication.objects.count() == 2
    assert CertificateApplication.objects.exclude(pk=rejected.pk).get().start_date == datetime.date(2024, 6, 1)


def test_only_a_rejected_application_can_be_reapplied_for(list_client, firm, firm_types):
    passed = make_application(firm, firm_types["manual"], S.PASSED)
    response = list_client.post(reapply_url(passed))
    assert response["Location"] == passed.get_absolute_url()
    assert "只有已驳回的申请可以再次申请。" in messages_of(list_client.get(response["Location"]))


def test_another_members_application_cannot_be_reapplied_for(client, rejected):
    login(client, MemberUserFactory(firm=FirmFactory()))
    assert client.post(reapply_url(rejected)).status_code == 404


def test_the_rejected_application_offers_reapply(list_client, rejected):
    row = rows(list_client.get(LIST_URL))[0]
    assert row["操作"].find("button", string="再次申请") is not None
    assert soup(list_client.get(rejected.get_absolute_url())).find("button", string="再次申请") is not None


# --- 新增律师: every missing field said in the portal's own words --------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("name", "请填写姓名。"),
        ("gender", "请选择性别。"),
        ("licence_no", "请填写执业证号。"),
        ("id_number", "请填写身份证号。"),
        ("practice_type", "请选择执业类别。"),
        ("firm_role", "请选择所内身份。"),
    ],
)
def test_a_missing_field_of_the_lawyer_addition_is_named_in_chinese(firm_client, name, message):
    response = firm_client.post(LAWYER_ADD_URL, addition_form(**{name: None}))
    assert field_errors(soup(response), name) == [message]
    assert widget_value(soup(response), "licence_no" if name != "licence_no" else "name")
    assert not LawyerAdditionRequest.objects.exists()


def test_an_empty_lawyer_addition_shows_no_django_default_message(firm_client):
    errors = all_errors(soup(firm_client.post(LAWYER_ADD_URL, {})))
    assert errors
    assert not [e for e in errors if "必需" in e or "This field" in e or "有效选项" in e]
