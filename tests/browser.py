"""Helpers for the browser tests: start `streamlit run` on a free port, find Debian's Chromium, wait for
a page to be drawn."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The README's screenshots are written by ``make screenshots`` (LEDGER_SCREENSHOTS=1); an ordinary test
#: run writes them to a temporary folder, so running the tests never changes files of the repository.
SHOTS = (ROOT / "docs" / "screenshots") if os.environ.get("LEDGER_SCREENSHOTS") else (
    Path(tempfile.gettempdir()) / "ledger-screenshots"
)
#: Streamlit's app element once the script run has finished.
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, launched by playwright with :data:`CHROMIUM_FLAGS`; closed afterwards."""
    from playwright.sync_api import sync_playwright  # the browser tests import playwright themselves first

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def streamlit_server(db_url: str, *, timeout: float = 60, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the app with `streamlit run` against ``db_url`` (``env``: more environment variables); yield
    its base URL; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "LEDGER_DB": db_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    cmd = [
        sys.executable,
        "-m",
        "ui.serve",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{proc.stdout.read()}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not become healthy in time")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def load(page, url: str) -> None:
    """Open ``url`` in a playwright page and wait until its script has drawn everything; no exception,
    no Streamlit dialog."""
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)  # the page script has started drawing (every page has a title)
    page.wait_for_selector(READY, timeout=60_000)  # … and has finished
    page.wait_for_timeout(300)  # let plotly finish drawing
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stDialog]").count() == 0  # e.g. Streamlit's "Page not found"


def settle(page) -> None:
    """Wait for a rerun (after a click) to finish."""
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(400)
