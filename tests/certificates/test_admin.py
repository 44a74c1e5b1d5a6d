"""The staff side of the electronic certificates in the Wagtail admin: the review queue, the
review page and its actions, bulk approval, export, certificate types, 新增律师 requests and
the dashboard."""

import datetime
import io
import uuid

import openpyxl
import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from zeal import zeal_ignore

from certificates import services
from certificates.models import (
    AdditionState,
    ApplicantKind,
    ApplicationState,
    CertificateApplication,
    CertificateGroup,
    CertificateType,
    LawyerAdditionRequest,
    LawyerScope,
    PaperDelivery,
    PaperStatus,
    ReviewMode,
)
from member_center import roles
from member_center.models import DisciplineKind, FirmRole, Gender, Lawyer, PracticeType
from tests.factories import DisciplineRecordFactory, FirmFactory, LawyerFactory, MemberUserFactory, StaffUserFactory
from tests.http import body

pytestmark = pytest.mark.django_db

MEMBER_BACKEND = "member_center.backends.PortalBackend"
BODY = "{{律所名称}}自{{起始日期}}至今未受到本会任何行业处分。特此证明。"

APPLICATIONS = "wagtailsnippets_certificates_certificateapplication"
TYPES = "wagtailsnippets_certificates_certificatetype"
LIST_URL = "/admin/snippets/certificates/certificateapplication/"
BULK_APPROVE_URL = "/admin/bulk/certificates/certificateapplication/approve/"


# --- fixtures and helpers -------------------------------------------------------------------------


def make_type(review_mode=ReviewMode.MANUAL, **fields) -> CertificateType:
    defaults = {
        "name": f"律所无行业处分（{review_mode}）",
        "group": CertificateGroup.FIRM,
        "applicant_kind": ApplicantKind.FIRM,
        "lawyer_scope": LawyerScope.NONE,
        "review_mode": review_mode,
        "body": BODY,
    }
    return CertificateType.objects.create(**{**defaults, **fields})


def submit(member, certificate_type, **fields) -> CertificateApplication:
    application, created = services.submit(
        member,
        certificate_type,
        submission_token=uuid.uuid4(),
        start_date=fields.pop("start_date", timezone.localdate() - datetime.timedelta(days=365)),
        email=fields.pop("email", "office@firm.example.cn"),
        **fields,
    )
    assert created
    return application


def review_url(application) -> str:
    return reverse(f"{APPLICATIONS}:inspect", args=[application.pk])


def action_url(application, action: str) -> str:
    """Each review action has its own address (portal.review)."""
    return reverse(f"{APPLICATIONS}:review_action", args=[application.pk, action])


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manual_type():
    return make_type()


@pytest.fixture
def pending(firm, manual_type):
    return submit(firm, manual_type)


@pytest.fixture
def reviewer():
    return StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS], last_name="王", first_name="审核")


@pytest.fixture
def reviewer_client(reviewer):
    return staff_client(reviewer)


@pytest.fixture
def editor_client():
    return staff_client(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))


def paper_application(firm, certificate_type, delivery) -> CertificateApplication:
    fields = {"paper_needed": True, "paper_copies": 2, "paper_delivery": delivery}
    if delivery == PaperDelivery.MAIL:
        fields.update(recipient_name="张主任", recipient_phone="020-83000000", recipient_address="广州市越秀区某路1号")
    return submit(firm, certificate_type, **fields)


# --- the queue ----------------------------------------------------------------------------------------


def test_listing_shows_an_application_and_finds_it_by_number(reviewer_client, firm, manual_type):
    wanted = submit(firm, manual_type)
    other = submit(FirmFactory(), manual_type)

    response = reviewer_client.get(LIST_URL, {"q": wanted.number})

    assert response.status_code == 200
    page = text_of(response)
    assert wanted.number in page
    assert firm.name in page
    assert manual_type.name in page
    assert other.number not in page
    assert review_url(wanted) in response.content.decode()


def test_listing_finds_an_application_by_part_of_the_applicants_name(reviewer_client, manual_type):
    wanted = submit(FirmFactory(name="广州明镜律师事务所"), manual_type)
    other = submit(FirmFactory(name="广州正信律师事务所"), manual_type)

    page = text_of(reviewer_client.get(LIST_URL, {"q": "明镜"}))

    assert wanted.number in page
    assert other.number not in page


