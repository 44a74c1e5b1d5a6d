"""Server-side timings and query counts of the portal's pages, through the Django test Client.

For each page: a few warm-up requests, then N timed requests (time.perf_counter around
Client.get, so the time is the whole middleware stack and view, without any network; and
time.process_time, this process's CPU time, which a busy machine disturbs less), then
one more request under CaptureQueriesContext for the query count. Capturing only that last
request keeps the debug cursor's bookkeeping out of the timings.
"""

import itertools
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet

from member_center.models import Firm, Lawyer, User
from notices.models import NewsIndexPage, NewsPage, NoticeIndexPage, NoticePage

from .report import percentile
from .urls import FLOOR_PATH


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    path: str
    who: str  # "anonymous" or an account role of data.create_accounts()
    section: str = "pages"  # "pages" (the roster), "certificates" or "profiles"
    prepare: Callable | None = None  # prepare(client, user) once, before the warm-up (a wizard's session)
    meta: Callable | None = None  # meta() -> extra request META, for each request
    error: str = ""  # set when the page cannot be measured at all (its URL does not exist)
    page_cache: bool = False  # served through the anonymous page cache (portal.pagecache); off otherwise


_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w\"])-?\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"\bIN \((?:\?|%s)(?:, ?(?:\?|%s))*\)")


def query_shape(sql: str) -> str:
    """The SQL with its literals replaced, so the same query for two rows has one shape."""
    sql = _STRING.sub("?", sql)
    sql = _NUMBER.sub("?", sql)
    return _IN_LIST.sub("IN (...)", sql)


def list_pages() -> list[tuple[str, str]]:
    """The article index pages of the tree, each labelled with its number of live articles."""
    found = []
    for model, name in ((NoticeIndexPage, "通知公告 index"), (NewsIndexPage, "新闻动态 index")):
        for index in model.objects.live().order_by("path"):
            articles = index.article_model.objects.child_of(index).live().count()
            if articles == 0:
                label = f"{name}, empty list (0 articles)"
            else:
                label = f"{name}, page 1 ({articles} articles, 10 a page)"
            found.append((label, index.get_url()))
    return found


def admin_index_path(model) -> str:
    """The index URL of the model's Wagtail admin viewset, wherever it is mounted."""
    reverse("wagtailadmin_home")  # loads the URLconf, which registers the viewsets
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is model and not isinstance(viewset, ChooserViewSet):
            return reverse(viewset.get_url_name("index"))
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


