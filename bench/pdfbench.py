"""PDF rendering: the portal's helper (one shared FontConfiguration) against plain WeasyPrint.

Each function runs in its own worker process, so the peak RSS it reports belongs to PDF
rendering alone and not to building a 20k-lawyer roster.
"""

import resource
import statistics
import time

import weasyprint
from django.conf import settings
from django.utils.html import escape

from portal.pdf import html_to_pdf


def sample_html() -> str:
    """An A4 page in Chinese, like the certificates the portal issues."""
    rows = "".join(
        f"<tr><td>{n}</td><td>202{n % 6}年度</td><td>广州市律师协会第{n}期执业培训</td><td>{8 + n % 5}学时</td></tr>"
        for n in range(1, 13)
    )
    return f"""<!DOCTYPE html>
<html lang="zh-hans"><head><meta charset="utf-8"><title>无行业处分证明</title>
<style>
  @page {{ size: A4; margin: 25mm 20mm; @bottom-center {{ content: "第 " counter(page) " 页"; }} }}
  body {{ font-family: {escape(settings.PDF_FONT_FAMILY)}; font-size: 12pt; line-height: 1.7; }}
  h1 {{ text-align: center; font-size: 22pt; letter-spacing: 0.3em; }}
  table {{ width: 100%; border-collapse: collapse; margin-top: 1em; }}
  td, th {{ border: 0.5pt solid #333; padding: 3pt 6pt; }}
  .seal {{ margin-top: 3em; text-align: right; }}
</style></head>
<body>
  <h1>无行业处分证明</h1>
  <p>编号：GZLX-2026-000123</p>
  <p>兹证明张晓东律师（执业证号：14401201800012345，身份证号：440104********1234），系广东君合律师事务所
  执业律师，自2018年取得律师执业证书以来，截至本证明出具之日，未受到广州市律师协会的行业处分。</p>
  <p>本证明仅用于证明上述事实，有效期为自出具之日起三个月。如需核实，请拨打会员服务热线 020-83550600，
  或登录广州市律师协会会员服务平台扫描二维码查验。</p>
  <table><thead><tr><th>序号</th><th>年度</th><th>培训项目</th><th>学时</th></tr></thead><tbody>{rows}</tbody></table>
  <p class="seal">广州市律师协会<br>二〇二六年十一月二十二日</p>
</body></html>"""


def plain_pdf(html: str) -> bytes:
    # What a view would do without the helper: WeasyPrint makes a new FontConfiguration each time.
    return weasyprint.HTML(string=html).write_pdf()


RENDERERS = {"helper": html_to_pdf, "plain": plain_pdf}


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def render_times(renders: int) -> dict:
    """Median warm render time of each renderer, alternating them so neither gets a quieter machine.

    One render of each first, untimed: the cold start is measured by peak_rss() in a fresh process.
    """
    html = sample_html()
    size = len(html_to_pdf(html))
    plain_pdf(html)
    times = {name: [] for name in RENDERERS}
    for _ in range(renders):
        for name, render in RENDERERS.items():
            start = time.perf_counter()
            render(html)
            times[name].append(time.perf_counter() - start)
    return {
        "renders": renders,
        "pdf_kb": round(size / 1024, 1),
        "median_ms": {name: round(statistics.median(t) * 1000, 1) for name, t in times.items()},
    }


def peak_rss(renderer: str, renders: int) -> dict:
    html = sample_html()
    render = RENDERERS[renderer]
    before = max_rss_mib()
    start = time.perf_counter()
    render(html)
    first_ms = (time.perf_counter() - start) * 1000
    after_first = max_rss_mib()
    start = time.perf_counter()
    for _ in range(renders - 1):
        render(html)
    return {
        "renderer": renderer,
        "renders": renders,
        "first_ms": round(first_ms, 1),
        "rss_before_mib": round(before, 1),
        "rss_after_first_mib": round(after_first, 1),
        "peak_rss_mib": round(max_rss_mib(), 1),
        "rss_now_mib": round(current_rss_mib(), 1),
        "seconds": round(time.perf_counter() - start, 1),
    }


# --- electronic certificates: the portal's real document ----------------------------------------
#
# certificates.tasks.render_certificate_pdf renders render_pdf("certificates/certificate_pdf.html",
# certificate_pdf_context(application)) once per issued application. These functions time that
# path on stored applications, without storing the file.

CERTIFICATE_TEMPLATE = "certificates/certificate_pdf.html"
ROSTER_LAWYERS = 300


