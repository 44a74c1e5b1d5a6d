"""The Markdown report of a benchmark run (plain Python: no Django needed)."""

import re
from collections import Counter


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def who_label(row: dict) -> str:
    return row.get("account") or row["who"]


def growth(large: dict, small: dict | None) -> str:
    if small is None or "error" in large or "error" in small:
        return "–"
    if large["queries"] == small["queries"]:
        return "no"
    return f"**YES: {small['queries']} → {large['queries']}**"


def shape_diff(large: dict, small: dict) -> list[str]:
    """The query shapes that run more often on the large roster than on the small one."""
    big, little = Counter(large["shapes"]), Counter(small["shapes"])
    lines = []
    for shape in big | little:
        if big[shape] != little[shape]:
            lines.append(f"  - {little[shape]} → {big[shape]} × `{shape[:300]}`")
    return lines


def repeated_cell(row: dict) -> str:
    """Query shapes run 3 times or more in one request: one query per row (N+1) most often."""
    cells = []
    for shape, count in sorted(row["repeated"].items(), key=lambda item: -item[1]):
        table = re.search(r'FROM "?(\w+)"?', shape)
        cells.append(f"**{count}× {table.group(1) if table else shape[:40]}**")
    return ", ".join(cells) or "–"


def pages_table(site: dict, small: dict | None) -> list[str]:
    small_rows = {row["key"]: row for row in (small or {}).get("rows", [])}
    big = f"{site['lawyers']:,}"
    little = f"{small['lawyers']:,}" if small else "–"
    lines = [
        f"| Page | As | Median ms | p95 ms | CPU ms | SQL ms | Queries @ {big} lawyers | Queries @ {little} lawyers "
        f"| Grows with rows | Same query 3+ times | CPU ms @ {little} | Status | KB @ {big} / {little} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---:|",
    ]
    for row in site["rows"]:
        other = small_rows.get(row["key"])
        if other and "error" in other:
            other = None
        label = f"{row['label']} `{row['path']}`"
        if "error" in row:
            lines.append(
                f"| {_cell(label)} | {_cell(who_label(row))} | – | – | – | – | – | – | – | – | – "
                f"| **{_cell(row['error'])}** | – |"
            )
            continue
        status = str(row["status"])
        if row["status"] != 200:
            status = f"**{status}**" + (f" → {row['location']}" if row["location"] else "")
        lines.append(
            f"| {_cell(label)} | {_cell(who_label(row))} | {_ms(row['median_ms'])} | {_ms(row['p95_ms'])} "
            f"| {_ms(row.get('cpu_median_ms'))} | {_ms(row['sql_ms'])} | {row['queries']} | {other['queries'] if other else '–'} "
            f"| {growth(row, other)} | {repeated_cell(row)} | {_ms(other.get('cpu_median_ms')) if other else '–'} "
            f"| {status} | {row['kb']} / {other['kb'] if other else '–'} |"
        )
    return lines


def notes(site: dict, small: dict | None) -> list[str]:
    small_rows = {row["key"]: row for row in (small or {}).get("rows", [])}
    lines = []
    for row in site["rows"]:
        where = f"{row['label']} (`{row['path']}`, {who_label(row)})"
        if "error" in row:
            lines.append(f"- **Error** on {where}: {row['error']}")
            continue
        other = small_rows.get(row["key"])
        if other and "error" not in other and other["queries"] != row["queries"]:
            lines.append(f"- **Query count grows with rows** on {where}:")
            lines.extend(shape_diff(row, other))
        for shape, count in row["repeated"].items():
            lines.append(f"- Repeated query on {where}: {count} × `{shape[:300]}`")
    return lines or ["- No query count grows with rows; no query shape repeats 3 times or more in one request."]


def pdf_table(pdf_time: dict | None, rss: dict) -> list[str]:
    if not pdf_time and not rss:
        return ["(PDF measurements skipped.)"]
    lines = [
        f"| Renderer | First render ms (fresh process) | Median ms ({(pdf_time or {}).get('renders', '–')} renders) "
        "| Renders | RSS before 1st MiB | RSS after 1st MiB | Peak RSS MiB | MiB per render after the 1st |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = {
        "helper": "`portal.pdf.html_to_pdf` (shared FontConfiguration)",
        "plain": "`weasyprint.HTML(string=…).write_pdf()`",
    }
    for key, name in names.items():
        median = (pdf_time or {}).get("median_ms", {}).get(key)
        r = rss.get(key) or {}
        first = r.get("first_ms")
        if "error" in r:
            lines.append(f"| {name} | {_ms(first)} | {_ms(median)} | – | – | – | **{_cell(r['error'])}** | – |")
            continue
        per_render = None
        if r.get("renders", 0) > 1:
            per_render = (r["peak_rss_mib"] - r["rss_after_first_mib"]) / (r["renders"] - 1)
        lines.append(
            f"| {name} | {_ms(first)} | {_ms(median)} | {r.get('renders', '–')} | {_ms(r.get('rss_before_mib'))} "
            f"| {_ms(r.get('rss_after_first_mib'))} | {_ms(r.get('peak_rss_mib'))} | {_ms(per_render)} |"
        )
    return lines


def build(meta: dict, site: dict, small: dict | None, pdf_time: dict | None, rss: dict) -> str:
    versions = site.get("versions", {})
    lines = [
        f"# Benchmark run {meta['date']}",
        "",
        f"- Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), {meta['memory']}, {meta['platform']}; "
        f"1-minute load average {meta['load']}",
        f"- Database: {site['database']} (`{meta['database_kind']}`); Python {versions.get('python')}, "
        f"Django {versions.get('django')}, Wagtail {versions.get('wagtail')}, "
        f"WeasyPrint {(pdf_time or {}).get('weasyprint', '–')}",
        f"- Roster: {site['firms']:,} firms, {site['lawyers']:,} lawyers, {site['discipline_records']} discipline "
        f"records (small run: {small['firms']:,} firms, {small['lawyers']:,} lawyers)"
        if small
        else f"- Roster: {site['firms']:,} firms, {site['lawyers']:,} lawyers, {site['discipline_records']} records",
        f"- Pages: {site['page_tree']}",
        f"- Each page: {site['warmup']} warm-up requests, then {site['requests']} timed requests (median, "
        "nearest-rank p95), then one more request for the query count",
        f"- CJK font: {meta['cjk_font']}",
        f"- Run took {meta['elapsed_s']:.0f} s ({meta['migrate']}; roster and pages {site['generation_s']} s)",
        "",
        "## Pages (server time through the Django test Client)",
        "",
        "Median and p95: wall-clock server time. CPU ms: median CPU time of the benchmark process per request "
        "(includes SQLite's work, not PostgreSQL's). SQL ms: time in the database driver during the request "
        "that counted the queries.",
        "",
        *pages_table(site, small),
        "",
        "## Notes",
        "",
        *notes(site, small),
        "",
        "## PDF",
        "",
        *pdf_table(pdf_time, rss),
        "",
        f"The sample is an A4 page of Chinese text and a table ({(pdf_time or {}).get('pdf_kb', '–')} KB of PDF "
        "with the embedded font subset). Peak RSS is ru_maxrss of a fresh process rendering only that.",
        "",
    ]
    return "\n".join(lines)
