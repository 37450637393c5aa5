"""An ``.xlsx`` opened for reading, bounded by its real data: worksheets, cells, merged ranges, percent
formats, and where a table's header row is.

Cell values come from python-calamine (4–5× faster than openpyxl), which builds a dense grid over the
bounding box of a sheet's cells: one stray value at ``XFD1048576`` would ask it for 17 billion cells and
abort the process. So each sheet's XML is scanned first (:meth:`Book.extent`, a few byte searches) and a
sheet whose box is far larger than its content, or that holds too many cells, is refused by name and
cell before calamine touches it. Formula errors (``t="e"``: ``#DIV/0!``), which calamine reads as
blanks, are put back as :class:`~ledger.upload.cells.ErrorValue`; percent formats come from the styles
part, read without namespaces so Strict OOXML works too.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import python_calamine
from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from .cells import ErrorValue
from .container import Container
from .problems import Problem, WorkbookError

#: A sheet whose cells' bounding box exceeds this many cells must be at least a third full.
BOX_FREE = 1_000_000
#: Most cells with content in one sheet (about 600k rows of the template's seven columns).
MAX_CELLS = 5_000_000
#: Seconds one upload may take to be read and checked.
READ_SECONDS = 60.0
HEADER_SEARCH_ROWS = 10
#: A cell without a leading r="…", or beyond column J or row 999,999.
_UNUSUAL = re.compile(rb'<c(?:>| (?!r=")| r="(?:[A-Z]{2}|[K-Z]|[A-J][0-9]{7}))')
_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_ANY_CELL = re.compile(rb"<c(?=[\s>/])([^>]*?)(/?)>")
_ATTR_R = re.compile(rb'\sr="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', re.S)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


class Deadline:
    """The time one read may take; :meth:`check` raises a WorkbookError once it has passed."""

    def __init__(self, seconds: float = READ_SECONDS) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise WorkbookError([Problem("file_too_slow", {"seconds": f"{self.seconds:g}"})], openable=True)


@dataclass(frozen=True)
class Extent:
    """The bounding box of a sheet's cells with a value (what calamine would allocate): ``rows`` ×
    ``cols``, and ``far``, the reference of the cell that sets it."""

    rows: int
    cols: int
    far: str

    @property
    def box(self) -> int:
        return self.rows * self.cols


def _cells(xml: bytes) -> int:
    """Cells with content: those not written as an empty ``<c …/>`` (one byte search)."""
    return xml.count(b"</c>")


@dataclass
class Grid:
    """One sheet's cells as calamine gives them (rows of values), with formula errors put back."""

    sheet: str
    rows: list[list]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, j: int, start: int = 0) -> np.ndarray:
        """Column ``j`` (0-based) from row ``start`` (0-based) as a new object array ('' past a short
        row)."""
        array = self._array()
        if array is not None:
            if j < array.shape[1]:
                return array[start:, j].copy()
            return np.full(max(0, len(self.rows) - start), "", dtype=object)
        out = np.empty(max(0, len(self.rows) - start), dtype=object)
        out[:] = [r[j] if j < len(r) else "" for r in self.rows[start:]]
        return out

    def _array(self) -> np.ndarray | None:
        """The cells as a 2-D object array when the rows are a rectangle (calamine's are), else None."""
        if "_cells" not in self.__dict__:
            widths = set(map(len, self.rows))
            width = widths.pop() if len(widths) == 1 else 0
            cells = None
            if width:
                cells = np.empty((len(self.rows), width), dtype=object)
                cells[:] = self.rows
            self.__dict__["_cells"] = cells
        return self.__dict__["_cells"]

    def row(self, i: int) -> list:
        return self.rows[i] if i < len(self.rows) else []


