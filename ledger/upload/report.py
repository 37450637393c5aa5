"""The validation report of a rejected upload, in the user's language: a 校验结果 sheet listing the
problems, and — when the upload can be opened — a copy of it with the bad cells filled red and
commented. Built in time linear in the problems, with at most :data:`MAX_MARKED` cells marked and
:data:`MAX_LISTED` problems listed (the rest counted in a last line)."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, range_boundaries

from ..config import normalize_name
from ..i18n import t
from .cells import header_key
from .problems import Problem, WorkbookError
from .template import HEADER_FILL, HEADER_FONT, inert, write_row
from .xlsx import HEADER_SEARCH_ROWS

BAD_FILL = PatternFill("solid", start_color="FFC7CE")
MAX_MARKED = 1_000
MAX_LISTED = 10_000
_HEADERS = ("problem_sheet", "problem_row", "problem_column", "problem_value", "problem_reason")


def write_problems(problems: Iterable[Problem], out: str | Path | IO[bytes], lang: str = "zh") -> None:
    """Write a validation report (.xlsx; 工作表 | 行 | 列 | 值 | 问题) to a path or binary buffer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = t("report_sheet", lang)
    _problem_sheet(ws, list(problems), lang)
    wb.save(out)


def _problem_sheet(ws: Any, problems: list[Problem], lang: str) -> None:
    ws.append([t(k, lang) for k in _HEADERS])
    for r, p in enumerate(problems[:MAX_LISTED], start=2):
        write_row(ws, r, [p.sheet or t("problem_whole_file", lang), p.row, p.column, p.value, p.reason(lang)])
    if len(problems) > MAX_LISTED:
        write_row(
            ws, MAX_LISTED + 2, ["", None, "", "", t("report_more", lang, n=len(problems) - MAX_LISTED)]
        )
    for j, width in enumerate((12, 6, 14, 24, 80), start=1):
        ws.cell(1, j).font, ws.cell(1, j).fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"


def problem_workbook(data: bytes, error: WorkbookError | Iterable[Problem], lang: str = "zh") -> bytes:
    """The report to download for a rejected upload (its WorkbookError, or its problems): the upload
    marked when it passed the container checks (``error.openable``; tried for a bare list) and openpyxl
    reads it, else the 校验结果 sheet alone."""
    problems = error.problems if isinstance(error, WorkbookError) else list(error)
    if not isinstance(error, WorkbookError) or error.openable:
        try:
            return highlight_upload(data, problems, lang)
        except Exception:
            pass
    buffer = io.BytesIO()
    write_problems(problems, buffer, lang)
    return buffer.getvalue()


def highlight_upload(data: bytes, problems: Iterable[Problem], lang: str = "zh") -> bytes:
    """A copy of the upload with the cells of the first :data:`MAX_MARKED` problems filled red and
    commented, and a 校验结果 sheet first. Formulas are replaced by the values they showed, so no
    formula of the uploader's reaches whoever opens the copy. Raises WorkbookError when openpyxl
    cannot open the upload or sees other sheets than it has (Strict OOXML)."""
    problems = list(problems)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about odd parts it drops (extensions, styles)
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    if not wb.sheetnames:  # Strict OOXML: openpyxl sees no sheets
        raise WorkbookError([])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    inert(cell)
    by_name = {normalize_name(n).lower(): n for n in wb.sheetnames}
    headers: dict[str, dict[str, int]] = {}
    comments: dict[tuple[str, int, int], list[str]] = {}
    for p in problems:
        if len(comments) >= MAX_MARKED:
            break
        name = by_name.get(normalize_name(p.sheet).lower()) if p.sheet else None
        if name is None or p.row is None:
            continue
        if name not in headers:
            headers[name] = _headers(wb[name])
        col = _column(headers[name], p.column) or 1
        text = f"“{p.value}” {p.reason(lang)}" if p.value else p.reason(lang)
        comments.setdefault((name, p.row, col), []).append(text)
    for (name, row, col), texts in comments.items():
        cell = wb[name].cell(row, col)
        cell.fill = BAD_FILL
        cell.comment = Comment("\n".join(texts), t("report_author", lang))
    title = t("report_sheet", lang)
    if title in wb.sheetnames:
        del wb[title]
    _problem_sheet(wb.create_sheet(title, 0), problems, lang)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _headers(ws: Any) -> dict[str, int]:
    """Header key → 1-based column, over the first rows of a sheet (first spelling wins)."""
    out: dict[str, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        for cell in row:
            if isinstance(cell.value, str):
                out.setdefault(header_key(cell.value), cell.column)
    return out


def _column(headers: dict[str, int], header: str) -> int | None:
    if not header:
        return None
    if (col := headers.get(header_key(header))) is not None:
        return col
    if re.fullmatch(r"[A-Z]{1,3}", header):  # a column letter
        return range_boundaries(f"{header}1")[0]
    return None


__all__ = ["MAX_LISTED", "MAX_MARKED", "highlight_upload", "problem_workbook", "write_problems"]
