"""The analysts' workbook: the generated template, and reading a filled-in copy back into tidy frames."""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from ledger import assign, indicators_frame
from ledger.model import INDICATOR_COLUMNS, PROGRESS_COLUMNS, PROGRESS_KEY, TASK_COLUMNS, TASK_KEY
from ledger.upload import Problem, Upload, WorkbookError, read_upload, write_problems, write_template
from ledger.upload.report import highlight_upload
from tests.workbook_fixtures import bundle, edited, row_of, template_bytes

P, T, G = "指标进度", "任务进展", "指标目标"


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# --- the template -------------------------------------------------------------------------------


def test_template_sheets_headers_and_hidden_lists():
    wb = load(template_bytes())
    assert wb.sheetnames == ["填报说明", P, T, G, "lists"]
    assert wb["lists"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames[:-1])
    headers = {n: [c.value for c in wb[n][1]] for n in (P, T, G)}
    assert headers[P] == ["期间", "指标编号", "指标名称", "责任部门", "县区", "实际值", "备注"]
    assert headers[T] == ["期间", "任务编号", "任务名称", "责任部门", "县区", "进度状态", "完成百分比", "工作完成情况"]
    assert headers[G] == ["编号", "名称", "任务", "目标值", "单位", "方向", "截止日期", "基期值"]
    guide = "\n".join(str(c.value) for c in wb["填报说明"]["A"] if c.value)
    for phrase in ("YYYY-MM", "未启动 / 推进中 / 已完成 / 滞后", "只读", "52%", "1."):
        assert phrase in guide
    lists = wb["lists"]
    assert [c.value for c in lists[1]] == ["责任部门", "县区", "进度状态", "指标编号", "任务编号", "方向"]
    assert [c.value for c in lists["B"][1:5]] == ["全市", "大武口区", "惠农区", "平罗县"]


