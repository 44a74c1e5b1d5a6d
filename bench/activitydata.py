"""Synthetic 活动报名 and 培训记录 for the benchmark: `count` ActivityPages under the 活动 index page
and `signups` sign-ups spread over them in every state, and:

- most activities past (attendance taken and closed: 出席, 部分出席, 请假, 缺席), a tenth open for
  sign-up now, the rest closed for sign-up and still to come;
- one full activity open now, with a waiting list (FULL_CAPACITY seats, a fifth more waiting),
  open to lawyers and firms: its detail page, its staff page and its 签到 page;
- the measured lawyer (accounts["lawyer"]): MEASURED_SIGNUPS sign-ups (one a waiting-list place
  in the full activity, some open, the rest past and attended) and a year of 培训记录 (his
  attendance plus imported online courses);
- a 培训记录 (活动签到) for every seat attended, as 结束活动 makes them.

The pages go in without Page.add_child: the Page rows with bulk_create (treebeard paths computed
here, the way add_child numbers them), the ActivityPage rows with one executemany; add_child
costs about 25 ms a page (2,000: about a minute). Sign-ups, ledgers and records through
certdata.insert_rows."""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page

from activities.models import (
    ActivityIndexPage,
    ActivityLedger,
    ActivityPage,
    Attendance,
    SignUp,
    SignUpState,
    TrainingRecord,
    TrainingSource,
    TrainingType,
)
from home.models import HomePage
from member_center.models import Lawyer, RosterStatus, User

from .certdata import insert_rows

S = SignUpState
MEASURED_SIGNUPS = 40
MEASURED_IMPORTED = 24  # online courses of the last 12 months, imported from another platform
FULL_CAPACITY = 300
CHUNK = 5000
HALF = Decimal("0.5")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TOPICS = (
    "律师执业技能培训", "青年律师沙龙", "涉外法律服务专题讲座", "律师职业道德与执业纪律培训", "新《公司法》重点条文解读",
    "民商事诉讼证据规则研讨", "刑事辩护实务交流", "律师事务所管理实务研讨会", "知识产权保护论坛", "劳动争议案件办理实务",
)  # fmt: skip
SCOPES = (
    ",full_time,law_firm,trainee,", ",full_time,", ",full_time,part_time,company,public,legal_aid,",
    ",full_time,law_firm,", ",trainee,", ",company,company_office,",
)  # fmt: skip
PLACES = ("协会七楼报告厅", "协会一楼多功能厅", "天河区珠江新城华夏路 10 号会议中心", "线上直播（报名后发送直播链接）")
ALL_LAWYERS = ",full_time,part_time,company,public,legal_aid,trainee,law_firm,"


@dataclass
class Activities:
    activities: int = 0
    signups: int = 0
    records: int = 0
    generation_s: float = 0.0
    pages_s: float = 0.0
    states: dict = field(default_factory=dict)
    measured: dict = field(default_factory=dict)


def code_for(n: int) -> str:
    """A unique 10-character 签到码 from the sign-up's number, in new_code's alphabet."""
    chars = []
    for _ in range(10):
        n, digit = divmod(n, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def activity_index() -> ActivityIndexPage:
    index = ActivityIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first() or Page.get_first_root_node()
        index = home.add_child(instance=ActivityIndexPage(title="活动", slug="activities"))
    return index


def _insert_pages(index: ActivityIndexPage, specs: list[dict]) -> list[int]:
    """The ActivityPages of `specs` (each the page's own fields plus title and slug) under `index`:
    Page rows with treebeard's paths, then the ActivityPage rows; returns their pks in order."""
    content_type = ContentType.objects.get_for_model(ActivityPage)
    first_step = index.numchild + 1
    pages = [
        Page(
            title=spec["title"],
            draft_title=spec["title"],
            slug=spec["slug"],
            path=Page._get_path(index.path, index.depth + 1, first_step + n),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{spec['slug']}/",
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=spec["signup_opens"],
            last_published_at=spec["signup_opens"],
            latest_revision_created_at=spec["signup_opens"],
            locale_id=index.locale_id,
            translation_key=uuid.uuid4(),
            show_in_menus=False,
            search_description="",
            seo_title="",
        )
        for n, spec in enumerate(specs)
    ]
    for start in range(0, len(pages), CHUNK):
        Page.objects.bulk_create(pages[start : start + CHUNK])
    pks = [page.pk for page in pages]
    if None in pks:  # a backend that returns no pks from bulk_create: find them by path
        by_path = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
        pks = [by_path[page.path] for page in pages]
    fields = ActivityPage._meta.local_concrete_fields  # page_ptr first, then the activity's own
    prepare = [f.get_db_prep_save for f in fields]
    rows = []
    for pk, spec in zip(pks, specs, strict=True):
        values = {"page_ptr_id": pk, **{k: v for k, v in spec.items() if k not in ("title", "slug")}}
        rows.append(
            [
                prep(values[f.attname] if f.attname in values else f.get_default(), connection=connection)
                for f, prep in zip(fields, prepare, strict=True)
            ]
        )
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ActivityPage._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(specs))
    return pks


