"""The projection and the 通报 on the pages: 总览's tile and download (AppTest and real Chromium), the
指标 page's dotted projection lines, and the trend chart's projection traces."""

from __future__ import annotations

import base64
import io
import os
from collections import Counter

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
from docx import Document

from ledger import charts, service
from tests.browser import chromium, chromium_path, streamlit_server
from tests.test_pages import run  # AppTest of the app, filters through the URL

READY = "[data-testid=stApp][data-test-script-state=notRunning]"


@pytest.mark.parametrize("county", [None, "惠农区"])
def test_overview_counts_projected_misses_and_offers_the_briefing(sample_db, monkeypatch, county):
    at = run(sample_db, monkeypatch, **({"county": county} if county else {}))
    tile = at.metric[3]  # in the headline row, after 综合得分, 年度完成度, 未按期报送
    assert tile.label == "预计年底未达标"
    rows = service.status_rows(service.open_context(sample_db), county=county)
    assert int(tile.value) == Counter(r["projected_status"] for r in rows)["预计未达标"]
    buttons = [b.proto.label for b in at.get("download_button")]
    assert buttons == ["下载本期通报（Word）", "下载 CSV"]  # the 通报 under the headline; the behind list's CSV


@pytest.mark.parametrize("query", [{"county": "惠农区"}, {"department": "市税务局", "lang": "en"}])
def test_meeting_view_offers_the_briefing_of_its_area(sample_db, monkeypatch, query):
    at = run(sample_db, monkeypatch, "meeting", **query)
    (button,) = at.get("download_button")
    english = query.get("lang") == "en"
    assert button.proto.label == ("Download (Word)" if english else "下载（Word）")
    assert button.proto.type == "primary"
    heading = at.markdown[-1].value  # the last thing on the page, in heading type
    name = query.get("county") or query.get("department")
    assert heading == ("#### :material/description: Briefing: 市税务局 · As of 2023\\-09" if english
                       else f"#### :material/description: 本期通报：{name} · 截至 2023\\-09")


def test_projection_is_computed_once_per_version_for_every_session(sample_db, tmp_path, monkeypatch):
    """The projection every session shares lives in a process-level LRU (as ui/data.py's snapshots),
    not in st.cache_data, which any client's clear_cache message empties."""
    import streamlit as st

    from tests.conftest import copy_db
    from tests.test_views import october
    from ui import briefing, data

    url = copy_db(sample_db, tmp_path)
    monkeypatch.setenv("LEDGER_DB", url)

    def mine() -> dict:  # this database's entries (AppTest runs in this process too)
        return {k: v for k, v in briefing._projections._items.items() if k[0].startswith(f"{url}#")}

    data.clear()
    snap = data.snapshot(None)
    first = briefing.projected(snap, snap.status)
    county = snap.status[snap.status["county"] == "惠农区"]
    assert briefing.projected(snap, county).index.equals(county.index)  # a filter selects rows of it
    st.cache_data.clear()
    st.cache_resource.clear()
    (entry,) = mine().values()  # one entry, still there
    assert entry.loc[snap.status.index].equals(first)
    ctx = service.open_context(url)
    ctx.store.commit(october(ctx, n=160), user="t", file_name="10月.xlsx", sha256="3" * 64)
    ctx.store.dispose()
    later = data.snapshot(None)
    assert later.as_of == "2023-10"
    briefing.projected(later, later.status)
    assert [k[1:] for k in mine()] == [(data.version(), "2023-10")]  # the older version's entry dropped
    data.clear()


def test_download_callable_writes_the_briefing_of_the_view(sample_db):
    from ui.briefing import _docx

    data = _docx(service.open_context(sample_db), "2023-09", "惠农区", None, "zh")
    paras = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert paras[:2] == ["石嘴山市营商环境提质升级行动推进情况通报", "（惠农区 · 2023年9月）"]


def _values(y) -> np.ndarray:
    """A trace's numbers, whether plain or plotly's base64 typed array ({"dtype", "bdata"})."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
    return np.asarray(y, dtype=float)


def test_indicator_trend_continues_to_the_deadline_dotted(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, "indicators", indicator="K01")
    trend = pio.from_json(at.get("plotly_chart")[2].proto.spec).data
    lines = {t.name: t for t in trend if t.legendgroup != "projection"}
    projected = [t for t in trend if t.legendgroup == "projection"]
    assert len(projected) == 4 and sum(t.showlegend is not False for t in projected) == 1  # one legend entry
    for t in projected:
        assert t.line.dash == "dot" and t.x[-1] == "2023-12"
        assert t.x[0] == "2023-09"  # from the last report on
        county = t.hovertemplate.split(" ")[0]
        assert t.line.color == lines[county].line.color  # in the county's colour
        assert _values(t.y)[0] == pytest.approx(_values(lines[county].y)[-1])  # joined to its last point
    target = next(t for t in trend if t.name == "目标值")
    assert target.x[-1] == "2023-12"  # the target line runs to the deadline too


def test_trend_chart_without_projection_is_unchanged():
    progress = pd.DataFrame({"period": ["2023-01", "2023-02"], "county": ["全市", "全市"], "actual": [1.0, 2.0]})
    kw = {"target": 5.0, "direction": ">=", "unit": "%", "name": "x"}
    plain = charts.trend_chart(progress, **kw)
    empty = charts.trend_chart(progress, **kw, projection=pd.DataFrame(columns=["county", "period", "projected"]))
    assert plain.to_json() == empty.to_json()
    assert not any(t.legendgroup == "projection" for t in plain.data)


# --- the download in a real browser --------------------------------------------------------------


def _browser_ready() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


if not _browser_ready() and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but Chromium or playwright is missing: the browser download test must run")


@pytest.mark.browser
@pytest.mark.skipif(not _browser_ready(), reason="SKIPPING: Debian chromium or python playwright not installed")
def test_download_the_briefing_in_chromium(sample_db, tmp_path):
    """The 通报 button on 总览 and the box on 会议模式 download the 通报 of what the page shows."""

    def fetch(page, url: str, button: str) -> tuple[str, list[str]]:
        page.goto(url)
        page.wait_for_selector("h1", timeout=60_000)
        page.wait_for_selector(READY, timeout=60_000)
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name=button).click()
        download = info.value
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        return download.suggested_filename, [x.text for x in Document(path).paragraphs]

    with streamlit_server(sample_db) as base, chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
        name, paras = fetch(page, f"{base}/?county=惠农区&period=2023-08", "下载本期通报（Word）")
        assert name == "营商环境通报_2023-08_惠农区.docx"
        assert paras[:2] == ["石嘴山市营商环境提质升级行动推进情况通报", "（惠农区 · 2023年8月）"]
        name, paras = fetch(page, f"{base}/meeting?department=市税务局", "下载（Word）")
        assert name == "营商环境通报_2023-09_市税务局.docx"  # the default month, the meeting's department
        assert paras[:2] == ["石嘴山市营商环境提质升级行动推进情况通报", "（市税务局 · 2023年9月）"]
