"""Target extraction from Chinese task text: values, units, comparators, and conditions that are not targets."""

from __future__ import annotations

import pytest

from ledger import extract_targets


def triples(text):
    return [(t.value, t.unit, t.op) for t in extract_targets(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("药店、餐饮店、便利店等高频事项覆盖率达50%。", [(50, "%", ">=")]),
        ("政务服务全程网办率达到50%以上。", [(50, "%", ">=")]),
        ("实现95%以上税费服务事项“全程网办”。", [(95, "%", ">=")]),
        ("全流程电子退税的覆盖面超过90%。", [(90, "%", ">=")]),
        ("其中预留给小微企业的比例不低于60%。", [(60, "%", ">=")]),
        ("新增市场主体不少于5000户。", [(5000, "户", ">=")]),
        ("确保符合条件的企业留抵退税10个工作日办结。", [(10, "工作日", "<=")]),
        ("办理时限3个工作日以内。", [(3, "工作日", "<=")]),
        ("供水报装办理时间不超过5个工作日。", [(5, "工作日", "<=")]),
        ("将用地审批时效压缩至法定时限50%左右。", [(50, "%", "≈")]),
        ("接电时间控制在15个工作日以内。", [(15, "工作日", "<=")]),
        ("年底前每万人有效发明专利拥有量7件以上。", [(7, "件/万人", ">=")]),
        ("每万人高价值发明专利拥有量2件以上。", [(2, "件/万人", ">=")]),
        ("变更登记分别压缩至3个工作日、1个工作日。", [(3, "工作日", "<="), (1, "工作日", "<=")]),
        ("电子证照调用率不低于８５.５％。", [(85.5, "%", ">=")]),  # full-width digits and ％
        ("培育规上企业1,200家以上。", [(1200, "家", ">=")]),
        ("贷款余额增长15%左右。", [(15, "%", "≈")]),
        ("审批时限缩减至20个工作日。", [(20, "工作日", "<=")]),
    ],
)
def test_targets(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "对超过200万元的货物和服务采购项目、超过400万元的工程采购项目预留份额。",  # scope, not target
        "对毕业两年内初次创业大学生给予创业补助。",  # eligibility
        "对毕业2年内初次创业大学生给予创业补助。",
        "对成立3个月以内的新办企业实行首次检查免罚。",
        "落实2023年工作要点，推进第3批改革。",  # a year and an ordinal
        "探索推行“一个环节、一日办结、零成本”。",  # Chinese numerals are not figures
        "对年营业收入不超过500万元的小微企业减免担保费。",
        "2023年12月31日前完成清理。",  # a date is not 31 days
        "推进5G网络和A1类项目建设。",
    ],
)
def test_conditions_are_not_targets(text):
    assert extract_targets(text) == []


def test_scope_and_target_in_one_sentence():
    text = ("对政府采购项目适宜由中小企业提供的超过200万元的货物和服务采购项目、超过400万元的工程采购项目，"
            "预留该项目预算总额的40%以上面向中小企业采购，其中预留给小微企业的比例不低于60%。")
    got = extract_targets(text)
    assert [(t.value, t.unit, t.op) for t in got] == [(40, "%", ">="), (60, "%", ">=")]
    assert got[0].text == "预留该项目预算总额的40%以上面向中小企业采购"


def test_approx_direction_by_meaning():
    down, up = extract_targets("将用地审批时效压缩至法定时限50%左右。")[0], extract_targets("贷款余额增长15%左右。")[0]
    assert (down.op, down.direction) == ("≈", "<=")
    assert (up.op, up.direction) == ("≈", ">=")


def test_clause_and_subject():
    t = extract_targets("持续推广“一业一证”改革，药店、餐饮店、便利店等高频事项覆盖率达50%。")[0]
    assert t.text == "药店、餐饮店、便利店等高频事项覆盖率达50%"
    assert t.subject.endswith("高频事项覆盖率")
