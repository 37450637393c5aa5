"""PDF (born-digital, with a text layer): a ledger table across pages, or a prose 方案.

pdfplumber finds the table on each page by its ruling lines. The header row may repeat on every page
and is dropped there; a row cut by a page break (its 序号 and title empty on the next page) is joined
to the row before; a category cell cut by a page break (一、提升政务 | 服务水平) is joined too; the spaces
a PDF puts between Chinese and Latin text are removed. Without a ledger table the page text is a prose
方案 (:mod:`.prose`). A PDF without a text layer (a scan) is refused with a sentence: there is no OCR.
"""

from __future__ import annotations

import io
import re
from itertools import pairwise

import pdfplumber

from ..errors import Where
from .blocks import Document, title_from_paragraphs
from .errors import LedgerParseError
from .numbering import CATEGORY_RE, numbering
from .prose import join_paragraphs, read_paragraphs
from .tables import (
    CATEGORY,
    LEAD,
    NOTE_ROW,
    NUMBER,
    TEXT,
    TITLE,
    Columns,
    find_header,
    header,
    is_header_repeat,
    role_of,
    table_blocks,
)
from .tabletext import clean_lines

MAX_PAGES = 500
#: Fewer characters than this in the whole document: no text layer.
_MIN_CHARS = 20
_TERMINAL = tuple("。；;！？!?")


def clean_cell(text: str) -> str:
    """A PDF cell's text on one line: line breaks and the spaces next to Chinese characters removed,
    a space kept between two Latin words."""
    def joiner(m: re.Match) -> str:
        a = text[m.start() - 1] if m.start() else ""
        b = text[m.end()] if m.end() < len(text) else ""
        latin = a.isascii() and a.isalnum() and b.isascii() and b.isalnum()
        return " " if latin and "\n" not in m.group(0) else ""

    return re.sub(r"\s+", joiner, text or "")


def clean_line(text: str) -> str:
    """A line of page text without the spaces a PDF puts next to Chinese characters."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def read_pdf(data: bytes) -> Document:
    """The blocks of a PDF ledger (table or prose)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise LedgerParseError("read_pdf_pages", pages=len(pdf.pages), limit=MAX_PAGES)
        chars = 0
        texts: list[str] = []
        rows: list[tuple[int, bool, list[str]]] = []  # (page, first row of the page's table, cells)
        cols: Columns | None = None
        title_lines: list[str] = []
        for page in pdf.pages:
            chars += len(page.chars)
            texts.append(page.extract_text() or "")
            for table in page.find_tables():
                cells = [[c or "" for c in row] for row in table.extract()]
                if not cells:
                    continue
                if cols is None:
                    found = find_header(cells)
                    if found is None:
                        continue
                    at, cols = found
                    top = page.within_bbox((0, 0, page.width, max(1, table.bbox[1])))
                    title_lines = (top.extract_text() or "").split("\n")
                    cells = cells[at + 1 :]
                    width = max(len(r) for r in cells) if cells else 0
                elif len(cells[0]) != width and len(cells[0]) != len(cells[-1]):
                    continue
                while cells and is_header_repeat(cells[0]):
                    cells = cells[1:]
                rows.extend((page.page_number, i == 0, r) for i, r in enumerate(cells))
        borderless = _borderless_table(pdf) if cols is None and chars >= _MIN_CHARS else None
    if chars < _MIN_CHARS:
        raise LedgerParseError("read_no_text_layer")
    if cols is not None or borderless is not None:
        if cols is not None:
            merged = _join_cut_rows(rows, cols)
            _join_cut_categories(merged, cols)
        else:
            cols, merged, title_lines = borderless
        cells = [r for _, r in merged]
        pages = [p for p, _ in merged]

        def where(r: int, c: int) -> Where:
            return Where(page=pages[r], column=c + 1)

        blocks, warnings = table_blocks(cells, cols, where, hard_breaks=False, clean=clean_cell)
        return Document(title=title_from_paragraphs([clean_line(s) for s in title_lines]), blocks=blocks,
                        form="pdf-table", warnings=warnings)
    lines: list[str] = []
    places: list[Where] = []
    for page_no, text in enumerate(texts, start=1):
        page_lines = clean_lines(text)
        lines.extend(clean_line(s) for s in page_lines)
        places.extend(Where(page=page_no, line=i) for i in range(1, len(page_lines) + 1))
    paragraphs = join_paragraphs(lines, place=lambda n: places[n - 1])
    return read_paragraphs(paragraphs, form="pdf-prose")


