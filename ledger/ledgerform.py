"""The ledger form as a workbook: the 台账 in its own four columns, as offices circulate it.

主要指标 | 目标任务 | 责任部门 | 工作完成情况 — a title row on top, a header row, category cells merged down
over their tasks. Departments fill the 工作完成情况 column; :func:`read_completion` turns each filled
cell into a task-status record, inferring 已完成 / 推进中 / 滞后 only where the text says so.

Reading works on a sheet's cells (:func:`form_ledger`, :func:`completion_records`), which the upload
reader (``ledger.upload``) hands over after its checks; :func:`read_ledger_form` and
:func:`read_completion` open a file themselves through the same checks.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from .config import normalize_name
from .model import CITY_WIDE, TASK_COLUMNS, Category, Ledger, Task
from .parse import (
    CATEGORY_RE,
    TASK_RE,
    LedgerParseError,
    city_from_title,
    cn_number,
    plan_year_from_title,
    split_departments,
)
from .targets import extract_targets
from .upload.cells import is_blank
from .upload.problems import Problem, WorkbookError

HEADERS = ("主要指标", "目标任务", "责任部门", "工作完成情况")
_CN = "零一二三四五六七八九十"
# Words that settle a status; anything else leaves the status empty (unknown).
_DONE = re.compile(r"已完成|已全面完成|全部完成|已办结|已实现|已达到|已达标")
_LATE = re.compile(r"滞后|未完成|未达到|未达标|延期|推进缓慢|尚未")
_DOING = re.compile(r"正在|推进中|持续推进|稳步推进|已启动|开展中|有序推进")


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + ("" if ones == 0 else _CN[ones])


def departments_cell(task: Task) -> str:
    """The 责任部门 text as the ledger writes it (full names, 各县区政府 last)."""
    text = "、".join(task.departments)
    return f"{text}，各县区政府" if task.counties else text


def write_ledger_form(ledger: Ledger, path: str | Path | io.BytesIO) -> None:
    """Write the ledger in its four-column form (category cells merged down, title row on top)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([ledger.title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    row = 3
    for cat in ledger.categories:
        first = row
        for task in cat.tasks:
            number = cn_numeral(int(task.id.split(".")[1]))
            ws.append(["", f"（{number}）{task.text}", departments_cell(task), task.completion or None])
            for cell in ws[row]:
                cell.alignment = wrap
                cell.border = border
            row += 1
        ws.cell(first, 1, f"{cn_numeral(cat.no)}、{cat.name}")
        if row - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
        ws.cell(first, 1).alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for col, width in zip("ABCD", (12, 80, 24, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    wb.save(path)


class LedgerFormError(WorkbookError, LedgerParseError):
    """A 台账 workbook that cannot be read: its problems name the sheet, row and column (an upload's
    :class:`~ledger.upload.WorkbookError` and the parser's :class:`~ledger.parse.LedgerParseError`)."""


def _problem(code: str, sheet: str, row: int | None = None, value: str = "", **params: object) -> Problem:
    return Problem(code, params, sheet=sheet, row=row, column=HEADERS[1] if row else "", value=value)


def _rows(sheet: str, grid: list[list], merged: list[tuple[int, int, int, int]]) -> tuple[str, list[tuple]]:
    """Title and the rows under the header as (Excel row, 主要指标, 目标任务, 责任部门, 工作完成情况) text,
    merged category cells filled down. ``grid`` holds the first sheet's cells; ``merged`` its ranges
    as 0-based (min_col, min_row, max_col, max_row)."""
    values = [["" if is_blank(v) else str(v).strip() for v in r] for r in grid]
    for c1, r1, c2, r2 in merged:
        top = values[r1][c1] if r1 < len(values) and c1 < len(values[r1]) else ""
        for r in range(r1, min(r2, len(values) - 1) + 1):
            for c in range(c1, min(c2, len(values[r]) - 1) + 1):
                values[r][c] = top
    header_at = next(
        (i for i, r in enumerate(values[:10]) if "目标任务" in [normalize_name(v) for v in r]), None
    )
    if header_at is None:
        problem = _problem("form_no_header", sheet, header=HEADERS[1], headers=" | ".join(HEADERS))
        raise LedgerFormError([problem], openable=True)
    title = next((normalize_name(v) for r in values[:header_at] for v in r if v), "")
    header = [normalize_name(v) for v in values[header_at]]
    order = [header.index(h) if h in header else None for h in HEADERS]
    if order[1] is None or order[2] is None:
        problem = _problem(
            "form_no_columns", sheet, row=header_at + 1, task=HEADERS[1], departments=HEADERS[2]
        )
        raise LedgerFormError([problem], openable=True)
    rows = []
    for n, r in enumerate(values[header_at + 1 :], start=header_at + 2):
        rows.append((n, *[r[i] if i is not None and i < len(r) else "" for i in order]))
    return title, rows


def form_ledger(
    sheet: str, grid: list[list], merged: list[tuple[int, int, int, int]], *,
    plan_year: int | None = None, city: str | None = None,
) -> tuple[Ledger, dict[str, int]]:
    """The ledger a 台账 sheet holds, and the Excel row of each of its tasks. Raises LedgerFormError."""
    title, rows = _rows(sheet, grid, merged)
    city = city or city_from_title(title)
    if plan_year is None:
        plan_year = plan_year_from_title(title)
    cats: list[tuple[int, str, list[Task]]] = []
    at: dict[str, int] = {}
    for excel_row, category, task_cell, dept_cell, completion in rows:
        cm = CATEGORY_RE.match(" ".join(category.split()))
        if cm and (not cats or cn_number(cm.group(1)) != cats[-1][0]):
            cats.append((cn_number(cm.group(1)), "".join(cm.group(2).split()), []))
        tm = TASK_RE.match(task_cell.replace("\n", ""))
        if not tm or not cats:
            continue
        no, text = cn_number(tm.group(1)), tm.group(2).strip()
        departments, counties = split_departments(dept_cell, city)
        cat_no, cat_name, tasks = cats[-1]
        task_id = f"{cat_no}.{no}"
        at.setdefault(task_id, excel_row)
        tasks.append(
            Task(
                id=task_id,
                category=cat_name,
                title=re.split(r"[。；]", text, maxsplit=1)[0],
                text=text,
                departments=tuple(departments),
                counties=counties,
                targets=tuple(extract_targets(text)),
                completion=completion,
            )
        )
    if not any(tasks for _, _, tasks in cats):
        raise LedgerFormError([_problem("form_no_tasks", sheet, mark="（一）")], openable=True)
    categories = tuple(Category(no, name, tuple(tasks)) for no, name, tasks in cats)
    return Ledger(title=title, city=city, plan_year=plan_year, categories=categories), at


def read_ledger_form(
    source: str | Path | bytes, *, plan_year: int | None = None, city: str | None = None
) -> Ledger:
    """Parse a ledger-form workbook into a :class:`Ledger` (same result shape as the text parser).

    The file is checked and read like an upload (:func:`ledger.upload.first_sheet`), so a file that is
    not a workbook, or one too sparse to read, is refused with a WorkbookError instead of read."""
    return form_ledger(*_first_sheet(source), plan_year=plan_year, city=city)[0]


def _first_sheet(source: str | Path | bytes) -> tuple[str, list[list], list]:
    from .upload import first_sheet  # late: ledger.upload reads 台账 uploads through this module

    data, name = (source, "") if isinstance(source, bytes) else (Path(source).read_bytes(), Path(source).name)
    try:
        return first_sheet(data, file_name=name)
    except WorkbookError as exc:  # not a workbook, or one too sparse to read: the parser's error too
        raise LedgerFormError(exc.problems, openable=exc.openable) from None


def infer_status(text: str) -> str:
    """已完成 / 滞后 / 推进中 where the completion text says so, else '' (unknown)."""
    if _LATE.search(text):
        return "滞后"
    if _DONE.search(text):
        return "已完成"
    if _DOING.search(text):
        return "推进中"
    return ""


def read_completion(source: str | Path | bytes, ledger: Ledger, period: str) -> pd.DataFrame:
    """Task-status records (TASK_COLUMNS) for every filled 工作完成情况 cell of a ledger-form workbook."""
    sheet, grid, merged = _first_sheet(source)
    return completion_records(sheet, grid, merged, ledger, period)


def completion_records(
    sheet: str, grid: list[list], merged: list[tuple[int, int, int, int]], ledger: Ledger, period: str
) -> pd.DataFrame:
    """Task-status records (TASK_COLUMNS) of a 台账 sheet: one per filled 工作完成情况 cell.

    Each record is keyed to the task's lead department and 全市; tasks are matched by their number
    within the category, and every task of the form must belong to the known ledger (else a
    LedgerFormError names each row that does not).
    """
    form, at = form_ledger(sheet, grid, merged, plan_year=ledger.plan_year, city=ledger.city)
    known = {t.id: t for t in ledger.tasks}
    records, problems = [], []
    for task in form.tasks:
        if not task.completion:
            continue
        if task.id not in known:
            row = at[task.id]
            problems.append(_problem("form_task_unknown", sheet, row=row, value=task.title, task=task.id))
            continue
        lead = known[task.id].departments[0] if known[task.id].departments else ""
        records.append(
            {
                "period": period,
                "task": task.id,
                "department": lead,
                "county": CITY_WIDE,
                "status": infer_status(task.completion),
                "percent": float("nan"),
                "completion": task.completion,
            }
        )
    if problems:
        raise LedgerFormError(problems, openable=True)
    return pd.DataFrame(records, columns=TASK_COLUMNS).astype({"percent": float})
