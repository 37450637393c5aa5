"""Line and paragraph breaks inside figures, units and notes, in every text form.

One prose 方案 (定西市, written for this test) has a task with two notes and task text between them, a
task whose two unbracketed notes have a sentence with a target between them, a task with three notes,
and figures such as 3万件次 and 由3个工作日缩短为1个工作日. It is read as pdftotext gives a PDF (fixed-width
lines wrapped by the rules of Chinese typesetting, so a line may start with 配合单位： inside an open
bracket, or split 3万 | 件次), typed a paragraph per line with a note broken by a line break, as Word
paragraphs with a note cut over two paragraphs, and as a PDF printed by LibreOffice; a ledger table
with the same kind of figures (80万 | 笔, 压降至2 | 个工作日, 3.5万 | page break | 标箱) is read as table
text, CSV, a 台账 workbook, Word and PDF. Every form gives the same tasks.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import docx

from ledger.read import read_ledger
from tests.test_read_word_pdf import to_pdf

DINGXI = ["安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"]
PARAGRAPHS = [
    "定西市2024年营商环境行动方案",
    "为进一步优化营商环境，激发市场主体活力，结合我市实际，制定本方案。",
    "一、提升政务服务效能",
    "（一）深化审批制度改革",
    "1.压减涉企审批时限。涉企经营许可事项审批时限由20个工作日减至8个工作日，全程网办率达到90%以上。"
    "（牵头单位：市行政审批服务局；配合单位：市市场监管局、市司法局）公共资源交易全流程电子化率达到100%。"
    "（牵头单位：市公共资源交易中心）",
    "2.推行帮办代办。全年提供帮办代办服务突破3万件次，企业群众满意率提升至98%以上。（牵头单位："
    "市政务服务中心；配合单位：市大数据中心，各县区人民政府）",
    "二、优化要素保障",
    "（一）加大金融支持",
    "1.扩大首贷投放。不动产抵押登记由3个工作日缩短为1个工作日，全年新增首贷户不少于2000户。牵头单位："
    "人行定西市分行；配合单位：市金融办。政府性融资担保费率降低到0.8%以下。牵头单位：市财政局。",
    "2.降低物流成本。社会物流总费用占地区生产总值比重降至13.5%。（责任单位：市交通运输局、市发展改革委）"
    "年内新增冷链仓储能力5万吨。（责任单位：市商务局）快递进村覆盖率达到95%。（责任单位：市邮政管理局）",
    "三、保障措施",
    "（一）强化督导。每月通报1次进展，研究解决重大问题。",
]
#: (id, group, departments, support, counties?, targets (value, unit, op, baseline), text ends with)
EXPECTED = [
    ("1.1", "深化审批制度改革", ["市行政审批服务局", "市市场监管局", "市司法局", "市公共资源交易中心"],
     ["市市场监管局", "市司法局"], False,
     [(8, "工作日", "<=", 20), (90, "%", ">=", None), (100, "%", ">=", None)], "电子化率达到100%。"),
    ("1.2", "深化审批制度改革", ["市政务服务中心", "市大数据中心"], ["市大数据中心"], True,
     [(3, "万件次", ">=", None), (98, "%", ">=", None)], "满意率提升至98%以上。"),
    ("2.1", "加大金融支持", ["人行定西市分行", "市金融办", "市财政局"], ["市金融办"], False,
     [(1, "工作日", "<=", 3), (2000, "户", ">=", None), (0.8, "%", "<=", None)], "担保费率降低到0.8%以下。"),
    ("2.2", "加大金融支持", ["市交通运输局", "市发展改革委", "市商务局", "市邮政管理局"], [], False,
     [(13.5, "%", "<=", None), (5, "万吨", ">=", None), (95, "%", ">=", None)], "覆盖率达到95%。"),
]
_NO_LINE_START = "，。：；）、！？%”"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(paragraph: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns as a PDF lays them out: a figure is not broken, and no line
    starts with a closing mark (，。：）% …), which stays at the end of the line before."""
    lines, line = [], ""
    for token in re.findall(r"[0-9A-Za-z.]+|.", paragraph):
        if line and _width(line + token) > width and token[0] not in _NO_LINE_START:
            lines.append(line)
            line = ""
        line += token
    return [*lines, line]


