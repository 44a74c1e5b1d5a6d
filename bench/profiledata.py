"""Synthetic lawyer profiles (律师档案, manual 002 §3) for the benchmark.

Every practising lawyer of the roster (kind lawyer, not trainees) gets a Profile, as the first
visit to the member centre makes one (services.profile_for). The states are spread as an
association's would be some time after the launch: 60 % 已通过, 8 % 审核中, 4 % 已驳回 and
28 % 填写中 (half of those untouched since the first visit, half partly filled in).

A profile past 填写中 has every required basic field, a confirmed 基本信息 (except a rejected
one: 驳回 clears the confirmation), and each of the twelve sections either has entries or is
declared none (填报为无). Entries per complete profile: about 2 教育经历, 2 工作经历, 2 家庭成员
and 3 in the nine other sections together; a partly filled draft about half of that. The
approved profiles have 1–3 changes each in the change log (近期变更), the older ones 已处理.

Two profiles are made rich on purpose, so a page that runs a query per entry shows it:
- the measured lawyer (accounts["lawyer"]): 已通过, RICH_ENTRIES entries in every section, a
  358×441 JPEG photo saved through the private storage, and RICH_CHANGES changes;
- one other lawyer's profile, submitted through services.submit (so it has its audit entry),
  with the same entries and a photo: the one the admin review page opens.

Rows are inserted with certdata.insert_rows (one executemany per batch). Photos: only the two
rich profiles have a file; the others carry a photo name without a file (no measured page of
theirs reads it). 手机号码 and 电子邮箱 of 联系方式 are the account's (one value with 账户信息): the
two rich profiles' lawyers have accounts with both (the review lawyer's opened here), the others
none yet, so theirs stay empty. changed_by is the measured lawyer's account on its own changes
and empty on the others; processed_by is the superuser.
"""

import datetime
import io
import random
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from member_center.models import Lawyer, MemberKind, RosterStatus, User
from member_center.profiles import choices as c
from member_center.profiles import services
from member_center.profiles.models import ChangeState, Profile, ProfileChange, ProfileState
from member_center.profiles.sections import SECTIONS
from member_center.services import open_account

from .certdata import insert_rows
from .data import DISTRICTS, FIRM_WORDS, STREETS, person_name

BATCH = 5000
RICH_ENTRIES = 15  # entries in every section of the two rich profiles
RICH_CHANGES = 40  # changes in the measured lawyer's change log

STATE_WEIGHTS = (
    (ProfileState.APPROVED, 60),
    (ProfileState.SUBMITTED, 8),
    (ProfileState.REJECTED, 4),
    (ProfileState.DRAFT, 28),
)
# Entries of a complete profile: the choices for each section, equally likely.
ENTRY_COUNTS = {
    "education": (1, 2, 2, 2, 3),
    "work": (1, 1, 2, 2, 3, 4),
    "family": (0, 1, 2, 2, 3, 3, 4),
    "award": (0, 0, 0, 1, 1, 2),
    "penalty": (0,) * 39 + (1,),
    "side_role": (0, 0, 0, 1, 1),
    "political": (0,) * 15 + (1,),
    "public_service": (0, 0, 0, 1),
    "association": (0, 0, 0, 1),
    "skill": (0, 0, 1, 1, 2),
    "language": (0, 1, 1, 1, 2),
    "publication": (0, 0, 0, 1, 2),
}
UNIVERSITIES = ("中山大学", "华南理工大学", "暨南大学", "华南师范大学", "广东外语外贸大学", "广东财经大学",
                "中国政法大学", "西南政法大学", "华东政法大学", "武汉大学", "北京大学", "中国人民大学",
                "广州大学", "深圳大学", "香港大学")  # fmt: skip
MAJORS = ("法学", "法律", "经济法学", "民商法学", "刑法学", "国际法学", "诉讼法学", "知识产权", "汉语言文学", "会计学")
EMPLOYERS = ("广州市中级人民法院", "广州市天河区人民法院", "广州市人民检察院", "广州市司法局", "中国银行广州分行",
             "广州发展集团有限公司", "广州市第三中学", "南方报业传媒集团")  # fmt: skip
