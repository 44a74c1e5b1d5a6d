"""A member's own copy of a member-centre page (portal.membercopies): the same page again, without
the view, until anything is written; never for anybody else. The tests commit for real
(transaction=True): the write version follows commits, as in production."""

import datetime

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import membercopies, writes
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.factories import FirmUserFactory, LawyerFactory, MemberUserFactory, StaffUserFactory

# serialized_rollback: the flush after each test leaves no rows for the next serialized restore
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MESSAGES = "/member/messages/"
MEMBER_BACKEND = "member_center.backends.PortalBackend"


@pytest.fixture(autouse=True)
def copies_on(settings):
    settings.MEMBER_PAGE_COPY_SECONDS = 60
    membercopies._local.clear()
    yield
    membercopies._local.clear()


@pytest.fixture
def member_client(lawyer_user):
    client = Client()
    client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    client.get(MESSAGES)  # the first page sets the CSRF cookie, so it is never kept
    return client


def is_copy(response) -> bool:
    return response.get(membercopies.HIT_HEADER) == "hit"


def test_the_messages_page_is_at_the_address_the_tests_use():
    assert reverse("notifications:list") == MESSAGES


def test_the_same_page_again_is_the_members_copy(member_client):
    first = member_client.get(MESSAGES)
    again = member_client.get(MESSAGES)
    assert not is_copy(first)
    assert is_copy(again)
    assert again.content == first.content


def test_a_copy_runs_no_query_of_the_view(member_client):
    member_client.get(MESSAGES)
    with CaptureQueriesContext(connection) as queries:
        assert is_copy(member_client.get(MESSAGES))
    # The session and the account, which every member page reads before its view.
    assert len(queries) <= 2, [q["sql"] for q in queries]


def test_another_member_never_gets_the_copy(member_client):
    member_client.get(MESSAGES)
    other = MemberUserFactory(lawyer=LawyerFactory(name="赵敏"))
    notify(other, title="只给赵敏的消息", body="")
    other_client = Client()
    other_client.force_login(other, backend=MEMBER_BACKEND)
    response = other_client.get(MESSAGES)
    assert not is_copy(response)
    assert "只给赵敏的消息" in response.content.decode()
    assert "只给赵敏的消息" not in member_client.get(MESSAGES).content.decode()


def test_a_firm_and_a_lawyer_on_one_address_each_get_their_own(member_client):
    firm_user = FirmUserFactory()
    firm_client = Client()
    firm_client.force_login(firm_user, backend=MEMBER_BACKEND)
    member_client.get("/member/")
    assert not is_copy(firm_client.get("/member/"))


def test_a_new_message_shows_on_the_next_page(member_client, lawyer_user):
    member_client.get(MESSAGES)
    notify(lawyer_user, title="您的证明申请已审批通过", body="")
    response = member_client.get(MESSAGES)
    assert not is_copy(response)
    assert "您的证明申请已审批通过" in response.content.decode()


def test_a_bulk_update_without_signals_shows_on_the_next_page(member_client, lawyer_user):
    notify(lawyer_user, title="旧标题", body="")
    member_client.get(MESSAGES)
    Notification.objects.filter(recipient=lawyer_user).update(title="新标题")
    assert "新标题" in member_client.get(MESSAGES).content.decode()


def test_an_update_that_matches_no_row_keeps_the_version(lawyer_user):
    """`filter(unread).update(read)` on what is already read: nothing changed, nothing replaced."""
    notify(lawyer_user, title="已读过", body="")
    before = writes.current_version()

    Notification.objects.filter(recipient=lawyer_user, title="没有这条").update(title="改")
    Notification.objects.filter(title="没有这条").delete()

    assert writes.current_version() == before


def test_a_write_replaces_the_version_only_when_it_commits(lawyer_user):
    before = writes.current_version()
    with transaction.atomic():
        notify(lawyer_user, title="提交中", body="")
        assert writes.current_version() == before
    assert writes.current_version() != before


def test_a_rolled_back_write_keeps_the_version(lawyer_user):
    before = writes.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(lawyer_user, title="不会保存", body="")
        raise RuntimeError
    assert writes.current_version() == before


def test_one_transaction_replaces_the_version_once(lawyer_user, monkeypatch):
    replaced = []
    monkeypatch.setattr(writes, "new_version", lambda: replaced.append(1))
    with transaction.atomic():
        for n in range(3):
            Notification.objects.create(recipient=lawyer_user, title=f"第{n}条")
    assert replaced == [1]


def test_a_session_write_keeps_the_version(member_client):
    before = writes.current_version()
    session = member_client.session
    session["something"] = 1
    session.save()
    assert writes.current_version() == before