def _spec(rng: random.Random, n: int, opens, closes, starts, capacity: int, scope: str, now) -> dict:
    hours = rng.choice([Decimal("1.5"), Decimal("2"), Decimal("3"), Decimal("4")])
    online = rng.random() < 0.2
    return {
        "title": f"{timezone.localtime(starts):%Y}年第{n}期{rng.choice(TOPICS)}",
        "slug": f"bench-activity-{n}",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=float(hours) + 1),
        "place": PLACES[3] if online else rng.choice(PLACES[:3]),
        "organiser": "广州市律师协会",
        "guests": "广东省高级人民法院 李法官" if rng.random() < 0.5 else "",
        "capacity": capacity,
        "eligible": scope,
        "signup_opens": opens,
        "signup_closes": closes,
        "per_member_limit": 5 if "law_firm" in scope else 1,
        "signup_notice": "<p>请如实填写报名表，手机号码用于接收活动通知。报名成功后请按时参加，活动当天凭签到码签到。</p>",
        "intro": "<p>围绕执业实务开展培训，欢迎各位律师报名参加。</p>",
        "notes": "<p>请提前 15 分钟到场签到；如因特殊原因不能参加，请在规定时间内取消报名或请假。</p>",
        "leave_reasons": "工作冲突\n出差在外\n身体原因\n家庭原因\n其他原因",
        "hours": hours,
        "training_type": TrainingType.ONLINE if online else TrainingType.ON_SITE,
    }