def pdf_text(width: int) -> str:
    """The 方案 as pdftotext gives it: fixed-width lines, a page footer and a form feed after line 14."""
    lines = [line for p in PARAGRAPHS for line in wrap(p, width)]
    return "\n".join([*lines[:14], "", "— 1 —", "\f", *lines[14:]]) + "\n"


def check(ledger) -> None:
    assert ledger.title == PARAGRAPHS[0] and (ledger.city, ledger.plan_year) == ("定西市", 2024)
    assert [c.name for c in ledger.categories] == ["提升政务服务效能", "优化要素保障"]
    assert [t.id for t in ledger.tasks] == [e[0] for e in EXPECTED]
    for task, (tid, group, departments, support, counties, targets, ending) in zip(
            ledger.tasks, EXPECTED, strict=True):
        assert task.group == group, tid
        assert list(task.departments) == departments and task.lead == departments[0], tid
        assert list(task.support) == support, tid
        assert list(task.county_list) == (DINGXI if counties else []), tid
        assert [(g.value, g.unit, g.op, g.baseline) for g in task.targets] == targets, tid
        assert task.text.endswith(ending), (tid, task.text)
        assert not re.search(r"单位|[（）]", task.text), (tid, task.text)  # no note left in the text
    assert not [w for w in ledger.warnings if w.code in ("warn_unknown_number", "warn_departments_uncertain")]


def test_pdf_text_with_a_note_label_and_a_figure_at_a_line_start():
    text = pdf_text(41)
    lines = text.split("\n")
    # what this width does: a line starts with 配合单位： inside the note's open bracket, with task
    # text after the note on the same line; 3 | 万件次 are split
    assert any(s.startswith("配合单位：市市场监管局") and s.endswith("公共资") for s in lines)
    assert any(s.endswith("突破3") for s in lines) and any(s.startswith("万件次") for s in lines)
    check(read_ledger(text.encode(), counties=DINGXI))


def test_pdf_text_with_unbracketed_notes_and_a_unit_at_a_line_start():
    text = pdf_text(43)
    lines = text.split("\n")
    # an unbracketed note starts a line in the middle of its paragraph and is followed by task text;
    # a bracketed note's label starts a line after its bracket; 3万 | 件次 are split
    assert any(s.startswith("牵头单位：人行定西市分行") for s in lines)
    assert any(s.startswith("责任单位：市商务局）") for s in lines) and any(s.endswith("。（") for s in lines)
    assert any(s.endswith("突破3万") for s in lines) and any(s.startswith("件次") for s in lines)
    check(read_ledger(text.encode(), counties=DINGXI))


def test_typed_text_with_notes_broken_by_a_line_break():
    paragraphs = list(PARAGRAPHS)
    paragraphs[4] = paragraphs[4].replace("；配合单位：", "；\n配合单位：")
    paragraphs[5] = paragraphs[5].replace("（牵头单位：", "（\n牵头单位：")
    paragraphs[9] = paragraphs[9].replace("（责任单位：市商务局）", "（责任单位：\n市商务局）")
    check(read_ledger("\n".join(paragraphs).encode(), counties=DINGXI))


def prose_docx(path: Path, *, cut_notes: bool) -> Path:
    """The 方案 as Word paragraphs; with ``cut_notes`` two notes are cut over two paragraphs each."""
    d = docx.Document()
    for text in PARAGRAPHS:
        parts = [text]
        if cut_notes and "配合单位：市市场监管局" in text:
            parts = text.split("；配合单位：")
            parts[1] = "配合单位：" + parts[1]
        if cut_notes and "（牵头单位：\n" not in text and "帮办代办" in text:
            parts = text.split("（牵头单位：")
            parts[0] += "（牵头单位："
        for part in parts:
            d.add_paragraph(part)
    d.save(path)
    return path


def test_word_paragraphs_with_notes_cut_over_two_paragraphs(tmp_path):
    path = prose_docx(tmp_path / "定西.docx", cut_notes=True)
    assert len(docx.Document(path).paragraphs) == len(PARAGRAPHS) + 2
    check(read_ledger(path, counties=DINGXI))