class SqlTimer:
    """A database execute wrapper adding up the time spent in the database driver."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def targets(lawyer_count: int, firm_count: int) -> list[Target]:
    rows = [
        Target("floor", 'Floor: HttpResponse("ok")', FLOOR_PATH, "anonymous"),
        Target("floor_member", 'Floor: HttpResponse("ok"), logged in', FLOOR_PATH, "lawyer"),
        Target("home", "Home page /", "/", "anonymous"),
        Target("search_empty", "Search without a query: empty result list", "/search/", "anonymous"),
    ]
    for n, (label, path) in enumerate(list_pages()):
        rows.append(Target(f"list{n}", label, path, "anonymous"))
    article = NewsPage.objects.live().order_by("-date", "-pk").first() or NoticePage.objects.live().first()
    if article is not None:
        rows.append(Target("article", f"{article._meta.verbose_name} page", article.url, "anonymous"))
    # The same pages as an anonymous visitor gets them once kept (the warm-up keeps them).
    for row in [r for r in rows if r.key in {"home", "list0", "list1", "article"}]:
        rows.append(Target(f"{row.key}_cached", f"{row.label}, page cache", row.path, "anonymous", page_cache=True))
    rows += [
        Target("dashboard_lawyer", "Member dashboard /member/", "/member/", "lawyer"),
        Target("dashboard_firm", "Member dashboard /member/", "/member/", "firm"),
        Target(
            "admin_lawyers",
            f"Admin lawyer listing ({lawyer_count:,} rows)",
            admin_index_path(Lawyer),
            "superuser",
        ),
        Target("admin_firms", f"Admin firm listing ({firm_count:,} rows)", admin_index_path(Firm), "superuser"),
        Target("admin_home", "Wagtail admin dashboard (staff to-do counts)", reverse("wagtailadmin_home"), "superuser"),
    ]
    return rows


# A slow page stops after this many timed requests once it has used up its time budget.
MIN_REQUESTS = 10


def measure_one(
    client: Client, path: str, requests: int, warmup: int, meta: Callable | None = None, budget_s: float = 0
) -> dict:
    """Warm up, time `requests` requests (or fewer, but at least MIN_REQUESTS, once `budget_s`
    seconds are spent: a 1-second page need not cost the run a minute), count the queries."""
    meta = meta or dict
    try:
        for _ in range(warmup):
            client.get(path, **meta())
        times, cpu_times = [], []
        began = time.perf_counter()
        for n in range(requests):
            if budget_s and n >= MIN_REQUESTS and time.perf_counter() - began > budget_s:
                break
            extra = meta()
            start, cpu_start = time.perf_counter(), time.process_time()
            client.get(path, **extra)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        timer = SqlTimer()
        extra = meta()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            response = client.get(path, **extra)
    except Exception as exc:  # a broken page is a result, not the end of the run
        return {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:160]}
    shapes = [query_shape(q["sql"]) for q in captured.captured_queries]
    repeated = {shape: n for shape, n in Counter(shapes).items() if n >= 3}
    # The slowest queries of the counted request (Django's debug cursor times each one).
    slowest = sorted(
        (
            {"ms": round(float(q["time"]) * 1000, 1), "shape": shape}
            for q, shape in zip(captured.captured_queries, shapes, strict=True)
        ),
        key=lambda item: -item["ms"],
    )[:3]
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "kb": round(len(b"".join(response) if response.streaming else response.content) / 1024, 1),
        "requests": len(times),
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 95) * 1000, 2),
        "min_ms": round(min(times) * 1000, 2),
        "cpu_median_ms": round(statistics.median(cpu_times) * 1000, 2),
        "queries": len(shapes),
        "sql_ms": round(timer.seconds * 1000, 2),
        "shapes": shapes,
        "repeated": repeated,
        "slowest": slowest,
    }


# --- electronic certificates ------------------------------------------------------------------


def snippet_viewset(model):
    """The model's Wagtail snippet viewset, or None while it is not registered."""
    from wagtail.snippets.models import get_snippet_models

    reverse("wagtailadmin_home")  # loads the URLconf, which registers the snippets
    return model.snippet_viewset if model in get_snippet_models() else None


def open_apply_wizard(client: Client, user) -> None:
    """我要申请 as the member's browser does: open it, then post 信息确认, so 选择证明 opens."""
    client.get(reverse("certificates:apply"), follow=True)
    data = {f"certificate_apply_{user.pk}-current_step": "confirm"}
    response = client.post(reverse("certificates:apply_step", args=["confirm"]), data)
    if response.status_code != 302 or not response["Location"].endswith("/choose/"):
        raise RuntimeError(f"the wizard's confirm step answered {response.status_code}, not a redirect to choose")


def distinct_ips():
    """A new client address for each request: /verify/ allows 20 look-ups per address in 10
    minutes (django-ratelimit), and a benchmark is not an abuser. The limiter still runs."""
    counter = itertools.count(1)

    def meta() -> dict:
        n = next(counter)
        return {"REMOTE_ADDR": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}

    return meta


