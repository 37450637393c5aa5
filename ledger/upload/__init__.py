"""The upload boundary: analysts' workbooks (and filled 台账 forms) in, tidy frames or problems out.

One face: :func:`read_upload` (bytes or a path → :class:`Upload`, or :class:`WorkbookError` listing every
:class:`Problem`), :func:`write_template` (the workbook to fill in), :func:`problem_workbook` (the report
of a rejected upload), :func:`first_sheet` (a workbook's first sheet, checked the same way, for the
台账 parser) and :func:`parse_period` (a period typed by a person).

One job per module:

* ``container`` — the file as a file: type by content, size, zip-bomb and XML-entity guards (once);
* ``xlsx`` — the workbook: sheets bounded by their real extent, cells, merged ranges, percent formats,
  header location; ``sheetxml`` — what a sheet's XML holds, by byte searches (extent, errors, formats);
* ``cells`` — one cell → one value per type;
* ``schema`` — sheets, columns, aliases, value rules and frame dtypes, declared once;
* ``check`` — the one engine applying the schema to a table;
* ``read`` — guard → template or 台账 form → locate → check;
* ``ledger_form`` — a filled 台账 as an upload; ``template`` — the workbook to fill in;
* ``rows`` — cells from elsewhere (the in-app editor) through the same engine;
* ``report`` — the marked copy and the problem list; ``problems`` — Problem and WorkbookError.

The submodules are imported when first used, so :mod:`ledger.ledgerform` can use ``cells`` and
``problems`` while this package reads 台账 uploads through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cells import parse_period
    from .ledger_form import PeriodRequired
    from .problems import Problem, WorkbookError
    from .read import Upload, first_sheet, read_upload
    from .report import problem_workbook, write_problems
    from .rows import check_rows
    from .schema import SCHEMAS
    from .template import write_template

_FACE = {
    "read_upload": "read",
    "check_rows": "rows",
    "first_sheet": "read",
    "Upload": "read",
    "write_template": "template",
    "problem_workbook": "report",
    "write_problems": "report",
    "Problem": "problems",
    "WorkbookError": "problems",
    "PeriodRequired": "ledger_form",
    "parse_period": "cells",
    "SCHEMAS": "schema",
}


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "SCHEMAS",
    "PeriodRequired",
    "Problem",
    "Upload",
    "WorkbookError",
    "check_rows",
    "first_sheet",
    "parse_period",
    "problem_workbook",
    "read_upload",
    "write_problems",
    "write_template",
]
