"""Demo activities (manual 002 §4.1) under the page 活动, dated from today: one open for sign-up
(张明文 and 王雷 signed up), one closing soon, one full with a waiting list, one past its sign-up
close where 张明文 may ask for leave, and two past ones whose attendance was taken and closed, so
张明文's 培训记录 has 现场 and 线上 hours; plus an imported online course.

Made through the services where the windows allow it (sign-ups, 签到, 结束活动); a seat in an
activity whose sign-up has closed is written as the services would have. Idempotent: pages are
found by slug, sign-ups by lawyer, a closed activity is left alone."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from member_center.models import Lawyer

from . import services, windows
from .models import (
    ActivityPage,
    LeaveRequest,
    SignUp,
    SignUpState,
    TrainingRecord,
    TrainingSource,
    TrainingType,
)
from .setup import ensure_index_page

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
SCOPE = ",full_time,law_firm,trainee,"  # the manual's “专职律师,全部律师事务所,实习人员”
NOTICE = "<p>请如实填写报名表，手机号码用于接收活动通知。报名成功后请按时参加，活动当天凭签到码签到。</p>"
NOTES = "<p>请提前 15 分钟到场签到；如因特殊原因不能参加，请在规定时间内取消报名或请假。</p>"


def _at(days: float, hour: int = 9):
    """A moment `days` from today at `hour` o'clock, local time."""
    day = timezone.localdate() + datetime.timedelta(days=int(days))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# slug, title, fields, who signs up: [(name, state, checked in/out)]
ACTIVITIES = [
    (
        "skills-2026-1", "2026年度律师执业技能培训（第一期）",
        {"opens": _at(-3, 0), "closes": _at(12, 0), "starts": _at(15, 9), "hours_long": 3, "capacity": 100,
         "hours": "3", "guests": "广东省高级人民法院 李法官", "intro": "<p>围绕民商事诉讼证据规则、庭审技巧开展实务培训。</p>"},
        [("张明文", "signup"), ("王雷", "signup")],
    ),
    (
        "foreign-law", "涉外法律服务专题讲座",
        {"opens": _at(-10, 0), "closes": timezone.now() + 20 * HOUR, "starts": _at(4, 14), "hours_long": 2,
         "capacity": 60, "hours": "2", "intro": "<p>介绍涉外商事争议解决与跨境合规的最新实践。</p>"},
        [("李红", "signup")],
    ),
    (
        "young-salon", "青年律师沙龙：诉讼实务交流",
        {"opens": _at(-5, 0), "closes": _at(8, 0), "starts": _at(10, 14), "hours_long": 2, "capacity": 5,
         "hours": "1.5", "intro": "<p>小范围交流，名额有限，报满即止；名额已满时可加入候补名单。</p>"},
        [("陈晓东", "signup"), ("刘芳", "signup"), ("黄志强", "signup"), ("周婷", "signup"), ("郑丽娟", "signup"),
         ("孙浩", "wait"), ("林诗雨", "wait")],
    ),
    (
        "firm-management", "律师事务所管理实务研讨会",
        {"opens": _at(-12, 0), "closes": _at(-1, 0), "starts": _at(2, 9), "hours_long": 3, "capacity": 80,
         "hours": "3", "intro": "<p>报名已截止；已报名的律师如不能参加，可在活动开始前两小时前请假。</p>"},
        [("张明文", "seat"), ("王雷", "seat")],
    ),
    (
        "ethics-2026", "2026年律师职业道德与执业纪律培训",
        {"opens": _at(-45, 0), "closes": _at(-33, 0), "starts": _at(-30, 9), "hours_long": 4, "capacity": 200,
         "hours": "4", "intro": "<p>年度必修课程：律师职业道德、执业纪律与行业规范。</p>"},
        [("张明文", "in"), ("王雷", "partial"), ("李红", "absent"), ("刘芳", "leave")],
    ),
    (
        "company-law-online", "线上直播：新《公司法》重点条文解读",
        {"opens": _at(-25, 0), "closes": _at(-21, 0), "starts": _at(-20, 19), "hours_long": 2, "capacity": 500,
         "hours": "2", "type": TrainingType.ONLINE, "place": "线上直播（报名后发送直播链接）",
         "intro": "<p>线上直播课程，签到以进入直播间为准。</p>"},
        [("张明文", "in")],
    ),
]  # fmt: skip


