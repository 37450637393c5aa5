"""ledger.i18n: one label table, Chinese first, English second."""

from __future__ import annotations

import re
import string

import pytest

from ledger import i18n
from ledger.i18n import (
    LANGS,
    SAME_IN_BOTH,
    TEXT,
    area_label,
    column_labels,
    status_label,
    t,
    task_state_label,
)
from ledger.model import CITY_WIDE, STATUSES, TASK_STATES

CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_languages_and_table_shape() -> None:
    assert LANGS == ("zh", "en")
    assert len(TEXT) >= 120
    for key, entry in TEXT.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
        assert set(entry) == set(LANGS), key
        assert list(entry) == ["zh", "en"], f"{key}: Chinese first, English second"
        for lang in LANGS:
            assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)


def test_zh_differs_from_en_except_proper_names() -> None:
    same = {k for k, e in TEXT.items() if e["zh"] == e["en"]}
    assert same == set(SAME_IN_BOTH)
    assert {"lang_zh", "lang_en"} >= SAME_IN_BOTH  # names of languages only


def test_english_has_no_chinese_and_chinese_has_chinese() -> None:
    for key, entry in TEXT.items():
        if key in SAME_IN_BOTH:
            continue
        assert not CJK.search(entry["en"]), key
        assert CJK.search(entry["zh"]), key


def test_format_fields_agree_between_languages() -> None:
    for key, entry in TEXT.items():
        assert _fields(entry["zh"]) == _fields(entry["en"]), key


def test_t_lookup_and_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert t("app_title") == "营商环境任务台账看板"
    assert t("app_title", "en") == "Business Environment Task Ledger"
    assert t("app_title", "fr") == "营商环境任务台账看板"  # unknown language → Chinese
    assert t("no_such_key", "en") == "no_such_key"  # unknown key → the key
    monkeypatch.setitem(TEXT, "only_zh", {"zh": "仅中文"})
    assert t("only_zh", "en") == "仅中文"
    monkeypatch.setitem(TEXT, "blank_en", {"zh": "中文", "en": ""})
    assert t("blank_en", "en") == "中文"


def test_t_formatting() -> None:
    assert t("metric_delta", "zh", delta=2.345) == "较上期 +2.3 分"
    assert t("metric_delta", "en", delta=-1) == "-1.0 points vs previous period"
    assert t("as_of", "en", period="2023-06") == "As of 2023-06"
    assert t("metric_share", "zh", share=0.25) == "占 25%"
    # a field the caller did not supply is left in place instead of raising
    assert t("upload_success_detail", "en", rows=3) == "Imported 3 rows (import {id})."
    assert t("metric_delta", "en", other=1) == "{delta:+.1f} points vs previous period"
    # no fmt: text returned as is, braces included
    assert t("as_of", "zh") == "截至 {period}"


def test_status_and_task_state_labels() -> None:
    assert [status_label(s, "zh") for s in STATUSES] == ["达标", "正常", "滞后", "逾期", "无数据"]
    assert [status_label(s, "en") for s in STATUSES] == [
        "Met", "On track", "Behind schedule", "Overdue", "No data"]
    assert status_label("其他", "en") == "其他"
    assert [task_state_label(s, "zh") for s in TASK_STATES] == list(TASK_STATES)
    assert [task_state_label(s, "en") for s in TASK_STATES] == [
        "Not started", "In progress", "Completed", "Behind schedule"]


@pytest.mark.parametrize(
    ("key", "zh", "en"),
    [
        ("app_title", "营商环境任务台账看板", "Business Environment Task Ledger"),
        ("page_overview", "总览", "Overview"),
        ("page_indicators", "指标", "Indicators"),
        ("page_departments", "部门", "Departments"),
        ("page_counties", "县区", "Counties"),
        ("page_ledger", "台账", "Ledger"),
        ("page_upload", "上传", "Upload"),
        ("page_history", "历史", "History"),
        ("filter_county", "县区", "County"),
        ("filter_all", "全部", "All"),
        ("city_wide", "全市", "City-wide"),
        ("filter_department", "责任部门", "Department"),
        ("filter_period", "期间", "Period"),
        ("language", "语言", "Language"),
        ("metric_overall_score", "综合得分", "Overall score"),
        ("empty_title", "暂无数据", "No data yet"),
        ("behind_list_title", "滞后与逾期事项", "Behind schedule and overdue"),
        ("meeting_view", "会议模式", "Meeting view"),
        ("login", "登录", "Sign in"),
        ("logout", "退出", "Sign out"),
    ],
)
def test_required_labels(key: str, zh: str, en: str) -> None:
    assert (t(key, "zh"), t(key, "en")) == (zh, en)


def test_required_sentences() -> None:
    assert t("sample_banner") == "当前显示的是示例数据，仅供演示，不是真实填报。"  # no developer paths
    assert t("sample_banner", "en").startswith("Showing sample data")
    assert "make_sample" not in t("sample_banner", "en")
    assert t("empty_no_data") == "尚未导入任何填报数据。请在“上传”页导入模板。"
    assert t("empty_no_baseline") == "该指标无基期值，序时进度按 0 起算"
    assert "大武口区" in t("empty_county", "zh", county="大武口区", period="2023-06")
    assert t("empty_filter", "en")


def test_required_headers_and_workflow_words() -> None:
    headers = ["指标", "名称", "任务", "责任部门", "县区", "期间", "实际值", "目标值", "单位", "完成率", "得分",
               "状态", "序时进度", "工作完成情况", "完成百分比", "类别", "排名"]
    col_texts = {e["zh"] for k, e in TEXT.items() if k.startswith("col_")}
    assert set(headers) <= col_texts
    words = ["模板下载", "选择文件", "校验", "预览变更", "确认导入", "新增", "变更", "未变", "撤销导入", "确认撤销",
             "导入成功", "工作表", "行", "列", "值", "问题", "仅分析员可用", "登录", "用户名", "密码", "退出"]
    all_zh = {e["zh"] for e in TEXT.values()}
    assert set(words) <= all_zh
    assert any(e["zh"].startswith("登录失败") for e in TEXT.values())
    assert any(e["zh"].startswith("尝试过多") for e in TEXT.values())


def test_units_areas_and_columns() -> None:
    assert i18n.unit_label("工作日", "zh") == "工作日"
    assert i18n.unit_label("工作日", "en") == "working days"
    assert i18n.unit_label("吨", "en") == "吨"  # unknown unit shown as written
    assert area_label(CITY_WIDE, "en") == "City-wide"
    assert area_label("大武口区", "en") == "大武口区"
    cols = column_labels("zh")
    assert cols["actual"] == "实际值" and cols["expected"] == "序时进度" and cols["status"] == "状态"
    assert column_labels("en")["completion"] == "Work completed"
    assert column_labels("zh", {"name": "col_name"})["name"] == "名称"
