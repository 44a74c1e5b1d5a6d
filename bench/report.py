"""The Markdown report of a benchmark run (plain Python: no Django needed)."""

import math
import re
from collections import Counter


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct% of the values at or below it.
    Here, not in bench.measure, so the load run's client (no Django) uses the same one."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


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


RACE_NOT_RUN = (
    "not run: the bench database is SQLite, whose select_for_update does nothing and which refuses a "
    "second concurrent writer (services.BUSY); concurrent writers on SQLite are another issue's work. "
    "Set BENCH_DATABASE_URL to a PostgreSQL database to run it."
)


# A query this slow in the counted request is named under Notes.
SLOW_QUERY_MS = 50


def _short_sql(shape: str) -> str:
    """The query with its column list shortened: the FROM and WHERE are what matter."""
    head, sep, tail = shape.partition(" FROM ")
    if sep and len(head) > 120:
        head = head[:100] + " …"
    return (head + sep + tail)[:600].replace("`", "'")


def repeated_cell(row: dict) -> str:
    """Query shapes run 3 times or more in one request: one query per row (N+1) most often."""
    cells = []
    for shape, count in sorted(row["repeated"].items(), key=lambda item: -item[1]):
        table = re.search(r'FROM "?(\w+)"?', shape)
        cells.append(f"**{count}× {table.group(1) if table else shape[:40]}**")
    return ", ".join(cells) or "–"


def _rows(site: dict, section: str) -> list[dict]:
    return [row for row in site["rows"] if row.get("section", "pages") == section]


def _median_cell(row: dict, requests: int | None) -> str:
    cell = _ms(row["median_ms"])
    if requests and row.get("requests", requests) < requests:
        cell += f" (n={row['requests']})"  # stopped at its time budget
    return cell


def pages_table(site: dict, small: dict | None, section: str = "pages") -> list[str]:
    small_rows = {row["key"]: row for row in (small or {}).get("rows", [])}
    if section == "certificates":
        big = f"{site['certificates']['applications']:,} applications"
        little = (
            f"{small['certificates']['applications']:,} applications" if small and small.get("certificates") else "–"
        )
    elif section == "profiles":
        big = f"{site['profiles']['profiles']:,} profiles"
        little = f"{small['profiles']['profiles']:,} profiles" if small and small.get("profiles") else "–"
    elif section == "tickets":
        big = f"{site['tickets']['tickets']:,} tickets"
        little = f"{small['tickets']['tickets']:,} tickets" if small and small.get("tickets") else "–"
    elif section == "cards":
        big = f"{site['cards']['applications']:,} applications"
        little = f"{small['cards']['applications']:,} applications" if small and small.get("cards") else "–"
    elif section == "documents":
        big = f"{site['documents']['documents']:,} documents"
        little = f"{small['documents']['documents']:,} documents" if small and small.get("documents") else "–"
    elif section == "activities":
        big = f"{site['activities']['signups']:,} sign-ups"
        little = f"{small['activities']['signups']:,} sign-ups" if small and small.get("activities") else "–"
    elif section == "messages":
        big = f"{site['messages']['notifications']:,} messages"
        little = f"{small['messages']['notifications']:,} messages" if small and small.get("messages") else "–"
    else:
        big = f"{site['lawyers']:,} lawyers"
        little = f"{small['lawyers']:,} lawyers" if small else "–"
    short_little = little.split()[0]
    lines = [
        f"| Page | As | Median ms | p95 ms | CPU ms | SQL ms | Queries @ {big} | Queries @ {little} "
        f"| Grows with rows | Same query 3+ times | CPU ms @ {short_little} | Status | KB @ {big.split()[0]} / {short_little} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---:|",
    ]
    for row in _rows(site, section):
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
            f"| {_cell(label)} | {_cell(who_label(row))} | {_median_cell(row, site.get('requests'))} | {_ms(row['p95_ms'])} "
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
        for query in row.get("slowest", []):
            if query["ms"] >= SLOW_QUERY_MS:
                lines.append(f"- Slow query on {where}: {query['ms']:,.1f} ms `{_short_sql(query['shape'])}`")
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


