"""A firm applies for a lawyer's certificate (律师个人无行业处分, 会员身份信息、执业年限证明,
用于证明正在参加年度考核: manual 001 lists them in a firm's 我的证明) on behalf of one of its own
practising lawyers; the certificate names him, the application is the firm's, and the lawyer
can read and download it but not act on it."""

import datetime

import pytest

from certificates import services
from certificates.models import ApplicationState, CertificateApplication
from tests.factories import DisciplineRecordFactory, FirmFactory, LawyerFactory, MemberUserFactory

from .helpers import (
    LIST_URL,
    CertificateTypeFactory,
    days_ago,
    field_errors,
    page_text,
    soup,
    submit,
    submitted,
)
from .test_views import Wizard, login, valid_fill

S = ApplicationState


@pytest.fixture
def personal(db):
    return CertificateTypeFactory(name="律师个人无行业处分", for_lawyer=True)


@pytest.fixture
def colleague(firm):
    return LawyerFactory(firm=firm, name="周明")


@pytest.fixture
def at_fill(client, firm, firm_user, personal, colleague):
    wizard = Wizard(login(client, firm_user), firm_user)
    wizard.lawyers = [colleague]
    wizard.follow(wizard.confirm(), "choose")
    wizard.follow(wizard.choose(personal), "fill")
    return wizard


def fill_for(wizard, lawyer_id, **overrides):
    fields = valid_fill(wizard, lawyers=None, **overrides)
    fields["lawyer"] = str(lawyer_id)
    return wizard.post("fill", fields)


def test_the_picker_offers_only_the_firms_practising_lawyers(at_fill, firm, colleague):
    LawyerFactory(firm=firm, name="褚已销", cancelled=True)
    LawyerFactory(firm=firm, name="许实习", trainee=True)
    LawyerFactory(name="卫他所")
    document = soup(at_fill.get("fill"))
    offered = {option["value"] for option in document.select("select[name='fill-lawyer'] option") if option["value"]}
    assert offered == {str(colleague.pk)}


def test_a_lawyer_of_another_firm_is_refused_beside_the_field(at_fill):
    foreign = LawyerFactory(firm=FirmFactory(), name="卫他所")
    response = fill_for(at_fill, foreign.pk)
    assert response.status_code == 200
    assert field_errors(soup(response), "fill-lawyer") == ["所选律师不在本所执业律师名单中，请重新选择。"]
    assert not CertificateApplication.objects.exists()


def test_no_lawyer_chosen_is_reported_beside_the_field(at_fill):
    response = at_fill.post("fill", valid_fill(at_fill, lawyers=None))
    assert field_errors(soup(response), "fill-lawyer") == ["请选择律师。"]


def test_the_service_refuses_a_lawyer_of_another_firm(firm, personal):
    foreign = LawyerFactory(firm=FirmFactory())
    with pytest.raises(services.CertificateError, match="不在本所执业律师名单中"):
        submit(firm, personal, chosen_lawyers=[foreign])


def test_the_firm_applies_and_the_certificate_names_the_chosen_lawyer(at_fill, firm, colleague):
    at_fill.follow(fill_for(at_fill, colleague.pk), "preview")
    preview = soup(at_fill.get("preview")).select_one(".certificate").get_text()
    assert f"周明律师（执业证号：{colleague.licence_no}）" in preview
    at_fill.submit()
    application = CertificateApplication.objects.get()
    assert application.applicant_firm == firm
    assert application.applicant_lawyer is None
    assert application.on_behalf_of == colleague
    assert application.snapshot["lawyer"]["name"] == "周明"
    assert application.state == S.PASSED


def test_the_firm_sees_it_in_its_list_with_the_lawyers_name(client, firm, firm_user, personal, colleague):
    submitted(firm, personal, chosen_lawyers=[colleague])
    text = page_text(login(client, firm_user).get(LIST_URL))
    assert "律师个人无行业处分" in text and "代周明申请" in text


def test_the_lawyer_sees_the_certificate_his_firm_applied_for(client, firm, personal, colleague):
    application = submitted(firm, personal, chosen_lawyers=[colleague])
    login(client, MemberUserFactory(lawyer=colleague))
    assert application.number in page_text(client.get(LIST_URL))
    detail = client.get(application.get_absolute_url())
    assert detail.status_code == 200
    assert "代为申请" in page_text(detail)
    assert client.get(f"{application.get_absolute_url()}download/").status_code in (200, 202)


def test_the_lawyer_cannot_withdraw_or_mail_what_his_firm_applied_for(client, firm, colleague):
    manual = CertificateTypeFactory(name="会员身份信息、执业年限证明", for_lawyer=True, manual=True)
    application = submitted(firm, manual, chosen_lawyers=[colleague])
    login(client, MemberUserFactory(lawyer=colleague))
    assert "撤回申请" not in page_text(client.get(application.get_absolute_url()))
    assert client.post(f"{application.get_absolute_url()}withdraw/").status_code == 404
    assert client.post(f"{application.get_absolute_url()}email/").status_code == 404
    application.refresh_from_db()
    assert application.state == S.PENDING


def test_another_lawyer_of_the_firm_cannot_see_it(client, firm, personal, colleague):
    application = submitted(firm, personal, chosen_lawyers=[colleague])
    login(client, MemberUserFactory(lawyer=LawyerFactory(firm=firm)))
    assert client.get(application.get_absolute_url()).status_code == 404
    assert application.number not in page_text(client.get(LIST_URL))


def test_a_lawyer_still_applies_for_his_own(lawyer, personal):
    application = submitted(lawyer, personal)
    assert application.applicant_lawyer == lawyer
    assert application.on_behalf_of is None


def test_the_chosen_lawyers_record_sends_it_to_manual_review(firm, personal, colleague):
    DisciplineRecordFactory(lawyer=colleague, decided_on=days_ago(10))
    application = submitted(firm, personal, chosen_lawyers=[colleague])
    assert application.state == S.PENDING
    assert "周明" in application.waiting_reason


def test_the_firms_own_record_does_not_hold_up_the_lawyers_certificate(firm, personal, colleague):
    DisciplineRecordFactory(firm=firm, lawyer=None, decided_on=days_ago(10))
    application = submitted(firm, personal, chosen_lawyers=[colleague], start_date=datetime.date(2020, 1, 1))
    assert application.state == S.PASSED


def test_the_lawyer_is_told_of_the_decision_on_what_his_firm_applied_for(firm, personal, colleague):
    from portal.notifications.models import Notification
    from tests.factories import StaffUserFactory

    MemberUserFactory(lawyer=colleague)
    DisciplineRecordFactory(lawyer=colleague, decided_on=days_ago(10))
    application = submitted(firm, personal, chosen_lawyers=[colleague])

    services.reject(application, by=StaffUserFactory(superuser=True), reason="处分期内，暂不出具")

    told = Notification.objects.filter(recipient__lawyer=colleague)
    assert told.count() == 1
    assert application.number in told.get().title