def test_listing_finds_an_application_by_part_of_its_number(reviewer_client, firm, manual_type):
    wanted = submit(firm, manual_type)
    other = submit(firm, manual_type)  # the same day: the numbers differ in their last digits

    page = text_of(reviewer_client.get(LIST_URL, {"q": wanted.number[-6:]}))

    assert wanted.number in page
    assert other.number not in page


def test_listing_finds_nothing_for_a_name_no_applicant_has(reviewer_client, firm, manual_type):
    submit(firm, manual_type)

    response = reviewer_client.get(LIST_URL, {"q": "查无此人"})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []


def test_listing_finds_an_application_by_the_name_of_a_lawyer_it_covers(reviewer_client, firm):
    chosen_type = make_type(name="律所+部分律师无行业处分", lawyer_scope=LawyerScope.CHOSEN)
    covered = LawyerFactory(firm=firm, name="欧阳明辉")
    also = LawyerFactory(firm=firm, name="欧阳明月")
    wanted = submit(firm, chosen_type, chosen_lawyers=[covered, also])
    other = submit(firm, chosen_type, chosen_lawyers=[LawyerFactory(firm=firm, name="李小龙")])

    page = text_of(reviewer_client.get(LIST_URL, {"q": "欧阳明"}))

    assert page.count(wanted.number) == 1  # two matching lawyers, still one row
    assert other.number not in page


def test_listing_filters_by_state(reviewer_client, firm, manual_type, reviewer):
    waiting = submit(firm, manual_type)
    rejected = services.reject(submit(firm, manual_type), by=reviewer, reason="材料不全")

    response = reviewer_client.get(LIST_URL, {"state": ApplicationState.PENDING})

    page = text_of(response)
    assert waiting.number in page
    assert rejected.number not in page


def test_listing_runs_the_same_queries_for_one_row_or_many(reviewer_client, firm, manual_type):
    submit(firm, manual_type)
    reviewer_client.get(LIST_URL)  # warm caches (settings, content types)
    with CaptureQueriesContext(connection) as one_row:
        assert reviewer_client.get(LIST_URL).status_code == 200

    second_type = make_type(name="律所其他证明")
    for _ in range(6):
        submit(FirmFactory(), second_type)
    with CaptureQueriesContext(connection) as many_rows:
        assert reviewer_client.get(LIST_URL).status_code == 200

    assert len(many_rows) == len(one_row)


def test_generic_add_edit_and_delete_of_applications_are_refused(firm, manual_type):
    application = submit(firm, manual_type)
    superuser = staff_client(StaffUserFactory(superuser=True))

    for name, args in (("add", []), ("edit", [application.pk]), ("delete", [application.pk])):
        response = superuser.get(reverse(f"{APPLICATIONS}:{name}", args=args))
        assert response.status_code == 302, name
    response = superuser.post(reverse(f"{APPLICATIONS}:delete", args=[application.pk]))

    assert CertificateApplication.objects.filter(pk=application.pk).exists()
    assert "删除" not in text_of(superuser.get(LIST_URL))


# --- the review page ----------------------------------------------------------------------------------


def test_review_page_shows_the_certificate_text_and_the_evidence(reviewer_client, firm):
    lawyer = LawyerFactory(firm=firm)
    DisciplineRecordFactory(
        firm=firm,
        lawyer=None,
        decided_on=timezone.localdate() - datetime.timedelta(days=30),
        kind=DisciplineKind.CRITICISM,
        summary="未按规定办理执业登记事项。",
    )
    system_type = make_type(ReviewMode.SYSTEM, lawyer_scope=LawyerScope.CHOSEN, body=BODY + "\n{{律师名单}}")
    application = submit(firm, system_type, chosen_lawyers=[lawyer], remarks="用于投标")
    assert application.state == ApplicationState.PENDING  # the record sends it to a person

    response = reviewer_client.get(review_url(application))

    assert response.status_code == 200
    page = text_of(response)
    assert f"{firm.name}自" in page and "未受到本会任何行业处分" in page  # the certificate body
    assert "未按规定办理执业登记事项。" in page  # a record found by the system review
    assert application.waiting_reason in page
    assert f"{lawyer.name}（执业证号：{lawyer.licence_no}）" in page
    assert "用于投标" in page
    assert "office@firm.example.cn" in page
    assert "提交申请" in page  # the audit history
    assert "certificate-document.css" in response.content.decode()


