"""Demo certificate types: every type on manual 001's screens, with bodies worded like the
sample in §2.1.1.4; and a demo seal."""

import io
import math
import subprocess

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from .models import ApplicantKind, CertificateGroup, CertificateSettings, CertificateType, LawyerScope, ReviewMode

FIRM_INTRO = (
    "{{律所名称}}是本会团体会员，成立于{{成立日期}}，执业许可证号：{{执业许可证号}}，"
    "统一社会信用代码：{{统一社会信用代码}}，办公地址：{{办公地址}}。截至此证明作出之日，共有执业律师{{执业律师人数}}名。"
)
CLOSING = "特此证明。"
CANCELLED_LAWYER = "{{律师姓名}}（执业证号：{{律师执业证号}}，身份证号：{{律师身份证号}}）原系{{律所名称}}执业律师，已于{{注销日期}}注销执业证。"

# name, group, applicant, scope, appends roster, review mode, body lines
DEMO_TYPES = [
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


def create_certificate_types() -> list[CertificateType]:
    types = []
    for order, (name, group, applicant, scope, roster, review, lines) in enumerate(DEMO_TYPES, start=1):
        certificate_type, _ = CertificateType.objects.update_or_create(
            name=name,
            defaults={
                "group": group,
                "applicant_kind": applicant,
                "lawyer_scope": scope,
                "appends_roster": roster,
                "review_mode": review,
                "body": "\n".join(lines),
                "sort_order": order * 10,
                "active": True,
            },
        )
        types.append(certificate_type)
    return types


def _cjk_font_path() -> str | None:
    try:
        return (
            subprocess.run(
                ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:style=Bold"], capture_output=True, text=True, check=True
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.CalledProcessError):
        return None


def draw_seal(text: str = "广州市律师协会", size: int = 480) -> bytes:
    """A round red seal with the name around the rim and a star in the middle (demo only)."""
    red = (200, 16, 30, 255)
    image = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, radius = size / 2, size / 2 - 8
    draw.ellipse([8, 8, size - 8, size - 8], outline=red, width=14)
    star = [
        (centre + (size * 0.14 if i % 2 == 0 else size * 0.055) * math.sin(math.pi * i / 5),
         centre - (size * 0.14 if i % 2 == 0 else size * 0.055) * math.cos(math.pi * i / 5))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    font_path = _cjk_font_path()
    font = ImageFont.truetype(font_path, int(size * 0.12)) if font_path else ImageFont.load_default()
    span = 240  # degrees of rim the name covers, centred at the top
    for i, char in enumerate(text):
        angle = math.radians(-span / 2 + span * (i + 0.5) / len(text))
        glyph = PILImage.new("RGBA", (int(size * 0.16), int(size * 0.16)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=PILImage.BICUBIC)
        x = centre + (radius - size * 0.13) * math.sin(angle) - glyph.width / 2
        y = centre - (radius - size * 0.13) * math.cos(angle) - glyph.height / 2
        image.alpha_composite(glyph, (int(x), int(y)))
    small = ImageFont.truetype(font_path, int(size * 0.07)) if font_path else ImageFont.load_default()
    draw.text((centre, centre + size * 0.25), "电子证明专用章", font=small, fill=red, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def ensure_demo_seal() -> None:
    settings = CertificateSettings.load()
    if settings.seal_image_id:
        return
    seal = Image(title="广州市律师协会 电子证明专用章（演示）")
    seal.file = ImageFile(io.BytesIO(draw_seal()), name="demo-seal.png")
    seal.save()
    settings.seal_image = seal
    settings.save()


def load_demo(demo: dict) -> None:
    """The `register_demo_data` loader (see member_center/demo.py): the types and the seal."""
    create_certificate_types()
    ensure_demo_seal()
