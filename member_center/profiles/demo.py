"""Demo profiles (manual 002 §3), made through the services as a lawyer and a reviewer would:

- 张明文 has none: the browser tests walk him through the whole 信息补全 from the start.
- 王雷 has a complete profile submitted for review (审核中), for the staff queue.
- 李红 has an approved profile (已通过) and two later changes in 近期变更 (待处理).

Idempotent: a lawyer who already has a profile is left as it is, so running seed_demo again
neither duplicates entries nor undoes what someone did with the demo."""

import datetime
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from member_center.demo import ZHANG_MINGWEN_LICENCE
from member_center.services import open_account

from . import services
from .models import (
    AssociationRole,
    Award,
    Education,
    FamilyMember,
    LanguageSkill,
    Profile,
    Publication,
    WorkExperience,
)
from .sections import SECTIONS_BY_KEY

PHOTO_SIZE = (358, 441)  # manual §3.2.1.2: 358 (宽) × 441 (高), JPG, ≥ 350 dpi, ≤ 1 MB

# Each demo lawyer's own data: 基本信息 and the sections they have entries in (the others are
# declared none where that is allowed).
DEMO_PROFILES = {
    "王雷": {
        "basic": {
            "birth_date": datetime.date(1982, 5, 18),
            "marital_status": "已婚",
            "work_started_on": datetime.date(2005, 7, 1),
            "joined_firm_on": datetime.date(2012, 3, 1),
            "ethnicity": "汉族",
            "native_place": "湖南省",
            "hukou_place": "广东省",
            "hukou_address": "广州市天河区天河北路 233 号",
            "political_status": ["中共党员"],
            "party_organisation": "广州明法律师事务所党支部",
            "archive_place": "广东省",
            "archive_keeper": "广州市人才服务中心",
            "archive_no": "GZRC2012030118",
            "social_security_no": "440106198205180031",
            "first_practice_place": "广东省",
            "qualification_kind": "法律职业资格证书",
            "qualification_method": "国家司法考试",
            "qualification_no": "A20044301000218",
            "qualified_on": datetime.date(2005, 3, 1),
            "title": "三级律师",
            "title_obtained_on": datetime.date(2016, 12, 1),
            "title_issuer": "广东省司法厅",
            "work_languages": "普通话、粤语、英语",
            "practice_areas": ["公司法务", "合同纠纷", "知识产权"],
            "mobile": "13802001818",
            "address": "广州市天河区珠江新城华夏路10号富力中心25楼",
            "postcode": "510623",
            "phone": "020-38880018",
            "email": "wanglei@mingfa-law.example.cn",
            "wechat": "wanglei_lawyer",
            "emergency_contact": "陈静",
            "emergency_phone": "13902001919",
        },
        "entries": [
            (Education, {
                "country": "国内", "region": "湖南省", "start_on": datetime.date(2000, 9, 1), "end_on": datetime.date(2004, 7, 1),
                "school": "湖南大学", "major": "法学", "education_level": "大学本科", "degree": "学士", "full_time": True,
            }),
            (Education, {
                "country": "国内", "region": "广东省", "start_on": datetime.date(2008, 9, 1), "end_on": datetime.date(2011, 7, 1),
                "school": "中山大学", "major": "民商法学", "education_level": "硕士研究生", "degree": "硕士", "full_time": False,
            }),
            (WorkExperience, {
                "country": "国内", "region": "广东省", "start_on": datetime.date(2005, 7, 1), "end_on": datetime.date(2012, 2, 28),
                "employer": "广州正信律师事务所", "position": "律师", "kind": "律师",
            }),
            (WorkExperience, {
                "country": "国内", "region": "广东省", "start_on": datetime.date(2012, 3, 1),
                "employer": "广州明法律师事务所", "position": "合伙人", "kind": "律师",
            }),
            (FamilyMember, {"relation": "配偶", "name": "陈静", "birth_date": datetime.date(1984, 8, 2), "employer": "广州市第一中学",
                         "position": "教师"}),
            (LanguageSkill, {"language": "英语", "proficiency": "熟练", "certificate": "大学英语六级"}),
            (Publication, {"title": "公司股权纠纷实务指引", "kind": "专著", "publisher": "法律出版社",
                        "published_on": datetime.date(2019, 6, 1), "role": "独著"}),
        ],
    },
    "李红": {
        "basic": {
            "birth_date": datetime.date(1986, 11, 3),
            "marital_status": "未婚",
            "work_started_on": datetime.date(2009, 7, 1),
            "joined_firm_on": datetime.date(2014, 9, 1),
            "ethnicity": "汉族",
            "native_place": "广东省",
            "hukou_place": "广东省",
            "hukou_address": "广州市越秀区中山五路 70 号",
            "political_status": ["群众"],
            "social_security_no": "440104198611030042",
            "first_practice_place": "广东省",
            "qualification_kind": "法律职业资格证书",
            "qualification_method": "国家司法考试",
            "qualification_no": "A20084401000376",
            "qualified_on": datetime.date(2009, 3, 1),
            "work_languages": "普通话、粤语",
            "practice_areas": ["婚姻家事", "劳动争议"],
            "mobile": "13602003636",
            "address": "广州市天河区珠江新城华夏路10号富力中心25楼",
            "postcode": "510623",
            "phone": "020-38880036",
            "email": "lihong@mingfa-law.example.cn",
            "emergency_contact": "李建华",
            "emergency_phone": "13602003737",
        },
        "entries": [
            (Education, {
                "country": "国内", "region": "广东省", "start_on": datetime.date(2005, 9, 1), "end_on": datetime.date(2009, 6, 30),
                "school": "华南理工大学", "major": "法学", "education_level": "大学本科", "degree": "学士", "full_time": True,
            }),
            (WorkExperience, {
                "country": "国内", "region": "广东省", "start_on": datetime.date(2009, 7, 1), "end_on": datetime.date(2014, 8, 31),
                "employer": "广州某科技有限公司", "position": "法务专员", "kind": "企业法务",
            }),
            (WorkExperience, {
                "country": "国内", "region": "广东省", "start_on": datetime.date(2014, 9, 1),
                "employer": "广州明法律师事务所", "position": "律师", "kind": "律师",
            }),
            (AssociationRole, {"association": "广州市律师协会", "position": "委员", "committee": "婚姻家庭法律专业委员会",
                            "start_on": datetime.date(2021, 6, 1)}),
        ],
    },
}  # fmt: skip


