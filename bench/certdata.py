"""Synthetic electronic-certificate applications for the benchmark (200,000 by default).

The certificate types are the demo ones (certificates.demo.create_certificate_types), with the
demo seal. Each type's snapshot is built once with certificates.snapshot.build_snapshot for the
measured firm or lawyer; every application gets a copy of it with its own applicant's details
(firm, lawyer, roster read from the roster once), its number, verification code and dates.

Who applies: the measured firm ~300 times (min(300, N/2)), the measured lawyer ~30 times
(min(30, N/10)); the rest is spread over the practising law firms (65 %, firm types) and the
practising lawyers (35 %, lawyer types). Submission times cover the three years before now; the
numbers are YYMMDDNNNN in submission order within each day, as services.next_number makes them.
States: anything submitted in the last 30 days may still be pending; older ones are passed,
rejected, withdrawn or revoked. Applications are bulk_created in batches of 5,000, from a seeded
random generator (the same seed gives the same data, except the dates, which follow today).

Not made: the many-to-many CertificateApplication.lawyers rows (no measured page reads them:
every page reads the snapshot) and audit-log entries (bulk_create sends no signals).
"""

import datetime
import enum
import functools
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from certificates.demo import create_certificate_types, ensure_demo_seal
from certificates.models import (
    ApplicantKind,
    ApplicationState,
    CertificateApplication,
    CertificateEmail,
    EmailStatus,
    LawyerScope,
    NumberCounter,
    PaperDelivery,
    PaperStatus,
    ReviewMode,
)
from certificates.snapshot import build_snapshot
from member_center.models import Firm, Lawyer, MemberKind, RosterStatus, User

BATCH = 5000
DAYS = 3 * 365
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as models.new_verification_code
RECENT_DAYS = 30  # only applications this young may still be pending

# How often each type is asked for (by name; unknown names weigh 1).
TYPE_WEIGHTS = {
    "律所无行业处分": 30,
    "律所+部分律师无行业处分": 20,
    "律所+全体律师无行业处分": 10,
    "律所无行业处分（附全体律师名单版）": 8,
    "律所+部分律师无行业处分（附全体律师名单版）": 4,
    "代已注销律师申请无行业处分": 3,
    "涉及境外（已注销的）": 1,
    "律所其他类电子证明": 4,
    "律师个人无行业处分": 30,
    "会员身份信息、执业年限证明": 12,
    "用于证明正在参加年度考核": 6,
}
RECENT_STATES = ((ApplicationState.PENDING, 25), (ApplicationState.PASSED, 60), (ApplicationState.REJECTED, 8),
                 (ApplicationState.WITHDRAWN, 7))  # fmt: skip
OLD_STATES = ((ApplicationState.PASSED, 84), (ApplicationState.REJECTED, 8), (ApplicationState.WITHDRAWN, 5),
              (ApplicationState.REVOKED, 3))  # fmt: skip


@dataclass
class Certificates:
    applications: int
    emails: int
    types: int
    generation_s: float = 0.0
    states: dict = field(default_factory=dict)
    measured: dict = field(default_factory=dict)  # what the certificate pages of measure.py open


def _firm_data(firm: Firm, practising: int) -> dict:
    return {
        "id": firm.pk,
        "name": firm.name,
        "licence_no": firm.licence_no or "",
        "credit_code": firm.credit_code,
        "founded_on": firm.founded_on.isoformat() if firm.founded_on else "",
        "office_address": firm.office_address,
        "practising_count": practising,
    }


def _lawyer_data(row: dict, firm_names: dict, practice_labels: dict) -> dict:
    return {
        "id": row["pk"],
        "name": row["name"],
        "licence_no": row["licence_no"],
        "id_number": row["id_number"],
        "firm_name": firm_names.get(row["firm_id"], ""),
        "practice_type": practice_labels.get(row["practice_type"], ""),
        "member_no": row["member_no"] or "",
        "first_licensed_on": row["first_licensed_on"].isoformat() if row["first_licensed_on"] else "",
        "cancelled_on": row["cancelled_on"].isoformat() if row["cancelled_on"] else "",
    }