def test_copies_are_off_when_the_setting_is_zero(member_client, settings):
    settings.MEMBER_PAGE_COPY_SECONDS = 0
    member_client.get(MESSAGES)
    assert not is_copy(member_client.get(MESSAGES))


def test_a_copy_lasts_at_most_the_setting(member_client):
    member_client.get(MESSAGES)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        assert not is_copy(member_client.get(MESSAGES))


def test_each_address_has_its_own_copy(member_client):
    member_client.get(MESSAGES)
    response = member_client.get(MESSAGES + "?show=unread")
    assert not is_copy(response)


def test_a_waiting_message_is_shown_not_a_copy(member_client):
    member_client.get(MESSAGES)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "已全部标为已读")
    response = member_client.get(MESSAGES, headers={"cookie": _cookie_with_message(member_client, storage)})
    assert not is_copy(response)


def test_an_emptied_messages_cookie_does_not_stop_copies(member_client):
    """A client that keeps the cookie Django emptied once the messages were shown."""
    member_client.get(MESSAGES)
    member_client.cookies[CookieStorage.cookie_name] = ""

    assert is_copy(member_client.get(MESSAGES))


def _cookie_with_message(client, storage) -> str:
    from django.http import HttpResponse

    holder = HttpResponse()
    storage.update(holder)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    cookies[CookieStorage.cookie_name] = holder.cookies[CookieStorage.cookie_name].value
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def test_a_page_that_showed_a_message_is_not_kept(member_client, lawyer_user):
    notify(lawyer_user, title="未读的一条", body="")
    # 全部标为已读 answers with a redirect, and the next page shows its message once.
    member_client.post(reverse("notifications:mark_all_read"))
    assert "标为已读" in member_client.get(MESSAGES).content.decode()
    again = member_client.get(MESSAGES)
    assert not is_copy(again)
    assert "已将 1 条消息标为已读" not in again.content.decode()


def test_a_copys_form_token_is_valid_for_its_session(lawyer_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    client.get(MESSAGES)
    client.get(MESSAGES)
    copy = client.get(MESSAGES)
    assert is_copy(copy)
    token = copy.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(reverse("member_center:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_after_logout_the_copy_is_never_served(member_client):
    member_client.get(MESSAGES)
    member_client.post(reverse("member_center:logout"))
    response = member_client.get(MESSAGES)
    assert response.status_code == 302
    assert not is_copy(response)


def test_a_new_login_does_not_get_the_old_sessions_copy(member_client, lawyer_user):
    member_client.get(MESSAGES)
    member_client.force_login(lawyer_user, backend=MEMBER_BACKEND)
    assert not is_copy(member_client.get(MESSAGES))


def _request(user, path="/member/x/"):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request.session["_auth_user_id"] = str(user.pk)
    request.session.save()
    request.COOKIES["csrftoken"] = "x" * 32
    request._messages = FallbackStorage(request)
    return request


def test_a_view_that_changed_the_session_is_not_kept(lawyer_user):
    from django.http import HttpResponse

    calls = []

    @membercopies.kept_for_member
    def view(request):
        calls.append(1)
        request.session["wizard_step"] = len(calls)
        return HttpResponse("<p>步骤</p>")

    request = _request(lawyer_user)
    view(request)
    request.session["wizard_step"] = None  # the next request starts from the same session data
    request.session.save()
    view(_same_session(request, lawyer_user))
    assert calls == [1, 1]


def _same_session(request, user):
    again = RequestFactory().get(request.path)
    again.user = user
    again.session = request.session
    again.COOKIES.update(request.COOKIES)
    again._messages = request._messages
    return again


def test_a_pure_view_is_kept(lawyer_user):
    from django.http import HttpResponse

    calls = []

    @membercopies.kept_for_member
    def view(request):
        calls.append(1)
        return HttpResponse("<p>列表</p>")

    request = _request(lawyer_user)
    view(request)
    assert is_copy(view(_same_session(request, lawyer_user)))
    assert calls == [1]


def test_a_view_saying_never_cache_is_not_kept(lawyer_user):
    from django.http import HttpResponse
    from django.views.decorators.cache import never_cache

    @membercopies.kept_for_member
    @never_cache
    def view(request):
        return HttpResponse("<p>生成中</p>")

    request = _request(lawyer_user)
    view(request)
    assert not is_copy(view(_same_session(request, lawyer_user)))


def test_staff_never_get_copies(lawyer_user):
    from django.http import HttpResponse

    staff = StaffUserFactory()

    @membercopies.kept_for_member
    def view(request):
        return HttpResponse("<p>后台</p>")

    request = _request(staff)
    view(request)
    assert not is_copy(view(_same_session(request, staff)))


def test_the_cache_down_renders_the_page(member_client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "get_many", down)
    response = member_client.get(MESSAGES)
    assert response.status_code == 200
    assert not is_copy(response)