def certificate_targets(info: dict, application_count: int) -> list[Target]:
    from certificates.models import CertificateApplication

    firm_n, lawyer_n = info["firm_applications"], info["lawyer_applications"]
    listing = reverse("certificates:list")
    filtered = (
        f"{listing}?certificate_type={info['filter_type']}&date_from={info['filter_from']}&date_to={info['filter_to']}"
    )
    choose = reverse("certificates:apply_step", args=["choose"])
    rows = [
        Target("cert_list_firm", f"我的证明, page 1 ({firm_n} applications)", listing, "firm", "certificates"),
        Target("cert_list_lawyer", f"我的证明, page 1 ({lawyer_n} applications)", listing, "lawyer", "certificates"),
        Target(
            "cert_list_filtered",
            f"我的证明, filtered: one type, last 365 days ({info['filter_matches']} of {firm_n})",
            filtered,
            "firm",
            "certificates",
        ),
        Target(
            "cert_list_page20",
            f"我的证明, page 20 (of {firm_n} applications)",
            f"{listing}?page=20",
            "firm",
            "certificates",
        ),
        Target(
            "cert_detail_firm",
            "申请详情 (issued, 2 e-mails, QR code)",
            reverse("certificates:detail", args=[info["detail_number"]]),
            "firm",
            "certificates",
        ),
    ]
    if info.get("lawyer_detail_number"):
        rows.append(
            Target(
                "cert_detail_lawyer",
                "申请详情 (issued, QR code)",
                reverse("certificates:detail", args=[info["lawyer_detail_number"]]),
                "lawyer",
                "certificates",
            )
        )
    rows += [
        Target(
            "cert_choose_firm",
            "我要申请, 选择证明 step (8 types, each with its sample)",
            choose,
            "firm",
            "certificates",
            prepare=open_apply_wizard,
        ),
        Target(
            "cert_choose_lawyer",
            "我要申请, 选择证明 step (3 types, each with its sample)",
            choose,
            "lawyer",
            "certificates",
            prepare=open_apply_wizard,
        ),
        Target(
            "cert_verify",
            "证明验证, a valid number and code",
            f"{reverse('certificate_verify')}?number={info['verify_number']}&code={info['verify_code']}",
            "anonymous",
            "certificates",
            meta=distinct_ips(),
        ),
    ]
    viewset = snippet_viewset(CertificateApplication)
    admin_rows = [
        ("cert_admin_list", f"Admin 证明申请 listing ({application_count:,} rows)", ""),
        ("cert_admin_pending", f"Admin 证明申请 listing, state=pending ({info['pending_count']:,} rows)", "?state=pending"),
        ("cert_admin_number", "Admin 证明申请 listing, search a whole number (exact)", f"?q={info['search_number']}"),
        (
            "cert_admin_name",
            f"Admin 证明申请 listing, search an applicant name (contains; {info['search_name_matches']} rows)",
            f"?q={info['search_name']}",
        ),
    ]  # fmt: skip
    missing = "CertificateApplication is not registered as a snippet (certificates/wagtail_hooks.py)"
    for key, label, query in admin_rows:
        path = f"{reverse(viewset.get_url_name('list'))}{query}" if viewset else "/admin/snippets/…"
        rows.append(Target(key, label, path, "superuser", "certificates", error="" if viewset else missing))
    if info.get("pending_pk"):
        path = reverse(viewset.get_url_name("inspect"), args=[info["pending_pk"]]) if viewset else "/admin/snippets/…"
        rows.append(
            Target(
                "cert_admin_review",
                "Admin 申请审核 of a pending manual-review application",
                path,
                "superuser",
                "certificates",
                error="" if viewset else missing,
            )
        )
    return rows


# --- lawyer profiles (律师档案) ------------------------------------------------------------------


def admin_viewset(model):
    """The Wagtail admin viewset (model or snippet viewset) that shows `model`, or None."""
    reverse("wagtailadmin_home")  # loads the URLconf, which registers the viewsets
    for viewset in viewsets.viewsets:
        # A chooser (the member chooser's Lawyer / Firm) is not the model's listing.
        if getattr(viewset, "model", None) is model and not isinstance(viewset, ChooserViewSet):
            return viewset
    return snippet_viewset(model)


def admin_url(viewset, *names: str, args=()) -> str | None:
    """The first of `names` the viewset has a URL for (a review view may be called either)."""
    from django.urls import NoReverseMatch

    for name in names:
        try:
            return reverse(viewset.get_url_name(name), args=args)
        except NoReverseMatch:
            continue
    return None


