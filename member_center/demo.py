"""The demo roster. The acceptance checks use exactly these people, so change with care.

Also the contract of the hook `register_demo_data`, through which each app gives seed_demo its
demo data (registered in the app's wagtail_hooks.py):

    hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_ROSTER)

A loader takes one argument, the dict `demo` shared by all loaders: it starts as
{"admin": the demo staff superuser}, and a loader may add what later ones need (the roster
loader adds "roster", create_roster's result). It returns a list of fragments for seed_demo's
closing line ("Demo data ready: …"), or None. Loaders run in order inside one transaction and
must be idempotent (seed_demo may run again on the same database)."""

import datetime

from django.utils import timezone

from .models import (
    DisciplineKind,
    DisciplineRecord,
    Firm,
    FirmRole,
    Gender,
    Lawyer,
    MemberKind,
    PracticeType,
    RosterStatus,
)

# The loaders' orders: the pages first, the roster before what uses it.
DEMO_ORDER_PAGES = 100
DEMO_ORDER_ROSTER = 200
DEMO_ORDER_CERTIFICATES = 300
DEMO_ORDER_PROFILES = 400

MINGFA_LICENCE = "24401200110000001"
SECOND_FIRM_LICENCE = "24401200110000002"
ZHANG_MINGWEN_LICENCE = "14401201510000001"

AUTHORITY = "广州市司法局"

# name, gender, role, practice type
MINGFA_LAWYERS = [
    ("张明文", Gender.MALE, FirmRole.HEAD, PracticeType.FULL_TIME),
    ("王雷", Gender.MALE, FirmRole.PARTNER, PracticeType.FULL_TIME),
    ("李红", Gender.FEMALE, FirmRole.PARTNER, PracticeType.FULL_TIME),
    ("陈晓东", Gender.MALE, FirmRole.PARTNER, PracticeType.FULL_TIME),
    ("刘芳", Gender.FEMALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("黄志强", Gender.MALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("周婷", Gender.FEMALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("吴俊杰", Gender.MALE, FirmRole.LAWYER, PracticeType.PART_TIME),
    ("郑丽娟", Gender.FEMALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("孙浩", Gender.MALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("马玉兰", Gender.FEMALE, FirmRole.LAWYER, PracticeType.LEGAL_AID),
    ("何家豪", Gender.MALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("林诗雨", Gender.FEMALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
]
SECOND_FIRM_LAWYERS = [
    ("赵建国", Gender.MALE, FirmRole.HEAD, PracticeType.FULL_TIME),
    ("钱晓燕", Gender.FEMALE, FirmRole.PARTNER, PracticeType.FULL_TIME),
    ("冯伟", Gender.MALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
    ("蔡敏", Gender.FEMALE, FirmRole.LAWYER, PracticeType.FULL_TIME),
]


def _lawyer(firm, index, name, gender, role, practice_type, *, licence_no=None, id_number=None, **extra):
    licence_no = licence_no or f"1440120{firm.licence_no[-2:]}1{index:07d}"
    birth = f"19{80 + index % 15:02d}{index % 12 + 1:02d}{index % 27 + 1:02d}"
    id_number = id_number or f"440106{birth}{firm.licence_no[-1]}{index:02d}{index % 10}"
    lawyer, _ = Lawyer.objects.update_or_create(
        licence_no=licence_no,
        defaults={
            "name": name,
            "gender": gender,
            "authority": AUTHORITY,
            "practice_type": practice_type,
            "firm": firm,
            "firm_role": role,
            "id_number": id_number,
            "member_no": f"GZ{licence_no[-10:]}",
            # The roster's mobile receives the first login's code (printed by `make run`).
            "mobile": f"138{firm.licence_no[-2:]}00{index:04d}",
            "first_licensed_on": datetime.date(2000 + index % 20, index % 12 + 1, 1),
            **extra,
        },
    )
    return lawyer


def create_roster() -> dict:
    mingfa, _ = Firm.objects.update_or_create(
        licence_no=MINGFA_LICENCE,
        defaults={
            "name": "广州明法律师事务所",
            "office_address": "广州市天河区珠江新城华夏路10号富力中心25楼",
            "credit_code": "31440000MD0123456X",
            "founded_on": datetime.date(2001, 6, 12),
            "member_no": "GZF0001",
            "phone": "020-38880001",
            "mobile": "13902000001",
            "email": "office@mingfa-law.example.cn",
        },
    )
    second, _ = Firm.objects.update_or_create(
        licence_no=SECOND_FIRM_LICENCE,
        defaults={
            "name": "广州正信律师事务所",
            "office_address": "广州市越秀区东风中路410号时代地产中心18楼",
            "credit_code": "31440000MD0654321Y",
            "founded_on": datetime.date(2008, 3, 20),
            "member_no": "GZF0002",
            "phone": "020-83330002",
            "mobile": "13902000002",
        },
    )
    office, _ = Firm.objects.update_or_create(
        member_no="GZO0001",
        # No mobile or e-mail on the roster: only a staff activation letter activates it.
        defaults={"kind": MemberKind.COMPANY_OFFICE, "name": "广州地铁集团有限公司公司律师办公室", "licence_no": None},
    )

    lawyers = {}
    for index, (name, gender, role, practice_type) in enumerate(MINGFA_LAWYERS, start=1):
        if name == "张明文":
            lawyers[name] = _lawyer(
                mingfa, index, name, gender, role, practice_type,
                licence_no=ZHANG_MINGWEN_LICENCE, id_number="440104198001011234",
            )  # fmt: skip
        else:
            lawyers[name] = _lawyer(mingfa, index, name, gender, role, practice_type)
    cancelled = _lawyer(
        mingfa, 90, "杨志远", Gender.MALE, FirmRole.LAWYER, PracticeType.FULL_TIME,
        status=RosterStatus.CANCELLED, cancelled_on=datetime.date(2025, 12, 31),
    )  # fmt: skip
    trainee = _lawyer(
        mingfa, 91, "许文静", Gender.FEMALE, FirmRole.LAWYER, PracticeType.FULL_TIME,
        licence_no="34401202610000091", kind=MemberKind.TRAINEE,
    )  # fmt: skip
    for index, (name, gender, role, practice_type) in enumerate(SECOND_FIRM_LAWYERS, start=1):
        lawyers[name] = _lawyer(second, index, name, gender, role, practice_type)

    # 李红 has a discipline record dated within the last year (it blocks system review).
    DisciplineRecord.objects.update_or_create(
        lawyer=lawyers["李红"],
        kind=DisciplineKind.CRITICISM,
        defaults={
            "decided_on": timezone.localdate() - datetime.timedelta(days=90),
            "summary": "未按规定履行告知义务，予以通报批评。",
        },
    )
    return {
        "mingfa": mingfa,
        "second": second,
        "office": office,
        "lawyers": lawyers,
        "cancelled": cancelled,
        "trainee": trainee,
    }


def load_demo(demo: dict) -> list[str]:
    """The `register_demo_data` loader: the roster, kept in demo["roster"]."""
    roster = demo["roster"] = create_roster()
    return [f"{roster['mingfa'].name} ({roster['mingfa'].lawyers.count()} lawyers)", roster["second"].name]