def issued_applications(count: int) -> list[int]:
    """Primary keys of `count` issued applications spread over the table (all kinds of types).
    Chosen in the database: a list of every issued pk would add ~18 MiB to the peak RSS measured."""
    from django.db.models.functions import Mod

    from certificates.models import ApplicationState, CertificateApplication

    issued = CertificateApplication.objects.filter(state=ApplicationState.PASSED)
    step = max(1, issued.count() // max(count, 1))
    chosen = list(issued.alias(m=Mod("pk", step)).filter(m=0).order_by("pk").values_list("pk", flat=True)[:count])
    if len(chosen) < count:
        chosen += list(issued.exclude(pk__in=chosen).order_by("pk").values_list("pk", flat=True)[: count - len(chosen)])
    return (chosen * (count // max(len(chosen), 1) + 1))[:count]


def load_application(pk: int):
    """As the job loads it."""
    from certificates.models import CertificateApplication

    return CertificateApplication.objects.select_related("certificate_type").get(pk=pk)


def certificate_html(application) -> str:
    """The HTML render_pdf() hands WeasyPrint for this application."""
    from django.template.loader import render_to_string

    from certificates.rendering import certificate_pdf_context
    from portal.pdf import pdf_context

    return render_to_string(CERTIFICATE_TEMPLATE, pdf_context(certificate_pdf_context(application)))


def portal_certificate_pdf(application) -> bytes:
    """The job's render: context (QR code, seal), template and WeasyPrint with the shared fonts."""
    from certificates.rendering import certificate_pdf_context
    from portal.pdf import render_pdf

    return render_pdf(CERTIFICATE_TEMPLATE, certificate_pdf_context(application))


def plain_certificate_pdf(html: str) -> bytes:
    """WeasyPrint on the same HTML without the portal's shared FontConfiguration. It gets the
    portal's base URL and URL fetcher, so the stylesheet and the seal load as in the portal's
    render: without them (HTML(string=html) alone) the relative /static/ and /media/ URLs do not
    resolve, and the document is rendered unstyled and without its seal."""
    from django_weasyprint.utils import DjangoURLFetcher

    from portal.pdf import BASE_URL

    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=DjangoURLFetcher()).write_pdf()


def pdf_pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def roster_application():
    """An issued 附全体律师名单 certificate of the measured firm, its roster extended to 300
    practising lawyers: the synthetic roster's largest firm has about 33, a large real firm 300."""
    from certificates.models import ApplicationState, CertificateApplication
    from member_center.models import Lawyer, RosterStatus

    application = (
        CertificateApplication.objects.select_related("certificate_type")
        .filter(state=ApplicationState.PASSED, certificate_type__appends_roster=True, applicant_firm__isnull=False)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if application is None:
        return None
    roster = list(application.snapshot.get("roster") or [])
    taken = {entry["licence_no"] for entry in roster}
    extra = (
        Lawyer.objects.filter(status=RosterStatus.PRACTISING)
        .exclude(licence_no__in=taken)
        .order_by("pk")
        .values("name", "licence_no")[: max(0, ROSTER_LAWYERS - len(roster))]
    )
    roster = sorted([*roster, *extra], key=lambda entry: (entry["name"], entry["licence_no"]))[:ROSTER_LAWYERS]
    application.snapshot = {**application.snapshot, "roster": roster}
    return application


def certificate_times(renders: int, roster_renders: int) -> dict:
    """Median times per certificate, alternating the renderers over `renders` different issued
    applications: the HTML alone, the portal's whole render, plain WeasyPrint on the same HTML.
    Then the 300-lawyer roster certificate through the portal's path."""
    applications = [load_application(pk) for pk in issued_applications(renders)]
    if not applications:
        return {"error": "no issued certificate in the database"}
    first = portal_certificate_pdf(applications[0])  # untimed: fonts loaded, templates compiled
    plain_certificate_pdf(certificate_html(applications[0]))
    times = {"html": [], "portal": [], "plain": []}
    sizes, pages = [], []
    for application in applications:
        start = time.perf_counter()
        html = certificate_html(application)
        times["html"].append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = portal_certificate_pdf(application)
        times["portal"].append(time.perf_counter() - start)
        start = time.perf_counter()
        plain_certificate_pdf(html)
        times["plain"].append(time.perf_counter() - start)
        sizes.append(len(pdf))
        pages.append(pdf_pages(pdf))
    result = {
        "renders": len(applications),
        "types": len({a.certificate_type_id for a in applications}),
        "median_ms": {name: round(statistics.median(t) * 1000, 1) for name, t in times.items()},
        "pdf_kb": round(statistics.median(sizes) / 1024, 1),
        "pages": [min(pages), max(pages)],
        "first_kb": round(len(first) / 1024, 1),
    }
    application = roster_application()
    if application is not None:
        roster_times = []
        for _ in range(roster_renders):
            start = time.perf_counter()
            pdf = portal_certificate_pdf(application)
            roster_times.append(time.perf_counter() - start)
        result["roster"] = {
            "lawyers": len(application.snapshot["roster"]),
            "renders": roster_renders,
            "median_ms": round(statistics.median(roster_times) * 1000, 1),
            "pages": pdf_pages(pdf),
            "pdf_kb": round(len(pdf) / 1024, 1),
            "type": application.certificate_type.name,
        }
    return result


def certificate_peak_rss(renderer: str, renders: int) -> dict:
    """A worker's memory over `renders` consecutive certificates, each a different application
    loaded as the job loads it, in this fresh process."""
    pks = issued_applications(renders)
    if not pks:
        return {"error": "no issued certificate in the database"}

    def render(pk):
        application = load_application(pk)
        if renderer == "helper":
            return portal_certificate_pdf(application)
        if renderer == "signed":
            return signed_certificate_pdf(application)
        return plain_certificate_pdf(certificate_html(application))

    before = max_rss_mib()
    start = time.perf_counter()
    render(pks[0])
    first_ms = (time.perf_counter() - start) * 1000
    after_first = max_rss_mib()
    start = time.perf_counter()
    checkpoints = {}
    for n, pk in enumerate(pks[1:], start=2):
        render(pk)
        if n in (10, 30, 100):
            checkpoints[n] = round(max_rss_mib(), 1)
    return {
        "renderer": renderer,
        "renders": len(pks),
        "first_ms": round(first_ms, 1),
        "rss_before_mib": round(before, 1),
        "rss_after_first_mib": round(after_first, 1),
        "peak_rss_mib": round(max_rss_mib(), 1),
        "rss_now_mib": round(current_rss_mib(), 1),
        "checkpoints": checkpoints,
        "seconds": round(time.perf_counter() - start, 1),
    }


# --- signed certificates (certificates.signing) ------------------------------------------------------


def rendered_for_signing(application) -> tuple[bytes, object]:
    """The job's render with the stamp's box kept, and where that box is."""
    from certificates import signing
    from certificates.rendering import SIGNATURE_STAMP_ID, certificate_pdf_context
    from portal.pdf import render_pdf

    positions = {}
    pdf = render_pdf(CERTIFICATE_TEMPLATE, certificate_pdf_context(application, signed=True), positions=positions)
    return pdf, signing.StampBox(*positions[SIGNATURE_STAMP_ID])


def signed_certificate_pdf(application) -> bytes:
    """What the job stores: rendered, then signed."""
    from certificates import signing

    pdf, stamp = rendered_for_signing(application)
    return signing.sign_issued_certificate(pdf, stamp, number=application.number).data


def signing_times(renders: int) -> dict:
    """Signing's added time per certificate: the signature alone (pyHanko: the incremental
    update, the visible stamp, the CMS signature), timed on `renders` different certificates;
    and the upload check of a signed file (certificates.verification.check_pdf)."""
    from certificates import signing, verification

    applications = [load_application(pk) for pk in issued_applications(renders)]
    if not applications:
        return {"error": "no issued certificate in the database"}
    start = time.perf_counter()
    pdf, stamp = rendered_for_signing(applications[0])
    signing.sign_certificate_pdf(pdf, stamp)  # the first: key loaded, stamp font cut
    first_ms = (time.perf_counter() - start) * 1000
    sign_times, check_times, added = [], [], []
    for application in applications:
        pdf, stamp = rendered_for_signing(application)
        start = time.perf_counter()
        signed = signing.sign_issued_certificate(pdf, stamp, number=application.number).data
        sign_times.append(time.perf_counter() - start)
        added.append(len(signed) - len(pdf))
        start = time.perf_counter()
        verification.check_pdf(signed)
        check_times.append(time.perf_counter() - start)
    return {
        "renders": len(applications),
        "first_with_render_ms": round(first_ms, 1),
        "sign_median_ms": round(statistics.median(sign_times) * 1000, 1),
        "sign_max_ms": round(max(sign_times) * 1000, 1),
        "check_median_ms": round(statistics.median(check_times) * 1000, 1),
        "added_kb": round(statistics.median(added) / 1024, 1),
    }
