"""The analysts' workbook, declared once: sheets, columns, header aliases, the cell type of each column,
the problem code of a blank cell, the value rules (vectorised checks, each with its problem code) and
the tidy frames' dtypes, which the store takes from here too.

A rule is ``Rule(field, code, test, params)``: ``test(view)`` returns a boolean array, True on the rows
that break the rule; it is applied only where ``field`` and ``needs`` were read without a problem, and
each field gets at most its first problem. ``params(view, rows)`` gives the message parameters (one
dict per failing row, or one dict for all). Rules read other fields through ``view.val(field)``, which
is None on rows where that field had a problem. The engine is :mod:`ledger.upload.check`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import CITY_WIDE, INDICATOR_COLUMNS, PROGRESS_COLUMNS, TASK_COLUMNS, TASK_STATES

GUIDE, PROGRESS, TASKS, TARGETS, LISTS = "填报说明", "指标进度", "任务进展", "指标目标", "lists"
DATA_SHEETS = (PROGRESS, TASKS, TARGETS)

#: Sheet name → accepted spellings (compared after NFKC, whitespace removal and lower-casing).
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    PROGRESS: ("progress", "indicatorprogress", "指标完成情况"),
    TASKS: ("tasks", "taskprogress", "任务进度"),
    TARGETS: ("targets", "indicators", "catalog", "指标目录"),
}
MAX_PERCENT = 1000.0


@dataclass(frozen=True)
class Col:
    """One column: canonical field, Chinese header, accepted aliases, its role and cell type.

    ``role``: ``key`` (part of the record key, forward-filled through merged cells), ``value`` (a row
    whose value cells are all empty is skipped), ``helper`` (written for reading, ignored on read).
    ``kind`` names the cell reader (see :mod:`ledger.upload.check`); ``missing`` is the problem code
    of a blank cell on a row that has values (None: blank allowed). ``numeric`` columns have their
    number formats read (a %-formatted 0.52 means 52).
    """

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    role: str = "value"
    kind: str = "text"
    missing: str | None = None
    width: float = 12

    @property
    def numeric(self) -> bool:
        return self.kind == "number"


@dataclass(frozen=True)
class Rule:
    """A value rule: rows where ``test(view)`` is True get problem ``code`` on ``field``."""

    field: str
    code: str
    test: Callable[[Any], np.ndarray]
    params: Callable[[Any, np.ndarray], list[dict] | dict] = lambda view, rows: {}


_PERIOD = Col(
    "period",
    "期间",
    ("period", "month", "月份", "报告期", "填报期间", "时间"),
    True,
    "key",
    "period",
    "period_missing",
    width=10,
)
_DEPT = Col(
    "department",
    "责任部门",
    ("department", "dept", "部门", "牵头部门", "单位"),
    True,
    "key",
    "department",
    "department_missing",
    width=20,
)
_COUNTY = Col(
    "county",
    "县区",
    ("county", "district", "area", "区县", "县(区)", "地区"),
    True,
    "key",
    "county",
    "county_missing",
    width=10,
)

SCHEMAS: dict[str, tuple[Col, ...]] = {
    PROGRESS: (
        _PERIOD,
        Col(
            "indicator",
            "指标编号",
            ("indicator", "indicator_id", "indicatorid", "id", "指标"),
            True,
            "key",
            "indicator",
            "key_missing",
        ),
        Col("name", "指标名称", ("name", "indicator_name"), role="helper", width=40),
        _DEPT,
        _COUNTY,
        Col(
            "actual",
            "实际值",
            ("actual", "value", "完成值", "实际完成值", "数值"),
            True,
            kind="number",
            missing="actual_missing",
        ),
        Col("note", "备注", ("note", "notes", "remark", "remarks", "说明"), width=30),
    ),
    TASKS: (
        _PERIOD,
        Col("task", "任务编号", ("task", "task_id", "taskid", "任务"), True, "key", "task", "key_missing"),
        Col("name", "任务名称", ("name", "task_name", "title"), role="helper", width=28),
        _DEPT,
        _COUNTY,
        Col(
            "status",
            "进度状态",
            ("status", "state", "状态", "进展状态", "进度"),
            True,
            kind="status",
            missing="status_missing",
        ),
        Col("percent", "完成百分比", ("percent", "pct", "percentage", "完成比例", "完成进度"), kind="number"),
        Col("completion", "工作完成情况", ("completion", "progress", "完成情况", "进展情况"), width=50),
    ),
    TARGETS: (
        Col(
            "indicator",
            "编号",
            ("indicator", "id", "indicator_id", "指标编号"),
            True,
            "key",
            "id",
            "target_id_missing",
            width=8,
        ),
        Col("name", "名称", ("name", "指标名称"), True, kind="text", missing="target_name_missing", width=36),
        Col(
            "task",
            "任务",
            ("task", "task_id", "任务编号"),
            True,
            kind="task_id",
            missing="target_task_missing",
            width=8,
        ),
        Col(
            "target",
            "目标值",
            ("target", "value", "目标"),
            True,
            kind="number",
            missing="target_value_missing",
            width=10,
        ),
        Col("unit", "单位", ("unit",), True, kind="unit", missing="target_unit_missing", width=10),
        Col(
            "direction",
            "方向",
            ("direction", "op"),
            True,
            kind="direction",
            missing="target_direction",
            width=8,
        ),
        Col("deadline", "截止日期", ("deadline", "due", "截止时间"), kind="date", width=12),
        Col("baseline", "基期值", ("baseline", "base", "基准值", "基期"), kind="number", width=10),
    ),
}

#: The tidy frame of each sheet: its columns, float columns and date columns (store and reader alike).
FRAMES: dict[str, tuple[list[str], tuple[str, ...], tuple[str, ...]]] = {
    PROGRESS: (PROGRESS_COLUMNS, ("actual",), ()),
    TASKS: (TASK_COLUMNS, ("percent",), ()),
    TARGETS: (INDICATOR_COLUMNS, ("target", "baseline"), ("deadline",)),
}
#: The field whose cell carries a duplicate-key problem, and what counts as a duplicate: ``key`` — a
#: problem-free row with the key of an earlier problem-free row; ``id`` — any row with the id of an
#: earlier problem-free row (the catalog's ids are unique whatever else is wrong).
ID_FIELD = {PROGRESS: "indicator", TASKS: "task", TARGETS: "indicator"}
DUPLICATES = {PROGRESS: "key", TASKS: "key", TARGETS: "id"}
#: A row is skipped when its cells of these roles are all blank (and when a key cell says 合计/小计/总计).
BLANK_ROW = {PROGRESS: ("value",), TASKS: ("value",), TARGETS: ("key", "value")}


# --- value rules ----------------------------------------------------------------------------------


def _outside_year(v) -> np.ndarray:
    year = str(v.ctx.plan_year)
    return v.each(("period",), lambda p: p[:4] != year).astype(bool)


def _id(v) -> str:
    return "indicator" if v.kind == PROGRESS else "task"


def _task(v, ident: str):
    """The ledger task of an indicator (指标进度) or task id (任务进展), or None."""
    if v.kind == PROGRESS:
        unit = v.ctx.units.get(ident)
        return v.ctx.tasks.get(unit[0]) if unit else None
    return v.ctx.tasks.get(ident)


def unit_of(v) -> np.ndarray:
    """Each row's indicator unit ("" where the indicator is not in the catalog)."""
    units = v.ctx.units
    return v.each(("indicator",), lambda i: units[i][1] if i in units else "")


