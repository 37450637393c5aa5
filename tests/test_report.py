"""The report workbook: user text never becomes a formula, numbers stay numbers, sample data is labelled."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from ledger import service
from ledger.auth import ANALYST, Identity
from ledger.report import INDICATOR_HEADERS, STATUS_FILLS, TASK_HEADERS, neutralise, write_report

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1)", "=1+1", "\t=cmd", "\r=cmd"]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["推进中", "1+1", " =1", "", "52%", "'=already", 3, -2, -2.5, 0.0, None])
def test_neutralise_leaves_everything_else(value):
    assert neutralise(value) == value
    assert type(neutralise(value)) is type(value)


def _status_rows() -> pd.DataFrame:
    rows = [
        ("K01", HOSTILE[0], "1.1", "市审批局", "全市", "2023-06", 50.0, "%", ">=", 48.0, 25.0, 0.96, 96.0,
         "正常"),
        ("K04", "+1", "1.2", "市住建局", "全市", "2023-06", 50.0, "%", "<=", -3.5, 70.0, None, None, "达标"),
        ("K07", "@SUM(A1)", "1.5", "市税务局", "惠农区", "2023-06", 10.0, "工作日", "<=", 14.0, 14.0,
         10 / 14, 71.4, "滞后"),
        ("K11", "-2", "3.3", "市市场监管局", "全市", None, 7.0, "件/万人", ">=", None, 3.0, None, None,
         "无数据"),
    ]
    return pd.DataFrame(rows, columns=list(INDICATOR_HEADERS))


def _task_rows() -> pd.DataFrame:
    rows = [
        ("1.1", "=cmd|' /C calc'!A0", "市审批局", "全市", "2023-06", "推进中", 60.0, "正常", HOSTILE[0]),
        ("1.1", "推进准入准营便利化", "市公安局", "全市", "2023-06", "已完成", 100.0, "达标", "+1"),
        ("1.2", "提升工程建设许可质效", "市住建局", "全市", "2023-06", "滞后", 10.0, "滞后", "-2"),
        ("1.5", "提供优质简便纳税服务", "市税务局", "全市", "2023-06", "推进中", None, "正常", "@SUM(A1)"),
        ("1.5", "提供优质简便纳税服务", "市税务局", "惠农区", None, None, None, "无数据", None),
    ]
    return pd.DataFrame(rows, columns=list(TASK_HEADERS))


def _write(status: pd.DataFrame, tasks: pd.DataFrame, sample: bool = False) -> openpyxl.Workbook:
    buf = io.BytesIO()
    write_report(status, tasks, buf, title="测试台账", as_of="2023-06", sample=sample)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()))


def _column(ws, header: str) -> list:
    col = next(c.column for c in ws[2] if c.value == header)
    return [ws.cell(r, col) for r in range(3, ws.max_row + 1)]


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return _write(_status_rows(), _task_rows())


def test_no_cell_is_a_formula(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_user_text_is_kept_but_inert(book):
    names = [c.value for c in _column(book["指标完成情况"], "指标名称")]
    assert names == ["'" + HOSTILE[0], "'+1", "'@SUM(A1)", "'-2"]
    tasks = book["任务进展"]
    completion = [c.value for c in _column(tasks, "工作完成情况")]
    assert completion == ["'" + HOSTILE[0], "'+1", "'-2", "'@SUM(A1)", None]
    titles = [c.value for c in _column(tasks, "任务名称")]
    assert titles[0] == "'=cmd|' /C calc'!A0" and titles[1] == "推进准入准营便利化"
    for cell in _column(tasks, "工作完成情况")[:4]:
        assert cell.data_type == "s"


def test_numbers_stay_numbers(book):
    ws = book["指标完成情况"]
    actual = _column(ws, "实际值")
    assert [c.value for c in actual] == [48.0, -3.5, 14.0, None]
    assert actual[1].data_type == "n" and isinstance(actual[1].value, float)  # negative is not text
    assert all(c.data_type == "n" for c in _column(ws, "目标值"))
    attainment = _column(ws, "完成率")
    assert attainment[0].value == pytest.approx(0.96) and attainment[0].number_format == "0%"
    assert attainment[2].value == pytest.approx(10 / 14)
    percent = [c.value for c in _column(book["任务进展"], "完成百分比")]
    assert percent == [60, 100, 10, None, None]


def test_status_cells_are_coloured(book):
    for ws, header in ((book["指标完成情况"], "状态"), (book["任务进展"], "评价")):
        for cell in _column(ws, header):
            assert cell.fill.fill_type == "solid"
            assert cell.fill.fgColor.rgb.endswith(STATUS_FILLS[cell.value])


def test_sample_note_in_a1():
    plain = _write(_status_rows(), _task_rows(), sample=False)
    sample = _write(_status_rows(), _task_rows(), sample=True)
    for ws in plain.worksheets:
        assert "测试台账" in ws["A1"].value and "2023-06" in ws["A1"].value
        assert "示例数据" not in ws["A1"].value
    for ws in sample.worksheets:
        assert "示例数据" in ws["A1"].value


def test_percent_format_follows_the_columns_written():
    """A status frame without some columns (no 指标名称, 序时进度) still formats 完成率, not a neighbour."""
    status = _status_rows().drop(columns=["name", "expected"])
    ws = _write(status, _task_rows())["指标完成情况"]
    assert all(c.number_format == "0%" for c in _column(ws, "完成率"))
    assert all(c.number_format != "0%" for c in _column(ws, "实际值") + _column(ws, "得分"))


def test_export_of_imported_hostile_text(tmp_path):
    """End to end: formula-like 工作完成情况 typed as text in an upload comes out of the export inert."""
    ctx = service.open_context(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        buf = io.BytesIO()
        service.write_template_file(ctx, buf, period="2023-06")
        wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
        ws = wb["任务进展"]
        texts = {}
        for r, text in zip(range(2, 2 + len(HOSTILE)), HOSTILE, strict=True):
            ws.cell(r, 6).value = "推进中"
            cell = ws.cell(r, 8)
            cell.value = text
            cell.data_type = "s"  # typed as text, as a user would with a leading apostrophe
            texts[(ws.cell(r, 2).value, ws.cell(r, 4).value, ws.cell(r, 5).value)] = text
        data = io.BytesIO()
        wb.save(data)
        upload = service.read_bytes(ctx, data.getvalue(), file_name="hostile.xlsx")
        service.commit_upload(ctx, upload, actor=Identity("test", ANALYST, "cli"))
        out = io.BytesIO()
        service.export_report(ctx, out)
    finally:
        ctx.store.dispose()
    report = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    for sheet in report.worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    ws = report["任务进展"]
    head = {c.value: c.column for c in ws[2]}
    got = {}
    for r in range(3, ws.max_row + 1):
        key = tuple(ws.cell(r, head[h]).value for h in ("任务编号", "责任部门", "县区"))
        if key in texts:
            got[key] = ws.cell(r, head["工作完成情况"]).value
    # the reader trims surrounding whitespace, so "\t=cmd" is stored (and neutralised) as "=cmd"
    assert got == {k: "'" + v.strip() for k, v in texts.items()}
