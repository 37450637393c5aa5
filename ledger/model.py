"""Domain model of the task ledger: one module, plain frozen dataclasses.

Everything downstream (workbook, store, metrics, pages) speaks in these types or in the tidy
DataFrame schemas declared at the bottom of this module (column names in one place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# --- operators and statuses -------------------------------------------------------------------

GE = ">="
LE = "<="
APPROX = "≈"
OPS = (GE, LE, APPROX)

#: Indicator status, as of a period (DESIGN §1 Metrics).
MET, ON_TRACK, BEHIND, OVERDUE, NO_DATA = "达标", "正常", "滞后", "逾期", "无数据"
STATUSES = (MET, ON_TRACK, BEHIND, OVERDUE, NO_DATA)
#: Worst first: a roll-up takes the first of these that occurs among its items.
STATUS_SEVERITY = (OVERDUE, BEHIND, NO_DATA, ON_TRACK, MET)

#: Task progress states analysts report in the 任务进展 sheet.
TASK_STATES = ("未启动", "推进中", "已完成", "滞后")

#: The county value for a city-wide figure.
CITY_WIDE = "全市"


@dataclass(frozen=True)
class Target:
    """A quantitative target found in a task's text.

    ``op`` is as written (``>=``, ``<=`` or ``≈`` for 左右); ``direction`` resolves ``≈`` by meaning
    (压缩/缩短/控制 → ``<=``, otherwise ``>=``). ``text`` is the clause it came from and ``subject``
    the words naming what is measured (a proposal for the indicator name).
    """

    value: float
    unit: str
    op: str
    text: str
    direction: str = GE
    subject: str = ""

    def to_json(self) -> dict:
        return {"value": self.value, "unit": self.unit, "op": self.op, "text": self.text}


@dataclass(frozen=True)
class Task:
    """One row of the ledger: id ``N.M``, its category, title, full text and who is responsible."""

    id: str
    category: str
    title: str
    text: str
    departments: tuple[str, ...]
    counties: bool
    targets: tuple[Target, ...] = ()
    completion: str = ""

    @property
    def category_no(self) -> int:
        return int(self.id.split(".")[0])

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "category": self.category,
            "title": self.title,
            "text": self.text,
            "departments": list(self.departments),
            "counties": self.counties,
            "targets": [t.to_json() for t in self.targets],
        }


@dataclass(frozen=True)
class Category:
    no: int
    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Ledger:
    """A parsed ledger: title, city, plan year and its categories of tasks."""

    title: str
    city: str
    plan_year: int
    categories: tuple[Category, ...]

    @property
    def tasks(self) -> list[Task]:
        return [t for c in self.categories for t in c.tasks]

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(task_id)

    @property
    def departments(self) -> list[str]:
        """All departments named anywhere, in order of first appearance."""
        seen: dict[str, None] = {}
        for t in self.tasks:
            for d in t.departments:
                seen.setdefault(d, None)
        return list(seen)

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "city": self.city,
            "plan_year": self.plan_year,
            "tasks": [t.to_json() for t in self.tasks],
        }


@dataclass(frozen=True)
class Indicator:
    """A KPI: a curated target (``data/indicators.csv`` or the 指标目标 sheet).

    ``direction`` is ``>=`` or ``<=`` (never ``≈``); ``deadline`` defaults to the end of the plan year.
    """

    id: str
    name: str
    task_id: str
    target: float
    unit: str
    direction: str
    deadline: date
    baseline: float | None = None
    op: str = GE
    clause: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


# --- tidy frame schemas (column names used across workbook, store and metrics) ---------------

#: 指标目标 / indicator catalog frame.
INDICATOR_COLUMNS = ["indicator", "name", "task", "target", "unit", "direction", "deadline", "baseline"]
#: 指标进度 / progress records: one actual value per (period, indicator, department, county).
PROGRESS_KEY = ["period", "indicator", "department", "county"]
PROGRESS_COLUMNS = [*PROGRESS_KEY, "actual", "note"]
#: 任务进展 / task status records.
TASK_KEY = ["period", "task", "department", "county"]
TASK_COLUMNS = [*TASK_KEY, "status", "percent", "completion"]
