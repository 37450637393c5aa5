"""Metrics: attainment, score, schedule (序时进度) and status, as of a period (DESIGN §1 Metrics).

Pure functions over the tidy frames declared in :mod:`ledger.model`; no function mutates a frame it
is given, and nothing here reads the clock: every status is computed *as of* a ``YYYY-MM`` period.

Conventions (the design is silent on these; chosen here and documented once):

- **Elapsed fraction** counts calendar days inclusively: ``(period_end - plan_start + 1 day) /
  (deadline - plan_start + 1 day)``, clipped to [0, 1]. For plan 2023, 2023-06 → 181/365 ≈ 0.496 and
  2023-12 → 1.0.
- **Met** compares with a relative tolerance of 1e-9 so that 0.52 x 100 counts as 52.
- **Attainment** of a ``<=`` target with actual ≤ 0 (e.g. 0 working days) is 1.0 and met; a ``>=``
  target of 0 has attainment 1.0 when actual ≥ 0 (else 0.0).
- **Score** (得分, column ``score``) is measured against the 序时进度, so that it tells the same story as
  the status: an item that is met or on schedule scores 100, one behind schedule scores the share of
  the way it has come of the way it should have come by now, ``(actual - start) / (expected - start)``
  clipped to [0, 1], where ``start`` is the baseline when it lies on the far side of the target, else
  0. A ``<=`` target without such a baseline is a standard that holds all year: its score is capped
  attainment ``target / actual``. So ``score == 100`` exactly when the status is 达标 or 正常.
- **Annual completion** (年度完成度, column ``annual``) is measured against the year's target: distance
  to frontier ``(actual - baseline) / (target - baseline)`` where the baseline lies on the far side of
  the target, otherwise capped attainment; a met indicator has 100.
- **Roll-ups** aggregate as Doing Business does: items → indicator (mean over its departments ×
  areas) → category (weighted mean of its indicators) → overall (weighted mean of the categories).
  Weights come from the optional ``weight`` (per indicator) and ``category_weight`` columns of the
  frame; a missing weight is 1. Items without a figure (无数据) are left out of the means and counted.
- **Stale** (``stale``): an item whose latest report is from a period before the as-of period (数据截至
  an earlier month); it counts as 未按期报送 and keeps the status its last figure earns now.
- A missing target gives 无数据 (nothing to judge against); a missing deadline means 31 December of
  the plan year.
- :func:`latest_as_of` takes the latest record per key even if its ``actual`` is blank (a blank
  report shows as 无数据); among several records of the same period, the last one in frame order wins.
"""

from __future__ import annotations

import calendar
import dataclasses
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from .model import (
    BEHIND,
    CITY_WIDE,
    GE,
    LE,
    MET,
    NO_DATA,
    ON_TRACK,
    OVERDUE,
    STATUS_SEVERITY,
    STATUSES,
)

__all__ = [
    "BEHIND",
    "CATALOG_EXTRAS",
    "CITY_WIDE",
    "COMPLETE_SHARE",
    "GE",
    "INDICATOR_KEY",
    "INDICATOR_STATUS_COLUMNS",
    "LE",
    "MET",
    "NO_DATA",
    "ON_TRACK",
    "OVERDUE",
    "ROLLUP_COLUMNS",
    "ROLLUP_COUNT_COLUMNS",
    "STATUSES",
    "STATUS_SEVERITY",
    "TASK_STATUS_COLUMNS",
    "TASK_STATUS_KEY",
    "annual_score",
    "attainment",
    "by_category",
    "by_county",
    "by_department",
    "decimals",
    "default_period",
    "elapsed_fraction",
    "expected_value",
    "indicator_status",
    "is_met",
    "latest_as_of",
    "map_task_state",
    "overall",
    "overall_score",
    "period_coverage",
    "period_end",
    "previous_period",
    "rollup",
    "schedule_score",
    "score_change",
    "status",
    "status_counts",
    "task_status",
]

#: One indicator figure is reported per (indicator, department, county).
INDICATOR_KEY = ["indicator", "department", "county"]
#: One task status is reported per (task, department, county).
TASK_STATUS_KEY = ["task", "department", "county"]