def _join_cut_rows(rows: list[tuple[int, bool, list[str]]], cols: Columns) -> list[tuple[int, list[str]]]:
    """Join a row cut by a page break to the row before it."""
    out: list[tuple[int, list[str]]] = []
    for page, first, cells in rows:
        if first and out and _continues(out[-1][1], cells, cols):
            prev = out[-1][1]
            for i, cell in enumerate(cells):
                if i < len(prev) and cell.strip() and i != cols.roles.get(CATEGORY):
                    prev[i] = f"{prev[i]}\n{cell}" if prev[i].strip() else cell
            continue
        out.append((page, list(cells)))
    return out


def _continues(prev: list[str], cells: list[str], cols: Columns) -> bool:
    """Whether the first row of a page is the rest of the last row of the page before."""
    if not any(c.strip() for c in cells):
        return False
    for role in (NUMBER, TITLE):
        if role in cols.roles:
            return not cols.get(cells, role).strip()
    text, lead = cols.get(cells, TEXT).strip(), cols.get(cells, LEAD).strip()
    if text and numbering("".join(text.split())) is not None:
        return False  # a task of its own: （二）…
    before = "".join(cols.get(prev, TEXT).split())
    return not text or not lead or not before.endswith(_TERMINAL) or not cols.get(prev, LEAD).strip()


def _join_cut_categories(rows: list[tuple[int, list[str]]], cols: Columns) -> None:
    """Give every row its category's whole name, joining a category cell cut by a page break."""
    i = cols.roles.get(CATEGORY)
    if i is None:
        return
    groups: list[list] = []  # [name, [row indices]]
    last_page = None
    for r, (page, cells) in enumerate(rows):
        text = "".join(cells[i].split()) if i < len(cells) else ""
        page_first = page != last_page
        last_page = page
        if text:
            if (page_first and groups and not CATEGORY_RE.match(text) and CATEGORY_RE.match(groups[-1][0])):
                groups[-1][0] += text
                groups[-1][1].append(r)
                continue
            groups.append([text, [r]])
        elif groups:
            groups[-1][1].append(r)
    for name, members in groups:
        for r in members:
            if i < len(rows[r][1]):
                rows[r][1][i] = name


# -- a table without ruling lines ----------------------------------------------------------------------
#: Words whose tops differ by less than this (points) stand on one line.
_LINE_TOLERANCE = 3.0
_DASHES = re.compile(r"[-—–－]+")
_FOOTER_PIECE = re.compile(r"[-—–－]*\d*[-—–－]*")


