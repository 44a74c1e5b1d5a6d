"""A PDF job worker's memory (docs/benchmarks.md, "A PDF worker's memory"): what it must not hold."""

import os
import subprocess
import sys
import tracemalloc

from django.conf import settings

from portal.pdf import html_to_pdf

from .test_pdf import CJK_FONT, fonts_of

# The smaller of the two Noto CJK collections a certificate uses is 19 MB (Sans), the Serif 26 MB.
WHOLE_FONT_FILE = 19 * 1024 * 1024


def certificate_like_html() -> str:
    return (
        f'<html lang="zh-hans"><head><style>html {{ font-family: {settings.PDF_FONT_FAMILY}; }}'
        "h1 { font-weight: 700; }</style></head>"
        "<body><h1>广州市律师协会</h1><p>兹证明张三律师在广东广信律师事务所执业。</p></body></html>"
    )


def test_a_pdf_render_copies_no_whole_font_file():
    html = certificate_like_html()
    html_to_pdf(html)  # the fonts loaded, the stylesheet parsed

    tracemalloc.start()
    try:
        pdf = html_to_pdf(html)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    fonts = fonts_of(pdf)
    assert len(fonts) == 2 and all(CJK_FONT.search(name) and embedded for name, embedded in fonts.items()), fonts
    assert peak < WHOLE_FONT_FILE, f"{peak / 2**20:.1f} MiB held during one render"


def test_starting_django_as_the_job_worker_does_not_load_pinyin_dictionaries():
    # pypinyin's dictionaries are ~57 MiB: only the pages that search or sort by pinyin need them.
    code = (
        "import sys, django; django.setup(); "
        "import certificates.tasks, portal.printing, member_center.roster_search, certificates.services; "
        "print('pypinyin' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
