"""Demo 公文 (manual 002 §4.3), written and published through the services as staff would: to
every practising lawyer, to every law firm, a 机密 one to 张明文, 王雷 and 李红 only, and one to
广州明法律师事务所's lawyers; 张明文 has read some, follows one and has given feedback on it.

Idempotent: each demo document is found by its 公文编号 and left as it is."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from member_center.demo import DEMO_ORDER_PROFILES, MINGFA_LICENCE, ZHANG_MINGWEN_LICENCE
from member_center.models import Firm, Lawyer
from portal.uploads.services import attach

from . import services
from .models import Circle, CircleKind, OfficialDocument, Secrecy

DEMO_ORDER = DEMO_ORDER_PROFILES + 150  # after the roster and the tickets (500)
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FEEDBACK_TOKEN = uuid.UUID("0c6b0d9e-8a4e-4c55-9a4a-3f1d2e5b7a01")

DOCUMENTS = [
    # (公文编号, 公文标题, 来文单位, 保密等级, 主题词, 正文, circles, read by 张明文)
    ("粤律协〔2026〕12号", "关于开展2026年度律师执业年度考核工作的通知", "广东省律师协会", Secrecy.NORMAL, "年度考核 通知",
     "<p>各律师事务所、各位律师：</p><p>请于6月30日前完成2026年度执业年度考核材料的报送。</p>",
     [(CircleKind.ALL_LAWYERS, "")], True),
    ("粤律协〔2026〕15号", "关于律师事务所报送年度工作总结的通知", "广东省律师协会", Secrecy.NORMAL, "工作总结",
     "<p>请各律师事务所于7月15日前报送年度工作总结。</p>", [(CircleKind.ALL_FIRMS, "")], False),
    ("穗律协〔2026〕3号", "关于重大敏感案件报告制度的通知", "广州市律师协会", Secrecy.CONFIDENTIAL, "重大敏感案件 报告",
     "<p>承办重大敏感案件的律师应在接受委托后三日内书面报告。</p>",
     [(CircleKind.MEMBERS, "MEMBERS")], True),
    ("穗律协〔2026〕5号", "关于明法律师事务所党建工作检查的通知", "广州市律师协会", Secrecy.NORMAL, "党建 检查",
     "<p>定于下月对广州明法律师事务所开展党建工作检查，请所内律师做好准备。</p>",
     [(CircleKind.FIRM_LAWYERS, MINGFA_LICENCE)], False),
]  # fmt: skip

PICKED = ("张明文", "王雷", "李红")


def load_demo(demo: dict) -> None:
    zhang = Lawyer.objects.filter(licence_no=ZHANG_MINGWEN_LICENCE).first()
    firm = Firm.objects.filter(licence_no=MINGFA_LICENCE).first()
    if zhang is None or firm is None:
        return
    picked = Lawyer.objects.filter(firm=firm, name__in=PICKED).values_list("licence_no", flat=True)
    staff = demo.get("admin")
    for number, title, issuer, secrecy, keywords, body, circles, read in DOCUMENTS:
        if OfficialDocument.objects.filter(number=number).exists():
            continue
        document = OfficialDocument.objects.create(
            number=number, title=title, issuer=issuer, secrecy=secrecy, keywords=keywords, body=body
        )
        for kind, numbers in circles:
            numbers = "\n".join(picked) if numbers == "MEMBERS" else numbers
            Circle.objects.create(document=document, kind=kind, numbers=numbers)
        if secrecy != Secrecy.NORMAL:
            attach(
                document, [SimpleUploadedFile("报告表.pdf", DEMO_PDF, content_type="application/pdf")], services.RULE
            )
        document = services.publish(document, staff)
        receipt = services.documents_of(zhang).filter(document=document).first()
        if receipt is not None and read:
            services.record_read(receipt)
        if receipt is not None and secrecy == Secrecy.CONFIDENTIAL:
            services.set_following(receipt, True)
            services.give_feedback(
                receipt, submission_token=FEEDBACK_TOKEN, body="已收到，本人承办的案件将按要求报告。"
            )