def _borderless_table(pdf: pdfplumber.PDF) -> tuple[Columns, list[tuple[int, list[str]]], list[str]] | None:
    """A ledger table drawn without ruling lines, read from the words' positions: the header row (found by
    its words, repeated on later pages or not) gives the columns, cut between them where no word of the
    page's body stands; a line with a number in the 序号 column starts a row, every other line goes on with
    the row above (at a page top: the row cut by the page break). Returns the columns, the rows
    ``(page, cells)`` and the lines above the header, or None when no page has a ledger header row with a 序号
    column. A 注：… line under the table ends it."""
    cols: Columns | None = None
    bounds: list[float] = []
    rows: list[tuple[int, list[list[str]]]] = []
    title: list[str] = []
    for page in pdf.pages:
        lines = _word_lines(_without_footer(page.extract_words()))
        at = next((i for i, line in enumerate(lines) if _is_header(line)), None)
        if at is None and cols is None:
            continue
        body = lines
        if at is not None:
            names = [w["text"] for w in lines[at]]
            if cols is None:
                cols, title = header(names), [" ".join(w["text"] for w in line) for line in lines[:at]]
                if NUMBER not in cols.roles:
                    return None  # rows are told apart by their 序号 only
            body = lines[at + 1:]
            if body and _header_rest(body[0], lines[at]):
                body = body[1:]
            bounds = _column_bounds(lines[at], body)
        if len(bounds) + 1 != _width(cols):
            continue
        number_col = cols.roles.get(NUMBER)
        for line in body:
            text = " ".join(w["text"] for w in line)
            if not clean_lines(text)[0].strip():
                continue  # a page footer (— 2 —)
            if NOTE_ROW.match(text):
                return _rows_read(cols, rows, title)  # 注：… under the table ends it
            cells = [""] * _width(cols)
            for w in line:
                col = sum(w["x0"] >= b for b in bounds)
                cells[col] = f"{cells[col]} {w['text']}".strip()
            starts = number_col is not None and cells[number_col].isdigit()
            if starts or not rows:
                rows.append((page.page_number, [[c] if c else [] for c in cells]))
                continue
            for i, cell in enumerate(cells):
                if cell:
                    rows[-1][1][i].append(cell)
    return _rows_read(cols, rows, title)


def _rows_read(cols: Columns | None, rows: list[tuple[int, list[list[str]]]], title: list[str]
               ) -> tuple[Columns, list[tuple[int, list[str]]], list[str]] | None:
    """The borderless table's columns, rows (each cell's lines joined) and title lines; None without rows."""
    if cols is None or not rows:
        return None
    return cols, [(p, ["\n".join(c) for c in cells]) for p, cells in rows], title


def _is_header(line: list[dict]) -> bool:
    """A line of header words only, naming at least three columns (a text and a department column among
    them), one word each."""
    cols = header([w["text"] for w in line])
    return cols is not None and len(cols.roles) >= 3 and len(cols.roles) == len(line)


def _width(cols: Columns) -> int:
    return max(cols.roles.values()) + 1


def _without_footer(words: list[dict]) -> list[dict]:
    """The words without a page footer drawn in pieces (``— —`` and the page number a little lower)."""
    dashes = [w["top"] for w in words if _DASHES.fullmatch(w["text"])]
    return [w for w in words
            if not (_FOOTER_PIECE.fullmatch(w["text"]) and any(abs(w["top"] - t) < 10 for t in dashes))]


def _word_lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines (by their tops), each line left to right, lines top to bottom."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) < _LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _header_rest(line: list[dict], head: list[dict]) -> bool:
    """A header cell wrapped onto a second line (序 / 号): each word completes the header word above it."""
    for w in line:
        above = next((h for h in head if h["x0"] - 2 <= w["x0"] <= h["x1"] + 2), None)
        if above is None or role_of(above["text"] + w["text"]) is None:
            return False
    return True


def _column_bounds(head: list[dict], body: list[list[dict]]) -> list[float]:
    """Where one column ends and the next begins: between two header words, the middle of the widest
    stretch that no word of the body covers (the middle of the gap between the header words if none)."""
    words = [w for line in body for w in line]
    bounds = []
    for left, right in pairwise(head):
        lo, hi = int(left["x1"]), int(right["x0"])
        free = [x for x in range(lo, hi + 1) if not any(w["x0"] <= x <= w["x1"] for w in words)]
        runs: list[list[int]] = []
        for x in free:
            if runs and x == runs[-1][-1] + 1:
                runs[-1].append(x)
            else:
                runs.append([x])
        best = max(runs, key=len) if runs else [lo, hi]
        bounds.append((best[0] + best[-1]) / 2)
    return bounds