def _validations(ws) -> dict[str, tuple[str, str]]:
    """Column letter → (type, formula1) of the data validations on a sheet."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = (dv.type, dv.formula1)
    return out


def test_template_dropdowns_validations_and_formats():
    wb = load(template_bytes())
    p, t, g = (_validations(wb[n]) for n in (P, T, G))
    assert p == {"B": ("list", "lists!$D$2:$D$13"), "D": ("list", "lists!$A$2:$A$34"),
                 "E": ("list", "lists!$B$2:$B$5")}
    assert t["B"] == ("list", "lists!$E$2:$E$17")
    assert t["F"] == ("list", "lists!$C$2:$C$5")
    assert t["G"] == ("decimal", "0")
    assert {"D", "E"} <= set(t)
    assert g == {"C": ("list", "lists!$E$2:$E$17"), "F": ("list", "lists!$F$2:$F$3")}
    for name in (P, T, G):
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
        assert ws.column_dimensions["B"].width > 0
    assert wb[P]["A2"].number_format == "@" and wb[P]["F2"].number_format == "General"
    assert wb[G]["G2"].number_format == "yyyy-mm-dd"


def test_template_prelists_every_key_with_helper_names():
    b = bundle()
    wb = load(template_bytes())
    ikeys, tkeys = assign.indicator_keys(b.ledger, b.indicators, b.config), assign.task_keys(b.ledger, b.config)
    assert (len(ikeys), len(tkeys)) == (172, 258)
    prog = list(wb[P].iter_rows(min_row=2, values_only=True))
    prog = [r for r in prog if any(v is not None for v in r)]
    assert len(prog) == len(ikeys)
    assert [(r[1], r[3], r[4]) for r in prog] == list(ikeys.itertuples(index=False, name=None))
    assert prog[0][:6] == (None, "K01", "“一业一证”高频事项覆盖率（%）", "市审批局", "全市", None)
    assert any(r[2] == "增值税留抵退税办结时限（工作日）" for r in prog)
    tasks = [r for r in wb[T].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    assert len(tasks) == len(tkeys)
    assert tasks[0][:5] == (None, "1.1", "推进准入准营便利化", "市审批局", "全市")
    assert wb[P]["C2"].font.color.rgb.endswith("808080")
    assert wb[G].max_row == 1 + len(b.indicators)


def test_template_with_period_fills_the_period_column():
    wb = load(template_bytes("2023-06"))
    assert {wb[P].cell(r, 1).value for r in range(2, 174)} == {"2023-06"}
    assert wb[T]["A2"].value == "2023-06"
    up = read_upload(template_bytes("2023-06"), bundle())
    assert up.rows == {P: 0, T: 0, G: 12}  # keys without values are not records


def test_template_period_is_normalised_or_refused(tmp_path):
    write_template(bundle(), tmp_path / "t.xlsx", period="2023年6月")
    assert load((tmp_path / "t.xlsx").read_bytes())[P]["A2"].value == "2023-06"
    with pytest.raises(ValueError, match="期间"):
        write_template(bundle(), tmp_path / "u.xlsx", period="上半年")


def test_untouched_template_reads_empty_frames_and_the_catalog():
    up = read_upload(template_bytes(), bundle(), file_name="模板.xlsx")
    assert isinstance(up, Upload)
    assert list(up.progress.columns) == PROGRESS_COLUMNS and up.progress.empty
    assert list(up.tasks.columns) == TASK_COLUMNS and up.tasks.empty
    assert up.rows == {P: 0, T: 0, G: 12}
    assert up.file_name == "模板.xlsx" and len(up.sha256) == 64
    pd.testing.assert_frame_equal(up.targets, indicators_frame(bundle().indicators), check_dtype=False)


# --- the round trip -----------------------------------------------------------------------------


def _fill(wb: openpyxl.Workbook) -> None:
    """What analysts do to a template: titles, merged cells, aliases, percentages, totals, full width."""
    ws = wb[P]
    ws.insert_rows(1)
    ws["A1"] = "石嘴山市优化营商环境指标进度（2023年6月）"
    ws.merge_cells("A1:G1")

    r = row_of(ws, "K01", "市审批局")
    ws[f"A{r}"], ws[f"F{r}"] = "2023-06", 0.52
    ws[f"F{r}"].number_format = "0%"
    r = row_of(ws, "K01", "市审批局", "大武口区")
    ws[f"A{r}"], ws[f"E{r}"], ws[f"F{r}"] = datetime(2023, 6, 15, 9, 30), "大武口", "52%"
    r = row_of(ws, "K02", "市审批局")
    ws[f"A{r}"], ws[f"F{r}"], ws[f"G{r}"] = "2023年6月", "５２", "  已全部发放 "
    r = row_of(ws, "K02", "市公安局", "平罗县")
    ws[f"A{r}"], ws[f"F{r}"] = " 2023-06 ", "５２％"
    r = row_of(ws, "K07", "市税务局")
    ws[f"A{r}"], ws[f"D{r}"], ws[f"F{r}"] = "2023/6", "税务局", 8
    r = row_of(ws, "K05", "市税务局")  # 全市, 大武口区, 惠农区, 平罗县 follow one another
    assert [ws[f"E{r + i}"].value for i in range(4)] == ["全市", "大武口区", "惠农区", "平罗县"]
    ws[f"A{r}"] = "2023.06"
    for i, v in enumerate([96, 95, 94.5, "93 "]):
        ws[f"F{r + i}"] = v
    ws.merge_cells(f"A{r}:A{r + 3}")
    r = row_of(ws, "K06", "市税务局", "惠农区")
    ws[f"A{r}"], ws[f"F{r}"] = 45078, 91  # an Excel date serial: 2023-06-01
    r = row_of(ws, "K04", "市住建局")
    ws[f"A{r}"], ws[f"D{r}"], ws[f"F{r}"] = "2023-06", " 住建局 ", 0.45  # 市 prefix left out
    ws[f"F{r}"].number_format = "0.0%"
    r = row_of(ws, "K11", "市市场监管局")
    ws[f"A{r}"], ws[f"F{r}"] = "2023-06", 6.5
    r = row_of(ws, "K03", "市住建局")
    ws[f"A{r}"], ws[f"F{r}"] = "2023-06", "   "  # stray spaces only: nothing reported
    ws.append(["2023-06", "合计", None, None, None, 999, None])
    ws.append(["2023-06", "K01", None, "市审批局", "小计", 100, None])
    ws.append(["2023-06", "K13", None, "市政府办", "全市", 12, "新指标"])

    ws = wb[T]
    ws.insert_rows(1, 2)
    ws["A1"], ws["A2"] = "任务进展填报表", "填报单位：市营商办"
    r = row_of(ws, "1.1", "市审批局")
    ws[f"A{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"] = "2023-06", "推进中", 0.6, "已完成 3 项"
    ws[f"G{r}"].number_format = "0%"
    r = row_of(ws, "1.1", "市公安局")
    ws[f"A{r}"], ws[f"F{r}"], ws[f"G{r}"] = datetime(2023, 6, 30), "已完成", "100%"
    r = row_of(ws, "2.7", "石嘴山海关")
    ws[f"A{r}"], ws[f"F{r}"] = "2023.06", " 未启动 "
    r = row_of(ws, "1.2", "市住建局", "惠农区")
    ws[f"A{r}"], ws[f"E{r}"], ws[f"F{r}"], ws[f"G{r}"] = "2023-06", "惠农 ", "滞后", "３０"

    ws = wb[G]
    ws["D2"] = 60
    ws.append(["K13", "测试新指标", "2.3", 30, "%", "≥", datetime(2023, 12, 31), 10])


def _sorted(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.sort_values(key, ignore_index=True)


def test_round_trip_gives_exactly_the_tidy_frames():
    up = read_upload(edited(_fill), bundle(), file_name="六月.xlsx")
    progress = pd.DataFrame(
        [
            ("2023-06", "K01", "市审批局", "全市", 52.0, ""),
            ("2023-06", "K01", "市审批局", "大武口区", 52.0, ""),
            ("2023-06", "K02", "市审批局", "全市", 52.0, "已全部发放"),
            ("2023-06", "K02", "市公安局", "平罗县", 52.0, ""),
            ("2023-06", "K07", "市税务局", "全市", 8.0, ""),
            ("2023-06", "K05", "市税务局", "全市", 96.0, ""),
            ("2023-06", "K05", "市税务局", "大武口区", 95.0, ""),
            ("2023-06", "K05", "市税务局", "惠农区", 94.5, ""),
            ("2023-06", "K05", "市税务局", "平罗县", 93.0, ""),
            ("2023-06", "K06", "市税务局", "惠农区", 91.0, ""),
            ("2023-06", "K04", "市住建局", "全市", 45.0, ""),
            ("2023-06", "K11", "市市场监管局", "全市", 6.5, ""),
            ("2023-06", "K13", "市政府办", "全市", 12.0, "新指标"),
        ],
        columns=PROGRESS_COLUMNS,
    )
    got = _sorted(up.progress, PROGRESS_KEY)
    pd.testing.assert_frame_equal(got, _sorted(progress, PROGRESS_KEY), check_dtype=False)
    assert up.progress["actual"].dtype == float

    tasks = pd.DataFrame(
        [
            ("2023-06", "1.1", "市审批局", "全市", "推进中", 60.0, "已完成 3 项"),
            ("2023-06", "1.1", "市公安局", "全市", "已完成", 100.0, ""),
            ("2023-06", "2.7", "石嘴山海关", "全市", "未启动", math.nan, ""),
            ("2023-06", "1.2", "市住建局", "惠农区", "滞后", 30.0, ""),
        ],
        columns=TASK_COLUMNS,
    )
    pd.testing.assert_frame_equal(_sorted(up.tasks, TASK_KEY), _sorted(tasks, TASK_KEY), check_dtype=False)
    assert up.tasks["percent"].dtype == float

    catalog = indicators_frame(bundle().indicators)
    catalog.loc[catalog["indicator"] == "K01", "target"] = 60.0
    new = ["K13", "测试新指标", "2.3", 30.0, "%", ">=", date(2023, 12, 31), 10.0]
    catalog = pd.concat([catalog, pd.DataFrame([new], columns=INDICATOR_COLUMNS)], ignore_index=True)
    pd.testing.assert_frame_equal(up.targets, catalog, check_dtype=False)
    assert up.rows == {P: 13, T: 4, G: 13}
    assert up.file_name == "六月.xlsx"


def test_read_from_a_path_uses_its_name_and_hash(tmp_path):
    import hashlib

    data = edited(_fill)
    path = tmp_path / "二〇二三年六月.xlsx"
    path.write_bytes(data)
    up = read_upload(path, bundle())
    assert up.file_name == path.name and up.sha256 == hashlib.sha256(data).hexdigest()
    assert up.rows[P] == 13
    assert read_upload(str(path), bundle()).sha256 == up.sha256


def _tiny(rows: list[list], sheet: str = "progress") -> bytes:
    """A hand-made workbook with English headers and an alias sheet name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_english_headers_and_sheet_alias():
    data = _tiny([["Period", "Indicator", "Dept", "District", "Value", "Notes"],
                  ["2023-06", "k10", "审批局", "惠农区政府", 48, "ok"]])
    up = read_upload(data, bundle())
    assert up.progress.to_dict("records") == [
        {"period": "2023-06", "indicator": "K10", "department": "市审批局", "county": "惠农区", "actual": 48.0,
         "note": "ok"}]
    assert up.tasks.empty and up.targets is None and up.rows == {P: 1}


