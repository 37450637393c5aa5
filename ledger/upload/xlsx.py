"""An ``.xlsx`` opened for reading, bounded by its real data: worksheets, cells, merged ranges, percent
formats, and where a table's header row is.

Cell values come from python-calamine (4–5× faster than openpyxl), which builds a dense grid over the
bounding box of a sheet's cells: one stray value at ``XFD1048576`` would ask it for 17 billion cells and
abort the process. So each sheet's XML is scanned first (:mod:`ledger.upload.sheetxml`, a few byte
searches) and a sheet whose box is far larger than its content, or that holds too many cells, is
refused by name and cell before calamine touches it. Formula errors (``t="e"``: ``#DIV/0!``), which
calamine reads as blanks, are put back as :class:`~ledger.upload.cells.ErrorValue`; percent formats
come from the styles part, read without namespaces so Strict OOXML works too.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import python_calamine
from defusedxml import ElementTree

from . import sheetxml
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


class Deadline:
    """The time one read may take; :meth:`check` raises a WorkbookError once it has passed."""

    def __init__(self, seconds: float = READ_SECONDS) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise WorkbookError([Problem("file_too_slow", {"seconds": f"{self.seconds:g}"})], openable=True)


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
        self._paths = sheetxml.sheet_paths(container)
        self._extents: dict[str, sheetxml.Extent] = {}
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

    def extent(self, sheet: str) -> sheetxml.Extent:
        """The box of the sheet's cells with a value, from its XML (cached)."""
        if sheet not in self._extents:
            xml = self.xml(sheet)
            self._extents[sheet] = sheetxml.extent(xml) if xml is not None else sheetxml.Extent(0, 0, "")
        return self._extents[sheet]

    def has_content(self, sheet: str) -> bool:
        """Whether any cell of the sheet holds a value."""
        return self.extent(sheet).rows > 0

    # -- reading -------------------------------------------------------------------------------

    def grid(self, sheet: str) -> Grid:
        """The sheet's cells; raises WorkbookError for a sheet too sparse or too large to read."""
        e = self.extent(sheet)
        if e.box > BOX_FREE:  # a large box must be dense: at least a third of it filled
            cells = sheetxml.cells(self.xml(sheet) or b"")
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
            sheetxml.put_errors(rows, xml)
        self.deadline.check()
        return Grid(sheet, rows)

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges as 0-based (min_col, min_row, max_col, max_row)."""
        if sheet in self._merged:
            return self._merged[sheet]
        return sheetxml.merged_ranges(self.xml(sheet) or b"")

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
            return {(r, c) for r, c in sheetxml.all_cells(xml) if c in wanted_cols} - sheetxml.styled_not(
                xml, styles
            )
        return {(r, c) for r, c in sheetxml.styled(xml, styles) if c in wanted_cols}

    def _percent_styles(self) -> set[int]:
        """Indices of the cell formats (``cellXfs``) whose number format shows a percentage."""
        if self._pct_styles is None:
            try:
                self._pct_styles = sheetxml.percent_styles(self.container.read("xl/styles.xml"))
            except (KeyError, ElementTree.ParseError, ValueError, TypeError):
                self._pct_styles = set()  # no (readable) styles part: every cell is General
        return self._pct_styles


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


__all__ = ["BOX_FREE", "MAX_CELLS", "Book", "Deadline", "Grid", "Table", "locate"]
