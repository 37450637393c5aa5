"""Warm before the first visitor: the server computes the default view at start-up and says so on
``/api/ready`` (503 until then), then follows new data versions (ui/warm.py)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pandas as pd

from ledger.store import SHEET_PROGRESS, Store
from tests.browser import streamlit_server
from tests.conftest import ROOT, copy_db
from ui import warm


def ready(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{base}/api/ready", timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def wait_for(base: str, test, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        code, body = ready(base)
        if test(code, body):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.2)


def test_the_pages_modules_are_found():
    names = warm.imported_modules([ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))])
    assert {"streamlit", "ledger.charts", "ui.data", "ui.widgets", "ui.briefing"} <= set(names)


def test_ready_only_once_warm_and_following_new_data(sample_db, tmp_path):
    url = copy_db(sample_db, tmp_path)
    env = {warm.TEST_DELAY_ENV: "3", warm.POLL_ENV: "0.5"}
    with streamlit_server(url, env=env) as base:
        code, body = ready(base)
        assert code == 503 and body["ready"] is False  # serving, not yet warm
        body = wait_for(base, lambda c, b: c == 200)
        store = Store(url)
        assert body["ready"] is True and body["as_of"] == "2023-09"
        assert body["data_version"] == store.data_version() and body["seconds"] > 0
        # another process imports October: the replica computes the new default view by itself
        october = store.latest(SHEET_PROGRESS, "2023-09").assign(period="2023-10")
        result = store.commit(pd.DataFrame(october), user="t", file_name="10.xlsx", sha256="d" * 64)
        body = wait_for(base, lambda c, b: b["data_version"] == result.data_version)
        assert body["ready"] is True and body["as_of"] == "2023-10"
        store.dispose()
