"""What the pages show, computed from the store once per (data version, as-of period).

A :class:`Snapshot` holds every assigned (indicator × department × county) with its status and every
(task × department × county) with its reported state, as of one period. Filters (county, department)
are cheap row selections on a snapshot, so a filter change never recomputes metrics.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import metrics
from .assign import indicator_keys, task_keys
from .catalog import frame_to_indicators, indicators_frame
from .model import BEHIND, CITY_WIDE, OVERDUE, Indicator, Ledger
from .store import Store

ALL = "全部"


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters. ``county``: 全部, 全市 or a county; ``department``: 全部 or a name."""

    county: str = ALL
    department: str = ALL
    period: str | None = None


@dataclass(frozen=True)
class Snapshot:
    as_of: str | None
    previous: str | None
    periods: list[str]
    indicators: pd.DataFrame  # catalog (+ category)
    status: pd.DataFrame  # metrics.indicator_status over all assigned keys
    previous_status: pd.DataFrame | None
    tasks: pd.DataFrame  # metrics.task_status over all assigned keys
    progress: pd.DataFrame  # all current progress records (for trends), periods <= as_of
    sample: bool  # some of the data shown comes from a sample import

    @property
    def has_data(self) -> bool:
        return bool(self.periods)


def catalog(store: Store, ledger: Ledger, fallback: list[Indicator], plan_year: int) -> list[Indicator]:
    """The indicator catalog in force: the store's (analysts may edit it), else the shipped file."""
    stored = store.targets()
    return frame_to_indicators(stored, plan_year) if len(stored) else list(fallback)


def shows_sample(history: pd.DataFrame) -> bool:
    """True when a sample import is part of the current data (not reverted)."""
    if history.empty:
        return False
    return bool((history["sample"] & history["reverted_by"].isna()).any())


def snapshot(store: Store, bundle, as_of: str | None = None) -> Snapshot:
    """Compute everything the pages need as of ``as_of`` (default: the latest period with data)."""
    cfg = bundle.config
    indicators = catalog(store, bundle.ledger, bundle.indicators, cfg.plan_year)
    ind_frame = indicators_frame(indicators, bundle.ledger)
    progress = store.progress()
    task_records = store.task_status()
    periods = sorted(set(progress["period"]) | set(task_records["period"]))
    if as_of is None or as_of not in periods:
        as_of = periods[-1] if periods else None
    previous = metrics.previous_period(periods, as_of) if as_of else None
    ikeys = indicator_keys(bundle.ledger, indicators, cfg)
    status = metrics.indicator_status(ind_frame, progress, as_of, cfg.plan_start, keys=ikeys)
    prev_status = (
        metrics.indicator_status(ind_frame, progress, previous, cfg.plan_start, keys=ikeys)
        if previous
        else None
    )
    tasks = metrics.task_status(
        task_records, as_of, cfg.plan_start, cfg.plan_end, keys=task_keys(bundle.ledger, cfg)
    )
    categories = {t.id: t.category for t in bundle.ledger.tasks}
    tasks = tasks.assign(category=tasks["task"].map(categories))
    shown = progress[progress["period"] <= as_of] if as_of else progress.iloc[0:0]
    return Snapshot(
        as_of=as_of,
        previous=previous,
        periods=periods,
        indicators=ind_frame,
        status=status,
        previous_status=prev_status,
        tasks=tasks,
        progress=shown.reset_index(drop=True),
        sample=shows_sample(store.history()),
    )


def apply(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of ``frame`` (with county/department columns) that match the filters."""
    mask = pd.Series(True, index=frame.index)
    if filters.county != ALL:
        mask &= frame["county"] == filters.county
    if filters.department != ALL:
        mask &= frame["department"] == filters.department
    return frame[mask]


def behind(status: pd.DataFrame) -> pd.DataFrame:
    """滞后 and 逾期 items, worst first, with who is responsible."""
    rows = status[status["status"].isin([OVERDUE, BEHIND])]
    order = {OVERDUE: 0, BEHIND: 1}
    return (
        rows.assign(_o=rows["status"].map(order)).sort_values(["_o", "score", "indicator"]).drop(columns="_o")
    )


def county_options(bundle) -> list[str]:
    return [ALL, CITY_WIDE, *bundle.config.county_names]


def score_delta(snap: Snapshot, filters: Filters) -> float | None:
    """Overall score now minus at the previous period, for the filtered items (None without one)."""
    if snap.previous_status is None:
        return None
    now = metrics.overall_score(apply(snap.status, filters))
    before = metrics.overall_score(apply(snap.previous_status, filters))
    if pd.isna(now) or pd.isna(before):
        return None
    return float(now - before)


def expected_series(indicator: pd.Series, periods: list[str], plan_start) -> pd.DataFrame:
    """The 序时进度 line of one catalog row over the given periods (period, expected)."""
    baseline = indicator["baseline"]
    rows = []
    for p in periods:
        fraction = metrics.elapsed_fraction(p, plan_start, indicator["deadline"])
        value = metrics.expected_value(
            indicator["target"], indicator["direction"], None if pd.isna(baseline) else baseline, fraction
        )
        rows.append((p, value))
    return pd.DataFrame(rows, columns=["period", "expected"])


def highlight_targets(text: str, clauses: list[str]) -> str:
    """The task text with each target clause wrapped in 【】 so it stands out in a table."""
    for clause in sorted(set(clauses), key=len, reverse=True):
        if clause:
            text = text.replace(clause, f"【{clause}】", 1)
    return text


def task_table(snap: Snapshot, ledger: Ledger, filters: Filters) -> pd.DataFrame:
    """One row per task: its ledger columns plus the filtered latest status, percent and completion.

    Status is the worst among the task's reports (and its indicators' statuses); percent the mean
    reported; completion the reports' 工作完成情况 texts, latest period first.
    """
    tasks = apply(snap.tasks, filters)
    inds = apply(snap.status, filters)
    by_task_ind = inds.groupby("task")["status"].agg(list) if len(inds) else pd.Series(dtype=object)
    rows = []
    for task in ledger.tasks:
        mine = tasks[tasks["task"] == task.id]
        statuses = list(mine["status"]) + list(by_task_ind.get(task.id, []))
        reported = [s for s in statuses if s != metrics.NO_DATA]
        worst = next((s for s in metrics.STATUS_SEVERITY if s in reported), metrics.NO_DATA)
        texts = mine[
            mine["completion"].astype("str").str.strip().ne("") & mine["completion"].notna()
        ].sort_values("period", ascending=False)
        completion = "；".join(dict.fromkeys(texts["completion"].astype(str)).keys())
        percent = mine["percent"].mean() if mine["percent"].notna().any() else float("nan")
        rows.append(
            {
                "task": task.id,
                "category": task.category,
                "title": task.title,
                "text": highlight_targets(task.text, [g.text for g in task.targets]),
                "targets": "；".join(f"{g.op}{g.value:g}{g.unit}" for g in task.targets),
                "departments": "、".join(task.departments),
                "counties": task.counties,
                "status": worst,
                "percent": percent,
                "completion": completion,
            }
        )
    return pd.DataFrame(rows)


def search(frame: pd.DataFrame, query: str, columns: list[str]) -> pd.DataFrame:
    """Rows where any of ``columns`` contains every whitespace-separated word of ``query``."""
    words = query.split()
    if not words:
        return frame
    haystack = frame[columns].astype(str).agg(" ".join, axis=1)
    mask = pd.Series(True, index=frame.index)
    for w in words:
        mask &= haystack.str.contains(w, regex=False, case=False)
    return frame[mask]
