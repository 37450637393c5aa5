"""ledger.completion_figures: figures proposed from realistic 工作完成情况 texts, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from ledger import load_default
from ledger.completion_figures import propose_figures, read_figures
from ledger.model import Indicator

BUNDLE = load_default()
TASK = {i.task_id: [] for i in BUNDLE.indicators}
for _i in BUNDLE.indicators:
    TASK[_i.task_id].append(_i)


def figures(task: str, text: str) -> dict[str, float]:
    return {k: p.value for k, p in propose_figures(text, TASK[task]).items()}


@pytest.mark.parametrize(
    ("task", "text", "expected"),
    [
        ("1.1", "市审批局：持续推广“一业一证”改革，药店、餐饮店等高频事项覆盖率已达52%。", {"K01": 52}),
        ("1.1", "覆盖率已达52%", {"K01": 52}),
        ("1.1", "新设立企业电子营业执照和电子印章同步发放率达到100%；一业一证高频事项覆盖率48.5%。",
         {"K02": 100, "K01": 48.5}),
        ("1.1", "截至6月底，高频事项覆盖率达５２％，较上月提高3个百分点。", {"K01": 52}),  # full-width; points are not %
        ("1.5", "市税务局：留抵退税平均7个工作日办结，符合条件的企业均已退付。", {"K07": 7}),
        ("1.5", "优化退税流程，留抵退税办结时间由10个工作日压缩至6个工作日。", {"K07": 6}),
        ("1.5", "税费服务事项全程网办比例达96.5%，全流程电子退税覆盖面91%，留抵退税8个工作日办结。",
         {"K05": 96.5, "K06": 91, "K07": 8}),
        ("3.3", "全市每万人有效发明专利拥有量达6.8件，每万人高价值发明专利拥有量1.9件。", {"K11": 6.8, "K12": 1.9}),
        ("2.3", "政务服务全程网办率达到61.3%，上线“一件事一次办”主题服务28项。", {"K10": 61.3}),
        ("1.2", "用地审批时效压缩至法定时限的45%，新增建设用地计划指标42%用于支持重大项目。",
         {"K04": 45, "K03": 42}),
    ],
)
def test_figures_found_in_completion_texts(task, text, expected):
    assert figures(task, text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("task", "text"),
    [
        ("1.1", "市人社局：走访企业3家，收集意见建议29条并逐项反馈。"),  # counts of other things
        ("1.1", "力争年底前高频事项覆盖率达到50%。"),  # a target, not the level reached
        ("1.1", "计划下半年将覆盖率提升至60%。"),
        ("1.1", "高频事项覆盖率较上月提高5%。"),  # a change, not the level
        ("1.5", "留抵退税办理时间较去年缩短3个工作日。"),
        ("1.5", "52%的纳税人对电子退税表示满意。"),  # a percentage of something the names do not mention
        ("1.5", "召开专题推进会2次，梳理问题清单18项。"),
        ("2.3", "全程网办事项占比明显提升。"),  # no figure at all
        ("1.1", "覆盖率达到52个。"),  # unit does not match
    ],
)
def test_no_figure_where_none_is_meant(task, text):
    assert figures(task, text) == {}


def test_a_clause_naming_two_indicators_is_refused():
    reading = read_figures("全程网办比例和电子退税覆盖面均达到90%。", TASK["1.5"])
    assert reading.proposals == ()
    (refusal,) = reading.refusals
    assert refusal.reason == "ambiguous" and set(refusal.candidates) == {"K05", "K06"}
    assert refusal.value == 90


def test_two_different_figures_for_one_indicator_are_refused():
    text = "政务服务全程网办率达到60%，其中企业事项全程网办率72%。"
    reading = read_figures(text, TASK["2.3"])
    assert reading.proposals == ()
    assert [(r.reason, r.value) for r in reading.refusals] == [("conflicting", 60), ("conflicting", 72)]
    # the same figure twice is one figure
    assert figures("2.3", "全程网办率达到60%，全程网办率60%。") == {"K10": 60}


def test_evidence_span_points_into_the_text_as_given():
    text = "截至9月，“一业一证”高频事项覆盖率已达５２％，累计发证120张。"
    p = propose_figures(text, TASK["1.1"])["K01"]
    assert text[p.start:p.end] == "５２％"
    assert p.evidence == "“一业一证”高频事项覆盖率已达５２％"
    assert {"覆盖", "盖率", "高频"} <= set(p.words)
    assert (p.unit, p.value) == ("%", 52.0)


def test_change_indicators_take_change_figures():
    growth = Indicator("X1", "网上零售额同比增长", "9.9", 10, "%", ">=", date(2023, 12, 31))
    share = Indicator("X2", "网上零售额占比", "9.9", 30, "%", ">=", date(2023, 12, 31))
    assert figures_of("网上零售额同比增长12.5%，占比达到31%。", [growth, share]) == {"X1": 12.5, "X2": 31}


def figures_of(text: str, indicators: list[Indicator]) -> dict[str, float]:
    return {k: p.value for k, p in propose_figures(text, indicators).items()}


def test_empty_text_and_no_indicators():
    assert read_figures("", TASK["1.1"]).proposals == ()
    assert read_figures("覆盖率已达52%", []).proposals == ()
