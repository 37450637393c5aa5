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


def quads(text):
    return [(t.value, t.unit, t.op, t.baseline) for t in extract_targets(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Chinese numerals
        ("不动产登记压缩至五个工作日。", [(5, "工作日", "<=", None)]),
        ("企业注销三天办结。", [(3, "天", "<=", None)]),
        ("办理时限压缩至两个工作日以内。", [(2, "工作日", "<=", None)]),
        ("审批时间压缩至十五个工作日。", [(15, "工作日", "<=", None)]),
        # 由A压缩至B: target B, baseline A
        ("企业开办时间由3个工作日压缩至1个工作日。", [(1, "工作日", "<=", 3)]),
        ("工程审批时间由80个工作日缩短到40个工作日以内。", [(40, "工作日", "<=", 80)]),
        ("网办率从85%提高到95%。", [(95, "%", ">=", 85)]),
        ("时限由10个工作日压缩至五个工作日。", [(5, "工作日", "<=", 10)]),
        # 分别 with bare numbers sharing one unit
        ("设立、变更、注销登记分别压缩至4、2、1个工作日。",
         [(4, "工作日", "<=", None), (2, "工作日", "<=", None), (1, "工作日", "<=", None)]),
        # a time limit in months
        ("项目审批时间压缩至3个月以内。", [(3, "月", "<=", None)]),
        # units
        ("发表调研文章20篇以上。", [(20, "篇", ">=", None)]),
        ("新建高标准农田2万亩。", [(2, "万亩", ">=", None)]),
        ("开展职业技能培训2万人次。", [(2, "万人次", ">=", None)]),  # 2万人次, not 2万人
        ("培训企业员工500人次。", [(500, "人次", ">=", None)]),
        ("办理不动产登记1.5万件。", [(1.5, "万件", ">=", None)]),
        ("引进急需紧缺人才300名。", [(300, "名", ">=", None)]),
        ("举办政策宣讲活动12场次。", [(12, "场次", ">=", None)]),
        ("举办招聘会20场。", [(20, "场", ">=", None)]),
        ("接电时间压缩至48小时以内。", [(48, "小时", "<=", None)]),
        ("普惠小微贷款新增50亿元。", [(50, "亿元", ">=", None)]),
        ("新增市场主体3万户。", [(3, "万户", ">=", None)]),
        # 提高/降低 N 个百分点: a change of at least N points
        ("政务服务好评率提高2个百分点。", [(2, "个百分点", ">=", None)]),
        ("企业综合融资成本降低0.5个百分点。", [(0.5, "个百分点", ">=", None)]),
    ],
)
def test_more_targets(text, expected):
    assert quads(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "深化“一网通办”改革，推行“一件事一次办”，实现“一窗受理”“一次办好”。",  # slogans
        "推行一网通办、一件事一次办、一窗受理、一次办好。",  # slogans without quotes
        "对300万元以下的工程建设项目实行简易程序。",  # a scope: the comparator follows the amount
        "对800万元及以下的项目免于招标。",
        "对3000万元以上重点项目实行专班服务。",
        "对新认定的企业给予最高10万元的奖励。",
        "给予最高不超过50万元补助。",
        "提供7×24小时不打烊服务。",
        "精简至5个环节。",
        "对报装容量160千瓦及以下小微企业实行零投资。",
        "开通12345政务服务便民热线，构建“1+N”服务体系。",
        "2024年6月底前完成，9月30日前验收。",
        "对成立3个月以内的企业开展首违不罚。",
    ],
)
def test_more_non_targets(text):
    assert extract_targets(text) == []


def test_unexplained_numbers_are_reported():
    from ledger.targets import analyse

    found = analyse("年底前上线集成服务30项以上，开展160余批检查，推进3类改革，接入10千伏线路。")
    assert [(t.value, t.unit) for t in found.targets] == [(30, "项")]
    assert [u.number for u in found.unexplained] == ["160", "3"]
    assert analyse("推进5G网络和A1类项目建设，2024年12月31日前完成。").unexplained == ()


def test_pdf_spaces_and_split_units():
    assert quads("压缩至 1 个工作日以内，网办率达到 90 %。") == [(1, "工作日", "<=", None), (90, "%", ">=", None)]
    assert quads("压缩至1个工\n作日") == [(1, "工作日", "<=", None)]


def test_list_subject_is_shared():
    got = extract_targets("一般登记事项和变更登记分别压缩至3个工作日、1个工作日。")
    assert [t.subject for t in got] == ["一般登记事项和变更登记"] * 2


