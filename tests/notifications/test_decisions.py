"""Every decision that concerns a member reaches them: the workflow's move → a 消息 record →
its e-mail (retried when the mail server refuses) → the member's 消息 page."""

import pytest
from django.core import mail

from certificates import services as certificates
from certificates.models import LawyerAdditionRequest, LawyerScope
from member_center.models import Gender, PracticeType
from member_center.profiles import services as profiles
from portal.notifications.models import EmailStatus, Notification
from tests.certificates.helpers import CertificateTypeFactory, days_ago, submitted
from tests.factories import (
    DisciplineRecordFactory,
    FirmFactory,
    MemberUserFactory,
    StaffUserFactory,
    profile_in_state,
)

from .test_services import FAILING_BACKEND

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def staff():
    return StaffUserFactory(superuser=True)


@pytest.fixture
def firm_account():
    return MemberUserFactory(firm=FirmFactory(), email="office@mingfa.example.cn")


def manual_application(firm):
    return submitted(firm, CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, manual=True))


def only_notice(user) -> Notification:
    [notice] = Notification.objects.filter(recipient=user)
    return notice


def test_an_approval_reaches_the_firm_by_message_and_mail(firm_account, staff, django_capture_on_commit_callbacks):
    application = manual_application(firm_account.firm)
    with django_capture_on_commit_callbacks(execute=True):
        certificates.approve(application, by=staff)

    notice = only_notice(firm_account)
    assert notice.title == f"电子证明 {application.number} 已审核通过"
    assert notice.event == "certificates.application.approve"
    assert notice.url == f"/member/certificates/{application.number}/"
    assert notice.email_status == EmailStatus.SENT
    [sent] = mail.outbox
    assert sent.to == ["office@mingfa.example.cn"]
    assert sent.subject == f"【律师协会】电子证明 {application.number} 已审核通过"
    assert f"/member/certificates/{application.number}/" in sent.body


def test_a_rejection_carries_its_reason(firm_account, staff):
    application = manual_application(firm_account.firm)
    certificates.reject(application, by=staff, reason="起始时间填写有误")
    notice = only_notice(firm_account)
    assert notice.title == f"电子证明申请 {application.number} 被驳回"
    assert "驳回理由：起始时间填写有误" in notice.body


def test_a_revocation_carries_its_reason(firm_account, staff):
    application = certificates.approve(manual_application(firm_account.firm), by=staff)
    Notification.objects.all().delete()
    certificates.revoke(application, by=staff, reason="证明内容有误")
    notice = only_notice(firm_account)
    assert notice.title == f"电子证明 {application.number} 已被撤销"
    assert "撤销理由：证明内容有误" in notice.body


def test_the_system_approval_tells_the_firm_at_once(firm_account):
    application = submitted(firm_account.firm, CertificateTypeFactory(lawyer_scope=LawyerScope.NONE))
    notice = only_notice(firm_account)
    assert notice.event == "certificates.application.system_approve"
    assert application.number in notice.title


def test_an_application_waiting_for_staff_tells_nobody_yet(firm_account):
    DisciplineRecordFactory(firm=firm_account.firm, decided_on=days_ago(10))
    submitted(firm_account.firm, CertificateTypeFactory(lawyer_scope=LawyerScope.NONE))
    assert not Notification.objects.exists()


def test_a_withdrawal_by_the_member_sends_nothing(firm_account):
    certificates.withdraw(manual_application(firm_account.firm), by=firm_account)
    assert not Notification.objects.exists()


def test_a_bulk_approval_tells_each_firm(staff):
    accounts = [MemberUserFactory(firm=FirmFactory()) for _ in range(3)]
    applications = [manual_application(account.firm) for account in accounts]
    certificates.approve_many(applications, by=staff)
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(a.pk for a in accounts)


def addition(firm) -> LawyerAdditionRequest:
    return LawyerAdditionRequest.objects.create(
        firm=firm,
        name="孙新来",
        gender=Gender.FEMALE,
        licence_no="14401202399999999",
        id_number="440104199001011238",
        practice_type=PracticeType.FULL_TIME,
    )


def test_a_confirmed_lawyer_addition_tells_the_firm(firm_account, staff):
    certificates.confirm_lawyer_addition(addition(firm_account.firm), by=staff)
    notice = only_notice(firm_account)
    assert notice.title == "新增律师 孙新来 已确认"
    assert notice.url == "/member/certificates/firm/lawyers/"


def test_a_refused_lawyer_addition_tells_the_firm_why(firm_account, staff):
    certificates.reject_lawyer_addition(addition(firm_account.firm), by=staff, note="执业证号有误")
    assert "驳回理由：执业证号有误" in only_notice(firm_account).body


def test_a_profile_approval_reaches_the_lawyer(staff):
    profile = profile_in_state("submitted")
    account = MemberUserFactory(lawyer=profile.lawyer)
    profiles.approve(profile, staff, opinion="信息齐全")
    notice = only_notice(account)
    assert notice.title == "律师档案审核通过"
    assert notice.body.endswith("审核意见：信息齐全")
    assert notice.url == "/member/profile/"


def test_a_profile_rejection_carries_the_opinion(staff):
    profile = profile_in_state("submitted")
    account = MemberUserFactory(lawyer=profile.lawyer)
    profiles.reject(profile, staff, "照片不符合要求")
    notice = only_notice(account)
    assert notice.title == "律师档案审核未通过"
    assert "审核意见：照片不符合要求" in notice.body
    assert notice.url == "/member/profile/completion/"


def test_a_member_without_an_account_is_not_notified(staff):
    application = manual_application(FirmFactory())
    certificates.approve(application, by=staff)
    assert not Notification.objects.exists()


def test_a_refused_move_sends_nothing(firm_account, staff):
    application = certificates.approve(manual_application(firm_account.firm), by=staff)
    Notification.objects.all().delete()
    with pytest.raises(certificates.CertificateError):
        certificates.approve(application, by=staff)
    assert not Notification.objects.exists()


def test_a_refused_mail_is_retried_and_the_message_still_shows(
    firm_account, staff, client, settings, django_capture_on_commit_callbacks
):
    from portal.notifications import tasks

    settings.EMAIL_BACKEND = FAILING_BACKEND
    application = manual_application(firm_account.firm)
    with django_capture_on_commit_callbacks(execute=True):
        certificates.reject(application, by=staff, reason="材料不全")
    notice = only_notice(firm_account)
    assert notice.email_status == EmailStatus.SENDING and notice.email_attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.send_notification_email(notice.pk)  # the scheduled retry
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1

    client.force_login(firm_account)
    listing = client.get("/member/messages/").content.decode()
    assert notice.title in listing and "未读" in listing
    client.get(f"/member/messages/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_posted_paper_copy_tells_the_applicant_its_tracking_number(firm_account, staff):
    application = submitted(
        firm_account.firm,
        CertificateTypeFactory(lawyer_scope=LawyerScope.NONE, manual=True),
        paper_needed=True,
        paper_copies=1,
        paper_delivery="mail",
        recipient_name="李收件",
        recipient_phone="13800138000",
        recipient_address="广州市越秀区府前路1号",
    )
    application = certificates.approve(application, by=staff)
    Notification.objects.all().delete()
    certificates.advance_paper(application, by=staff, tracking_number="SF1234567890")
    notice = only_notice(firm_account)
    assert notice.title == f"纸质证明 {application.number} 已邮寄"
    assert "已邮寄给李收件，快递单号：SF1234567890" in notice.body