def profile_targets(info: dict, profile_count: int) -> list[Target]:
    from member_center.profiles.models import Profile, ProfileChange

    section = "profiles"
    entries, changes = info["rich_entries"], info["measured_changes"]
    rows = [
        Target(
            "profile_completion",
            f"信息补全 board (已通过, {entries} entries in each of the 12 sections)",
            reverse("profiles:completion"),
            "lawyer",
            section,
        ),
        Target("profile_record", "个人档案 (all 12 sections, photo)", reverse("profiles:record"), "lawyer", section),
        Target(
            "profile_section",
            f"教育经历 list ({entries} entries)",
            reverse("profiles:section", args=["education"]),
            "lawyer",
            section,
        ),
        Target(
            "profile_change",
            f"信息变更 with 近期变更 ({changes} changes)",
            reverse("profiles:change"),
            "lawyer",
            section,
        ),
        Target("profile_print", "《律师基本信息登记表》 PDF", reverse("profiles:print"), "lawyer", section),
    ]
    profiles = admin_viewset(Profile)
    missing = "Profile has no Wagtail admin viewset (member_center/profiles/wagtail_hooks.py)"
    index = admin_url(profiles, "index", "list") if profiles else None
    queue = [
        ("profile_admin_list", f"Admin 律师档案 queue ({profile_count:,} rows)", ""),
        (
            "profile_admin_submitted",
            f"Admin 律师档案 queue, state=审核中 ({info['submitted']:,} rows)",
            f"?state={Profile._meta.get_field('state').choices[1][0]}",
        ),
        (
            "profile_admin_name",
            f"Admin 律师档案 queue, search a lawyer's name ({info['review_name_matches']} rows)",
            f"?q={info['review_name']}",
        ),
    ]
    for key, label, query in queue:
        rows.append(
            Target(key, label, f"{index or '/admin/…'}{query}", "superuser", section, error="" if index else missing)
        )
    review = admin_url(profiles, "review", "inspect", "edit", args=[info["review_pk"]]) if profiles else None
    rows.append(
        Target(
            "profile_admin_review",
            f"Admin 审核 of a submitted profile ({entries} entries in each section)",
            review or "/admin/…",
            "superuser",
            section,
            error="" if review else missing if not profiles else "the Profile viewset has no review/inspect/edit URL",
        )
    )
    change_viewset = admin_viewset(ProfileChange)
    change_index = admin_url(change_viewset, "index", "list") if change_viewset else None
    rows.append(
        Target(
            "profile_admin_changes",
            f"Admin 档案变更 listing ({info['changes']:,} rows, {info['pending_changes']:,} 待处理)",
            change_index or "/admin/…",
            "superuser",
            section,
            error="" if change_index else "ProfileChange has no Wagtail admin viewset",
        )
    )
    return rows


def message_targets(info: dict, count: int) -> list[Target]:
    from portal.notifications.models import EmailStatus, Notification

    section = "messages"
    listing = reverse("notifications:list")
    rows = [
        Target("messages_list", f"消息, page 1 ({info['messages']} messages)", listing, "lawyer", section),
        Target("messages_unread", f"消息, 未读 ({info['unread']} unread)", f"{listing}?show=unread", "lawyer", section),
        Target("messages_page", "消息, page 10", f"{listing}?page=10", "lawyer", section),
        Target(
            "messages_detail",
            "消息 detail (the newest; opening marks it read)",
            reverse("notifications:detail", args=[info["detail_id"]]),
            "lawyer",
            section,
        ),
    ]
    viewset = admin_viewset(Notification)
    missing = "Notification has no Wagtail admin viewset (portal/notifications/wagtail_hooks.py)"
    index = admin_url(viewset, "index", "list") if viewset else None
    for key, label, query in [
        ("messages_admin", f"Admin 消息记录 listing ({count:,} rows)", ""),
        (
            "messages_admin_failed",
            f"Admin 消息记录, 发送失败 ({info['failed']:,} rows)",
            f"?email_status={EmailStatus.FAILED}",
        ),
    ]:
        rows.append(
            Target(key, label, f"{index}{query}" if index else "", "superuser", section, error="" if index else missing)
        )
    return rows


