"""The 台账 as a workbook (.xlsx): read by :mod:`ledger.ledgerform`, then assembled like every other form.

This module only routes and catches: the container guard first, then ``read_ledger_form``; whatever the
workbook reader raises becomes a :class:`LedgerParseError`. .xlsb, .ods and .odt are refused with a
sentence saying what to save them as (unless the workbook reader learns to read them).
"""

from __future__ import annotations

import warnings

from . import source
from .blocks import Block, Document
from .container import check_zip
from .errors import LedgerParseError

_REFUSED = {source.XLSB: "read_xlsb", source.ODS: "read_ods", source.ODT: "read_odt"}


def read_workbook(data: bytes, kind: str, *, city: str | None = None, plan_year: int | None = None
                  ) -> Document:
    """The blocks of a 台账 workbook (one task per row of the ledger form)."""
    if kind in _REFUSED:  # .xlsb, .ods, .odt: the user is told to save it as .xlsx (.docx)
        raise LedgerParseError(_REFUSED[kind])
    check_zip(data, "xl/workbook.xml", "doc_xlsx")
    from ..ledgerform import (
        read_ledger_form,  # late: ledgerform imports ledger.parse, which imports this package
    )

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles it fills in; the user needs none of it
            warnings.simplefilter("ignore")
            ledger = read_ledger_form(data, plan_year=plan_year, city=city)
    except LedgerParseError:
        raise
    except MemoryError:
        raise LedgerParseError("read_too_complex") from None
    except Exception as exc:  # openpyxl and friends raise many types for a workbook they cannot read
        raise LedgerParseError("read_workbook_failed", reason=type(exc).__name__) from exc
    blocks = []
    for task in ledger.tasks:
        cell = "、".join(task.departments)
        if task.counties:
            cell += "，" + ("、".join(task.county_list) if task.county_list else "各县区")
        blocks.append(Block(category=task.category, category_no=task.category_no, text=task.text,
                            departments=cell, completion=task.completion))
    return Document(title=ledger.title, blocks=blocks, form="xlsx")
