"""Cells that do not come from a workbook — the in-app editor's table, accepted figure proposals — through
the same engine as an upload (:func:`ledger.upload.check.check`), so they meet the same rules.

The rows become a sheet in memory: a header row of the columns (template headers, their aliases or
the tidy field names) and one row per record, located and checked like a workbook's sheet. A problem's
row is the 1-based position of the record among ``rows`` (what the editor shows), its sheet ``sheet``, its
column the template's header (实际值, also for a column given by its field name).
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime
from typing import Any

import pandas as pd

from .cells import header_key
from .check import Context, check
from .problems import WorkbookError
from .read import _LOOKUP, _REQUIRED
from .schema import SCHEMAS
from .xlsx import Grid, locate

__all__ = ["check_rows"]


def _cell(value: Any) -> Any:
    """An editor's value as a workbook cell: missing → None, numbers as float, text as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        return None if math.isnan(number) else number
    if isinstance(value, datetime | date):
        return value
    return str(value)


def check_rows(
    bundle, kind: str, rows: pd.DataFrame, *, scope: Any = None, sheet: str | None = None
) -> pd.DataFrame:
    """Check ``rows`` (one column per field of the ``kind`` sheet: 指标进度 or 任务进展) with the upload
    engine; return the tidy frame, or raise :class:`WorkbookError` listing every problem. ``scope``: a
    reporter's, as for :func:`ledger.upload.read_upload`."""
    if kind not in SCHEMAS:
        raise ValueError(f"not a data sheet: {kind!r}")
    name = sheet or kind
    headers = {c.field: c.header for c in SCHEMAS[kind]}  # problems name the columns as the template does
    columns = [headers.get(str(c), str(c)) for c in rows.columns]
    grid = Grid(name, [columns, *([_cell(v) for v in r] for r in rows.itertuples(index=False, name=None))])
    located = locate(grid, kind, _LOOKUP[kind], _REQUIRED[kind], header_key)
    if isinstance(located, list):
        raise WorkbookError(located, openable=False)
    frame, problems = check(located, Context(bundle, scope=scope), set(), [])
    if problems:
        raise WorkbookError([_renumbered(p) for p in problems])
    return frame


def _renumbered(problem):
    """A problem with the sheet's row numbers (header first) as positions among the records."""
    params = dict(problem.params)
    if isinstance(params.get("row"), int):  # e.g. the earlier row a duplicate repeats
        params["row"] -= 1
    row = problem.row - 1 if problem.row else problem.row
    return dataclasses.replace(problem, row=row, params=params)
