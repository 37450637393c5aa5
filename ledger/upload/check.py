"""The one engine: a located table → its tidy frame, or every problem in it.

Each column is read by the reader of its kind (:mod:`ledger.upload.cells`), each distinct text once (a
column of 300k cells holds a few hundred texts); a blank cell on a row with values gets its column's
``missing`` code; then the rules of :data:`ledger.upload.schema.RULES` run as array operations, each
only where its field is still good; then duplicate keys. The same pass finds every problem and builds
the frame, so there is no second, slower path to keep in step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..model import CITY_WIDE, Task
from . import cells
from .cells import Bad, ErrorValue
from .columns import Column, View, numbers
from .problems import Problem
from .schema import (
    BLANK_ROW,
    DUPLICATES,
    FRAMES,
    ID_FIELD,
    PROGRESS,
    RULES,
    SCHEMAS,
    STATE_CHOICES,
    TARGETS,
    Col,
    unit_of,
)
from .units import accept_own_units
from .xlsx import Table

DIRECTION_WORDS = {"words": "≥、≤、不低于、不高于"}
_KEY_KINDS = {"period", "indicator", "task", "department", "county", "id", "task_id", "unit", "direction"}
#: pandas' text dtype ("str": arrow-backed, NaN for missing).
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


class Context:
    """What rows are checked against: the ledger's tasks, the indicators (catalog, plus the uploaded
    指标目标 when given: id → (task, unit)), the departments, the city config, and the ``scope`` of a
    reporter's upload (an object with ``departments`` and ``counties``; None: every row may be sent)."""

    def __init__(self, bundle: Any, targets: pd.DataFrame | None = None, scope: Any = None) -> None:
        self.tasks: dict[str, Task] = {t.id: t for t in bundle.ledger.tasks}
        self.catalog = {i.id for i in bundle.indicators}
        self.units = {i.id: (i.task_id, i.unit) for i in bundle.indicators}
        if targets is not None:
            for r in targets.itertuples(index=False):
                self.units[r.indicator] = (r.task, r.unit)
        self.departments = bundle.ledger.departments
        self.config = bundle.config
        self.plan_year = bundle.config.plan_year
        self.scope = scope

    def indicator(self, text: str) -> str | None:
        """An indicator id as written (K1, k01 …) → the known id, or None."""
        if text in self.units:
            return text
        m = re.fullmatch(r"([A-Z]+)0*(\d+)", text)
        if m:
            return next((k for k in self.units if re.fullmatch(m.group(1) + r"0*" + m.group(2), k)), None)
        return None


def _readers(ctx: Context, table: Table) -> dict[str, Callable[[Any], Any]]:
    """Cell readers by kind: value, or a :class:`~ledger.upload.cells.Bad`."""
    config = ctx.config

    def indicator(v: Any) -> Any:
        return ctx.indicator(cells.id_text(v)) or Bad("indicator_unknown", {"sheet": TARGETS})

    def task(v: Any) -> Any:
        text = cells.id_text(v)
        return text if text in ctx.tasks else Bad("task_unknown", {"choices": "、".join(ctx.tasks)})

    def department(v: Any) -> Any:
        return config.canonical_department(str(v), known=ctx.departments) or Bad("department_unknown")

    def county(v: Any) -> Any:
        return config.canonical_county(str(v)) or Bad("county_unknown", {"choices": "、".join(config.areas)})

    def deadline(v: Any) -> Any:
        return cells.date_of(v) or Bad("target_deadline_invalid")

    def direction(v: Any) -> Any:
        return cells.direction(v) or Bad("target_direction", DIRECTION_WORDS)

    return {
        "period": cells.period,
        "indicator": indicator,
        "task": task,
        "department": department,
        "county": county,
        "status": cells.status,
        "text": cells.text,
        "id": cells.id_text,
        "task_id": cells.id_text,
        "unit": lambda v: cells.nfkc(v).replace("％", "%"),
        "direction": direction,
        "date": deadline,
    }


