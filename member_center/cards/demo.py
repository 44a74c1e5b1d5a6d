"""Demo 会员卡 (README "Demo data"): 张明文 with a collected card; 王雷 with an application 制卡中,
in one 制卡批次 with 陈晓东, 刘芳 and 黄志强 (staff try the bulk 制卡完成 on it); 李红 with a 挂失
card and a 遗失申请 waiting. Idempotent: a lawyer who has any is left alone."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from member_center.demo import MINGFA_LICENCE
from member_center.models import Lawyer

from . import services
from .models import ApplicationKind

MAKING_TOGETHER = ["王雷", "陈晓东", "刘芳", "黄志强"]  # one 制卡批次, 制卡中


def _photo() -> ContentFile:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (358, 441), (214, 226, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((119, 70, 239, 200), fill=(240, 214, 190))
    draw.rectangle((89, 230, 269, 441), fill=(40, 60, 100))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, dpi=(350, 350))
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _apply(lawyer, kind):
    application, _ = services.submit(lawyer, kind, submission_token=uuid.uuid4(), photo=_photo())
    return application


def _through(application, admin, until: str):
    steps = [
        ("accepted", lambda a: services.accept(a, admin)),
        ("printed", lambda a: services.export_batch([a.pk], admin) and a),
        ("making", lambda a: services.make(a, admin)),
        ("made", lambda a: services.made(a, admin, "协会一楼服务大厅", "工作日 9:00–17:00")),
        ("checked", lambda a: services.check(a, admin)),
        ("collected", lambda a: services.collect(a, admin)),
    ]
    for state, step in steps:
        step(application)
        application.refresh_from_db()
        if state == until:
            return application
    return application


@transaction.atomic
def load_demo(demo) -> None:
    admin = demo.get("admin")
    names = ["张明文", "李红", *MAKING_TOGETHER]
    mingfa = Lawyer.objects.filter(firm__licence_no=MINGFA_LICENCE, name__in=names)
    lawyers = {lawyer.name: lawyer for lawyer in mingfa}
    zhang, li = lawyers.get("张明文"), lawyers.get("李红")
    if zhang is not None and not zhang.card_applications.exists():
        _through(_apply(zhang, ApplicationKind.FIRST), admin, "collected")
    # One batch in the workshop: accepted, exported together (制卡导出), then 制卡中.
    making = [lawyers.get(name) for name in MAKING_TOGETHER]
    making = [lawyer for lawyer in making if lawyer is not None and not lawyer.card_applications.exists()]
    if making:
        applications = [_through(_apply(lawyer, ApplicationKind.FIRST), admin, "accepted") for lawyer in making]
        services.export_batch([a.pk for a in applications], admin)
        for application in applications:
            services.make(application, admin)
    if li is not None and not li.card_applications.exists():
        _through(_apply(li, ApplicationKind.FIRST), admin, "collected")
        services.report_lost(li.member_cards.get(), None)
        _apply(li, ApplicationKind.LOST)
    return None