#: Columns of :func:`indicator_status` (plus ``category`` at the end when the catalog has one).
INDICATOR_STATUS_COLUMNS = [
    "indicator", "name", "task", "department", "county", "period", "actual", "target", "unit",
    "direction", "baseline", "deadline", "expected", "attainment", "score", "annual", "status", "stale",
]
#: Optional catalog columns carried through :func:`indicator_status` (after the columns above).
CATALOG_EXTRAS = ["category", "weight", "category_weight"]
#: Columns of :func:`task_status`; ``state`` is the reported 未启动/推进中/已完成/滞后.
TASK_STATUS_COLUMNS = [
    "task", "department", "county", "period", "state", "percent", "completion", "score", "status",
]
#: Count columns of :func:`rollup`, in the order of :data:`STATUSES`.
ROLLUP_COUNT_COLUMNS = {
    MET: "n_met", ON_TRACK: "n_on_track", BEHIND: "n_behind", OVERDUE: "n_overdue", NO_DATA: "n_no_data",
}
#: Default share of expected reports that makes a month complete enough to be the default as-of month.
COMPLETE_SHARE = 0.8

# Task states (model.TASK_STATES) mapped to the indicator status vocabulary.
_NOT_STARTED, _IN_PROGRESS, _DONE, _LATE = "未启动", "推进中", "已完成", "滞后"
_TASK_STATE_STATUS = {_DONE: MET, _IN_PROGRESS: ON_TRACK, _LATE: BEHIND}
#: A task still 未启动 once this fraction of the plan period has elapsed is 滞后.
NOT_STARTED_GRACE = 0.25

_REL_TOL = 1e-9


# --- small conversions -------------------------------------------------------------------------

def _num(x: object) -> float:
    """A float, with None / pd.NA / NaT / unparsable values as NaN."""
    if x is None:
        return np.nan
    try:
        if pd.isna(x):  # type: ignore[arg-type]
            return np.nan
    except (TypeError, ValueError):
        pass
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan


def _to_date(x: object) -> date | None:
    """``date``, ``datetime``, ``Timestamp`` or ISO text → ``date``; missing → None."""
    if x is None:
        return None
    if isinstance(x, datetime):  # Timestamp is a datetime
        return None if pd.isna(x) else x.date()
    if isinstance(x, date):
        return x
    if isinstance(x, str):
        return pd.Timestamp(x).date()
    if pd.isna(x):  # type: ignore[arg-type]
        return None
    return pd.Timestamp(x).date()  # type: ignore[arg-type]


def _check_directions(direction: np.ndarray) -> np.ndarray:
    """Boolean mask of ``>=`` rows; raises ValueError on anything but ``>=`` / ``<=``."""
    bad = ~np.isin(direction, [GE, LE])
    if bad.any():
        raise ValueError(f"direction must be {GE!r} or {LE!r}, got {sorted(set(map(str, direction[bad])))}")
    return direction == GE


def _farr(values: object) -> np.ndarray:
    return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=float)


# --- vectorised core (the scalar functions below wrap these, so both always agree) -------------