def ticket_targets(info: dict, count: int) -> list[Target]:
    from member_center.tickets.models import Ticket

    section = "tickets"
    listing = reverse("tickets:list")
    rows = [
        Target("tickets_list", f"工单系统, page 1 ({info['lawyer_tickets']} tickets)", listing, "lawyer", section),
        Target("tickets_list_state", "工单系统, state=已回复", f"{listing}?state=answered", "lawyer", section),
        Target("tickets_page", "工单系统, page 10", f"{listing}?page=10", "lawyer", section),
        Target(
            "tickets_detail",
            "工单 detail (20 replies and notes)",
            reverse("tickets:detail", args=[info["detail_number"]]),
            "lawyer",
            section,
        ),
    ]
    viewset = admin_viewset(Ticket)
    missing = "Ticket has no Wagtail admin viewset (member_center/tickets/wagtail_hooks.py)"
    index = admin_url(viewset, "index", "list") if viewset else None
    for key, label, query in [
        ("tickets_admin", f"Admin 工单 queue ({count:,} rows, waiting first)", ""),
        ("tickets_admin_waiting", "Admin 工单 queue, state=待处理", "?state=pending"),
        ("tickets_admin_overdue", "Admin 工单 queue, 等待超过 2 个工作日", "?overdue=1"),
        ("tickets_admin_number", "Admin 工单 queue, search a whole number (exact)", f"?q={info['search_number']}"),
        ("tickets_admin_name", "Admin 工单 queue, search a member name", "?q=王"),
    ]:
        rows.append(
            Target(key, label, f"{index}{query}" if index else "", "superuser", section, error="" if index else missing)
        )
    review = admin_url(viewset, "inspect", args=[info["detail_pk"]]) if viewset else None
    rows.append(
        Target(
            "tickets_admin_review",
            "Admin 工单 page (20 replies and notes)",
            review or "",
            "superuser",
            section,
            error="" if review else missing,
        )
    )
    return rows


def card_targets(info: dict, count: int) -> list[Target]:
    from member_center.cards.models import CardApplication

    section = "cards"
    rows = [
        Target(
            "cards_list",
            f"申请会员卡 ({info['lawyer_applications']} applications)",
            reverse("cards:list"),
            "lawyer",
            section,
        ),
        Target("cards_manage", "会员卡管理", reverse("cards:cards"), "lawyer", section),
    ]
    viewset = admin_viewset(CardApplication)
    missing = "CardApplication has no Wagtail admin viewset (member_center/cards/wagtail_hooks.py)"
    index = admin_url(viewset, "index", "list") if viewset else None
    for key, label, query in [
        ("cards_admin", f"Admin 会员卡申请 pipeline ({count:,} rows, oldest first)", ""),
        ("cards_admin_state", "Admin 会员卡申请, state=已受理", "?state=accepted"),
        ("cards_admin_name", "Admin 会员卡申请, search a name", "?q=王"),
    ]:
        rows.append(
            Target(key, label, f"{index}{query}" if index else "", "superuser", section, error="" if index else missing)
        )
    review = admin_url(viewset, "inspect", args=[info["review_pk"]]) if viewset else None
    rows.append(
        Target(
            "cards_admin_review",
            "Admin 会员卡申请 page",
            review or "",
            "superuser",
            section,
            error="" if review else missing,
        )
    )
    rows.append(
        Target(
            "cards_bulk_make",
            f"Admin 批量制卡 confirmation, the whole batch selected ({info['batch_size']} applications)",
            reverse("wagtail_bulk_action", args=["cards", "cardapplication", "card_make"])
            + f"?id=all&batch={info['batch_pk']}",
            "superuser",
            section,
        )
    )
    rows.append(
        Target(
            "cards_batch_zip",
            f"制卡导出 zip (xlsx + photos, {info['batch_size']} applications)",
            reverse("cards_admin:download_batch", args=[info["batch_pk"]]),
            "superuser",
            section,
        )
    )
    return rows