def test_approve_passes_the_application_and_records_the_actor(reviewer_client, pending, reviewer):
    response = reviewer_client.post(action_url(pending, "approve"), {})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == ApplicationState.PASSED
    assert pending.reviewed_by == reviewer
    entry = LogEntry.objects.get_for_object(pending).filter(additional_data__事件="审核通过").get()
    assert entry.actor == reviewer
    page = text_of(reviewer_client.get(response["Location"]))
    assert f"已通过申请 {pending.number}" in page
    assert "王审核" in page or reviewer.username in page  # the actor in the history


def test_reject_without_a_reason_is_refused_and_the_application_stays_pending(reviewer_client, pending):
    response = reviewer_client.post(action_url(pending, "reject"), {"reason": "  "})

    assert response.status_code == 200
    assert "请填写驳回理由" in text_of(response)
    pending.refresh_from_db()
    assert pending.state == ApplicationState.PENDING


def test_reject_with_a_reason_rejects(reviewer_client, pending):
    reviewer_client.post(action_url(pending, "reject"), {"reason": "起始时间填写有误，请重新申请。"})

    pending.refresh_from_db()
    assert pending.state == ApplicationState.REJECTED
    assert pending.reject_reason == "起始时间填写有误，请重新申请。"


def test_revoke_requires_a_reason(reviewer_client, pending, reviewer):
    services.approve(pending, by=reviewer)

    refused = reviewer_client.post(action_url(pending, "revoke"), {"reason": ""})
    pending.refresh_from_db()
    assert "请填写撤销理由" in text_of(refused)
    assert pending.state == ApplicationState.PASSED

    reviewer_client.post(action_url(pending, "revoke"), {"reason": "证明内容有误"})
    pending.refresh_from_db()
    assert pending.state == ApplicationState.REVOKED
    assert pending.revoke_reason == "证明内容有误"


def test_a_refused_move_shows_the_services_message(reviewer_client, pending, reviewer):
    services.reject(pending, by=reviewer, reason="重复申请")

    response = reviewer_client.post(action_url(pending, "approve"), {})

    assert "当前状态为“已驳回”，不能审核通过。" in text_of(response)
    pending.refresh_from_db()
    assert pending.state == ApplicationState.REJECTED


def test_only_allowed_moves_are_offered(reviewer_client, pending, reviewer):
    page = reviewer_client.get(review_url(pending)).content.decode()
    assert (
        action_url(pending, "approve") in page
        and action_url(pending, "reject") in page
        and action_url(pending, "revoke") not in page
    )

    services.approve(pending, by=reviewer)
    page = reviewer_client.get(review_url(pending)).content.decode()
    assert action_url(pending, "approve") not in page and action_url(pending, "revoke") in page


def test_mailed_paper_copy_needs_the_tracking_number(reviewer_client, firm, manual_type, reviewer):
    application = paper_application(firm, manual_type, PaperDelivery.MAIL)
    services.approve(application, by=reviewer)
    application.refresh_from_db()
    assert application.paper_status == PaperStatus.AWAITING_POST

    refused = reviewer_client.post(action_url(application, "post"), {"tracking_number": ""})
    assert "请填写快递单号" in text_of(refused)
    application.refresh_from_db()
    assert application.paper_status == PaperStatus.AWAITING_POST

    reviewer_client.post(action_url(application, "post"), {"tracking_number": "SF1234567890"})
    application.refresh_from_db()
    assert application.paper_status == PaperStatus.POSTED
    assert application.tracking_number == "SF1234567890"


def test_picked_up_paper_copy(reviewer_client, firm, manual_type, reviewer):
    application = paper_application(firm, manual_type, PaperDelivery.PICKUP)
    services.approve(application, by=reviewer)

    assert "标记已领取" in text_of(reviewer_client.get(review_url(application)))
    reviewer_client.post(action_url(application, "pick_up"), {})

    application.refresh_from_db()
    assert application.paper_status == PaperStatus.PICKED_UP


# --- bulk 通过 ---------------------------------------------------------------------------------------------


