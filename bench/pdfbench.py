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