def _guarded(read: Callable[[Any], Any], key: bool) -> Callable[[Any], Any]:
    def guarded(v: Any) -> Any:
        if isinstance(v, ErrorValue):
            return Bad("cell_error")
        if key and (chars := cells.invisible(v)):
            return Bad("key_invisible", {"chars": chars})
        return read(v)

    return guarded


def _placeholder(col: Col) -> Any:
    return math.nan if col.numeric else None if col.kind == "date" else ""


def check(
    table: Table, ctx: Context, percent_cells: set[tuple[int, int]], merged: list[tuple[int, int, int, int]]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check the data rows of a located table → (tidy frame, []) or (None, every problem)."""
    kind, sheet = table.kind, table.sheet
    schema = [c for c in SCHEMAS[kind] if c.field in table.cols and c.role != "helper"]
    start = table.header_row + 1
    raw = {c.field: table.grid.column(table.cols[c.field][0], start) for c in schema}
    _fill_merged(raw, table, schema, merged, start)
    columns = {f: Column(v) for f, v in raw.items()}
    keep = ~np.logical_and.reduce([columns[c.field].blank for c in schema if c.role in BLANK_ROW[kind]])
    everything = np.arange(len(keep))
    for c in schema:
        if c.role == "key":
            keep &= ~columns[c.field].map(cells.is_total, everything)[0].astype(bool)
    rows = np.flatnonzero(keep)
    excel_rows = rows + start + 1
    n = len(rows)
    view = View(kind, ctx, n)
    readers = _readers(ctx, table)
    for c in schema:
        values, empty = raw[c.field][rows], columns[c.field].blank[rows]
        if c.numeric:
            col = table.cols[c.field][0]
            fmt = np.zeros(n, dtype=bool)
            if percent_cells:
                marked = np.fromiter((r for r, c in percent_cells if c == col), dtype=np.int64)
                fmt = np.isin(excel_rows, marked)
            fmt &= ~empty
            x, view.pct[c.field], bad = numbers(np.where(empty, 0.0, values), fmt)
            x[empty] = np.nan
            bad[empty] = None
            view.formatted[c.field] = fmt
            got = x if c.field in FRAMES[kind][1] else x.astype(object)
        else:
            read = _guarded(readers[c.kind], c.kind in _KEY_KINDS)
            blank_value = None if c.kind == "date" else ""
            once = columns[c.field].read(read, rows, blank_value, _placeholder(c))
            if once is not None:
                got, bad, codes, distinct = once
                view.distinct[c.field] = (codes, distinct)
            else:
                got, is_bad = columns[c.field].map(read, rows)
                got[empty] = blank_value
                is_bad &= ~empty
                bad = np.full(n, None, dtype=object)
                bad[is_bad] = got[is_bad]
                got[is_bad] = _placeholder(c)
        if c.missing:
            bad[empty] = Bad(c.missing, _missing_params(c, table))
        view.values[c.field], view.bad[c.field] = got, bad
        view.good[c.field] = pd.isna(bad)
    if kind == PROGRESS:  # 6个工作日 for an indicator in 工作日: the number (ledger.upload.units)
        accept_own_units(view, "actual", unit_of)
    for rule in RULES[kind]:
        if rule.field not in view.bad:
            continue
        hit = np.flatnonzero(rule.test(view) & view.ok(rule.field))
        if not len(hit):
            continue
        params = rule.params(view, hit)
        view.mark(
            rule.field,
            hit,
            [Bad(rule.code, p) for p in params] if isinstance(params, list) else Bad(rule.code, params),
        )
    _duplicates(view, table, schema, excel_rows)
    problems = []
    order = {c.field: k for k, c in enumerate(schema)}
    for f, good in view.good.items():
        for i in np.flatnonzero(~good):
            b = view.bad[f][i]
            value = b.params.get("_value") if "_value" in b.params else cells.show(raw[f][rows[i]])
            params = {k: v for k, v in b.params.items() if not k.startswith("_")}
            problem = Problem(b.code, params, sheet, int(excel_rows[i]), table.header(f), value)
            problems.append((excel_rows[i], order[f], problem))
    if problems:
        problems.sort(key=lambda p: (p[0], p[1]))
        return None, [p for _, _, p in problems]
    return _frame(kind, view, ctx), []


def _missing_params(c: Col, table: Table) -> dict:
    if c.missing == "key_missing":
        return {"header": table.header(c.field)}
    if c.missing == "status_missing":
        return {"choices": STATE_CHOICES}
    if c.missing == "county_missing":
        return {"city": CITY_WIDE}
    if c.missing == "target_direction":
        return DIRECTION_WORDS
    return {}


def _fill_merged(
    raw: dict[str, np.ndarray],
    table: Table,
    schema: list[Col],
    merged: list[tuple[int, int, int, int]],
    start: int,
) -> None:
    """Copy the top-left value of merged ranges into the blank key cells they cover."""
    keys = {table.cols[c.field][0]: c.field for c in schema if c.role == "key"}
    for c1, r1, _c2, r2 in merged:
        field = keys.get(c1)
        if field is None or r1 <= table.header_row:
            continue
        col = raw[field]
        top = col[r1 - start] if r1 - start < len(col) else None
        for i in range(r1 - start + 1, min(r2 - start, len(col) - 1) + 1):
            if cells.is_blank(col[i]):
                col[i] = top


def _duplicates(view: View, table: Table, schema: list[Col], excel_rows: np.ndarray) -> None:
    """Rows repeating the key of an earlier problem-free row (see :data:`schema.DUPLICATES`)."""
    kind, id_field = view.kind, ID_FIELD[view.kind]
    if id_field not in view.bad or not view.n:
        return
    clean = np.logical_and.reduce(list(view.good.values()))
    if DUPLICATES[kind] == "key":
        keys = [c.field for c in schema if c.role == "key"]
        at = np.flatnonzero(clean)
        combined = np.zeros(len(at), dtype=np.int64)
        for k in keys:
            codes, uniques = pd.factorize(view.values[k][at])
            combined = combined * (len(uniques) + 1) + codes + 1
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        dup = first[inverse] != np.arange(len(at))
        if not dup.any():
            return
        names = "、".join(table.header(k) for k in keys)
        for j in np.flatnonzero(dup):
            key = " ".join(str(view.values[k][at[j]]) for k in keys)
            params = {"row": int(excel_rows[at[first[inverse[j]]]]), "columns": names, "_value": key}
            view.mark(id_field, np.array([at[j]]), Bad("duplicate_row", params))
        return
    ids = view.values[id_field]
    first_valid: dict[str, int] = {}
    for i in np.flatnonzero(clean):
        first_valid.setdefault(ids[i], i)
    for i in np.flatnonzero(view.ok(id_field)):
        j = first_valid.get(ids[i])
        if j is not None and j < i:
            view.mark(id_field, np.array([i]), Bad("target_id_duplicate", {"row": int(excel_rows[j])}))


def _frame(kind: str, view: View, ctx: Context) -> pd.DataFrame:
    columns, floats, dates = FRAMES[kind]
    data: dict[str, Any] = {}
    for c in columns:
        if c in view.values:
            data[c] = view.values[c]
        elif c in floats:
            data[c] = np.full(view.n, np.nan)
        elif c in dates:
            data[c] = np.full(view.n, None, dtype=object)
        else:
            data[c] = np.full(view.n, "", dtype=object)
    if kind == TARGETS:
        end = date(ctx.plan_year, 12, 31)
        data["deadline"] = np.array([d or end for d in data["deadline"]], dtype=object)
    texts = {}
    for c in columns:  # a text column read once per distinct text: made from those (2.4× faster at 300k rows)
        if c in view.distinct and c not in floats and c not in dates:
            codes, distinct = view.distinct[c]
            if all(type(v) is str for v in distinct):
                dictionary = pa.array(list(distinct), type=pa.large_string())
                texts[c] = pd.array(dictionary.take(pa.array(codes % len(distinct))), dtype=_TEXT)
    frame = pd.DataFrame({c: texts.get(c, data[c]) for c in columns}, columns=columns)
    return frame.astype({c: float if c in floats else object if c in dates else "str" for c in columns})


__all__ = ["Context", "View", "check"]
