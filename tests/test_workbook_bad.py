"""Workbooks that must be rejected: each names the sheet, the Excel row, the column and the reason."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import assign
from ledger.workbook import Upload, WorkbookError, read_upload
from tests.workbook_fixtures import bundle, edited, template_bytes

P, T, G = "指标进度", "任务进展", "指标目标"


def prow(indicator: str, department: str, county: str = "全市") -> int:
    """Excel row of a pre-listed 指标进度 key (the template lists indicator_keys in order)."""
    b = bundle()
    keys = list(assign.indicator_keys(b.ledger, b.indicators, b.config).itertuples(index=False, name=None))
    return keys.index((indicator, department, county)) + 2


def trow(task: str, department: str, county: str = "全市") -> int:
    b = bundle()
    keys = list(assign.task_keys(b.ledger, b.config).itertuples(index=False, name=None))
    return keys.index((task, department, county)) + 2


def cells(sheet: str, row: int, **values: object) -> Callable[[], bytes]:
    """The template with cells of one row set (keyword = column letter; None clears)."""

    def change(wb: openpyxl.Workbook) -> None:
        for letter, value in values.items():
            wb[sheet][f"{letter}{row}"] = value

    return lambda: edited(change)


def change(fn: Callable[[openpyxl.Workbook], object]) -> Callable[[], bytes]:
    return lambda: edited(fn)


def _xlsx(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_without_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def _duplicate(wb: openpyxl.Workbook) -> None:
    ws = wb[P]
    r = prow("K01", "市审批局", "大武口区")
    ws["A2"], ws["F2"] = "2023-06", 50
    ws[f"A{r}"], ws[f"E{r}"], ws[f"F{r}"] = "2023-06", "全市", 51


def _title_rows(wb: openpyxl.Workbook) -> None:
    ws = wb[P]
    ws.insert_rows(1, 2)
    ws["A1"] = "指标进度填报表"
    ws["A4"], ws["F4"] = "2023-06", "abc"


def _clear_sheet(wb: openpyxl.Workbook) -> None:
    ws = wb[P]
    ws.delete_rows(1, ws.max_row)


M, D = "2023-06", "市审批局"
K07 = prow("K07", "市税务局")
T27 = trow("2.7", "市商务局")


@dataclass(frozen=True)
class Bad:
    name: str
    make: Callable[[], bytes]
    sheet: str
    row: int | None
    column: str
    phrase: str


CASES = [
    Bad("unknown indicator", cells(P, 2, A=M, B="K99", F=1), P, 2, "指标编号", "不是已知的指标编号"),
    Bad("unknown task", cells(T, 2, A=M, B="9.9", F="推进中"), T, 2, "任务编号", "不是已知的任务编号"),
    Bad("unknown department", cells(P, 2, A=M, D="市不存在局", F=1), P, 2, "责任部门", "不是台账中的责任部门"),
    Bad("department not responsible", cells(P, 2, A=M, D="市住建局", F=1), P, 2, "责任部门",
        "不是任务 1.1（推进准入准营便利化）的责任部门"),
    Bad("unknown county", cells(P, 2, A=M, E="银川市", F=1), P, 2, "县区", "不是已知的县区"),
    Bad("county for a city-only task", cells(T, T27, A=M, E="大武口区", F="推进中"), T, T27, "县区",
        "未分解到县区"),
    Bad("missing department", cells(P, 2, A=M, D=None, F=1), P, 2, "责任部门", "缺少责任部门"),
    Bad("not a number", cells(P, 2, A=M, F="abc"), P, 2, "实际值", "不是数字"),
    Bad("negative value", cells(P, 2, A=M, F=-5), P, 2, "实际值", "不能为负数"),
    Bad("percent over 1000", cells(P, 2, A=M, F=5000), P, 2, "实际值", "超过 1000%"),
    Bad("percent for a 工作日 unit", cells(P, K07, A=M, F="8%"), P, K07, "实际值", "单位是“工作日”"),
    Bad("note without actual", cells(P, 2, A=M, G="说明"), P, 2, "实际值", "缺少实际值"),
    Bad("完成百分比 over 100", cells(T, 2, A=M, F="推进中", G=150), T, 2, "完成百分比", "超出 0–100"),
    Bad("bad status", cells(T, 2, A=M, F="差不多"), T, 2, "进度状态", "不是有效的进度状态"),
    Bad("progress without status", cells(T, 2, A=M, G=50), T, 2, "进度状态", "缺少进度状态"),
    Bad("duplicate key", change(_duplicate), P, prow("K01", D, "大武口区"), "指标编号", "与第 2 行重复"),
    Bad("period outside plan year", cells(P, 2, A="2024-01", F=1), P, 2, "期间", "不在计划年度 2023 年内"),
    Bad("unreadable period", cells(P, 2, A="上半年", F=1), P, 2, "期间", "无法识别为期间"),
    Bad("ambiguous numeric period", cells(P, 2, A=2023.1, F=1), P, 2, "期间", "有歧义"),
    Bad("value without period", cells(P, 2, F=5), P, 2, "期间", "缺少期间"),
    Bad("row number below title rows", change(_title_rows), P, 4, "实际值", "不是数字"),
    Bad("missing header", cells(P, 1, F="完成数"), P, 1, "实际值", "缺少必需的列“实际值”"),
    Bad("empty sheet", change(_clear_sheet), P, None, "", "工作表是空的"),
    Bad("missing sheets", change(lambda wb: [wb.remove(wb[n]) for n in (P, T)]), "", None, "", "缺少工作表"),
    Bad("target bad direction", cells(G, 2, F="大约"), G, 2, "方向", "方向应为 >= 或 <="),
    Bad("target not a number", cells(G, 2, D="五十"), G, 2, "目标值", "不是数字"),
    Bad("target deadline before plan year", cells(G, 2, G=datetime(2022, 6, 30)), G, 2, "截止日期",
        "早于计划年度"),
    Bad("new target with unknown task",
        change(lambda wb: wb[G].append(["K13", "新指标", "9.9", 10, "%", ">=", None, None])),
        G, 14, "任务", "新指标必须属于台账中的任务"),
    Bad("not an xlsx (text renamed)", lambda: "期间,指标编号\n2023-06,K01\n".encode(), "", None, "",
        "不是 Excel 工作簿"),
    Bad("zip but not a workbook", _zip_without_workbook, "", None, "", "没有 xl/workbook.xml"),
    Bad("corrupt zip (truncated)", lambda: template_bytes()[: len(template_bytes()) // 2], "", None, "",
        "文件已损坏"),
    Bad("xls or encrypted (OLE2)", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00junk" * 100, "", None, "",
        "文件已加密或为旧版 .xls 格式"),
    Bad("empty workbook", lambda: _xlsx(openpyxl.Workbook()), "", None, "", "空工作簿"),
    Bad("empty file", lambda: b"", "", None, "", "是空文件"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rejected_with_sheet_row_column_and_reason(case: Bad):
    with pytest.raises(WorkbookError) as info:
        read_upload(case.make(), bundle(), file_name="上报.xlsx")
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    (p,) = problems
    assert (p.sheet, p.row, p.column) == (case.sheet, case.row, case.column), str(p)
    assert case.phrase in p.message, str(p)
    assert str(p).startswith(f"工作表“{case.sheet}”" if case.sheet else "文件")


def test_every_problem_is_reported_not_just_the_first():
    def many(wb):
        wb[P]["A2"], wb[P]["F2"] = M, "abc"
        wb[P]["A3"], wb[P]["B3"], wb[P]["E3"], wb[P]["F3"] = "2024-13", "K99", "银川", -1
        wb[T]["A2"], wb[T]["F2"], wb[T]["G2"] = M, "差不多", 101
        wb[G]["F2"] = "大约"

    with pytest.raises(WorkbookError) as info:
        read_upload(edited(many), bundle())
    got = [(p.sheet, p.row, p.column) for p in info.value.problems]
    assert sorted(got) == sorted([
        (G, 2, "方向"),
        (P, 2, "实际值"),
        (P, 3, "期间"), (P, 3, "指标编号"), (P, 3, "县区"), (P, 3, "实际值"),
        (T, 2, "进度状态"), (T, 2, "完成百分比"),
    ])


# --- property: anything in the cells gives an Upload or a WorkbookError, never a crash -----------

CELLS = [(P, f"{c}2") for c in "ABDEFG"] + [(P, f"{c}3") for c in "AF"] + [(T, f"{c}2") for c in "ABDEFGH"]
SPECIAL = ["=1+1", "合计", "52%", "５２％", "2023年6月", "2023-13", "大武口", "税务局", "K01", "1.1", "推进中",
           "nan", "inf", "1e400", "-0", "x" * 40_000, " ", "#DIV/0!"]
VALUES = st.one_of(
    st.none(),
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1000)),
    st.booleans(),
)
FORMATS = st.sampled_from(["General", "0%", "0.00%", "@", "yyyy-mm-dd"])


def _small_filled() -> bytes:
    """A filled template cut down to a few rows per sheet, so each example saves and reads quickly."""

    def cut(wb):
        for name in (P, T):
            ws = wb[name]
            ws.delete_rows(5, ws.max_row)
            ws["A2"], ws["A3"], ws["A4"] = M, M, M
        wb[P]["F2"], wb[P]["F3"], wb[P]["F4"] = 0.5, "52%", 3
        wb[T]["F2"], wb[T]["G2"], wb[T]["F3"] = "推进中", 40, "已完成"

    return edited(cut)


SMALL = _small_filled()


def test_small_filled_template_reads():
    assert read_upload(SMALL, bundle()).rows == {P: 3, T: 2, G: 12}


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(CELLS), st.tuples(VALUES, FORMATS), min_size=1, max_size=6))
def test_any_cell_values_give_upload_or_workbook_error(changes):
    def apply(wb):
        for (sheet, ref), (value, fmt) in changes.items():
            cell = wb[sheet][ref]
            cell.value = value
            cell.number_format = fmt

    data = edited(apply, SMALL)
    try:
        result = read_upload(data, bundle())
    except WorkbookError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
    else:
        assert isinstance(result, Upload)
        assert result.progress["actual"].notna().all()


def test_time_and_bool_cells_are_rejected_not_crashed():
    with pytest.raises(WorkbookError) as info:
        read_upload(cells(P, 2, A=time(9, 30), F=True)(), bundle())
    assert {p.column for p in info.value.problems} == {"期间", "实际值"}


def test_huge_number_formatted_as_date_is_named_not_crashed():
    # Found by the property test: calamine panics converting 1e300 shown as yyyy-mm-dd.
    def apply(wb):
        wb[P]["F2"].value = 1e300
        wb[P]["F2"].number_format = "yyyy-mm-dd"
        wb[P]["A2"].value = 1e300
        wb[P]["A2"].number_format = "yyyy-mm-dd"

    with pytest.raises(WorkbookError) as info:
        read_upload(edited(apply, SMALL), bundle())
    assert any(p.sheet == P and p.row == 2 for p in info.value.problems)