def _attainment_v(a: np.ndarray, t: np.ndarray, ge: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ge_val = np.where(t == 0, np.where(a >= 0, 1.0, 0.0), a / t)
        le_val = np.where(a <= 0, 1.0, t / a)
    out = np.where(ge, ge_val, le_val)
    out[np.isnan(a) | np.isnan(t)] = np.nan
    return out


def _met_v(a: np.ndarray, t: np.ndarray, ge: np.ndarray) -> np.ndarray:
    tol = _REL_TOL * np.maximum(1.0, np.abs(np.nan_to_num(t)))
    with np.errstate(invalid="ignore"):
        out = np.where(ge, a >= t - tol, a <= t + tol)
    return out & ~np.isnan(a) & ~np.isnan(t)


def _far_baseline(t: np.ndarray, ge: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows whose baseline lies on the far side of the target (below it for ``>=``, above for ``<=``)."""
    with np.errstate(invalid="ignore"):
        return np.where(ge, b < t, b > t) & ~np.isnan(b)


def _annual_v(a: np.ndarray, t: np.ndarray, ge: np.ndarray, b: np.ndarray) -> np.ndarray:
    capped = np.clip(_attainment_v(a, t, ge), 0.0, 1.0)
    far_side = _far_baseline(t, ge, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        dtf = np.clip((a - b) / (t - b), 0.0, 1.0)
    out = np.where(far_side, dtf, capped) * 100.0
    out = np.where(_met_v(a, t, ge), 100.0, out)
    out[np.isnan(a) | np.isnan(t)] = np.nan
    return out


def _expected_v(t: np.ndarray, ge: np.ndarray, b: np.ndarray, f: np.ndarray) -> np.ndarray:
    has_b = ~np.isnan(b)
    start = np.where(has_b, b, 0.0)
    line = start + (t - start) * f
    return np.where(ge | has_b, line, t)


def _on_track_v(a: np.ndarray, ge: np.ndarray, expected: np.ndarray) -> np.ndarray:
    tol = _REL_TOL * np.maximum(1.0, np.abs(np.nan_to_num(expected)))
    with np.errstate(invalid="ignore"):
        return np.where(ge, a >= expected - tol, a <= expected + tol) & ~np.isnan(a) & ~np.isnan(expected)


def _schedule_v(
    a: np.ndarray, t: np.ndarray, ge: np.ndarray, b: np.ndarray, expected: np.ndarray
) -> np.ndarray:
    """Score 0-100 against the 序时进度: 100 when met or on schedule, else the share of the way come."""
    far = _far_baseline(t, ge, b)
    start = np.where(far, b, 0.0)
    span = expected - start
    on_track = _on_track_v(a, ge, expected)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(np.abs(span) > 1e-12, (a - start) / span, np.where(on_track, 1.0, 0.0))
    # a <= target without a far baseline is a standard that holds all year: capped target / actual
    ratio = np.where(~ge & ~far, _attainment_v(a, t, ge), ratio)
    out = np.clip(ratio, 0.0, 1.0) * 100.0
    out = np.where(_met_v(a, t, ge) | on_track, 100.0, out)
    out[np.isnan(a) | np.isnan(t) | np.isnan(expected)] = np.nan
    return out


def _status_v(
    a: np.ndarray, t: np.ndarray, ge: np.ndarray, expected: np.ndarray, overdue: np.ndarray
) -> np.ndarray:
    on_track = _on_track_v(a, ge, expected)
    out = np.select(
        [np.isnan(a) | np.isnan(t), _met_v(a, t, ge), overdue, on_track],
        [NO_DATA, MET, OVERDUE, ON_TRACK],
        default=BEHIND,
    )
    return out.astype(object)


def _fraction_v(end: date, plan_start: date, deadlines: pd.Series) -> np.ndarray:
    """Elapsed fraction per row: ``deadlines`` is datetime-like (NaT already filled)."""
    start = pd.Timestamp(plan_start)
    num = (pd.Timestamp(end) - start).days + 1
    den = (deadlines - start).dt.days.to_numpy(dtype=float) + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(den > 0, num / den, np.where(num >= den, 1.0, 0.0))
    return np.clip(f, 0.0, 1.0)


# --- scalar API ----------------------------------------------------------------------------------

def _one(direction: str) -> np.ndarray:
    return _check_directions(np.array([direction], dtype=object))


def attainment(actual: float | None, target: float, direction: str) -> float:
    """Uncapped attainment: ``actual/target`` for ``>=``, ``target/actual`` for ``<=``.

    ``<=`` with actual ≤ 0 (0 days) → 1.0 (met); ``>=`` with target 0 → 1.0 if actual ≥ 0 else 0.0;
    missing actual or target → NaN.
    """
    return float(_attainment_v(np.array([_num(actual)]), np.array([_num(target)]), _one(direction))[0])


def is_met(actual: float | None, target: float, direction: str) -> bool:
    """True when ``actual`` reaches the target in its direction (False for a missing actual)."""
    return bool(_met_v(np.array([_num(actual)]), np.array([_num(target)]), _one(direction))[0])


def annual_score(
    actual: float | None, target: float, direction: str, baseline: float | None = None
) -> float:
    """年度完成度 0 to 100 against the year's target: distance to frontier from ``baseline`` where
    usable, else capped attainment x 100. NaN for a missing actual or target.
    """
    return float(
        _annual_v(
            np.array([_num(actual)]), np.array([_num(target)]), _one(direction), np.array([_num(baseline)])
        )[0]
    )


def period_end(period: str) -> date:
    """Last day of the month of a ``YYYY-MM`` period (``YYYY-MM-DD`` text is accepted too)."""
    text = str(period).strip()
    try:
        year, month = int(text[:4]), int(text[5:7])
        return date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, IndexError) as exc:
        raise ValueError(f"period must look like YYYY-MM, got {period!r}") from exc


def elapsed_fraction(period: str, plan_start: date, deadline: date) -> float:
    """Share of the plan elapsed at the end of ``period``, counting days inclusively, in [0, 1]."""
    start, end = _to_date(plan_start), _to_date(deadline)
    if start is None or end is None:
        raise ValueError("plan_start and deadline are required")
    return float(_fraction_v(period_end(period), start, pd.Series(pd.to_datetime([end])))[0])


def expected_value(target: float, direction: str, baseline: float | None, fraction: float) -> float:
    """序时进度: value expected after ``fraction`` of the plan, on a line from baseline to target.

    Without a baseline a ``>=`` target starts from 0, and a ``<=`` target is a service standard that
    applies all year, so the expected value is the target itself.
    """
    f = np.clip(np.array([_num(fraction)]), 0.0, 1.0)
    return float(_expected_v(np.array([_num(target)]), _one(direction), np.array([_num(baseline)]), f)[0])


def _scalar_schedule(
    actual: float | None,
    target: float,
    direction: str,
    baseline: float | None,
    period: str,
    plan_start: date,
    deadline: date | None,
) -> tuple[np.ndarray, ...]:
    """One row's (actual, target, is-ge, baseline, expected, overdue) arrays as of ``period``."""
    start = _to_date(plan_start)
    if start is None:
        raise ValueError("plan_start is required")
    due = _to_date(deadline) or date(start.year, 12, 31)
    end = period_end(period)
    ge = _one(direction)
    f = _fraction_v(end, start, pd.Series(pd.to_datetime([due])))
    t, b = np.array([_num(target)]), np.array([_num(baseline)])
    return np.array([_num(actual)]), t, ge, b, _expected_v(t, ge, b, f), np.array([end > due])


def schedule_score(
    actual: float | None,
    target: float,
    direction: str,
    baseline: float | None,
    period: str,
    plan_start: date,
    deadline: date | None,
) -> float:
    """得分 0 to 100 as of ``period``: 100 when met or on schedule (序时进度), else the share of the way
    from the start (baseline, or 0) to the expected value covered; NaN for a missing actual or target."""
    a, t, ge, b, exp, _ = _scalar_schedule(actual, target, direction, baseline, period, plan_start, deadline)
    return float(_schedule_v(a, t, ge, b, exp)[0])


def status(
    actual: float | None,
    target: float,
    direction: str,
    baseline: float | None,
    period: str,
    plan_start: date,
    deadline: date | None,
) -> str:
    """Status as of ``period``: 无数据, 达标, 逾期 (deadline passed unmet), 正常 (on schedule) or 滞后."""
    a, t, ge, _, exp, overdue = _scalar_schedule(
        actual, target, direction, baseline, period, plan_start, deadline
    )
    return str(_status_v(a, t, ge, exp, overdue)[0])


# --- frames --------------------------------------------------------------------------------------

def _latest_period(frame: pd.DataFrame | None) -> str | None:
    if frame is None or "period" not in frame.columns:
        return None
    periods = frame["period"].dropna()
    return None if periods.empty else str(periods.max())


def _plain_keys(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Key columns only, categoricals as plain text (merging category against str is slow)."""
    out = frame[cols]
    conv = {c: "str" for c in cols if isinstance(out[c].dtype, pd.CategoricalDtype)}
    return out.astype(conv) if conv else out


def latest_as_of(progress: pd.DataFrame, as_of: str | None, key: list[str] | None = None) -> pd.DataFrame:
    """Latest record per key (default indicator, department, county) with ``period <= as_of``.

    ``as_of`` None means the latest period present. Keeps all columns, including the ``period`` of
    the record used; rows are ordered by key. A new frame: the input is untouched.
    """
    key = list(key or INDICATOR_KEY)
    if as_of is None:
        as_of = _latest_period(progress)
    if as_of is None:
        return progress.iloc[0:0].copy()
    sel = progress[progress["period"].notna() & (progress["period"].astype(str) <= str(as_of))]
    sel = sel.sort_values("period", kind="stable").drop_duplicates(key, keep="last")
    return sel.sort_values(key, kind="stable").reset_index(drop=True)


def indicator_status(
    indicators: pd.DataFrame,
    progress: pd.DataFrame | None,
    as_of: str | None,
    plan_start: date,
    keys: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (indicator, department, county) with its figure, schedule and status as of a period.

    ``keys`` (columns indicator, department, county) lists the combinations to report, so missing
    reports show as 无数据; None means the combinations present in ``progress``. Keys whose indicator
    is not in the catalog are dropped. ``as_of`` None means the latest period in ``progress``; with
    no progress at all every row is 无数据. ``score`` is measured against the 序时进度, ``annual``
    against the year's target; ``stale`` marks a figure reported before ``as_of``. Columns:
    :data:`INDICATOR_STATUS_COLUMNS` (+ those of :data:`CATALOG_EXTRAS` the catalog has).
    """
    start = _to_date(plan_start)
    if start is None:
        raise ValueError("plan_start is required")
    has_progress = progress is not None and not progress.empty and "period" in progress.columns
    if as_of is None and has_progress:
        as_of = _latest_period(progress)

    if keys is None:
        keys = _plain_keys(progress, INDICATOR_KEY) if has_progress else pd.DataFrame(columns=INDICATOR_KEY)
    else:
        keys = _plain_keys(keys, INDICATOR_KEY)
    keys = keys.drop_duplicates()

    extra = [c for c in CATALOG_EXTRAS if c in indicators.columns]
    cat_cols = ["indicator", "name", "task", "target", "unit", "direction", "deadline", "baseline", *extra]
    catalog = indicators[[c for c in cat_cols if c in indicators.columns]].drop_duplicates(
        "indicator", keep="last"
    )
    catalog = catalog.astype({"indicator": "str"}) if isinstance(
        catalog["indicator"].dtype, pd.CategoricalDtype
    ) else catalog
    frame = keys.merge(catalog, on="indicator", how="inner")

    if has_progress and as_of is not None:
        latest = latest_as_of(progress, as_of)
        latest = pd.concat([_plain_keys(latest, INDICATOR_KEY), latest[["period", "actual"]]], axis=1)
        frame = frame.merge(latest, on=INDICATOR_KEY, how="left")
    else:
        frame = frame.assign(period=np.nan, actual=np.nan)

    a = _farr(frame["actual"])
    t = _farr(frame["target"])
    b = _farr(frame["baseline"]) if "baseline" in frame.columns else np.full(len(frame), np.nan)
    ge = _check_directions(frame["direction"].to_numpy(dtype=object))
    attain = _attainment_v(a, t, ge)
    annual = _annual_v(a, t, ge, b)

    if as_of is not None and len(frame):
        end = period_end(as_of)
        due = pd.to_datetime(pd.Series(frame["deadline"].to_numpy(dtype=object)))
        due = due.fillna(pd.Timestamp(start.year, 12, 31))
        expected = _expected_v(t, ge, b, _fraction_v(end, start, due))
        overdue = (due < pd.Timestamp(end)).to_numpy()
        stat = _status_v(a, t, ge, expected, overdue)
        reported = frame["period"].notna().to_numpy() & ~np.isnan(a)
        periods = frame["period"].astype(object).where(frame["period"].notna(), "").astype(str)
        stale = reported & (periods.to_numpy(dtype=object) < str(as_of))
    else:
        expected = np.full(len(frame), np.nan)
        stat = np.full(len(frame), NO_DATA, dtype=object)
        stale = np.zeros(len(frame), dtype=bool)

    frame = frame.assign(
        actual=a, baseline=b, expected=expected, attainment=attain,
        score=_schedule_v(a, t, ge, b, expected), annual=annual,
        status=pd.Series(stat, index=frame.index, dtype=object).astype("str"),
        stale=stale,
    )
    cols = [c for c in INDICATOR_STATUS_COLUMNS if c in frame.columns] + extra
    return frame[cols].sort_values(INDICATOR_KEY, kind="stable").reset_index(drop=True)


def map_task_state(state: str, fraction: float) -> str:
    """A reported task state in the indicator vocabulary: 已完成→达标, 推进中→正常, 滞后→滞后,
    未启动→正常 while under a quarter of the plan has elapsed, else 滞后; anything else → 无数据."""
    if state == _NOT_STARTED:
        return ON_TRACK if fraction < NOT_STARTED_GRACE else BEHIND
    return _TASK_STATE_STATUS.get(state, NO_DATA)


def _records_frame(records: pd.DataFrame | Iterable[object] | None) -> pd.DataFrame:
    if records is None:
        return pd.DataFrame(columns=["period", *TASK_STATUS_KEY, "status", "percent", "completion"])
    if isinstance(records, pd.DataFrame):
        return records
    rows = [
        dataclasses.asdict(r) if dataclasses.is_dataclass(r) and not isinstance(r, type)
        else dict(r) if isinstance(r, Mapping) else r
        for r in records
    ]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return _records_frame(None)
    return frame


def task_status(
    tasks_frame_or_records: pd.DataFrame | Iterable[object] | None,
    as_of: str | None,
    plan_start: date,
    plan_end: date,
    keys: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Latest task-status record per (task, department, county) as of a period, with mapped status.

    Input: a 任务进展 frame (period, task, department, county, status, percent, completion) or records
    (dicts or dataclasses) with those fields. ``keys`` (task, department, county) lists the combinations
    to report (missing → 无数据); None means those present. Statuses follow :func:`map_task_state`;
    once ``as_of`` is past ``plan_end`` a task not 已完成 is 逾期. ``score`` is ``percent`` clipped to
    0-100 (100 for 已完成 without a percent). Columns: :data:`TASK_STATUS_COLUMNS`.
    """
    start, end = _to_date(plan_start), _to_date(plan_end)
    if start is None or end is None:
        raise ValueError("plan_start and plan_end are required")
    records = _records_frame(tasks_frame_or_records)
    if as_of is None:
        as_of = _latest_period(records)
    keys = _plain_keys(records if keys is None else keys, TASK_STATUS_KEY).drop_duplicates()

    if as_of is not None and "period" in records.columns:  # an empty frame too: the same dtypes
        latest = latest_as_of(records, as_of, key=TASK_STATUS_KEY)
        body = latest.reindex(columns=["period", "status", "percent", "completion"]).rename(
            columns={"status": "state"}
        )
        latest = pd.concat([_plain_keys(latest, TASK_STATUS_KEY), body], axis=1)
        frame = keys.merge(latest, on=TASK_STATUS_KEY, how="left")
    else:
        frame = keys.assign(period=np.nan, state=np.nan, percent=np.nan, completion=np.nan)

    fraction = elapsed_fraction(as_of, start, end) if as_of is not None else 0.0
    overdue = as_of is not None and period_end(as_of) > end
    states = frame["state"].to_numpy(dtype=object)
    mapped = [
        NO_DATA if not isinstance(s, str)
        else OVERDUE if overdue and s in (_NOT_STARTED, _IN_PROGRESS, _LATE)
        else map_task_state(s, fraction)
        for s in states
    ]
    pct = np.clip(_farr(frame["percent"]), 0.0, 100.0)
    pct = np.where(np.isnan(pct) & (states == _DONE), 100.0, pct)
    frame = frame.assign(
        percent=_farr(frame["percent"]), score=pct, status=pd.Series(mapped, index=frame.index, dtype="str")
    )
    return frame[TASK_STATUS_COLUMNS].sort_values(TASK_STATUS_KEY, kind="stable").reset_index(drop=True)


# --- roll-ups ------------------------------------------------------------------------------------

_REPORTED = [s for s in STATUS_SEVERITY if s != NO_DATA]
_REPORTED_RANK = {s: i for i, s in enumerate(_REPORTED)}


def _capped(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        return np.full(len(frame), np.nan)
    return np.clip(pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float), 0.0, 100.0)


def _weights(frame: pd.DataFrame, col: str) -> np.ndarray:
    """A weight column as floats: missing → 1, negative → 0 (absent column: all 1)."""
    if col not in frame.columns:
        return np.ones(len(frame))
    w = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
    return np.clip(np.where(np.isnan(w), 1.0, w), 0.0, None)


def _codes(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64) if col == "category" else np.arange(len(frame))
    return pd.factorize(frame[col], use_na_sentinel=False)[0]


def _first_groups(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Groups of rows by the combined ``codes``, numbered in order of first appearance (as pandas'
    ``groupby(sort=False)``) → (group number per row, first row of each group)."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for c in codes:
        c = c.astype(np.int64)
        key = key * (int(c.max()) + 1 if len(c) else 1) + c
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # sorted-key number → number by first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.reshape(-1)], first[order]


def _nested_mean(frame: pd.DataFrame, col: str, ids: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group: mean of ``col`` per indicator, weighted mean per category, weighted mean of those.

    Without an ``indicator`` column every row is its own indicator; without ``category`` all rows are
    one category. Rows without a value are left out; a group with none gets NaN. A weight is the first
    one of its indicator (category), in row order. Sums by ``np.bincount`` over group numbers: pandas'
    three nested groupbys cost 20× more, on every page run.
    """
    values = _capped(frame, col)
    keep = ~np.isnan(values)
    out = np.full(n_groups, np.nan)
    if not keep.any():
        return out
    g, c, i = ids[keep], _codes(frame, "category")[keep], _codes(frame, "indicator")[keep]
    v, w, cw = values[keep], _weights(frame, "weight")[keep], _weights(frame, "category_weight")[keep]
    # items → indicators: mean value, the indicator's weight and its category's
    ind, first = _first_groups(g, c, i)
    n = len(first)
    iv = np.bincount(ind, weights=v, minlength=n) / np.bincount(ind, minlength=n)
    iw, icw, ig, ic = w[first], cw[first], g[first], c[first]
    # indicators → categories: weighted mean (categories without weight left out)
    cat, cfirst = _first_groups(ig, ic)
    m = len(cfirst)
    swv = np.bincount(cat, weights=iv * iw, minlength=m)
    sw = np.bincount(cat, weights=iw, minlength=m)
    ccw, cg = icw[cfirst], ig[cfirst]
    ok = sw > 0
    cwv = np.where(ok, swv / np.where(ok, sw, 1.0) * ccw, 0.0)
    # categories → the group: weighted mean of the categories
    top = np.bincount(cg[ok], weights=cwv[ok], minlength=n_groups)
    tw = np.bincount(cg[ok], weights=ccw[ok], minlength=n_groups)
    has = tw > 0
    out[has] = top[has] / tw[has]
    return out


#: Columns of :func:`rollup` after the group keys.
ROLLUP_COLUMNS = [
    "score", "annual", "n", *ROLLUP_COUNT_COLUMNS.values(), "n_stale", "n_late", "status", "rank",
]


def rollup(status_frame: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Group items (indicator or task status rows) and summarise each group.

    Columns: ``by…``, then :data:`ROLLUP_COLUMNS`: score and annual (nested means of the capped
    ``score`` / ``annual`` columns: per indicator, per category weighted by ``weight``, overall
    weighted by ``category_weight``; NaN ignored), n, n_met, n_on_track, n_behind, n_overdue,
    n_no_data, n_stale (reported before the as-of period), n_late (滞后 + 逾期), status (worst by
    :data:`STATUS_SEVERITY` among the items that have data; 无数据 only when none has — the count of
    unreported items stays in ``n_no_data``), rank (1 = best score; ties share the lowest rank; NaN
    scores rank last). Sorted by rank, then by annual completion (best first), then the group keys.
    """
    by = [by] if isinstance(by, str) else list(by)
    counts = list(ROLLUP_COUNT_COLUMNS.values())
    columns = [*by, *ROLLUP_COLUMNS]
    if status_frame.empty:
        floats = ("score", "annual")
        return pd.DataFrame({c: pd.Series(dtype=float if c in floats else object) for c in columns})

    # Group numbers once, then counts by bincount over the few distinct statuses (grouping five count
    # columns and a text map row by row costs 6× more at 27k items).
    grouped = status_frame.groupby(by, dropna=False, sort=True, observed=True)
    ids = grouped.ngroup().to_numpy()
    out = grouped.size().index.to_frame(index=False)
    n_groups = len(out)
    codes, statuses = pd.factorize(status_frame["status"], use_na_sentinel=False)
    # unreported items sort after every reported status, so they decide only when alone
    ranks = [_REPORTED_RANK.get(s, len(STATUS_SEVERITY)) for s in statuses]
    sev_rows = np.array(ranks, dtype=np.int64)[codes]
    sev = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(sev, ids, sev_rows)
    tallies = {
        col: np.bincount(ids, weights=(statuses == s)[codes], minlength=n_groups).astype(np.int64)
        for s, col in ROLLUP_COUNT_COLUMNS.items()
    }
    stale = status_frame["stale"].to_numpy(dtype=bool) if "stale" in status_frame.columns else None
    out = out.assign(
        score=_nested_mean(status_frame, "score", ids, n_groups),
        annual=_nested_mean(status_frame, "annual", ids, n_groups),
        n=np.bincount(ids, minlength=n_groups).astype(np.int64),
        _sev=sev,
        **{c: tallies[c] for c in counts},
        n_stale=np.zeros(n_groups, dtype=np.int64) if stale is None
        else np.bincount(ids, weights=stale, minlength=n_groups).astype(np.int64),
    )
    out = out.assign(
        n_late=out["n_behind"] + out["n_overdue"],
        status=out["_sev"].map(dict(enumerate(_REPORTED))).fillna(NO_DATA).astype("str"),
        rank=out["score"].round(9).rank(method="min", ascending=False, na_option="bottom").astype(int),
        _annual=-out["annual"].fillna(-1.0).round(9),  # ties within float noise: then by the keys
    )
    return out.sort_values(["rank", "_annual", *by], kind="stable")[columns].reset_index(drop=True)


def by_department(status_frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`rollup` by ``department``."""
    return rollup(status_frame, "department")


def by_county(status_frame: pd.DataFrame, include_city_wide: bool = False) -> pd.DataFrame:
    """:func:`rollup` by ``county``; 全市 rows are left out unless ``include_city_wide``."""
    frame = status_frame if include_city_wide else status_frame[status_frame["county"] != CITY_WIDE]
    return rollup(frame, "county")


def by_category(status_frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`rollup` by ``category`` (the frame needs a ``category`` column); status = worst item's."""
    if "category" not in status_frame.columns:
        raise ValueError("by_category needs a 'category' column (add one to the indicator catalog)")
    return rollup(status_frame, "category")


def status_counts(status_frame: pd.DataFrame) -> dict[str, int]:
    """Number of items per status, for all five statuses in :data:`STATUSES` order (zeros included)."""
    found = status_frame["status"].value_counts() if "status" in status_frame.columns else {}
    return {s: int(found.get(s, 0)) for s in STATUSES}


def overall(status_frame: pd.DataFrame) -> dict[str, object]:
    """The whole frame as one :func:`rollup` group: ``{score, annual, n, n_met, …, status}``."""
    if status_frame.empty:
        row = {c: 0 for c in ROLLUP_COLUMNS}
        return {**row, "score": float("nan"), "annual": float("nan"), "status": NO_DATA, "rank": 1}
    one = rollup(status_frame.assign(_all=0), "_all").iloc[0]
    return {c: (one[c].item() if hasattr(one[c], "item") else one[c]) for c in ROLLUP_COLUMNS}


def overall_score(status_frame: pd.DataFrame) -> float:
    """The overall score: items → indicator → category → overall (see :func:`rollup`); NaN if no
    item has a score."""
    return float(overall(status_frame)["score"])


def score_change(
    indicators: pd.DataFrame,
    progress: pd.DataFrame,
    as_of: str | None,
    previous: str | None,
    plan_start: date,
    keys: pd.DataFrame | None = None,
) -> float | None:
    """Overall score as of ``as_of`` minus as of ``previous``; None when there is no previous period."""
    if previous is None:
        return None
    now = overall_score(indicator_status(indicators, progress, as_of, plan_start, keys))
    before = overall_score(indicator_status(indicators, progress, previous, plan_start, keys))
    return now - before


def previous_period(periods: Iterable[str], as_of: str | None) -> str | None:
    """The latest period in ``periods`` strictly before ``as_of`` (None = the latest), or None."""
    distinct = sorted({str(p) for p in periods if isinstance(p, str) or not pd.isna(p)})
    if not distinct:
        return None
    if as_of is None:
        as_of = distinct[-1]
    earlier = [p for p in distinct if p < str(as_of)]
    return earlier[-1] if earlier else None


# --- which month to show, and how precisely -------------------------------------------------------

def period_coverage(reported: Mapping[str, int], expected: int) -> pd.DataFrame:
    """Per period (sorted): ``reported`` count, ``expected`` count and their ``share`` (capped at 1).

    ``reported`` maps a period to the number of assigned keys with a record in it (e.g. from
    ``Store.periods()``); ``expected`` is the number of assigned keys. With nothing expected, a period
    with any record counts as complete.
    """
    periods = sorted(str(p) for p in reported)
    counts = np.array([int(reported[p]) for p in periods], dtype=np.int64)
    share = np.minimum(counts / expected, 1.0) if expected > 0 else (counts > 0).astype(float)
    return pd.DataFrame(
        {"period": pd.Series(periods, dtype="str"), "reported": counts, "expected": int(expected),
         "share": share}
    )


def default_period(coverage: pd.DataFrame, min_share: float = COMPLETE_SHARE) -> str | None:
    """The latest period whose share of expected reports is at least ``min_share`` (a month still
    being filled is never the default); the latest period when none is; None without periods."""
    if coverage.empty:
        return None
    complete = coverage[coverage["share"] >= min_share - 1e-12]
    chosen = complete if len(complete) else coverage
    return str(chosen["period"].max())


#: Units of things counted one by one: figures are whole numbers.
_COUNTED_UNITS = frozenset({"户", "家", "个", "项", "件", "人", "人次", "次", "所", "台", "座"})


def decimals(unit: str, target: float | None = None) -> int:
    """Decimals to show for an indicator's figures: 0 for counts (户, 家, 件 …), 2 for per-capita
    units (件/万人), else 1; never fewer than the target itself is written with (0.25 → 2)."""
    unit = "" if unit is None else str(unit).strip()
    places = 0 if unit in _COUNTED_UNITS else 2 if "/" in unit else 1
    value = _num(target)
    if not math.isnan(value):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        places = max(places, len(text.partition(".")[2]))
    return min(places, 4)