AWARDS = ("广州市优秀律师", "广东省优秀律师", "全国优秀律师", "广州市律师协会优秀党员", "公益法律服务先进个人",
          "优秀青年律师", "律师行业抗疫先进个人")  # fmt: skip
ISSUERS = ("广州市律师协会", "广东省律师协会", "中华全国律师协会", "广州市司法局")
LANGUAGES = ("英语", "粤语", "日语", "法语", "德语", "韩语", "西班牙语")
SKILLS = ("企业合规审查", "尽职调查", "仲裁代理", "知识产权布局", "破产管理人业务", "涉外商事谈判", "数据合规")
PUBLISHERS = ("法律出版社", "中国法制出版社", "《中国律师》", "《法学评论》", "《广东律师》", "人民法院出版社")
ASSOCIATIONS = ("广州市律师协会", "广东省律师协会", "中华全国律师协会")
COMMITTEES = ("民事法律专业委员会", "刑事法律专业委员会", "公司法律专业委员会", "青年律师工作委员会", "")
SIDE_ORGS = ("广州仲裁委员会", "广州市人民政府", "中山大学法学院", "广州市法学会", "广州市人民调解委员会")
SIDE_POSITIONS = ("仲裁员", "法律顾问", "兼职教授", "理事", "调解员")
PUBLIC_PROJECTS = ("法律援助值班律师", "村居法律顾问", "“法律进校园”讲座", "公益普法直播", "扶贫助困法律服务")
PARTY_ORGS = "律师事务所党支部"
REJECT_OPINION = "您填报信息不符合要求，请重新填写"


@dataclass
class Profiles:
    profiles: int
    entries: int
    changes: int
    states: dict = field(default_factory=dict)
    per_section: dict = field(default_factory=dict)
    generation_s: float = 0.0
    measured: dict = field(default_factory=dict)  # what the profile pages of measure.py open


