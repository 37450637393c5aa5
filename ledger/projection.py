"""Projection of each item (indicator × department × county) to its deadline from this year's reports.

Pure functions over the tidy frames of :mod:`ledger.metrics` and :mod:`ledger.views`; nothing reads
the clock: a projection is made *as of* a ``YYYY-MM`` period, from the reports of the plan year up to
that period.

**Method.** A straight line through the item's latest monthly reports (at most :data:`WINDOW`, six:
half a year), fitted with the Theil–Sen estimator (slope = median of the slopes between every pair of
reports, intercept = median of ``y − slope·x``), evaluated at the deadline, then clipped to the unit's
physical bounds (0 to 100 for a share in %, at least 0 for days, counts and per-capita figures). Time
is counted in days from the plan start to the end of each report's month, so a deadline before year
end is projected to its own date.

*Why the latest six.* The question is whether an item is catching up or has gone flat *now*: a
series that fell from 17 to 10 working days by June and has stayed at 10 since would, on the whole
year's line, be projected to 5 days in December; on its last six reports the fall has mostly left the
line. Six points still give 15 pairwise slopes, enough for the median to ignore a wild report.

*Why Theil–Sen.* Monthly figures are typed by people: one mistyped report (5.2 for 52, a cumulative
figure entered as a monthly one) moves a least-squares line a long way, while the median of pairwise
slopes ignores up to about 29 % of wild points. It needs no tuning constant, is exact on a straight
line, and with at most 12 reports a year it costs at most 66 slopes per item, computed for all items at
once.

**When there is no projection** (``projected`` is NaN, ``projected_status`` None): fewer than
:data:`MIN_POINTS` reports this year, an item without a target, or a deadline already past at the end
of the as-of month (such an item is 达标 or 逾期, which is final: nothing is left to project).

**Met items.** An item already 达标 as of the period is 预计达标: the ledger counts a reached target as
reached. Its projected value is the line's value, but never worse than the reached figure (a falling
trend after the target was met is shown at the reached figure, the latest actual).

**Known limits.** A straight line cannot see saturation (a rate that levels off is projected too
far until the flattening fills most of the window), a step change (a system launched in month 7 reads
as a steep trend only once several reports after it exist), or seasonality (year-end pushes). Three
points make a weak line: a projection from three reports is a direction, not a forecast. Reports that
stopped months ago are projected from their last trend as if nothing changed.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .metrics import INDICATOR_KEY, period_end
from .model import GE, MET

#: Projected statuses (the vocabulary of ``status --json``'s ``projected_status``).
PROJECTED_MET, PROJECTED_UNMET = "预计达标", "预计未达标"
PROJECTED_STATUSES = (PROJECTED_MET, PROJECTED_UNMET)
#: Fewest reports in the plan year that make a trend.
MIN_POINTS = 3
#: The trend is fitted to an item's latest reports, at most this many (half a year of monthly ones).
WINDOW = 6
#: Columns :func:`project` adds to the keys.
PROJECTION_COLUMNS = ["projected", "projected_status", "points"]
#: Words in an indicator name that make a % figure a change (may be negative or exceed 100).
_CHANGE_WORDS = ("增长", "增速", "增幅", "下降", "降低", "变化", "同比", "环比", "提高")
_REL_TOL = 1e-9  # as metrics.is_met: 0.52 × 100 counts as 52


def bounds(unit: str, name: str = "") -> tuple[float, float]:
    """Physical bounds of a figure: ``(0, 100)`` for a share in %, ``(0, inf)`` for days, counts and
    rates per capita; no bounds for a change (增长/下降/同比 … in ``name``), which may be negative."""
    name = "" if name is None or name != name else str(name)
    if any(w in name for w in _CHANGE_WORDS):
        return (-np.inf, np.inf)
    unit = "" if unit is None or unit != unit else str(unit).strip()
    if unit in ("%", "％"):
        return (0.0, 100.0)
    if unit == "‰":
        return (0.0, 1000.0)
    return (0.0, np.inf)


def day_number(day: date, plan_start: date) -> int:
    """Days from ``plan_start`` to ``day``, counting both (plan start → 1): the time axis of a trend."""
    return (pd.Timestamp(day) - pd.Timestamp(plan_start)).days + 1


def theil_sen(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Theil–Sen lines of many series sharing one time axis.

    ``x``: (n_points,) increasing times; ``y``: (n_series, n_points) values, NaN where a series has no
    report. Returns (n_series, 3): slope, intercept, number of points; slope and intercept are NaN
    for a series with fewer than two points.
    """
    y = np.atleast_2d(np.asarray(y, dtype=float))
    x = np.asarray(x, dtype=float)
    n = (~np.isnan(y)).sum(axis=1)
    out = np.full((len(y), 3), np.nan)
    out[:, 2] = n
    if len(x) < 2 or not len(y):
        return out
    i, j = np.triu_indices(len(x), k=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        slopes = (y[:, j] - y[:, i]) / (x[j] - x[i])
    enough = n >= 2
    if not enough.any():
        return out
    slope = np.full(len(y), np.nan)
    slope[enough] = np.nanmedian(slopes[enough], axis=1)
    with np.errstate(invalid="ignore"):
        resid = y - slope[:, None] * x[None, :]
    intercept = np.full(len(y), np.nan)
    intercept[enough] = np.nanmedian(resid[enough], axis=1)
    out[:, 0], out[:, 1] = slope, intercept
    return out


def _wide(
    long: pd.DataFrame, key: list[str], as_of: str, plan_start: date
) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """Reports of the plan year up to ``as_of`` as (keys frame, periods, values matrix).

    Works on the columns as they come (a snapshot's are categorical: grouping codes, not 300k texts);
    only the distinct keys and periods are turned into text."""
    year = f"{pd.Timestamp(plan_start).year:04d}-"
    period = long["period"]
    categorical = isinstance(period.dtype, pd.CategoricalDtype)
    shown = pd.Series(period.cat.categories if categorical else period.dropna().unique()).astype(str)
    wanted = shown[shown.str.startswith(year) & (shown <= str(as_of))].tolist()
    actual = pd.to_numeric(long["actual"], errors="coerce")
    keep = (period if categorical else period.astype(str)).isin(wanted) & actual.notna()
    sel = long.loc[keep, [*key, "period"]].assign(actual=actual[keep])
    # several rows of one key and period (a chart's departments): their mean, as the chart draws it
    means = sel.groupby([*key, "period"], sort=False, observed=True)["actual"].mean()
    flat = means.index.to_frame(index=False).astype(str)
    periods = sorted(flat["period"].unique().tolist())
    groups = flat.groupby(key, sort=True)
    rows = groups.ngroup().to_numpy()
    keys = groups.size().index.to_frame(index=False)
    cols = pd.Index(periods).get_indexer(flat["period"])
    values = np.full((len(keys), len(periods)), np.nan)
    values[rows, cols] = means.to_numpy(dtype=float)
    return keys, periods, values


def recent(values: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """``values`` (series × periods, NaN = no report) with all but each series' last ``window``
    reports blanked out."""
    present = ~np.isnan(values)
    from_end = np.cumsum(present[:, ::-1], axis=1)[:, ::-1]  # reports at or after each column
    return np.where(present & (from_end <= window), values, np.nan)


def _deadline_days(deadline: pd.Series, plan_start: date) -> np.ndarray:
    due = pd.to_datetime(pd.Series(deadline.to_numpy(dtype=object)), errors="coerce")
    due = due.fillna(pd.Timestamp(pd.Timestamp(plan_start).year, 12, 31))
    return (due - pd.Timestamp(plan_start)).dt.days.to_numpy(dtype=float) + 1


def _met(value: np.ndarray, target: np.ndarray, ge: np.ndarray) -> np.ndarray:
    tol = _REL_TOL * np.maximum(1.0, np.abs(np.nan_to_num(target)))
    with np.errstate(invalid="ignore"):
        return np.where(ge, value >= target - tol, value <= target + tol)


def project(
    status: pd.DataFrame, progress: pd.DataFrame, as_of: str | None, plan_start: date
) -> pd.DataFrame:
    """Projection of every row of ``status`` to its deadline, as of ``as_of``.

    ``status``: :func:`ledger.metrics.indicator_status` rows (keys indicator, department, county;
    target, direction, deadline, unit, name, status, actual). ``progress``: records with period, the
    keys and actual: any history, of which only each item's latest :data:`WINDOW` reports of the plan
    year count, so ``Snapshot.recent`` (just those, from the database) gives the same projection.
    Returns a frame on ``status``'s index with the keys and :data:`PROJECTION_COLUMNS`: ``projected``
    (float, NaN when none), ``projected_status`` (预计达标 / 预计未达标 / None) and ``points`` (reports
    used).
    """
    keys = pd.DataFrame({k: status[k].astype(str).to_numpy() for k in INDICATOR_KEY}, index=status.index)
    empty = keys.assign(projected=np.nan, projected_status=None, points=0)
    if as_of is None or status.empty:
        return empty
    fitted_keys, periods, values = _wide(progress, INDICATOR_KEY, as_of, plan_start)
    if not periods:
        return empty
    x = np.array([day_number(period_end(p), plan_start) for p in periods], dtype=float)
    fits = pd.DataFrame(theil_sen(x, recent(values)), columns=["slope", "intercept", "n"])
    lines = pd.concat([fitted_keys, fits], axis=1)
    frame = keys.merge(lines, on=INDICATOR_KEY, how="left")
    frame.index = status.index

    due = _deadline_days(status["deadline"], plan_start)
    now = day_number(period_end(as_of), plan_start)
    target = pd.to_numeric(status["target"], errors="coerce").to_numpy(dtype=float)
    ge = (status["direction"].astype(str) == GE).to_numpy()
    n = frame["n"].fillna(0).to_numpy()
    value = frame["intercept"].to_numpy() + frame["slope"].to_numpy() * due
    names = status["name"] if "name" in status.columns else pd.Series("", index=status.index)
    pairs = list(zip(status["unit"].astype(str), names.astype(str), strict=True))
    known = {pair: bounds(*pair) for pair in set(pairs)}  # a few indicators, many items
    limits = np.array([known[pair] for pair in pairs], dtype=float).reshape(-1, 2)
    value = np.clip(value, limits[:, 0], limits[:, 1])

    met_now = (status["status"].astype(str) == MET).to_numpy()
    actual = pd.to_numeric(status["actual"], errors="coerce").to_numpy(dtype=float)
    held = np.where(ge, np.fmax(value, actual), np.fmin(value, actual))  # fmax/fmin: NaN line → actual
    value = np.where(met_now, held, value)
    usable = (due >= now) & ~np.isnan(target) & ((n >= MIN_POINTS) | met_now) & ~np.isnan(value)
    value = np.where(usable, np.round(value, 4), np.nan)  # 4 decimals: the same figure everywhere
    reached = _met(value, target, ge) | met_now
    labels = np.where(usable, np.where(reached, PROJECTED_MET, PROJECTED_UNMET), None)
    return keys.assign(
        projected=value,
        projected_status=pd.Series(labels, index=status.index, dtype=object),
        points=n.astype(int),
    )


def project_series(
    periods: list[str],
    values: list[float],
    *,
    target: float,
    direction: str,
    deadline: date | None,
    as_of: str,
    plan_start: date,
    unit: str = "",
    name: str = "",
    met: bool = False,
) -> tuple[float | None, str | None]:
    """One series' projection: ``(projected, projected_status)`` as :func:`project` gives them.

    ``met`` says whether the item is 达标 as of ``as_of`` (its latest value is then ``values[-1]``).
    """
    progress = pd.DataFrame(
        {"period": periods, "indicator": "x", "department": "x", "county": "x", "actual": values}
    )
    status = pd.DataFrame(
        {
            "indicator": ["x"], "department": ["x"], "county": ["x"], "target": [target],
            "direction": [direction], "deadline": [deadline], "unit": [unit], "name": [name],
            "status": [MET if met else ""], "actual": [values[-1] if values else np.nan],
        }
    )
    row = project(status, progress, as_of, plan_start).iloc[0]
    value = None if pd.isna(row["projected"]) else float(row["projected"])
    return value, row["projected_status"]


def trend_paths(
    history: pd.DataFrame,
    indicator: pd.Series,
    as_of: str | None,
    plan_start: date,
    by: str = "county",
) -> pd.DataFrame:
    """The dotted projection lines of a trend chart: per ``by`` (county), from its last reported month
    to the deadline's month, columns ``by``, period, projected.

    ``history``: progress rows of ONE indicator (period, ``by``, actual; several departments of one
    area and month are averaged, as the chart draws them). ``indicator``: its catalog row (target,
    direction, deadline, unit, name). The path starts at the last reported value and reaches the
    trend's value at the deadline in a straight line; areas without a projection have no rows.
    """
    columns = [by, "period", "projected"]
    if as_of is None or history.empty:
        return pd.DataFrame(columns=columns)
    keys, periods, values = _wide(history, [by], as_of, plan_start)
    if not periods:
        return pd.DataFrame(columns=columns)
    x = np.array([day_number(period_end(p), plan_start) for p in periods], dtype=float)
    lines = theil_sen(x, recent(values))
    deadline = indicator.get("deadline")
    due_day = pd.Timestamp(deadline) if deadline is not None and not pd.isna(deadline) else pd.Timestamp(
        pd.Timestamp(plan_start).year, 12, 31
    )
    due = float(day_number(due_day.date(), plan_start))
    if due < day_number(period_end(as_of), plan_start):
        return pd.DataFrame(columns=columns)
    lo, hi = bounds(indicator.get("unit", ""), indicator.get("name", ""))
    due_period = f"{due_day.year:04d}-{due_day.month:02d}"
    rows = []
    for k, (slope, intercept, n) in enumerate(lines):
        if n < MIN_POINTS or np.isnan(slope):
            continue
        last = int(np.flatnonzero(~np.isnan(values[k]))[-1])
        start_period, start_value = periods[last], float(values[k, last])
        end_value = float(np.clip(intercept + slope * due, lo, hi))
        months = pd.period_range(start_period, due_period, freq="M").strftime("%Y-%m").tolist()
        steps = np.linspace(start_value, end_value, num=len(months)) if len(months) > 1 else [end_value]
        rows += [(keys.iloc[k][by], m, float(v)) for m, v in zip(months, steps, strict=True)]
    return pd.DataFrame(rows, columns=columns)