def document_targets(info: dict, count: int) -> list[Target]:
    from notices.models import OfficialDocument, Recipient

    section = "documents"
    listing = reverse("documents:list")
    rows = [
        Target(
            "documents_list", f"我的公文, page 1 ({info['lawyer_documents']:,} documents)", listing, "lawyer", section
        ),
        Target("documents_unread", "我的公文, 未读", f"{listing}?read=unread", "lawyer", section),
        Target("documents_search", "我的公文, search a title", f"{listing}?q=年度考核", "lawyer", section),
        Target("documents_page", "我的公文, page 50", f"{listing}?page=50", "lawyer", section),
        Target(
            "documents_detail", "查看收文", reverse("documents:detail", args=[info["detail_pk"]]), "lawyer", section
        ),
    ]
    big = info["big_pk"]
    for model, key, label, query in [
        (OfficialDocument, "documents_admin", f"Admin 公文 ({count:,} rows)", ""),
        (OfficialDocument, "documents_admin_search", "Admin 公文, search a title", "?q=年度考核"),
        (Recipient, "documents_receipts", f"Admin 传阅情况 of one document ({info['big_recipients']:,} recipients)",
         f"?document={big}"),
        (Recipient, "documents_receipts_unread", "Admin 传阅情况, 未读当前版本", f"?document={big}&read=unread"),
        (Recipient, "documents_receipts_old", "Admin 传阅情况, 已阅旧版本", f"?document={big}&read=old"),
        (Recipient, "documents_receipts_read", "Admin 传阅情况, 已阅", f"?document={big}&read=read"),
        (Recipient, "documents_receipts_export", "Admin 传阅情况, 导出 xlsx (every recipient, a column per version)",
         f"?document={big}&export=xlsx"),
    ]:  # fmt: skip
        viewset = admin_viewset(model)
        index = admin_url(viewset, "index", "list") if viewset else None
        missing = f"{model.__name__} has no Wagtail admin viewset (notices/wagtail_hooks.py)"
        rows.append(
            Target(key, label, f"{index}{query}" if index else "", "superuser", section, error="" if index else missing)
        )
    viewset = admin_viewset(OfficialDocument)
    review = admin_url(viewset, "inspect", args=[big]) if viewset else None
    rows.append(
        Target("documents_admin_review", f"Admin 公文 page ({info['big_recipients']:,} recipients)", review or "",
               "superuser", section, error="" if review else "no inspect view")
    )  # fmt: skip
    rows.append(
        Target("documents_member_chooser", "Admin 传阅给, 选择律师: search by pinyin (zmw)",
               reverse("member_lawyer_chooser:choose_results") + "?q=zmw&multiple=1", "superuser", section)
    )  # fmt: skip
    return rows