def base_snapshots(types, firm: Firm, lawyer: Lawyer) -> dict:
    """One snapshot per type, built by the portal's own code for the measured firm or lawyer."""
    practising = list(firm.lawyers.filter(status=RosterStatus.PRACTISING).order_by("name", "licence_no"))
    cancelled = list(firm.lawyers.filter(status=RosterStatus.CANCELLED).order_by("name", "licence_no")[:1]) or list(
        Lawyer.objects.filter(status=RosterStatus.CANCELLED).order_by("pk")[:1]
    )
    start = timezone.localdate() - datetime.timedelta(days=365)
    snapshots = {}
    for certificate_type in types:
        if certificate_type.applicant_kind == ApplicantKind.LAWYER:
            snapshots[certificate_type.pk] = build_snapshot(certificate_type, lawyer, [], start)
            continue
        lawyers = {
            LawyerScope.NONE: [],
            LawyerScope.CHOSEN: practising[:2],
            LawyerScope.ALL: practising,
            LawyerScope.CANCELLED: cancelled,
        }[certificate_type.lawyer_scope]
        snapshots[certificate_type.pk] = build_snapshot(certificate_type, firm, lawyers, start)
    return snapshots


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT the rows (dicts by attname; missing fields get their defaults) with one executemany.

    What bulk_create does, without a model instance per row and without compiling each value of
    each row: bulk_create spent about 4 minutes on 200,000 applications of 33 columns on this
    machine, most of it in Django's per-value SQL compiler. Values still go through each field's
    get_db_prep_save, so dates, UUIDs and JSON are stored exactly as the ORM stores them."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    plain = ("CharField", "TextField", "BooleanField", "PositiveIntegerField", "PositiveSmallIntegerField",
             "ForeignKey", "EmailField", "IntegerField")  # fmt: skip
    prepare = [
        None if f.get_internal_type() in plain else functools.partial(f.get_db_prep_save, connection=connection)
        for f in fields
    ]
    params = []
    for row in rows:
        values = []
        for f, prep in zip(fields, prepare, strict=True):
            value = row.get(f.attname, defaults[f.attname])
            if isinstance(value, enum.Enum):  # TextChoices members: store their value
                value = value.value
            values.append(value if prep is None or value is None else prep(value))
        params.append(values)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _code(rng: random.Random) -> str:
    return "".join(rng.choices(CODE_ALPHABET, k=8))


