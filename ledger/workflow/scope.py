"""Row-level scope: which reporting keys are a reporter's, and the last check before anything is written.

A reporter's :class:`~ledger.auth.Scope` names departments and/or counties; a row (department, county)
is its when both match what the scope names (an unnamed part matches anything). The upload engine
refuses other rows with a problem per cell (:mod:`ledger.upload.schema`); :func:`require_within` checks
the frames once more before a submission is stored, so no path can write outside the scope.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assign import indicator_keys, task_keys
from ..auth import Scope
from ..errors import UserError

__all__ = ["OutsideScope", "covered", "keys", "require_within"]


class OutsideScope(UserError):
    """Records outside the submitter's scope (``rows``: their keys as text, the first few)."""

    def __init__(self, rows: list[str], n: int, scope: Scope) -> None:
        super().__init__("scope_outside", None, rows="；".join(rows), n=n, allowed=scope.text())
        self.rows = rows


def covered(frame: pd.DataFrame, scope: Scope | None) -> np.ndarray:
    """Per row of ``frame`` (with ``department`` and ``county``): whether ``scope`` covers it."""
    if scope is None or not scope or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    ok = np.ones(len(frame), dtype=bool)
    if scope.departments:
        ok &= frame["department"].isin(scope.departments).to_numpy(dtype=bool)
    if scope.counties:
        ok &= frame["county"].isin(scope.counties).to_numpy(dtype=bool)
    return ok


def keys(bundle, scope: Scope | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (indicator, department, county) and (task, department, county) keys ``scope`` reports;
    every key when ``scope`` is None (an analyst's view)."""
    ind = indicator_keys(bundle.ledger, bundle.indicators, bundle.config)
    tasks = task_keys(bundle.ledger, bundle.config)
    if scope is None:
        return ind, tasks
    return (
        ind[covered(ind, scope)].reset_index(drop=True),
        tasks[covered(tasks, scope)].reset_index(drop=True),
    )


def require_within(frames: dict[str, pd.DataFrame], scope: Scope, first: int = 5) -> None:
    """Raise :class:`OutsideScope` naming the first rows of ``frames`` (sheet → tidy frame) that ``scope``
    does not cover."""
    rows: list[str] = []
    n = 0
    for sheet, frame in frames.items():
        if frame is None or frame.empty:
            continue
        bad = frame[~covered(frame, scope)]
        n += len(bad)
        id_col = "indicator" if "indicator" in frame.columns else "task"
        for r in bad.head(max(0, first - len(rows))).itertuples(index=False):
            rows.append(f"{sheet} {r.period} {getattr(r, id_col)} {r.department} {r.county}")
    if n:
        raise OutsideScope(rows, n, scope)
