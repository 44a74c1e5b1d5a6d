"""Synthetic roster for the benchmark: firms, lawyers, discipline records and a few accounts.

Everything is made with bulk_create from a seeded random generator, so two runs with the same
options build the same roster. The numbers follow the shapes of the real ones (17-digit
licence numbers, firms starting with 2 and lawyers with 1; 18-digit ID numbers with a valid
check digit) but are made up.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from member_center.models import (
    DisciplineKind,
    DisciplineRecord,
    Firm,
    FirmRole,
    Gender,
    Lawyer,
    MemberKind,
    PracticeType,
    RosterStatus,
    User,
)

# The password of every benchmark account (the measurements use force_login anyway).
BENCH_PASSWORD = "bench-Pa55word-2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
COMPOUND_SURNAMES = ("欧阳", "司徒", "上官", "诸葛", "司马")
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕晓东雪梅文博思远嘉怡子涵浩然雨桐梓萱俊杰"
    "欣怡宇轩佳琪诗涵家豪婉婷振华立新永红国庆玉兰德胜世杰锦程承恩"
)
FIRM_WORDS = (
    "金杜", "君合", "中伦", "大成", "广和", "正平", "天元", "国信", "华商", "瑞恒", "德纳", "众诚", "卓信", "嘉得信",
    "智洋", "汇理", "达晨", "信达", "恒益", "南国", "珠江", "羊城", "越秀", "天河", "海珠", "白云", "法泰", "明思",
    "诚公", "立德", "合盛", "锦天城", "建纬", "环球", "通商", "方达", "竞天", "植德", "海华", "金桥",
)  # fmt: skip
DISTRICTS = (
    "越秀区",
    "天河区",
    "海珠区",
    "荔湾区",
    "白云区",
    "黄埔区",
    "番禺区",
    "花都区",
    "南沙区",
    "从化区",
    "增城区",
)
STREETS = ("珠江新城华夏路", "体育西路", "环市东路", "中山五路", "东风中路", "江南大道中", "天河路", "黄埔大道西")
# Guangzhou district codes, for ID numbers of people registered there.
ID_REGIONS = ("440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114", "440115", "440117")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


@dataclass
class Roster:
    firms: int
    lawyers: int
    discipline_records: int
    accounts: dict  # role -> {"username", "member", ...}


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def firm_kind(i: int) -> str:
    # About 90% law firms; the rest company and public lawyers' offices.
    if i % 25 == 3:
        return MemberKind.COMPANY_OFFICE
    if i % 25 in (7, 19):
        return MemberKind.PUBLIC_OFFICE
    return MemberKind.LAW_FIRM


def make_firms(rng: random.Random, count: int) -> list[Firm]:
    firms = []
    for i in range(count):
        kind = firm_kind(i)
        founded = datetime.date(1993, 1, 1) + datetime.timedelta(days=rng.randrange(0, 11500))
        word = FIRM_WORDS[i % len(FIRM_WORDS)]
        if kind == MemberKind.LAW_FIRM:
            # Names repeat their brand word; the sequence keeps them apart, as branches do.
            name = (
                f"广东{word}律师事务所" if i < len(FIRM_WORDS) else f"广东{word}（第{i // len(FIRM_WORDS)}）律师事务所"
            )
        elif kind == MemberKind.COMPANY_OFFICE:
            name = f"广州{word}集团有限公司公司律师办公室（{i}）"
        else:
            name = f"广州市{rng.choice(DISTRICTS)}司法局公职律师办公室（{i}）"
        firms.append(
            Firm(
                kind=kind,
                name=name,
                office_address=f"广州市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randint(1, 300)}号"
                f"{rng.randint(2, 45)}楼",
                licence_no=f"2{4401}{founded.year:04d}{i + 1:08d}",
                member_no=f"GZF{i + 1:06d}",
                credit_code=f"3144{rng.randint(0, 9999):04d}{rng.randint(0, 10**9 - 1):09d}"
                f"{rng.choice('0123456789ABCDEFGHJKLMNPQRTUWXY')}",
                founded_on=founded,
                phone=f"020-{rng.randint(3000_0000, 8999_9999)}",
                status=RosterStatus.CANCELLED if i % 97 == 96 else RosterStatus.PRACTISING,
            )
        )
    return firms


def make_lawyers(rng: random.Random, count: int, firms: list[Firm]) -> list[Lawyer]:
    lawyers = []
    heads = set()
    for i in range(count):
        firm = firms[i % len(firms)] if i < len(firms) else rng.choice(firms)
        trainee = i % 13 == 12
        birth = datetime.date(1958, 1, 1) + datetime.timedelta(days=i % 15000)
        first17 = f"{rng.choice(ID_REGIONS)}{birth:%Y%m%d}{i // 15000 * 10 + rng.randint(0, 9):03d}"
        licensed = max(birth.year + 24, 1995) + rng.randint(0, 6)
        licensed = min(licensed, 2025)
        if firm.kind == MemberKind.COMPANY_OFFICE:
            practice = PracticeType.COMPANY
        elif firm.kind == MemberKind.PUBLIC_OFFICE:
            practice = PracticeType.PUBLIC
        else:
            practice = rng.choices(
                (PracticeType.FULL_TIME, PracticeType.PART_TIME, PracticeType.LEGAL_AID), weights=(95, 3, 2)
            )[0]
        if firm.pk not in heads and not trainee:
            heads.add(firm.pk)
            role = FirmRole.HEAD
        else:
            role = FirmRole.PARTNER if rng.random() < 0.15 and not trainee else FirmRole.LAWYER
        cancelled = i % 29 == 28
        lawyers.append(
            Lawyer(
                kind=MemberKind.TRAINEE if trainee else MemberKind.LAWYER,
                name=person_name(rng),
                gender=Gender.FEMALE if int(first17[-1]) % 2 == 0 else Gender.MALE,
                authority="广州市司法局",
                practice_type=practice,
                firm=firm,
                firm_role=role,
                licence_no=f"1{4401}{licensed:04d}{i + 1:08d}",
                member_no=None if trainee else f"GZL{i + 1:07d}",
                id_number=first17 + id_check_digit(first17),
                status=RosterStatus.CANCELLED if cancelled else RosterStatus.PRACTISING,
                cancelled_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 600) if cancelled else None,
            )
        )
    return lawyers


def make_discipline_records(rng: random.Random, lawyer_ids: list[int], firm_ids: list[int]) -> list:
    kinds = list(DisciplineKind)
    records = []
    for lawyer_id in rng.sample(lawyer_ids, max(1, len(lawyer_ids) // 200)):
        records.append(
            DisciplineRecord(
                lawyer_id=lawyer_id,
                decided_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4000)),
                kind=rng.choice(kinds),
                summary="违反《律师执业行为规范》，在代理过程中未尽勤勉尽责义务，经纪律委员会审议作出处分。",
            )
        )
    for firm_id in rng.sample(firm_ids, max(1, len(firm_ids) // 100)):
        records.append(
            DisciplineRecord(
                firm_id=firm_id,
                decided_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4000)),
                kind=rng.choice(kinds[:3]),
                summary="疏于对本所律师的管理，致使本所律师多次违规执业。",
            )
        )
    return records


@transaction.atomic
def create_roster(firm_count: int, lawyer_count: int, seed: int = 2026) -> Roster:
    rng = random.Random(seed)
    Firm.objects.bulk_create(make_firms(rng, firm_count), batch_size=1000)
    firms = list(Firm.objects.order_by("pk"))
    Lawyer.objects.bulk_create(make_lawyers(rng, lawyer_count, firms), batch_size=1000)
    lawyer_ids = list(Lawyer.objects.order_by("pk").values_list("pk", flat=True))
    records = make_discipline_records(rng, lawyer_ids, [f.pk for f in firms])
    DisciplineRecord.objects.bulk_create(records, batch_size=1000)
    return Roster(firms=len(firms), lawyers=len(lawyer_ids), discipline_records=len(records), accounts={})


MEASURED_LAWYER_EMAIL = "lawyer@bench.example.cn"  # finds the measured lawyer's account in a later step
MEASURED_FIRM_EMAIL = "firm@bench.example.cn"


@transaction.atomic
def create_accounts() -> dict:
    """A superuser, plus one account for each measured member: an ordinary practising lawyer,
    and the firm with the most lawyers (the worst case for anything firm-wide)."""
    password = make_password(BENCH_PASSWORD)  # hashed once, shared by the few accounts
    lawyer = (
        Lawyer.objects.filter(
            kind=MemberKind.LAWYER,
            status=RosterStatus.PRACTISING,
            firm__kind=MemberKind.LAW_FIRM,
            firm__status="practising",
        )
        .exclude(discipline_records__isnull=False)
        .order_by("pk")
        .first()
    )
    firm = (
        Firm.objects.filter(kind=MemberKind.LAW_FIRM, status=RosterStatus.PRACTISING)
        .annotate(n=Count("lawyers"))
        .order_by("-n", "pk")
        .first()
    )
    admin = User.objects.create(
        username="bench-admin", is_staff=True, is_superuser=True, password=password, email="admin@bench.example.cn"
    )
    lawyer_user = User.objects.create(
        username=lawyer.licence_no,
        lawyer=lawyer,
        password=password,
        must_change_password=False,
        activated_at=timezone.now(),
        email=MEASURED_LAWYER_EMAIL,
    )
    firm_user = User.objects.create(
        username=firm.licence_no,
        firm=firm,
        password=password,
        must_change_password=False,
        activated_at=timezone.now(),
        email=MEASURED_FIRM_EMAIL,
        mobile="13800138000",
    )
    return {
        "superuser": {"user_id": admin.pk, "label": "superuser"},
        "lawyer": {"user_id": lawyer_user.pk, "label": "lawyer"},
        "firm": {"user_id": firm_user.pk, "label": f"firm ({firm.n} lawyers, the largest)"},
    }
