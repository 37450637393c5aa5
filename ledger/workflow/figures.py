"""Figures proposed from 工作完成情况: what :func:`ledger.completion_figures.read_figures` finds in the task
reports of an upload or a submission, as 指标进度 rows an analyst may accept.

A proposal is made for a task report (period, task, department, county) and an indicator of that task,
for the key (period, indicator, department, county) — only when that key is assigned and the upload or
submission does not carry a figure for it already. Nothing is stored here: an accepted proposal becomes
a record of the same import (the upload page, or the approval of a submission), after passing the
upload engine like any other row (:func:`ledger.upload.rows.check_rows`).
"""

from __future__ import annotations

import pandas as pd

from ..assign import indicator_keys
from ..completion_figures import read_figures
from ..i18n import t
from ..model import PROGRESS_COLUMNS, PROGRESS_KEY

__all__ = ["COLUMNS", "as_progress", "proposals"]

COLUMNS = [*PROGRESS_KEY, "name", "value", "unit", "task", "evidence", "current"]


def proposals(
    bundle, tasks: pd.DataFrame, progress: pd.DataFrame | None = None, current: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Figure proposals (:data:`COLUMNS`) for the 任务进展 rows ``tasks``; keys ``progress`` already
    carries are left out. ``current`` (stored progress records) gives each proposal the figure stored
    now (``current``, NaN when none)."""
    if tasks is None or tasks.empty:
        return pd.DataFrame(columns=COLUMNS)
    by_task: dict[str, list] = {}
    for ind in bundle.indicators:
        by_task.setdefault(ind.task_id, []).append(ind)
    assigned = set(
        indicator_keys(bundle.ledger, bundle.indicators, bundle.config).itertuples(index=False, name=None)
    )
    given = (
        set()
        if progress is None or progress.empty
        else set(progress[PROGRESS_KEY].itertuples(index=False, name=None))
    )
    names = {i.id: i.name for i in bundle.indicators}
    rows = []
    for r in tasks.itertuples(index=False):
        indicators = by_task.get(r.task)
        if not indicators or not str(r.completion or "").strip():
            continue
        for p in read_figures(str(r.completion), indicators).proposals:
            key = (r.period, p.indicator, r.department, r.county)
            if (p.indicator, r.department, r.county) not in assigned or key in given:
                continue
            rows.append(
                {
                    "period": r.period,
                    "indicator": p.indicator,
                    "department": r.department,
                    "county": r.county,
                    "name": names.get(p.indicator, ""),
                    "value": p.value,
                    "unit": p.unit,
                    "task": r.task,
                    "evidence": p.evidence,
                    "current": float("nan"),
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(PROGRESS_KEY, keep="first")
    if current is not None and len(current) and len(frame):
        now = current.set_index(PROGRESS_KEY)["actual"]
        frame["current"] = [
            now.get(k, float("nan")) for k in frame[PROGRESS_KEY].itertuples(index=False, name=None)
        ]
    return frame.reset_index(drop=True).astype({"value": "float64", "current": "float64"})


def as_progress(accepted: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Accepted proposals as 指标进度 rows (the 备注 says where the figure was read)."""
    notes = [t("figure_note", lang, text=e) for e in accepted["evidence"].tolist()]
    frame = accepted.assign(actual=accepted["value"], note=notes)
    return frame[PROGRESS_COLUMNS].reset_index(drop=True)
