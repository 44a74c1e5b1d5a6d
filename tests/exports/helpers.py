"""Reading the staff exports, and one row set per ChunkedExportMixin listing: `LISTINGS` maps a
name to a function that makes a few rows and returns (listing URL, a query selecting some of them)."""

import io

import openpyxl
import time_machine
from django.urls import reverse

from tests.factories import FirmFactory, LawyerFactory, profile_in_state
from tests.http import body, csv_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows_of(response, export_format: str) -> list[tuple]:
    """A downloaded export as rows of strings (the headings first)."""
    if export_format == "csv":
        return [tuple(row) for row in csv_rows(response)]
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    return [tuple("" if value is None else str(value) for value in row) for row in sheet.iter_rows(values_only=True)]


def firms():
    FirmFactory(name="甲乙律师事务所")
    FirmFactory(name="丙丁律师事务所")
    return reverse("firm:index"), {"q": "甲乙"}


def lawyers():
    LawyerFactory(name="欧阳锋")
    LawyerFactory(name="黄药师")
    return reverse("lawyer:index"), {"q": "欧阳"}


def audit_log():
    FirmFactory(name="甲乙律师事务所")
    FirmFactory(name="丙丁律师事务所")
    return reverse("logentry:index"), {"q": "甲乙"}


def certificate_applications():
    from certificates.models import LawyerScope
    from tests.certificates.helpers import CertificateTypeFactory, submitted

    kind = CertificateTypeFactory(manual=True, lawyer_scope=LawyerScope.NONE)
    submitted(FirmFactory(name="甲乙律师事务所"), kind)
    submitted(FirmFactory(name="丙丁律师事务所"), kind)
    return reverse("wagtailsnippets_certificates_certificateapplication:list"), {"q": "甲乙"}


def profiles():
    profile_in_state("submitted", LawyerFactory(name="欧阳锋"))
    profile_in_state("submitted", LawyerFactory(name="黄药师"))
    return reverse("wagtailsnippets_profiles_profile:list"), {"q": "欧阳"}


def profile_changes():
    from member_center.profiles import services

    for name in ("欧阳锋", "黄药师"):
        services.save_basic(profile_in_state("approved", LawyerFactory(name=name)), {"mobile": "13911112222"}, by=None)
    return reverse("wagtailsnippets_profiles_profilechange:list"), {"q": "欧阳"}


def card_applications():
    from tests.cards.helpers import apply

    apply(LawyerFactory(name="欧阳锋"))
    apply(LawyerFactory(name="黄药师"))
    return reverse("wagtailsnippets_cards_cardapplication:list"), {"q": "欧阳"}


def tickets():
    from tests.tickets.helpers import new_ticket

    new_ticket(LawyerFactory(name="欧阳锋"))
    new_ticket(LawyerFactory(name="黄药师"))
    return reverse("wagtailsnippets_tickets_ticket:list"), {"q": "欧阳"}


def sign_ups():
    from tests.activities.helpers import NOW, make_activity, sign

    activity = make_activity()
    with time_machine.travel(NOW, tick=False):
        sign(activity, LawyerFactory(name="欧阳锋"))
        sign(activity, LawyerFactory(name="黄药师"))
    return reverse("wagtailsnippets_activities_signup:list"), {"q": "欧阳"}


def training_records():
    import datetime

    from activities.models import TrainingRecord

    for name in ("欧阳锋", "黄药师"):
        TrainingRecord.objects.create(
            lawyer=LawyerFactory(name=name), course="年度培训", date=datetime.date(2026, 4, 20),
            training_type="on_site", hours=4,
        )  # fmt: skip
    return reverse("wagtailsnippets_activities_trainingrecord:list"), {"q": "欧阳"}


def documents():
    from tests.documents.helpers import draft

    draft(number="粤律协〔2026〕1号", title="关于年度考核的通知")
    draft(number="粤律协〔2026〕2号", title="关于换发会员卡的通知")
    return reverse("wagtailsnippets_notices_officialdocument:list"), {"q": "年度考核"}


def receipts():
    from tests.documents.helpers import published

    document = published(LawyerFactory(name="欧阳锋"), LawyerFactory(name="黄药师"))
    return reverse("wagtailsnippets_notices_recipient:list"), {"document": document.pk, "q": "欧阳"}


LISTINGS = {
    "firms": firms,
    "lawyers": lawyers,
    "audit_log": audit_log,
    "certificate_applications": certificate_applications,
    "profiles": profiles,
    "profile_changes": profile_changes,
    "card_applications": card_applications,
    "tickets": tickets,
    "sign_ups": sign_ups,
    "training_records": training_records,
    "documents": documents,
    "receipts": receipts,
}
