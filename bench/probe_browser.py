"""``python -m bench.probe_browser``: the app server for ``$LEDGER_DB`` (and ``$LEDGER_ID`` /
``$BENCH_REGION``) in headless Chromium, put in rotation once ``/api/ready`` says 200 (as a proxy's
health check does): time from navigation to the first rendered chart (cold: the first visitor after the
start; warm: a new visitor afterwards, each in a browser context of its own; and a new tab of the first
visitor), time from a county change in the sidebar to the updated chart,
then a tour of every page and several as-of periods, and the server's peak memory (VmHWM). Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser import CHROMIUM_FLAGS, ROOT, chromium_path, free_port

READY = "[data-testid=stApp][data-test-script-state=notRunning]"
CHART = ".js-plotly-plot .main-svg"
PAGES = ["/indicators", "/departments", "/counties", "/ledger", "/"]
VISITOR = {"viewport": {"width": 1400, "height": 1000}, "locale": "zh-CN"}
WARM_BROWSER = '<p style="font-family: sans-serif">营商环境任务台账看板 · 指标 部门 县区</p><svg></svg>'


def _status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM of a process in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def start_server(port: int, app: str = "ledger") -> subprocess.Popen:
    """The app (``ledger``: ``python -m bench.serve``; ``onechart``: ``bench/onechart.py``) on ``port``."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    options = ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none"]
    if app == "onechart":
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "bench" / "onechart.py"), *options]
    else:
        cmd = [sys.executable, "-m", "bench.serve", *options]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # as a proxy would: the app is in rotation once /api/ready says 200 (it has no such route: health)
    check = "/api/ready" if app == "ledger" else "/_stcore/health"
    deadline = time.monotonic() + 600
    while True:
        if proc.poll() is not None:
            raise RuntimeError("the app server exited early")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{check}", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:  # not listening yet, or 503: not warm yet
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("the app server did not become ready")
        time.sleep(0.1)


def _chart_data(page) -> str:
    return page.evaluate(
        "() => { const g = document.querySelector('.js-plotly-plot');"
        " return g ? JSON.stringify(g.data) : '' }"
    )


def _first_chart(page, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(CHART, timeout=120_000)
    elapsed = time.perf_counter() - t0
    page.wait_for_selector(READY, timeout=120_000)
    return elapsed


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    app = os.environ.get("BENCH_APP", "ledger")
    counties = json.loads(os.environ.get("BENCH_COUNTIES", "[]"))
    periods = json.loads(os.environ.get("BENCH_PERIODS", "[]"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        # the browser's own first page (its processes, the CJK fonts, the compositor): not the server's
        warmup = browser.new_context()
        warmup.new_page().set_content(WARM_BROWSER)
        warmup.close()
        t0 = time.perf_counter()
        server = start_server(port, app)
        out["start_to_ready"] = time.perf_counter() - t0
        try:
            out["server_idle_rss_kb"] = _status(server.pid)["VmRSS"]
            # every visitor a browser context of its own (an empty cache): the first one after the start,
            # then new ones; and new tabs of the first visitor's browser (its cache warm)
            context = browser.new_context(**VISITOR)
            page = context.new_page()
            out["cold_first_chart"] = _first_chart(page, base + "/")
            warm = []
            for _ in range(repeat):
                other = browser.new_context(**VISITOR)
                warm.append(_first_chart(other.new_page(), base + "/"))
                other.close()
            out["warm_first_chart"] = statistics.median(warm)
            tabs = []
            for _ in range(min(repeat, 3)):
                fresh = context.new_page()
                tabs.append(_first_chart(fresh, base + "/"))
                fresh.close()
            out["tab_first_chart"] = statistics.median(tabs)
            if app == "onechart":
                context.close()
                json.dump(out, sys.stdout)
                return
            changes = []
            sidebar = page.locator("[data-testid=stSidebar]")
            for i in range(repeat):
                county = counties[i % len(counties)]
                before = _chart_data(page)
                sidebar.get_by_role("combobox", name="县区").click()
                option = page.get_by_role("option", name=county, exact=True)
                option.wait_for(timeout=30_000)
                t0 = time.perf_counter()
                option.click()
                page.wait_for_function(
                    "(before) => { const g = document.querySelector('.js-plotly-plot');"
                    " return g && JSON.stringify(g.data) !== before }",
                    arg=before, timeout=60_000, polling="raf",
                )
                changes.append(time.perf_counter() - t0)
                page.wait_for_selector(READY, timeout=60_000)
            out["county_change_chart"] = statistics.median(changes)
            out["county_change_all"] = changes
            # a tour: every page, then several as-of periods (each one computes and caches a snapshot)
            for path in PAGES:
                page.goto(base + path)
                page.wait_for_selector(READY, timeout=120_000)
            for period in periods:
                page.goto(f"{base}/?period={period}")
                page.wait_for_selector(CHART, timeout=120_000)
                page.wait_for_selector(READY, timeout=120_000)
            page.goto(base + "/counties")
            page.wait_for_selector(READY, timeout=120_000)
            assert page.locator("[data-testid=stException]").count() == 0
            mem = _status(server.pid)
            out["server_rss_kb"], out["server_peak_rss_kb"] = mem["VmRSS"], mem["VmHWM"]
            context.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            browser.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