def test_bulk_approve_approves_the_pending_ones_and_skips_the_others(reviewer_client, firm, manual_type, reviewer):
    first, second = submit(firm, manual_type), submit(firm, manual_type)
    withdrawn = services.withdraw(submit(firm, manual_type), by=None)
    ids = [first.pk, second.pk, withdrawn.pk]
    url = f"{BULK_APPROVE_URL}?{'&'.join(f'id={pk}' for pk in ids)}&next={LIST_URL}"

    confirm = reviewer_client.get(url)
    assert confirm.status_code == 200
    assert "将跳过" in text_of(confirm) and withdrawn.number in text_of(confirm)

    response = reviewer_client.post(url)

    assert response.status_code == 302
    states = dict(CertificateApplication.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == {first.pk: "passed", second.pk: "passed", withdrawn.pk: "withdrawn"}
    page = text_of(reviewer_client.get(response["Location"]))
    assert "已通过 2 份申请" in page
    assert "跳过 1 份" in page and withdrawn.number in page


def test_bulk_approve_of_everything_selected_keeps_to_the_listings_filter(reviewer_client, firm, manual_type):
    wanted = submit(firm, manual_type)
    other_type = make_type(name="会员身份信息证明")
    untouched = submit(firm, other_type)

    reviewer_client.post(f"{BULK_APPROVE_URL}?id=all&certificate_type={manual_type.pk}&next={LIST_URL}")

    wanted.refresh_from_db()
    untouched.refresh_from_db()
    assert wanted.state == ApplicationState.PASSED
    assert untouched.state == ApplicationState.PENDING


def test_bulk_approve_is_refused_without_the_review_permission(editor_client, pending):
    response = editor_client.post(f"{BULK_APPROVE_URL}?id={pending.pk}")

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == ApplicationState.PENDING


# --- who may do what -------------------------------------------------------------------------------------


def test_content_editor_gets_403_on_the_review_actions(editor_client, pending):
    response = editor_client.post(action_url(pending, "approve"), {})

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == ApplicationState.PENDING


def test_a_member_reaches_none_of_it(firm, pending):
    member = Client()
    member.force_login(MemberUserFactory(firm=firm), backend=MEMBER_BACKEND)

    for url in (LIST_URL, review_url(pending), reverse("lawyer_additions:index")):
        response = member.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    member.post(action_url(pending, "approve"), {})

    pending.refresh_from_db()
    assert pending.state == ApplicationState.PENDING


def test_the_reviewer_role_carries_the_review_permission(reviewer):
    assert reviewer.has_perm("certificates.review_certificateapplication")
    assert reviewer.has_perm("certificates.view_certificateapplication")
    assert not reviewer.has_perm("certificates.change_certificateapplication")


# --- export ---------------------------------------------------------------------------------------------


def test_xlsx_export_holds_the_filtered_applications(reviewer_client, pending, firm, manual_type, reviewer):
    rejected = services.reject(submit(firm, manual_type), by=reviewer, reason="材料不全")

    response = reviewer_client.get(LIST_URL, {"export": "xlsx", "state": ApplicationState.PENDING})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("编号", "申请类型", "申请人", "联系邮箱", "申请时间", "状态")
    assert rows[1][0] == pending.number
    assert rows[1][1] == manual_type.name
    assert rows[1][5] == "待审批"
    assert rejected.number not in [row[0] for row in rows]


# --- certificate types ------------------------------------------------------------------------------------


def type_form_data(**fields) -> dict:
    return {
        "name": "律所无行业处分（测试）",
        "group": CertificateGroup.FIRM,
        "applicant_kind": ApplicantKind.FIRM,
        "lawyer_scope": LawyerScope.NONE,
        "review_mode": ReviewMode.SYSTEM,
        "active": "on",
        "sort_order": "10",
        "body": BODY,
        **fields,
    }


def test_type_editor_refuses_an_unknown_placeholder_on_the_body_field(admin_client):
    response = admin_client.post(reverse(f"{TYPES}:add"), type_form_data(body="{{不存在}}自{{起始日期}}至今。"))

    assert response.status_code == 200
    errors = response.context["form"].errors["body"]
    assert any("未知的占位符：{{不存在}}" in error for error in errors)
    assert "未知的占位符" in text_of(response)
    assert not CertificateType.objects.filter(name="律所无行业处分（测试）").exists()


def test_type_editor_refuses_a_stray_brace(admin_client, manual_type):
    response = admin_client.post(
        reverse(f"{TYPES}:edit", args=[manual_type.pk]),
        type_form_data(name=manual_type.name, body="自{{起始日期 至今。"),
    )

    assert response.status_code == 200
    assert any("不成对的花括号" in error for error in response.context["form"].errors["body"])
    manual_type.refresh_from_db()
    assert manual_type.body == BODY


def test_type_editor_saves_a_valid_body(admin_client):
    response = admin_client.post(reverse(f"{TYPES}:add"), type_form_data())

    assert response.status_code == 302
    assert CertificateType.objects.get(name="律所无行业处分（测试）").body == BODY


def test_type_preview_renders_the_sample(admin_client):
    preview_url = reverse(f"{TYPES}:preview_on_add")

    posted = admin_client.post(preview_url, type_form_data(body="{{律所名称}}自{{起始日期}}至今未受处分。\n特此证明。"))
    assert posted.json()["is_valid"] is True
    response = admin_client.get(preview_url)

    assert response.status_code == 200
    page = text_of(response)
    assert "广州示例律师事务所自" in page  # the placeholder filled with the sample firm
    assert "特此证明。" in page
    assert "以下为示样数据" in page


def test_type_listing_searches_by_name(admin_client, manual_type):
    make_type(ReviewMode.SYSTEM, name="律师个人无行业处分")

    page = text_of(admin_client.get(reverse(f"{TYPES}:list"), {"q": "个人"}))

    assert "律师个人无行业处分" in page
    assert manual_type.name not in page


# --- 新增律师 ---------------------------------------------------------------------------------------------


def addition_request(firm, **fields) -> LawyerAdditionRequest:
    data = {
        "name": "陈新",
        "gender": Gender.FEMALE,
        "licence_no": "14401202310000001",
        "id_number": "44010419900101002X",
        "practice_type": PracticeType.FULL_TIME,
        "firm_role": FirmRole.LAWYER,
        **fields,
    }
    return services.request_lawyer_addition(firm, data, by=None)


def addition_url(addition) -> str:
    return reverse("lawyer_additions:inspect", args=[addition.pk])


def addition_action_url(addition, action: str) -> str:
    return reverse("lawyer_additions:review_action", args=[addition.pk, action])


def test_lawyer_addition_listing_filters_and_searches(reviewer_client, firm):
    addition = addition_request(firm)

    assert "陈新" in text_of(reviewer_client.get(reverse("lawyer_additions:index"), {"state": "pending"}))
    assert "陈新" in text_of(reviewer_client.get(reverse("lawyer_additions:index"), {"q": addition.licence_no}))
    assert "陈新" not in text_of(reviewer_client.get(reverse("lawyer_additions:index"), {"state": "confirmed"}))


def test_confirming_a_lawyer_addition_creates_the_lawyer(reviewer_client, firm):
    addition = addition_request(firm)

    response = reviewer_client.post(addition_action_url(addition, "confirm"), {"note": "已核对司法局名册"})

    assert response.status_code == 302
    lawyer = Lawyer.objects.get(licence_no="14401202310000001")
    assert lawyer.firm == firm and lawyer.name == "陈新"
    addition.refresh_from_db()
    assert addition.state == AdditionState.CONFIRMED and addition.lawyer == lawyer


def test_confirming_shows_the_services_refusal_when_the_licence_is_in_the_roster(reviewer_client, firm):
    addition = addition_request(firm)
    LawyerFactory(licence_no=addition.licence_no)  # added meanwhile, e.g. by a roster import

    response = reviewer_client.post(addition_action_url(addition, "confirm"), {})

    assert response.status_code == 200
    assert "名册中已有相同执业证号或身份证号的律师" in text_of(response)
    addition.refresh_from_db()
    assert addition.state == AdditionState.PENDING


def test_rejecting_a_lawyer_addition_requires_a_reason(reviewer_client, firm):
    addition = addition_request(firm)

    refused = reviewer_client.post(addition_action_url(addition, "reject"), {"note": ""})
    assert "请填写驳回理由" in text_of(refused)
    reviewer_client.post(addition_action_url(addition, "reject"), {"note": "执业证号有误"})

    addition.refresh_from_db()
    assert addition.state == AdditionState.REJECTED and addition.staff_note == "执业证号有误"


def test_content_editor_cannot_decide_a_lawyer_addition(editor_client, firm):
    addition = addition_request(firm)

    response = editor_client.post(addition_action_url(addition, "confirm"), {})

    assert response.status_code == 403
    assert not Lawyer.objects.filter(licence_no=addition.licence_no).exists()


# --- the dashboard --------------------------------------------------------------------------------------


def test_dashboard_counts_pending_certificates_for_reviewers(firm, manual_type, reviewer):
    from certificates.admin_views import staff_queues

    first = submit(firm, manual_type)
    submit(firm, manual_type)

    rows = {queue.label: queue for queue in staff_queues(reviewer)}

    pending = rows["待审批的电子证明"]
    assert (pending.count, pending.url) == (2, f"{LIST_URL}?state=pending")
    assert pending.oldest == first.submitted_at
    assert pending.role == roles.CERTIFICATE_REVIEWERS
    assert rows["待确认的新增律师"].count == 0 and rows["待确认的新增律师"].oldest is None
    assert "待邮寄的纸质证明" in rows and "待领取的纸质证明" in rows
    assert staff_queues(StaffUserFactory(roles=[roles.CONTENT_EDITORS])) == []


def test_dashboard_paper_counts_leave_out_revoked_certificates(firm, manual_type, reviewer):
    from certificates.admin_views import staff_queues

    to_post = paper_application(firm, manual_type, PaperDelivery.MAIL)
    revoked = paper_application(firm, manual_type, PaperDelivery.MAIL)
    for application in (to_post, revoked):
        services.approve(application, by=reviewer)
    services.revoke(revoked, by=reviewer, reason="证明内容有误")
    rows = {queue.label: queue.count for queue in staff_queues(reviewer)}

    assert rows["待邮寄的纸质证明"] == 1
    assert rows["待领取的纸质证明"] == 0


def test_dashboard_page_shows_the_pending_count(firm, manual_type):
    submit(firm, manual_type)
    submit(firm, manual_type)
    # Only the certificate permissions, so the panel shows our rows alone.
    user = StaffUserFactory()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "certificates"],
            codename__in=["access_admin", "view_certificateapplication"],
        )
    )

    page = text_of(staff_client(user).get(reverse("wagtailadmin_home")))

    assert "待审批的电子证明 2" in page


