"""Helpers shared by the certificate tests (plain functions and a factory, no fixtures:
fixtures imported from a module trip ruff's F811 and are easy to lose track of)."""

import datetime
import io
import re
import uuid

import factory
from bs4 import BeautifulSoup
from django.conf import settings
from factory.django import DjangoModelFactory

from certificates import services
from certificates.models import (
    ApplicantKind,
    CertificateGroup,
    CertificateType,
    LawyerScope,
    ReviewMode,
)

# The portal's own backend (the one after axes' lockout check), whatever it is called.
MEMBER_BACKEND = next(path for path in settings.AUTHENTICATION_BACKENDS if not path.startswith("axes."))

APPLY_URL = "/member/certificates/apply/"
LIST_URL = "/member/certificates/"
LAWYER_LIST_URL = "/member/certificates/firm/lawyers/"
LAWYER_ADD_URL = "/member/certificates/firm/lawyers/add/"
VERIFY_URL = "/verify/"

FIRM_BODY = (
    "{{律所名称}}是本会团体会员，执业许可证号：{{执业许可证号}}，办公地址：{{办公地址}}。"
    "截至此证明作出之日，共有执业律师{{执业律师人数}}名。\n"
    "自{{起始日期}}至此证明作出之日，{{律所名称}}、{{律师名单}}未受到本会任何行业处分。\n"
    "特此证明。"
)
LAWYER_BODY = (
    "{{律师姓名}}律师（执业证号：{{律师执业证号}}）是本会个人会员，执业机构为{{执业机构}}。\n"
    "自{{起始日期}}至此证明作出之日，{{律师姓名}}律师未受到本会任何行业处分。\n"
    "特此证明。"
)
CANCELLED_BODY = (
    "{{律师姓名}}（执业证号：{{律师执业证号}}）原系{{律所名称}}执业律师，已于{{注销日期}}注销执业证。\n"
    "自{{起始日期}}至此证明作出之日，{{律师姓名}}未受到本会任何行业处分。\n"
    "特此证明。"
)


class CertificateTypeFactory(DjangoModelFactory):
    """A firm's system-reviewed type speaking for the lawyers the firm chooses."""

    class Meta:
        model = CertificateType

    class Params:
        manual = factory.Trait(review_mode=ReviewMode.MANUAL)
        for_lawyer = factory.Trait(
            group=CertificateGroup.LAWYER,
            applicant_kind=ApplicantKind.LAWYER,
            lawyer_scope=LawyerScope.NONE,
            body=LAWYER_BODY,
        )

    name = factory.Sequence(lambda n: f"测试证明{n + 1}号（律所+部分律师无行业处分）")
    group = CertificateGroup.FIRM
    applicant_kind = ApplicantKind.FIRM
    lawyer_scope = LawyerScope.CHOSEN
    review_mode = ReviewMode.SYSTEM
    body = FIRM_BODY
    active = True


def today():
    from django.utils import timezone

    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def submit(member, certificate_type, **overrides):
    """services.submit with the defaults a member would type; returns (application, created)."""
    kwargs = {
        "submission_token": uuid.uuid4(),
        "start_date": days_ago(365),
        "email": "apply@example.cn",
    }
    kwargs.update(overrides)
    return services.submit(member, certificate_type, **kwargs)


def submitted(member, certificate_type, **overrides):
    return submit(member, certificate_type, **overrides)[0]


# --- HTML -------------------------------------------------------------------------------------


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def squash(text: str) -> str:
    """Text without any whitespace (for comparisons across HTML and PDF line breaks)."""
    return re.sub(r"\s+", "", text)


def page_text(response) -> str:
    return soup(response).get_text(" ", strip=True)


def html_text(html) -> str:
    """The text of an HTML fragment (e.g. a rendered certificate body)."""
    return BeautifulSoup(str(html), "html.parser").get_text()


def field_container(document: BeautifulSoup, name: str):
    """The .mc-field block that holds the input named `name` (its label, widget and errors)."""
    widget = document.find(attrs={"name": name})
    assert widget is not None, f"no widget named {name!r}"
    container = widget.find_parent(class_="mc-field")
    assert container is not None, f"{name!r} is not inside an .mc-field"
    return container


def field_errors(document: BeautifulSoup, name: str) -> list[str]:
    return [p.get_text(strip=True) for p in field_container(document, name).select(".mc-error")]


def all_errors(document: BeautifulSoup) -> list[str]:
    return [p.get_text(strip=True) for p in document.select(".mc-error")]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


# --- PDF --------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_font_names(data: bytes) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names
