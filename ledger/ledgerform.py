"""The ledger form as a workbook: the 台账 in its own four columns, as offices circulate it.

主要指标 | 目标任务 | 责任部门 | 工作完成情况 — a title row on top, a header row, category cells merged down
over their tasks. Departments fill the 工作完成情况 column; :func:`read_completion` turns each filled
cell into a task-status record, inferring 已完成 / 推进中 / 滞后 only where the text says so.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
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


def _rows(source: str | Path | bytes) -> tuple[str, list[list[str]]]:
    """Title and the rows under the header, as text, with merged category cells filled down."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise LedgerParseError(f"无法读取台账表格：{exc}") from exc
    ws = wb.worksheets[0]
    values = [["" if v is None else str(v).strip() for v in r] for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        top = values[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(values) else ""
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r - 1 < len(values) and c - 1 < len(values[r - 1]):
                    values[r - 1][c - 1] = top
    header_at = next(
        (i for i, r in enumerate(values[:10]) if "目标任务" in [normalize_name(v) for v in r]), None
    )
    if header_at is None:
        expected = " | ".join(HEADERS)
        raise LedgerParseError(f"台账表格缺少表头“目标任务”（应为：{expected}）")
    title = next((normalize_name(v) for r in values[:header_at] for v in r if v), "")
    header = [normalize_name(v) for v in values[header_at]]
    order = [header.index(h) if h in header else None for h in HEADERS]
    if order[1] is None or order[2] is None:
        raise LedgerParseError("台账表格缺少“目标任务”或“责任部门”列")
    rows = []
    for r in values[header_at + 1 :]:
        rows.append([r[i] if i is not None and i < len(r) else "" for i in order])
    return title, rows


def read_ledger_form(
    source: str | Path | bytes, *, plan_year: int | None = None, city: str | None = None
) -> Ledger:
    """Parse a ledger-form workbook into a :class:`Ledger` (same result shape as the text parser)."""
    title, rows = _rows(source)
    city = city or city_from_title(title)
    if plan_year is None:
        plan_year = plan_year_from_title(title)
    cats: list[tuple[int, str, list[Task]]] = []
    for category, task_cell, dept_cell, completion in rows:
        cm = CATEGORY_RE.match(" ".join(category.split()))
        if cm and (not cats or cn_number(cm.group(1)) != cats[-1][0]):
            cats.append((cn_number(cm.group(1)), "".join(cm.group(2).split()), []))
        tm = TASK_RE.match(task_cell.replace("\n", ""))
        if not tm or not cats:
            continue
        no, text = cn_number(tm.group(1)), tm.group(2).strip()
        departments, counties = split_departments(dept_cell, city)
        cat_no, cat_name, tasks = cats[-1]
        tasks.append(
            Task(
                id=f"{cat_no}.{no}",
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
        raise LedgerParseError("台账表格中没有找到任务（“（一）…”）")
    categories = tuple(Category(no, name, tuple(tasks)) for no, name, tasks in cats)
    return Ledger(title=title, city=city, plan_year=plan_year, categories=categories)


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
    """Task-status records (TASK_COLUMNS) for every filled 工作完成情况 cell of a ledger-form workbook.

    Each record is keyed to the task's lead department and 全市; tasks are matched by their number
    within the category, and the form's task text must belong to the known ledger.
    """
    form = read_ledger_form(source, plan_year=ledger.plan_year, city=ledger.city)
    known = {t.id: t for t in ledger.tasks}
    records = []
    for task in form.tasks:
        if not task.completion:
            continue
        if task.id not in known:
            raise LedgerParseError(f"台账表格中的任务 {task.id} 不在当前台账中")
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
    return pd.DataFrame(records, columns=TASK_COLUMNS).astype({"percent": float})
