"""Ledgers given as text: the table-text layout with its real-world variations, and prose 方案."""

from __future__ import annotations

import pytest

from ledger.read import read_ledger

WUHAI = ["海勃湾区", "乌达区", "海南区"]

# Every variation of issue 9 item 1 in one ledger: 附件 line, document number and a two-line title
# above the header; a heading on one wide line; a filled completion cell whose figures are results; a
# heading repeat glued to that cell; a page break (footer, form feed) inside a task's text with a
# repeated heading in the middle of it; text without a closing 。 before the departments cell; a
# heading wrapped over a blank line; a departments cell cut by a page break; a header row repeated.
TABLE_TEXT = """附件2
乌政办发〔2024〕15号

乌海市2024年优化营商环境
重点任务分工台账
主要
指标

目标任务 责任部门 工作完成情况

一、持续优化政务服务环境提升办事便利度
（一）深化企业开办改革。全面推行企业开办“一网通办”，企业开办时间由1个工作日压缩至0.5个工作
日，全程网办率达到90%以上。

市审批局、市场监管
局、税务局，各区人
民政府

已将企业开办时间压缩
至0.6个工作日，网办率
85%。
 一、持续优化政务服
务环境提升办事便利度
（二）推进“一件事一次办”。年底前实现高频“一件事”集成办理30项以上，平均办理时限压缩50%以

— 2 —
\f
 一、持续优化政务服
务环境提升办事便利度

上，对300万元以下的项目实行简易审批

市政务服务中心牵头，
市直各有关部门配合

二、强化要素

保障

（一）提升获得电力水平。低压小微企业接电时间压缩至五个工作日，提供7×24小时抢修服务。

国网乌海供电公司、
市发改委、海南区人
民政府

（二）加大融资支持。普惠小微贷款余额增长15%以上，企业综合融资成本降低0.5个百分点。

人行乌海市中心支行、国家金融监督管理总局乌海监管分局、市金融局、市场监
\f
目标任务 责任部门 工作完成情况
管局

"""


def test_table_text_variations():
    ledger = read_ledger(TABLE_TEXT.encode(), counties=WUHAI)
    assert ledger.title == "乌海市2024年优化营商环境重点任务分工台账"
    assert (ledger.city, ledger.plan_year) == ("乌海市", 2024)
    assert [c.name for c in ledger.categories] == ["持续优化政务服务环境提升办事便利度", "强化要素保障"]
    assert [t.id for t in ledger.tasks] == ["1.1", "1.2", "2.1", "2.2"]
    t11, t12, t21, t22 = ledger.tasks
    assert t11.title == "深化企业开办改革"
    assert list(t11.departments) == ["市审批局", "市市场监管局", "市税务局"]
    assert list(t11.county_list) == WUHAI
    assert [(g.value, g.unit, g.op, g.baseline) for g in t11.targets] == [(0.5, "工作日", "<=", 1),
                                                                          (90, "%", ">=", None)]
    assert t11.completion == "已将企业开办时间压缩至0.6个工作日，网办率85%。"  # results, not targets
    assert "一、" not in t11.completion
    # the page break: footer, form feed and the repeated heading are not task text
    assert t12.text.endswith("平均办理时限压缩50%以上，对300万元以下的项目实行简易审批")
    assert [(g.value, g.unit, g.op) for g in t12.targets] == [(30, "项", ">="), (50, "%", ">=")]
    assert list(t12.departments) == ["市政务服务中心"] and t12.lead == "市政务服务中心"
    assert not t12.counties
    assert [(g.value, g.unit, g.op) for g in t21.targets] == [(5, "工作日", "<=")]  # not 7×24小时
    assert list(t21.departments) == ["国网乌海供电公司", "市发改委"]
    assert list(t21.county_list) == ["海南区"]
    assert list(t22.departments) == ["人行乌海市中心支行", "国家金融监督管理总局乌海监管分局", "市金融局",
                                     "市市场监管局"]
    assert [(g.value, g.unit, g.op) for g in t22.targets] == [(15, "%", ">="), (0.5, "个百分点", ">=")]


def test_table_text_gbk_and_bom():
    for data in (TABLE_TEXT.encode("gb18030"), b"\xef\xbb\xbf" + TABLE_TEXT.encode()):
        assert [t.id for t in read_ledger(data).tasks] == ["1.1", "1.2", "2.1", "2.2"]