def _activity_specs(rng: random.Random, count: int, signups: int, now) -> list[dict]:
    """The first is the full activity open now; then a tenth open, a twentieth upcoming, the rest past."""
    day = datetime.timedelta(days=1)
    full_capacity = max(5, min(FULL_CAPACITY, signups // 12))
    specs = [
        _spec(rng, 1, now - 5 * day, now + 10 * day, now + 14 * day, full_capacity, ALL_LAWYERS, now)
        | {"title": "2026年度律师执业技能培训（报满）"}
    ]
    for n in range(2, count + 1):
        kind = rng.random()
        if kind < 0.10:  # open for sign-up now
            opens = now - rng.randint(1, 10) * day
            closes = now + rng.randint(3, 30) * day
            starts = closes + rng.randint(2, 7) * day
        elif kind < 0.15:  # sign-up closed, still to come
            closes = now - rng.randint(1, 3) * day
            opens, starts = closes - 14 * day, now + rng.randint(1, 10) * day
        else:  # past: spread over two years
            starts = now - rng.randint(3, 730) * day
            closes = starts - 2 * day
            opens = closes - 14 * day
        starts = starts.replace(hour=1, minute=0, second=0, microsecond=0)  # 09:00 in Beijing
        capacity = rng.choice([30, 50, 80, 100, 150, 200, 300])
        specs.append(_spec(rng, n, opens, closes, starts, capacity, rng.choice(SCOPES), now))
    return specs


def _signup_row(n: int, activity_pk: int, lawyer: dict, state, created, firm_names: dict) -> dict:
    return {
        "activity_id": activity_pk,
        "lawyer_id": lawyer["pk"],
        "firm_id": None,
        "attendee_id": lawyer["pk"],
        "code": code_for(n),
        "state": state,
        "name": lawyer["name"],
        "gender": lawyer["gender"],
        "employer": firm_names.get(lawyer["firm_id"], ""),
        "position": "律师",
        "phone": "",
        "mobile": f"139{n % 100000000:08d}",
        "email": "",
        "created_at": created,
        "updated_at": created,
        "cancelled_at": created + datetime.timedelta(days=1) if state == S.CANCELLED else None,
        "cancel_reason": "",
        "checked_in_at": None,
        "checked_out_at": None,
        "attendance": "",
        "hours_awarded": None,
    }


def _attend(rng: random.Random, row: dict, spec: dict) -> None:
    """A seat of a past activity as 结束活动 leaves it: 出席 (most), 部分出席, 请假 or 缺席."""
    roll = rng.random()
    if row["state"] == S.ON_LEAVE:
        row.update(attendance=Attendance.LEAVE, hours_awarded=Decimal("0"))
    elif roll < 0.85:
        row.update(checked_in_at=spec["starts_at"], attendance=Attendance.PRESENT, hours_awarded=spec["hours"])
    elif roll < 0.92:
        row.update(
            checked_in_at=spec["starts_at"],
            checked_out_at=spec["starts_at"] + (spec["ends_at"] - spec["starts_at"]) / 2,
            attendance=Attendance.PARTIAL,
            hours_awarded=(spec["hours"] / 2 / HALF).to_integral_value(rounding=ROUND_FLOOR) * HALF,
        )
    else:
        row.update(attendance=Attendance.ABSENT, hours_awarded=Decimal("0"))


@transaction.atomic
def create_activities(count: int, signups: int, accounts: dict, seed: int = 2026) -> Activities:
    import time

    rng = random.Random(seed)
    now = timezone.now()
    made = Activities()
    staff_id = accounts["superuser"]["user_id"]
    measured = User.objects.get(pk=accounts["lawyer"]["user_id"]).lawyer
    lawyers = list(
        Lawyer.objects.filter(status=RosterStatus.PRACTISING)
        .exclude(pk=measured.pk)
        .values("pk", "name", "gender", "firm_id")
    )
    firm_names = dict(Lawyer.objects.filter(firm__isnull=False).values_list("firm_id", "firm__name").distinct())
    me = {"pk": measured.pk, "name": measured.name, "gender": measured.gender, "firm_id": measured.firm_id}

    started = time.perf_counter()
    index = activity_index()
    specs = _activity_specs(rng, count, signups, now)
    pks = _insert_pages(index, specs)
    made.pages_s = round(time.perf_counter() - started, 1)
    made.activities = len(pks)

    # How many sign-ups each activity gets: the full one its seats and a fifth more; the others in
    # proportion to their capacity, with noise, never more than the lawyers there are.
    full_n = specs[0]["capacity"] + specs[0]["capacity"] // 5
    weights = [spec["capacity"] * rng.uniform(0.6, 1.4) for spec in specs[1:]]
    rest = max(0, signups - full_n - MEASURED_SIGNUPS)
    wanted = [full_n] + [int(rest * w / sum(weights)) for w in weights] if weights else [full_n]
    for i in range(max(0, rest - sum(wanted[1:]))):  # what the rounding down left over
        wanted[1 + i % max(1, len(weights))] += 1
    wanted = [min(n, len(lawyers)) for n in wanted]

    # The measured lawyer: the full activity's waiting list, some open activities, the rest past.
    open_pks = [pk for pk, spec in zip(pks, specs, strict=True) if spec["signup_closes"] > now][1:]
    past_pks = [pk for pk, spec in zip(pks, specs, strict=True) if spec["ends_at"] < now]
    mine_n = min(MEASURED_SIGNUPS, max(signups // 10, 3))
    mine = {pks[0]} | set(open_pks[: mine_n // 4]) | set(past_pks[: mine_n - 1 - min(len(open_pks), mine_n // 4)])

    rows, records, ledgers, n = [], [], [], 0
    for pk, spec, total in zip(pks, specs, wanted, strict=True):
        past = spec["ends_at"] < now
        chosen = rng.sample(lawyers, total)
        if pk in mine:
            # The measured lawyer comes last in the full activity (the waiting list), else anywhere.
            chosen.insert(len(chosen) if pk == pks[0] else rng.randint(0, len(chosen)), me)
        seats = 0
        span = max(1.0, (min(spec["signup_closes"], now) - spec["signup_opens"]).total_seconds())
        for i, lawyer in enumerate(chosen):
            n += 1
            created = spec["signup_opens"] + datetime.timedelta(seconds=span * (i + 1) / (len(chosen) + 2))
            if pk != pks[0] and rng.random() < 0.12:
                state = S.CANCELLED
            elif seats < spec["capacity"]:
                seats += 1
                leave = spec["signup_closes"] < now and rng.random() < 0.06
                state = S.ON_LEAVE if leave else S.SIGNED_UP
            else:
                state = S.WAITING
            row = _signup_row(n, pk, lawyer, state, created, firm_names)
            if past and state in (S.SIGNED_UP, S.ON_LEAVE):
                _attend(rng, row, spec)
                if row["hours_awarded"]:
                    records.append((row["code"], lawyer["pk"], spec, row["hours_awarded"]))
            rows.append(row)
        ledgers.append(
            {"activity_id": pk, "taken": seats, "closed_at": spec["ends_at"] if past else None,
             "closed_by_id": staff_id if past else None}
        )  # fmt: skip
    for start in range(0, len(rows), CHUNK):
        insert_rows(SignUp, rows[start : start + CHUNK])
    made.signups = len(rows)
    # ActivityLedger's primary key is the activity: insert_rows leaves the pk out, so bulk_create.
    ActivityLedger.objects.bulk_create([ActivityLedger(**ledger) for ledger in ledgers], batch_size=CHUNK)

    signup_ids = dict(SignUp.objects.values_list("code", "pk"))  # all at once: an IN of 150,000 codes is too long
    record_rows = [
        {
            "lawyer_id": lawyer_pk,
            "course": spec["title"],
            "date": timezone.localdate(spec["starts_at"]),
            "training_type": spec["training_type"],
            "hours": hours,
            "source": TrainingSource.ACTIVITY,
            "provider": "",
            "signup_id": signup_ids[code],
            "created_by_id": staff_id,
            "created_at": spec["ends_at"],
        }
        for code, lawyer_pk, spec, hours in records
    ]
    today = timezone.localdate()
    for i in range(min(MEASURED_IMPORTED, max(signups // 100, 2))):
        record_rows.append(
            {
                "lawyer_id": measured.pk,
                "course": f"线上课程：{TOPICS[i % len(TOPICS)]}（第{i + 1}讲）",
                "date": today - datetime.timedelta(days=15 * i + 3),
                "training_type": TrainingType.ONLINE,
                "hours": Decimal("1.5"),
                "source": TrainingSource.IMPORT,
                "provider": "律师学院在线平台",
                "signup_id": None,
                "created_by_id": staff_id,
                "created_at": now,
            }
        )
    for start in range(0, len(record_rows), CHUNK):
        insert_rows(TrainingRecord, record_rows[start : start + CHUNK])
    made.records = len(record_rows)

    made.states = {
        S(r["state"]).label: r["n"] for r in SignUp.objects.values("state").annotate(n=Count("pk")).order_by()
    }
    attended = SignUp.objects.exclude(attendance="").values("attendance").annotate(n=Count("pk")).order_by()
    made.states.update({f"已结束·{Attendance(r['attendance']).label}": r["n"] for r in attended})
    full = pks[0]
    search = SignUp.objects.filter(activity_id=full).order_by("pk").values_list("name", flat=True).first()
    made.measured = {
        "full_pk": full,
        "full_capacity": specs[0]["capacity"],
        "full_signups": SignUp.objects.filter(activity_id=full, state=S.SIGNED_UP).count(),
        "full_waiting": SignUp.objects.filter(activity_id=full, state=S.WAITING).count(),
        "open_activities": ActivityPage.objects.filter(signup_opens__lte=now, signup_closes__gt=now).count(),
        "lawyer_signups": SignUp.objects.filter(attendee=measured).count(),
        "lawyer_records": TrainingRecord.objects.filter(lawyer=measured).count(),
        "lawyer_year_records": TrainingRecord.objects.filter(lawyer=measured, date__year=today.year).count(),
        "waiting": SignUp.objects.filter(state=S.WAITING).count(),
        "search_name": search,
        "search_matches": SignUp.objects.filter(name__icontains=search).count() if search else 0,
    }
    return made


def loaded_models() -> list:
    return [Page, ActivityPage, ActivityLedger, SignUp, TrainingRecord]
