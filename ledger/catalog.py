"""The indicator catalog: curated names and targets (``data/indicators.csv``) matched to the ledger.

Extraction proposes targets; the curated file decides names, ids, direction, deadline and baseline.
:func:`reconcile` reports every extracted target without a curated row and every curated row that no
extracted target supports, so the two can be kept one to one.
"""

from __future__ import annotations

import calendar
import csv
import math
import re
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
    """Indicators proposed from extraction alone, for a person to review: ids K01…, a short name from
    the clause, direction (``≈`` resolved by meaning), the deadline written with the target (年底前,
    6月底前, 2024年9月底前 → that date; else 31 December of the plan year) and the baseline (由A压缩至B)."""
    out: list[Indicator] = []
    used: dict[str, int] = {}
    for task in ledger.tasks:
        for t in task.targets:
            name = indicator_name(t.subject, t.text, task.title)
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name = f"{name}（{used[name]}）"
            out.append(
                Indicator(
                    id=f"K{len(out) + 1:02d}",
                    name=name,
                    task_id=task.id,
                    target=float(t.value),
                    unit=t.unit,
                    direction=t.direction if t.op == APPROX else (t.op if t.op in (GE, LE) else GE),
                    deadline=deadline_of(t.text, task.text, ledger.plan_year),
                    baseline=None if t.baseline is None else float(t.baseline),
                    op=t.op,
                    clause=t.text,
                )
            )
    return out


#: Words that open a clause but do not name what is measured.
_LEADING = re.compile(r"^(?:到|至)?(?:(?:19|20)\d\d年)?(?:年底前|年底|年内|全年|上半年|下半年|\d{1,2}月底前|"
                      r"实现|确保|推动|力争|持续|将|其中|推进|全面|进一步|努力|争取|全市|累计|新增|完成|达到)+")
_NAME_MAX = 24


def indicator_name(subject: str, clause: str, title: str) -> str:
    """A short indicator name: the target's subject (the words before its figure), without the words that
    open a clause (年底前, 确保, 将 …); the clause's words after the figure, or the task title, when the
    subject is empty."""
    name = _LEADING.sub("", "".join(subject.split())).strip("，、的“”")
    if len(name) < 2:
        tail = re.split(r"\d", "".join(clause.split()))[-1]
        tail = re.sub(r"^[^\u4e00-\u9fff]*(?:以上|以下|以内|左右)?", "", tail).strip("，、的“”")
        name = tail if len(tail) >= 2 else title
    return name[:_NAME_MAX] or title[:_NAME_MAX]


_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DATE = re.compile(rf"(?:((?:19|20)\d\d)年)?{_MONTH}月(?:(\d{{1,2}})日|底|末)(?:前|之前|以前)?")
_YEAR_END = re.compile(r"(?:((?:19|20)\d\d)年|年)(?:底|末)(?:前|之前)?|年内|全年")
_QUARTERS = {"一季度": 3, "第一季度": 3, "二季度": 6, "第二季度": 6, "上半年": 6, "三季度": 9, "第三季度": 9,
             "前三季度": 9, "四季度": 12, "第四季度": 12, "下半年": 12}


def deadline_of(clause: str, text: str, plan_year: int) -> date:
    """The deadline written with a target: in its clause, else in the sentence the clause stands in
    (年底前, 6月底前, 2024年9月底前, 9月30日前, 上半年, 三季度); else 31 December of ``plan_year``."""
    flat = "".join(text.split())
    at = flat.find(clause) if clause else -1
    sentence = ""
    if at >= 0:
        start = max(flat.rfind("。", 0, at), flat.rfind("；", 0, at)) + 1
        sentence = flat[start:at]
    for place in (clause, sentence):
        found = _deadline(place, plan_year)
        if found is not None:
            return found
    return date(plan_year, 12, 31)


def _deadline(text: str, plan_year: int) -> date | None:
    m = _DATE.search(text)
    if m:
        year = int(m.group(1)) if m.group(1) else plan_year
        month = int(m.group(2)) if m.group(2).isdigit() else _CN_MONTHS[m.group(2)]
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            day = int(m.group(3)) if m.group(3) else last
            return date(year, month, min(max(day, 1), last))
    m = _YEAR_END.search(text)
    if m:
        return date(int(m.group(1)) if m.group(1) else plan_year, 12, 31)
    for word in sorted(_QUARTERS, key=len, reverse=True):
        if word in text:
            month = _QUARTERS[word]
            return date(plan_year, month, calendar.monthrange(plan_year, month)[1])
    return None


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
