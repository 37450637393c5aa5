"""A filled 台账 (the ledger in its own four columns) uploaded instead of the template: recognised by
its header, read through :mod:`ledger.ledgerform` into task-status records for one month."""

from __future__ import annotations

import pandas as pd

from ..config import normalize_name
from ..errors import UserError
from ..ledgerform import completion_records
from ..model import Ledger
from . import cells
from .xlsx import HEADER_SEARCH_ROWS, Book, Grid

#: The rows-per-sheet label of a 台账 upload (it has no template sheets).
LABEL = "台账"


class PeriodRequired(UserError):
    """A 台账 workbook was uploaded without the month it reports (the page then asks for it)."""

    def __init__(self) -> None:
        super().__init__("form_needs_period")


def is_form(grid: Grid) -> bool:
    """A sheet whose first rows hold the 台账 header 目标任务."""
    return any(
        "目标任务" in normalize_name("".join(str(v) for v in r if not cells.is_blank(v)))
        for r in grid.rows[:HEADER_SEARCH_ROWS]
    )


def find(book: Book) -> tuple[str, Grid] | None:
    """The workbook's first worksheet, with its cells, when it is a 台账; else None."""
    if not book.sheet_names or not book.has_content(book.sheet_names[0]):
        return None
    grid = book.grid(book.sheet_names[0])
    return (book.sheet_names[0], grid) if is_form(grid) else None


def records(
    book: Book, sheet: str, grid: Grid, ledger: Ledger, plan_year: int, period: str | None
) -> pd.DataFrame:
    """Task-status records of the form for ``period`` (which must lie in ``plan_year``); raises
    :class:`PeriodRequired` without one, a WorkbookError naming the rows of unknown tasks."""
    if not period:
        raise PeriodRequired()
    month = cells.parse_period(period, plan_year)
    return completion_records(sheet, grid.rows, book.merged(sheet), ledger, month)


__all__ = ["LABEL", "PeriodRequired", "find", "is_form", "records"]
