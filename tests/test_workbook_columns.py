"""The fast paths of the upload reader give what the slow ones give.

``read_upload`` checks rows column by column (each distinct text once) and falls back to the row-by-row
check only when some row has a problem; it builds its cell frame from python-calamine directly instead
of ``pd.read_excel``; it finds %-formatted cells from the styles part instead of openpyxl. Each variant
of a filled workbook below is read both ways and must give the same frames, or the same problems.
"""

from __future__ import annotations

import functools
import io
from datetime import date

import pandas as pd
import pytest

from ledger import workbook
from ledger.sample import write_sample_workbook
from ledger.workbook import WorkbookError, read_upload
from tests.workbook_fixtures import bundle, edited

P, T = "指标进度", "任务进展"


@functools.cache
def _sample() -> bytes:
    buf = io.BytesIO()
    write_sample_workbook(bundle(), buf)
    return buf.getvalue()


def _percent_cells(wb):
    ws = wb[P]
    ws["F2"].number_format = "0.0%"
    ws["F2"] = 0.42
    ws["F3"] = "42%"
    ws["F4"] = "４２"
    wb[T]["G2"].number_format = "0%"
    wb[T]["G2"] = 0.5


def _merged_and_totals(wb):
    ws = wb[P]
    ws.insert_rows(1)
    ws["A1"] = "2023年指标进度（标题行）"
    ws.merge_cells("A1:G1")
    ws["D4"] = None
    ws.merge_cells("D3:D4")  # merged key cells: the top value fills the rows below
    ws.append(["合计", None, None, None, None, 999, None])
    ws.append([None] * 7)


def _odd_values(wb):
    ws = wb[P]
    ws["A2"] = date(2023, 1, 15)  # a period typed as a date (the row's own month)
    ws["D3"] = "审批局"  # an alias of the row's 市审批局
    ws["E3"] = " 全市 "
    ws["G2"] = "NA"  # pandas' missing-value spelling: read as blank
    ws["G3"] = 12.0  # a note that is a number


def _problems(wb):
    ws = wb[P]
    ws["A2"] = "2022-13"
    ws["F3"] = "很多"
    ws["D4"] = "不存在的局"


def _duplicate(wb):
    ws = wb[P]
    for col in "ABCDEFG":
        ws[f"{col}3"] = ws[f"{col}2"].value


VARIANTS = {
    "sample": None,
    "percent cells": _percent_cells,
    "merged and totals": _merged_and_totals,
    "odd values": _odd_values,
    "problems": _problems,
    "duplicate key": _duplicate,
}


def _read(data: bytes, *, fast: bool, monkeypatch) -> workbook.Upload | list:
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(workbook, "_records_by_column", lambda *args: None)
        try:
            return read_upload(data, bundle())
        except WorkbookError as exc:
            return exc.problems


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_column_check_equals_row_check(variant, monkeypatch):
    change = VARIANTS[variant]
    data = _sample() if change is None else edited(change, _sample())
    fast, slow = _read(data, fast=True, monkeypatch=monkeypatch), _read(data, fast=False, monkeypatch=monkeypatch)
    if isinstance(slow, list):
        assert variant in ("problems", "duplicate key")
        assert fast == slow
        return
    assert variant not in ("problems", "duplicate key")
    pd.testing.assert_frame_equal(fast.progress, slow.progress)
    pd.testing.assert_frame_equal(fast.tasks, slow.tasks)
    assert fast.rows == slow.rows and len(fast.progress) > 1000


@pytest.mark.parametrize("variant", ["sample", "percent cells", "merged and totals", "odd values"])
def test_cells_merges_and_formats_equal_the_slow_readers(variant):
    change = VARIANTS[variant]
    data = _sample() if change is None else edited(change, _sample())
    reader = workbook._Reader(data, bundle(), "x.xlsx")
    book = reader.open()
    try:
        for sheet in (P, T):
            got = reader.parse(book, sheet)
            want = pd.read_excel(io.BytesIO(data), sheet_name=sheet, header=None, dtype=object, engine="calamine")
            assert got.shape == want.shape
            for a, b in zip(got.to_numpy().ravel(), want.to_numpy().ravel(), strict=True):
                assert type(a) is type(b) and (a == b or (a != a and b != b)), (a, b)
            merged = reader.merged(sheet)
            book_merged, reader.book = reader.book, None
            assert sorted(merged) == sorted(reader.merged(sheet))  # from the sheet's XML
            reader.book = book_merged
            table = workbook._locate(reader, sheet, sheet, got)
            cols = {table.cols[c.field][0]: c.field for c in workbook.SCHEMAS[sheet]
                    if c.numeric and c.field in table.cols}
            slow = {(r, f) for r, f in reader._percent_cells_openpyxl(table, cols)
                    if workbook._is_number_cell(got.iat[r - 1, table.cols[f][0]])}
            fast = {(r, f) for r, f in reader.percent_cells(table)
                    if workbook._is_number_cell(got.iat[r - 1, table.cols[f][0]])}
            assert fast == slow
            if variant == "percent cells":
                assert fast
    finally:
        reader.close()
        book.close()
