"""Domain model of the task ledger: one module, plain frozen dataclasses.

Everything downstream (workbook, store, metrics, pages) speaks in these types or in the tidy
DataFrame schemas declared at the bottom of this module (column names in one place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .errors import Where

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
    #: The starting value written with the target (由10个工作日压缩至5个工作日 → 10), else None.
    baseline: float | None = None

    def to_json(self) -> dict:
        return {"value": self.value, "unit": self.unit, "op": self.op, "text": self.text,
                "baseline": self.baseline}


@dataclass(frozen=True)
class Task:
    """One row of the ledger: id ``N.M``, its category, title, full text and who is responsible.

    ``departments`` are canonical names, lead first; ``support`` are those of them marked as supporting
    (配合), the others lead. ``counties`` is true when the task goes to counties at all, and
    ``county_list`` says which (the configured counties for 各县区, or the named ones). ``group`` is the
    title of the （一） group a three-level 方案 puts the task under ("" otherwise).
    """

    id: str
    category: str
    title: str
    text: str
    departments: tuple[str, ...]
    counties: bool
    targets: tuple[Target, ...] = ()
    completion: str = ""
    group: str = ""
    support: tuple[str, ...] = ()
    county_list: tuple[str, ...] = ()

    @property
    def lead(self) -> str | None:
        """The lead department (the first one), or None for a task without departments."""
        return self.departments[0] if self.departments else None

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
            "lead": self.lead,
            "support": list(self.support),
            "counties": self.counties,
            "county_list": list(self.county_list),
            "group": self.group,
            "targets": [t.to_json() for t in self.targets],
        }


@dataclass(frozen=True)
class Category:
    no: int
    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class ParseWarning:
    """Something a parse was not sure of, for a person to review: a ``code`` (an i18n key), where in
    the document (``where``: "第 12 行", "表格第 3 行第 2 列", "第 5 段"), and ``params`` for the message.
    ``place`` is the same place as a :class:`ledger.errors.Where`, so :meth:`message` can say it in English.
    """

    code: str
    where: str = ""
    params: tuple[tuple[str, str], ...] = ()
    place: Where | None = field(default=None, compare=False)

    def message(self, lang: str = "zh") -> str:
        """The warning as a sentence in ``lang``, the place in front."""
        from .i18n import t  # late: the i18n package imports this module

        text = t(self.code, lang, **dict(self.params))
        where = self.place.text(lang) if self.place else self.where
        if not where:
            return text
        return f"{where}：{text}" if lang != "en" else f"{where}: {text}"

    def to_json(self) -> dict:
        return {"code": self.code, "where": self.where, "params": dict(self.params)}


@dataclass(frozen=True)
class Ledger:
    """A parsed ledger: title, city, plan year, its categories of tasks and the parse's warnings."""

    title: str
    city: str
    plan_year: int
    categories: tuple[Category, ...]
    warnings: tuple[ParseWarning, ...] = ()

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
            "warnings": [w.to_json() for w in self.warnings],
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
