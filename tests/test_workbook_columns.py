"""The upload reader's fast parts give what the slow readers give, and its one engine reads every kind of
cell a filled workbook holds.

``ledger.upload.xlsx`` reads merged ranges from python-calamine and percent formats from the styles part
and a byte search of the sheet's XML, instead of opening the workbook a second time with openpyxl; each
is checked against openpyxl here. ``ledger.upload.check`` is the one engine: each variant of a filled
workbook below is read and must give the stated frame values or exactly the stated problems (there is
no second, row-by-row path any more to compare with).
"""

from __future__ import annotations

import functools
import io
from datetime import date

import openpyxl
import pytest

from ledger.sample import write_sample_workbook
from ledger.upload import WorkbookError, read_upload
from ledger.upload.read import open_container
from ledger.upload.xlsx import Book
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
    ws["G2"] = "NA"  # a note that says NA is kept as written (pandas would have made it blank)
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


def _read(change) -> object:
    data = _sample() if change is None else edited(change, _sample())
    try:
        return read_upload(data, bundle())
    except WorkbookError as exc:
        return [(p.sheet, p.row, p.column, p.code) for p in exc.problems]


def test_sample_reads_every_row():
    up = _read(None)
    assert up.rows == {P: 1360, T: 723, "指标目标": 12}
    assert up.progress.iloc[0].tolist() == ["2023-01", "K01", "市审批局", "全市", 19.5, ""]


def test_percent_formats_and_spellings():
    up = _read(_percent_cells)
    assert up.progress["actual"].iloc[:3].tolist() == [42.0, 42.0, 42.0]
    assert up.tasks["percent"].iloc[0] == 50.0


def test_merged_keys_title_rows_and_totals():
    up = _read(_merged_and_totals)
    assert up.rows[P] == 1360  # the 合计 row and the empty row are skipped
    assert up.progress["department"].iloc[2] == up.progress["department"].iloc[1]


def test_odd_values():
    up = _read(_odd_values)
    first, second = up.progress.iloc[0], up.progress.iloc[1]
    assert (first["period"], first["note"]) == ("2023-01", "NA")
    assert (second["department"], second["county"], second["note"]) == ("市审批局", "全市", "12")


def test_every_problem_in_one_pass():
    assert _read(_problems) == [
        (P, 2, "期间", "period_unreadable"),
        (P, 3, "实际值", "not_number"),
        (P, 4, "责任部门", "department_unknown"),
    ]
    assert _read(_duplicate) == [(P, 3, "指标编号", "duplicate_row")]


@pytest.mark.parametrize("change", [None, _percent_cells, _merged_and_totals, _odd_values],
                         ids=["sample", "percent cells", "merged and totals", "odd values"])
def test_merges_and_formats_equal_the_slow_readers(change):
    data = _sample() if change is None else edited(change, _sample())
    container = open_container(data, "x.xlsx")
    book = Book(container)
    slow = openpyxl.load_workbook(io.BytesIO(data))
    try:
        for sheet in (P, T):
            grid = book.grid(sheet)
            ws = slow[sheet]
            assert len(grid) == ws.max_row
            fast_merged = book.merged(sheet)  # from calamine, read with the sheet
            book._merged.pop(sheet)
            assert sorted(fast_merged) == sorted(book.merged(sheet))  # from the sheet's XML
            assert sorted(fast_merged) == sorted(
                (r.min_col - 1, r.min_row - 1, r.max_col - 1, r.max_row - 1) for r in ws.merged_cells.ranges
            )
            numeric = {5, 6} if sheet == P else {6}
            slow_pct = {
                (c.row, c.column - 1)
                for row in ws.iter_rows()
                for c in row
                if c.column - 1 in numeric and isinstance(c.value, int | float) and "%" in c.number_format
            }
            fast_pct = {(r, c) for r, c in book.percent_cells(sheet, numeric)
                        if isinstance(grid.row(r - 1)[c], float)}
            assert fast_pct == slow_pct
            if change is _percent_cells:
                assert fast_pct
    finally:
        book.close()
        container.close()
