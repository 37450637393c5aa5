"""The analysts' workbook to fill in: sheets 填报说明, 指标进度, 任务进展, 指标目标 and a hidden ``lists``
sheet feeding the dropdowns, one pre-listed row per reporting key (:func:`ledger.assign.indicator_keys`
/ :func:`ledger.assign.task_keys`). Its sentences come from the i18n table."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import assign
from ..i18n import t
from ..model import CITY_WIDE, GE, LE, TASK_STATES
from .cells import parse_period
from .schema import GUIDE, LISTS, MAX_PERCENT, PROGRESS, SCHEMAS, TARGETS, TASKS

if TYPE_CHECKING:
    from .. import Bundle

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
_HELPER_FONT = Font(color="808080")
_SPARE_ROWS = 300
#: The numbered lines of 填报说明 (i18n keys template_guide_1 …), after the title and a blank line.
GUIDE_LINES = 11


def guide_lines(bundle: Bundle, lang: str = "zh") -> list[str]:
    """The 填报说明 sheet's lines: title, a blank line, the numbered rules."""
    year = bundle.config.plan_year
    fields = {
        "year": year,
        "states": " / ".join(TASK_STATES),
        "max": f"{MAX_PERCENT:g}",
        "city": CITY_WIDE,
        "progress": PROGRESS,
        "tasks": TASKS,
        "targets": TARGETS,
        "totals": "合计/小计/总计",
        "example": f"{year}年6月" if lang == "zh" else f"{year}/6",
    }
    return [
        t("template_guide_title", lang, city=bundle.config.city, year=year),
        "",
        *(f"{n}. {t(f'template_guide_{n}', lang, **fields)}" for n in range(1, GUIDE_LINES + 1)),
    ]


def inert(cell: Any) -> Any:
    """Keep text that starts with ``=`` a string: openpyxl would otherwise write it as a formula, and
    names in the catalog or values in a report are user text (formula injection)."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def write_row(ws: Any, row: int, values: list) -> None:
    """Write ``values`` into row ``row`` (1-based), every cell inert (see :func:`inert`). The caller
    counts rows: ``ws.max_row`` walks every cell, so calling it per row is quadratic."""
    for j, v in enumerate(values, start=1):
        inert(ws.cell(row, j, v))


def write_template(
    bundle: Bundle,
    path: str | Path | IO[bytes],
    *,
    period: str | None = None,
    lang: str = "zh",
    scope: Any = None,
) -> None:
    """Write the analysts' workbook to ``path`` (a path or a binary buffer).

    Every key of :func:`assign.indicator_keys` / :func:`assign.task_keys` gets a row; 期间 holds
    ``period`` (normalised to ``YYYY-MM``; a UserError when it cannot be read) or is left blank. With a
    reporter's ``scope`` (:class:`ledger.auth.Scope`) only the keys it covers get a row, the dropdowns
    offer only its departments and counties, and there is no 指标目标 sheet (the catalog is an admin's).
    """
    ledger, config = bundle.ledger, bundle.config
    if period is not None:
        period = parse_period(period)
    tasks = {task.id: task for task in ledger.tasks}
    inds = {i.id: i for i in bundle.indicators}
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = GUIDE
    for n, line in enumerate(guide_lines(bundle, lang), start=1):
        guide.cell(n, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110

    departments, areas = ledger.departments, config.areas
    if scope is not None:
        departments = [d for d in departments if not scope.departments or d in scope.departments]
        areas = [a for a in areas if not scope.counties or a in scope.counties]
    lists_data = {
        "责任部门": departments,
        "县区": areas,
        "进度状态": list(TASK_STATES),
        "指标编号": list(inds),
        "任务编号": list(tasks),
        "方向": [GE, LE],
    }
    refs = {}
    lists = wb.create_sheet(LISTS)
    for c, (name, values) in enumerate(lists_data.items(), start=1):
        lists.cell(1, c, name)
        for r, v in enumerate(values, start=2):
            inert(lists.cell(r, c, v))
        letter = get_column_letter(c)
        refs[name] = f"{LISTS}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    lists.sheet_state = "hidden"

    ikeys = assign.indicator_keys(ledger, bundle.indicators, config)
    tkeys = assign.task_keys(ledger, config)
    if scope is not None:
        ikeys = ikeys[[scope.covers(d, c) for d, c in zip(ikeys["department"], ikeys["county"], strict=True)]]
        tkeys = tkeys[[scope.covers(d, c) for d, c in zip(tkeys["department"], tkeys["county"], strict=True)]]
    progress_rows = [
        [
            period,
            k.indicator,
            f"{inds[k.indicator].name}（{inds[k.indicator].unit}）",
            k.department,
            k.county,
            None,
            None,
        ]
        for k in ikeys.itertuples(index=False)
    ]
    task_rows = [
        [period, k.task, tasks[k.task].title, k.department, k.county, None, None, None]
        for k in tkeys.itertuples(index=False)
    ]
    target_rows = [
        [i.id, i.name, i.task_id, i.target, i.unit, i.direction, i.deadline, i.baseline]
        for i in bundle.indicators
    ]
    sheets = {PROGRESS: progress_rows, TASKS: task_rows, TARGETS: target_rows}
    if scope is not None:
        del sheets[TARGETS]
    dropdowns = {
        "indicator": "指标编号",
        "task": "任务编号",
        "department": "责任部门",
        "county": "县区",
        "status": "进度状态",
        "direction": "方向",
    }
    invalid = t("template_invalid_title", lang)
    for sheet_name, rows in sheets.items():
        ws = wb.create_sheet(sheet_name, index=len(wb.sheetnames) - 1)  # keep `lists` last
        cols = SCHEMAS[sheet_name]
        ws.append([c.header for c in cols])
        for r, row in enumerate(rows, start=2):
            write_row(ws, r, row)
        last = len(rows) + 1 + _SPARE_ROWS
        for j, col in enumerate(cols, start=1):
            letter = get_column_letter(j)
            head = ws.cell(1, j)
            head.font, head.fill = HEADER_FONT, HEADER_FILL
            ws.column_dimensions[letter].width = col.width
            area = f"{letter}2:{letter}{last}"
            if col.field in ("period", "indicator", "task") and sheet_name != TARGETS:
                ws.column_dimensions[letter].number_format = "@"  # keep 2023-06 and 1.10 as text
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).number_format = "@"
            if col.role == "helper":
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).font = _HELPER_FONT
            if col.field == "deadline":
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).number_format = "yyyy-mm-dd"
            if col.field in dropdowns and not (sheet_name == TARGETS and col.field == "indicator"):
                list_name = dropdowns[col.field]
                dv = DataValidation(
                    type="list",
                    formula1=refs[list_name],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=invalid,
                    error=t("template_choose_from_list", lang, column=list_name),
                )
                if col.field == "indicator":
                    dv.errorStyle = "warning"  # new indicators may be added in 指标目标
                dv.add(area)
                ws.add_data_validation(dv)
            if col.field == "percent":
                dv = DataValidation(
                    type="decimal",
                    operator="between",
                    formula1="0",
                    formula2="100",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=invalid,
                    error=t("template_percent_range", lang),
                )
                dv.add(area)
                ws.add_data_validation(dv)
            if col.numeric:
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).number_format = "General"
        ws.freeze_panes = "A2"
    wb.properties.title = t("template_title", lang, city=config.city)
    wb.save(path)


__all__ = ["HEADER_FILL", "HEADER_FONT", "guide_lines", "inert", "write_row", "write_template"]