def _not_responsible(v) -> np.ndarray:
    def test(ident: str, department: str) -> bool:
        task = _task(v, ident)
        return task is not None and department not in task.departments

    return v.each((_id(v), "department"), test).astype(bool)


def _responsible_params(v, rows: np.ndarray) -> list[dict]:
    tasks = v.each((_id(v),), lambda ident: _task(v, ident))[rows]
    return [{"task": t.id, "title": t.title, "departments": "、".join(t.departments)} for t in tasks]


def _city_only(v) -> np.ndarray:
    def test(ident: str, county: str) -> bool:
        task = _task(v, ident)
        return task is not None and not task.counties and county != CITY_WIDE

    return v.each((_id(v), "county"), test).astype(bool)


def _city_only_params(v, rows: np.ndarray) -> list[dict]:
    return [{"task": t.id, "city": CITY_WIDE} for t in v.each((_id(v),), lambda ident: _task(v, ident))[rows]]


def _outside(v, field: str, part: str) -> np.ndarray:
    """Rows whose ``field`` (department or county) is not among the reporter's scope's ``part``."""
    allowed = getattr(v.ctx.scope, part, None) if v.ctx.scope is not None else None
    if not allowed:
        return np.zeros(v.n, dtype=bool)
    return ~np.isin(np.asarray(v.val(field), dtype=object), list(allowed))


