"""The ledger text parser: the shipped Shizuishan ledger and another city's ledger in the same layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger import LedgerParseError, parse_file, parse_text, split_departments
from ledger.parse import cn_number

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def shipped():
    return parse_file(ROOT / "data" / "ledger.txt")


def test_shipped_shape(shipped):
    assert shipped.title == "石嘴山市落实自治区营商环境提质升级行动任务分工台账"
    assert shipped.city == "石嘴山市"
    assert [c.name for c in shipped.categories] == ["强化关键领域改革", "强化全生命周期服务", "强化精准有效治理"]
    assert [len(c.tasks) for c in shipped.categories] == [5, 8, 3]
    assert [t.id for t in shipped.tasks][:6] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]
    assert shipped.tasks[-1].id == "3.3"


def test_shipped_titles(shipped):
    titles = {t.id: t.title for t in shipped.tasks}
    assert titles["1.1"] == "推进准入准营便利化"
    assert titles["2.1"] == "破除区域分割和地方保护"
    assert titles["3.2"] == "实施精准有效监管"  # right after a repeated page-break heading
    assert titles["3.3"] == "推动知识产权保护运用"


EXPECTED_DEPARTMENTS = {
    "1.1": ["市审批局", "市公安局", "市卫健委", "市人社局", "市税务局", "市消防救援支队", "市烟草专卖局"],
    "1.2": ["市住建局", "市水务局", "市自然资源局"],
    "1.3": ["市住建局", "市星瀚集团", "国网石嘴山供电公司"],
    "1.4": ["市自然资源局", "市住建局", "市税务局", "石嘴山银保监分局"],
    "1.5": ["市税务局"],
    "2.1": ["市发改委", "市市场监管局", "市财政局", "市公共资源交易中心", "市住建局", "市交通局", "市水务局",
            "市农业农村局"],
    "2.2": ["市自然资源局", "市生态环境局", "市水务局", "市文广局", "市应急局", "市住建局", "市发改委"],
    "2.3": ["市政府办", "市审批局"],
    "2.4": ["市工信局", "市商务局", "市投促局", "市发改委", "市审批局"],
    "2.5": ["市人社局", "市医保局"],
    "2.6": ["市金融局", "市人社局", "市财政局", "人行市中心支行", "石嘴山银保监分局", "市发改委", "市工信局"],
    "2.7": ["市商务局", "石嘴山海关"],
    "2.8": ["市科技局", "市人社局", "市财政局", "市教体局", "市工信局", "市金融局"],
    "3.1": ["市工信局", "市财政局", "市发改委", "市投促局"],
    "3.2": ["市发改委", "市司法局", "市市场监管局", "市审批局"],
    "3.3": ["市市场监管局"],
}


@pytest.mark.parametrize("task_id, departments", EXPECTED_DEPARTMENTS.items())
def test_shipped_departments(shipped, task_id, departments):
    assert list(shipped.task(task_id).departments) == departments


def test_shipped_county_flags(shipped):
    assert [t.id for t in shipped.tasks if not t.counties] == ["2.7"]


def test_text_joins_wrapped_lines(shipped):
    t = shipped.task("1.5")
    assert "企业所得税" in t.text  # no line break inside words
    assert "\n" not in t.text
    assert t.text.endswith("确保符合条件的企业留抵退税10个工作日办结。")
    assert "二、" not in t.text and "生命" not in t.text  # the heading that follows is not task text


def test_page_break_heading_is_not_a_category(shipped):
    assert len(shipped.categories) == 3
    assert shipped.categories[1].name == "强化全生命周期服务"  # split across a blank line, odd spaces


def test_shipped_targets_count(shipped):
    assert sum(len(t.targets) for t in shipped.tasks) == 12
    assert {t.id: len(t.targets) for t in shipped.tasks if t.targets} == {
        "1.1": 2, "1.2": 2, "1.5": 3, "2.1": 2, "2.3": 1, "3.3": 2,
    }


@pytest.fixture(scope="module")
def other():
    return parse_file(FIXTURES / "other_city_ledger.txt")


def test_other_city(other):
    assert other.city == "吴忠市"
    assert other.plan_year == 2024
    assert [c.name for c in other.categories] == ["提升政务服务水平", "优化要素保障"]
    assert [t.id for t in other.tasks] == ["1.1", "1.2", "2.1", "2.2"]
    t11 = other.task("1.1")
    assert list(t11.departments) == ["市审批局", "市市场监管局", "市税务局", "市人社局"]
    assert t11.counties  # 各县（市、区）政府
    assert [(g.value, g.unit, g.op) for g in t11.targets] == [
        (1, "工作日", "<="), (3, "工作日", "<="), (1, "工作日", "<="), (85.5, "%", ">="),
    ]
    t12 = other.task("1.2")
    assert list(t12.departments) == ["市政务服务中心"] and not t12.counties
    assert [(g.value, g.unit) for g in t12.targets] == [(30, "项")]  # 3个月以内的新办企业 is a scope
    t21 = other.task("2.1")
    assert list(t21.departments) == ["市水务局", "国网吴忠供电公司"]
    assert t21.counties  # named county governments
    t22 = other.task("2.2")
    assert list(t22.departments) == ["人行吴忠市中心支行", "市金融局", "市财政局"]
    # the task text continued after a page break (blank line) and a repeated heading
    assert "同比增长15%以上" in t22.text
    assert [(g.value, g.unit, g.op) for g in t22.targets] == [(15, "%", ">="), (1, "%", "<=")]


def test_filled_completion_column_is_kept_apart():
    text = (FIXTURES / "other_city_ledger.txt").read_text(encoding="utf-8")
    text = text.replace("关部门\n", "关部门\n\n已上线“一件事”集成服\n务32项。\n", 1)
    ledger = parse_text(text)
    t = ledger.task("1.2")
    assert t.completion == "已上线“一件事”集成服务32项。"
    assert "32项" not in t.text
    assert [g.value for g in t.targets] == [30]


def test_not_a_ledger():
    with pytest.raises(LedgerParseError):
        parse_text("这不是台账\n只是一些文字")


@pytest.mark.parametrize(
    "cell, expected, counties",
    [
        ("市审批局、公安局、\n卫健委、人社局、税\n务局", ["市审批局", "市公安局", "市卫健委", "市人社局", "市税务局"], False),
        ("市市场监管局，各县\n区政府", ["市市场监管局"], True),
        ("市发改委、市场监管\n局", ["市发改委", "市市场监管局"], False),
        ("市住建局等市工程建\n设项目审批制度改\n革领导小组成员单\n位，各县区政府", ["市住建局"], True),
        ("市应急局、住建局、发改委等相关部门", ["市应急局", "市住建局", "市发改委"], False),
        ("市商务局、石嘴山海\n关", ["市商务局", "石嘴山海关"], False),
        ("市城市管理局、公安局", ["市城市管理局", "市公安局"], False),
        ("平罗县政府、市财政局", ["市财政局"], True),
        ("牵头单位：市审批局（牵头）、公安局（配合）", ["市审批局", "市公安局"], False),
    ],
)
def test_split_departments(cell, expected, counties):
    assert split_departments(cell, "石嘴山市") == (expected, counties)


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23)])
def test_cn_number(text, value):
    assert cn_number(text) == value
