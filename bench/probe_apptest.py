"""``python -m bench.probe_apptest``: time the app's script runs through Streamlit's AppTest, in a fresh
process (so the first run is a cold start: empty caches, modules imported by the script on first use).

Reads ``$LEDGER_DB`` (``$LEDGER_ID`` / ``$LEDGER_CONFIG``, or ``$BENCH_REGION``, say which ledger);
prints one JSON object: ``cold`` (the first run of the app, overview page), and per page ``first``
(first visit, data cached), ``warm`` (reruns with nothing changed) and ``filter`` (reruns after a
county change), in seconds. With ``$BENCH_WARM`` set, :func:`ui.warm.warm_up` runs first (``warm_up``:
its seconds), as the server's start-up hook does, and ``cold`` is the first run after it.
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
    if os.environ.get("BENCH_REGION"):
        use_region()
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    from streamlit.testing.v1 import AppTest

    from ledger.config import ROOT
    from ui import data

    counties = data.bundle().config.county_names
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)

    def run() -> float:
        t0 = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        return elapsed

    out: dict = {"pages": {}}
    if os.environ.get("BENCH_WARM"):  # what the server's start-up hook does, before the first run
        from ui import warm

        t0 = time.perf_counter()
        warm.warm_up()
        out["warm_up"] = time.perf_counter() - t0
    out["cold"] = run()
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
    out["bundle"] = {"tasks": len(data.bundle().ledger.tasks), "items": len(data.snapshot(None).status),
                     "ledger": data.store().ledger}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
