"""The pages' figures read from aggregates computed in the database (``Store.latest`` / ``Store.recent``
/ ``Store.progress_of``) are the figures the pandas path computes from every stored record
(``metrics.latest_as_of`` over ``Store.progress()``): on the shipped sample and on a generated city, with
corrections, a revert (tombstones), several plan years in one database, SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from bench import gen
from ledger import metrics, projection, service, views
from ledger.assign import indicator_keys, task_keys
from ledger.model import PROGRESS_KEY
from ledger.store import SHEET_PROGRESS, SHEET_TASKS, Store


def pandas_path(store: Store, bundle, snap: views.Snapshot) -> dict[str, pd.DataFrame | None]:
    """What the snapshot held before issue 14: every current record read, latest-as-of in pandas."""
    cfg, as_of = bundle.config, snap.as_of
    progress = store.progress(columns=[*PROGRESS_KEY, "actual"])
    ikeys = indicator_keys(bundle.ledger, bundle.indicators, cfg)
    status = metrics.indicator_status(snap.indicators, progress, as_of, cfg.plan_start, keys=ikeys)
    previous = None
    if snap.previous:
        previous = metrics.indicator_status(snap.indicators, progress, snap.previous, cfg.plan_start, keys=ikeys)
    tasks = metrics.task_status(store.task_status(), as_of, cfg.plan_start, cfg.plan_end,
                                keys=task_keys(bundle.ledger, cfg))
    shown = progress[progress["period"] <= as_of]
    return {"status": status, "previous": previous, "tasks": tasks,
            "projection": projection.project(status, shown, as_of, cfg.plan_start)}


def assert_same_figures(ctx: service.Context) -> int:
    """Every period's snapshot (and the default one) against the pandas path; returns the periods."""
    periods = ctx.store.periods()["period"].tolist()
    assert periods
    for as_of in [None, *periods]:
        snap = views.snapshot(ctx.store, ctx.bundle, as_of)
        indicators = views.catalog(ctx.store, ctx.bundle.ledger, ctx.bundle.indicators, ctx.bundle.config.plan_year)
        bundle = dataclasses.replace(ctx.bundle, indicators=indicators)
        want = pandas_path(ctx.store, bundle, snap)
        pd.testing.assert_frame_equal(snap.status, want["status"])
        if want["previous"] is None:
            assert snap.previous_status is None
        else:
            pd.testing.assert_frame_equal(snap.previous_status, want["previous"])
        pd.testing.assert_frame_equal(snap.tasks.drop(columns=["category", "title"]), want["tasks"])
        got = projection.project(snap.status, snap.recent, snap.as_of, ctx.bundle.config.plan_start)
        pd.testing.assert_frame_equal(got, want["projection"])
        assert snap.recent.groupby(list(metrics.INDICATOR_KEY), observed=True).size().max() <= projection.WINDOW
        # one indicator's trend: the records the page used to filter out of every record
        first = snap.indicators["indicator"].iloc[0]
        every = ctx.store.progress(columns=[*PROGRESS_KEY, "actual"])
        expect = every[(every["indicator"] == first) & (every["period"] <= snap.as_of)].reset_index(drop=True)
        trend = views.trend(ctx.store, first, snap.as_of).astype({k: "str" for k in PROGRESS_KEY})
        pd.testing.assert_frame_equal(trend, expect)
    return len(periods)


def test_sample_sql_equals_pandas(store_url):
    ctx = service.open_context(store_url)
    service.bootstrap(ctx, sample=True)
    assert assert_same_figures(ctx) == 9
    # a correction (several records of a key), a blank figure, then a revert (tombstones)
    progress = ctx.store.latest(SHEET_PROGRESS, "2023-09")
    changed = progress.head(40).assign(actual=lambda f: f["actual"] + 1.5)
    changed.loc[changed.index[:5], "actual"] = float("nan")
    later = progress.head(10).assign(period="2023-10", actual=1.0)
    ctx.store.commit(pd.concat([changed, later]), user="t", file_name="a.xlsx", sha256="a" * 64)
    result = ctx.store.commit(progress.iloc[40:60].assign(period="2023-10", actual=2.0), user="t",
                              file_name="b.xlsx", sha256="b" * 64)
    ctx.store.revert(result.import_id, user="t")
    tasks = ctx.store.latest(SHEET_TASKS, "2023-09").head(20).assign(period="2023-10", status="已完成")
    ctx.store.commit(tasks=tasks, user="t", file_name="c.xlsx", sha256="c" * 64)
    assert assert_same_figures(ctx) == 10
    ctx.store.dispose()


