"""One 自治州 ledger in four forms — table text with a filled 工作完成情况 column, prose as a PDF-to-text tool
gives it, Word paragraphs and a Word table — reads the same in each: the readers only find the blocks, the
shared assembly decides departments, roles, counties and targets.

The ledger carries what a second set of unseen ledgers taught the reader (with new wordings): the 州 prefix
written once; a note ``责任单位：A牵头，B、C、D配合`` (the label marks no role, the 配合 marks the run); a
zone's 管委会; a group of a level (州级各预算单位); a count of counties (五县（市）人民政府); Chinese
numerals listed before one unit; a limit in months (在两个月内结案); a share to reach after 的
(不低于45%的份额) next to a scope (超过400万元的工程项目); a count that names where (在全州5个县市); and
in table text a completion cell after a departments cell that ends with 配合.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
import pytest

from ledger.read import read_ledger

DEHONG = ["芒市", "瑞丽市", "梁河县", "盈江县", "陇川县"]
TITLE = "德宏州2025年优化营商环境重点任务清单"
CATEGORIES = ["提升政务服务效能", "强化要素保障"]
#: (category number, task text, 责任单位 as a table cell writes it, the same as a prose note, completion)
TASKS = [
    (1, "推进企业变更注销便利化。企业变更、注销登记办理时间分别不超过两个、四个工作日，全面推行“一网通办”。",
     "州市场监管局牵头，州公安局、税务局、人力资源社会保障局配合",
     "责任单位：州市场监管局牵头，州公安局、税务局、人力资源社会保障局配合", "累计办理变更登记1260件"),
    (1, "加快化解涉企劳动争议。劳动人事争议仲裁案件在两个月内结案，调解成功率达到60%以上。",
     "州人力资源社会保障局、司法局，畹町经济开发区管委会，各县（市）人民政府",
     "责任单位：州人力资源社会保障局、司法局，畹町经济开发区管委会，各县（市）人民政府", ""),
    (2, "强化政府采购支持。对预算金额超过400万元的工程项目预留不低于45%的份额面向中小企业。",
     "州财政局牵头，州级各预算单位配合", "牵头单位：州财政局；配合单位：州级各预算单位",
     "已预留份额4.2亿元。"),
    (2, "推进涉企服务全覆盖。在全州5个县市设立企业服务驿站，企业诉求按期办结率达到95%。",
     "州工业和信息化局、发展改革委，五县（市）人民政府", "责任单位：州工业和信息化局、发展改革委，五县（市）人民政府", ""),
]
EXPECTED = [
    (["州市场监管局", "州公安局", "州税务局", "州人力资源社会保障局"], ["州公安局", "州税务局", "州人力资源社会保障局"], [],
     [(2, "工作日", "<="), (4, "工作日", "<=")]),
    (["州人力资源社会保障局", "州司法局", "畹町经济开发区管委会"], [], DEHONG, [(2, "月", "<="), (60, "%", ">=")]),
    (["州财政局"], [], [], [(45, "%", ">=")]),
    (["州工业和信息化局", "州发展改革委"], [], DEHONG, [(95, "%", ">=")]),
]
CN = "一二三四"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, cut anywhere (as a fixed-width column does)."""
    lines, line = [], ""
    for ch in text:
        if line and _width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def table_text() -> str:
    """The seed's layout: heading, task text (92 columns), departments and completion cells (18 columns)."""
    out = [TITLE, "主要", "指标", "", "目标任务 责任部门 工作完成情况", ""]
    seen = set()
    numbers = {1: 0, 2: 0}
    for cat, text, cell, _, completion in TASKS:
        if cat not in seen:
            seen.add(cat)
            out += [*wrap(f"{CN[cat - 1]}、{CATEGORIES[cat - 1]}", 10), ""]
        numbers[cat] += 1
        out += [*wrap(f"（{CN[numbers[cat] - 1]}）{text}", 92), ""]
        out += [*wrap(cell, 18), ""]
        if completion:
            out += [*wrap(completion, 18), ""]
    return "\n".join(out)


def paragraphs() -> list[str]:
    """The 方案 as paragraphs: title, headings, one paragraph per task with its bracketed note."""
    out = [TITLE.replace("清单", "行动方案")]
    seen = set()
    numbers = {1: 0, 2: 0}
    for cat, text, _, note, _ in TASKS:
        if cat not in seen:
            seen.add(cat)
            out.append(f"{CN[cat - 1]}、{CATEGORIES[cat - 1]}")
        numbers[cat] += 1
        out.append(f"（{CN[numbers[cat] - 1]}）{text}（{note}）")
    return out


def prose_text() -> str:
    """The paragraphs as pdftotext prints them: 28 characters a line, a footer and a form feed after the
    first heading, LibreOffice's spaces between Chinese and figures."""
    lines = []
    for p in paragraphs():
        lines += wrap(re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=[\d%])(?=[\u4e00-\u9fff])", " ", p), 56)
        if p.startswith("一、"):
            lines += ["", "— 1 —", "\f"]
    return "\n".join(lines) + "\n"


def word_prose(path: Path) -> Path:
    d = docx.Document()
    for p in paragraphs():
        d.add_paragraph(p)
    d.save(path)
    return path


def word_table(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph(TITLE)
    table = d.add_table(rows=1 + len(TASKS), cols=4)
    for cell, header in zip(table.rows[0].cells, ("类别", "目标任务", "责任单位", "工作完成情况"), strict=True):
        cell.text = header
    numbers = {1: 0, 2: 0}
    for row, (cat, text, cell, _, completion) in zip(table.rows[1:], TASKS, strict=True):
        numbers[cat] += 1
        row.cells[0].text = f"{CN[cat - 1]}、{CATEGORIES[cat - 1]}"
        row.cells[1].text = f"（{CN[numbers[cat] - 1]}）{text}"
        row.cells[2].text = cell
        row.cells[3].text = completion
    d.save(path)
    return path


def check(ledger, *, completions: bool) -> None:
    assert [c.name for c in ledger.categories] == CATEGORIES
    assert [t.id for t in ledger.tasks] == ["1.1", "1.2", "2.1", "2.2"]
    for task, (departments, support, counties, targets), spec in zip(ledger.tasks, EXPECTED, TASKS, strict=True):
        assert list(task.departments) == departments, task.id
        assert list(task.support) == support, task.id
        assert list(task.county_list) == counties and task.counties == bool(counties), task.id
        assert [(t.value, t.unit, t.op) for t in task.targets] == targets, task.id
        if completions:
            assert task.completion == spec[4], task.id


def test_table_text():
    check(read_ledger(table_text().encode(), counties=DEHONG, city="德宏傣族景颇族自治州"), completions=True)


def test_prose_text():
    check(read_ledger(prose_text().encode(), counties=DEHONG, city="德宏傣族景颇族自治州"), completions=False)


@pytest.mark.parametrize("make", [word_prose, word_table], ids=["prose", "table"])
def test_word(tmp_path, make):
    path = make(tmp_path / "德宏.docx")
    check(read_ledger(path, counties=DEHONG, city="德宏傣族景颇族自治州"), completions=make is word_table)