def test_an_action_address_opened_as_a_page_leads_to_the_review_page(reviewer_client, pending):
    response = reviewer_client.get(action_url(pending, "approve"))
    assert response.status_code == 302
    assert response["Location"] == review_url(pending)
    pending.refresh_from_db()
    assert pending.state == ApplicationState.PENDING


def test_an_unknown_action_is_a_404(reviewer_client, pending):
    assert reviewer_client.post(action_url(pending, "publish"), {}).status_code == 404


def test_the_review_page_shows_a_pending_certificate_as_a_draft(reviewer_client, pending):
    page = BeautifulSoup(reviewer_client.get(review_url(pending)).content, "html.parser")
    certificate = page.select_one(".certificate")
    assert certificate.select_one(".certificate__mark").get_text() == "样张·未生效"
    assert certificate.select_one(".certificate__qr") is None
    assert pending.verification_code not in certificate.get_text()


# --- 审核方式: the 证明审核 role's -----------------------------------------------------------------


def test_an_editor_cannot_switch_a_type_to_system_review(manual_type):
    editor = staff_client(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    edit = reverse(f"{TYPES}:edit", args=[manual_type.pk])
    with zeal_ignore():  # Wagtail's edit view loads the snippet twice for a user who is not a superuser
        assert 'name="review_mode"' not in editor.get(edit).content.decode()
    with zeal_ignore():
        response = editor.post(
            edit, type_form_data(name=manual_type.name, review_mode=ReviewMode.SYSTEM, sort_order="7")
        )
    assert response.status_code == 302
    manual_type.refresh_from_db()
    assert (manual_type.review_mode, manual_type.sort_order) == (ReviewMode.MANUAL, 7)  # the rest is saved


def test_a_type_an_editor_adds_starts_with_manual_review():
    editor = staff_client(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    assert editor.post(reverse(f"{TYPES}:add"), type_form_data(review_mode=ReviewMode.SYSTEM)).status_code == 302
    assert CertificateType.objects.get(name="律所无行业处分（测试）").review_mode == ReviewMode.MANUAL


@pytest.mark.parametrize("who", ["reviewer", "superuser"])
def test_a_reviewer_or_a_superuser_sets_the_review_mode(manual_type, who):
    user = (
        StaffUserFactory(superuser=True)
        if who == "superuser"
        else StaffUserFactory(roles=[roles.CERTIFICATE_REVIEWERS])
    )
    client = staff_client(user)
    edit = reverse(f"{TYPES}:edit", args=[manual_type.pk])
    with zeal_ignore():  # Wagtail's edit view loads the snippet twice for a user who is not a superuser
        assert 'name="review_mode"' in client.get(edit).content.decode()
    with zeal_ignore():
        response = client.post(edit, type_form_data(name=manual_type.name, review_mode=ReviewMode.SYSTEM))
    assert response.status_code == 302
    manual_type.refresh_from_db()
    assert manual_type.review_mode == ReviewMode.SYSTEM
