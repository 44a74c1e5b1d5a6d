"""A whole profile as the 个人档案 page and 《律师基本信息登记表》 show it (manual 002 §3.1,
§3.2.3): one context for the page, step 6 and the PDF, so the three never disagree."""

import base64
import posixpath

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import services
from .display import EMPTY, display_value
from .models import Profile
from .sections import PREFETCH_ALL, SECTIONS
from .steps import STEPS_BY_KEY

EDUCATION_PENDING = "（根据教育经历设置）"
# The last 登记表 printed for each profile, in private storage: it holds the photo and the ID
# number, so never in the shared cache (Redis is neither private nor backed up as such).
REGISTER_PDF_FOLDER = "profiles/register-pdf"


def loaded_profile(profile: Profile) -> Profile:
    """The profile again with its lawyer, firm and every section's entries in a fixed number of
    queries, whatever the number of entries."""
    return (
        Profile.objects.select_related("lawyer__firm", "lawyer__account")
        .prefetch_related(*PREFETCH_ALL)
        .get(pk=profile.pk)
    )


def field_rows(instance, names) -> list[dict]:
    return [
        {"label": instance.field_label(name), "value": display_value(instance, name)}
        for name in names
        if name != "photo"
    ]


def roster_rows(profile: Profile) -> list[dict]:
    """执业信息 (step 1): the roster's data, read-only. The owner (and staff) see the full ID number."""
    lawyer = profile.lawyer
    return [
        {"label": "姓名", "value": lawyer.name},
        {"label": "性别", "value": lawyer.get_gender_display() or EMPTY},
        {"label": "主管机关", "value": lawyer.authority or EMPTY},
        {"label": "执业类别", "value": lawyer.get_practice_type_display() or EMPTY},
        {"label": "执业机构", "value": lawyer.firm.name if lawyer.firm else EMPTY},
        {"label": "所内身份", "value": lawyer.get_firm_role_display() or EMPTY},
        {"label": "执业证号", "value": lawyer.licence_no},
        {"label": "身份证号", "value": lawyer.id_number},
    ]


def register_table(profile: Profile) -> dict:
    """The values of 律师基础信息登记表 (step 6, 个人档案, the PDF), by their labels in the manual."""
    lawyer = profile.lawyer
    birth = profile.birth_date
    return {
        "姓名": lawyer.name,
        "身份证号": lawyer.id_number,
        "执业机构": lawyer.firm.name if lawyer.firm else EMPTY,
        "执业类别": lawyer.get_practice_type_display() or EMPTY,
        "执业证号": lawyer.licence_no,
        "资格证号": display_value(profile, "qualification_no"),
        "首次执业时间": display_value(profile, "first_practised_on"),
        "性别": lawyer.get_gender_display() or EMPTY,
        "民族": display_value(profile, "ethnicity"),
        "出生年月": f"{birth.year}年{birth.month}月" if birth else EMPTY,
        "籍贯": display_value(profile, "native_place"),
        "学历": profile.highest_education or EMPTY,
        "政治面貌": display_value(profile, "political_status"),
        "联系地址": display_value(profile, "address"),
        "邮编": display_value(profile, "postcode"),
        "电子邮箱": display_value(profile, "email"),
        "手机号码": display_value(profile, "mobile"),
    }


def section_blocks(profile: Profile, all_fields: bool = False) -> list[dict]:
    """The twelve sections with their entries (prefetched) or their status (已填报为无 / 待填写):
    the list columns for the member's page and the PDF, every field for staff (`all_fields`)."""
    blocks = []
    for section in SECTIONS:
        entries = list(section.entries(profile))
        names = section.fields if all_fields else section.list_fields
        headers = [section.model._meta.get_field(name).verbose_name for name in names]
        blocks.append(
            {
                "section": section,
                "label": section.label,
                "headers": headers,
                # Each cell carries its header too: on phones a row becomes a card of label: value.
                "rows": [
                    [
                        {"label": header, "value": display_value(entry, name)}
                        for header, name in zip(headers, names, strict=True)
                    ]
                    for entry in entries
                ],
                "status": services.section_status(profile, section, count=len(entries)),
            }
        )
    return blocks


def record_context(profile: Profile) -> dict:
    """Everything the 个人档案 page and the PDF show; `profile` should come from loaded_profile."""
    return {
        "profile": profile,
        "lawyer": profile.lawyer,
        "roster_rows": roster_rows(profile),
        "register": register_table(profile),
        "basic_rows": field_rows(profile, STEPS_BY_KEY["basic"].fields),
        "practice_rows": field_rows(profile, STEPS_BY_KEY["practice_detail"].fields),
        "contact_rows": field_rows(profile, STEPS_BY_KEY["contact"].fields),
        "education_label": profile.highest_education or EDUCATION_PENDING,
        "section_blocks": section_blocks(profile),
        "state_label": services.register_state_label(profile),
        "basic_status": services.basic_status(profile),
    }


def photo_url(profile: Profile) -> str:
    """The photo view's URL, versioned by the stored name so a browser shows a new photo at once."""
    if not profile.photo:
        return ""
    version = posixpath.splitext(posixpath.basename(profile.photo.name))[0]
    return f"{reverse('profiles:photo')}?v={version}"


def photo_data_uri(profile: Profile) -> str:
    """The photo inline, so the PDF renderer never fetches a private file over a URL."""
    if not profile.photo:
        return ""
    try:
        with profile.photo.open("rb") as photo:
            data = photo.read()
    except FileNotFoundError:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def register_html(profile: Profile) -> tuple[str, str]:
    """The 登记表's folder and HTML as the profile is now: the 登记表 with its photo, then every
    section, with the state printed on it (尚未提交审核 / 材料审核中 / 审核通过) and the print date.
    Rendering the HTML takes milliseconds; laying it out is the worker's (portal.printing)."""
    profile = loaded_profile(profile)
    context = record_context(profile)
    context["photo_src"] = photo_data_uri(profile)
    context["printed_on"] = timezone.localdate()
    # portal.pdf's pdf_context, without importing WeasyPrint into the web process.
    context["pdf_font_family"] = settings.PDF_FONT_FAMILY
    return f"{REGISTER_PDF_FOLDER}/{profile.pk}", render_to_string("profiles/register_pdf.html", context)


def render_register_pdf(profile: Profile) -> bytes:
    """《律师基本信息登记表》 as A4 PDF bytes, laid out now (the worker, and the benchmark): the
    last PDF of each profile is kept in private storage under a hash of its HTML, so printing an
    unchanged record again costs only the HTML, and any change (an entry, the photo, the state,
    the date) makes a new file and removes the old one."""
    from portal.printing import render_now

    return render_now(*register_html(profile))