def _activity(index, slug, title, spec) -> ActivityPage:
    existing = ActivityPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    page = ActivityPage(
        title=title,
        slug=slug,
        starts_at=spec["starts"],
        ends_at=spec["starts"] + spec["hours_long"] * HOUR,
        place=spec.get("place", "广州市越秀区城市广场南塔9楼律协培训中心"),
        organiser="广州市律师协会",
        guests=spec.get("guests", ""),
        capacity=spec["capacity"],
        eligible=SCOPE,
        signup_opens=spec["opens"],
        signup_closes=spec["closes"],
        per_member_limit=5,
        signup_notice=NOTICE,
        intro=spec["intro"],
        notes=NOTES,
        hours=Decimal(spec["hours"]),
        training_type=spec.get("type", TrainingType.ON_SITE),
    )
    index.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    page.refresh_from_db()
    services.ledger_for(page)
    return page


def _seat(activity, lawyer, state=SignUpState.SIGNED_UP) -> SignUp:
    """A seat in an activity whose sign-up has closed: as services.sign_up wrote it then."""
    entry = services.entry_from_roster(lawyer, mobile=getattr(getattr(lawyer, "account", None), "mobile", ""))
    signup = SignUp.objects.create(
        activity=activity, lawyer=lawyer, attendee=lawyer, state=state, name=entry.name, gender=entry.gender,
        employer=entry.employer, position=entry.position, phone=entry.phone, mobile=entry.mobile or "13800000000",
        email=entry.email, created_at=activity.signup_opens + DAY,
    )  # fmt: skip
    ledger = services.ledger_for(activity)
    ledger.taken += 1
    ledger.save(update_fields=["taken"])
    services.SIGNUP.log(signup, "submit", changes={"state": [None, signup.get_state_display()]})
    return signup


def _sign(activity, lawyer, how, admin) -> None:
    if SignUp.objects.filter(activity=activity, attendee=lawyer).exists():
        return
    if how in ("signup", "wait"):
        entry = services.entry_from_roster(lawyer, mobile="13800001234")
        services.sign_up(activity, lawyer, [entry], wait=how == "wait")
        return
    signup = _seat(activity, lawyer)
    if how == "leave":
        LeaveRequest.objects.create(signup=signup, reason=activity.leave_reason_choices()[0])
        SignUp.objects.filter(pk=signup.pk).update(state=SignUpState.ON_LEAVE)
    elif how in ("in", "partial"):
        services.check_in(signup, admin)
        checked_in = activity.starts_at - 10 * datetime.timedelta(minutes=1)
        changes = {"checked_in_at": checked_in}
        if how == "partial":
            changes["checked_out_at"] = activity.starts_at + activity.duration / 2
        SignUp.objects.filter(pk=signup.pk).update(**changes)


def load_demo(demo: dict) -> None:
    home = demo.get("home") or Page.objects.filter(depth=2).first()
    if home is None:
        return
    index = ensure_index_page(home.specific)
    admin = demo.get("admin")
    names = {
        lawyer.name: lawyer for lawyer in Lawyer.objects.filter(firm__licence_no__isnull=False).select_related("firm")
    }
    for slug, title, spec, people in ACTIVITIES:
        activity = _activity(index, slug, title, spec)
        for name, how in people:
            if name in names:
                _sign(activity, names[name], how, admin)
        activity = ActivityPage.objects.select_related("ledger").get(pk=activity.pk)
        if activity.starts_at < timezone.now() and not windows.is_closed(activity):
            services.close_activity(activity, admin)
    zhang = names.get("张明文")
    if zhang is not None:
        TrainingRecord.objects.get_or_create(
            lawyer=zhang,
            course="民法典合同编专题（线上课程）",
            date=timezone.localdate() - datetime.timedelta(days=50),
            provider="广东律师学院在线平台",
            source=TrainingSource.IMPORT,
            defaults={"training_type": TrainingType.ONLINE, "hours": Decimal("3")},
        )