def test_straight_through_numbering_and_arabic_tasks():
    text = """固原市2024年营商环境任务清单

一、政务服务
1. 推进企业开办。企业开办压缩至1个工作日。

市审批局

2. 推进工程审批。审批时间压缩至40个工作日。

市住建局

二、要素保障
3. 保障用电。接电时间压缩至5个工作日。

国网固原供电公司
"""
    ledger = read_ledger(text.encode())
    assert [t.id for t in ledger.tasks] == ["1.1", "1.2", "2.1"]
    assert [t.title for t in ledger.tasks] == ["推进企业开办", "推进工程审批", "保障用电"]


PROSE_THREE_LEVELS = """中卫市2025年优化营商环境行动方案

为持续优化营商环境，激发市场主体活力，结合我市实际，制定本方案。
一、总体目标
到2025年底，全市政务服务事项网办率达到95%以上，营商环境满意度达到90%以上。
二、重点任务
（一）提升政务服务效能
1.深化企业开办便利化。推行企业开办“一网通办”，企业开办时间压缩至0.5个工作日。（责任单位：市审批局、市市场监管局，各县区人民政府）
2.推进“一件事一次办”。年底前上线“一件事”主题套餐30项以上。（牵头单位：市审批局；配合单位：市政务服务中心、市大数据局）
（二）优化要素保障
1.提升获得电力便利度。低压小微企业接电时间压缩至15个工作日以内。（国网中卫供电公司牵头，市发改委配合，各县区人民政府负责落实）
2.强化融资支持。普惠小微贷款增速不低于各项贷款增速（责任单位：人行中卫市中心支行），担保费率降至1%以下（责任单位：市财政局）。
三、保障措施
（一）加强组织领导。成立工作专班，每季度召开1次推进会。
（二）强化督查考核。将任务落实情况纳入年度考核。
"""


def test_prose_three_levels():
    ledger = read_ledger(PROSE_THREE_LEVELS.encode(), counties=["沙坡头区", "中宁县", "海原县"])
    assert ledger.title == "中卫市2025年优化营商环境行动方案"
    assert (ledger.city, ledger.plan_year) == ("中卫市", 2025)
    assert [t.id for t in ledger.tasks] == ["2.1", "2.2", "2.3", "2.4"]  # counted across the groups
    assert {t.category for t in ledger.tasks} == {"重点任务"}
    assert [t.group for t in ledger.tasks] == ["提升政务服务效能"] * 2 + ["优化要素保障"] * 2
    t1, t2, t3, t4 = ledger.tasks
    assert t1.title == "深化企业开办便利化"
    assert list(t1.departments) == ["市审批局", "市市场监管局"] and t1.counties
    assert "责任单位" not in t1.text and t1.text.endswith("压缩至0.5个工作日。")
    assert list(t2.departments) == ["市审批局", "市政务服务中心", "市大数据局"]
    assert list(t2.support) == ["市政务服务中心", "市大数据局"]
    assert list(t3.departments) == ["国网中卫供电公司", "市发改委"] and list(t3.support) == ["市发改委"]
    assert list(t3.county_list) == ["沙坡头区", "中宁县", "海原县"]
    assert list(t4.departments) == ["人行中卫市中心支行", "市财政局"]  # two notes in one paragraph
    assert [(g.value, g.unit, g.op) for g in t4.targets] == [(1, "%", "<=")]
    # the 总体目标 paragraph with figures and the 保障措施 section are not tasks
    assert all(95 not in [g.value for g in t.targets] for t in ledger.tasks)


# The same kind of 方案 as a PDF-to-text tool gives it: fixed-width lines, a page footer and a form
# feed inside a paragraph, a figure split over two lines, two levels of numbering.
PROSE_PDF_TEXT = """白银市2024年优化营商环境攻坚行动方案
一、提升政务服务水平
（一）压缩企业开办时间。全面推行企业开办“一窗通办”，将企业开办时间压缩
至1个工作日以内，电子营业执照应用率达到8
0%以上。（责任单位：市审批局、市市场监管局）
（二）推进政务服务“就近办”。推动高频政务服务事项向乡镇（街道）延伸，下
沉事项不少于100项，县区政务服务中心实现“一窗受理”。（牵头单位：市政务

— 3 —
\f
服务中心；配合单位：各县区人民政府）
二、优化要素保障
（一）提升用水用气便利度。用水、用气报装办理时间分别压缩至3、2个工作日
。（责任单位：市住建局、市水务局）
"""


