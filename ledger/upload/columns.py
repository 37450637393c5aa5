"""A table's columns as the engine (:mod:`ledger.upload.check`) reads them: each column factorized once
(:class:`Column`: blank cells, a function of each distinct text), numbers read as arrays where they can be
(:func:`numbers`), and the rows being checked as the rules see them (:class:`View`: each field's values,
problems, and whether it is still good)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from . import cells
from .cells import Bad

_UNSET = object()


class Column:
    """One column's cells, factorized once: which are blank, and any function of them per distinct text."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values
        self.codes, self.uniques = pd.factorize(values)  # missing values get code -1
        # texts only (calamine gives '' for empty cells): then equal values are equal cells; numbers
        # are not merged so (1 == 1.0 == True in a hash table)
        self.text = len(self.uniques) == 0 or pd.api.types.infer_dtype(self.uniques, skipna=False) == "string"
        #: per distinct value (the last: a missing cell, code -1), then per cell
        self.blank_of = np.array([*(cells.is_blank(u) for u in self.uniques), True], dtype=bool)
        self.blank = self.blank_of[self.codes]

    def _distinct(self, fn: Callable[[Any], Any]) -> tuple[np.ndarray, np.ndarray]:
        """``fn`` of each distinct text and of a missing cell (last) → (results, which are a Bad)."""
        mapped = np.empty(len(self.uniques) + 1, dtype=object)
        mapped[:-1] = [fn(u) for u in self.uniques]
        mapped[-1] = fn(None)
        return mapped, np.fromiter((type(m) is Bad for m in mapped), dtype=bool, count=len(mapped))

    def read(
        self, fn: Callable[[Any], Any], rows: np.ndarray, empty: Any, placeholder: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """A column of texts read once per distinct text: the values at ``rows`` (``empty`` where the
        cell is blank, ``placeholder`` where it has a problem), the problems (a :class:`Bad` or None),
        and each row's number in the distinct final values with those values — what :meth:`View.codes`
        and the frame are made from without going over every row again. None for other columns."""
        if not self.text:
            return None
        mapped, flags = self._distinct(fn)
        wrong = flags & ~self.blank_of
        final = mapped.copy()
        final[self.blank_of] = empty
        final[wrong] = placeholder
        codes = self.codes[rows]
        problems = np.where(wrong, mapped, None)[codes]
        return final[codes], problems, codes, final

    def map(self, fn: Callable[[Any], Any], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``fn`` of the cells at ``rows``, once per distinct text → (results, which are a Bad)."""
        if self.text:
            mapped, flags = self._distinct(fn)
            codes = self.codes[rows]
            return mapped[codes], flags[codes]
        return _map(self.values[rows], fn)


def _map(values: np.ndarray, fn: Callable[[Any], Any]) -> tuple[np.ndarray, np.ndarray]:
    """``fn`` of every value, computed once per distinct text (numbers and dates one by one) →
    (results, which results are a :class:`Bad`)."""
    n = len(values)
    out = np.empty(n, dtype=object)
    flags = np.zeros(n, dtype=bool)
    memo: dict[str, Any] = {}
    for k, v in enumerate(values):
        if type(v) is str:
            r = memo.get(v, _UNSET)
            if r is _UNSET:
                r = memo[v] = fn(v)
        else:
            r = fn(v)
        out[k] = r
        flags[k] = type(r) is Bad
    return out, flags


def numbers(values: np.ndarray, formatted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers of non-blank cells → (value, written as a percentage, Bad or None). Unformatted floats
    (almost every cell) are taken as an array; text, ints and %-formatted cells one by one."""
    n = len(values)
    x = np.full(n, np.nan)
    as_pct = np.zeros(n, dtype=bool)
    bad = np.full(n, None, dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "floating":  # every cell a float (or NaN)
        plain = ~formatted
    else:
        plain = np.fromiter((type(v) is float for v in values), dtype=bool, count=n) & ~formatted
    if plain.any():
        x[plain] = values[plain].astype(float)
        huge = plain & ~(np.abs(x) <= cells.MAX_MAGNITUDE)  # NaN and infinities too
        bad[huge] = Bad("number_too_large")
    memo: dict[tuple, Any] = {}
    for k in np.flatnonzero(~plain):
        v, fmt = values[k], bool(formatted[k])
        key = (v, fmt) if type(v) is str else None
        got = memo.get(key, _UNSET) if key else _UNSET
        if got is _UNSET:
            got = cells.number(v, fmt)
            if key:
                memo[key] = got
        if isinstance(got, Bad):
            bad[k] = got
        else:
            x[k], as_pct[k] = got
    return x, as_pct, bad


class View:
    """The rows of one table being checked, as the rules see them: each field's values (a placeholder
    where the cell had a problem), its problems, and whether it is still good; ``ctx`` is the engine's
    :class:`~ledger.upload.check.Context`."""

    def __init__(self, kind: str, ctx: Any, n: int) -> None:
        self.kind, self.ctx, self.n = kind, ctx, n
        self.values: dict[str, np.ndarray] = {}
        self.bad: dict[str, np.ndarray] = {}
        self.good: dict[str, np.ndarray] = {}
        self.pct: dict[str, np.ndarray] = {}
        self.formatted: dict[str, np.ndarray] = {}
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        #: field → (each row's number in the distinct values, those values), where the column was read
        #: once per distinct text (:meth:`Column.read`)
        self.distinct: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def ok(self, field: str) -> np.ndarray:
        return self.good[field]

    def val(self, field: str) -> np.ndarray:
        return self.values[field]

    def mark(self, field: str, rows: np.ndarray, problem: Bad | list[Bad]) -> None:
        """Give ``rows`` of ``field`` a problem (one for all, or one per row); they are no longer good."""
        bad = self.bad[field]
        for k, i in enumerate(rows):
            bad[i] = problem if isinstance(problem, Bad) else problem[k]
        self.good[field][rows] = False

    def as_percent(self, field: str) -> np.ndarray:
        return self.pct.get(field, np.zeros(self.n, dtype=bool))

    def percent_format(self, field: str) -> np.ndarray:
        return self.formatted.get(field, np.zeros(self.n, dtype=bool))

    def codes(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """(code per row, distinct values) of a text field (cached)."""
        if field not in self._codes:
            if field in self.distinct:  # numbered among the few distinct values, not the rows
                rows, values = self.distinct[field]
                codes, uniques = pd.factorize(values)
                self._codes[field] = (codes[rows], uniques)
            else:
                self._codes[field] = pd.factorize(self.values[field])
        return self._codes[field]

    def each(self, fields: tuple[str, ...], fn: Any) -> np.ndarray:
        """``fn(*values)`` of every row, computed once per distinct combination of ``fields``."""
        parts = [self.codes(f) for f in fields]
        combined = np.zeros(self.n, dtype=np.int64)
        for codes, uniques in parts:
            combined = combined * (len(uniques) + 1) + codes + 1
        combo, first = np.unique(combined, return_inverse=False, return_index=True)
        where = np.searchsorted(combo, combined)
        results = np.empty(len(combo), dtype=object)
        results[:] = [fn(*(uniques[codes[i]] for codes, uniques in parts)) for i in first]
        return results[where]

__all__ = ["Column", "View", "numbers"]
