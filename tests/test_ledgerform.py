"""The ledger form workbook: written from the parsed ledger, read back to the same ledger, completion column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ledger import LedgerParseError, load_default, parse_file, read_ledger
from ledger.ledgerform import cn_numeral, infer_status, read_completion, read_ledger_form, write_ledger_form

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def bundle():
    return load_default()


def test_round_trip_same_json(bundle, tmp_path):
    path = tmp_path / "form.xlsx"
    write_ledger_form(bundle.ledger, path)
    back = read_ledger(path, config=bundle.config)  # the workbook is read as well as the text
    assert back.to_json() == bundle.ledger.to_json()
    assert parse_file(path).tasks[0].counties  # without a config: 各县区, no list of counties
    assert parse_file(path).tasks[0].county_list == ()


def test_round_trip_other_city(tmp_path):
    other = parse_file(FIXTURES / "other_city_ledger.txt")
    path = tmp_path / "other.xlsx"
    write_ledger_form(other, path)
    back, sent = read_ledger_form(path).to_json(), other.to_json()
    # Since issue 9 the text gives WHICH counties (利通区、青铜峡市政府 → county_list); the form writes
    # every county-assigned task as 各县区政府 (departments_cell), so that list does not survive the form.
    assert sent["tasks"][2]["county_list"] == ["利通区", "青铜峡市"]
    assert back["tasks"][2]["county_list"] == []
    back["tasks"][2]["county_list"] = sent["tasks"][2]["county_list"]
    assert back == sent


def test_form_layout(bundle, tmp_path):
    path = tmp_path / "form.xlsx"
    write_ledger_form(bundle.ledger, path)
    ws = load_workbook(path).active
    assert ws["A1"].value == bundle.ledger.title
    assert [c.value for c in ws[2]] == ["主要指标", "目标任务", "责任部门", "工作完成情况"]
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    assert merged == ["A16:A18", "A1:D1", "A3:A7", "A8:A15"]  # title; categories of 5, 8, 3 tasks
    assert ws["B3"].value.startswith("（一）推进准入准营便利化。")
    assert ws["C7"].value == "市税务局，各县区政府"


def test_read_completion_infers_only_what_text_says(bundle, tmp_path):
    path = tmp_path / "filled.xlsx"
    write_ledger_form(bundle.ledger, path)
    wb = load_workbook(path)
    ws = wb.active
    ws["D3"] = "已完成企业开办全链条一网通办。"
    ws["D4"] = "受疫情影响，进度滞后。"
    ws["D5"] = "正在开展集成服务试点。"
    ws["D6"] = "召开专题会议两次。"
    wb.save(path)
    records = read_completion(path, bundle.ledger, "2023-06")
    assert records[["task", "department", "county", "status"]].values.tolist() == [
        ["1.1", "市审批局", "全市", "已完成"],
        ["1.2", "市住建局", "全市", "滞后"],
        ["1.3", "市住建局", "全市", "推进中"],
        ["1.4", "市自然资源局", "全市", ""],
    ]
    assert (records["period"] == "2023-06").all()
    assert records.loc[3, "completion"] == "召开专题会议两次。"


@pytest.mark.parametrize("text, status", [("已全面完成", "已完成"), ("尚未启动", "滞后"), ("稳步推进", "推进中"), ("", "")])
def test_infer_status(text, status):
    assert infer_status(text) == status


def test_not_a_form(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["随便", "什么"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(LedgerParseError, match="目标任务"):
        read_ledger_form(path)


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三")])
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text
