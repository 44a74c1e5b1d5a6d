"""factory_boy factories for the roster and the accounts, with realistic Chinese data.

Licence numbers are 17 digits (firms start with 2, lawyers with 1), ID numbers 18 characters
with a valid check character; both come from sequences, so they are unique across a test run.

    lawyer = LawyerFactory()                        # a practising lawyer in a new firm
    user = MemberUserFactory(lawyer=lawyer)         # their account, password MEMBER_PASSWORD
    firm_user = MemberUserFactory(firm=FirmFactory())
    office = FirmFactory(office=True)               # 公司律师办公室: member number, password 123456
    staff = StaffUserFactory(superuser=True)
"""

import datetime

import factory
from factory.django import DjangoModelFactory, Password

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

# The password of every account the factories create (members have changed their initial one).
MEMBER_PASSWORD = "Lvxie#2024-ok"
STAFF_PASSWORD = "Staff#2024-ok"

FIRM_WORDS = ["广信", "金桥", "正平", "华南", "德衡", "君合", "明理", "天河", "越秀", "海珠", "东方", "卓信"]
AUTHORITIES = ["广州市司法局", "广州市越秀区司法局", "广州市天河区司法局", "广州市海珠区司法局"]
AREAS = ["440103", "440104", "440105", "440106", "440111", "440112"]
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """The 18th character of a mainland resident ID number (GB 11643)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number(n: int) -> str:
    """A unique, well-formed 18-character ID number of a Guangzhou resident.

    The sequence part is n % 1000 and, for a given sequence part, the birth date moves by one
    day per thousand, so no two n give the same number (up to 14 million)."""
    seq = n % 1000
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=(seq * 29 + n // 1000) % 14000)
    first17 = f"{AREAS[seq % len(AREAS)]}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def lawyer_licence_no(n: int) -> str:
    return f"144012010{n:08d}"  # 17 digits, lawyers start with 1


def firm_licence_no(n: int) -> str:
    return f"244012000{n:08d}"  # 17 digits, firms start with 2


class FirmFactory(DjangoModelFactory):
    """A practising law firm; `office=True` gives a company lawyers' office (member number only)."""

    class Meta:
        model = Firm

    class Params:
        office = factory.Trait(
            kind=MemberKind.COMPANY_OFFICE,
            name=factory.Sequence(lambda n: f"广州{FIRM_WORDS[n % len(FIRM_WORDS)]}实业有限公司公司律师办公室"),
            licence_no=None,
        )
        public_office = factory.Trait(
            kind=MemberKind.PUBLIC_OFFICE,
            name=factory.Sequence(lambda n: f"广州市第{n + 1}公职律师办公室"),
            licence_no=None,
        )
        cancelled = factory.Trait(status=RosterStatus.CANCELLED)

    kind = MemberKind.LAW_FIRM
    name = factory.Sequence(lambda n: f"广东{FIRM_WORDS[n % len(FIRM_WORDS)]}律师事务所（第{n + 1}分所）")
    office_address = factory.Faker("street_address", locale="zh_CN")
    licence_no = factory.Sequence(firm_licence_no)
    member_no = factory.Sequence(lambda n: f"G{n + 1:06d}")
    credit_code = factory.Sequence(lambda n: f"31440000{n:09d}X")
    founded_on = factory.Faker("date_between", start_date="-30y", end_date="-1y")
    phone = factory.Sequence(lambda n: f"020-8{n % 10_000_000:07d}")
    status = RosterStatus.PRACTISING


class LawyerFactory(DjangoModelFactory):
    """A practising full-time lawyer in a new firm (pass firm=... to share one)."""

    class Meta:
        model = Lawyer

    class Params:
        cancelled = factory.Trait(status=RosterStatus.CANCELLED, cancelled_on=factory.Faker("past_date"))
        trainee = factory.Trait(kind=MemberKind.TRAINEE)

    kind = MemberKind.LAWYER
    name = factory.Faker("name", locale="zh_CN")
    gender = factory.Iterator([Gender.MALE, Gender.FEMALE])
    authority = factory.Iterator(AUTHORITIES)
    practice_type = PracticeType.FULL_TIME
    firm = factory.SubFactory(FirmFactory)
    firm_role = FirmRole.LAWYER
    licence_no = factory.Sequence(lawyer_licence_no)
    member_no = factory.Sequence(lambda n: f"L{n + 1:06d}")
    id_number = factory.Sequence(id_number)
    status = RosterStatus.PRACTISING


class DisciplineRecordFactory(DjangoModelFactory):
    """A discipline record against a lawyer; pass firm=... (and lawyer=None) for a firm."""

    class Meta:
        model = DisciplineRecord

    firm = None
    lawyer = factory.Maybe("firm", yes_declaration=None, no_declaration=factory.SubFactory(LawyerFactory))
    decided_on = factory.Faker("date_between", start_date="-3y", end_date="today")
    kind = DisciplineKind.CRITICISM
    summary = "违反律师执业规范，给予通报批评。"


class StaffUserFactory(DjangoModelFactory):
    """Association staff: no member record. `superuser=True` for full admin rights; `roles=[...]`
    adds the staff groups of member_center.roles (e.g. roles=[roles.MEMBER_MANAGERS])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True)

    username = factory.Sequence(lambda n: f"staff{n + 1}")
    last_name = factory.Faker("last_name", locale="zh_CN")
    first_name = factory.Faker("first_name", locale="zh_CN")
    email = factory.Sequence(lambda n: f"staff{n + 1}@lawyers.example.cn")
    password = Password(STAFF_PASSWORD)
    is_staff = True
    is_superuser = False

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))


class MemberUserFactory(DjangoModelFactory):
    """A member's account that has already replaced the initial password (MEMBER_PASSWORD).

    By default a lawyer's account; MemberUserFactory(firm=some_firm) gives a firm's account."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    firm = None
    lawyer = factory.Maybe("firm", yes_declaration=None, no_declaration=factory.SubFactory(LawyerFactory))
    username = factory.LazyAttribute(lambda o: (o.lawyer or o.firm).login_name)
    password = Password(MEMBER_PASSWORD)
    must_change_password = False


class FirmUserFactory(MemberUserFactory):
    """A law firm's account."""

    firm = factory.SubFactory(FirmFactory)


def member_account(member: Firm | Lawyer, password: str = MEMBER_PASSWORD, **fields) -> User:
    """The account of an existing roster entry, with a known, already changed password."""
    if isinstance(member, Lawyer):
        return MemberUserFactory(lawyer=member, password=password, **fields)
    return MemberUserFactory(firm=member, lawyer=None, password=password, **fields)