def test_pdf_printed_by_libreoffice(tmp_path):
    check(read_ledger(to_pdf(prose_docx(tmp_path / "定西.docx", cut_notes=False), tmp_path), counties=DINGXI))


# -- a ledger table whose cells break figures from their units --------------------------------------
LONGNAN = ["武都区", "成县", "文县", "宕昌县", "康县", "西和县", "礼县", "徽县", "两当县"]
#: (category, text cell as lines, departments cell as lines)
ROWS = [
    ("一、提升政务服务水平", ["（一）推进税费服务便利化。全年网上办理缴税业务突破80万", "笔，退税平均办理时间由5个工作日压降至2",
                      "个工作日。"], ["市税务局、市财政局"]),
    ("一、提升政务服务水平", ["（二）提升“12345”热线效能。热线诉求办结率达到96%以上，回访", "服务超过12万户",
                      "次。"], ["市政务服务中心，各", "县区人民政府"]),
    ("二、优化要素保障", ["（一）提升物流通达能力。铁路集装箱发送量增长至3.5万", "标箱，快递业务量达到1.2亿件。"],
     ["市交通运输局、市邮", "政管理局、市商务局"]),
]
TABLE_EXPECTED = [
    ("1.1", "推进税费服务便利化", ["市税务局", "市财政局"], [], [(80, "万笔", ">=", None), (2, "工作日", "<=", 5)]),
    ("1.2", "提升“12345”热线效能", ["市政务服务中心"], LONGNAN, [(96, "%", ">=", None), (12, "万户次", ">=", None)]),
    ("2.1", "提升物流通达能力", ["市交通运输局", "市邮政管理局", "市商务局"], [],
     [(3.5, "万标箱", ">=", None), (1.2, "亿件", ">=", None)]),
]
TABLE_TEXT = """陇南市2024年优化营商环境重点任务台账
主要
指标

目标任务 责任部门 工作完成情况

一、提升政务服
务水平

{0}

{1}

{2}

{3}

二、优化要素保

障

{4}
— 1 —
\f
目标任务 责任部门 工作完成情况
{5}

{6}
"""


def check_table(ledger) -> None:
    assert ledger.title == "陇南市2024年优化营商环境重点任务台账"
    assert [c.name for c in ledger.categories] == ["提升政务服务水平", "优化要素保障"]
    got = [(t.id, t.title, list(t.departments), list(t.county_list),
            [(g.value, g.unit, g.op, g.baseline) for g in t.targets]) for t in ledger.tasks]
    assert got == [(tid, title, deps, counties, targets) for tid, title, deps, counties, targets in TABLE_EXPECTED]
    assert not [w for w in ledger.warnings if w.code == "warn_unknown_number"]


def test_table_text_with_units_cut_by_a_line_and_a_page_break():
    (_, t1, d1), (_, t2, d2), (_, t3, d3) = ROWS
    text = TABLE_TEXT.format("\n".join(t1), "\n".join(d1), "\n".join(t2), "\n".join(d2), t3[0], t3[1],
                             "\n".join(d3))
    assert "3.5万\n— 1 —\n\f\n目标任务 责任部门 工作完成情况\n标箱" in text  # the unit across the page break
    check_table(read_ledger(text.encode(), counties=LONGNAN))


def test_csv_cells_with_line_breaks_inside_figures():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["陇南市2024年优化营商环境重点任务台账", "", ""], ["主要指标", "目标任务", "责任部门"]])
    writer.writerows([cat, "\n".join(text), "".join(dept)] for cat, text, dept in ROWS)
    check_table(read_ledger(buffer.getvalue().encode("utf-8"), counties=LONGNAN))


def test_ledger_workbook_cells_with_line_breaks_inside_figures(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["陇南市2024年优化营商环境重点任务台账"])
    ws.append(["主要指标", "目标任务", "责任部门", "工作完成情况"])
    for cat, text, dept in ROWS:
        ws.append([cat, "\n".join(text), "\n".join(dept), None])
    wb.save(tmp_path / "陇南.xlsx")
    check_table(read_ledger(tmp_path / "陇南.xlsx", counties=LONGNAN))


