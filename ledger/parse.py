"""The ledger text parser's public names, kept for callers written before :mod:`ledger.read`.

``parse_text`` reads a ledger given as text (table text or a prose 方案), ``parse_file`` any ledger
document (text, .docx, .pdf, 台账 .xlsx) by its content, ``split_departments`` one 责任部门 cell. They are
thin wrappers of :func:`ledger.read.read_ledger` and its parts.
"""

from __future__ import annotations

from pathlib import Path

from .model import Ledger
from .read import LedgerParseError, read_ledger, read_text_document
from .read.blocks import DEFAULT_YEAR, assemble, city_from_title, year_from_title
from .read.departments import split_cell
from .read.numbering import ARABIC_RE, CATEGORY_RE, TASK_RE, cn_number

__all__ = [
    "ARABIC_RE",
    "CATEGORY_RE",
    "TASK_RE",
    "LedgerParseError",
    "city_from_title",
    "cn_number",
    "parse_file",
    "parse_text",
    "plan_year_from_title",
    "split_departments",
]


def parse_file(path: str | Path, *, plan_year: int | None = None, city: str | None = None) -> Ledger:
    """Parse a ledger document of any form (see :func:`ledger.read.read_ledger`)."""
    return read_ledger(Path(path), plan_year=plan_year, city=city)


def parse_text(text: str, *, plan_year: int | None = None, city: str | None = None) -> Ledger:
    """Parse ledger text (table text or a prose 方案) into a :class:`Ledger`.

    ``plan_year`` defaults to a year in the title, else 2023 (the shipped ledger's); ``city`` to the
    title's leading 某某市.
    """
    return assemble(read_text_document(text), city=city, plan_year=plan_year)


def plan_year_from_title(title: str, default: int = DEFAULT_YEAR) -> int:
    """A year written in the title (2024年…), else ``default`` (the shipped ledger's year)."""
    return year_from_title(title) or default


def split_departments(cell: str, city: str = "") -> tuple[list[str], bool]:
    """Split a 责任部门 cell into canonical department names (lead first) and whether counties are assigned.

    ``市审批局、公安局、卫健委`` → 市审批局, 市公安局, 市卫健委 (the level prefix is written once for a list);
    ``市场监管局`` after it → 市市场监管局; ``…等相关部门`` and ``…领导小组成员单位`` are groups, not
    departments; names that carry their own place (国网石嘴山供电公司, 人行市中心支行) get no prefix;
    各县区政府 and named county governments (平罗县政府) set the county flag instead of naming a
    department. :func:`ledger.read.departments.split_cell` gives lead/support and the county list too.
    """
    who = split_cell(cell, city=city)
    return list(who.departments), who.counties