def test_prose_from_pdf_text():
    ledger = read_ledger(PROSE_PDF_TEXT.encode(), counties=["白银区", "平川区", "靖远县"])
    assert ledger.title == "白银市2024年优化营商环境攻坚行动方案"
    assert [t.id for t in ledger.tasks] == ["1.1", "1.2", "2.1"]
    t1, t2, t3 = ledger.tasks
    assert [(g.value, g.unit, g.op) for g in t1.targets] == [(1, "工作日", "<="), (80, "%", ">=")]
    assert list(t2.departments) == ["市政务服务中心"] and list(t2.county_list) == ["白银区", "平川区", "靖远县"]
    assert list(t2.support) == []  # counties only were marked as supporting
    assert [(g.value, g.unit) for g in t2.targets] == [(100, "项")]
    assert [(g.value, g.unit, g.op) for g in t3.targets] == [(3, "工作日", "<="), (2, "工作日", "<=")]
    assert "—" not in t2.text


def test_warnings_say_what_to_review():
    text = TABLE_TEXT.replace("国网乌海供电公司、\n市发改委、海南区人\n民政府", "\n")
    ledger = read_ledger(text.encode(), counties=WUHAI)
    codes = [w.code for w in ledger.warnings]
    assert "warn_no_departments" in codes
    for w in ledger.warnings:
        assert w.message("zh") and w.message("en")
        assert w.to_json()["code"] == w.code
    heading = next(w for w in ledger.warnings if w.code == "warn_heading_guessed")
    assert heading.where == "第 11 行"


def test_table_saved_as_csv_or_pasted_from_a_spreadsheet():
    rows = [["吴忠市2024年营商环境任务台账", "", "", ""],
            ["主要指标", "目标任务", "责任部门", "工作完成情况"],
            ["一、提升政务服务水平", "（一）压缩企业开办时间。企业开办压缩至1个工作日。", "市审批局、市场监管局\n税务局", ""],
            ["", "（二）推行一件事。上线集成服务30项以上。", "市政务服务中心", "已上线32项"],
            ["二、优化要素保障", "（一）保障用电。接电压缩至5个工作日。", "国网吴忠供电公司，利通区政府", ""]]
    import csv
    import io

    for delimiter in (",", "\t"):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        ledger = read_ledger(buffer.getvalue().encode("utf-8-sig"), counties=["利通区", "青铜峡市"])
        assert ledger.title == "吴忠市2024年营商环境任务台账" and ledger.plan_year == 2024
        assert [(t.id, t.category, t.title) for t in ledger.tasks] == [
            ("1.1", "提升政务服务水平", "压缩企业开办时间"), ("1.2", "提升政务服务水平", "推行一件事"),
            ("2.1", "优化要素保障", "保障用电")]
        assert list(ledger.tasks[0].departments) == ["市审批局", "市市场监管局", "市税务局"]
        assert ledger.tasks[1].completion == "已上线32项" and [g.value for g in ledger.tasks[1].targets] == [30]
        assert list(ledger.tasks[2].county_list) == ["利通区"]


@pytest.mark.parametrize("title, city", [
    ("柳州市2024年优化营商环境重点任务分工台账", "柳州市"),
    ("杭州市优化营商环境行动方案", "杭州市"),
    ("2025年广州市营商环境改革任务清单", "广州市"),
    ("大理白族自治州2025年优化营商环境任务台账", "大理白族自治州"),
    ("恩施州营商环境重点任务", "恩施州"),
    ("宁夏回族自治区吴忠市2024年营商环境任务分工", "吴忠市"),
    ("阿拉善盟2024年优化营商环境工作要点", "阿拉善盟"),
    ("关于印发优化营商环境方案的通知", ""),
])
def test_city_from_title_takes_the_whole_name_of_a_zhou_city(title, city):
    """A city named …州市 is …州市, not …州 (the shortest match stopped at 州); an autonomous 州 stays."""
    from ledger.read.blocks import city_from_title

    assert city_from_title(title) == city


