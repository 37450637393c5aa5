"""The indicator catalog: curated names and targets (``data/indicators.csv``) matched to the ledger.

Extraction proposes targets; the curated file decides names, ids, direction, deadline and baseline.
:func:`reconcile` reports every extracted target without a curated row and every curated row that no
extracted target supports, so the two can be kept one to one.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .model import APPROX, GE, INDICATOR_COLUMNS, LE, Indicator, Ledger, Target

CSV_COLUMNS = [
    "id", "task", "name", "value", "unit", "op", "direction", "deadline", "baseline", "clause", "weight",
]


class CatalogError(ValueError):
    """The curated indicator file cannot be read."""


def read_catalog(path: str | Path, plan_year: int) -> list[Indicator]:
    """Read the curated indicator CSV. Empty deadline → 31 Dec of the plan year; the optional ``weight``
    column (a number ≥ 0, empty = 1) weighs the indicator within its category (``extra["weight"]``)."""
    path = Path(path)
    out: list[Indicator] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        required = ("id", "task", "name", "value", "unit", "direction")
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogError(f"{path.name} 缺少列：{'、'.join(missing)}")
        for lineno, row in enumerate(reader, start=2):
            try:
                direction = row["direction"].strip()
                if direction not in (GE, LE):
                    raise ValueError(f"方向应为 >= 或 <=，而不是 {direction!r}")
                deadline = (row.get("deadline") or "").strip()
                baseline = (row.get("baseline") or "").strip()
                weight = _weight((row.get("weight") or "").strip())
                out.append(
                    Indicator(
                        id=row["id"].strip(),
                        name=row["name"].strip(),
                        task_id=row["task"].strip(),
                        target=float(row["value"]),
                        unit=row["unit"].strip(),
                        direction=direction,
                        deadline=date.fromisoformat(deadline) if deadline else date(plan_year, 12, 31),
                        baseline=float(baseline) if baseline else None,
                        op=(row.get("op") or direction).strip(),
                        clause=(row.get("clause") or "").strip(),
                        extra={} if weight is None else {"weight": weight},
                    )
                )
            except (ValueError, TypeError) as exc:
                raise CatalogError(f"{path.name} 第 {lineno} 行：{exc}") from exc
    return out


def _weight(text: str) -> float | None:
    """A weight cell: None when empty, else a finite number ≥ 0 (ValueError otherwise)."""
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"权重应为不小于 0 的数，而不是 {text!r}")
    return value


def file_weights(path: str | Path) -> dict[str, float]:
    """The weights a curated catalog file gives (``id → weight``, only rows with one); {} when the file
    is missing or has no ``weight`` column. The store's catalog (the 指标目标 sheet) has no weights, so
    the dashboard takes them from the city file's indicators.csv."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        weights = {r["id"].strip(): _weight((r.get("weight") or "").strip()) for r in rows}
        return {k: w for k, w in weights.items() if w is not None}
    except (OSError, KeyError, ValueError, csv.Error):
        return {}


def weight_of(indicator: Indicator) -> float:
    """An indicator's weight within its category (1 unless the catalog gives one)."""
    return float(indicator.extra.get("weight", 1.0))


@dataclass(frozen=True)
class Mismatch:
    task_id: str
    kind: str  # "uncurated" (extracted, no row) or "unsupported" (row, nothing extracted)
    detail: str


def reconcile(ledger: Ledger, indicators: list[Indicator]) -> list[Mismatch]:
    """Compare extracted targets with curated indicators by (task, value, unit); [] when one to one."""
    problems: list[Mismatch] = []
    remaining = list(indicators)
    for task in ledger.tasks:
        for t in task.targets:
            match = next((i for i in remaining if _same(i, task.id, t)), None)
            if match is None:
                problems.append(Mismatch(task.id, "uncurated", f"{t.op}{t.value:g}{t.unit} ← {t.text}"))
            else:
                remaining.remove(match)
    for i in remaining:
        problems.append(Mismatch(i.task_id, "unsupported", f"{i.id} {i.name} {i.target:g}{i.unit}"))
    return problems


def _same(ind: Indicator, task_id: str, t: Target) -> bool:
    return ind.task_id == task_id and math.isclose(ind.target, float(t.value)) and ind.unit == t.unit


def propose(ledger: Ledger) -> list[Indicator]:
    """Indicators proposed from extraction alone (ids K01…, names from the clause's subject)."""
    out = []
    for task in ledger.tasks:
        for t in task.targets:
            out.append(
                Indicator(
                    id=f"K{len(out) + 1:02d}",
                    name=t.subject or task.title,
                    task_id=task.id,
                    target=float(t.value),
                    unit=t.unit,
                    direction=t.direction if t.op == APPROX else (t.op if t.op in (GE, LE) else GE),
                    deadline=date(ledger.plan_year, 12, 31),
                    op=t.op,
                    clause=t.text,
                )
            )
    return out


def write_catalog(indicators: list[Indicator], path: str | Path) -> None:
    """Write indicators in the curated CSV format."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for i in indicators:
            w.writerow([i.id, i.task_id, i.name, f"{i.target:g}", i.unit, i.op, i.direction,
                        i.deadline.isoformat(), "" if i.baseline is None else f"{i.baseline:g}", i.clause,
                        "" if "weight" not in i.extra else f"{weight_of(i):g}"])


def indicators_frame(indicators: list[Indicator], ledger: Ledger | None = None) -> pd.DataFrame:
    """Indicators as a tidy frame (INDICATOR_COLUMNS, plus ``category`` when a ledger is given)."""
    rows = [
        {
            "indicator": i.id,
            "name": i.name,
            "task": i.task_id,
            "target": float(i.target),
            "unit": i.unit,
            "direction": i.direction,
            "deadline": i.deadline,
            "baseline": float("nan") if i.baseline is None else float(i.baseline),
        }
        for i in indicators
    ]
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame["target"] = frame["target"].astype(float)
    frame["baseline"] = frame["baseline"].astype(float)
    if ledger is not None:
        cats = {t.id: t.category for t in ledger.tasks}
        frame["category"] = frame["task"].map(cats)
    return frame


def frame_to_indicators(frame: pd.DataFrame, plan_year: int) -> list[Indicator]:
    """The inverse of :func:`indicators_frame` (for a catalog edited in the 指标目标 sheet)."""
    out = []
    for r in frame.to_dict("records"):
        baseline = r.get("baseline")
        deadline = r.get("deadline")
        if isinstance(deadline, pd.Timestamp):
            deadline = deadline.date()
        out.append(
            Indicator(
                id=str(r["indicator"]),
                name=str(r["name"]),
                task_id=str(r["task"]),
                target=float(r["target"]),
                unit=str(r["unit"]),
                direction=str(r["direction"]),
                deadline=deadline if isinstance(deadline, date) else date(plan_year, 12, 31),
                baseline=None if baseline is None or pd.isna(baseline) else float(baseline),
            )
        )
    return out
