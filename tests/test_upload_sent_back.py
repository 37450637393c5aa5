"""How departments send the template back, rule by rule: a figure typed with its unit, and a data sheet
that came back as a copy (指标进度(1)). The held-out set tests/fixtures/workbooks_unseen/ checks the same
on whole workbooks; these vary the inputs."""

from __future__ import annotations

import pytest

from ledger.upload import WorkbookError, read_upload
from ledger.upload.read import find_sheet
from ledger.upload.units import same_unit
from tests.test_workbook_bad import P, prow
from tests.workbook_fixtures import bundle, edited, template_bytes

TAX = "市税务局"


def with_actuals(values: dict[tuple[str, str], object], rename: str | None = None, copy_to: str | None = None):
    def change(wb):
        ws = wb[P]
        for (indicator, county), value in values.items():
            ws.cell(prow(indicator, TAX, county), 6).value = value
        if copy_to:
            wb.copy_worksheet(ws).title = copy_to
        if rename:
            ws.title = rename
    return edited(change, template_bytes("2023-09"))


@pytest.mark.parametrize("written, unit, same", [
    ("工作日", "工作日", True), ("个工作日", "工作日", True), ("件/万人", "件/万人", True), ("个", "个", True),
    ("件／万人", "件/万人", True), ("天", "工作日", False), ("%", "工作日", False), ("工作日", "", False),
    ("万元", "元", False),
])
def test_same_unit(written, unit, same):
    assert same_unit(written, unit) is same


def test_a_figure_typed_with_its_own_unit_is_the_number():
    got = read_upload(with_actuals({("K07", "全市"): "6个工作日", ("K07", "惠农区"): " ７.５ 工作日 ",
                                    ("K01", "全市"): "43%"}), bundle())
    rows = got.progress.set_index(["indicator", "county"])["actual"]
    assert rows[("K07", "全市")] == 6.0 and rows[("K07", "惠农区")] == 7.5 and rows[("K01", "全市")] == 43.0


@pytest.mark.parametrize("value, code", [
    ("3天", "actual_unit_mismatch"),  # calendar days are not 工作日
    ("6小时", "actual_unit_mismatch"),
    ("85-90", "not_number"),  # a range is not a figure
    ("约6", "not_number"),
    ("6个工作日左右", "actual_unit_mismatch"),
])
def test_another_unit_or_no_figure_is_named_in_its_cell(value, code):
    with pytest.raises(WorkbookError) as caught:
        read_upload(with_actuals({("K07", "全市"): value}), bundle())
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.code) == (P, prow("K07", TAX), "实际值", code)
    if code == "actual_unit_mismatch":
        assert "工作日" in problem.reason("zh") and "工作日" in problem.reason("en")


@pytest.mark.parametrize("names, found", [
    (["填报说明", "指标进度(1)", "任务进展"], "指标进度(1)"),
    (["指标进度 (2)"], "指标进度 (2)"), (["指标进度（副本）"], "指标进度（副本）"), (["指标进度-副本"], "指标进度-副本"),
    (["指标进度2"], "指标进度2"), (["Progress (1)"], "Progress (1)"), (["指标进度表"], None), (["任务进展(1)"], None),
])
def test_a_copied_sheet_name_is_the_sheet(names, found):
    assert find_sheet(names, P) == found


def test_a_data_sheet_that_came_back_as_a_copy_is_read():
    got = read_upload(with_actuals({("K07", "全市"): 6.0}, rename="指标进度(1)"), bundle())
    assert got.progress["actual"].tolist() == [6.0]


def test_two_filled_copies_of_one_sheet_are_refused_naming_both():
    data = with_actuals({("K07", "全市"): 6.0}, copy_to="指标进度 (2)")
    with pytest.raises(WorkbookError) as caught:
        read_upload(data, bundle())
    (problem,) = caught.value.problems
    assert problem.code == "sheet_twice" and "指标进度 (2)" in problem.reason("zh")
    assert "“指标进度”" in problem.reason("zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_guide_has_no_unfilled_field_and_its_period_example_reads(lang):
    """填报说明 3 printed “也可写 {example} 或日期” (found by the held-out workbooks' writer)."""
    from ledger.upload.cells import period
    from ledger.upload.template import guide_lines

    lines = guide_lines(bundle(), lang)
    assert not [line for line in lines if "{" in line or "}" in line]
    example = "2023年6月" if lang == "zh" else "2023/6"
    assert example in lines[4] and period(example) == "2023-06"