def certificate_pdf_table(cert_pdf: dict) -> list[str]:
    if not cert_pdf:
        return ["(Certificate PDF measurements skipped: no applications, or --no-pdf.)"]
    timing = cert_pdf.get("time") or {}
    lines = []
    if "error" in timing:
        lines += [f"**Certificate render times: {_cell(timing['error'])}**", ""]
    elif timing:
        median = timing["median_ms"]
        lines += [
            f"Render time per certificate: median over {timing['renders']} different issued applications "
            f"({timing['types']} types), the renderers alternating, in one warm process. The PDFs are "
            f"{timing['pdf_kb']} KB (median), {timing['pages'][0]}–{timing['pages'][1]} page(s).",
            "",
            "| Render | Median ms |",
            "|---|---:|",
            f"| HTML only: `certificate_pdf_context()` (QR code, seal) + the template | {_ms(median['html'])} |",
            f'| Portal path: `portal.pdf.render_pdf("certificates/certificate_pdf.html", certificate_pdf_context(a))` '
            f"| {_ms(median['portal'])} |",
            f"| Plain `weasyprint.HTML(string=<same HTML>, base_url, url_fetcher).write_pdf()` | {_ms(median['plain'])} |",
        ]
        roster = timing.get("roster")
        if roster:
            lines.append(
                f"| Roster certificate ({_cell(roster['type'])}, {roster['lawyers']} lawyers: {roster['pages']} pages, "
                f"{roster['pdf_kb']} KB), portal path, median of {roster['renders']} | {_ms(roster['median_ms'])} |"
            )
        lines.append("")
    signing = cert_pdf.get("signing") or {}
    if "error" in signing:
        lines += [f"**Signing times: {_cell(signing['error'])}**", ""]
    elif signing:
        lines += [
            f"Signing (certificates.signing, pyHanko PAdES B-B, ECDSA P-256, visible stamp), over "
            f"{signing['renders']} different certificates: median {_ms(signing['sign_median_ms'])} ms added per "
            f"certificate (max {_ms(signing['sign_max_ms'])} ms; the process's first render + signature "
            f"{_ms(signing['first_with_render_ms'])} ms), {signing['added_kb']} KB added to the file; the upload "
            f"check of a signed file (`verification.check_pdf`) {_ms(signing['check_median_ms'])} ms.",
            "",
        ]
    names = {
        "helper": "Portal path (`render_pdf`, shared FontConfiguration)",
        "signed": "Portal path, then signed (what the job stores)",
        "plain": "Plain WeasyPrint (a new FontConfiguration each render)",
    }
    lines += [
        "A worker's memory: a fresh process renders consecutive certificates, each a different issued "
        "application loaded as the job loads it. Peak RSS is ru_maxrss.",
        "",
        "| Renderer | Renders | First render ms | RSS before 1st MiB | RSS after 1st MiB | Peak after 10 / 30 / 100 MiB "
        "| Peak RSS MiB | MiB per render after the 1st |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for key, name in names.items():
        r = cert_pdf.get(key)
        if not r:
            continue
        if "error" in r:
            lines.append(f"| {name} | – | – | – | – | – | **{_cell(r['error'])}** | – |")
            continue
        per_render = None
        if r.get("renders", 0) > 1:
            per_render = (r["peak_rss_mib"] - r["rss_after_first_mib"]) / (r["renders"] - 1)
        marks = r.get("checkpoints", {})
        checkpoints = " / ".join(_ms(marks.get(str(n), marks.get(n))) for n in (10, 30, 100))
        lines.append(
            f"| {name} | {r['renders']} | {_ms(r['first_ms'])} | {_ms(r['rss_before_mib'])} "
            f"| {_ms(r['rss_after_first_mib'])} | {checkpoints} | {_ms(r['peak_rss_mib'])} | {_ms(per_render)} |"
        )
    return lines


def certificates_line(site: dict, small: dict | None) -> str:
    made = site.get("certificates")
    if not made:
        return "- Certificates: none (`--applications 0`)"
    measured = made["measured"]
    states = ", ".join(f"{label} {n:,}" for label, n in made["states"].items())
    small_made = (small or {}).get("certificates")
    return (
        f"- Certificates: {made['applications']:,} applications ({states}); the measured firm has "
        f"{measured['firm_applications']}, the lawyer {measured['lawyer_applications']}; {made['emails']} e-mails; "
        f"{made['types']} types; generated in {made['generation_s']} s"
        + (f" (small run: {small_made['applications']:,} applications)" if small_made else "")
    )


def messages_line(site: dict, small: dict | None) -> str:
    made = site.get("messages")
    if not made:
        return "- 消息: none"
    small_made = (small or {}).get("messages")
    return (
        f"- 消息: {made['notifications']:,} for {made['accounts']:,} accounts; the measured lawyer has "
        f"{made['measured']['messages']} ({made['measured']['unread']} unread); generated in {made['generation_s']} s"
        + (f" (small run: {small_made['notifications']:,} messages)" if small_made else "")
    )


def profiles_line(site: dict, small: dict | None) -> str:
    made = site.get("profiles")
    if not made:
        return "- Lawyer profiles: none"
    states = ", ".join(f"{label} {n:,}" for label, n in made["states"].items())
    measured = made["measured"]
    small_made = (small or {}).get("profiles")
    return (
        f"- Lawyer profiles: {made['profiles']:,} ({states}), {made['entries']:,} section entries, "
        f"{made['changes']:,} changes; the measured lawyer's and the reviewed profile have {measured['rich_entries']} "
        f"entries in each section; generated in {made['generation_s']} s"
        + (
            f" (small run: {small_made['profiles']:,} profiles, {small_made['entries']:,} entries)"
            if small_made
            else ""
        )
    )


def activities_line(site: dict, small: dict | None) -> str:
    made = site.get("activities")
    if not made:
        return "- 活动报名: none (`--activities 0`)"
    states = ", ".join(f"{label} {n:,}" for label, n in made["states"].items())
    small_made = (small or {}).get("activities")
    return (
        f"- 活动报名: {made['activities']:,} activities (pages {made['pages_s']} s), {made['signups']:,} sign-ups "
        f"({states}), {made['records']:,} 培训记录; the measured lawyer has {made['measured']['lawyer_signups']} "
        f"sign-ups and {made['measured']['lawyer_records']} records; generated in {made['generation_s']} s"
        + (
            f" (small run: {small_made['activities']:,} activities, {small_made['signups']:,} sign-ups)"
            if small_made
            else ""
        )
    )


def race_lines(race: dict | None) -> list[str]:
    """The never-oversold run: counts and the sign-up latency."""
    if race is None:
        return ["(Not run: `--race 0`.)"]
    if "skipped" in race:
        return [f"Concurrent sign-ups {race['skipped']}"]
    if "error" in race:
        return [f"**Concurrent sign-ups: {_cell(race['error'])}**"]
    verdict = "**OVERSOLD**" if race["oversold"] else "not oversold"
    lines = [
        f"{race['attempts']} sign-ups from distinct lawyers released together from {race['threads']} threads (each its "
        f"own connection) at a {race['seats']}-seat activity; every other one asks for the waiting list when full. "
        f"Latency: `services.sign_up` from call to return, the wait for the activity's lock (lock_timeout "
        f"{race['lock_timeout']}) included.",
        "",
        "| Signed up | Waiting list | Refused (full) | Busy (lock timeout) | Errors | In the database: signed up / "
        "waiting | Ledger taken | p50 ms | p99 ms | max ms | Wall s |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
        f"| {race['signed_up']} | {race['waiting']} | {race['refused']} | {race['busy']} | {race['errors']} "
        f"| {race['db_signed_up']} / {race['db_waiting']} ({verdict}) | {race['ledger_taken']} | {_ms(race['p50_ms'])} "
        f"| {_ms(race['p99_ms'])} | {_ms(race['max_ms'])} | {race['wall_s']} |",
    ]
    if race.get("error_samples"):
        lines += ["", *(f"- Error: {_cell(e)}" for e in race["error_samples"])]
    return lines


def profile_pdf_table(profile_pdf: dict | None) -> list[str]:
    if not profile_pdf:
        return ["(登记表 PDF skipped: --no-pdf.)"]
    if "error" in profile_pdf:
        return [f"**《律师基本信息登记表》: {_cell(profile_pdf['error'])}**"]
    lines = [
        "《律师基本信息登记表》 through `member_center.profiles.rendering.render_register_pdf(profile)`, the profile "
        "loaded afresh for each render as the view does; median of "
        f"{profile_pdf['renders']} renders after an untimed one. HTML only: the same context and template through "
        "`render_to_string`, without WeasyPrint.",
        "",
        "| Profile | Entries | Pages | KB | HTML only, median ms | Whole render, median ms | Min ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    names = {
        "rich": "the measured lawyer's (15 in every section, photo)",
        "typical": "a typical approved one (median entries of 50; no photo file)",
    }
    for key, name in names.items():
        r = profile_pdf.get(key)
        if not r:
            continue
        lines.append(
            f"| {name} | {r['entries']} | {r['pages']} | {r['pdf_kb']} | {_ms(r['html_ms'])} "
            f"| {_ms(r['median_ms'])} | {_ms(r['min_ms'])} |"
        )
    return lines


def data_lines(site: dict) -> list[str]:
    """What a load step loaded (bench/loadrun.py on its own), as the report's header says it."""
    return [
        f"- Roster: {site['firms']:,} firms, {site['lawyers']:,} lawyers, {site['discipline_records']} records",
        certificates_line(site, None),
        profiles_line(site, None),
        messages_line(site, None),
        activities_line(site, None),
        f"- 工单 {(site.get('tickets') or {}).get('tickets', 0):,}, 会员卡申请 {(site.get('cards') or {}).get('applications', 0):,}, "
        f"公文 {(site.get('documents') or {}).get('documents', 0):,}; pages: {site['page_tree']}",
    ]


def load_lines(load: dict | None) -> list[str]:
    """The load run's section (bench/loadrun.py)."""
    if load is None:
        return ["(Not run: `--load-minutes 0`.)"]
    if "error" in load:
        return [f"**Load run: {_cell(load['error'])}**"]
    accounts = ", ".join(f"{n} {who}" for who, n in sorted(load["accounts"].items(), key=lambda item: -item[1]))
    states = ", ".join(f"{state} {n}" for state, n in sorted(load["profile_states"].items(), key=lambda item: -item[1]))
    errors = ", ".join(f"{kind}: {n}" for kind, n in load["errors"].items())
    overall, server, cpu = load["overall"], load["overall_server"], load["cpu"]
    rss = load["rss"]
    bound = load["rss_bound_mib"]
    if load["ok"]:
        verdict = f"**Passed**: no error; every worker's RSS within +{bound} MiB of its size after the warm-up."
    else:
        verdict = "**FAILED**: " + "; ".join(load["failures"]) + "."
    lines = [
        verdict,
        "",
        f"- Server: `{load['gunicorn']}`, settings `{load['settings']}` (bench.settings, DEBUG off; an active "
        f"session's last-seen time written every {load['session_seen_write_s']} s, as in production); no job worker "
        "(no member page enqueues a job)",
        f"- Database: {load['database']}",
        *load.get("data", []),
        f"- Sessions: {load['sessions']} ({accounts}; their profiles: {states or 'none'}), made with SessionStore "
        f"(not the login form), each looping over its own member pages, {len(load['pages'])} kinds in all; think time "
        f"{load['think_s'] * 0.5:g}–{load['think_s'] * 1.5:g} s after each request",
        f"- Duration: {load['duration_s']:,.0f} s, the first {load['warmup_s']:.0f} s warm-up (its requests count for "
        f"errors, not for the latency; the RSS baseline is taken at its end); 1-minute load average {load['load']}",
        f"- Requests: {load['requests']:,} ({load['requests_after_warmup']:,} after the warm-up), "
        f"{load['throughput_rps']} a second ({load['throughput_after_warmup_rps']} after the warm-up); "
        f"**errors: {sum(load['errors'].values())}**"
        + (f" ({errors})" if errors else "")
        + (
            f"; {load['keepalive_retries']} GETs resent after a kept-alive connection closed"
            if load["keepalive_retries"]
            else ""
        ),
        f"- Latency after the warm-up, every page: at the client (request sent to last byte read, over TCP, "
        f"the wait for a free worker included) p50 {_ms(overall['p50_ms'])} ms, p95 {_ms(overall['p95_ms'])} ms, "
        f"p99 {_ms(overall['p99_ms'])} ms, max {_ms(overall['max_ms'])} ms; in the worker (gunicorn's access log) "
        f"p50 {_ms(server['p50_ms'])} ms, p95 {_ms(server['p95_ms'])} ms, p99 {_ms(server['p99_ms'])} ms",
        f"- CPU: {_ms(cpu.get('cpu_ms_per_request'))} ms of the workers' CPU time per request after the warm-up "
        f"({_ms(cpu.get('workers_cpu_s'))} s over {_ms(cpu.get('window_s'))} s, on {load['machine']['cpus']} CPUs); the client "
        f"used {_ms(cpu['client_cpu_s'])} s of CPU over the run",
        "",
        "| Page | Requests | Errors | p50 ms | p95 ms | p99 ms | max ms | In the worker: p50 ms | p95 ms | p99 ms | KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in sorted(load["pages"], key=lambda page: -(page["server_p50_ms"] or 0)):
        lines.append(
            f"| {_cell(page['label'])} | {page['requests']:,} | {page['errors']} | {_ms(page['p50_ms'])} "
            f"| {_ms(page['p95_ms'])} | {_ms(page['p99_ms'])} | {_ms(page['max_ms'])} | {_ms(page['server_p50_ms'])} "
            f"| {_ms(page['server_p95_ms'])} | {_ms(page['server_p99_ms'])} | {_ms(page['kb'])} |"
        )
    times = rss.get("times_s") or ["–"] * 3
    lines += [
        "",
        f"RSS (VmRSS) of gunicorn's processes, sampled every 10 s: after the warm-up (t = {times[0]} s), half-way "
        f"(t = {times[1]} s) and at the end (t = {times[2]} s). Bound: +{bound} MiB per worker.",
        "",
        "| Process | After warm-up MiB | Half-way MiB | End MiB | Peak MiB | Growth MiB | Growth % |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    master = rss.get("master") or {}
    lines.append(f"| master | {_ms(master.get('start_mib'))} | – | {_ms(master.get('end_mib'))} | – | – | – |")
    for worker in rss["workers"]:
        lines.append(
            f"| worker {worker['pid']} | {_ms(worker['start_mib'])} | {_ms(worker['middle_mib'])} "
            f"| {_ms(worker['end_mib'])} | {_ms(worker['peak_mib'])} | {_ms(worker['growth_mib'])} "
            f"| {_ms(worker['growth_pct'])} |"
        )
    if rss.get("replaced"):
        lines += ["", f"**Workers replaced by gunicorn during the run: {', '.join(map(str, rss['replaced']))}**"]
    for kind, sample in load.get("error_samples", {}).items():
        lines.append(f"- First {_cell(kind)}: {_cell(sample)}")
    return lines


def build(
    meta: dict,
    site: dict,
    small: dict | None,
    pdf_time: dict | None,
    rss: dict,
    cert_pdf: dict | None = None,
    profile_pdf: dict | None = None,
    race: dict | None = None,
    load: dict | None = None,
    exports: dict | None = None,
) -> str:
    versions = site.get("versions", {})
    budget = site.get("page_budget_s")
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
        certificates_line(site, small),
        profiles_line(site, small),
        messages_line(site, small),
        activities_line(site, small),
        f"- Pages: {site['page_tree']}",
        f"- Each page: {site['warmup']} warm-up requests, then {site['requests']} timed requests (median, "
        "nearest-rank p95)"
        + (f", or fewer (n=…, at least 10) once {budget:g} s are spent" if budget else "")
        + ", then one more request for the query count",
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
    ]
    if _rows(site, "certificates"):
        lines += [
            "## Electronic certificates: pages",
            "",
            "The member's pages as the measured firm or lawyer; the review queue as a superuser. Query counts "
            "compare the large and the small number of applications.",
            "",
            *pages_table(site, small, "certificates"),
            "",
        ]
    if _rows(site, "profiles"):
        lines += [
            "## Lawyer profiles",
            "",
            "The lawyer's pages as the measured lawyer (an approved profile with many entries in every section); "
            "the admin review queue, the review page of a submitted profile and the change log as a superuser. "
            "Query counts compare the large and the small roster's profiles.",
            "",
            *pages_table(site, small, "profiles"),
            "",
        ]
    if _rows(site, "messages"):
        lines += [
            "## 消息 (notifications)",
            "",
            "The measured lawyer's 消息 pages (many messages, some unread) and the staff's 消息记录 listing. "
            "Query counts compare the large and the small roster's messages.",
            "",
            *pages_table(site, small, "messages"),
            "",
        ]
    if _rows(site, "tickets"):
        lines += [
            "## 工单系统 (support tickets)",
            "",
            "The measured lawyer's 工单系统 pages (many tickets, the newest with 20 replies and notes); the staff "
            "queue (waiting first, oldest first), its filters and search, and one ticket's page as a superuser. "
            "Query counts compare the large and the small number of tickets.",
            "",
            *pages_table(site, small, "tickets"),
            "",
        ]
    if _rows(site, "cards"):
        lines += [
            "## 会员卡 (member cards)",
            "",
            "The measured lawyer's 申请会员卡 (many closed applications) and 会员卡管理; the staff pipeline "
            "(oldest first), a state filter, a name search and one application's page as a superuser; the "
            "批量制卡 confirmation of a whole batch and the 制卡导出 zip of that 500-application batch (the sheet "
            "and every photo; a quarter of the applications on a small run). Query counts compare the "
            "large and the small number of applications.",
            "",
            *pages_table(site, small, "cards"),
            "",
        ]
    if _rows(site, "documents"):
        publish = site["documents"]["publish"]
        lines += [
            "## 我的公文 (official documents)",
            "",
            "The measured lawyer's 我的公文 (every document circulated to him, most read), its 未读 filter, search "
            "and a later page, one 查看收文; the staff's 公文 listing and search, the 传阅情况 of a document "
            "circulated to every lawyer and corrected once (its 未读当前版本 / 已阅旧版本 / 已阅 filters and its xlsx "
            "export), that document's page, and the member chooser's pinyin search. Query counts compare the "
            "large and the small number of documents.",
            "",
            f"发布 to 全部执业律师 ({publish['recipients']:,} recipients, resolved and frozen in the request; the "
            f"notices go to a job): {publish['publish_ms']:,} ms, {publish['publish_queries']} queries.",
            "",
            *pages_table(site, small, "documents"),
            "",
        ]
    if _rows(site, "activities") or race is not None:
        lines += [
            "## 活动报名 and 培训记录 (activities)",
            "",
            "The measured lawyer's 活动报名 (正在报名的活动, 我已报名的活动), the full activity's page (he is on "
            "its waiting list; as the largest firm, with its lawyers to pick) and his 培训记录; the staff's "
            "报名名单 with a filter and a search, 活动管理, the full activity's staff page and its 签到 list, the "
            "培训记录 listing. Query counts compare the large and the small number of sign-ups.",
            "",
            *pages_table(site, small, "activities"),
            "",
            "### Never oversold: concurrent sign-ups",
            "",
            *race_lines(race),
            "",
        ]
    lines += [
        "## Notes",
        "",
        *notes(site, small),
        "",
        "## PDF",
        "",
        *pdf_table(pdf_time, rss),
        "",
        f"The sample is an A4 page of Chinese text and a table ({(pdf_time or {}).get('pdf_kb', '–')} KB of PDF "
        "with the embedded font subset)."
        + (
            " Peak RSS is ru_maxrss of a fresh process rendering only that."
            if rss
            else " Its peak RSS runs with --full."
        ),
        "",
    ]
    if cert_pdf is not None:
        lines += ["## Electronic certificates: PDF", "", *certificate_pdf_table(cert_pdf), ""]
    if profile_pdf is not None:
        lines += ["## Lawyer profiles: PDF", "", *profile_pdf_table(profile_pdf), ""]
    if exports is not None:
        lines += ["## 后台导出 (bench/exportbench.py)", "", *export_lines(exports), ""]
    if load is not None:
        lines += ["## Load run: member sessions against gunicorn (bench/loadrun.py)", "", *load_lines(load), ""]
    return "\n".join(lines)


def export_lines(exports: dict) -> list[str]:
    """The export job and the inline CSV of the 电子证明申请 listing, by size and format."""
    if "error" in exports:
        return [f"Not measured: {exports['error']}."]
    lines = [
        f"{exports['applications']:,} certificate applications ({exports['firms']:,} firms, {exports['lawyers']:,} "
        f"lawyers) in a database of their own, loaded in {exports['generation_s']} s. The smaller export is the "
        "listing filtered to its newest submission days (申请时间 from a date); the larger, the whole listing. "
        "Each row is its own process. RSS growth: the highest RSS sampled every 10 ms during the export, less "
        "the RSS just before it; Python peak: tracemalloc's peak over a second, untimed run of the job.",
        "",
        "| export | rows | request | job (or inline response) | queries | file | RSS growth | Python peak |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in exports["runs"]:
        name = f"{'job' if run['mode'] == 'job' else 'inline, streamed'} {run['format']}"
        if "error" in run:
            lines.append(f"| {name} | {run['asked_rows']:,} | {run['error']} | | | | | |")
            continue
        if run["mode"] == "job":
            request = f"{run['request_ms']:,.0f} ms, {run['request_queries']} q"
            took, queries = f"{run['job_s']:,} s", run["job_queries"]
            rows = f"{run['written_rows']:,}"
        else:
            request, took, queries = "–", f"{run['inline_s']:,} s", run["inline_queries"]
            rows = f"{run['rows']:,}"
        python = f"{run['python_peak_mib']} MiB" if "python_peak_mib" in run else "–"
        lines.append(
            f"| {name} | {rows} | {request} | {took} | {queries} | {run['file_mib']} MiB | "
            f"{run['rss_growth_mib']} MiB | {python} |"
        )
    return lines


def build_exports(meta: dict, exports: dict) -> str:
    """The report of `bench/run.py --exports-only`."""
    return "\n".join(
        [
            f"# Benchmark run {meta['date']}: 后台导出 only",
            "",
            f"- Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), {meta['memory']}, {meta['platform']}; "
            f"1-minute load average {meta['load']}",
            f"- Database: `{meta['database_kind']}`; run took {meta['elapsed_s']:.0f} s ({meta['migrate']})",
            "",
            "## 后台导出 (bench/exportbench.py)",
            "",
            *export_lines(exports),
            "",
        ]
    )
