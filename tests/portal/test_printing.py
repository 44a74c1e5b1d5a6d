"""No PDF is laid out in a request (portal.printing): the 登记表 and the 会员卡申请单 are served
from their stored file while unchanged, and otherwise go through the worker with a 生成中 page."""

import pytest
from django.core.cache import cache
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse

import portal.pdf
from member_center import roles
from portal import printing
from tests.cards.helpers import apply
from tests.conftest import MEMBER_BACKEND
from tests.factories import AwardFactory, MemberUserFactory, ProfileFactory, StaffUserFactory, complete_profile

pytestmark = pytest.mark.django_db

PRINT_URL = reverse("profiles:print")


@pytest.fixture
def queue(monkeypatch):
    """The worker stopped: jobs are recorded, not run. `run()` runs them as the worker would."""

    class Queue(list):
        def run(self):
            while self:
                func, args = self.pop(0)
                assert func == printing.PRINT_TASK
                printing.render_print(*args)

    jobs = Queue()
    monkeypatch.setattr(printing, "enqueue", lambda func, *args: jobs.append((func, args)))
    return jobs


@pytest.fixture
def profile(lawyer, private_media):
    return complete_profile(ProfileFactory(lawyer=lawyer))


def pdfs_in(folder) -> list[str]:
    storage = storages["private"]
    return [name for name in storage.listdir(folder)[1] if name.endswith(".pdf")] if storage.exists(folder) else []


def test_a_changed_register_is_laid_out_by_the_worker_while_the_member_sees_generating(lawyer_client, profile, queue):
    response = lawyer_client.get(PRINT_URL)

    assert response.status_code == 202
    text = response.content.decode()
    assert "登记表生成中" in text and 'http-equiv="refresh"' in text
    assert reverse("profiles:record") in text  # 返回个人档案
    assert response["Cache-Control"] == "private, no-store"
    [(_, (name,))] = queue
    assert name.endswith(".pdf")  # the broker carries a file name only, no photo or ID number

    queue.run()
    served = lawyer_client.get(PRINT_URL)

    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served.content.startswith(b"%PDF")


def test_the_html_waits_in_private_storage_and_is_gone_once_laid_out(lawyer_client, profile, queue):
    lawyer_client.get(PRINT_URL)
    [(_, (name,))] = queue
    storage = storages["private"]
    source = name.removesuffix(".pdf") + ".html"
    assert storage.exists(source)
    with storage.open(source) as stored:
        assert profile.lawyer.id_number in stored.read().decode()

    queue.run()

    assert storage.exists(name)
    assert not storage.exists(source)


def test_an_unchanged_register_is_served_without_laying_it_out_again(lawyer_client, profile, queue, monkeypatch):
    lawyer_client.get(PRINT_URL)
    queue.run()
    first = lawyer_client.get(PRINT_URL).content

    def no_layout(html):
        raise AssertionError("laid out again")

    monkeypatch.setattr(portal.pdf, "html_to_pdf", no_layout)
    again = lawyer_client.get(PRINT_URL)

    assert again.status_code == 200
    assert again.content == first
    assert queue == []


def test_refreshing_the_generating_page_queues_the_layout_once(lawyer_client, profile, queue):
    for _ in range(3):
        assert lawyer_client.get(PRINT_URL).status_code == 202

    assert len(queue) == 1


def test_with_the_cache_down_a_print_is_queued_again_rather_never(lawyer_client, profile, queue, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)  # as FailSoftRedisCache reads when down

    lawyer_client.get(PRINT_URL)
    lawyer_client.get(PRINT_URL)

    assert len(queue) == 2
    queue.run()  # the second job finds the file laid out and does nothing more
    assert lawyer_client.get(PRINT_URL).status_code == 200


def test_a_change_makes_a_new_print_and_the_old_file_goes(lawyer_client, profile, queue):
    lawyer_client.get(PRINT_URL)
    queue.run()
    folder = f"profiles/register-pdf/{profile.pk}"
    [before] = pdfs_in(folder)

    AwardFactory(profile=profile, content="全国优秀律师")
    assert lawyer_client.get(PRINT_URL).status_code == 202
    queue.run()

    [after] = pdfs_in(folder)
    assert after != before
    assert lawyer_client.get(PRINT_URL).status_code == 200


def test_a_job_queued_twice_lays_the_print_out_once(lawyer_client, profile, queue, monkeypatch):
    lawyer_client.get(PRINT_URL)
    [(_, (name,))] = queue
    printing.render_print(name)
    monkeypatch.setattr(portal.pdf, "html_to_pdf", lambda html: pytest.fail("laid out twice"))

    printing.render_print(name)

    assert storages["private"].exists(name)


def test_staff_see_generating_in_the_admin_and_then_download_the_register(profile, queue):
    staff = Client()
    staff.force_login(StaffUserFactory(roles=[roles.MEMBER_MANAGERS]))
    url = reverse("wagtailsnippets_profiles_profile:pdf", args=[profile.pk])

    pending = staff.get(url)
    queue.run()
    served = staff.get(url)

    assert pending.status_code == 202
    assert "登记表生成中" in pending.content.decode()
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
    assert "attachment" in served["Content-Disposition"]


def test_the_card_application_sheet_goes_through_the_worker_too(private_media, queue):
    application = apply()
    member = Client()
    member.force_login(MemberUserFactory(lawyer=application.lawyer), backend=MEMBER_BACKEND)
    url = reverse("cards:print", args=[application.number])

    pending = member.get(url)
    queue.run()
    served = member.get(url)

    assert pending.status_code == 202 and "申请单生成中" in pending.content.decode()
    assert served.status_code == 200 and served.content.startswith(b"%PDF")


def test_another_lawyer_never_gets_a_card_sheet_that_is_not_his(private_media, queue):
    application = apply()
    other = Client()
    other.force_login(MemberUserFactory(lawyer=apply().lawyer), backend=MEMBER_BACKEND)

    assert other.get(reverse("cards:print", args=[application.number])).status_code == 404
    assert queue == []
