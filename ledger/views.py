"""What the pages show, computed from the store once per (data version, as-of period).

A :class:`Snapshot` holds every assigned (indicator × department × county) with its status and every
(task × department × county) with its reported state, as of one period. Filters (county, department)
are cheap row selections on a snapshot, so a filter change never recomputes metrics.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pandas as pd

from . import metrics, projection
from .assign import indicator_keys, task_keys
from .catalog import file_weights, frame_to_indicators, indicators_frame, weight_of
from .charts import fmt_value, percent_label, score_label, status_text
from .config import normalize_name
from .i18n import area_label, column_labels, t, task_state_label, unit_label
from .model import BEHIND, CITY_WIDE, OVERDUE, PROGRESS_KEY, TASK_KEY, Indicator, Ledger
from .store import SHEET_PROGRESS, SHEET_TARGETS, SHEET_TASKS, Store

ALL = "全部"
#: Kinds of change in an upload preview (Store.preview's ``change`` column).
ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"
CHANGES = (ADDED, CHANGED, UNCHANGED)
#: Beijing time (China has no daylight saving), for showing import times.
BEIJING = timezone(timedelta(hours=8), "北京时间")
_SHEET_KEYS = {SHEET_PROGRESS: list(PROGRESS_KEY), SHEET_TASKS: list(TASK_KEY), SHEET_TARGETS: ["indicator"]}


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
    indicators: pd.DataFrame  # catalog (+ category, weight, category_weight)
    status: pd.DataFrame  # metrics.indicator_status over all assigned keys
    previous_status: pd.DataFrame | None
    tasks: pd.DataFrame  # metrics.task_status over all assigned keys (+ category, title)
    #: each item's latest reports of the plan year up to as_of (at most projection.WINDOW), the rows its
    #: trend is fitted to (projection.project): period, indicator, department, county (categorical:
    #: small, and shared by every session) and actual. Its size depends on the items, not on history.
    recent: pd.DataFrame
    sample: bool  # some of the data shown comes from a sample import
    #: per period: reported / expected indicator reports and their share (metrics.period_coverage)
    coverage: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    #: the as-of period shown when none is chosen: the latest month complete enough
    default: str | None = None

    @property
    def has_data(self) -> bool:
        return bool(self.periods)

    @property
    def filling(self) -> bool:
        """The as-of month is still being filled in (below the configured share of reports)."""
        return self.as_of is not None and self.as_of != self.default and self.as_of in filling_periods(
            self.coverage, self.default
        )


def catalog(store: Store, ledger: Ledger, fallback: list[Indicator], plan_year: int) -> list[Indicator]:
    """The indicator catalog in force: the store's (analysts may edit it), else the shipped file.

    Weights live in the shipped file only (``weight`` column of ``data/indicators.csv``): a stored
    indicator takes the weight of the shipped one with the same id (1 when there is none).
    """
    stored = store.targets()
    if not len(stored):
        return list(fallback)
    shipped = {i.id: i.extra for i in fallback if "weight" in i.extra}
    return [
        dataclasses.replace(i, extra={"weight": shipped[i.id]["weight"]}) if i.id in shipped else i
        for i in frame_to_indicators(stored, plan_year)
    ]


def shows_sample(history: pd.DataFrame) -> bool:
    """True when a sample import is part of the current data (not reverted)."""
    if history.empty:
        return False
    return bool((history["sample"] & history["reverted_by"].isna()).any())


def expected_reports(bundle) -> int:
    """How many indicator reports a complete month has: the assigned indicator × department × area keys
    (the assigned task keys when the catalog has no indicators)."""
    keys = indicator_keys(bundle.ledger, bundle.indicators, bundle.config)
    return len(keys) if len(keys) else len(task_keys(bundle.ledger, bundle.config))


def coverage(periods: pd.DataFrame, bundle) -> pd.DataFrame:
    """:func:`ledger.metrics.period_coverage` of :meth:`Store.periods` rows: indicator reports per
    period against :func:`expected_reports` (task reports when the catalog has no indicators)."""
    has_indicators = len(indicator_keys(bundle.ledger, bundle.indicators, bundle.config)) > 0
    column = "progress" if has_indicators else "tasks"
    reported = {str(p): int(n) for p, n in zip(periods["period"], periods[column], strict=True)}
    return metrics.period_coverage(reported, expected_reports(bundle))


def default_period(cover: pd.DataFrame, bundle) -> str | None:
    """The latest month with at least ``config.complete_share`` of the expected reports."""
    return metrics.default_period(cover, bundle.config.complete_share)


def filling_periods(cover: pd.DataFrame, default: str | None) -> list[str]:
    """Months after the default one: still being filled in (shown as 填报中, chosen only explicitly)."""
    if cover.empty or default is None:
        return []
    return [p for p in cover["period"].tolist() if p > default]


def resolve_period(cover: pd.DataFrame, default: str | None, as_of: str | None) -> str | None:
    """The as-of period a request means: ``as_of`` when it has data, else the ``default`` month."""
    periods = set(cover["period"].tolist()) if len(cover) else set()
    return as_of if as_of is not None and as_of in periods else default


def _weighted(frame: pd.DataFrame, indicators: list[Indicator], bundle) -> pd.DataFrame:
    """The catalog frame with ``weight`` (per indicator: the city file's indicators.csv, or the
    indicators' own) and ``category_weight`` (``[category_weights]`` of the config)."""
    weights = file_weights(bundle.config.indicators_path) | {
        i.id: weight_of(i) for i in indicators if "weight" in i.extra
    }
    per_category = bundle.config.category_weights
    category = frame["category"] if "category" in frame.columns else pd.Series("", index=frame.index)
    return frame.assign(
        weight=frame["indicator"].map(weights).fillna(1.0).astype(float),
        category_weight=[float(per_category.get(normalize_name(c), 1.0)) if isinstance(c, str) else 1.0
                         for c in category],
    )


def snapshot(store: Store, bundle, as_of: str | None = None) -> Snapshot:
    """Compute everything the pages need as of ``as_of`` (default: the latest month complete enough,
    :func:`resolve_period`)."""
    cfg = bundle.config
    indicators = catalog(store, bundle.ledger, bundle.indicators, cfg.plan_year)
    bundle = dataclasses.replace(bundle, indicators=indicators)
    ind_frame = _weighted(indicators_frame(indicators, bundle.ledger), indicators, bundle)
    cover = coverage(store.periods(), bundle)
    default = default_period(cover, bundle)
    as_of = resolve_period(cover, default, as_of)
    periods = cover["period"].tolist()
    previous = metrics.previous_period(periods, as_of) if as_of else None
    # what the items need, computed in the database: the latest figure as of the month and as of the
    # one before, and the reports the projection is fitted to (never the whole history)
    cols = [*PROGRESS_KEY, "actual"]
    ikeys = indicator_keys(bundle.ledger, indicators, cfg)
    latest = store.latest(SHEET_PROGRESS, as_of, columns=cols)
    status = metrics.indicator_status(ind_frame, latest, as_of, cfg.plan_start, keys=ikeys)
    prev_status = None
    if previous:
        before = store.latest(SHEET_PROGRESS, previous, columns=cols)
        prev_status = metrics.indicator_status(ind_frame, before, previous, cfg.plan_start, keys=ikeys)
    tkeys = task_keys(bundle.ledger, cfg)
    task_rows = store.latest(SHEET_TASKS, as_of)
    tasks = metrics.task_status(task_rows, as_of, cfg.plan_start, cfg.plan_end, keys=tkeys)
    categories = {t.id: t.category for t in bundle.ledger.tasks}
    titles = {t.id: t.title for t in bundle.ledger.tasks}
    tasks = tasks.assign(category=tasks["task"].map(categories), title=tasks["task"].map(titles))
    recent = latest.iloc[0:0]
    if as_of:
        recent = store.recent(as_of, window=projection.WINDOW, year=cfg.plan_year, columns=cols)
    recent = recent.astype({k: "category" for k in PROGRESS_KEY}).reset_index(drop=True)
    return Snapshot(
        as_of=as_of,
        previous=previous,
        periods=periods,
        indicators=ind_frame,
        status=status,
        previous_status=prev_status,
        tasks=tasks,
        recent=recent,
        sample=shows_sample(store.history()),
        coverage=cover,
        default=default,
    )


def trend(store: Store, indicator: str, as_of: str | None) -> pd.DataFrame:
    """One indicator's current progress records up to ``as_of`` (period, indicator, department, county
    categorical, actual), read from the database: the rows of its trend chart."""
    if as_of is None:
        return pd.DataFrame({c: pd.Series(dtype="category") for c in PROGRESS_KEY} | {"actual": []})
    rows = store.progress_of(indicator, as_of, columns=[*PROGRESS_KEY, "actual"])
    return rows.astype({k: "category" for k in PROGRESS_KEY})


def apply(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of ``frame`` (with county/department columns) that match the filters."""
    mask = pd.Series(True, index=frame.index)
    if filters.county != ALL:
        mask &= frame["county"] == filters.county
    if filters.department != ALL:
        mask &= frame["department"] == filters.department
    return frame[mask]


#: Kinds of rows in the behind-schedule list.
INDICATOR, TASK = "indicator", "task"
BEHIND_COLUMNS = [
    "kind", "status", "name", "department", "county", "period", "stale", "actual", "expected", "target",
    "unit", "attainment", "score", "percent", "indicator", "task",
]


def behind(status: pd.DataFrame, tasks: pd.DataFrame | None = None) -> pd.DataFrame:
    """滞后 and 逾期 items — indicator figures and, when given, task reports — worst first (逾期, then
    滞后; indicators before tasks; lowest score first), with who is responsible.

    Columns :data:`BEHIND_COLUMNS`: ``kind`` is ``indicator`` or ``task``; ``name`` the indicator's name
    or the task's ``id title``; a task's ``percent`` is its reported completion.
    """
    parts = [_behind_rows(status).assign(kind=INDICATOR)]
    if tasks is not None:
        late = _behind_rows(tasks)
        parts.append(
            late.assign(
                kind=TASK,
                name=(late["task"].astype(str) + " " + late.get("title", pd.Series("", index=late.index))
                      .fillna("").astype(str)).str.strip(),
                stale=False,
            )
        )
    rows = pd.concat([p.reindex(columns=BEHIND_COLUMNS) for p in parts], ignore_index=True)
    if rows.empty:
        return rows
    order = np.where((rows["status"] == OVERDUE).to_numpy(dtype=bool), 0, 1) * 2 + np.where(
        (rows["kind"] == TASK).to_numpy(dtype=bool), 1, 0
    )
    rows = rows.assign(_o=order, stale=rows["stale"].fillna(False).astype(bool))
    return rows.sort_values(["_o", "score", "name"], kind="stable").drop(columns="_o").reset_index(drop=True)


def _behind_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["status"].isin([OVERDUE, BEHIND])]


#: Task states in the order the overview shows them; None = no report (未报送).
TASK_STATE_ORDER = ("已完成", "推进中", "滞后", "未启动", None)


def task_states(tasks: pd.DataFrame) -> dict[str | None, int]:
    """How many task items (task × department × area) report each state, as of the snapshot; None
    counts the items without a report."""
    states = tasks["state"] if "state" in tasks.columns else pd.Series(dtype=object)
    counts = states.value_counts(dropna=True)
    out: dict[str | None, int] = {s: int(counts.get(s, 0)) for s in TASK_STATE_ORDER if s is not None}
    out[None] = int(len(states) - sum(out.values()))
    return out


#: Groupings :func:`rollup_rows` knows (alone, or several joined by commas, e.g. ``indicator,county``).
ROLLUP_BY = ("overall", "category", "department", "county", "indicator")


def rollup_rows(status: pd.DataFrame, by: str) -> pd.DataFrame:
    """Roll-up of indicator status rows as the pages show it: ``overall`` (one row), ``county``
    (counties only, as the 县区 ranking), or any of category / department / county / indicator joined
    by commas. Columns: the group keys, then :data:`ledger.metrics.ROLLUP_COLUMNS`. ValueError for an
    unknown grouping."""
    keys = [k.strip() for k in by.split(",") if k.strip()]
    if not keys or any(k not in ROLLUP_BY for k in keys) or ("overall" in keys and len(keys) > 1):
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(ROLLUP_BY)}")
    if keys == ["overall"]:
        return pd.DataFrame([metrics.overall(status)], columns=metrics.ROLLUP_COLUMNS)
    if keys == ["county"]:
        return metrics.by_county(status)
    return metrics.rollup(status, keys)


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

    Status is the worst among the task's reports (and its indicators' statuses); ``n_late`` of ``n``
    task reports are 滞后/逾期; percent the mean reported; completion the reports' 工作完成情况 texts,
    latest period first.
    """
    tasks = apply(snap.tasks, filters)
    inds = apply(snap.status, filters)
    # grouped once (a filter per task costs 120 scans of the whole frame)
    statuses_of = _statuses_by_task(tasks, inds)
    texts = tasks[tasks["completion"].astype("str").str.strip().ne("") & tasks["completion"].notna()]
    completions = _completions_by_task(texts)
    percent_of = {k: g for k, g in tasks["percent"].groupby(tasks["task"], sort=False)}
    late_of, n_of = _late_by_task(tasks)
    rows = []
    for task in ledger.tasks:
        reported = statuses_of.get(task.id, set())
        worst = next((s for s in metrics.STATUS_SEVERITY if s in reported), metrics.NO_DATA)
        completion = completions.get(task.id, "")
        pct = percent_of.get(task.id)
        percent = pct.mean() if pct is not None and pct.notna().any() else float("nan")
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
                "n_late": late_of.get(task.id, 0),
                "n": n_of.get(task.id, 0),
                "percent": percent,
                "completion": completion,
            }
        )
    return pd.DataFrame(rows)


