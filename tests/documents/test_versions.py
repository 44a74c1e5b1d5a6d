"""Attachments kept per version: a 更正 publishes the files chosen for it, each version keeps the
files it was published with, the detail page offers the current version's, 版本记录 the older
ones', through the same check and download record; and the migration gives existing documents'
files to their current version."""

import importlib
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from member_center import roles
from notices import services
from notices.models import Download, Recipient, Secrecy
from portal.workflow import WorkflowError
from tests.conftest import MEMBER_BACKEND
from tests.documents.helpers import draft, pdf, published
from tests.factories import LawyerFactory, MemberUserFactory, StaffUserFactory
from tests.http import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def file_url(document, attachment):
    return reverse("documents:file", args=[document.pk, attachment.uuid])


def names(files) -> list[str]:
    return sorted(file.original_name for file in files)


@pytest.fixture
def staff():
    return StaffUserFactory(superuser=True)


@pytest.fixture
def replaced(lawyer, staff):
    """Version 1 with 通知.pdf; version 2 with 更正通知.pdf instead."""
    document = published(lawyer, staff=staff, files=[pdf()])
    old = document.attachments.get()
    (new,) = services.attach_files(document, staff, [pdf("更正通知.pdf")])
    document = services.correct(document, staff, "更换附件", attachments=[new])
    return document, old, new


def test_publishing_gives_the_first_version_every_file(lawyer, staff):
    document = published(lawyer, staff=staff, files=[pdf(), pdf("附表.pdf")])
    assert names(document.current.attachments.all()) == ["通知.pdf", "附表.pdf"]


def test_a_correction_carries_the_chosen_files_and_the_old_version_keeps_its_own(replaced):
    document, old, new = replaced
    first, second = document.versions.order_by("version")
    assert list(first.attachments.all()) == [old]
    assert list(second.attachments.all()) == [new]


def test_by_default_a_correction_keeps_the_current_files_and_adds_the_new_ones(lawyer, staff):
    document = published(lawyer, staff=staff, files=[pdf()])
    services.attach_files(document, staff, [pdf("补充.pdf")])
    document = services.correct(document, staff, "补充附件")
    assert names(document.current.attachments.all()) == ["补充.pdf", "通知.pdf"]


def test_another_documents_file_cannot_be_published_with_a_correction(lawyer, staff):
    document = published(lawyer, staff=staff)
    other = published(lawyer, staff=staff, files=[pdf("别的.pdf")], number="X-1")
    with pytest.raises(WorkflowError):
        services.correct(document, staff, "更正", attachments=list(other.attachments.all()))


def test_a_file_uploaded_after_publishing_waits_for_the_correction(lawyer_client, lawyer, staff):
    document = published(lawyer, staff=staff, files=[pdf()])
    (pending,) = services.attach_files(document, staff, [pdf("下一版.pdf")])
    page = lawyer_client.get(document.get_absolute_url()).content.decode()
    assert "通知.pdf" in page and "下一版.pdf" not in page
    assert lawyer_client.get(file_url(document, pending)).status_code == 404


def test_the_detail_page_offers_the_current_files_and_the_history_the_old_ones(lawyer_client, replaced):
    document, old, new = replaced
    page = lawyer_client.get(document.get_absolute_url()).content.decode()
    table, history = page.split("版本记录", 1)
    assert "更正通知.pdf" in table and file_url(document, new) in table
    assert file_url(document, old) not in table
    assert "第1版" in history and file_url(document, old) in history and "更换附件" in history
    for attachment in (old, new):
        response = lawyer_client.get(file_url(document, attachment))
        body(response)
        assert response.status_code == 200


def test_an_old_versions_classified_file_is_named_and_recorded(lawyer_client, lawyer, staff):
    document = published(lawyer, staff=staff, files=[pdf()], secrecy=Secrecy.SECRET)
    old = document.attachments.get()
    document = services.correct(document, staff, "撤下附件", attachments=[])
    assert "通知.pdf" in lawyer_client.get(document.get_absolute_url()).content.decode().split("版本记录", 1)[1]
    response = lawyer_client.get(file_url(document, old))
    body(response)
    assert quote(f"{lawyer.name}_通知.pdf") in response["Content-Disposition"]
    assert Download.objects.get().attachment == old


def test_nobody_outside_the_recipients_reaches_an_old_versions_file(client, replaced, lawyer):
    document, old, _new = replaced
    for user in (MemberUserFactory(lawyer=LawyerFactory(firm=lawyer.firm)), MemberUserFactory()):
        client.force_login(user, backend=MEMBER_BACKEND)
        assert client.get(file_url(document, old)).status_code == 404
        assert client.get(old.get_absolute_url()).status_code == 404


def test_staff_see_each_versions_files_and_only_managers_may(replaced):
    document, old, new = replaced
    url = reverse("wagtailsnippets_notices_officialdocument:inspect", args=[document.pk])
    manager = Client()
    manager.force_login(StaffUserFactory(roles=[roles.DOCUMENT_MANAGERS]))
    page = manager.get(url).content.decode()
    versions = page.split("第1版 · 关于年度考核的通知", 1)[1]
    assert old.get_absolute_url() in versions and new.get_absolute_url() in versions
    response = manager.get(old.get_absolute_url())
    body(response)
    assert response.status_code == 200
    other = Client()
    other.force_login(StaffUserFactory(roles=[roles.TECH_SUPPORT]))
    assert other.get(old.get_absolute_url()).status_code == 404


def test_the_correction_form_offers_the_files_and_keeps_the_choice(lawyer, staff):
    document = published(lawyer, staff=staff, files=[pdf()])
    (extra,) = services.attach_files(document, staff, [pdf("补充.pdf")])
    client = Client()
    client.force_login(staff)
    url = reverse("wagtailsnippets_notices_officialdocument:inspect", args=[document.pk])
    page = client.get(url).content.decode()
    assert "随本版发布的附件" in page and "尚未发布" in page
    action = reverse("wagtailsnippets_notices_officialdocument:review_action", args=[document.pk, "correct"])
    response = client.post(action, {"reason": "只发补充附件", "attachments": [extra.pk]})
    assert response.status_code == 302
    document.refresh_from_db()
    assert list(document.current.attachments.all()) == [extra]


def test_the_migration_gives_existing_files_to_the_current_version(lawyer, staff):
    document = published(lawyer, staff=staff, files=[pdf()])
    document.current.attachments.clear()
    undrafted = draft(number="D-1")
    services.attach_files(undrafted, staff, [pdf("草稿.pdf")])
    migration = importlib.import_module("notices.migrations.0003_version_attachments")
    migration.current_version_keeps_the_files(django_apps, None)
    assert names(document.current.attachments.all()) == ["通知.pdf"]
    assert not undrafted.versions.exists()
    assert Recipient.objects.filter(document=document).count() == 1
