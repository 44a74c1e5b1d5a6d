"""Account events leave an audit entry naming who did what (django-auditlog)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from member_center import services
from tests.factories import MEMBER_PASSWORD, LawyerFactory, StaffUserFactory

from .utils import PASSWORD_URL, login

User = get_user_model()

pytestmark = pytest.mark.django_db


def events_of(user):
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk)
    ).order_by("timestamp", "pk")
    return [(entry.additional_data or {}).get("事件") for entry in entries], entries


def test_first_login_records_the_new_account(client):
    lawyer = LawyerFactory()

    login(client, lawyer.licence_no, lawyer.initial_password())

    user = User.objects.get(lawyer=lawyer)
    events, entries = events_of(user)
    assert "开通账号" in events
    assert entries.get(additional_data__事件="开通账号").actor == user


def test_changing_the_password_records_who_did_it(lawyer_client, lawyer_user):
    lawyer_client.post(
        PASSWORD_URL,
        {"old_password": MEMBER_PASSWORD, "new_password1": "Zhujiang#River88", "new_password2": "Zhujiang#River88"},
    )

    events, entries = events_of(lawyer_user)
    assert "修改密码" in events
    entry = entries.get(additional_data__事件="修改密码")
    assert entry.actor == lawyer_user


def test_staff_reset_records_the_staff_member(lawyer_user):
    staff = StaffUserFactory(superuser=True)

    services.reset_to_initial_password(lawyer_user.lawyer, by=staff)

    events, entries = events_of(lawyer_user)
    assert "重置为初始密码" in events
    assert entries.get(additional_data__事件="重置为初始密码").actor == staff


def test_staff_reset_through_the_admin_records_the_staff_member(lawyer_user):
    staff = StaffUserFactory(superuser=True)
    staff_client = Client()
    staff_client.force_login(staff)

    staff_client.post(f"/admin/roster/lawyer/{lawyer_user.lawyer.pk}/reset-password/")

    _, entries = events_of(lawyer_user)
    assert entries.get(additional_data__事件="重置为初始密码").actor == staff


def test_audit_entries_never_hold_password_hashes(client, lawyer_client, lawyer_user):
    lawyer_client.post(
        PASSWORD_URL,
        {"old_password": MEMBER_PASSWORD, "new_password1": "Zhujiang#River88", "new_password2": "Zhujiang#River88"},
    )
    services.reset_to_initial_password(lawyer_user.lawyer, by=StaffUserFactory())
    lawyer = LawyerFactory()
    login(client, lawyer.licence_no, lawyer.initial_password())

    for entry in LogEntry.objects.all():
        assert "password" not in (entry.changes_dict or {})
        assert "md5$" not in str(entry.changes) + str(entry.serialized_data or "")