def table_docx(path: Path) -> Path:
    """The table in Word: the text cell's lines as paragraphs of the cell (a figure and its unit in two)."""
    d = docx.Document()
    d.add_paragraph("陇南市2024年优化营商环境重点任务台账")
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["主要指标", "目标任务", "责任部门"], strict=True):
        cell.text = text
    for cat, text, dept in ROWS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = cat, text[0], "".join(dept)
        for line in text[1:]:
            cells[1].add_paragraph(line)
    d.save(path)
    return path


def test_word_and_pdf_table_cells_with_figures_over_two_paragraphs(tmp_path):
    path = table_docx(tmp_path / "陇南.docx")
    check_table(read_ledger(path, counties=LONGNAN))
    check_table(read_ledger(to_pdf(path, tmp_path), counties=LONGNAN))


def test_split_notes_keeps_the_text_between_notes():
    from ledger.read.prose import split_notes

    assert split_notes("推进甲。（牵头单位：市甲局；配合单位：市乙局）乙达到5%。（牵头单位：市丙局）") == (
        "推进甲。乙达到5%。", ["牵头单位：市甲局；配合单位：市乙局", "牵头单位：市丙局"])
    assert split_notes("推进甲。牵头单位：市甲局。乙达到5%。牵头单位：市丙局。市丁局、市戊局配合。") == (
        "推进甲。乙达到5%。", ["牵头单位：市甲局", "牵头单位：市丙局", "市丁局、市戊局配合"])


# -- a table-text row cut by a page break whose cells beside the text are already complete -------------
SHAOXING = ["越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县"]
#: A page break inside row 1.1 after its departments cell (complete) and its 完成时限 cell: the category
#: cell repeats at the page top (glued to the 完成时限 cell, odd spaces), then the text goes on (`3.5万` /
#: `户`). Inside row 2.1 the departments cell is cut after `，` and the figure `300` / `0件` is split: the
#: text and the rest of the cell follow the repeated heading (wrapped over a blank line).
SHAOXING_TEXT = """绍兴市2025年营商环境重点任务台账

主要
指标

目标任务 责任部门 完成时限 工作完成情况

一、强化要
素保障

（一）加大普惠金融支持。政府性融资担保平均费率降至0.8%以下，全年新增首贷户3.5万

市金融办、人行绍
兴市分行、财政局

2025年12
月底前
 一、强化要
素  保障

户。普惠小微贷款余额增长10%以上。

（二）保障项目用地。新出让工业用地“标准地”比例达到100%，盘活存量建设用地8000亩。

市自然资源规划局
、发改委

长期坚持

二、规范执
法监管

（一）推行包容审慎监管。涉企行政检查次数同比下降20%，全年办理轻微违法免罚案件300

市司法局、市场监
管局，
 二、规范执
法  监

管

0件以上。行政复议纠错率控制在5%以内。

各区、县（市）人民
政府

2025年9
月底前

（二）规范涉企收费。涉企违规收费问题整改率达到100%。

市发改委、市场监管
局
"""


def test_table_text_row_cut_by_a_page_break_after_complete_cells():
    ledger = read_ledger(SHAOXING_TEXT.encode(), counties=SHAOXING)
    got = [(t.id, list(t.departments), t.counties, t.completion,
            [(g.value, g.unit, g.op, g.baseline) for g in t.targets]) for t in ledger.tasks]
    assert got == [
        ("1.1", ["市金融办", "人行绍兴市分行", "市财政局"], False, "",
         [(0.8, "%", "<=", None), (3.5, "万户", ">=", None), (10, "%", ">=", None)]),
        ("1.2", ["市自然资源规划局", "市发改委"], False, "", [(100, "%", ">=", None), (8000, "亩", ">=", None)]),
        ("2.1", ["市司法局", "市市场监管局"], True, "",
         [(20, "%", ">=", None), (3000, "件", ">=", None), (5, "%", "<=", None)]),
        ("2.2", ["市发改委", "市市场监管局"], False, "", [(100, "%", ">=", None)]),
    ]
    assert ledger.tasks[0].text.endswith("新增首贷户3.5万户。普惠小微贷款余额增长10%以上。")
    assert ledger.tasks[2].county_list == tuple(SHAOXING)