def test_generated_city_over_several_plan_years(store_url, tmp_path: Path):
    """Two plan years of a generated city in one database (each its own ledger): each year's figures
    are the pandas path's over its own records only."""
    base = service.open_context(store_url)
    for year, months in ((2023, 12), (2024, 5)):
        region = gen.write_region(tmp_path / str(year), name="兰州市", cities={"兰州市": gen.PROVINCE_CITIES["兰州市"]},
                                  departments=gen.CITY_DEPARTMENTS, plan_year=year, tasks_per_category=2)
        service.bootstrap(base, sample=False, config_path=region.folder)
        ctx = service.open_context(store_url, ledger=region.bundle.config.ledger_id)
        keys = len(indicator_keys(region.bundle.ledger, region.bundle.indicators, region.bundle.config))
        progress, tasks = gen.frames_for(region.bundle, int(keys * 0.9) * months)
        ctx.store.commit(progress, tasks, user="t", file_name=f"{year}.xlsx", sha256=f"{year}" * 16)
        assert assert_same_figures(ctx) == months
        assert {p[:4] for p in ctx.store.periods()["period"]} == {str(year)}
        ctx.store.dispose()
    base.store.dispose()


def grouped_mean(frame: pd.DataFrame, col: str, ids, n_groups: int):
    """The roll-up's nested mean as pandas' groupbys computed it before issue 14 (the reference)."""
    import numpy as np

    values = metrics._capped(frame, col)
    keep = ~np.isnan(values)
    out = np.full(n_groups, np.nan)
    if not keep.any():
        return out
    work = pd.DataFrame({"g": ids[keep], "c": metrics._codes(frame, "category")[keep],
                         "i": metrics._codes(frame, "indicator")[keep], "v": values[keep],
                         "w": metrics._weights(frame, "weight")[keep],
                         "cw": metrics._weights(frame, "category_weight")[keep]})
    ind = work.groupby(["g", "c", "i"], sort=False).agg(v=("v", "mean"), w=("w", "first"), cw=("cw", "first"))
    ind = ind.assign(wv=ind["v"] * ind["w"]).reset_index()
    cat = ind.groupby(["g", "c"], sort=False).agg(wv=("wv", "sum"), w=("w", "sum"), cw=("cw", "first"))
    cat = cat[cat["w"] > 0]
    cat = cat.assign(cwv=cat["wv"] / cat["w"] * cat["cw"]).reset_index()
    top = cat.groupby("g", sort=False).agg(cwv=("cwv", "sum"), cw=("cw", "sum"))
    top = top[top["cw"] > 0]
    out[top.index.to_numpy(dtype=np.int64)] = (top["cwv"] / top["cw"]).to_numpy(dtype=float)
    return out


def test_nested_mean_matches_grouped_pandas():
    import numpy as np

    rng = np.random.default_rng(14)
    for _ in range(200):
        n = int(rng.integers(1, 300))
        frame = pd.DataFrame({
            "indicator": rng.choice([f"K{i}" for i in range(12)], n),
            "category": rng.choice(["甲", "乙", "丙"], n),
            "score": np.where(rng.random(n) < 0.2, np.nan, rng.uniform(-20, 130, n)),
            "weight": rng.choice([0.0, 0.5, 1.0, 2.0, np.nan], n),
            "category_weight": rng.choice([0.0, 1.0, 3.0], n),
        })
        groups = int(rng.integers(1, 6))
        ids = rng.integers(0, groups, n)
        got = metrics._nested_mean(frame, "score", ids, groups)
        np.testing.assert_allclose(got, grouped_mean(frame, "score", ids, groups), rtol=1e-12, atol=1e-9)
