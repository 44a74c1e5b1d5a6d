"""What a certificate says, frozen into a JSON snapshot when it is submitted.

The preview, the staff view and the PDF all render from a snapshot, so the certificate a
member previewed is exactly the one issued, whatever happens to the roster afterwards. What a
snapshot says (placeholders, body, the previews' sample) is in certificates.wording."""

import datetime

from django.utils import timezone

from member_center.models import Firm, Lawyer, MemberKind, RosterStatus

from .models import CertificateSettings, CertificateType, LawyerScope
from .wording import SNAPSHOT_VERSION, issuer_data


def _firm_data(firm: Firm | None) -> dict | None:
    if firm is None:
        return None
    return {
        "id": firm.pk,
        "name": firm.name,
        "licence_no": firm.licence_no or "",
        "credit_code": firm.credit_code,
        "founded_on": firm.founded_on.isoformat() if firm.founded_on else "",
        "office_address": firm.office_address,
        "practising_count": firm.lawyers.filter(status=RosterStatus.PRACTISING, kind=MemberKind.LAWYER).count(),
    }


def _lawyer_data(lawyer: Lawyer | None) -> dict | None:
    if lawyer is None:
        return None
    return {
        "id": lawyer.pk,
        "name": lawyer.name,
        "licence_no": lawyer.licence_no,
        "id_number": lawyer.id_number,
        "firm_name": lawyer.firm.name if lawyer.firm_id else "",
        "practice_type": lawyer.get_practice_type_display(),
        "member_no": lawyer.member_no or "",
        "first_licensed_on": lawyer.first_licensed_on.isoformat() if lawyer.first_licensed_on else "",
        "cancelled_on": lawyer.cancelled_on.isoformat() if lawyer.cancelled_on else "",
    }


def build_snapshot(
    certificate_type: CertificateType,
    member: Firm | Lawyer,
    lawyers: list[Lawyer],
    start_date: datetime.date,
    issued_on: datetime.date | None = None,
) -> dict:
    """Everything the certificate states, read from the roster now."""
    issuer = CertificateSettings.load()
    if isinstance(member, Lawyer):
        firm = member.firm
        subject_lawyer = member
    else:
        firm = member
        # The one lawyer a firm's certificate is about: a cancelled lawyer, or the lawyer the firm
        # applies for on his behalf.
        names_one = certificate_type.lawyer_scope == LawyerScope.CANCELLED or certificate_type.is_on_behalf(member)
        subject_lawyer = lawyers[0] if names_one and lawyers else None
    roster = []
    if certificate_type.appends_roster and firm is not None:
        roster = [
            {"name": name, "licence_no": licence_no}
            for name, licence_no in firm.lawyers.filter(status=RosterStatus.PRACTISING, kind=MemberKind.LAWYER)
            .order_by("name", "licence_no")
            .values_list("name", "licence_no")
        ]
    return {
        "version": SNAPSHOT_VERSION,
        "type": {
            "id": certificate_type.pk,
            "name": certificate_type.name,
            "review_mode": certificate_type.review_mode,
            "lawyer_scope": certificate_type.lawyer_scope,
            "appends_roster": certificate_type.appends_roster,
        },
        "body": certificate_type.body,
        "issuer": issuer_data(issuer),
        "firm": _firm_data(firm),
        "lawyer": _lawyer_data(subject_lawyer),
        "lawyers": [{"id": lawyer.pk, "name": lawyer.name, "licence_no": lawyer.licence_no} for lawyer in lawyers],
        "roster": roster,
        "start_date": start_date.isoformat(),
        "issued_on": (issued_on or timezone.localdate()).isoformat(),
        "number": "",
        "verification_code": "",
    }