# Task headings on lines of their own (no sentence), the note in square-bracket labels on its own line
# before the text or at the end of the text, the text over two paragraphs.
PROSE_HEADINGS = """岳阳市2025年优化营商环境行动方案
一、提升政务服务
（一）优化企业开办服务
【牵头单位】市市场监管局（市知识产权局）【配合单位】市税务局、市公安局
企业开办时间压缩至0.5个工作日以内。
（二）推进工程建设项目审批改革
一般项目审批时间压缩至30个工作日以内。
全年新增“拿地即开工”项目20个以上。（责任单位：市住建局、市自然资源局）
二、强化要素保障
（一）提升用电报装效率
【牵头单位】国网岳阳供电公司、市发改委
用电报装时间不超过3个工作日。
（二）强化金融服务。普惠小微贷款增长10%以上
（责任单位：人行岳阳市分行）
"""


def test_prose_task_headings_on_their_own_lines_and_bracket_labels():
    ledger = read_ledger(PROSE_HEADINGS.encode(), counties=["岳阳楼区", "云溪区", "君山区"])
    got = [(t.id, t.title, list(t.departments), list(t.support), [(g.value, g.unit) for g in t.targets])
           for t in ledger.tasks]
    assert got == [
        ("1.1", "优化企业开办服务", ["市市场监管局", "市税务局", "市公安局"], ["市税务局", "市公安局"],
         [(0.5, "工作日")]),
        ("1.2", "推进工程建设项目审批改革", ["市住建局", "市自然资源局"], [], [(30, "工作日"), (20, "个")]),
        ("2.1", "提升用电报装效率", ["国网岳阳供电公司", "市发改委"], [], [(3, "工作日")]),
        # a numbered line with a sentence is no heading: the title stops at its 。 as before
        ("2.2", "强化金融服务", ["人行岳阳市分行"], [], [(10, "%")]),
    ]
    assert ledger.tasks[1].text.endswith("全年新增“拿地即开工”项目20个以上。")


def test_split_notes_keeps_a_bracket_inside_an_unbracketed_note():
    from ledger.read.prose import split_notes

    assert split_notes("推进甲。牵头单位：市发改委（市营商环境办）；配合单位：市财政局") == (
        "推进甲。", ["牵头单位：市发改委（市营商环境办）；配合单位：市财政局"])
    assert split_notes("【牵头单位】市甲局（市乙办）【配合单位】市丙局") == (
        "", ["【牵头单位】市甲局（市乙办）【配合单位】市丙局"])
    # a bracketed note before the label is still taken out of the text
    assert split_notes("推进甲（市丁局牵头）。牵头单位：市甲局") == ("推进甲。", ["市丁局牵头", "牵头单位：市甲局"])


# Four levels: 一、/（一）/1./（1）; the （1）（2） paragraphs are sub-items of the 1. task above them.
PROSE_FOUR_LEVELS = """襄阳市2025年营商环境改革方案
一、优化政务服务
（一）提升办事效率
1.推进企业开办便利化。
（1）企业开办时间压缩至0.5个工作日。
（2）新办企业首套印章免费刻制率达到100%。（牵头单位：市市场监管局；配合单位：市公安局）
2.深化不动产登记改革。一般登记压缩至3个工作日。（责任单位：市自然资源局）
（二）强化要素保障
1.加大信贷投放。
（1）普惠小微贷款增长15%以上。（责任单位：市金融办）
（2）担保费率降至1%以下。（责任单位：市财政局）
二、保障措施
（一）加强组织领导
（1）每季度召开1次推进会。
"""


def test_prose_four_levels_sub_items_belong_to_the_task_above():
    ledger = read_ledger(PROSE_FOUR_LEVELS.encode(), counties=["襄城区", "樊城区"])
    got = [(t.id, t.group, t.title, list(t.departments), [(g.value, g.unit) for g in t.targets])
           for t in ledger.tasks]
    assert got == [
        ("1.1", "提升办事效率", "推进企业开办便利化", ["市市场监管局", "市公安局"], [(0.5, "工作日"), (100, "%")]),
        ("1.2", "提升办事效率", "深化不动产登记改革", ["市自然资源局"], [(3, "工作日")]),
        # a sub-item's note does not end the task: both notes are the task's, in order
        ("1.3", "强化要素保障", "加大信贷投放", ["市金融办", "市财政局"], [(15, "%"), (1, "%")]),
    ]


