"""bench/exportbench.py measures the real export job and the real inline CSV (a small run here,
so a change to portal.exports that the bench no longer follows shows in the suite)."""

import pytest

from bench import exportbench, report
from certificates.models import LawyerScope
from tests.certificates.helpers import CertificateTypeFactory, submitted
from tests.factories import FirmFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def applications(settings):
    settings.EXPORT_INLINE_LIMIT = 1
    StaffUserFactory(username="bench-admin", superuser=True)
    kind = CertificateTypeFactory(manual=True, lawyer_scope=LawyerScope.NONE)
    for _ in range(3):
        submitted(FirmFactory(), kind)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_job_is_measured(applications, export_format):
    result = exportbench._job(export_format, {})
    assert "error" not in result, result
    assert result["written_rows"] == 3
    assert result["job_queries"] > 0 and result["rss_growth_mib"] >= 0


def test_the_inline_csv_is_measured(applications):
    result = exportbench._inline("csv", {})
    assert result["status"] == 200 and result["file_mib"] >= 0


def test_the_report_has_a_row_per_run():
    exports = {
        "applications": 200000, "firms": 200, "lawyers": 4000, "generation_s": 60.0,
        "runs": [
            {"mode": "job", "format": "csv", "asked_rows": 20000, "rows": 20100, "written_rows": 20100,
             "request_ms": 80.0, "request_queries": 19, "job_s": 5.5, "job_queries": 22, "file_mib": 3.1,
             "rss_growth_mib": 11.4, "python_peak_mib": 6.1},
            {"mode": "inline", "format": "csv", "asked_rows": 20000, "rows": 20100, "inline_s": 4.8,
             "inline_queries": 5, "file_mib": 3.1, "rss_growth_mib": 11.6},
            {"mode": "job", "format": "xlsx", "asked_rows": 200000, "error": "step failed (exit 1)"},
        ],
    }  # fmt: skip
    lines = report.export_lines(exports)
    assert "| job csv | 20,100 | 80 ms, 19 q | 5.5 s | 22 | 3.1 MiB | 11.4 MiB | 6.1 MiB |" in lines
    assert "| inline, streamed csv | 20,100 | – | 4.8 s | 5 | 3.1 MiB | 11.6 MiB | – |" in lines
    assert any("step failed" in line for line in lines)