def test_unit_written_once_at_the_end_of_a_list():
    assert quads("用水、用气、用电报装分别压缩至3个、4个、5个工作日以内。") == [
        (3, "工作日", "<=", None), (4, "工作日", "<=", None), (5, "工作日", "<=", None)]
    assert [(t.value, t.unit) for t in extract_targets("建成30个、40个应用场景。")] == [(30, "个"), (40, "个")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a counted thing by the ten thousand or hundred million is a unit as written
        ("全年网上缴税业务突破80万笔。", [(80, "万笔", ">=", None)]),
        ("累计上门服务群众5万户次以上。", [(5, "万户次", ">=", None)]),
        ("“云上政务”平台访问量达到3亿次。", [(3, "亿次", ">=", None)]),
        ("跨境电商申报清单达到1.2亿票。", [(1.2, "亿票", ">=", None)]),
        ("年寄递快件不少于600万单。", [(600, "万单", ">=", None)]),
        ("港口集装箱吞吐量达到15万标箱。", [(15, "万标箱", ">=", None)]),
        ("新能源装机容量达到120万千瓦。", [(120, "万千瓦", ">=", None)]),
        ("政务服务“好差评”评价数超过40万件次。", [(40, "万件次", ">=", None)]),
        ("全年新增授信2千万元以上。", [(2, "千万元", ">=", None)]),
        ("开展上门走访企业800户次。", [(800, "户次", ">=", None)]),
    ],
)
def test_magnitudes_of_counted_units(text, expected):
    assert quads(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "对年用电量500万千瓦时以上的企业开展节能诊断。",  # an amount with 以上的: which firms
        "对总投资1亿元以上重点项目实行专员服务。",
        "对签约额超过2亿元的项目落实要素保障。",
    ],
)
def test_magnitude_amounts_as_scopes_are_not_targets(text):
    assert extract_targets(text) == []


def test_a_figure_split_from_its_unit_by_a_line_break():
    assert quads("网上申办量突破30万\n户次。") == [(30, "万户次", ">=", None)]
    assert quads("年交易量达到2\n亿笔，平均办结时间压缩至1.\n5个工\n作日。") == [
        (2, "亿笔", ">=", None), (1.5, "工作日", "<=", None)]
    assert quads("访问量超过 6 万\r\n次") == [(6, "万次", ">=", None)]


# Every comparator that names the level reached gives the figure after 由/从 as the baseline.
_DOWN = ("降至", "降到", "降为", "降低至", "降低到", "降低为", "下降至", "下降到", "减少至", "减少到", "减至",
         "减为", "缩短至", "缩短为", "缩减至", "压减至", "压减为", "压降至", "压缩为", "精简至", "缩小至")
_UP = ("提高至", "提高到", "提高为", "提升至", "提升到", "提升为", "增加至", "增加到", "增长至", "增长到",
       "增至", "扩大至", "扩大到", "拓展至", "上升至", "上升到")


@pytest.mark.parametrize("verb", _DOWN)
def test_baseline_before_every_downward_level(verb):
    assert quads(f"项目审批平均用时由18个工作日{verb}9个工作日。") == [(9, "工作日", "<=", 18)]
    assert quads(f"群众办事跑腿次数从2.5次{verb}1次以内。") == [(1, "次", "<=", 2.5)]


@pytest.mark.parametrize("verb", _UP)
def test_baseline_before_every_upward_level(verb):
    assert quads(f"电子证照应用率由62%{verb}80%以上。") == [(80, "%", ">=", 62)]
    assert quads(f"“一件事”主题服务从原来的12项{verb}30项。") == [(30, "项", ">=", 12)]


def test_baseline_with_an_adverb_and_without_a_unit_of_its_own():
    assert quads("抵押登记时间由3个工作日进一步压缩至1个工作日。") == [(1, "工作日", "<=", 3)]
    assert quads("窗口数量由40逐步精简到25个。") == [(25, "个", "<=", 40)]
    # a figure after 由 that no level comparator follows is not a baseline
    assert quads("由8个部门联合审查，审查时限10个工作日。")[-1] == (10, "工作日", "<=", None)
    assert quads("由15个工作日的法定时限，压缩至5个工作日。")[-1] == (5, "工作日", "<=", None)