def demo_photo(colour=(200, 212, 232)) -> bytes:
    """A plain ID-photo look-alike: 358×441 JPEG at 350 dpi, a head and shoulders on blue."""
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.16, width * 0.7, height * 0.55), fill=(228, 196, 170))  # face
    draw.ellipse((width * 0.28, height * 0.12, width * 0.72, height * 0.32), fill=(40, 32, 30))  # hair
    draw.rectangle((width * 0.12, height * 0.72, width * 0.88, height), fill=(36, 44, 66))  # jacket
    draw.ellipse((width * 0.12, height * 0.6, width * 0.88, height * 0.86), fill=(36, 44, 66))  # shoulders
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, dpi=(350, 350))
    return buffer.getvalue()


def _fill(profile: Profile, data: dict, by) -> Profile:
    """What the lawyer does in 信息补全: the six steps, the sections, 确认补全, 正式提交审核."""
    services.set_photo(profile, ContentFile(demo_photo()), by=by)
    services.save_basic(profile, data["basic"], by=by)
    filled = set()
    for model, fields in data["entries"]:
        entry = model(**fields)
        section = SECTIONS_BY_KEY[model.section_key]
        entry.full_clean(exclude=["profile"])
        services.add_entry(profile, section, entry, by=by)
        filled.add(section.key)
    for section in SECTIONS_BY_KEY.values():
        if section.key not in filled and section.allows_none:
            services.declare_none(profile, section, by=by)
    services.confirm_basic(profile, by=by)
    return services.submit(profile, by=by)


def create_profiles(roster: dict, reviewer=None) -> dict:
    """The demo profiles for the demo roster (member_center.demo.create_roster's result)."""
    lawyers = roster["lawyers"]
    assert lawyers["张明文"].licence_no == ZHANG_MINGWEN_LICENCE  # he stays without a profile
    made = {}
    for name, data in DEMO_PROFILES.items():
        lawyer = lawyers[name]
        if Profile.objects.filter(lawyer=lawyer).exists():
            continue
        # 手机号码 and 电子邮箱 live on the account: a demo lawyer who has not logged in yet gets one.
        by = open_account(lawyer)
        made[name] = _fill(services.profile_for(lawyer), data, by)

    if "李红" in made:
        profile = services.approve(made["李红"], by=reviewer, opinion="信息齐全，审核通过。")
        lawyer_account = getattr(lawyers["李红"], "account", None)
        # Two later changes through 信息变更, as the manual's 近期变更 shows them.
        services.save_basic(profile, {"mobile": "13602008888", "marital_status": "已婚"}, by=lawyer_account)
        award = Award(level="市级", content="广州市优秀青年律师", awarded_on=datetime.date(2024, 12, 20),
                      issuer="广州市律师协会")  # fmt: skip
        award.full_clean(exclude=["profile"])
        services.add_entry(profile, SECTIONS_BY_KEY["award"], award, by=lawyer_account)
        made["李红"] = profile
    return made


def load_demo(demo: dict) -> None:
    """The `register_demo_data` loader (see member_center/demo.py): needs demo["roster"] and
    demo["admin"], the reviewer who approved 李红's profile."""
    create_profiles(demo["roster"], reviewer=demo["admin"])
