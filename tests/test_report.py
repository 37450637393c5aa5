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


# --- the export as the office circulates it: filter in name and title, 汇总 sheet, rounding, filters ---


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory):
    """The CLI's export for 惠农区 as of 2023-09 into a folder (the file named after the filter), and the
    same filter's status --json rows and roll-ups."""
    import json
    import subprocess
    import sys

    from tests.browser import ROOT

    folder = tmp_path_factory.mktemp("export")
    proc = subprocess.run(
        [sys.executable, "-m", "ledger", "export", str(folder), "--db", sample_db, "--county", "惠农",
         "--period", "2023-09"], cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    files = list(folder.iterdir())
    ctx = service.open_context(sample_db)
    rows = service.status_rows(ctx, county="惠农区", as_of="2023-09")
    overall = service.status_rows(ctx, county="惠农区", as_of="2023-09", by="overall")[0]
    categories = service.status_rows(ctx, county="惠农区", as_of="2023-09", by="category")
    ctx.store.dispose()
    return files, rows, overall, categories, json


def test_export_file_and_title_name_the_filter(exported):
    files, *_ = exported
    assert [f.name for f in files] == ["台账报表_2023-09_惠农区.xlsx"]
    book = openpyxl.load_workbook(files[0])
    assert book.sheetnames == ["汇总", "指标完成情况", "任务进展", "批示说明"]
    for ws in book.worksheets:
        assert "截至 2023-09" in ws["A1"].value
        assert "县区：惠农区" in ws["A1"].value and "责任部门：全部" in ws["A1"].value
        assert "示例数据" in ws["A1"].value


def test_export_summary_equals_status_json(exported):
    files, rows, overall, categories, _ = exported
    ws = openpyxl.load_workbook(files[0])["汇总"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 12)}
    assert values["综合得分"] == pytest.approx(round(overall["score"], 1))
    assert values["年度完成度"] == pytest.approx(round(overall["annual"], 1))
    assert values["监测事项数"] == overall["n"] == len(rows)
    for status in ("达标", "正常", "滞后", "逾期", "无数据"):
        assert values[status] == sum(r["status"] == status for r in rows), status
    assert values["未按期报送"] == overall["n_stale"]
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "类别")
    table = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(head + 1, head + 1 + len(categories))}
    assert table == {c["category"]: pytest.approx(round(c["score"], 1)) for c in categories}
    assert ws.auto_filter.ref.startswith(f"A{head}:")


def test_export_rounds_to_the_indicators_precision_and_has_column_filters(exported):
    from ledger.metrics import decimals

    files, rows, *_ = exported
    ws = openpyxl.load_workbook(files[0])["指标完成情况"]
    head = {c.value: c.column for c in ws[2]}
    assert ws.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    by_key = {(r["indicator"], r["department"]): r for r in rows}
    checked = 0
    for r in range(3, ws.max_row + 1):
        expected = ws.cell(r, head["序时进度"]).value
        key = (ws.cell(r, head["指标编号"]).value, ws.cell(r, head["责任部门"]).value)
        unit, target = ws.cell(r, head["单位"]).value, ws.cell(r, head["目标值"]).value
        if expected is None:
            continue
        places = decimals(unit, target)
        assert expected == round(expected, places)
        assert len(str(expected).partition(".")[2]) <= places
        assert key in by_key
        checked += 1
    assert checked > 20


def test_export_of_the_whole_city_ranks_the_counties_like_status_json(sample_db, tmp_path):
    ctx = service.open_context(sample_db)
    try:
        name = service.export_report(ctx, tmp_path / "all.xlsx")
        counties = service.status_rows(ctx, by="county")
    finally:
        ctx.store.dispose()
    assert name == "台账报表_2023-09.xlsx"
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert book.sheetnames == ["汇总", "县区排名", "指标完成情况", "任务进展", "批示说明"]
    ws = book["县区排名"]
    got = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, ws.max_column).value) for r in range(3, ws.max_row + 1)]
    assert got == [(c["county"], pytest.approx(round(c["score"], 1)), c["rank"]) for c in counties]
    assert ws.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