def _scope_params(part: str):
    return lambda v, rows: {"allowed": "、".join(getattr(v.ctx.scope, part))}


def _floats(v, field: str) -> np.ndarray:
    return np.asarray(v.val(field), dtype=float)


_KEY_RULES = (
    Rule("period", "period_outside_year", _outside_year, lambda v, rows: {"year": v.ctx.plan_year}),
    # a reporter's upload: only the rows of its own departments and counties
    Rule("department", "department_outside_scope", lambda v: _outside(v, "department", "departments"),
         _scope_params("departments")),
    Rule("county", "county_outside_scope", lambda v: _outside(v, "county", "counties"),
         _scope_params("counties")),
    Rule("department", "department_not_responsible", _not_responsible, _responsible_params),
    Rule("county", "county_city_only", _city_only, _city_only_params),
)

RULES: dict[str, tuple[Rule, ...]] = {
    PROGRESS: (
        *_KEY_RULES,
        Rule(
            "actual",
            "actual_percent_unit",
            lambda v: v.as_percent("actual") & ~np.isin(unit_of(v), ["", "%"]),
            lambda v, rows: [{"unit": u} for u in unit_of(v)[rows]],
        ),
        Rule("actual", "negative", lambda v: _floats(v, "actual") < 0),
        Rule(
            "actual",
            "actual_over_percent_format",
            lambda v: (
                (unit_of(v) == "%") & (_floats(v, "actual") > MAX_PERCENT) & v.percent_format("actual")
            ),
            lambda v, rows: [
                {"max": f"{MAX_PERCENT:g}", "shown": f"{x:g}%"}
                for x in _floats(v, "actual")[rows]
            ],
        ),
        Rule(
            "actual",
            "actual_over_percent",
            lambda v: (unit_of(v) == "%") & (_floats(v, "actual") > MAX_PERCENT),
            lambda v, rows: {"max": f"{MAX_PERCENT:g}"},
        ),
    ),
    TASKS: (
        *_KEY_RULES,
        Rule(
            "percent", "percent_range", lambda v: (_floats(v, "percent") < 0) | (_floats(v, "percent") > 100)
        ),
    ),
    TARGETS: (
        Rule(
            "task",
            "target_task_unknown",
            lambda v: (
                ~np.isin(v.val("task"), list(v.ctx.tasks)) & np.isin(v.val("indicator"), list(v.ctx.catalog))
            ),
        ),
        Rule("task", "target_new_task_unknown", lambda v: ~np.isin(v.val("task"), list(v.ctx.tasks))),
        Rule("target", "negative", lambda v: _floats(v, "target") < 0),
        Rule(
            "target",
            "target_too_small",
            lambda v: (_floats(v, "target") != 0) & (np.abs(_floats(v, "target")) < 1e-9),
        ),
        Rule(
            "deadline",
            "target_deadline_early",
            lambda v: np.array(
                [d is not None and d.year < v.ctx.plan_year for d in v.val("deadline")], dtype=bool
            ),
            lambda v, rows: {"year": v.ctx.plan_year},
        ),
        Rule("baseline", "negative", lambda v: _floats(v, "baseline") < 0),
    ),
}

#: The choices named by some problems.
STATE_CHOICES = "、".join(TASK_STATES)

__all__ = [
    "BLANK_ROW",
    "DATA_SHEETS",
    "DUPLICATES",
    "FRAMES",
    "GUIDE",
    "ID_FIELD",
    "LISTS",
    "MAX_PERCENT",
    "PROGRESS",
    "RULES",
    "SCHEMAS",
    "SHEET_ALIASES",
    "TARGETS",
    "TASKS",
    "Col",
    "Rule",
]
