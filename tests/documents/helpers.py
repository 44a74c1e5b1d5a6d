"""公文 for the tests, written and published through the services (as staff would)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from notices import services
from notices.models import Circle, CircleKind, OfficialDocument, Secrecy
from tests.factories import StaffUserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="通知.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def draft(*, circles=(), secrecy=Secrecy.NORMAL, number="粤律协〔2026〕1号", title="关于年度考核的通知", **fields):
    """A draft; `circles` are (kind, numbers or practice type) or a kind alone."""
    document = OfficialDocument.objects.create(
        number=number, issuer="广东省律师协会", secrecy=secrecy, title=title, keywords="年度考核",
        body="<p>请各律师事务所按时完成年度考核。</p>", **fields,
    )  # fmt: skip
    for circle in circles:
        kind, value = circle if isinstance(circle, tuple) else (circle, "")
        if kind == CircleKind.PRACTICE_TYPE:
            Circle.objects.create(document=document, kind=kind, practice_type=value)
        else:
            Circle.objects.create(document=document, kind=kind, numbers=value)
    return document


def to_members(*members) -> tuple:
    return (CircleKind.MEMBERS, "\n".join(member.login_name for member in members))


def published(*members, staff=None, files=(), **fields):
    """A document published to `members` (a hand-picked list), or to the circles given."""
    circles = fields.pop("circles", None) or [to_members(*members)]
    document = draft(circles=circles, **fields)
    staff = staff or StaffUserFactory(superuser=True)
    if files:
        services.attach_files(document, staff, files)
    return services.publish(document, staff)
