"""The member sessions of the load run (bench/loadrun.py), made in the bench database.

The login form is not used: a session row is written with Django's SessionStore as
django.contrib.auth.login() would leave it (user id, backend, session auth hash) plus the idle
clock portal.sessions starts on login, so the run measures the member pages, not the login
(whose flow is being changed meanwhile, and whose password hashing would dominate the CPU).

The accounts: the measured lawyer and the measured firm of data.create_accounts() (the most
data), then the accounts notificationdata made for practising lawyers, in pk order; a roster with
too few gets more, made as data.create_accounts() makes them. Each account's pages are the member
GET pages bench/measure.py measures, with that member's own newest application, message, ticket,
document and an activity open to it. The first account of each kind of page list (which pages,
which profile state) has its pages requested once here through the test Client with its new
session cookie: a page that does not answer 200 stops the run before gunicorn starts, so a wrong
page list is never taken for a fault.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from member_center.models import Lawyer, MemberKind, RosterStatus, User
from portal.sessions import GRACE, SEEN_KEY, idle_limit

from .data import BENCH_PASSWORD, MEASURED_FIRM_EMAIL, MEASURED_LAWYER_EMAIL

BACKEND = "member_center.backends.PortalBackend"
LOAD_SETTINGS = "bench.loadsettings"  # gunicorn's settings module in the load run


def member_accounts(count: int) -> list[User]:
    """`count` member accounts that may use the member centre: activated, no password to change."""
    chosen = [User.objects.get(email=MEASURED_LAWYER_EMAIL), User.objects.get(email=MEASURED_FIRM_EMAIL)][:count]
    practising = {"lawyer__kind": MemberKind.LAWYER, "lawyer__status": RosterStatus.PRACTISING}
    # Activated (member_center.activation.session_allowed): a session of an account never activated ends at once.
    chosen += (
        User.objects.filter(
            must_change_password=False, activated_at__isnull=False, is_active=True, is_staff=False, **practising
        )
        .exclude(pk__in=[user.pk for user in chosen])
        .order_by("pk")[: count - len(chosen)]
    )
    missing = count - len(chosen)
    if missing > 0:
        lawyers = Lawyer.objects.filter(
            kind=MemberKind.LAWYER, status=RosterStatus.PRACTISING, account__isnull=True
        ).order_by("pk")[:missing]
        password = make_password(BENCH_PASSWORD)  # hashed once, as data.create_accounts() does
        with transaction.atomic():
            chosen += [
                User.objects.create(
                    username=lawyer.licence_no,
                    lawyer=lawyer,
                    password=password,
                    must_change_password=False,
                    activated_at=timezone.now(),
                )
                for lawyer in lawyers
            ]
    if len(chosen) < count:
        raise SystemExit(f"bench: only {len(chosen)} practising members for {count} sessions; load a larger roster")
    return chosen


def member_pages(user: User) -> tuple[list[tuple[str, str, str]], str]:
    """(key, label, path) of the member GET pages this account sees, with its own objects; and
    what else decides how they answer (the profile's state)."""
    from activities.views import open_activities
    from certificates.models import CertificateApplication
    from member_center.profiles import services as profiles
    from member_center.tickets.models import Ticket
    from notices.services import documents_of

    member = user.member
    is_lawyer = isinstance(member, Lawyer)
    pages = [
        ("dashboard", "会员中心 /member/", reverse("member_center:dashboard")),
        ("certificates", "我的证明", reverse("certificates:list")),
    ]
    application = CertificateApplication.objects.visible_to(member).order_by("-pk").only("number").first()
    if application:
        pages.append(
            ("certificate", "申请详情 (its newest)", reverse("certificates:detail", args=[application.number]))
        )
    messages = reverse("notifications:list")
    pages += [("messages", "消息", messages), ("messages_unread", "消息, 未读", f"{messages}?show=unread")]
    notification = user.notifications.order_by("-created_at", "-pk").first()
    if notification:
        pages.append(("message", "消息 detail (its newest)", reverse("notifications:detail", args=[notification.pk])))
    if profiles.has_profile(member):
        profile = profiles.profile_for(member)
        pages += [
            ("profile_completion", "信息补全", reverse("profiles:completion")),
            ("profile_record", "个人档案", reverse("profiles:record")),
            ("profile_section", "教育经历 list", reverse("profiles:section", args=["education"])),
        ]
        if profiles.in_change(profile):  # 信息变更 is for an approved profile only
            pages.append(("profile_change", "信息变更", reverse("profiles:change")))
        pages.append(("profile_print", "《律师基本信息登记表》 PDF", reverse("profiles:print")))
    pages.append(("tickets", "工单系统", reverse("tickets:list")))
    ticket = Ticket.objects.of_member(member).order_by("-created_at", "-pk").only("number").first()
    if ticket:
        pages.append(("ticket", "工单 detail (its newest)", reverse("tickets:detail", args=[ticket.number])))
    if is_lawyer:  # 会员卡 is a lawyer's
        pages += [
            ("cards", "申请会员卡", reverse("cards:list")),
            ("cards_manage", "会员卡管理", reverse("cards:cards")),
        ]
    documents = reverse("documents:list")
    pages += [("documents", "我的公文", documents), ("documents_unread", "我的公文, 未读", f"{documents}?read=unread")]
    receipt = documents_of(member).first()
    if receipt:
        pages.append(("document", "查看收文 (its newest)", reverse("documents:detail", args=[receipt.document_id])))
    activities = reverse("activities:list")
    pages += [
        ("activities", "活动报名, 正在报名的活动", activities),
        ("activities_mine", "活动报名, 我已报名的活动", f"{activities}?tab=mine"),
    ]
    activity = open_activities(member, timezone.now()).first()
    if activity:
        pages.append(("activity", "报名参与活动 (an open one)", reverse("activities:detail", args=[activity.pk])))
    if is_lawyer:  # 培训记录 is a lawyer's (a firm gets a 404)
        pages.append(("training", "培训记录", reverse("activities:training")))
    return pages, profile.state if profiles.has_profile(member) else ""


def start_session(user: User) -> str:
    """A session as login() leaves it for this user; returns its key (the cookie's value)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # portal.sessions.start_idle_clock's part of a login: the idle clock starts now, so the
    # session stays valid for a working day of requests (longer than any load run).
    store[SEEN_KEY] = int(time.time())
    store.set_expiry(idle_limit(user) + GRACE)
    store.create()
    return store.session_key


def check_pages(session_key: str, pages: list[tuple[str, str, str]]) -> list[str]:
    """Each page once through the test Client with the session's cookie: what did not answer 200."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    wrong = []
    for key, _, path in pages:
        response = client.get(path)
        if response.status_code != 200:
            wrong.append(f"{key} {path}: {response.status_code} {response.get('Location', '')}".strip())
    return wrong


def create(count: int) -> dict:
    sessions, kinds = [], {}
    for user in member_accounts(count):
        pages, profile_state = member_pages(user)
        session = {
            "user_id": user.pk,
            "who": "lawyer" if user.lawyer_id else "firm",
            "profile": profile_state,
            "cookie": start_session(user),
            "pages": pages,
        }
        sessions.append(session)
        # The first account of each kind of page list (which pages, which profile state) is checked.
        kinds.setdefault((session["who"], profile_state, tuple(key for key, _, _ in pages)), session)
    for session in kinds.values():
        wrong = check_pages(session["cookie"], session["pages"])
        if wrong:
            raise SystemExit(f"bench: the load run's pages of user {session['user_id']} answer: " + "; ".join(wrong))
    return {
        "database": f"{connection.display_name} {'.'.join(map(str, connection.get_database_version()))}",
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "login_path": reverse(settings.LOGIN_URL),
        "sessions": sessions,
        "checked_accounts": len(kinds),
        # What gunicorn runs with (this step runs with bench.settings).
        "session_seen_write_s": import_module(LOAD_SETTINGS).SESSION_SEEN_WRITE_SECONDS,
    }
