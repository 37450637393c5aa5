"""催报: who has not reported, per department and county, and the reminder notice to send them.

The expected reports of a month are every assigned indicator and task key (:mod:`ledger.assign`); a
report counts as in when the store holds a record of that key for the month (approved or imported) or
a submission waiting for review holds one. What is neither is missing; its days overdue are counted
from the month's due date (:func:`ledger.workflow.periods.due_date`) to the date ``on``.

**The clock.** :func:`today` is the only place the reporting workflow reads the clock: it gives the
default ``on`` of ``python -m ledger missing`` and of the 催报 page. Everything else takes the date as
an argument, so the same database and date always give the same list.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from ..i18n import t
from ..store import Store
from ..upload.schema import PROGRESS, TASKS
from ..views import BEIJING
from .periods import due_date, periods
from .scope import keys
from .submissions import pending_records

__all__ = ["COLUMNS", "missing", "notice", "notices", "today", "unreported"]

#: The columns of :func:`missing`, in order.
COLUMNS = [
    "period",
    "department",
    "county",
    "due",
    "days_overdue",
    "overdue",
    "expected",
    "approved",
    "pending",
    "missing",
    "missing_indicators",
    "missing_tasks",
]


def today() -> date:
    """Today in Beijing time — the one place the reporting workflow reads the clock (see the module)."""
    return datetime.now(BEIJING).date()


def _status(
    store: Store, bundle, period: str, stored: dict[str, pd.DataFrame] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The expected indicator and task keys of ``period``, each with ``approved`` and ``pending``
    (``stored``: :meth:`Store.reported` of ``period``, when the caller has it already)."""
    stored = store.reported(period) if stored is None else stored
    waiting = pending_records(store, period)
    out = []
    for frame, sheet, ident in zip(keys(bundle, None), (PROGRESS, TASKS), ("indicator", "task"), strict=True):
        key = [ident, "department", "county"]
        have = stored[sheet][key].assign(approved=True)
        held = waiting[sheet][key].drop_duplicates().assign(pending=True)
        merged = frame.merge(have, on=key, how="left").merge(held, on=key, how="left")
        merged["approved"] = merged["approved"].astype("boolean").fillna(False).astype(bool)
        merged["pending"] = (
            merged["pending"].astype("boolean").fillna(False).astype(bool) & ~merged["approved"]
        )
        out.append(merged)
    return out[0], out[1]


def missing(store: Store, bundle, period: str, on: date, *, since: str | None = None) -> pd.DataFrame:
    """The missing reports of ``period`` (and of every month from ``since`` on, when given), one row per
    month × department × county that misses any: :data:`COLUMNS`. Overdue rows first, the most days
    overdue first, then in the ledger's order of departments and the config's order of areas."""
    months = [p for p in periods(bundle.config) if (since or period) <= p <= period] or [period]
    dept_order = {d: i for i, d in enumerate(bundle.ledger.departments)}
    area_order = {a: i for i, a in enumerate(bundle.config.areas)}
    rows = []
    for month in months:
        due = due_date(month, bundle.config)
        late = max(0, (on - due).days)
        ind, tasks = _status(store, bundle, month)
        both = pd.concat(
            [
                ind.assign(kind="indicator", ident=ind["indicator"]),
                tasks.assign(kind="task", ident=tasks["task"]),
            ],
            ignore_index=True,
        )
        for (department, county), g in both.groupby(["department", "county"], sort=False):
            gone = g[~g["approved"] & ~g["pending"]]
            if gone.empty:
                continue
            rows.append(
                {
                    "period": month,
                    "department": department,
                    "county": county,
                    "due": due.isoformat(),
                    "days_overdue": late,
                    "overdue": late > 0,
                    "expected": len(g),
                    "approved": int(g["approved"].sum()),
                    "pending": int(g["pending"].sum()),
                    "missing": len(gone),
                    "missing_indicators": sorted(set(gone.loc[gone["kind"] == "indicator", "ident"])),
                    "missing_tasks": sorted(
                        set(gone.loc[gone["kind"] == "task", "ident"]),
                        key=lambda x: tuple(int(p) for p in x.split(".") if p.isdigit()),
                    ),
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["_d"] = frame["department"].map(dept_order).fillna(len(dept_order))
    frame["_a"] = frame["county"].map(area_order).fillna(len(area_order))
    frame = frame.sort_values(
        ["days_overdue", "period", "_d", "_a"], ascending=[False, True, True, True], kind="stable"
    )
    return frame.drop(columns=["_d", "_a"]).reset_index(drop=True)


def unreported(
    store: Store, bundle, period: str, stored: dict[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """Every expected report (indicator and task keys) of ``period`` with ``approved`` and ``pending``
    flags, one frame with ``department`` and ``county`` (for the overview's 未报 count under its filters)."""
    ind, tasks = _status(store, bundle, period, stored)
    return pd.concat([ind, tasks], ignore_index=True)[["department", "county", "approved", "pending"]]


def notice(rows: pd.DataFrame, department: str, on: date, issuer: str, lang: str = "zh") -> str:
    """The 催报通知 for one department: its missing reports in ``rows`` (of :func:`missing`), as of ``on``."""
    mine = rows[rows["department"] == department]
    lines = [t("notice_title", lang), t("notice_to", lang, department=department)]
    for period, g in mine.groupby("period", sort=True):
        indicators = sorted({i for ids in g["missing_indicators"] for i in ids})
        tasks = sorted({i for ids in g["missing_tasks"] for i in ids})
        late = int(g["days_overdue"].max())
        parts = []
        if indicators:
            parts.append(t("notice_indicators", lang, n=len(indicators), ids="、".join(indicators)))
        if tasks:
            parts.append(t("notice_tasks", lang, n=len(tasks), ids="、".join(tasks)))
        areas = "、".join(g["county"].tolist())
        key = "notice_line_late" if late else "notice_line_open"
        lines.append(
            t(
                key,
                lang,
                period=period,
                due=g["due"].iloc[0],
                n=int(g["missing"].sum()),
                items="；".join(parts),
                areas=areas,
                days=late,
            )
        )
    lines.append(t("notice_ask", lang, on=on.isoformat()))
    if issuer:
        lines.append(issuer)
    lines.append(on.isoformat())
    return "\n".join(lines)


def notices(rows: pd.DataFrame, on: date, issuer: str, lang: str = "zh") -> dict[str, str]:
    """:func:`notice` for every department in ``rows``, in their order there."""
    return {d: notice(rows, d, on, issuer, lang) for d in dict.fromkeys(rows["department"].tolist())}
