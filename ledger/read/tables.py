"""A ledger table (from Word or a PDF) as rows of cell texts → blocks.

The header row is recognised by its content, in any order: 序号, a category column (主要指标, 类别,
领域 …), 重点任务 (the title), 目标任务 / 具体措施 / 工作任务 (the text), 责任单位 / 牵头单位 / 责任部门 and
配合单位, 完成时限, 工作完成情况; a second header row under a merged 责任单位 cell (牵头单位 | 配合单位) is
read too. Categories come from a category column (merged vertically: the same text repeated, or
empty under its first row) or from a row of their own (一、提升政务服务水平 across the table). Tasks
may be numbered per category or straight through the table; ids stay category . ordinal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Where
from .blocks import Block, Document, title_from_paragraphs, warning
from .numbering import CATEGORY_RE, cn_number, strip_numbering

NUMBER, CATEGORY, TITLE, TEXT, LEAD, SUPPORT, DEADLINE, COMPLETION, NOTE = (
    "number", "category", "title", "text", "lead", "support", "deadline", "completion", "note")
#: A 责任单位 column beside a 牵头单位 column: units that are neither lead nor support.
RESPONSIBLE = "responsible"
#: Header words of each column role, most specific first; a header cell is matched exactly, then by
#: containing one of them.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    NUMBER: ("序号", "编号", "序"),
    COMPLETION: ("工作完成情况", "完成情况", "进展情况", "工作进展", "推进情况", "落实情况"),
    SUPPORT: ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "协助单位"),
    LEAD: ("牵头单位", "牵头部门", "责任单位", "责任部门", "主责单位", "责任主体", "牵头责任单位",
           "责任领导及单位"),
    DEADLINE: ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "时间安排", "进度安排", "时限"),
    TEXT: ("目标任务", "具体措施", "工作任务", "主要举措", "工作措施", "任务内容", "工作内容", "具体任务",
           "工作目标", "主要内容", "改革举措", "任务措施", "具体内容", "工作要求", "目标要求", "具体举措",
           "政策措施", "措施内容", "主要措施", "任务举措"),
    TITLE: ("重点任务", "任务名称", "主要任务", "任务事项", "改革事项", "工作事项", "改革任务", "事项名称",
            "二级指标", "指标名称", "重点工作"),
    CATEGORY: ("主要指标", "类别", "领域", "重点领域", "任务类别", "板块", "类型", "分类", "指标类别",
               "一级指标", "改革领域", "工作类别", "方面", "重点方向", "项目"),
    NOTE: ("备注",),
}
NOTE_ROW = re.compile(r"^(?:注|备注|说明)\s*[:：]")


@dataclass
class Columns:
    """Column index of each role (None when the table has no such column)."""

    roles: dict[str, int]

    def get(self, row: list[str], role: str) -> str:
        i = self.roles.get(role)
        return row[i] if i is not None and i < len(row) else ""


def role_of(cell: str) -> str | None:
    """The column role a header cell names (序号 → number, 责任单位 → lead …), or None."""
    s = re.sub(r"[\s（(].*$", "", "".join(cell.split())) or "".join(cell.split())
    for role, words in HEADER_WORDS.items():
        if s in words:
            return role
    for role, words in HEADER_WORDS.items():
        if any(len(w) > 1 and w in s for w in words) and len(s) <= 12:
            return role
    return None


def header(row: list[str]) -> Columns | None:
    """The columns of a header row, or None when the row is no ledger header (it needs a text or title
    column and a department column)."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(row):
        role = role_of(cell)
        if role == LEAD and LEAD in roles and RESPONSIBLE not in roles:
            # two department columns (牵头单位 · 责任单位): the one that says 牵头 leads
            first = roles[LEAD]
            leads_first = "牵头" in row[first] or "牵头" not in cell
            roles[LEAD], roles[RESPONSIBLE] = (first, i) if leads_first else (i, first)
        elif role and role not in roles:
            roles[role] = i
    if TEXT not in roles and TITLE in roles:
        roles[TEXT] = roles.pop(TITLE)
    if TEXT not in roles or LEAD not in roles:
        return None
    return Columns(roles)


def find_header(rows: list[list[str]], limit: int = 6) -> tuple[int, Columns] | None:
    """The first header row among the first ``limit`` rows (merging a second header row under it)."""
    for i, row in enumerate(rows[:limit]):
        cols = header(row)
        if cols is None:
            continue
        if i + 1 < len(rows):
            below = rows[i + 1]
            sub = {r: j for j, c in enumerate(below) if (r := role_of(c)) in (LEAD, SUPPORT)}
            if SUPPORT in sub and LEAD in sub:
                cols.roles[LEAD], cols.roles[SUPPORT] = sub[LEAD], sub[SUPPORT]
                return i + 1, cols
        return i, cols
    return None


def is_header_repeat(row: list[str]) -> bool:
    """A header row repeated on a later page, or a second header row (牵头单位 | 配合单位): every
    filled cell is a header word, and there are at least two."""
    filled = [c for c in row if c.strip()]
    return len({"".join(c.split()) for c in filled}) >= 2 and all(role_of(c) for c in filled)