@pytest.mark.parametrize(
    "period",
    ["2023-06", "2023/6", "2023年6月", "2023年06月份", "2023.06", "２０２３－０６", "202306", "2023-06-30",
     datetime(2023, 6, 1), 45078, 202306, 2023.06],
    ids=repr,
)
def test_period_spellings(period):
    data = _tiny([["期间", "指标编号", "责任部门", "县区", "实际值"], [period, "K10", "市审批局", "全市", 1]])
    assert read_upload(data, bundle()).progress["period"].tolist() == ["2023-06"]


# --- reports ------------------------------------------------------------------------------------


def test_problem_text():
    p = Problem("not_number", {}, "指标进度", 12, "实际值", "abc")
    assert str(p) == "工作表“指标进度”第 12 行“实际值”列：“abc” 不是数字"
    assert p.text("en") == "sheet “指标进度”, row 12, column “实际值”: “abc” is not a number"
    assert str(Problem("sheet_empty")) == "文件：工作表是空的，缺少表头"
    err = WorkbookError([p, p, p, p])
    assert isinstance(err, ValueError) and "共 4 个问题" in str(err)
    assert "4 problems in all" in err.message("en")


def _two_problems() -> tuple[bytes, list[Problem]]:
    def change(wb):
        ws = wb[P]
        ws["A2"], ws["F2"] = "2023-06", "abc"
        ws["A3"], ws["E3"], ws["F3"] = "2023-06", "银川", 1

    data = edited(change)
    with pytest.raises(WorkbookError) as info:
        read_upload(data, bundle())
    return data, info.value.problems


def test_write_problems_report(tmp_path):
    _, problems = _two_problems()
    assert [(p.row, p.column) for p in problems] == [(2, "实际值"), (3, "县区")]
    path = tmp_path / "report.xlsx"
    write_problems(problems, path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("工作表", "行", "列", "值", "问题")
    assert rows[1][:4] == (P, 2, "实际值", "abc") and "不是数字" in rows[1][4]
    buf = io.BytesIO()
    write_problems(problems, buf)
    assert buf.getvalue()[:4] == b"PK\x03\x04"


def test_highlight_upload_marks_bad_cells():
    data, problems = _two_problems()
    wb = load(highlight_upload(data, problems))
    assert wb.sheetnames[0] == "校验结果"
    ws = wb[P]
    assert ws["F2"].fill.fgColor.rgb.endswith("FFC7CE") and "不是数字" in ws["F2"].comment.text
    assert ws["E3"].fill.fgColor.rgb.endswith("FFC7CE") and "县区" in ws["E3"].comment.text
    assert ws["F3"].comment is None
