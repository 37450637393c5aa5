"""The report workbook (``python -m ledger export``): a 汇总 sheet (the figures the overview shows, by
category and by county), then current figures per indicator and per task, and the 批示 and 说明 on them.

The filter (as-of month, county, department) is in the file name (:func:`file_name`) and in every
sheet's title row; 序时进度 and the actual values are rounded to each indicator's precision; every table
has column filters (autofilter). Text cells that start with = + - @ (or a tab / carriage return) are
neutralised with a leading apostrophe-equivalent so that Excel or WPS never evaluates user text as a
formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .i18n import area_label, status_label, t
from .metrics import ROLLUP_COUNT_COLUMNS, decimals
from .model import STATUSES

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


@dataclass(frozen=True)
class Summary:
    """The 汇总 sheet: the overview's figures for the filter (``overall`` a :func:`ledger.metrics.overall`
    row), task items per reported state, and the roll-ups by category and by county (the rows of
    ``ledger status --json --by category`` / ``--by county``)."""

    overall: dict
    task_states: dict[str, int] = field(default_factory=dict)
    by_category: pd.DataFrame | None = None
    by_county: pd.DataFrame | None = None


def file_name(as_of: str | None, county: str | None = None, department: str | None = None,
              *, prefix: str = "台账报表") -> str:
    """``台账报表_2023-09_惠农区_市税务局.xlsx``: the filter in the name, characters a file system refuses
    replaced."""
    parts = [prefix, as_of or "最新", *(p for p in (county, department) if p)]
    return re.sub(r'[\\/:*?"<>|\s]+', "-", "_".join(parts)) + ".xlsx"


def write_report(
    status: pd.DataFrame,
    tasks: pd.DataFrame,
    path: str | Path | io.BytesIO,
    *,
    title: str,
    as_of: str | None,
    sample: bool = False,
    scope: Sequence[str] = (),
    summary: Summary | None = None,
    comments: pd.DataFrame | None = None,
) -> None:
    """Write the report workbook: 汇总 (when ``summary`` is given), 指标完成情况, 任务进展, and the
    ``comments`` (:data:`COMMENT_HEADERS` columns, newest first) on a 批示说明 sheet when given.

    ``scope`` are the filter's words for the title row (e.g. 县区：惠农区, 责任部门：全部)."""
    wb = Workbook()
    note = "　".join([f"{title}　截至 {as_of or '—'}", *scope]) + ("　（示例数据）" if sample else "")
    ws = wb.active
    if summary is not None:
        ws.title = "汇总"
        _summary_sheet(ws, summary, note)
        if summary.by_county is not None and not summary.by_county.empty:
            ranking = wb.create_sheet("县区排名")
            ranking.append([neutralise(note)])
            ranking["A1"].font = Font(bold=True, size=13)
            _rollup_table(ranking, summary.by_county, "county", "col_county")
            _summary_widths(ranking)
        ws = wb.create_sheet("指标完成情况")
    else:
        ws.title = "指标完成情况"
    cols = _sheet(ws, _rounded(status), INDICATOR_HEADERS, note, status_col="status")
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


def _rounded(status: pd.DataFrame) -> pd.DataFrame:
    """序时进度 and actual values at each indicator's precision (:func:`ledger.metrics.decimals`), the
    score at one decimal: a report shows 29.9, not 29.86301369863014."""
    if "unit" not in status.columns or status.empty:
        return status
    targets = status["target"] if "target" in status.columns else pd.Series(float("nan"), index=status.index)
    places = [decimals(u, tg) for u, tg in zip(status["unit"].tolist(), targets.tolist(), strict=True)]
    out = {}
    for col in ("expected", "actual"):
        if col in status.columns:
            values = pd.to_numeric(status[col], errors="coerce").tolist()
            out[col] = [v if pd.isna(v) else round(float(v), p) for v, p in zip(values, places, strict=True)]
    if "score" in status.columns:
        out["score"] = pd.to_numeric(status["score"], errors="coerce").round(1)
    return status.assign(**out)


def _summary_sheet(ws, summary: Summary, note: str) -> None:
    """The overview's figures as label | value rows, then the category and county roll-ups."""
    ws.append([neutralise(note)])
    ws["A1"].font = Font(bold=True, size=13)
    o = summary.overall
    rows: list[list] = [
        [t("metric_overall_score"), _round(o.get("score"))],
        [t("metric_annual"), _round(o.get("annual"))],
        [t("report_items"), o.get("n")],
        *[[status_label(s), o.get(ROLLUP_COUNT_COLUMNS[s])] for s in STATUSES],
        [t("report_stale"), o.get("n_stale")],
        *[[t("report_task_state", state=state), n] for state, n in summary.task_states.items()],
    ]
    for row in rows:
        ws.append(row)
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    if summary.by_category is not None and not summary.by_category.empty:
        ws.append([])
        _rollup_table(ws, summary.by_category, "category", "col_category")
    _summary_widths(ws)


def _rollup_table(ws, frame: pd.DataFrame, key: str, label: str) -> None:
    """A roll-up (``status --json --by key`` rows) as a table with its header and column filters."""
    ws.append([t(label), t("col_score"), t("metric_annual"), t("col_items"),
               *[status_label(s) for s in STATUSES], t("col_rank")])
    start = ws.max_row
    for cell in ws[start]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for r in frame.to_dict("records"):
        name = area_label(r[key]) if key == "county" else r[key]
        ws.append([neutralise(name), _round(r["score"]), _round(r["annual"]), r["n"],
                   *[r[ROLLUP_COUNT_COLUMNS[s]] for s in STATUSES], r["rank"]])
    ws.auto_filter.ref = f"A{start}:{get_column_letter(ws.max_column)}{ws.max_row}"


def _summary_widths(ws) -> None:
    ws.column_dimensions["A"].width = 24
    for col in range(2, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11


def _round(value: object) -> object:
    return None if value is None or pd.isna(value) else round(float(value), 1)


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
    if cols:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(ws.max_row, 2)}"
    return cols


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return neutralise(value) if isinstance(value, str) else value