def _late_by_task(tasks: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """Task id → how many of its reports are 滞后/逾期, and how many reports it has (all keys)."""
    late = tasks["status"].isin([BEHIND, OVERDUE])
    n_late = late.groupby(tasks["task"], sort=False).sum()
    n = tasks.groupby("task", sort=False).size()
    return {k: int(v) for k, v in n_late.items()}, {k: int(v) for k, v in n.items()}


def _completions_by_task(texts: pd.DataFrame) -> dict[str, str]:
    """Task id → its reports' 工作完成情况 texts, latest period first, each once, joined by ；."""
    period = texts["period"]
    arrow = isinstance(period.dtype, pd.StringDtype) and period.dtype.storage == "pyarrow"
    if arrow and period.notna().all():
        # sort_values on an arrow column is a stable sort: the same order as sorted(), per task
        rows: dict[str, list[tuple[str, str]]] = {}
        for task, p, text in zip(
            texts["task"].tolist(), period.tolist(), texts["completion"].astype(str).tolist(), strict=True
        ):
            rows.setdefault(task, []).append((p, text))
        return {
            task: "；".join(dict.fromkeys(t for _, t in sorted(items, key=lambda r: r[0], reverse=True)))
            for task, items in rows.items()
        }
    out = {}
    for task, group in texts.groupby("task", sort=False):
        mine = group.sort_values("period", ascending=False)
        out[task] = "；".join(dict.fromkeys(mine["completion"].astype(str)).keys())
    return out


def _statuses_by_task(tasks: pd.DataFrame, inds: pd.DataFrame) -> dict[str, set[str]]:
    """Task id → the statuses reported for it (its reports' and its indicators', 无数据 left out)."""
    both = pd.concat([tasks[["task", "status"]], inds[["task", "status"]]], ignore_index=True)
    both = both[both["status"] != metrics.NO_DATA].drop_duplicates()
    out: dict[str, set[str]] = {}
    for task, status in zip(both["task"].tolist(), both["status"].tolist(), strict=True):
        out.setdefault(task, set()).add(status)
    return out


#: Header keys of display columns that are not tidy-frame columns of :data:`ledger.i18n.COLUMN_KEYS`.
DISPLAY_HEADERS = {"kind": "col_kind", "annual": "col_annual", "n_late": "col_late", "bar": "col_progress",
                   "figure": "col_figure",
                   "departments": "col_department", "targets": "col_targets", "counties": "all_counties_task"}
MISSING = "—"


def display_rows(frame: pd.DataFrame, columns: list[str], lang: str = "zh") -> pd.DataFrame:
    """``frame[columns]`` as a table shows it: every cell text, headers in ``lang``.

    Statuses carry their mark (``▼ 滞后``), 全市 reads City-wide in English, figures have their
    indicator's precision (``37.4``, not ``37.39726``), attainment is a percentage, scores whole
    numbers, a stale figure's period reads ``数据截至 2023-06``, a task's state is translated; a missing
    value is ``—`` and missing text is empty, so no table ever shows None, nan or <NA>.
    """
    out: dict[str, list[str]] = {}
    units = frame["unit"].tolist() if "unit" in frame.columns else [""] * len(frame)
    targets = frame["target"].tolist() if "target" in frame.columns else [None] * len(frame)
    places = [metrics.decimals(u if isinstance(u, str) else "", g)
              for u, g in zip(units, targets, strict=True)]
    stale = frame["stale"].tolist() if "stale" in frame.columns else [False] * len(frame)
    for col in columns:
        values = frame[col].tolist() if col in frame.columns else [None] * len(frame)
        if col == "status":
            cells = [status_text(v, lang) if isinstance(v, str) else MISSING for v in values]
        elif col == "county":
            cells = [area_label(v, lang) if isinstance(v, str) else "" for v in values]
        elif col in ("actual", "expected", "target", "baseline"):
            cells = [fmt_value(v, p) or MISSING for v, p in zip(values, places, strict=True)]
        elif col == "attainment":
            cells = [MISSING if _missing(v) else percent_label(float(v)) for v in values]
        elif col in ("score", "annual"):  # rounded down: 99.7 behind schedule must not read 100
            cells = [MISSING if _missing(v) else score_label(float(v)) for v in values]
        elif col == "percent":
            cells = [MISSING if _missing(v) else f"{float(v):.0f}" for v in values]
        elif col == "period":
            cells = [
                MISSING if _missing(v) else t("stale_flag", lang, period=v) if old is True else str(v)
                for v, old in zip(values, stale, strict=True)
            ]
        elif col == "state":
            cells = [task_state_label(v, lang) if isinstance(v, str) else t("state_unreported", lang)
                     for v in values]
        elif col == "kind":
            cells = [t(f"kind_{v}", lang) if isinstance(v, str) else "" for v in values]
        elif col == "unit":
            cells = [unit_label(v, lang) if isinstance(v, str) else "" for v in values]
        elif col == "figure":  # actual / target with the unit; a task's completion percentage
            cells = _figures(frame, places, lang)
        elif col == "counties":
            cells = [t("yes", lang) if v is True else t("no", lang) if v is False else "" for v in values]
        else:
            cells = ["" if _missing(v) else _show(v) for v in values]
        out[col] = cells
    labels = column_labels(lang) | {k: t(v, lang) for k, v in DISPLAY_HEADERS.items()}
    return pd.DataFrame(out, columns=columns, dtype="str").rename(columns=labels)


def _figures(frame: pd.DataFrame, places: list[int], lang: str) -> list[str]:
    get = frame.get
    rows = zip(
        (get("actual", pd.Series(np.nan, index=frame.index))).tolist(),
        (get("target", pd.Series(np.nan, index=frame.index))).tolist(),
        (get("unit", pd.Series("", index=frame.index))).tolist(),
        (get("percent", pd.Series(np.nan, index=frame.index))).tolist(),
        places,
        strict=True,
    )
    out = []
    for actual, target, unit, percent, p in rows:
        if not _missing(actual) or not _missing(target):
            shown = unit_label(unit, lang) if isinstance(unit, str) else ""
            sep = "" if shown in ("", "%") else " "
            out.append(f"{fmt_value(actual, p) or MISSING} / {fmt_value(target, p) or MISSING}{sep}{shown}")
        else:
            out.append(MISSING if _missing(percent) else f"{float(percent):.0f}%")
    return out


def progress_bar(percent: float | None, width: int = 10) -> str:
    """A completion percentage as a text bar: ``████░░░░░░ 40%`` ('' when unknown)."""
    if _missing(percent):
        return ""
    value = min(max(float(percent), 0.0), 100.0)
    full = round(value / 100 * width)
    return f"{'█' * full}{'░' * (width - full)} {value:.0f}%"


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


# --- upload preview and import history ------------------------------------------------------------


def change_counts(preview: dict[str, pd.DataFrame]) -> dict[str, dict[str, int]]:
    """``{sheet: {"added": n, "changed": n, "unchanged": n}}`` of a :meth:`Store.preview` result."""
    return {
        sheet: {c: int((diff["change"] == c).sum()) for c in CHANGES} for sheet, diff in preview.items()
    }


def change_rows(sheet: str, diff: pd.DataFrame, change: str) -> pd.DataFrame:
    """The rows of one preview sheet with the given ``change``, ready to show: key columns, then every
    value column as text, where a changed value reads ``old → new``."""
    key = _SHEET_KEYS.get(sheet, [])
    values = [c for c in diff.columns if c not in key and c != "change" and not c.startswith("old_")]
    rows = diff[diff["change"] == change]
    out = rows[[c for c in key if c in rows.columns]].astype("str").copy()
    for c in values:
        new = [_show(v) for v in rows[c].tolist()]
        old_col = f"old_{c}"
        if change == CHANGED and old_col in rows.columns:
            olds = rows[old_col].tolist()
            new = [
                f"{_show(o)} → {n}" if not _missing(o) else n for o, n in zip(olds, new, strict=True)
            ]
        out[c] = pd.Series(new, index=rows.index, dtype="str")
    return out.reset_index(drop=True)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _show(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date | datetime):
        return value.isoformat()[:10]
    return str(value)


def beijing_time(iso: str) -> str:
    """A stored UTC ISO timestamp as Beijing time ``YYYY-MM-DD HH:MM:SS`` (unparseable: as stored)."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


_SHEET_LABELS = {SHEET_PROGRESS: "sheet_progress", SHEET_TASKS: "sheet_tasks", SHEET_TARGETS: "sheet_targets",
                 "台账": "sheet_ledger_form"}


def sheet_label(sheet: str, lang: str = "zh") -> str:
    """A workbook sheet's name as the product calls it in ``lang`` (指标进度 → Indicator progress)."""
    key = _SHEET_LABELS.get(sheet)
    return t(key, lang) if key else str(sheet)


def history_rows(history: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:meth:`Store.history` as shown on the 历史 page: id, time (Beijing), user, kind, file, sha256,
    rows per sheet (``指标进度 14（+3 ~1 =10）``), sample or real, and what reverted what."""
    out = []
    for h in history.itertuples(index=False):
        rows = "；".join(
            t(
                "history_rows_fmt",
                lang,
                sheet=sheet_label(sheet, lang),
                n=sum(c.get(k, 0) for k in CHANGES),
                added=c.get("added", 0),
                changed=c.get("changed", 0),
                unchanged=c.get("unchanged", 0),
            )
            + (t("history_removed_fmt", lang, removed=c["removed"]) if c.get("removed") else "")
            for sheet, c in (h.rows or {}).items()
        )
        if pd.notna(h.reverted_by):
            result = t("history_reverted_by", lang, id=int(h.reverted_by))
        elif pd.notna(h.reverts):
            result = t("history_reverts", lang, id=int(h.reverts))
        else:
            result = t("result_ok", lang)
        out.append(
            {
                "id": int(h.id),
                "created_at": beijing_time(h.created_at),
                "user": h.user,
                "kind": t(f"kind_{h.kind.replace('-', '_')}", lang),
                "file_name": h.file_name,
                "sha256": h.sha256,
                "rows": rows,
                "data": t("history_sample" if h.sample else "history_real", lang),
                "result": result,
            }
        )
    columns = ["id", "created_at", "user", "kind", "file_name", "sha256", "rows", "data", "result"]
    return pd.DataFrame(out, columns=columns)


def revertable(history: pd.DataFrame) -> list[int]:
    """Ids of the imports that can still be reverted (not reverted yet), newest first."""
    if history.empty:
        return []
    return [int(i) for i in history.loc[history["reverted_by"].isna(), "id"].tolist()]
