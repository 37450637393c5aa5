"""``python -m bench.probe_apptest``: time the app's script runs through Streamlit's AppTest, in a fresh
process (so the first run is a cold start: empty caches, modules imported by the script on first use).

Reads ``$BENCH_REGION`` and ``$LEDGER_DB``; prints one JSON object: ``cold`` (the first run of the app,
overview page), and per page ``first`` (first visit, data cached), ``warm`` (reruns with nothing changed)
and ``filter`` (reruns after a county change), in seconds.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from bench.appenv import use_region

PAGES = ["overview", "indicators", "departments", "counties", "ledger_table"]


def main() -> None:
    region = use_region()
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    from streamlit.testing.v1 import AppTest

    import ledger
    from ledger.config import ROOT, load_city_config

    counties = load_city_config(region / "config.toml").county_names
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)

    def run() -> float:
        t0 = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        return elapsed

    out: dict = {"cold": run(), "pages": {}}
    assert len(at.get("plotly_chart")) >= 1, "no chart on the overview"
    for k, page in enumerate(PAGES):
        at.session_state["county"] = "全部"
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
        first = run()
        warm = [run() for _ in range(repeat)]
        filt = []
        for i in range(repeat):
            at.session_state["county"] = counties[(3 * k + i) % len(counties)]
            filt.append(run())
        charts = len(at.get("plotly_chart"))
        out["pages"][page] = {
            "first": first,
            "warm": statistics.median(warm),
            "filter": statistics.median(filt),
            "charts": charts,
        }
    out["bundle"] = {"tasks": len(ledger.load_default().ledger.tasks)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
