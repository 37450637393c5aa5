"""Shared helpers for the workbook tests: the shipped bundle, the template, and editing it with openpyxl."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import openpyxl
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ledger import Bundle, load_default
from ledger.upload import write_template


@functools.cache
def bundle() -> Bundle:
    return load_default()


@functools.cache
def template_bytes(period: str | None = None) -> bytes:
    buf = io.BytesIO()
    write_template(bundle(), buf, period=period)
    return buf.getvalue()


def edited(change: Callable[[Workbook], object], data: bytes | None = None) -> bytes:
    """The template (or ``data``) after ``change(workbook)``, saved to bytes."""
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes() if data is None else data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws: Worksheet, key: str, department: str, county: str = "全市") -> int:
    """The row of a pre-listed key (column B id, D department, E county) in 指标进度 / 任务进展."""
    for r in range(2, ws.max_row + 1):
        if (ws.cell(r, 2).value, ws.cell(r, 4).value, ws.cell(r, 5).value) == (key, department, county):
            return r
    raise KeyError((key, department, county))


def filled_template(period: str = "2023-09", value: float = 0) -> bytes:
    """The template with every 指标进度 row reported for ``period`` as ``value``."""

    def fill(wb: Workbook) -> None:
        ws = wb["指标进度"]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 2).value:
                ws.cell(r, 1).value, ws.cell(r, 6).value = period, value

    return edited(fill)


def catalog_change(wb) -> None:
    """A catalog change (K01's target 50 → 60) in a monthly workbook that also carries one figure."""
    ws = wb["指标目标"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "K01")
    ws.cell(row, 4).value = 60
    progress = wb["指标进度"]
    progress.cell(2, 1).value, progress.cell(2, 6).value = "2023-09", 33