def id_photo_bytes() -> bytes:
    """A valid ID photo as the wizard checks it: a 358×441 JPEG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (358, 441), (200, 210, 230))
    ImageDraw.Draw(image).ellipse((89, 73, 268, 294), fill=(90, 70, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, dpi=(350, 350))
    return buffer.getvalue()


def _date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    days = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, days))


def _years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _birth_date(id_number: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(id_number[6:14], "%Y%m%d").date()
    except ValueError:
        return datetime.date(1980, 1, 1)


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def basic_fields(rng: random.Random, lawyer: dict, complete: bool) -> dict:
    """The 基本信息 of one profile: every required field when `complete`, else some of them."""
    birth = _birth_date(lawyer["id_number"])
    today = datetime.date.today()
    started = _years(birth, 22 + rng.randint(0, 3))
    first_practised = min(_years(started, rng.randint(0, 3)), today)
    qualified = first_practised - datetime.timedelta(days=rng.randint(120, 700))
    party = rng.random() < 0.35
    legal_exam = qualified.year >= 2002  # 国家司法考试 from 2002, 法律职业资格考试 from 2018
    if qualified.year >= 2018:
        method = c.QualificationMethod.UNIFIED_EXAM
    else:
        method = c.QualificationMethod.JUDICIAL_EXAM if legal_exam else c.QualificationMethod.LAWYER_EXAM
    others = ("群众", "群众", "共青团员", "无党派人士", "民盟盟员")
    values = {
        "id_document_no": lawyer["id_number"],
        "first_practised_on": first_practised,
        "birth_date": birth,
        "residency": c.Residency.MAINLAND,
        "marital_status": rng.choices(c.MaritalStatus.values, (15, 78, 5, 2))[0],
        "work_started_on": started,
        "joined_firm_on": _date(rng, first_practised, today),
        "ethnicity": "汉族" if rng.random() < 0.95 else rng.choice(c.ETHNICITIES[1:20]),
        "native_place": "广东省" if rng.random() < 0.6 else rng.choice(c.PROVINCES),
        "hukou_place": "广东省",
        "hukou_address": f"广州市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
        "political_status": ["中共党员"] if party else [rng.choice(others)],
        "party_organisation": f"广东{rng.choice(FIRM_WORDS)}{PARTY_ORGS}" if party else "",
        "archive_place": "广东省",
        "archive_keeper": "广州市人才交流服务中心" if rng.random() < 0.7 else "",
        "archive_no": f"GZRC{rng.randint(0, 10**8 - 1):08d}" if rng.random() < 0.6 else "",
        "social_security_no": f"4401{rng.randint(0, 10**14 - 1):014d}",
        "first_practice_place": "广东省",
        "qualification_kind": c.QualificationKind.LEGAL_PROFESSION if legal_exam else c.QualificationKind.LAWYER,
        "qualification_method": method,
        "qualification_no": f"A{qualified.year}4401{rng.randint(0, 10**6 - 1):06d}",
        "qualified_on": qualified,
        "title": rng.choices(c.LawyerTitle.values, (2, 6, 15, 20, 57))[0],
        "work_languages": rng.choice(("普通话", "普通话、粤语", "普通话、英语", "普通话、粤语、英语")),
        "practice_areas": rng.sample(c.PRACTICE_AREAS, rng.randint(1, c.MAX_PRACTICE_AREAS)),
        "address": f"广州市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randint(1, 300)}号{rng.randint(2, 45)}楼",
        "postcode": f"510{rng.randint(0, 999):03d}",
        "phone": f"020-{rng.randint(3000_0000, 8999_9999)}",
        "wechat": f"wx_{lawyer['pk']}" if rng.random() < 0.5 else "",
        "emergency_contact": person_name(rng),
        "emergency_phone": _mobile(rng),
        "photo": f"profiles/{lawyer['pk']}/photo-{rng.getrandbits(48):012x}.jpg",
    }
    if complete:
        return values
    # A partly filled draft: the wizard's first steps, not the last.
    keep = rng.randint(1, len(values))
    return dict(list(values.items())[:keep])


def entry_row(rng: random.Random, key: str, n: int, birth: datetime.date) -> dict:
    """One entry of section `key` (dicts by attname, for insert_rows)."""
    today = datetime.date.today()
    adult = _years(birth, 18)
    start = _date(rng, adult, today)
    end = _date(rng, start, today) if rng.random() < 0.7 else None
    if key == "education":
        level = (c.EducationLevel.BACHELOR, c.EducationLevel.MASTER, c.EducationLevel.DOCTORATE)[min(n, 2)]
        degree = (c.Degree.BACHELOR, c.Degree.MASTER, c.Degree.DOCTOR)[min(n, 2)]
        begun = _years(birth, 18 + 4 * n)
        return {
            "country": c.Country.DOMESTIC if rng.random() < 0.92 else c.Country.ABROAD,
            "region": "广东省" if rng.random() < 0.6 else rng.choice(c.PROVINCES),
            "start_on": begun,
            "end_on": _years(begun, 4 if n == 0 else 3),
            "school": rng.choice(UNIVERSITIES),
            "major": rng.choice(MAJORS),
            "education_level": level,
            "degree": degree,
            "full_time": rng.random() < 0.85,
        }
    if key == "work":
        return {
            "country": c.Country.DOMESTIC,
            "region": "广东省",
            "start_on": start,
            "end_on": end,
            "employer": rng.choice(EMPLOYERS) if n else f"广东{rng.choice(FIRM_WORDS)}律师事务所",
            "position": rng.choice(("律师", "合伙人", "法官助理", "法务经理", "科员", "教师")),
            "kind": c.WorkKind.LAWYER if n == 0 else rng.choice(c.WorkKind.values),
        }
    if key == "family":
        relation = (c.Relation.SPOUSE, c.Relation.FATHER, c.Relation.MOTHER, c.Relation.CHILD)[n % 4]
        return {
            "relation": relation if n < 4 else rng.choice(c.Relation.values),
            "name": person_name(rng),
            "birth_date": _date(rng, datetime.date(1940, 1, 1), datetime.date(2020, 12, 31)),
            "political_status": rng.choice(("群众", "中共党员", "共青团员")),
            "employer": rng.choice((*EMPLOYERS, "", "")),
            "position": rng.choice(("", "职员", "经理", "退休", "学生")),
        }
    if key == "award":
        return {
            "level": rng.choice(c.Level.values),
            "content": rng.choice(AWARDS),
            "awarded_on": start,
            "issuer": rng.choice(ISSUERS),
        }
    if key == "penalty":
        return {
            "kind": rng.choice(c.PenaltyKind.values[:2]),
            "content": rng.choice(("通报批评", "训诫", "警告")),
            "decided_on": start,
            "authority": rng.choice(ISSUERS),
        }
    if key == "side_role":
        return {
            "organisation": rng.choice(SIDE_ORGS),
            "position": rng.choice(SIDE_POSITIONS),
            "start_on": start,
            "end_on": end,
        }
    if key == "political":
        return {
            "kind": rng.choice(c.PoliticalRoleKind.values),
            "level": rng.choice(c.Level.values[1:4]),
            "term": f"第{rng.choice('十十一二三四五')}届",
            "start_on": start,
            "end_on": end,
        }
    if key == "public_service":
        return {
            "name": rng.choice(PUBLIC_PROJECTS),
            "organisation": rng.choice(ISSUERS),
            "content": "为群众提供免费法律咨询，解答婚姻家事、劳动争议等法律问题。",
            "start_on": start,
            "end_on": end,
        }
    if key == "association":
        return {
            "association": rng.choice(ASSOCIATIONS),
            "position": rng.choice(("委员", "副主任", "理事", "会员代表")),
            "committee": rng.choice(COMMITTEES),
            "start_on": start,
            "end_on": end,
        }
    if key == "skill":
        return {
            "name": rng.choice(SKILLS),
            "proficiency": rng.choice(c.Proficiency.values),
            "certificate": rng.choice(("", "", "企业合规师", "税务师", "注册会计师")),
            "obtained_on": start if rng.random() < 0.5 else None,
        }
    if key == "language":
        return {
            "language": LANGUAGES[n % len(LANGUAGES)],
            "proficiency": rng.choice(c.Proficiency.values),
            "certificate": rng.choice(("", "CET-6", "TEM-8", "雅思 7.5", "JLPT N1")),
        }
    if key == "publication":
        return {
            "title": f"论{rng.choice(c.PRACTICE_AREAS)}中的{rng.choice(('若干问题', '实务要点', '风险防控', '裁判规则'))}",
            "kind": rng.choice(c.PublicationKind.values),
            "publisher": rng.choice(PUBLISHERS),
            "published_on": start,
            "role": rng.choice(("独著", "主编", "第一作者", "参编")),
        }
    raise ValueError(key)


CHANGE_TEMPLATES = (
    ("律师", "修改", lambda rng: f"手机号码:{_mobile(rng)}->{_mobile(rng)}"),
    ("律师", "修改", lambda rng: "联系地址:广州市{}->广州市{}".format(*rng.sample(DISTRICTS, 2))),
    ("律师", "修改", lambda rng: f"婚姻情况:未婚->已婚,入职时间:null->{_date(rng, datetime.date(2015, 1, 1), datetime.date(2025, 1, 1))}"),
    ("律师", "修改", lambda rng: "证件照片:更换"),
    ("获奖情况", "创建", lambda rng: f"获奖级别:市级,获奖内容:{rng.choice(AWARDS)},颁奖日期:2024-12-01,颁发机构:广州市律师协会"),
    ("工作经历", "创建", lambda rng: f"所在国家:国内,开始日期:2024-03-01,工作单位:{rng.choice(EMPLOYERS)},工作类别:其他"),
    ("家庭成员", "修改", lambda rng: "工作单位:{}->{}".format(*rng.sample(EMPLOYERS, 2))),
    ("语言能力", "创建", lambda rng: f"语种:{rng.choice(LANGUAGES)},掌握程度:熟练,等级证书:"),
    ("社会兼职", "删除", lambda rng: f"兼职单位:{rng.choice(SIDE_ORGS)},兼职职务:{rng.choice(SIDE_POSITIONS)}"),
)  # fmt: skip


def change_row(rng, profile_id: int, after: datetime.datetime, now, admin_id: int, by_id=None) -> dict:
    subject, action, summary = rng.choice(CHANGE_TEMPLATES)
    created = min(_between(rng, after, now), now - datetime.timedelta(minutes=1))
    processed = (now - created).days > 7 and rng.random() < 0.85
    return {
        "profile_id": profile_id,
        "subject": subject,
        "action": action,
        "summary": summary(rng),
        "changed_by_id": by_id,
        "created_at": created,
        "state": ChangeState.PROCESSED if processed else ChangeState.PENDING,
        "processed_by_id": admin_id if processed else None,
        "processed_at": created + datetime.timedelta(days=rng.randint(1, 7)) if processed else None,
    }


def _flush(pending: dict, force: bool = False) -> None:
    for model, rows in pending.items():
        if rows and (force or len(rows) >= BATCH):
            insert_rows(model, rows)
            rows.clear()


@transaction.atomic
def create_profiles(accounts: dict, seed: int = 2026) -> Profiles:
    rng = random.Random(seed + 2)
    now = timezone.now()
    admin_id = accounts["superuser"]["user_id"]
    measured_user = User.objects.select_related("lawyer").get(pk=accounts["lawyer"]["user_id"])
    measured = measured_user.lawyer
    lawyers = list(
        Lawyer.objects.filter(kind=MemberKind.LAWYER, status=RosterStatus.PRACTISING)
        .order_by("pk")
        .values("pk", "name", "id_number")
    )
    # The profile the admin review page opens: another lawyer's, submitted with many entries.
    review = next((row for row in lawyers if row["pk"] != measured.pk), None)

    profile_rows, plans = [], {}
    states = dict.fromkeys(ProfileState, 0)
    for lawyer in lawyers:
        if lawyer["pk"] == measured.pk:
            state = ProfileState.APPROVED
        elif review and lawyer["pk"] == review["pk"]:
            state = ProfileState.DRAFT  # submitted below, through services.submit
        else:
            state = rng.choices([s for s, _ in STATE_WEIGHTS], [w for _, w in STATE_WEIGHTS])[0]
        rich = lawyer["pk"] in (measured.pk, review["pk"] if review else None)
        touched = state != ProfileState.DRAFT or rich or rng.random() < 0.5
        complete = state != ProfileState.DRAFT or rich
        created = now - datetime.timedelta(seconds=rng.randint(86400, 2 * 365 * 86400))
        row = {
            "lawyer_id": lawyer["pk"],
            "state": state,
            "created_at": created,
            "updated_at": created,
            "declared_none": [],
            "id_document_no": lawyer["id_number"],
        }
        if touched:
            row.update(basic_fields(rng, lawyer, complete))
        if rich:
            row["photo"] = ""  # saved as a real file below
        if complete:
            row["basic_confirmed_at"] = created + datetime.timedelta(hours=rng.randint(1, 240))
        if state in (ProfileState.SUBMITTED, ProfileState.APPROVED, ProfileState.REJECTED):
            if state == ProfileState.SUBMITTED:
                submitted = now - datetime.timedelta(seconds=rng.randint(3600, 30 * 86400))
            else:
                submitted = _between(rng, row["basic_confirmed_at"], now - datetime.timedelta(days=2))
            row["submitted_at"] = submitted
            row["updated_at"] = submitted
            if state != ProfileState.SUBMITTED:
                row["reviewed_at"] = submitted + datetime.timedelta(seconds=rng.randint(600, 3 * 86400))
                row["reviewed_by_id"] = admin_id
                row["updated_at"] = row["reviewed_at"]
            if state == ProfileState.APPROVED:
                row["approved_once"] = True
                row["review_opinion"] = "" if rng.random() < 0.8 else "信息完整，审核通过。"
            if state == ProfileState.REJECTED:
                row["review_opinion"] = REJECT_OPINION
                row["basic_confirmed_at"] = None  # 驳回 asks for 确认补全 again
        # Entries: all sections for a complete profile, about half as many for a partial draft.
        counts = {}
        for section in SECTIONS:
            if rich:
                counts[section.key] = RICH_ENTRIES
            elif complete or (touched and rng.random() < 0.5):
                counts[section.key] = rng.choice(ENTRY_COUNTS[section.key])
            else:
                counts[section.key] = 0
        if complete and not rich:
            for section in SECTIONS:
                if not section.allows_none and counts[section.key] == 0:
                    counts[section.key] = 1
            row["declared_none"] = [s.key for s in SECTIONS if s.allows_none and counts[s.key] == 0]
        elif touched and not rich:
            row["declared_none"] = [
                s.key for s in SECTIONS if s.allows_none and counts[s.key] == 0 and rng.random() < 0.3
            ]
        states[state] += 1
        profile_rows.append(row)
        plans[lawyer["pk"]] = (counts, row)
    for start in range(0, len(profile_rows), BATCH):
        insert_rows(Profile, profile_rows[start : start + BATCH])

    # Entries and changes, by the profiles' primary keys.
    profile_ids = dict(Profile.objects.values_list("lawyer_id", "pk"))
    pending = {section.model: [] for section in SECTIONS}
    pending[ProfileChange] = []
    per_section = {section.key: 0 for section in SECTIONS}
    changes = 0
    for lawyer in lawyers:
        counts, row = plans[lawyer["pk"]]
        profile_id = profile_ids[lawyer["pk"]]
        birth = _birth_date(lawyer["id_number"])
        entered_by = row.get("submitted_at") or now  # entries are made before the submission
        for section in SECTIONS:
            for n in range(counts[section.key]):
                entry = entry_row(rng, section.key, n, birth)
                moment = _between(rng, row["created_at"], entered_by)
                entry.update(profile_id=profile_id, created_at=moment, updated_at=moment)
                pending[section.model].append(entry)
                per_section[section.key] += 1
        if row["state"] == ProfileState.APPROVED:
            if lawyer["pk"] == measured.pk:
                number, by_id = RICH_CHANGES, measured_user.pk
            else:
                number, by_id = rng.randint(1, 3), None
            for _ in range(number):
                pending[ProfileChange].append(change_row(rng, profile_id, row["reviewed_at"], now, admin_id, by_id))
            changes += number
        _flush(pending)
    _flush(pending, force=True)

    # 手机号码 and 电子邮箱 of 联系方式 live on the account: only the two rich profiles' lawyers
    # have one (the measured lawyer's e-mail is data.create_accounts'; it finds him later).
    User.objects.filter(pk=measured_user.pk).update(mobile=_mobile(rng))
    if review:
        review_account = open_account(Lawyer.objects.get(pk=review["pk"]))
        review_account.mobile = _mobile(rng)
        review_account.email = f"lawyer{review['pk']}@bench.example.cn"
        review_account.save(update_fields=["mobile", "email"])

    photo = id_photo_bytes()
    measured_profile = Profile.objects.get(lawyer=measured)
    measured_profile.photo.save("photo.jpg", ContentFile(photo), save=True)
    result = {"profile_pk": measured_profile.pk, "lawyer_pk": measured.pk, "rich_entries": RICH_ENTRIES}
    if review:
        review_profile = Profile.objects.get(lawyer_id=review["pk"])
        review_profile.photo.save("photo.jpg", ContentFile(photo), save=True)
        review_profile = services.submit(review_profile, by=None)  # checks it is complete, as a lawyer's would be
        states[ProfileState.DRAFT] -= 1
        states[ProfileState.SUBMITTED] += 1
        result.update(review_pk=review_profile.pk, review_name=review["name"])
        result["review_name_matches"] = Profile.objects.filter(lawyer__name__icontains=review["name"]).count()
    result["submitted"] = Profile.objects.filter(state=ProfileState.SUBMITTED).count()
    result["pending_changes"] = ProfileChange.objects.filter(state=ChangeState.PENDING).count()
    result["changes"] = changes
    result["measured_changes"] = ProfileChange.objects.filter(profile=measured_profile).count()
    return Profiles(
        profiles=len(profile_rows),
        entries=sum(per_section.values()),
        changes=changes,
        states={state.label: n for state, n in states.items()},
        per_section=per_section,
        measured=result,
    )


def _between(rng: random.Random, start, end):
    if start is None or end <= start:
        return end
    return start + datetime.timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def loaded_models() -> list:
    """The tables create_profiles fills."""
    return [Profile, ProfileChange, *(section.model for section in SECTIONS)]
