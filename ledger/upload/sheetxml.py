"""What a sheet's XML holds, found by byte searches instead of parsing it: the box of its cells with a
value (before calamine allocates that box), formula errors, percent formats, merged ranges, and where
each sheet's part is (namespaces ignored, so Strict OOXML works too)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from .cells import ErrorValue
from .container import Container

#: A cell without a leading r="…", or beyond column J or row 999,999.
_UNUSUAL = re.compile(rb'<c(?:>| (?!r=")| r="(?:[A-Z]{2}|[K-Z]|[A-J][0-9]{7}))')
_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")
_ANY_CELL = re.compile(rb"<c(?=[\s>/])([^>]*?)(/?)>")
_ATTR_R = re.compile(rb'\sr="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
_ERROR_CELL = re.compile(rb'<c\b([^>]*?\bt="e"[^>]*?)(?<!/)>(.*?)</c>', re.S)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


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


def cells(xml: bytes) -> int:
    """Cells with content: those not written as an empty ``<c …/>`` (one byte search)."""
    return xml.count(b"</c>")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sheet_paths(container: Container) -> dict[str, str]:
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


#: Bytes of a sheet's XML looked at together by :func:`unusual_cells` (a bound on its memory).
_CHUNK = 1 << 23
_LT, _C, _GT, _SP, _R, _EQ, _QUOTE = (ord(x) for x in '<c> r="')


def unusual_cells(xml: bytes) -> list[int]:
    """Where :data:`_UNUSUAL` matches (a ``<c>``, a ``<c …`` without a leading ``r="``, or a reference
    beyond column J or row 999,999), found with array operations over the bytes: the regular
    expression visits every cell of the sheet in Python's regex engine (1.2 s at a million rows; this
    takes a fifth of that)."""
    a = np.frombuffer(xml, dtype=np.uint8)
    n = len(a)
    found: list[int] = []
    for start in range(0, n, _CHUNK):
        seg = a[start : min(n, start + _CHUNK + 1)]
        at = np.flatnonzero((seg[:-1] == _LT) & (seg[1:] == _C)) + start
        near_end = at + 14 > n
        for p in at[near_end].tolist():  # the last few bytes: the expression itself
            if _UNUSUAL.match(xml, p):
                found.append(p)
        at = at[~near_end]
        nxt = a[at + 2]
        cell = (nxt == _GT) | (nxt == _SP)
        at, nxt = at[cell], nxt[cell]
        has_r = (a[at + 3] == _R) & (a[at + 4] == _EQ) & (a[at + 5] == _QUOTE)
        bad = (nxt == _GT) | ((nxt == _SP) & ~has_r)
        first, second = a[at + 6], a[at + 7]
        upper1 = (first >= 65) & (first <= 90)
        upper2 = (second >= 65) & (second <= 90)
        digits = np.ones(len(at), dtype=bool)
        for k in range(7, 14):
            d = a[at + k]
            digits &= (d >= 48) & (d <= 57)
        far = upper1 & ((first >= 75) | upper2 | digits)
        found += at[bad | (has_r & (nxt == _SP) & far)].tolist()
    return sorted(found)


def extent(xml: bytes) -> Extent:
    """Box of a sheet's cells with a value, from its XML: the last cell (rows are in order) and every
    cell beyond column J or row 999,999 (usually none)."""
    unusual = unusual_cells(xml)  # usually none
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


def put_errors(rows: list[list], xml: bytes) -> None:
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


def percent_styles(styles_xml: bytes) -> set[int]:
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


def styled(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
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


def all_cells(xml: bytes) -> set[tuple[int, int]]:
    return {
        (int(m.group(2)), column_index_from_string(m.group(1).decode()) - 1) for m in _ATTR_R.finditer(xml)
    }


def styled_not(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
    """Cells that carry a style outside ``styles`` (when style 0 is a percentage)."""
    out = set()
    for m in re.finditer(rb'<c\b[^>]*\ss="([0-9]+)"[^>]*>', xml):
        if int(m.group(1)) not in styles and (ref := _ATTR_R.search(m.group(0))):
            out.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode()) - 1))
    return out


def merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet's XML as 0-based (min_col, min_row, max_col, max_row)."""
    out = []
    for ref in _MERGE.findall(xml):
        c1, r1, c2, r2 = range_boundaries(ref.decode())
        out.append((c1 - 1, r1 - 1, c2 - 1, r2 - 1))
    return out
