"""The report workbook (``python -m ledger export``): current figures per indicator and per task, and
the 批示 and 说明 on them.

Text cells that start with = + - @ (or a tab / carriage return) are neutralised with a leading
apostrophe-equivalent so that Excel or WPS never evaluates user text as a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STATUS_FILLS = {"达标": "C8E6C9", "正常": "BBDEFB", "滞后": "FFE082", "逾期": "FFCDD2", "无数据": "E0E0E0"}

INDICATOR_HEADERS = {
    "indicator": "指标编号",
    "name": "指标名称",
    "task": "任务",
    "department": "责任部门",
    "county": "县区",
    "period": "期间",
    "target": "目标值",
    "unit": "单位",
    "direction": "方向",
    "actual": "实际值",
    "expected": "序时进度",
    "attainment": "完成率",
    "score": "得分",
    "status": "状态",
}
COMMENT_HEADERS = {
    "item_kind": "类型",
    "item": "编号",
    "department": "责任部门",
    "county": "县区",
    "period": "期间",
    "label": "批示/说明",
    "text": "内容",
    "user": "作者",
    "created_at": "时间（北京）",
}
_ITEM_KINDS = {"indicator": "指标", "task": "任务"}
TASK_HEADERS = {
    "task": "任务编号",
    "title": "任务名称",
    "department": "责任部门",
    "county": "县区",
    "period": "期间",
    "state": "进度状态",
    "percent": "完成百分比",
    "status": "评价",
    "completion": "工作完成情况",
}


def neutralise(value: object) -> object:
    """Make a text cell inert: ``=1+1`` → ``'=1+1`` (shown as text, never evaluated)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_report(
    status: pd.DataFrame,
    tasks: pd.DataFrame,
    path: str | Path | io.BytesIO,
    *,
    title: str,
    as_of: str | None,
    sample: bool = False,
    comments: pd.DataFrame | None = None,
) -> None:
    """Write indicator status rows and task status rows to a report workbook, and the ``comments``
    (:data:`COMMENT_HEADERS` columns, newest first) to a 批示说明 sheet when given."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标完成情况"
    note = f"{title}　截至 {as_of or '—'}" + ("　（示例数据）" if sample else "")
    cols = _sheet(ws, status, INDICATOR_HEADERS, note, status_col="status")
    if "attainment" in cols:  # position among the columns written, not among all known headers
        percent_col = cols.index("attainment") + 1
        for row in ws.iter_rows(min_row=3, min_col=percent_col, max_col=percent_col):
            row[0].number_format = "0%"
    _sheet(wb.create_sheet("任务进展"), tasks, TASK_HEADERS, note, status_col="status")
    if comments is not None:
        kinds = comments["item_kind"].map(_ITEM_KINDS).fillna(comments["item_kind"])
        shown = comments.assign(item_kind=kinds)
        _sheet(wb.create_sheet("批示说明"), shown, COMMENT_HEADERS, note, status_col="")
    wb.save(path)


def _sheet(ws, frame: pd.DataFrame, headers: dict[str, str], note: str, status_col: str) -> list[str]:
    """Note row, header row, one row per record; returns the fields written, in column order."""
    ws.append([neutralise(note)])
    ws["A1"].font = Font(bold=True, size=13)
    cols = [c for c in headers if c in frame.columns]
    ws.append([headers[c] for c in cols])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for record in frame[cols].itertuples(index=False):
        ws.append([_cell(v) for v in record])
    if status_col in cols:
        idx = cols.index(status_col) + 1
        for row in ws.iter_rows(min_row=3, min_col=idx, max_col=idx):
            fill = STATUS_FILLS.get(row[0].value)
            if fill:
                row[0].fill = PatternFill("solid", fgColor=fill)
    for i, c in enumerate(cols, start=1):
        wide = c in ("completion", "name", "title", "text")
        ws.column_dimensions[get_column_letter(i)].width = 40 if wide else 12
    ws.freeze_panes = "A3"
    return cols


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return neutralise(value) if isinstance(value, str) else value