def activity_targets(info: dict, count: int, signups: int) -> list[Target]:
    from activities.models import SignUp, TrainingRecord

    section = "activities"
    listing = reverse("activities:list")
    full = info["full_pk"]
    rows = [
        Target("act_open", f"活动报名, 正在报名的活动 ({info['open_activities']} open)", listing, "lawyer", section),
        Target(
            "act_mine",
            f"活动报名, 我已报名的活动 ({info['lawyer_signups']} sign-ups)",
            f"{listing}?tab=mine",
            "lawyer",
            section,
        ),
        Target(
            "act_detail",
            f"报名参与活动, full ({info['full_capacity']} seats, {info['full_waiting']} waiting; he is on the list)",
            reverse("activities:detail", args=[full]),
            "lawyer",
            section,
        ),
        Target(
            "act_detail_firm",
            "报名参与活动, the full activity as the largest firm (its lawyers to pick)",
            reverse("activities:detail", args=[full]),
            "firm",
            section,
        ),
        Target(
            "act_training",
            f"培训记录 ({info['lawyer_year_records']} this year, {info['lawyer_records']} in all)",
            reverse("activities:training"),
            "lawyer",
            section,
        ),
    ]
    signup_viewset = admin_viewset(SignUp)
    index = admin_url(signup_viewset, "list", "index") if signup_viewset else None
    missing = "SignUp is not registered as a snippet (activities/wagtail_hooks.py)"
    for key, label, query in [
        ("act_admin", f"Admin 报名名单 ({signups:,} rows)", ""),
        ("act_admin_waiting", f"Admin 报名名单, state=候补中 ({info['waiting']:,} rows)", "?state=waiting"),
        (
            "act_admin_activity",
            f"Admin 报名名单, one activity's 已报名 ({info['full_signups']} rows)",
            f"?activity={full}&state=signed_up",
        ),
        (
            "act_admin_name",
            f"Admin 报名名单, search a name ({info['search_matches']} rows)",
            f"?q={info['search_name']}",
        ),
    ]:
        rows.append(
            Target(key, label, f"{index}{query}" if index else "", "superuser", section, error="" if index else missing)
        )
    rows += [
        Target("act_admin_index", f"Admin 活动管理 ({count:,} activities, the newest 200)",
               reverse("activities_admin:index"), "superuser", section),
        Target("act_admin_page", f"Admin one activity's page ({info['full_signups']} signed up)",
               reverse("activities_admin:activity", args=[full]), "superuser", section),
        Target("act_admin_check_in", f"Admin 签到 ({info['full_signups']} seats to tick)",
               reverse("activities_admin:check_in", args=[full]), "superuser", section),
    ]  # fmt: skip
    records = admin_viewset(TrainingRecord)
    records_index = admin_url(records, "list", "index") if records else None
    rows.append(
        Target(
            "act_admin_training",
            f"Admin 培训记录 ({info['records']:,} rows)",
            records_index or "",
            "superuser",
            section,
            error="" if records_index else "TrainingRecord is not registered as a snippet",
        )
    )
    return rows


def run(
    accounts: dict,
    lawyer_count: int,
    firm_count: int,
    requests: int,
    warmup: int,
    progress=print,
    certificates: dict | None = None,
    budget_s: float = 0,
    profiles: dict | None = None,
    messages: dict | None = None,
    tickets: dict | None = None,
    cards: dict | None = None,
    documents: dict | None = None,
    activities: dict | None = None,
) -> list[dict]:
    clients, users = {"anonymous": Client()}, {"anonymous": None}
    for role, account in accounts.items():
        client = Client()
        users[role] = User.objects.get(pk=account["user_id"])
        client.force_login(users[role])
        clients[role] = client
    all_targets = targets(lawyer_count, firm_count)
    if certificates:
        all_targets += certificate_targets(certificates["measured"], certificates["applications"])
    if profiles:
        all_targets += profile_targets(profiles["measured"], profiles["profiles"])
    if messages:
        all_targets += message_targets(messages["measured"], messages["notifications"])
    if tickets:
        all_targets += ticket_targets(tickets["measured"], tickets["tickets"])
    if cards:
        all_targets += card_targets(cards["measured"], cards["applications"])
    if documents:
        all_targets += document_targets(documents["measured"], documents["documents"])
    if activities:
        measured = {**activities["measured"], "records": activities["records"]}
        all_targets += activity_targets(measured, activities["activities"], activities["signups"])
    results = []
    for target in all_targets:
        account = accounts[target.who]["label"] if target.who in accounts else ""
        client = clients[target.who]
        if target.error:
            result = {"error": target.error}
        else:
            try:
                if target.prepare:
                    target.prepare(client, users[target.who])
            except Exception as exc:
                result = {"error": f"set-up failed: {type(exc).__name__}: {exc}".splitlines()[0][:160]}
            else:
                # Every other row measures the page rendered (a member's pages never are kept anyway).
                seconds = settings.PAGE_CACHE_SECONDS if target.page_cache else 0
                with override_settings(PAGE_CACHE_SECONDS=seconds):
                    result = measure_one(client, target.path, requests, warmup, target.meta, budget_s)
        results.append(
            {
                "key": target.key,
                "label": target.label,
                "path": target.path,
                "who": target.who,
                "account": account,
                "section": target.section,
            }
            | result
        )
        summary = result.get("error") or f"{result['median_ms']} ms, {result['queries']} queries"
        progress(f"    {target.label} [{target.who}]: {summary}")
    return results