class Book:
    """A guarded ``.xlsx`` opened with python-calamine; raises WorkbookError when it cannot be read."""

    def __init__(self, container: Container, file_name: str = "", deadline: Deadline | None = None) -> None:
        self.container = container
        self.deadline = deadline or Deadline()
        try:
            self._wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(container.data))
            worksheet = python_calamine.SheetTypeEnum.WorkSheet
            self.sheet_names = [str(s.name) for s in self._wb.sheets_metadata if s.typ == worksheet]
        except Exception:  # calamine raises its own error types for damaged parts
            raise WorkbookError([Problem("file_unreadable", value=file_name)]) from None
        self._paths = _sheet_paths(container)
        self._extents: dict[str, Extent] = {}
        self._merged: dict[str, list[tuple[int, int, int, int]]] = {}
        self._pct_styles: set[int] | None = None

    def close(self) -> None:
        self._wb.close()

    # -- what a sheet holds, before reading it -------------------------------------------------

    def xml(self, sheet: str) -> bytes | None:
        path = self._paths.get(sheet)
        if path is None:
            return None
        try:
            return self.container.read(path)
        except KeyError:
            return None

    def extent(self, sheet: str) -> Extent:
        """The box of the sheet's cells with a value, from its XML (cached)."""
        if sheet not in self._extents:
            xml = self.xml(sheet)
            self._extents[sheet] = _extent(xml) if xml is not None else Extent(0, 0, "")
        return self._extents[sheet]

    def has_content(self, sheet: str) -> bool:
        """Whether any cell of the sheet holds a value."""
        return self.extent(sheet).rows > 0

    # -- reading -------------------------------------------------------------------------------

    def grid(self, sheet: str) -> Grid:
        """The sheet's cells; raises WorkbookError for a sheet too sparse or too large to read."""
        e = self.extent(sheet)
        if e.box > BOX_FREE:  # a large box must be dense: at least a third of it filled
            cells = _cells(self.xml(sheet) or b"")
            if cells > MAX_CELLS:
                problem = Problem("sheet_too_many_cells", {"n": cells, "limit": MAX_CELLS}, sheet=sheet)
                raise WorkbookError([problem], openable=True)
            if e.box > 3 * cells + BOX_FREE // 10:
                params = {"cell": e.far, "rows": e.rows, "cols": e.cols, "n": cells}
                problem = Problem("sheet_sparse", params, sheet=sheet, column=e.far)
                raise WorkbookError([problem], openable=True)
        self.deadline.check()
        try:
            ws = self._wb.get_sheet_by_name(sheet)
            rows = ws.to_python(skip_empty_area=False)
            try:
                ranges = ws.merged_cell_ranges
            except Exception:  # then read from the sheet's XML
                ranges = None
        except Exception:
            raise WorkbookError([Problem("sheet_corrupt", sheet=sheet)], openable=True) from None
        if ranges is not None:
            self._merged[sheet] = [(c1, r1, c2, r2) for (r1, c1), (r2, c2) in ranges]
        xml = self.xml(sheet)
        if xml is not None and b't="e"' in xml:
            _put_errors(rows, xml)
        self.deadline.check()
        return Grid(sheet, rows)

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges as 0-based (min_col, min_row, max_col, max_row)."""
        if sheet in self._merged:
            return self._merged[sheet]
        xml = self.xml(sheet) or b""
        out = []
        for ref in _MERGE.findall(xml):
            c1, r1, c2, r2 = range_boundaries(ref.decode())
            out.append((c1 - 1, r1 - 1, c2 - 1, r2 - 1))
        return out

    def percent_cells(self, sheet: str, columns: Iterable[int]) -> set[tuple[int, int]]:
        """(Excel row, 0-based column) of the cells in ``columns`` formatted as a percentage.

        The formats that show a percentage are looked up once in the styles part; when there are
        any, the sheet's XML is searched for cells carrying one of them (a literal search: 40 MB of
        XML at 100k rows).
        """
        wanted_cols = set(columns)
        styles = self._percent_styles()
        xml = self.xml(sheet)
        if not styles or not wanted_cols or xml is None:
            return set()
        if 0 in styles:  # the default style is a percentage: every cell without a style is one too
            return {(r, c) for r, c in _all_cells(xml) if c in wanted_cols} - _styled_not(xml, styles)
        return {(r, c) for r, c in _styled(xml, styles) if c in wanted_cols}

    def _percent_styles(self) -> set[int]:
        """Indices of the cell formats (``cellXfs``) whose number format shows a percentage."""
        if self._pct_styles is None:
            try:
                self._pct_styles = _percent_styles(self.container.read("xl/styles.xml"))
            except (KeyError, ElementTree.ParseError, ValueError, TypeError):
                self._pct_styles = set()  # no (readable) styles part: every cell is General
        return self._pct_styles


# --- the XML, read by byte searches -------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_paths(container: Container) -> dict[str, str]:
    """Sheet name → path of its XML part (relationship ids in either namespace: Strict OOXML too)."""
    try:
        rels = ElementTree.fromstring(container.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        root = ElementTree.fromstring(container.read("xl/workbook.xml"))
    except Exception:  # no relationships: merged ranges, formats and extents are then unknown
        return {}
    out = {}
    for el in root.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rid, "")
            if target:
                out[el.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def _ref(raw: bytes) -> tuple[int, int] | None:
    """b"AB12" → (row 12, 0-based column 27)."""
    m = _REF.fullmatch(raw)
    if m is None:
        return None
    return int(m.group(2)), column_index_from_string(m.group(1).decode()) - 1


def _has_value(xml: bytes, tag_end: int) -> bool:
    """Whether the cell whose start tag ends at ``tag_end`` holds a value (not ``<c …/>``)."""
    if xml[tag_end - 2 : tag_end] == b"/>":
        return False
    close = xml.find(b"</c>", tag_end)
    body = xml[tag_end : close if close != -1 else tag_end + 200]
    return b"<v" in body or b"<is" in body


def _extent(xml: bytes) -> Extent:
    """Box of a sheet's cells with a value, from its XML: the last cell (rows are in order) and every
    cell beyond column J or row 999,999 (usually none)."""
    unusual = [m.start() for m in _UNUSUAL.finditer(xml)]  # usually none
    if any(xml[i + 2 : i + 4] != b" r" for i in unusual):
        return _extent_slow(xml)  # cells without a leading r="…": placed as calamine places them
    rows, cols, far = 0, 0, ""
    last = xml.rfind(b'<c r="')
    while last != -1:
        end = xml.find(b">", last) + 1
        ref = xml[last + 6 : xml.find(b'"', last + 6)]
        if _has_value(xml, end) and (pos := _ref(ref)):
            rows, cols, far = pos[0], pos[1] + 1, ref.decode()
            break
        last = xml.rfind(b'<c r="', 0, last)
    cols = max(cols, 10) if rows else 0
    for at in unusual:
        start = at + 6
        ref = xml[start : xml.find(b'"', start)]
        pos = _ref(ref)
        end = xml.find(b">", start) + 1
        if pos is None or not _has_value(xml, end):
            continue
        if pos[0] > rows or pos[1] + 1 > cols:
            far = ref.decode()
        rows, cols = max(rows, pos[0]), max(cols, pos[1] + 1)
    return Extent(rows, cols, far)


def _extent_slow(xml: bytes) -> Extent:
    rows = cols = 0
    far = ""
    row = col = 0
    for m in _ANY_CELL.finditer(xml):
        ref = _ATTR_R.search(m.group(1))
        if ref is not None:
            row, col = int(ref.group(2)), column_index_from_string(ref.group(1).decode())
        else:
            col += 1
            row = max(row, 1)
        if m.group(2) or not _has_value(xml, m.end()):
            continue
        if row > rows or col > cols:
            far = f"{get_column_letter(min(col, 18278))}{row}"
        rows, cols = max(rows, row), max(cols, col)
    return Extent(rows, cols, far)


def _put_errors(rows: list[list], xml: bytes) -> None:
    """Formula errors back into the grid calamine gave (it reads them as blanks)."""
    for m in _ERROR_CELL.finditer(xml):
        ref = _ATTR_R.search(b" " + m.group(1))
        value = re.search(rb"<v>([^<]*)</v>", m.group(2))
        if ref is None or value is None:
            continue
        r, c = int(ref.group(2)) - 1, column_index_from_string(ref.group(1).decode()) - 1
        if r < len(rows) and c < len(rows[r]):
            rows[r][c] = ErrorValue(value.group(1).decode("utf-8", "replace"))


def _percent_format(fmt: str | None) -> bool:
    return bool(fmt) and "%" in re.sub(r'"[^"]*"|\\.', "", fmt)


def _percent_styles(styles_xml: bytes) -> set[int]:
    """Indices of ``cellXfs`` entries whose number format (built-in or custom) shows a percentage."""
    root = ElementTree.fromstring(styles_xml)
    custom = {}
    xfs: list[int] = []
    for el in root:
        name = _local(el.tag)
        if name == "numFmts":
            for fmt in el:
                custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        elif name == "cellXfs":
            xfs = [int(xf.get("numFmtId", "0") or 0) for xf in el if _local(xf.tag) == "xf"]
    out = set()
    for k, fmt_id in enumerate(xfs):
        fmt = custom.get(fmt_id) or (
            BUILTIN_FORMATS.get(fmt_id) if fmt_id < BUILTIN_FORMATS_MAX_SIZE else None
        )
        if _percent_format(fmt):
            out.add(k)
    return out


def _styled(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
    """(Excel row, 0-based column) of the cells whose style is one of ``styles``."""
    # a literal start keeps the search fast; the attribute's boundary is then checked
    wanted = re.compile(rb's="(?:' + b"|".join(str(s).encode() for s in sorted(styles)) + rb')"')
    out = set()
    for m in wanted.finditer(xml):
        if xml[m.start() - 1 : m.start()] not in (b" ", b"\t", b"\n", b"\r"):
            continue
        start = xml.rfind(b"<", 0, m.start())
        tag = xml[start : m.end()]
        if not tag.startswith(b"<c ") and not re.match(rb"<\w+:c\s", tag):
            continue  # a row's or a column's style, not a cell's
        ref = _ATTR_R.search(tag)
        if ref is not None:
            out.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode()) - 1))
    return out


def _all_cells(xml: bytes) -> set[tuple[int, int]]:
    return {
        (int(m.group(2)), column_index_from_string(m.group(1).decode()) - 1) for m in _ATTR_R.finditer(xml)
    }


def _styled_not(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
    """Cells that carry a style outside ``styles`` (when style 0 is a percentage)."""
    out = set()
    for m in re.finditer(rb'<c\b[^>]*\ss="([0-9]+)"[^>]*>', xml):
        if int(m.group(1)) not in styles and (ref := _ATTR_R.search(m.group(0))):
            out.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode()) - 1))
    return out


# --- where a table is -----------------------------------------------------------------------------


@dataclass
class Table:
    """A located sheet: its kind (canonical name), name as written, 0-based header row, field →
    (0-based column, header as written), and its grid."""

    kind: str
    sheet: str
    header_row: int
    cols: dict[str, tuple[int, str]]
    grid: Grid

    def header(self, field: str) -> str:
        return self.cols[field][1]


def locate(
    grid: Grid, kind: str, lookup: dict[str, str], required: list[tuple[str, str]], key: Any
) -> Table | list[Problem]:
    """Find the header row among the first :data:`HEADER_SEARCH_ROWS` rows.

    ``lookup`` maps a header key (see ``key``) to a field; ``required`` lists (field, header) pairs.
    Returns the table, or a problem per missing required header (on the best row found). (An empty
    sheet is the caller's to refuse: :meth:`Book.has_content`.)
    """
    best: tuple[int, int, dict[str, tuple[int, str]]] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):
        cols: dict[str, tuple[int, str]] = {}
        for j, v in enumerate(grid.row(i)):
            if isinstance(v, str) and (field := lookup.get(key(v))) and field not in cols:
                cols[field] = (j, v.strip())
        hits = sum(f in cols for f, _ in required)
        if hits == len(required):
            return Table(kind, grid.sheet, i, cols, grid)
        if hits and (best is None or hits > best[1]):
            best = (i, hits, cols)
    row = best[0] + 1 if best else None
    found = best[2] if best else {}
    return [
        Problem("column_missing", {"header": h}, sheet=grid.sheet, row=row, column=h)
        for f, h in required
        if f not in found
    ]


__all__ = ["BOX_FREE", "MAX_CELLS", "Book", "Deadline", "Extent", "Grid", "Table", "locate"]
