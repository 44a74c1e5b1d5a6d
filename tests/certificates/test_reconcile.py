"""A lost job is queued again (portal.reconcile, `manage.py reconcile_jobs`): an issued
certificate whose PDF job never ran gets its file, a mail still 待发送 goes out."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from certificates import services
from certificates.models import CertificateEmail, EmailStatus, LawyerScope
from portal.reconcile import reconcile
from tests.factories import StaffUserFactory

from .helpers import CertificateTypeFactory, submitted

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=-1)  # a cut-off after now: everything counts as waiting


@pytest.fixture
def firm_type(db):
    return CertificateTypeFactory(name="律所无行业处分", lawyer_scope=LawyerScope.NONE, manual=True)


def approved_while_the_broker_is_down(firm, firm_type):
    application = submitted(firm, firm_type)
    with mock.patch("portal.tasks.async_task", side_effect=RedisConnectionError("broker down")):
        application = services.approve(application, by=StaffUserFactory(superuser=True))
    application.refresh_from_db()
    return application


def test_approving_while_the_broker_is_down_still_approves(firm, firm_type):
    application = approved_while_the_broker_is_down(firm, firm_type)
    assert application.is_issued
    assert not application.pdf


def test_reconciling_renders_the_certificate_a_lost_job_left_without_a_file(firm, firm_type):
    application = approved_while_the_broker_is_down(firm, firm_type)

    counts = reconcile(LATER)

    application.refresh_from_db()
    assert counts["证明文件生成"] == 1
    assert application.pdf
    with application.pdf.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_reconciling_leaves_recent_work_to_its_own_job(firm, firm_type):
    approved_while_the_broker_is_down(firm, firm_type)
    assert reconcile()["证明文件生成"] == 0  # approved just now: its job may still be on its way


def test_a_queued_certificate_mail_whose_job_was_lost_is_sent(firm, firm_type):
    application = approved_while_the_broker_is_down(firm, firm_type)
    email = CertificateEmail.objects.create(application=application, to="office@example.cn")
    CertificateEmail.objects.filter(pk=email.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))

    counts = reconcile()

    email.refresh_from_db()
    assert counts["证明邮件"] == 1
    assert email.status == EmailStatus.SENT
    assert mail.outbox[-1].to == ["office@example.cn"]


def test_the_command_says_what_it_queued(firm, firm_type):
    approved_while_the_broker_is_down(firm, firm_type)
    out = StringIO()
    call_command("reconcile_jobs", "--minutes", "-1", stdout=out)
    assert "证明文件生成: 1" in out.getvalue()
