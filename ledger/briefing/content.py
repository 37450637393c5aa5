"""What a 通报 says, as figures: gathered once from the snapshot the pages and ``status --json`` use.

:func:`gather` takes a :class:`~ledger.service.Context`, the period and the filter, and returns a
:class:`Figures`: the filtered items with their projection, the counts, the overall score and its
change, tasks by state, late reports, roll-ups by category and county, the items behind schedule and
their 督办单. The document modules only lay these out, so every figure in the .docx is one the
dashboard shows for the same period and filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import metrics, views
from ..errors import UserError
from ..metrics import INDICATOR_KEY
from ..model import CITY_WIDE, NO_DATA, Indicator, Ledger
from ..projection import PROJECTED_UNMET
from ..service import Context, filters, with_projection
from .orders import Order, SupervisionRules, assign_orders, behind_streaks, select


@dataclass(frozen=True)
class Figures:
    """Everything the 通报 and the 督办单 state, for one period and filter: the same numbers as the
    overview and ``status --json`` (``--by overall|category|county``) for that period and filter."""

    city: str
    ledger_title: str
    plan_year: int
    as_of: str
    previous: str | None
    county: str | None  # None: all areas
    department: str | None  # None: all departments
    sample: bool
    #: filtered status rows + projected, projected_status, task_title, clause (one per item)
    items: pd.DataFrame
    counts: dict[str, int]
    previous_counts: dict[str, int] | None
    #: the items as one roll-up group (``status --json --by overall``): score, annual, n, n_met …,
    #: n_stale, n_late, status
    overall: dict
    delta: float | None
    projected_unmet: int
    n_indicators: int
    #: filtered task rows (task × department × county) with their reported state
    tasks: pd.DataFrame
    #: task items per reported state as the overview counts them (:func:`ledger.views.task_states`;
    #: None = no report)
    task_states: dict[str | None, int]
    #: items whose latest figure is from before the as-of month (未按期报送, the overview's tile)
    stale: pd.DataFrame
    #: items without a figure (无数据)
    no_data: pd.DataFrame
    categories: pd.DataFrame  # ``status --json --by category`` of the items, in the ledger's order
    counties: pd.DataFrame  # ``status --json --by county`` of the department's items (all counties)
    behind: pd.DataFrame  # 滞后 and 逾期 items, worst first (views.behind) with projection
    orders: list[Order] = field(default_factory=list)
    #: the ledger's categories in order, each with its tasks (id, title)
    outline: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    #: (reported, expected) indicator reports when the as-of month is still being filled in, else None
    filling: tuple[int, int] | None = None

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def score(self) -> float:
        """The overall score (得分, against the 序时进度)."""
        return float(self.overall["score"])

    @property
    def annual(self) -> float:
        """The overall annual completion (年度完成度, against the year's target)."""
        return float(self.overall["annual"])

    @property
    def unreported(self) -> pd.DataFrame:
        """Items not reported for the as-of month: stale ones and those without a figure."""
        return self.items[self.items["stale"].astype(bool) | (self.items["status"] == NO_DATA)]


def gather(
    ctx: Context,
    *,
    period: str | None,
    county: str | None = None,
    department: str | None = None,
    rules: SupervisionRules | None = None,
) -> Figures:
    """The figures of the 通报 as of ``period`` (``YYYY-MM``; None = the month the pages show by
    default: the latest one complete enough) for the filter.

    Raises :class:`~ledger.errors.UserError` (``briefing_no_data``, ``briefing_period_missing``,
    ``briefing_empty_filter``) when there is nothing to report for that period and filter; unknown
    counties and departments raise
    :class:`~ledger.service.ServiceError` as everywhere else.
    """
    f = filters(ctx, county, department, period)
    snap = views.snapshot(ctx.store, ctx.bundle, f.period)
    if not snap.has_data or snap.as_of is None:
        raise UserError("briefing_no_data")
    if f.period is not None and snap.as_of != f.period:
        raise UserError(
            "briefing_period_missing", period=f.period, first=snap.periods[0], last=snap.periods[-1]
        )
    cfg, ledger = ctx.bundle.config, ctx.bundle.ledger
    every = _described(with_projection(snap.status, snap, cfg.plan_start), ledger, ctx.bundle.indicators)
    items = views.apply(every, f)
    previous = views.apply(snap.previous_status, f) if snap.previous_status is not None else None
    tasks = views.apply(snap.tasks, f)
    if items.empty and tasks.empty:  # as the pages say 没有符合当前筛选条件的数据
        scope = "、".join(x for x in (f.county, f.department) if x != views.ALL)
        raise UserError("briefing_empty_filter", scope=scope)
    # the county ranking compares counties: the department filter applies, the county filter does not
    ranking_rows = views.apply(snap.status, views.Filters(department=f.department))
    behind = _behind(items)
    # 督办单 are numbered over every item of the period, so a number is the same in every filter
    rules = rules or SupervisionRules.from_config(cfg.supervision)
    late_all = _behind(every)
    orders = assign_orders(late_all, behind_streaks(ctx, snap, late_all, rules.lookback), rules, snap.as_of)
    return Figures(
        city=cfg.city or ledger.city,
        ledger_title=ledger.title,
        plan_year=cfg.plan_year,
        as_of=snap.as_of,
        previous=snap.previous,
        county=None if f.county == views.ALL else f.county,
        department=None if f.department == views.ALL else f.department,
        sample=snap.sample,
        items=items,
        counts=metrics.status_counts(items),
        previous_counts=None if previous is None else metrics.status_counts(previous),
        overall=views.rollup_rows(items, "overall").iloc[0].to_dict(),
        delta=views.score_delta(snap, f),
        projected_unmet=int((items["projected_status"] == PROJECTED_UNMET).sum()),
        n_indicators=int(items["indicator"].nunique()),
        tasks=tasks,
        task_states=views.task_states(tasks),
        stale=items[items["stale"].astype(bool)],
        no_data=items[items["status"] == NO_DATA],
        categories=_in_ledger_order(views.rollup_rows(items, "category"), ledger) if len(items)
        else items.iloc[0:0],
        counties=views.rollup_rows(ranking_rows, "county"),
        behind=behind,
        orders=select(orders, items),
        outline=[(c.name, [(t.id, t.title) for t in c.tasks]) for c in ledger.categories],
        filling=_filling(snap),
    )


def _filling(snap: views.Snapshot) -> tuple[int, int] | None:
    """(reported, expected) indicator reports of the as-of month when it is still being filled in."""
    if not snap.filling:
        return None
    row = snap.coverage[snap.coverage["period"] == snap.as_of].iloc[0]
    return int(row["reported"]), int(row["expected"])


def _behind(items: pd.DataFrame) -> pd.DataFrame:
    """The 滞后/逾期 rows of ``items`` (all their columns) in :func:`ledger.views.behind`'s order,
    worst first; the pages' list decides the order, the items keep what the document needs."""
    order = views.behind(items)
    if "kind" in order.columns:  # a list that may hold task rows too: the indicator items only
        order = order[order["kind"].astype("str") == "indicator"]
    keys = order[INDICATOR_KEY].astype("str").reset_index(drop=True)
    texts = {k: items[k].astype("str").to_numpy() for k in INDICATOR_KEY}
    found = items.reset_index(drop=True).assign(**texts)
    return keys.merge(found, on=INDICATOR_KEY, how="left", validate="one_to_one")


def _in_ledger_order(categories: pd.DataFrame, ledger: Ledger) -> pd.DataFrame:
    """A category roll-up in the ledger's order of categories (一、二、三 …) instead of by rank."""
    order = {c.name: i for i, c in enumerate(ledger.categories)}
    return categories.sort_values("category", key=lambda c: c.map(order).fillna(len(order)), kind="stable")


def _described(status: pd.DataFrame, ledger: Ledger, indicators: list[Indicator]) -> pd.DataFrame:
    """``status`` with the ``task_title`` and the ledger ``clause`` of each item's indicator."""
    titles = {t.id: t.title for t in ledger.tasks}
    catalog = {i.id: i for i in indicators}
    clauses = {
        ind: clause_of(ledger, catalog.get(ind), task, target, unit)
        for ind, task, target, unit in status[["indicator", "task", "target", "unit"]]
        .drop_duplicates("indicator").itertuples(index=False)
    }
    return status.assign(
        task_title=status["task"].map(lambda t: titles.get(t, "")).astype("str"),
        clause=status["indicator"].map(clauses).fillna("").astype("str"),
    )


def clause_of(ledger: Ledger, indicator: Indicator | None, task_id: str, target: float, unit: str) -> str:
    """The ledger clause an indicator comes from: the task's target of the same value and unit, else
    its only target in that unit, else the catalog's clause (the stored catalog keeps none), else ""."""
    try:
        found = [g for g in ledger.task(task_id).targets if g.unit == unit]
    except KeyError:
        found = []
    same = [g for g in found if abs(g.value - float(target)) <= 1e-9 * max(1.0, abs(g.value))]
    if same:
        return same[0].text
    if len(found) == 1:
        return found[0].text
    return indicator.clause if indicator is not None else ""


def completion_highlights(fig: Figures, task_id: str, limit: int = 2) -> list[str]:
    """Up to ``limit`` distinct 工作完成情况 texts of one task for the as-of period: the lead
    department's city-wide report first, then other city-wide reports, then the counties'."""
    rows = fig.tasks[(fig.tasks["task"] == task_id) & (fig.tasks["period"].astype("str") == fig.as_of)]
    rows = rows[rows["completion"].notna() & rows["completion"].astype("str").str.strip().ne("")]
    if rows.empty:
        return []
    order = np.where(rows["county"].astype("str") == CITY_WIDE, 0, 1)
    rows = rows.assign(_o=order).sort_values(["_o", "department"], kind="stable")
    out: list[str] = []
    for text in rows["completion"].astype("str"):
        text = text.strip()
        if text not in out:
            out.append(text)
        if len(out) == limit:
            break
    return out


def status_changes(fig: Figures) -> dict[str, int]:
    """Change in the number of items per status since the previous period (empty without one)."""
    if fig.previous_counts is None:
        return {}
    return {s: fig.counts[s] - fig.previous_counts.get(s, 0) for s in fig.counts}


def behind_by_indicator(fig: Figures) -> list[tuple[str, pd.DataFrame]]:
    """The 滞后/逾期 items grouped by indicator, indicators in the order of their worst item."""
    groups = []
    for ind in dict.fromkeys(fig.behind["indicator"].astype("str")):
        groups.append((ind, fig.behind[fig.behind["indicator"].astype("str") == ind]))
    return groups


def responsible(frame: pd.DataFrame) -> list[str]:
    """The departments of ``frame``'s items, each once, in order of appearance."""
    return list(dict.fromkeys(frame["department"].astype("str")))


__all__ = [
    "Figures",
    "behind_by_indicator",
    "completion_highlights",
    "gather",
    "responsible",
    "status_changes",
]
