"""The certificate types every site starts with: every type on manual 001's screens, with
bodies worded like the sample in §2.1.1.4 and their review modes. Shared by setup_site and
seed_demo (certificates/demo.py adds a demo seal); the seal of a real site is uploaded by staff."""

from .models import ApplicantKind, CertificateGroup, CertificateSettings, CertificateType, LawyerScope, ReviewMode

FIRM_INTRO = (
    "{{律所名称}}是本会团体会员，成立于{{成立日期}}，执业许可证号：{{执业许可证号}}，"
    "统一社会信用代码：{{统一社会信用代码}}，办公地址：{{办公地址}}。截至此证明作出之日，共有执业律师{{执业律师人数}}名。"
)
CLOSING = "特此证明。"
CANCELLED_LAWYER = "{{律师姓名}}（执业证号：{{律师执业证号}}，身份证号：{{律师身份证号}}）原系{{律所名称}}执业律师，已于{{注销日期}}注销执业证。"

# name, group, applicant, scope, appends roster, review mode, body lines
CERTIFICATE_TYPES = [
    ("律所+部分律师无行业处分", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.CHOSEN, False, ReviewMode.SYSTEM,
     [FIRM_INTRO, "自{{起始日期}}至此证明作出之日，{{律所名称}}、{{律师名单}}未受到本会任何行业处分。", CLOSING]),
    ("律所+全体律师无行业处分", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.ALL, False, ReviewMode.SYSTEM,
     [FIRM_INTRO, "自{{起始日期}}至此证明作出之日，{{律所名称}}及其全体执业律师未受到本会任何行业处分。", CLOSING]),
    ("律所无行业处分", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.NONE, False, ReviewMode.SYSTEM,
     [FIRM_INTRO, "自{{起始日期}}至此证明作出之日，{{律所名称}}未受到本会任何行业处分。", CLOSING]),
    ("代已注销律师申请无行业处分", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.CANCELLED, False, ReviewMode.SYSTEM,
     [CANCELLED_LAWYER, "自{{起始日期}}至此证明作出之日，{{律师姓名}}未受到本会任何行业处分。", CLOSING]),
    ("律所无行业处分（附全体律师名单版）", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.NONE, True, ReviewMode.SYSTEM,
     [FIRM_INTRO, "自{{起始日期}}至此证明作出之日，{{律所名称}}未受到本会任何行业处分。全体执业律师名单附后。", CLOSING]),
    ("律所+部分律师无行业处分（附全体律师名单版）", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.CHOSEN, True, ReviewMode.SYSTEM,
     [FIRM_INTRO, "自{{起始日期}}至此证明作出之日，{{律所名称}}、{{律师名单}}未受到本会任何行业处分。全体执业律师名单附后。", CLOSING]),
    ("涉及境外（已注销的）", CertificateGroup.FIRM, ApplicantKind.FIRM, LawyerScope.CANCELLED, False, ReviewMode.MANUAL,
     [CANCELLED_LAWYER, "经查，自{{起始日期}}至此证明作出之日，{{律师姓名}}未受到本会任何行业处分。", "本证明用于境外事务。", CLOSING]),
    ("律所其他类电子证明", CertificateGroup.OTHER, ApplicantKind.FIRM, LawyerScope.NONE, False, ReviewMode.MANUAL,
     ["{{律所名称}}（执业许可证号：{{执业许可证号}}，统一社会信用代码：{{统一社会信用代码}}）是本会团体会员，成立于{{成立日期}}，"
      "办公地址：{{办公地址}}。截至此证明作出之日，共有执业律师{{执业律师人数}}名。", CLOSING]),
    ("律师个人无行业处分", CertificateGroup.LAWYER, ApplicantKind.LAWYER, LawyerScope.NONE, False, ReviewMode.SYSTEM,
     ["{{律师姓名}}律师（执业证号：{{律师执业证号}}）是本会个人会员，执业机构为{{执业机构}}。",
      "自{{起始日期}}至此证明作出之日，{{律师姓名}}律师未受到本会任何行业处分。", CLOSING]),
    ("会员身份信息、执业年限证明", CertificateGroup.LAWYER, ApplicantKind.LAWYER, LawyerScope.NONE, False, ReviewMode.MANUAL,
     ["{{律师姓名}}（身份证号：{{律师身份证号}}，执业证号：{{律师执业证号}}，会员编号：{{会员编号}}）是本会个人会员，"
      "现执业于{{执业机构}}，执业类别为{{执业类别}}，首次执业日期为{{首次执业日期}}，截至此证明作出之日，执业年限为{{执业年限}}年。",
      CLOSING]),
    ("用于证明正在参加年度考核", CertificateGroup.LAWYER, ApplicantKind.LAWYER, LawyerScope.NONE, False, ReviewMode.MANUAL,
     ["{{律师姓名}}律师（执业证号：{{律师执业证号}}），执业机构为{{执业机构}}，正在参加本会组织的律师执业年度考核，考核结果尚未公布。",
      CLOSING]),
]  # fmt: skip


def create_certificate_types(*, update: bool = True) -> list[CertificateType]:
    """The types, looked up by name. update=False only adds missing ones, leaving types staff
    have since edited (a body, a review mode, 停用) as they are: setup_site's way; the demo keeps
    its types in step with the code."""
    types = []
    for order, (name, group, applicant, scope, roster, review, lines) in enumerate(CERTIFICATE_TYPES, start=1):
        fields = {
            "group": group,
            "applicant_kind": applicant,
            "lawyer_scope": scope,
            "appends_roster": roster,
            "review_mode": review,
            "body": "\n".join(lines),
            "sort_order": order * 10,
            "active": True,
        }
        if update:
            certificate_type, _ = CertificateType.objects.update_or_create(name=name, defaults=fields)
        else:
            certificate_type, _ = CertificateType.objects.get_or_create(name=name, defaults=fields)
        types.append(certificate_type)
    return types


def setup_site(setup: dict) -> list[str]:
    """The `register_site_setup` step (see member_center/setup.py): the types; the seal is staff's."""
    before = CertificateType.objects.count()
    create_certificate_types(update=False)
    created = CertificateType.objects.count() - before
    if not CertificateSettings.load().seal_image_id:
        # Certificates are issued without one (the signature line stays), so it is a to-do, not an error.
        setup["todo"].append(
            "上传电子证明专用章：设置 → 电子证明设置 → 印章图片（透明背景 PNG）；未上传时证明落款处没有印章。"
            "同页核对出具单位、落款和验证说明。"
        )
    return [f"{created} 种证明类型"] if created > 0 else []
