"""What a certificate says, from its snapshot: the placeholders' values, the body as HTML, the
context of certificates/includes/certificate.html; and the sample snapshot of the previews.

Plain functions of a snapshot (a dict) and of the objects passed in: no models are imported
here, so certificates.models (the editor's live preview) can use them as well as
certificates.snapshot, which freezes a snapshot from the roster."""

import datetime

from django.utils import timezone
from django.utils.safestring import SafeString

from . import templating

SNAPSHOT_VERSION = 1


def chinese_date(value) -> str:
    """2022-10-27 -> 2022年10月27日 (as the manuals print dates)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return f"{value.year}年{value.month:02d}月{value.day:02d}日"


def issuer_data(issuer) -> dict:
    """The issuer's lines of a CertificateSettings, as a snapshot keeps them."""
    return {"name": issuer.issuer_name, "signature_line": issuer.signature_line, "footer_note": issuer.footer_note}


def placeholder_values(snapshot: dict) -> dict[str, str]:
    firm = snapshot.get("firm") or {}
    lawyer = snapshot.get("lawyer") or {}
    issued_on = datetime.date.fromisoformat(snapshot["issued_on"])
    years = ""
    if lawyer.get("first_licensed_on"):
        first = datetime.date.fromisoformat(lawyer["first_licensed_on"])
        years = str(issued_on.year - first.year - ((issued_on.month, issued_on.day) < (first.month, first.day)))
    return {
        "协会名称": snapshot["issuer"]["name"],
        "律所名称": firm.get("name", ""),
        "执业许可证号": firm.get("licence_no", ""),
        "统一社会信用代码": firm.get("credit_code", ""),
        "成立日期": chinese_date(firm.get("founded_on")),
        "办公地址": firm.get("office_address", ""),
        "执业律师人数": str(firm.get("practising_count", "")),
        "起始日期": chinese_date(snapshot["start_date"]),
        "律师名单": "、".join(f"{item['name']}律师（执业证号：{item['licence_no']}）" for item in snapshot["lawyers"]),
        "律师姓名": lawyer.get("name", ""),
        "律师执业证号": lawyer.get("licence_no", ""),
        "律师身份证号": lawyer.get("id_number", ""),
        "执业机构": lawyer.get("firm_name", ""),
        "执业类别": lawyer.get("practice_type", ""),
        "会员编号": lawyer.get("member_no", ""),
        "首次执业日期": chinese_date(lawyer.get("first_licensed_on")),
        "执业年限": years,
        "注销日期": chinese_date(lawyer.get("cancelled_on")),
        "出具日期": chinese_date(issued_on),
        "证明编号": snapshot.get("number") or "（提交后生成）",
    }


def render_certificate_body(snapshot: dict) -> SafeString:
    return templating.render_body(snapshot["body"], placeholder_values(snapshot))


def certificate_context(snapshot: dict) -> dict:
    """What certificates/includes/certificate.html needs."""
    return {
        "snapshot": snapshot,
        "body_html": render_certificate_body(snapshot),
        "issued_on_display": chinese_date(snapshot["issued_on"]),
    }


SAMPLE_FIRM = {
    "id": 0,
    "name": "广州示例律师事务所",
    "licence_no": "24401200100000000",
    "credit_code": "31440000MD0000000X",
    "founded_on": "2001-06-12",
    "office_address": "广州市天河区珠江新城示例路1号",
    "practising_count": 28,
}
SAMPLE_LAWYERS = [
    {"id": 0, "name": "张三", "licence_no": "14401201510000000"},
    {"id": 0, "name": "李四", "licence_no": "14401201810000000"},
]


def sample_snapshot(certificate_type, issuer) -> dict:
    """Sample data for the editor's live preview and the member's 选择证明 step: the body and
    name of `certificate_type` (a CertificateType), the lines of `issuer` (the CertificateSettings)."""
    today = timezone.localdate()
    return {
        "version": SNAPSHOT_VERSION,
        "type": {
            "id": certificate_type.pk,
            "name": certificate_type.name,
            "appends_roster": certificate_type.appends_roster,
        },
        "body": certificate_type.body,
        "issuer": issuer_data(issuer),
        "firm": SAMPLE_FIRM,
        "lawyer": {
            "name": "张三",
            "licence_no": "14401201510000000",
            "id_number": "440104198001010000",
            "firm_name": SAMPLE_FIRM["name"],
            "practice_type": "专职",
            "member_no": "GZ00000000",
            "first_licensed_on": "2015-07-01",
            "cancelled_on": "2025-12-31",
        },
        "lawyers": SAMPLE_LAWYERS,
        "roster": [{"name": lawyer["name"], "licence_no": lawyer["licence_no"]} for lawyer in SAMPLE_LAWYERS]
        if certificate_type.appends_roster
        else [],
        "start_date": (today - datetime.timedelta(days=365)).isoformat(),
        "issued_on": today.isoformat(),
        "number": "2601010001",
        "verification_code": "SAMPLE00",
        "sample": True,
    }
