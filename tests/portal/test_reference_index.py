"""Wagtail's reference index records what points at pages, images, documents and snippets, for the
admin's 使用情况 and delete warnings. Member records point at none of these: a saved profile, 消息
or audit entry must not reload and index itself in the member's request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import AbstractPage, ReferenceIndex

from notices.models import OfficialDocument
from portal import audit
from portal.notifications import services as notifications
from tests.factories import MemberUserFactory, ProfileFactory

# The portal's own models that hold Wagtail content: its pages, and 公文 (with their documents).
CONTENT_MODELS = {OfficialDocument}


def test_wagtail_indexes_only_the_portals_pages_and_official_documents():
    reverse("wagtailadmin_home")  # the admin's viewsets register their models as the URLs load
    ours = {
        model
        for model in ReferenceIndex.tracked_models
        if not model.__module__.startswith(("wagtail.", "django.", "taggit."))
    }
    assert ours, "Wagtail tracks the portal's pages"
    assert {model for model in ours if not issubclass(model, AbstractPage)} == CONTENT_MODELS


def save_profile():
    ProfileFactory().save()


def send_message():
    notifications.notify(MemberUserFactory(), title="审核结果", body="您的申请已通过。")


def record_a_change():
    profile = ProfileFactory()
    audit.record(profile, "测试", by=None)


@pytest.mark.django_db
@pytest.mark.parametrize("write", [save_profile, send_message, record_a_change], ids=lambda f: f.__name__)
def test_a_member_record_written_runs_no_reference_index_query(write, django_capture_on_commit_callbacks):
    reverse("wagtailadmin_home")  # as in a running portal, whose admin URLs are loaded
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        write()
    assert not [q["sql"] for q in queries.captured_queries if "wagtailcore_referenceindex" in q["sql"]]