def table_blocks(
    rows: list[list[str]],
    cols: Columns,
    where: Callable[[int, int], Where],
    *,
    hard_breaks: bool,
    clean: Callable[[str], str] = lambda s: s,
    heading: str = "",
) -> tuple[list[Block], list]:
    """Blocks from the rows under the header; ``where(row, column)`` places a cell (0-based indices
    into ``rows``); ``clean`` tidies a text cell (a PDF's spaces); ``heading`` is a category heading
    written above the table (一、… as a paragraph, one table per category)."""
    blocks: list[Block] = []
    warnings = []
    category, category_no = "", None
    m = CATEGORY_RE.match("".join(heading.split()))
    if m:
        category_no, category = cn_number(m.group(1)), m.group(2)
    last_cat_cell = None
    text_col = cols.roles[TEXT]
    for r, row in enumerate(rows):
        cells = [c or "" for c in row]
        if not any(c.strip() for c in cells) or is_header_repeat(cells):
            continue
        distinct = {"".join(c.split()) for c in cells if c.strip()}
        first = "".join(cells[0].split()) if cells else ""
        if NOTE_ROW.match(first):
            continue
        text = clean(cols.get(cells, TEXT)).strip()
        lead = cols.get(cells, LEAD).strip()
        heading = _category_row(cells, cols, distinct, text, lead)
        if heading is not None:
            category_no, category = heading
            last_cat_cell = None
            continue
        cat_cell = "".join(cols.get(cells, CATEGORY).split())
        if cat_cell and cat_cell != last_cat_cell:
            last_cat_cell = cat_cell
            m = CATEGORY_RE.match(cat_cell)
            if m:
                category_no, category = cn_number(m.group(1)), m.group(2)
            else:
                category_no, category = None, cat_cell
        if not text:
            if any(c.strip() for c in cells):
                warnings.append(warning("warn_table_row_skipped", where(r, text_col), text=" ".join(
                    "".join(c.split()) for c in cells if c.strip())[:60]))
            continue
        departments = _departments_cell(lead, cols.get(cells, RESPONSIBLE).strip(),
                                        cols.get(cells, SUPPORT).strip())
        title = clean(cols.get(cells, TITLE)).strip()
        blocks.append(
            Block(
                category=category,
                category_no=category_no,
                text="".join(strip_numbering(clean(p)) if i == 0 else clean(p) for i, p in
                             enumerate(text.split("\n"))),
                title=strip_numbering("".join(title.split())) if title else "",
                departments=departments,
                completion=clean(cols.get(cells, COMPLETION)).strip(),
                where=where(r, text_col),
                departments_where=where(r, cols.roles[LEAD]),
                hard_breaks=hard_breaks,
            )
        )
    return blocks, warnings


def _departments_cell(lead: str, responsible: str, support: str) -> str:
    """One departments cell from the 牵头 / 责任 / 配合 columns' cells, each under its label (on lines of
    their own, so that the cells' own line widths are what counts); the lead cell alone when the others
    are empty."""
    if not responsible and not support:
        return lead
    parts = [(label, cell) for label, cell in (("牵头单位", lead), ("责任单位", responsible),
                                               ("配合单位", support)) if cell]
    return "\n；".join(f"{label}：\n{cell}" for label, cell in parts)


def _category_row(cells: list[str], cols: Columns, distinct: set[str], text: str, lead: str
                  ) -> tuple[int | None, str] | None:
    """一、提升政务服务水平 as a row of its own: one text across the row (merged), or a numeral in 序号
    and a name beside it with no departments."""
    if len(distinct) == 1:
        only = next(iter(distinct))
        m = CATEGORY_RE.match(only)
        if m:
            return cn_number(m.group(1)), m.group(2)
        filled = [c for c in cells if c.strip()]
        spans = len(filled) >= 2 or (len(filled) == 1 and cells[0].strip())
        if spans and (not lead or lead == only) and len(only) <= 30 and not only.endswith("。"):
            return None, only
    number = "".join(cols.get(cells, NUMBER).split())
    if number and not lead and re.fullmatch(r"[一二三四五六七八九十]+、?", number):
        name = "".join(text.split()) or "".join(cols.get(cells, TITLE).split())
        return cn_number(number.rstrip("、")), name
    if not lead and text:
        m = CATEGORY_RE.match("".join(text.split()))
        if m and len(m.group(2)) <= 30:
            return cn_number(m.group(1)), m.group(2)
    return None


def read_delimited(text: str) -> Document | None:
    """A ledger table saved as CSV or copied from a spreadsheet (tab-separated), when its first rows
    hold a ledger header; None for any other text."""
    head = text[:4000]
    delimiter = "\t" if head.count("\t") >= 3 else "," if head.count(",") >= 3 else None
    if delimiter is None:
        return None
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:
        return None
    found = find_header(rows)
    if found is None:
        return None
    at, cols = found
    title = title_from_paragraphs([next((c for c in row if c.strip()), "") for row in rows[:at]])

    def where(r: int, c: int) -> Where:
        return Where(row=r + at + 2, column=c + 1)

    blocks, warnings = table_blocks(rows[at + 1 :], cols, where, hard_breaks=True)
    return Document(title=title, blocks=blocks, form="delimited", warnings=warnings)
