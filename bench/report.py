"""``bench/results.md`` from one run's figures (:func:`render`)."""

from __future__ import annotations

from bench import gen

PAGES = ["overview", "indicators", "departments", "counties", "ledger_table"]
#: Figures of the last run before issue 14 (bench/results.md of 2026-11-26, SQLite, 2 cores): kept for
#: comparison, not part of a run.
BEFORE = {
    "import of 100k rows / raw calamine parse": "3.4×",
    "AppTest cold run, region with 300k rows in one ledger": "2.28 s",
    "browser: cold start → first chart, 300k rows (one-chart page: 2.04 s)": "5.40 s",
    "browser: new session → first chart, 300k rows": "2.68 s",
    "server peak RSS after the tour, 300k rows in one ledger (city sample: 234 MB)": "585 MB",
}


def _s(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if not a or not b else f"{a / b:.2f}×"


def _div(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else a / b


def _slowest(probe: dict | None, key: str) -> float | None:
    return None if not probe else max(p[key] for p in probe["pages"].values())


def _page_ratio(probe: dict | None, ref: dict | None, key: str) -> float | None:
    """The slowest page's figure over the reference's slowest page."""
    return _div(_slowest(probe, key), _slowest(ref, key))


def _mb(probe: dict | None) -> float | None:
    return None if not probe or "server_peak_rss_kb" not in probe else probe["server_peak_rss_kb"] / 1024


def goals(results: dict) -> dict[str, float | None]:
    """The measured figure for each goal of :data:`bench.run.GOALS`."""
    from bench.run import LARGE

    imports = results["imports"]
    small, large = imports.get(100_000) or {}, imports.get(LARGE) or {}
    app = results.get("apptest", {})
    b = results.get("browser", {})
    sample = b.get("sample", {})
    out: dict[str, float | None] = {}
    for suffix, db in (("", "sqlite"), ("_pg", "postgresql")):
        big, little = b.get(f"province_3m_{db}"), b.get(f"province_300k_{db}")
        out[f"rss_3m{suffix}"] = _mb(big)
        out[f"rss_growth{suffix}"] = _div(_mb(big), _mb(little))
        out[f"warm_ratio{suffix}"] = _page_ratio(app.get(f"province_3m_{db}"), app.get("sample"), "warm")
        out[f"filter_ratio{suffix}"] = _div((big or {}).get("county_change_chart"),
                                            sample.get("county_change_chart"))
        big = big or {}
        out[f"cold_ratio{suffix}"] = _div(big.get("cold_first_chart"), big.get("warm_first_chart"))
        out[f"import_parse_100k{suffix}"] = _div(small.get(f"import_{db}"), small.get("parse"))
        out[f"import_parse_1m{suffix}"] = _div(large.get(f"import_{db}"), large.get("parse"))
    return out


def render(results: dict) -> str:
    from bench.run import GOALS, LARGE

    m = results["machine"]
    prov = results.get("province", {})
    loads = ", ".join(f"{v:.2f} {k}" for k, v in results.get("loads", []))
    out = [
        "# Benchmark results (issues 6 and 14)",
        "",
        f"Every figure below comes from one run of `{results['command'].strip()}` (from the repository",
        f"root, with `.venv/bin/python`), on {m['date']}; the run took {results['minutes']:.1f} minutes.",
        "Each figure is the median of the runs stated. Regenerate with the same command;",
        "`bench/_data/results.json` keeps the raw figures of the last run.",
        "",
        "**Machine:** " + "; ".join(f"{k}: {v}" for k, v in m.items() if k != "date") + ".",
        "",
        f"**Load average (1 min)** during the run: {loads}. The two cores are shared with other developers'",
        "test runs; a load above 2 means another process had a core part of the time.",
        "",
        "**Data.** *The province* (`bench/province.py`, `bench/gen.py`): "
        f"{len(gen.PROVINCE_CITIES)} cities of {len(next(iter(gen.PROVINCE_CITIES.values())))} counties "
        f"({sum(len(c) for c in gen.PROVINCE_CITIES.values())} counties), {len(gen.PROVINCE_YEARS)} plan "
        "years "
        f"({gen.PROVINCE_YEARS[0]}–{gen.PROVINCE_YEARS[-1]}); every city and year is a ledger of its own "
        f"({prov.get('ledgers', '—')} ledgers, each registered from its own config folder as a city onboards "
        f"another year), with {gen.PROVINCE_TASKS * len(gen.CATEGORIES)} tasks, "
        f"{3 * gen.PROVINCE_TASKS * len(gen.CATEGORIES)} indicators and twelve monthly reports of every "
        f"reporting key: **{prov.get('all_rows', 0):,} progress rows** in one database. The *300k* database "
        f"holds the latest year of the first five cities ({prov.get('small_rows', 0):,} rows). The app shows "
        f"the same ledger in both, `{prov.get('shown', '—')}` "
        f"({results.get('apptest', {}).get('province_3m_sqlite', {}).get('bundle', {}).get('items', '—')} "
        "indicator items); the *city sample* is the shipped city's generated sample data "
        f"({results.get('sample_rows', 0):,} rows, 172 items). *Imports*: the region of issue 6 "
        "(22 counties, 360 indicators; Chinese notes on a third of the rows, 1 % of the `%` values typed "
        "as `52%` text and 1 % %-formatted; shared strings as Excel saves them) for 10k–300k rows, and a "
        "larger region (1,260 indicators) for 999,000 rows, written without the helper 指标名称 and the "
        "备注 columns: five cells a row keep a sheet within the reader's 5,000,000 cells (the bound "
        "that keeps "
        "python-calamine's grid in memory). Both are imported with `LEDGER_MAX_UPLOAD_MB` raised above "
        "the file size.",
        "",
        "## Goals (issue 14)",
        "",
        "| goal | target | measured | |",
        "| --- | --- | --- | --- |",
    ]
    measured = goals(results)
    for key, label, limit, unit, lower in GOALS:
        value = measured.get(key)
        if value is None:
            out.append(f"| {label} | {'≤' if lower else '≥'} {limit:g} {unit} | not measured | |")
            continue
        ok = value <= limit if lower else value >= limit
        shown = f"{value:.0f} MB" if unit == "MB" else f"{value:.2f} {unit}"
        out.append(f"| {label} | {'≤' if lower else '≥'} {limit:g} {unit} | {shown} | "
                   f"{'met' if ok else '**missed**'} |")
    out += ["", *_history(results), *_imports(results, LARGE), *_sql(results), *_apptest(results),
            *_browser(results), *_before()]
    return "\n".join(out)


def _history(results: dict) -> list[str]:
    """What the ratios to the city sample mix: the shown ledger's size, and the stored history beside it."""
    b, app = results.get("browser", {}), results.get("apptest", {})
    items = {k: v.get("bundle", {}).get("items") for k, v in app.items()}
    big = items.get("province_3m_sqlite")
    out = [
        "**What the ratios to the city sample measure.** The province's shown ledger has "
        f"{big or '—'} indicator items against the city sample's {items.get('sample') or '—'}, so a ratio "
        "to the city sample is the shown ledger's size and the stored history together. History alone: "
        "the same shown ledger with ~300k and with ~3M rows stored beside it (same run):",
        "",
        "| figure | SQLite 3M / 300k | PostgreSQL 3M / 300k |",
        "| --- | ---: | ---: |",
    ]
    for label, key in (("county change (browser)", "county_change_chart"),
                       ("new session → first chart (browser)", "warm_first_chart"),
                       ("peak server RSS", "server_peak_rss_kb")):
        cells = [_ratio(b.get(f"province_3m_{db}", {}).get(key), b.get(f"province_300k_{db}", {}).get(key))
                 for db in ("sqlite", "postgresql")]
        out.append(f"| {label} | {cells[0]} | {cells[1]} |")
    return [*out, ""]


def _imports(results: dict, large: int) -> list[str]:
    from bench.stages import STAGES

    out = [
        "## Check and import",
        "",
        "Seconds. *Parse*: python-calamine alone, every sheet to Python values. *Check*: our reader "
        "(`service.read_file`: container checks, read, validation of every cell). *Import*: check + commit "
        "into a new, empty database (tables created before the clock starts). *Naive*: `pandas.read_excel` "
        "with openpyxl, a Python loop over the rows, one INSERT per record (`bench/naive.py`).",
        "",
        "| rows | file | runs | parse | check | naive check | import SQLite | naive import SQLite "
        "| import / parse | import PostgreSQL | import / parse |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in sorted(results["imports"].items(), key=lambda kv: int(kv[0])):
        pg = r.get("import_postgresql")
        out.append(
            f"| {int(n):,} | {r['mib']:.1f} MiB | {r.get('runs', '—')} | {_s(r['parse'])} | {_s(r['check'])} "
            f"| {_s(r.get('naive_check'))} | {_s(r['import_sqlite'])} | {_s(r.get('naive_import_sqlite'))} "
            f"| {_ratio(r['import_sqlite'], r['parse'])} | {_s(pg)} | {_ratio(pg, r['parse'])} |"
        )
    staged = {int(n): r["stages"] for n, r in results["imports"].items() if "stages" in r}
    if staged:
        out += [
            "",
            "**The import's stages, measured apart** (`bench/stages.py`, SQLite, seconds; their sum is an "
            "import): *container*: every member of the zip decompressed with its CRC checked and searched "
            "for a DTD; *extent*: each sheet's box of cells found in its XML before calamine reads it; "
            "*percent*: the cells in a percent format; *parse*: python-calamine reading the three sheets; "
            "*validate*: the header located and every cell checked by the one engine; *commit*: the "
            "comparison with stored records and the inserts, in one transaction.",
            "",
            "| rows | " + " | ".join(STAGES) + " | sum | raw parse |",
            "| ---: | " + " | ".join("---:" for _ in STAGES) + " | ---: | ---: |",
        ]
        for n, st in sorted(staged.items()):
            total = sum(st.values())
            raw = results["imports"].get(n, results["imports"].get(str(n), {}))["parse"]
            cells = " | ".join(_s(st[k], 3) for k in STAGES)
            out.append(f"| {n:,} | {cells} | {total:.3f} | {raw:.3f} |")
    return [*out, ""]


def _sql(results: dict) -> list[str]:
    found = results.get("sql") or {}
    if not found:
        return []
    names = list(next(iter(found.values())))
    out = [
        "## Reading in the database",
        "",
        "Seconds (best of 3), in the database alone (`bench/sql.py`: a `COUNT(*)` over each formulation), "
        "for the shown ledger of the 3M-row province as of its last month. The store reads the current "
        "view by `MAX(id)` per key and picks each item's latest records by a window over it.",
        "",
        "| formulation | " + " | ".join(found) + " |",
        "| --- | " + " | ".join("---:" for _ in found) + " |",
    ]
    for n in names:
        out.append(f"| {n} | " + " | ".join(_s(v.get(n), 3) for v in found.values()) + " |")
    return [*out, ""]


def _apptest(results: dict) -> list[str]:
    app = results.get("apptest", {})
    if not app:
        return []
    out = [
        "## Page runs through AppTest",
        "",
        "Seconds. Each database in a fresh process: *cold* is the app's first run there (AppTest runs no "
        "start-up hook: modules imported by the script, the snapshot computed); per page, *first visit*, "
        "*warm rerun* (nothing changed) and *county change* (the sidebar's county set to another county). "
        "The ratio is each page's figure over the city sample's.",
        "",
    ]
    warmed = results.get("apptest_warmed")
    if warmed:
        out += [f"After the start-up warm-up (`ui.warm.warm_up`, {warmed['warm_up']:.2f} s, as `/api/ready` "
                f"waits for it), the app's first run on the province (3M rows, SQLite) takes "
                f"{warmed['cold']:.2f} s against {warmed['first']:.2f} s for a page afterwards.", ""]
    ref = app.get("sample")
    for name, probe in app.items():
        b = probe.get("bundle", {})
        out += [f"**{name}** (ledger {b.get('ledger', '—')}, {b.get('items', '—')} items): cold run "
                f"{probe['cold']:.2f} s.", "",
                "| page | first visit | warm rerun | county change | warm / sample | change / sample "
                "| charts |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for page in PAGES:
            p = probe["pages"][page]
            r = ref["pages"][page] if ref else None
            out.append(f"| {page} | {p['first']:.3f} | {p['warm']:.3f} | {p['filter']:.3f} "
                       f"| {_ratio(p['warm'], r and r['warm'])} | {_ratio(p['filter'], r and r['filter'])} "
                       f"| {p['charts']} |")
        out.append("")
    return out


def _browser(results: dict) -> list[str]:
    b = results.get("browser", {})
    if not b:
        return []
    one = b.get("onechart", {})
    out = [
        "## In headless Chromium",
        "",
        "Seconds. Each server in a fresh process, put in rotation once `/api/ready` answers 200, as a "
        "proxy's health check does (*start → ready*; the one-chart page has no such route: its health). "
        "*Cold start → first chart*: from `page.goto` of the first visitor to the first drawn chart "
        "(`.js-plotly-plot .main-svg`); *new session*: the same for a new visitor afterwards (each visitor "
        "a browser context of its own, so none has the app's scripts in its cache; the browser itself "
        "is warmed on a local page before the server starts); *new tab*: a new tab of the first "
        "visitor's browser, its cache warm. *County change*: "
        "from the click on a county in the sidebar to the changed chart data. Then a tour (every page, and "
        "the province's ledger as of four months: each a snapshot) before reading the server's memory "
        "(`VmRSS` now, peak `VmHWM`).",
        "",
        "| server | start → ready | cold start → first chart | new session | new tab | cold / new session "
        "| cold / one-chart | new session / one-chart | county change | RSS idle / after tour / peak (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in b.items():
        rss = "/".join(f" {r[k] / 1024:.0f} " if k in r else " — "
                       for k in ("server_idle_rss_kb", "server_rss_kb", "server_peak_rss_kb")).strip()
        out.append(
            f"| {name} | {_s(r.get('start_to_ready'))} | {_s(r.get('cold_first_chart'))} "
            f"| {_s(r.get('warm_first_chart'))} | {_s(r.get('tab_first_chart'))} "
            f"| {_ratio(r.get('cold_first_chart'), r.get('warm_first_chart'))} "
            f"| {_ratio(r.get('cold_first_chart'), one.get('cold_first_chart'))} "
            f"| {_ratio(r.get('warm_first_chart'), one.get('warm_first_chart'))} "
            f"| {_s(r.get('county_change_chart'), 3)} | {rss} |"
        )
    return [*out, ""]


def _before() -> list[str]:
    return [
        "## Before issue 14",
        "",
        "For comparison only (not from this run): figures of the last run before issue 14, on this machine.",
        "",
        "| measure | before |",
        "| --- | ---: |",
        *[f"| {k} | {v} |" for k, v in BEFORE.items()],
        "",
    ]


def main() -> None:
    """``python -m bench.report``: ``bench/results.md`` again from the last run's ``results.json``
    (the same figures; for a change of wording)."""
    import json

    from bench.run import DATA, RESULTS

    results = json.loads((DATA / "results.json").read_text(encoding="utf-8"))
    results["imports"] = {int(k): v for k, v in results["imports"].items()}
    RESULTS.write_text(render(results), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