# -- a list of Chinese numerals before one unit; limits in months; measured things after 的; scopes ----
@pytest.mark.parametrize(
    "text, expected",
    [
        # the first numeral of a list shares the unit written once at the list's end (not only after 分别)
        ("股权变更、注销登记办理时间分别不超过四个、七个工作日。", [(4, "工作日", "<="), (7, "工作日", "<=")]),
        ("一般项目、重大项目审查时限为十个、二十个工作日以内。", [(10, "工作日", "<="), (20, "工作日", "<=")]),
        ("初审、复核分别压缩到两个、三个小时。", [(2, "小时", "<="), (3, "小时", "<=")]),
        # …but a numeral with a counter of its own stays a slogan or a name
        ("推行“两个清单”“三个一”服务，审批压缩至五个工作日。", [(5, "工作日", "<=")]),
        # a time limit in months: 在…内 or …内 + what is done within it
        ("劳动争议仲裁案件在两个月内结案。", [(2, "月", "<=")]),
        ("信访事项原则上在2个月内答复。", [(2, "月", "<=")]),
        ("破产案件12个月内审结。", [(12, "月", "<=")]),
        # a comparator + figure + 的 + the measured thing itself: a target
        ("面向中小企业预留不少于35%的采购份额。", [(35, "%", ">=")]),
        ("统筹安排不低于2000万元的资金支持技术改造。", [(2000, "万元", ">=")]),
        ("小微企业贷款占比保持不低于30%的比重。", [(30, "%", ">=")]),
        # a bare amount of work stays a target, also after 面向/围绕 when a verb says what is done
        ("全年走访服务企业800家。", [(800, "家", ">=")]),
        ("面向中小企业举办产销对接活动100场。", [(100, "场", ">=")]),
        ("围绕重点产业链举办专场招聘会50场次。", [(50, "场次", ">=")]),
    ],
)
def test_lists_limits_in_months_and_measured_things(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "对成立6个月以内的企业免于现场检查。",  # a time frame (…以内的), not a limit
        "力争3个月内见效。",  # a time frame without what is done in it
        "一审案件6个月内审结率稳步提升。",  # the name of a rate
        "对合同金额超过500万元的施工项目实行分段支付。",  # comparator + amount + 的 + what counts: a scope
        "对估算价不低于300万元的工程项目实行全流程电子化。",
        "围绕出生、入学、就业等12个“一件事”推进集成办理。",  # a count that says what the work is about
        "聚焦8个重点产业链开展精准服务。",
        "在全市26个园区推行“标准地”出让。",  # a count that says where
        "在全旗9个苏木镇实现帮办代办全覆盖。",
    ],
)
def test_more_scopes_are_not_targets(text):
    assert extract_targets(text) == []


# -- one unit vocabulary: the figures of a 工作完成情况 are read with the extractor's units ---------------
def test_completion_figures_read_units_as_the_extractor_writes_them():
    from datetime import date

    from ledger.completion_figures import propose_figures
    from ledger.model import Indicator

    def indicator(name, text, iid="K1"):
        (target,) = extract_targets(text)  # the indicator as onboarding proposes it from the ledger
        return Indicator(iid, name, "1.1", target.value, target.unit, ">=", date(2025, 12, 31))

    days = indicator("劳动争议仲裁结案时限", "劳动争议仲裁案件45日以内结案。")
    assert days.unit == "天"
    got = propose_figures("截至9月30日，劳动争议仲裁案件平均结案时限为38日。", [days])
    assert (got["K1"].value, got["K1"].unit) == (38, "天")  # 38日 is days; 30日 of the date is not
    scenes = indicator("数字化应用场景", "新增数字化应用场景100个以上。")
    assert propose_figures("已上线数字化应用场景112个。", [scenes])["K1"].value == 112
    visits = indicator("职业技能培训人次", "开展职业技能培训1.5万人次。")
    assert propose_figures("全年开展职业技能培训1.8万人次。", [visits])["K1"].unit == "万人次"
    points = indicator("综合融资成本降幅", "企业综合融资成本降低0.3个百分点。")
    assert points.unit == "个百分点"
    assert propose_figures("企业综合融资成本降幅为0.4个百分点。", [points])["K1"].value == 0.4


# -- Chinese numerals with a hundreds place; a baseline with its year --------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("全年组织招聘活动一百场次。", [(100, "场次", ">=", None)]),
        ("举办各类招聘会二百五十场次以上。", [(250, "场次", ">=", None)]),
        ("开展政策宣讲一百二十场，走访企业三千家。", [(120, "场", ">=", None), (3000, "家", ">=", None)]),
        ("涉企现场检查总量由2023年的1.2万次降至1万次以内。", [(1, "万次", "<=", 1.2)]),
        ("平均办理时间从2024年底的8个工作日压缩至5个工作日。", [(5, "工作日", "<=", 8)]),
    ],
)
def test_hundreds_in_chinese_and_a_year_before_the_baseline(text, expected):
    assert [(t.value, t.unit, t.op, t.baseline) for t in extract_targets(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "开展“百场万人”招聘活动，实施千企万户帮扶。",  # 百 and 千 without a digit: names
        "推行一件事、四张清单、两步申报和三零服务。",  # slogans keep no unit a small numeral may carry
        "落实十项措施，争创百强县。",
    ],
)
def test_small_or_bare_chinese_numerals_stay_names(text):
    assert extract_targets(text) == []


@pytest.mark.parametrize(
    "text, targets",
    [
        ("将审批流程划分为立项、许可、验收3个阶段。", []),
        ("把涉企检查事项分成5个批次，全年办结100件以上。", [(100, "件", ">=")]),
        ("将企业区分为4个信用等级，实施分级分类监管。", []),
        # a comparator makes the count a target, whatever the verb before it
        ("审批阶段划分为不超过4个阶段。", [(4, "个", "<=")]),
        ("开展分类指导服务，覆盖企业达到200家。", [(200, "家", ">=")]),
    ],
)
def test_a_count_of_parts_something_is_divided_into_is_no_target(text, targets):
    assert [(t.value, t.unit, t.op) for t in extract_targets(text)] == targets