# The departments cell before the text (序号 · 责任单位 · 工作任务), rows numbered straight through, the
# header row repeated inside a row cut by a page break (both cells go on after it) and before a category.
ZHANGZHOU = ["芗城区", "龙文区", "龙海区", "长泰区", "漳浦县", "云霄县"]
DEPARTMENTS_FIRST = """附件1

漳州市2024年营商环境提升
重点任务清单

序号 责任单位 工作任务

一、提升政务服务水平

1

市行政服务中心、市
场监管局，漳州台商
投资区管委会

推进企业开办便利化。企业开办时间压缩至0.5个工作日，电子营业执照应用率达到90%以上。

2

市住建局（牵头）、

深化工程建设项目审批改革。将审批流程划分为立项用地、工程建设、施工许可、竣工验收4个阶段，审批
序号 责任单位 工作任务

市自然资源局、市发
改委

时间压缩至30个工作日以内。
序号 责任单位 工作任务
二、优化要素保障

3

市金融办、人行漳州
市分行，漳州市龙海
区人民政府

加大融资支持。普惠小微贷款增长12%以上，担保费率降至1%以下。
"""


def test_table_text_with_the_departments_cell_before_the_text():
    ledger = read_ledger(DEPARTMENTS_FIRST.encode(), counties=ZHANGZHOU)
    assert ledger.title == "漳州市2024年营商环境提升重点任务清单"
    assert (ledger.city, ledger.plan_year) == ("漳州市", 2024)
    assert [c.name for c in ledger.categories] == ["提升政务服务水平", "优化要素保障"]
    got = [(t.id, t.title, list(t.departments), list(t.county_list),
            [(g.value, g.unit, g.op) for g in t.targets]) for t in ledger.tasks]
    assert got == [
        ("1.1", "推进企业开办便利化", ["市行政服务中心", "市市场监管局", "漳州台商投资区管委会"], [],
         [(0.5, "工作日", "<="), (90, "%", ">=")]),
        ("1.2", "深化工程建设项目审批改革", ["市住建局", "市自然资源局", "市发改委"], [],
         [(30, "工作日", "<=")]),
        ("2.1", "加大融资支持", ["市金融办", "人行漳州市分行"], ["龙海区"], [(12, "%", ">="), (1, "%", "<=")]),
    ]
    assert ledger.tasks[1].text.endswith("竣工验收4个阶段，审批时间压缩至30个工作日以内。")
    assert ledger.tasks[1].lead == "市住建局"


def test_city_from_a_title_whose_city_name_ends_in_zhou():
    from ledger.parse import city_from_title

    assert city_from_title("泉州市2025年持续优化营商环境重点任务清单") == "泉州市"
    assert city_from_title("2024年杭州市营商环境行动方案") == "杭州市"
    assert city_from_title("大理州2025年优化营商环境任务清单") == "大理州"
    assert city_from_title("楚雄彝族自治州2024年营商环境方案") == "楚雄彝族自治州"


def test_title_after_a_covering_notice_signature_and_date():
    from ledger.read.blocks import title_from_lines, title_from_paragraphs

    assert title_from_lines(["钦州市人民政府办公室", "2024年3月15日", "钦州市2024年优化营商环境行动方案"]) == (
        "钦州市2024年优化营商环境行动方案")
    assert title_from_paragraphs(["钦州市人民政府办公室文件", "钦政办〔2024〕3号", "各县、区人民政府：",
                                  "现将方案印发给你们，请认真贯彻执行。", "钦州市人民政府办公室", "2024年3月15日",
                                  "（此件公开发布）", "钦州市2024年优化营商环境", "行动方案", "一、提升政务服务"]) == (
        "钦州市2024年优化营商环境行动方案")
    # a date under the title, nothing after it: the title stays
    assert title_from_lines(["附件", "钦州市2024年营商环境任务清单", "2024年1月5日"]) == "钦州市2024年营商环境任务清单"
