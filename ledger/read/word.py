"""Word (.docx): a ledger table with a title paragraph above it, or a prose 方案.

The zip container is checked first (:mod:`.container`). A table whose header row names a task column
and a department column is a ledger table (:mod:`.tables`; python-docx repeats a merged cell's text in
every row and column it spans, so a category column merged vertically reads as the same text down);
several paragraphs in a cell are joined (in a departments cell each paragraph is a name or a list).
Without such a table the paragraphs are a prose 方案 (:mod:`.prose`). Word's automatic list numbering
(一、 （一） 1. drawn by Word, not typed) is rendered into the paragraph's text first.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import Where
from .blocks import Document, title_from_paragraphs, year_from_title
from .container import check_zip
from .numbering import CATEGORY_RE, cn_numeral, numbering
from .prose import read_paragraphs
from .tables import find_header, table_blocks

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> Document:
    """The blocks of a Word document (table or prose)."""
    check_zip(data)
    document = docx.Document(io.BytesIO(data))
    numbers = _ListNumbers(document)
    paragraphs: list[tuple[str, Where]] = []
    before_table: list[str] = []
    blocks, warnings = [], []
    table_no = 0
    seen_table = False
    heading = ""  # the last 一、… paragraph: the category of a table without a category column
    title_rows: list[str] = []
    headings = _Headings(document)
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = numbers.label(item) + item.text
            paragraphs.append((headings.label(item, text), Where(paragraph=len(paragraphs) + 1)))
            if not seen_table:
                before_table.append(text)
            if CATEGORY_RE.match(text.strip()) and len(text.strip()) <= 40:
                heading = text.strip()
            continue
        if not isinstance(item, Table):
            continue
        table_no += 1
        rows = [[cell.text for cell in row.cells] for row in item.rows]
        found = find_header(rows)
        if found is None:
            continue
        if not seen_table:  # a title written in the table's own first row(s)
            title_rows = [next((c for c in row if c.strip()), "") for row in rows[: found[0]]]
        seen_table = True
        at, cols = found
        body = rows[at + 1 :]

        def where(r: int, c: int, t: int = table_no, offset: int = at + 2) -> Where:
            return Where(table=t, row=r + offset, column=c + 1)

        got, warned = table_blocks(body, cols, where, hard_breaks=True, heading=heading)
        blocks.extend(got)
        warnings.extend(warned)
    if seen_table:
        title = title_from_paragraphs(before_table) or title_from_paragraphs(title_rows)
        return Document(title=title, blocks=blocks, form="docx-table", warnings=warnings)
    doc = read_paragraphs(paragraphs, form="docx-prose")
    return doc


class _Headings:
    """Category headings of a prose 方案 written as Word's top heading style without a number (Heading 1
    政务服务提质行动): numbered 一、 二、 … in order, as if typed, when no top heading of the document carries
    a number. A top heading with a year in it (the plan's own title styled so) is left alone."""

    def __init__(self, document: docx.document.Document) -> None:
        tops = [p.text.strip() for p in document.paragraphs if _top_heading(p) and p.text.strip()]
        self.on = bool(tops) and not any(numbering(t) for t in tops)
        self.count = 0

    def label(self, paragraph: Paragraph, text: str) -> str:
        if not self.on or not _top_heading(paragraph) or not text.strip() or numbering(text.strip()):
            return text  # not such a heading, or numbered by Word's list numbering
        if year_from_title(text):
            return text
        self.count += 1
        return f"{cn_numeral(self.count)}、{text.strip()}"


def _top_heading(paragraph: Paragraph) -> bool:
    """Word's first heading level: the style Heading 1 / 标题 1 (or one based on it)."""
    style = paragraph.style
    for _ in range(4):
        if style is None:
            return False
        if "".join((style.name or "").split()).lower() in ("heading1", "标题1"):
            return True
        style = style.base_style
    return False


class _ListNumbers:
    """Renders Word's automatic numbering (w:numPr) as text: 一、 （一） 1. — by the level's format
    (decimal, chineseCounting …) and text template (%1、), counting per list and level."""

    def __init__(self, document: docx.document.Document) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError, ValueError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in numbering.iter(f"{_W}abstractNum")}
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None or ref.get(f"{_W}val") not in abstract:
                continue
            for lvl in abstract[ref.get(f"{_W}val")].iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                self.levels[(num.get(f"{_W}numId"), lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    _int(start.get(f"{_W}val") if start is not None else None),
                )

    def label(self, paragraph: Paragraph) -> str:
        if not self.levels:
            return ""
        numpr = _numpr(paragraph._p.pPr)
        style = paragraph.style if numpr is None else None
        for _ in range(4):  # numbering given by the paragraph style (List Number) or a style it is based on
            if numpr is not None or style is None:
                break
            numpr = _numpr(style.element.pPr)
            style = style.base_style
        if numpr is None:
            return ""
        num_id = numpr.find(f"{_W}numId")
        ilvl = numpr.find(f"{_W}ilvl")
        num = num_id.get(f"{_W}val") if num_id is not None else None
        level = ilvl.get(f"{_W}val") if ilvl is not None else "0"
        if (num, level) not in self.levels or num == "0":
            return ""
        fmt, template, start = self.levels[(num, level)]
        counts = self.counters.setdefault(num, {})
        depth = int(level) if level.isdigit() else 0
        counts[depth] = counts.get(depth, start - 1) + 1
        for deeper in [d for d in counts if d > depth]:
            del counts[deeper]
        text = template
        for d in range(depth + 1):
            value = counts.get(d, 1)
            d_fmt = self.levels.get((num, str(d)), (fmt, "", 1))[0]
            text = text.replace(f"%{d + 1}", _format(value, d_fmt))
        return text if fmt != "bullet" else ""


def _numpr(ppr):
    return ppr.find(f"{_W}numPr") if ppr is not None else None


def _format(value: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideograph", "taiwaneseCounting", "japaneseCounting")):
        return cn_numeral(value)
    return str(value)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1
