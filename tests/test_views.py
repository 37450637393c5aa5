"""ledger.views and ui.data on the generated sample data: the as-of month, roll-ups = status --json,
tables without None/nan, the behind list, and the caches every session shares."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import streamlit as st

from ledger import metrics, service, views
from ledger.model import BEHIND, CITY_WIDE, OVERDUE
from ledger.store import Store
from tests.conftest import ROOT, copy_db
from ui import data, widgets


@pytest.fixture(scope="module")
def ctx(sample_db):
    context = service.open_context(sample_db)
    yield context
    context.store.dispose()


@pytest.fixture(scope="module")
def snap(ctx) -> views.Snapshot:
    return views.snapshot(ctx.store, ctx.bundle)


def october(ctx: service.Context, n: int = 8) -> pd.DataFrame:
    """``n`` reports for 2023-10: the first assigned keys, each a little below its September figure."""
    keys = views.snapshot(ctx.store, ctx.bundle).status.head(n)
    return pd.DataFrame(
        {"period": "2023-10", "indicator": keys["indicator"], "department": keys["department"],
         "county": keys["county"], "actual": keys["actual"].fillna(1.0) * 0.5, "note": ""}
    )


# --- the as-of month --------------------------------------------------------------------------------


def test_default_month_is_the_latest_complete_one(snap) -> None:
    assert snap.as_of == snap.default == "2023-09"
    row = snap.coverage.set_index("period").loc["2023-09"]
    assert (row["reported"], row["expected"]) == (144, 172) and row["share"] >= 0.8
    assert not snap.filling


def test_a_month_still_being_filled_is_not_the_default(sample_db, tmp_path) -> None:
    """Importing 8 rows for 2023-10 moved every page to 2023-10 and turned 25 items 正常 → 滞后."""
    url = copy_db(sample_db, tmp_path)
    ctx = service.open_context(url)
    before = views.snapshot(ctx.store, ctx.bundle)
    ctx.store.commit(october(ctx), user="t", file_name="10月.xlsx", sha256="1" * 64)
    after = views.snapshot(ctx.store, ctx.bundle)
    assert after.as_of == after.default == "2023-09"
    assert after.status["status"].tolist() == before.status["status"].tolist()
    assert views.filling_periods(after.coverage, after.default) == ["2023-10"]
    chosen = views.snapshot(ctx.store, ctx.bundle, "2023-10")  # can still be chosen explicitly
    assert chosen.as_of == "2023-10" and chosen.filling
    # as of 2023-10, the 164 items not yet reported for October are flagged (数据截至 an earlier month)
    reported = chosen.status["period"].notna()
    assert int(chosen.status["stale"].sum()) == int(reported.sum()) - 8
    cover = chosen.coverage.set_index("period").loc["2023-10"]
    assert (cover["reported"], cover["expected"]) == (8, 172)
    ctx.store.dispose()


def test_stale_figures_are_counted(snap) -> None:
    stale = snap.status[snap.status["stale"]]
    assert len(stale) == 10 and set(stale["period"]) == {"2023-06", "2023-07"}
    assert metrics.overall(snap.status)["n_stale"] == 10


# --- the figures the pages show = ledger status --json ----------------------------------------------


@pytest.mark.parametrize("by", ["overall", "category", "department", "county", "indicator,county"])
def test_rollup_rows_are_what_status_json_prints(ctx, snap, by) -> None:
    rows = service.status_rows(ctx, by=by)
    want = views.rollup_rows(snap.status, by)
    assert len(rows) == len(want)
    for got, (_, exp) in zip(rows, want.iterrows(), strict=True):
        assert got["as_of"] == "2023-09"
        for k, v in exp.items():
            if isinstance(v, float) and np.isnan(v):
                assert got[k] is None
            else:
                assert got[k] == pytest.approx(v) if isinstance(v, float) else got[k] == v


def test_status_json_by_through_the_command_line(sample_db, snap) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ledger", "status", "--json", "--by", "overall", "--db", sample_db],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    (row,) = json.loads(out.stdout)
    summary = metrics.overall(snap.status)
    assert row["score"] == pytest.approx(summary["score"]) and row["n_stale"] == 10
    assert {k: row[k] for k in ("n", "n_met", "n_on_track", "n_behind", "n_no_data")} == {
        "n": 172, "n_met": 26, "n_on_track": 77, "n_behind": 51, "n_no_data": 18}
    bad = subprocess.run(
        [sys.executable, "-m", "ledger", "status", "--by", "planet", "--db", sample_db],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert bad.returncode == 1 and "未知的汇总方式" in bad.stderr + bad.stdout


def test_score_and_status_tell_one_story(ctx) -> None:
    """As of 2023-03 the old score was 53 while 139 of 172 items were 正常."""
    early = views.snapshot(ctx.store, ctx.bundle, "2023-03").status
    summary = metrics.overall(early)
    good = summary["n_met"] + summary["n_on_track"]
    assert good / (summary["n"] - summary["n_no_data"]) > 0.8
    assert summary["score"] > 90  # mostly on schedule → a high score
    assert summary["annual"] < 60  # a quarter into the year, far from the year's targets
    assert (early.loc[early["status"].isin(["达标", "正常"]), "score"] == 100).all()


def test_weights_come_from_the_shipped_catalog(ctx, snap) -> None:
    assert set(snap.indicators["weight"]) == {1.0} and set(snap.indicators["category_weight"]) == {1.0}
    heavy = [i if i.id != "K07" else i.__class__(**{**i.__dict__, "extra": {"weight": 5.0}})
             for i in ctx.bundle.indicators]
    stored = views.catalog(ctx.store, ctx.bundle.ledger, heavy, 2023)  # the store's catalog + weights
    assert {i.id: i.extra.get("weight") for i in stored}["K07"] == 5.0


# --- what the tables show ------------------------------------------------------------------------------


def test_display_rows_have_no_none_nan_or_na(snap) -> None:
    frames = [
        (snap.status, ["name", "county", "period", "actual", "expected", "target", "unit", "attainment",
                       "score", "annual", "status"]),
        (snap.tasks, ["task", "title", "county", "period", "state", "percent", "status", "completion"]),
        (views.behind(snap.status, snap.tasks), ["kind", "status", "name", "department", "county", "period",
                                                 "figure", "actual", "expected", "target", "percent"]),
    ]
    for lang in ("zh", "en"):
        for frame, columns in frames:
            shown = views.display_rows(frame, columns, lang)
            cells = set(shown.to_numpy().ravel().tolist())
            assert not cells & {"None", "nan", "NaN", "<NA>", "empty", "NaT"}
            assert not shown.isna().any().any()
            if lang == "en" and "county" in columns:
                assert "全市" not in cells and "City-wide" in cells


def test_display_rows_precision_marks_and_stale(snap) -> None:
    row = snap.status[snap.status["stale"]].iloc[[0]]
    shown = views.display_rows(row, ["status", "period", "actual"], "zh").iloc[0].tolist()
    assert shown[0].startswith(("▼ ", "● ", "✓ ", "× "))
    assert shown[1] == f"数据截至 {row['period'].iloc[0]}"
    means = pd.DataFrame({"actual": [37.39726], "target": [50.0], "unit": ["%"]})
    assert views.display_rows(means, ["actual"]).iloc[0, 0] == "37.4"


def test_behind_list_covers_indicators_and_tasks(snap) -> None:
    late = views.behind(snap.status, snap.tasks)
    assert set(late["kind"]) == {views.INDICATOR, views.TASK}
    assert set(late["status"]) <= {BEHIND, OVERDUE}
    assert (late["kind"] == views.TASK).sum() == (snap.tasks["status"] == BEHIND).sum()
    tasks = late[late["kind"] == views.TASK]
    assert tasks["name"].str.match(r"^\d+\.\d+ \S").all()  # "1.1 推进准入准营便利化"
    assert late["kind"].tolist() == sorted(late["kind"].tolist(), key=lambda k: k == views.TASK)


def test_task_states_count_every_task_item(snap) -> None:
    states = views.task_states(snap.tasks)
    assert sum(states.values()) == len(snap.tasks) == 258
    assert states[None] == 17 and states["推进中"] == 168


def test_english_history_names_sheets_in_english(ctx) -> None:
    rows = views.history_rows(ctx.store.history(), "en")
    assert "指标进度" not in " ".join(rows["rows"]) and "Indicator progress" in " ".join(rows["rows"])


# --- downloads: formulas neutralised ---------------------------------------------------------------------


def test_csv_download_neutralises_formulas() -> None:
    frame = pd.DataFrame({"名称": ['=HYPERLINK("http://x","点我")', "=DDE(\"cmd\";\"/c calc\";\"A1\")",
                                  "+1+1", "-2+3", "@SUM(A1)", "正常文字"], "n": ["1", "2", "3", "4", "5", "6"]})
    text = widgets.csv_bytes(frame).decode("utf-8-sig")
    lines = text.splitlines()[1:]
    assert [line.split(",")[0].strip('"')[:2] for line in lines[:5]] == ["'=", "'=", "'+", "'-", "'@"]
    assert lines[5].startswith("正常文字")
    assert not any(line.startswith(("=", "+", "-", "@")) for line in lines)


# --- caches every session shares (ui/data.py) --------------------------------------------------------------


def test_one_cache_entry_per_resolved_period_and_it_survives_clear_cache(sample_db, monkeypatch) -> None:
    monkeypatch.setenv("LEDGER_DB", sample_db)
    data.clear()
    first = data.snapshot(None)
    assert data.snapshot("2023-09") is first  # None and the default month are one entry
    assert data.snapshot("2099-01") is first  # a month without data means the default
    assert data.snapshot("2023-08") is not first
    # what a client's clear_cache message empties (st.cache_data, st.cache_resource) is not where it lives
    st.cache_data.clear()
    st.cache_resource.clear()
    assert data.snapshot(None) is first
    assert data.periods()[1] == "2023-09"


def test_caches_follow_the_data_version_and_stay_bounded(sample_db, tmp_path, monkeypatch) -> None:
    url = copy_db(sample_db, tmp_path)
    monkeypatch.setenv("LEDGER_DB", url)
    data.clear()
    before = data.snapshot(None)
    for month in ("2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08"):
        data.snapshot(month)
    assert len(data._snapshots._items) <= data._snapshots.size
    with Store.from_url(url) as store:
        frame = october(service.open_context(url), n=160)
        store.commit(frame, user="t", file_name="10月.xlsx", sha256="2" * 64)
    after = data.snapshot(None)
    assert after is not before and after.as_of == "2023-10"  # 160/172 ≥ 80 %: October is complete
    assert all(k[1] == data.version() for k in data._snapshots._items)  # older versions dropped


def test_settings_are_read_in_one_place(monkeypatch) -> None:
    monkeypatch.setenv("LEDGER_MAX_UPLOAD_MB", "7")
    assert data.settings().max_upload_mb == 7
    monkeypatch.setenv("LEDGER_MAX_UPLOAD_MB", "9")
    assert data.settings().max_upload_mb == 9


def test_city_wide_rows_stay_out_of_the_county_ranking(snap) -> None:
    assert CITY_WIDE not in views.rollup_rows(snap.status, "county")["county"].tolist()


def test_indicator_and_category_weights_reach_the_score(ctx, snap, tmp_path) -> None:
    """`weight` in the city file's indicators.csv and [category_weights] in its config.toml."""
    import dataclasses

    from ledger.catalog import file_weights

    source = ctx.bundle.config.indicators_path
    if not source.is_file():
        source = ROOT / "data" / "indicators.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    heavy = [lines[0]] + [line + "4" if line.startswith("K07,") else line for line in lines[1:]]
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join(heavy) + "\n", encoding="utf-8")
    assert file_weights(path) == {"K07": 4.0}
    config = dataclasses.replace(ctx.bundle.config, indicators_path=path,
                                 category_weights={"强化关键领域改革": 0.0})
    weighted = views.snapshot(ctx.store, dataclasses.replace(ctx.bundle, config=config))
    got = weighted.indicators.set_index("indicator")
    assert got.loc["K07", "weight"] == 4.0 and got.loc["K01", "weight"] == 1.0
    assert set(weighted.status.loc[weighted.status["indicator"] == "K07", "category_weight"]) == {0.0}
    # the first category weighs nothing now: the overall is the mean of the other two categories
    cats = metrics.by_category(snap.status).set_index("category")["score"]
    assert metrics.overall_score(weighted.status) == pytest.approx(
        (cats["强化全生命周期服务"] + cats["强化精准有效治理"]) / 2)
