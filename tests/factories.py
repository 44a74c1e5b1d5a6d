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
from django.utils import timezone
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
    mobile = factory.Sequence(lambda n: f"139{n % 100_000_000:08d}")
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
    # The roster's mobile: the first login's code goes there (member_center.activation).
    mobile = factory.Sequence(lambda n: f"138{n % 100_000_000:08d}")
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
        # A lawyer's account may exist already: complete_profile opens it for the profile's
        # 手机号码 and 电子邮箱, which live on the account.
        django_get_or_create = ("username",)

    firm = None
    lawyer = factory.Maybe("firm", yes_declaration=None, no_declaration=factory.SubFactory(LawyerFactory))
    username = factory.LazyAttribute(lambda o: (o.lawyer or o.firm).login_name)
    password = Password(MEMBER_PASSWORD)
    must_change_password = False
    activated_at = factory.LazyFunction(timezone.now)


class FirmUserFactory(MemberUserFactory):
    """A law firm's account."""

    firm = factory.SubFactory(FirmFactory)


def member_account(member: Firm | Lawyer, password: str = MEMBER_PASSWORD, **fields) -> User:
    """The account of an existing roster entry, with a known, already changed password."""
    if isinstance(member, Lawyer):
        return MemberUserFactory(lawyer=member, password=password, **fields)
    return MemberUserFactory(firm=member, lawyer=None, password=password, **fields)


# --- profiles (律师档案) ---------------------------------------------------------------------------


def id_photo(size=(358, 441), fmt="JPEG", colour=(200, 210, 230)) -> bytes:
    """The bytes of a picture: by default a valid ID photo (JPG, 358×441)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 6, size[0] * 3 // 4, size[1] * 2 // 3), fill=(90, 70, 60))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width×height pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


class ProfileFactory(DjangoModelFactory):
    """A lawyer's profile as a draft with nothing filled in (pass lawyer=... to use one)."""

    class Meta:
        model = "profiles.Profile"

    lawyer = factory.SubFactory(LawyerFactory)
    id_document_no = factory.LazyAttribute(lambda o: o.lawyer.id_number)


class EducationFactory(DjangoModelFactory):
    class Meta:
        model = "profiles.Education"

    profile = factory.SubFactory(ProfileFactory)
    country = "国内"
    region = "广东省"
    start_on = datetime.date(2004, 9, 1)
    end_on = datetime.date(2008, 7, 1)
    school = "中山大学"
    major = "法学"
    education_level = "大学本科"
    degree = "学士"
    full_time = True


class WorkExperienceFactory(DjangoModelFactory):
    class Meta:
        model = "profiles.WorkExperience"

    profile = factory.SubFactory(ProfileFactory)
    country = "国内"
    region = "广东省"
    start_on = datetime.date(2008, 8, 1)
    employer = "广州明法律师事务所"
    position = "律师"
    kind = "律师"


class AwardFactory(DjangoModelFactory):
    class Meta:
        model = "profiles.Award"

    profile = factory.SubFactory(ProfileFactory)
    level = "市级"
    content = "广州市优秀律师"
    awarded_on = datetime.date(2020, 12, 1)
    issuer = "广州市律师协会"


class PenaltyFactory(DjangoModelFactory):
    class Meta:
        model = "profiles.Penalty"

    profile = factory.SubFactory(ProfileFactory)
    kind = "行业处分"
    content = "通报批评"
    decided_on = datetime.date(2019, 5, 1)
    authority = "广州市律师协会"


BASIC_INFO = {
    "id_type": "身份证",
    "birth_date": datetime.date(1985, 3, 12),
    "residency": "大陆居民",
    "marital_status": "已婚",
    "work_started_on": datetime.date(2008, 8, 1),
    "joined_firm_on": datetime.date(2015, 6, 1),
    "ethnicity": "汉族",
    "native_place": "广东省",
    "political_status": ["中共党员"],
    "party_organisation": "广州明法律师事务所党支部",
    "social_security_no": "440100198503120011",
    "first_practised_on": datetime.date(2010, 6, 1),
    "first_practice_place": "广东省",
    "qualification_kind": "法律职业资格证书",
    "qualification_method": "国家司法考试",
    "qualification_no": "A20084401000123",
    "qualified_on": datetime.date(2009, 3, 1),
    "practice_areas": ["民事诉讼", "合同纠纷"],
    "mobile": "13800138000",
    "address": "广州市天河区珠江新城华夏路 8 号",
    "postcode": "510623",
    "phone": "020-38880000",
    "email": "lawyer@example.cn",
    "emergency_contact": "王芳",
    "emergency_phone": "13900139000",
}


def complete_profile(profile, confirm: bool = True):
    """Fill every required basic field, the photo, one education and one work entry, and declare
    the other ten sections none: a profile ready for 正式提交审核."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from member_center.profiles.sections import SECTIONS

    if profile.account is None:
        member_account(profile.lawyer)
        profile.lawyer.refresh_from_db()
    for name, value in BASIC_INFO.items():
        setattr(profile, name, value)
    profile.account.save(update_fields=list(profile.ACCOUNT_FIELDS))
    profile.photo.save("photo.jpg", ContentFile(id_photo()), save=False)
    profile.declared_none = [s.key for s in SECTIONS if s.allows_none]
    if confirm:
        profile.basic_confirmed_at = timezone.now()
    profile.save()
    EducationFactory(profile=profile)
    WorkExperienceFactory(profile=profile)
    return profile


def profile_in_state(state: str, lawyer=None):
    """A complete profile moved to `state` (填写中 'draft', 'submitted', 'approved', 'rejected')
    directly, for tests of what each state allows."""
    from django.utils import timezone

    profile = complete_profile(ProfileFactory(**({"lawyer": lawyer} if lawyer else {})))
    profile.state = state
    if state != "draft":
        profile.submitted_at = timezone.now()
    if state == "approved":
        profile.approved_once = True
    if state == "rejected":
        profile.review_opinion = "您填报信息不符合要求，请重新填写"
    profile.save()
    return profile