@transaction.atomic
def create_certificates(count: int, accounts: dict, seed: int = 2026) -> Certificates:
    rng = random.Random(seed + 1)
    types = create_certificate_types()
    ensure_demo_seal()  # the issued certificates carry the seal: the PDF measurements need it
    firm_types = [t for t in types if t.applicant_kind == ApplicantKind.FIRM]
    lawyer_types = [t for t in types if t.applicant_kind == ApplicantKind.LAWYER]
    type_by_pk = {t.pk: t for t in types}
    admin = User.objects.get(pk=accounts["superuser"]["user_id"])
    firm = User.objects.select_related("firm").get(pk=accounts["firm"]["user_id"]).firm
    lawyer = User.objects.select_related("lawyer__firm").get(pk=accounts["lawyer"]["user_id"]).lawyer
    snapshots = base_snapshots(types, firm, lawyer)

    # The roster, read once: each applicant's part of the snapshot.
    firms = {f.pk: f for f in Firm.objects.all()}
    firm_names = {pk: f.name for pk, f in firms.items()}
    practice_labels = dict(Lawyer._meta.get_field("practice_type").choices)
    rows = list(
        Lawyer.objects.order_by("name", "licence_no").values(
            "pk", "name", "licence_no", "id_number", "firm_id", "practice_type", "member_no", "first_licensed_on",
            "cancelled_on", "status", "kind",
        )
    )  # fmt: skip
    roster = defaultdict(list)  # firm id -> practising lawyers, by name
    cancelled = defaultdict(list)
    for row in rows:
        target = roster if row["status"] == RosterStatus.PRACTISING else cancelled
        target[row["firm_id"]].append(row)
    # The measured firm and lawyer apply only their fixed share: their page counts stay exact.
    applicant_firms = [
        pk
        for pk, f in firms.items()
        if f.kind == MemberKind.LAW_FIRM and f.status == RosterStatus.PRACTISING and pk != firm.pk
    ] or [firm.pk]
    applicant_lawyers = [
        row
        for row in rows
        if row["kind"] == MemberKind.LAWYER and row["status"] == RosterStatus.PRACTISING and row["pk"] != lawyer.pk
    ] or [row for row in rows if row["pk"] == lawyer.pk]
    lawyer_rows = {row["pk"]: row for row in rows}
    firm_data = {pk: _firm_data(f, len(roster[pk])) for pk, f in firms.items()}

    # Who applies, and when: submission times over the last three years, numbered per day.
    now = timezone.now()
    firm_share, lawyer_share = min(300, count // 2), min(30, count // 10)
    applicants = [("firm", firm.pk)] * firm_share + [("lawyer", lawyer.pk)] * lawyer_share
    for _ in range(count - len(applicants)):
        if rng.random() < 0.65:
            applicants.append(("firm", rng.choice(applicant_firms)))
        else:
            applicants.append(("lawyer", rng.choice(applicant_lawyers)["pk"]))
    rng.shuffle(applicants)
    moments = sorted(now - datetime.timedelta(seconds=rng.randrange(60, DAYS * 86400)) for _ in range(count))
    per_day = Counter()
    firm_weights = [TYPE_WEIGHTS.get(t.name, 1) for t in firm_types]
    lawyer_weights = [TYPE_WEIGHTS.get(t.name, 1) for t in lawyer_types]

    applications, states = [], Counter()
    local = timezone.get_current_timezone()
    for (kind, applicant_pk), submitted_at in zip(applicants, moments, strict=True):
        day = submitted_at.astimezone(local).date()
        per_day[day] += 1
        number = f"{day:%y%m%d}{per_day[day]:04d}"
        if kind == "firm":
            certificate_type = rng.choices(firm_types, firm_weights)[0]
        else:
            certificate_type = rng.choices(lawyer_types, lawyer_weights)[0]
        age = now - submitted_at
        choices = RECENT_STATES if age.days < RECENT_DAYS else OLD_STATES
        state = rng.choices([s for s, _ in choices], [w for _, w in choices])[0]
        states[state] += 1
        start = day - datetime.timedelta(days=rng.choice((90, 180, 365, 730, 1095)))
        code = _code(rng)

        snapshot = dict(snapshots[certificate_type.pk])
        if kind == "firm":
            members = roster[applicant_pk]
            scope = certificate_type.lawyer_scope
            snapshot["firm"] = firm_data[applicant_pk]
            if scope == LawyerScope.CHOSEN:
                chosen = members[:2]
            elif scope == LawyerScope.ALL:
                chosen = members
            elif scope == LawyerScope.CANCELLED:
                chosen = cancelled[applicant_pk][:1] or members[:1]
            else:
                chosen = []
            snapshot["lawyers"] = [{"id": r["pk"], "name": r["name"], "licence_no": r["licence_no"]} for r in chosen]
            snapshot["lawyer"] = (
                _lawyer_data(chosen[0], firm_names, practice_labels)
                if scope == LawyerScope.CANCELLED and chosen
                else None
            )
            if certificate_type.appends_roster:
                snapshot["roster"] = [{"name": r["name"], "licence_no": r["licence_no"]} for r in members]
            applicant_name = firm_names[applicant_pk]
        else:
            row = lawyer_rows[applicant_pk]
            snapshot["lawyer"] = _lawyer_data(row, firm_names, practice_labels)
            snapshot["firm"] = firm_data.get(row["firm_id"])
            applicant_name = row["name"]
        snapshot.update(number=number, verification_code=code, start_date=start.isoformat(), issued_on=day.isoformat())

        application = {
            "number": number,
            "submission_token": uuid.UUID(int=rng.getrandbits(128), version=4),
            "certificate_type_id": certificate_type.pk,
            "applicant_firm_id": applicant_pk if kind == "firm" else None,
            "applicant_lawyer_id": applicant_pk if kind == "lawyer" else None,
            "applicant_name": applicant_name,
            "start_date": start,
            "email": f"cert{len(applications) % 997}@bench.example.cn",
            "snapshot": snapshot,
            "state": state,
            "submitted_at": submitted_at,
            "verification_code": code,
            "paper_needed": False,
        }
        system = certificate_type.review_mode == ReviewMode.SYSTEM
        reviewed_at = submitted_at + datetime.timedelta(seconds=2 if system else rng.randrange(600, 3 * 86400))
        if rng.random() < 0.1:
            application["paper_needed"] = True
            application["paper_copies"] = rng.randint(1, 3)
            application["paper_delivery"] = rng.choice(PaperDelivery.values)
            if application["paper_delivery"] == PaperDelivery.MAIL:
                application["recipient_name"] = "张晓东"
                application["recipient_phone"] = "13800138000"
                application["recipient_address"] = "广州市天河区珠江新城华夏路10号"
        if state == ApplicationState.PENDING:
            application["waiting_reason"] = "该证明类型为人工审核。"
        elif state == ApplicationState.WITHDRAWN:
            application["withdrawn_at"] = submitted_at + datetime.timedelta(hours=rng.randint(1, 48))
            application["waiting_reason"] = "该证明类型为人工审核。"
        else:
            application["reviewed_at"] = reviewed_at
            application["reviewed_by_id"] = None if system and state != ApplicationState.REJECTED else admin.pk
            application["auto_reviewed"] = system and state != ApplicationState.REJECTED
            if system:
                application["review_evidence"] = {
                    "period": [start.isoformat(), day.isoformat()],
                    "firm_ids": [applicant_pk] if kind == "firm" else [],
                    "lawyer_ids": [r["id"] for r in snapshot["lawyers"]] + ([applicant_pk] if kind == "lawyer" else []),
                    "records": [],
                    "checked_at": submitted_at.isoformat(),
                }
            if state == ApplicationState.REJECTED:
                application["reject_reason"] = "起始时间至今有行业处分记录，不符合出具条件。"
            else:  # passed or revoked: issued, and the worker rendered its file
                application["pdf"] = f"certificates/{day:%Y/%m}/{number}.pdf"
                application["pdf_rendered_at"] = reviewed_at + datetime.timedelta(seconds=5)
                if application["paper_needed"]:
                    if application["paper_delivery"] == PaperDelivery.MAIL:
                        done = age.days > 14
                        application["paper_status"] = PaperStatus.POSTED if done else PaperStatus.AWAITING_POST
                        application["tracking_number"] = f"SF{rng.randrange(10**11, 10**12)}" if done else ""
                    else:
                        application["paper_status"] = (
                            PaperStatus.PICKED_UP if age.days > 14 else PaperStatus.AWAITING_PICKUP
                        )
            if state == ApplicationState.REVOKED:
                application["revoked_at"] = reviewed_at + datetime.timedelta(days=rng.randint(1, 60))
                application["revoke_reason"] = "经核查，申请材料与事实不符，撤销该证明。"
        applications.append(application)
        if len(applications) >= BATCH:
            insert_rows(CertificateApplication, applications)
            applications = []
    insert_rows(CertificateApplication, applications)
    NumberCounter.objects.bulk_create([NumberCounter(day=day, last=last) for day, last in per_day.items()])

    measured = measured_applications(firm, lawyer, type_by_pk)
    emails = create_emails(rng, measured)
    return Certificates(
        applications=CertificateApplication.objects.count(),
        emails=emails,
        types=len(types),
        states={state.label: states[state] for state in ApplicationState},
        measured=measured,
    )


def measured_applications(firm: Firm, lawyer: Lawyer, type_by_pk: dict) -> dict:
    """What the certificate pages open: numbers, a pending one for staff, a filter for 我的证明."""
    issued = [ApplicationState.PASSED]
    own = CertificateApplication.objects.filter(applicant_firm=firm).order_by("-submitted_at", "-pk")
    detail = own.filter(state__in=issued).first()
    lawyer_detail = (
        CertificateApplication.objects.filter(applicant_lawyer=lawyer, state__in=issued)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    verify = CertificateApplication.objects.filter(state__in=issued).order_by("pk")[
        CertificateApplication.objects.filter(state__in=issued).count() // 2
    ]
    # A manual type's pending application: its review page runs the live discipline check.
    pending = (
        CertificateApplication.objects.filter(state=ApplicationState.PENDING, certificate_type__review_mode="manual")
        .order_by("-submitted_at", "-pk")
        .first()
        or CertificateApplication.objects.filter(state=ApplicationState.PENDING).order_by("-submitted_at").first()
    )
    # 我的证明 filtered: the firm's most asked-for type over the last year.
    counts = Counter(own.values_list("certificate_type_id", flat=True))
    type_pk = counts.most_common(1)[0][0]
    today = timezone.localdate()
    date_from = today - datetime.timedelta(days=365)
    filtered = own.filter(
        certificate_type_id=type_pk, submitted_at__date__gte=date_from, submitted_at__date__lte=today
    ).count()
    middle = CertificateApplication.objects.order_by("pk").only("number")[CertificateApplication.objects.count() // 3]
    return {
        "firm_pk": firm.pk,
        "lawyer_pk": lawyer.pk,
        "firm_applications": own.count(),
        "lawyer_applications": CertificateApplication.objects.filter(applicant_lawyer=lawyer).count(),
        "detail_number": detail.number,
        "detail_pk": detail.pk,
        "lawyer_detail_number": lawyer_detail.number if lawyer_detail else None,
        "verify_number": verify.number,
        "verify_code": verify.verification_code,
        "pending_pk": pending.pk if pending else None,
        "pending_count": CertificateApplication.objects.filter(state=ApplicationState.PENDING).count(),
        "filter_type": type_pk,
        "filter_type_name": type_by_pk[type_pk].name,
        "filter_from": date_from.isoformat(),
        "filter_to": today.isoformat(),
        "filter_matches": filtered,
        "search_number": middle.number,
        "search_name": firm.name,
        "search_name_matches": CertificateApplication.objects.filter(applicant_name__icontains=firm.name).count(),
    }


def create_emails(rng: random.Random, measured: dict) -> int:
    """A handful of 发送邮箱 requests: the measured firm's newest issued certificates (so 我的证明
    shows their status) and the one its detail page opens, plus a few elsewhere."""
    issued = CertificateApplication.objects.filter(state=ApplicationState.PASSED).only("pk", "email")
    firm_issued = list(issued.filter(applicant_firm_id=measured["firm_pk"]).order_by("-submitted_at", "-pk")[:6])
    last = CertificateApplication.objects.order_by("-pk").values_list("pk", flat=True).first()
    others = list(issued.filter(pk__in=[rng.randrange(1, last + 1) for _ in range(12)]).order_by("pk")[:6])
    now = timezone.now()
    emails = []
    for n, application in enumerate(firm_issued + others):
        status = (EmailStatus.SENT, EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.QUEUED)[n % 4]
        emails.append(
            CertificateEmail(
                application=application,
                to=application.email,
                status=status,
                attempts=3 if status == EmailStatus.FAILED else 1,
                last_error="SMTP 550 mailbox unavailable" if status == EmailStatus.FAILED else "",
                sent_at=now if status == EmailStatus.SENT else None,
            )
        )
    # The detail page's application: one more, sent.
    emails.append(
        CertificateEmail(
            application_id=measured["detail_pk"], to="firm@bench.example.cn", status=EmailStatus.SENT, attempts=1,
            sent_at=now,
        )
    )  # fmt: skip
    CertificateEmail.objects.bulk_create(emails)
    return len(emails)
