"""Bytes → :class:`Upload` or :class:`~ledger.upload.problems.WorkbookError`: the container guard (once),
then the template's sheets or a 台账 form, each table located and checked by the one engine."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import normalize_name
from . import ledger_form
from .cells import header_key
from .check import Context, check
from .container import Container, guard_zip
from .problems import Problem, Term, WorkbookError
from .schema import FRAMES, PROGRESS, SCHEMAS, SHEET_ALIASES, TARGETS, TASKS
from .xlsx import Book, Deadline, Table, locate

FORM_HEADER = "目标任务"
#: The steps :func:`read_upload` reports to ``on_step`` (the page shows each as it starts).
STEPS = ("file", "read")


@dataclass(frozen=True)
class Upload:
    """A validated upload: tidy frames, rows read per sheet, the file's identity and what it was.

    ``kind`` is ``upload`` (the template) or ``ledger-form`` (a filled 台账); ``sheets`` the worksheet
    names of the file, for messages about what it holds.
    """

    progress: pd.DataFrame
    tasks: pd.DataFrame
    targets: pd.DataFrame | None
    rows: dict[str, int]
    sha256: str
    file_name: str
    kind: str = "upload"
    sheets: tuple[str, ...] = field(default=())

    @property
    def records(self) -> int:
        """Progress and task records (the catalog sheet not counted)."""
        return len(self.progress) + len(self.tasks)


def _keep(name: str) -> bool:
    """Members the reader reads itself (sheets, styles, workbook, relationships): kept from the guard."""
    return name.endswith((".xml", ".rels")) and "sharedStrings" not in name


def open_container(data: bytes, file_name: str, max_bytes: int | None = None) -> Container:
    """The guard for workbooks: a zip holding ``xl/workbook.xml`` (see :func:`guard_zip`)."""
    return guard_zip(
        data,
        required_member="xl/workbook.xml",
        what="doc_xlsx",
        file_name=file_name,
        max_bytes=max_bytes,
        keep=_keep,
    )


def _source(source: str | Path | bytes, file_name: str) -> tuple[bytes, str]:
    if isinstance(source, str | Path):
        path = Path(source)
        return path.read_bytes(), path.name
    return bytes(source), file_name


def read_upload(
    source: str | Path | bytes,
    bundle,
    *,
    file_name: str = "upload.xlsx",
    period: str | None = None,
    max_bytes: int | None = None,
    on_step: Callable[[str], object] | None = None,
    scope: Any = None,
) -> Upload:
    """Read and validate an analysts' workbook or a filled 台账 (a path or the file's bytes).

    Returns an :class:`Upload` of tidy frames; raises :class:`WorkbookError` listing every problem,
    :class:`~ledger.upload.ledger_form.PeriodRequired` for a 台账 without ``period``, or a
    ``UserError`` for a period outside the plan year. A path's own name replaces ``file_name``;
    ``max_bytes`` limits the file size; ``on_step(step)`` is told each of :data:`STEPS` as it starts.
    ``scope`` (a reporter's :class:`~ledger.auth.Scope`): every row must be of its departments and
    counties, a 指标目标 sheet is refused (the catalog is an admin's), rows are checked against the
    catalog in force only, and a filled 台账 is refused (it carries every department's rows).
    """
    data, file_name = _source(source, file_name)
    step = on_step or (lambda name: None)
    step("file")
    container = open_container(data, file_name, max_bytes)
    try:
        step("read")
        book = Book(container, file_name, Deadline())
        try:
            return _read_book(book, bundle, data, file_name, period, scope)
        finally:
            book.close()
    except WorkbookError as exc:
        exc.openable = True
        raise
    finally:
        container.close()


def first_sheet(data: bytes, file_name: str = "") -> tuple[str, list[list], list]:
    """The first worksheet of a workbook, checked like an upload: (name, cells, merged ranges)."""
    container = open_container(data, file_name)
    try:
        book = Book(container, file_name)
        try:
            if not book.sheet_names:
                raise WorkbookError([Problem("workbook_empty", value=file_name)], openable=True)
            name = book.sheet_names[0]
            return name, book.grid(name).rows, book.merged(name)
        finally:
            book.close()
    finally:
        container.close()


#: What Excel, WPS and LibreOffice append to a copied or renamed sheet: 指标进度(1), 指标进度 (2), 指标进度2,
#: 指标进度-副本, 指标进度（副本）, 指标进度 的副本.
_COPY_MARK = re.compile(r"(?:\(\d+\)|\d+|[-_]?的?副本\d*|\(副本\d*\))$")


def find_sheet(
    names: list[str], canonical: str, has_content: Callable[[str], bool] | None = None
) -> str | None:
    """The sheet of ``names`` that is ``canonical`` (指标进度 …), one of its aliases, or a copy of one
    (指标进度(1)). With ``has_content``: of several such sheets the one holding data; two holding data
    are refused (``sheet_twice``) — reading one would silently drop the other."""
    wanted = {normalize_name(w).lower() for w in (canonical, *SHEET_ALIASES.get(canonical, ()))}
    exact = [n for n in names if normalize_name(n).lower() in wanted]
    copies = [n for n in names if n not in exact and _COPY_MARK.sub("", normalize_name(n).lower()) in wanted]
    found = exact + copies
    if len(found) < 2 or has_content is None:
        return found[0] if found else None
    filled = [n for n in found if has_content(n)]
    if len(filled) > 1:
        shown = "、".join(f"“{n}”" for n in filled)
        raise WorkbookError([Problem("sheet_twice", {"sheet": canonical, "names": shown}, sheet=filled[1])])
    return filled[0] if filled else found[0]


def _lookup(cols: tuple) -> dict[str, str]:
    """Header key → field; a spelling two columns share belongs to the first."""
    out: dict[str, str] = {}
    for c in cols:
        for name in (c.header, c.field, *c.aliases):
            out.setdefault(header_key(name), c.field)
    return out


_LOOKUP = {kind: _lookup(cols) for kind, cols in SCHEMAS.items()}
_REQUIRED = {kind: [(c.field, c.header) for c in cols if c.required] for kind, cols in SCHEMAS.items()}


def _read_book(book: Book, bundle, data: bytes, file_name: str, period: str | None, scope: Any) -> Upload:
    names = book.sheet_names
    found = {c: n for c in (PROGRESS, TASKS, TARGETS) if (n := find_sheet(names, c, book.has_content))}
    sha = hashlib.sha256(data).hexdigest()
    if PROGRESS not in found and TASKS not in found:
        form = ledger_form.find(book)
        if form is not None and scope is not None:
            raise WorkbookError([Problem("ledger_form_for_reporters", {"sheet": form[0]}, sheet=form[0])])
        if form is not None:
            tasks = ledger_form.records(book, *form, bundle.ledger, bundle.config.plan_year, period)
            return Upload(
                _empty(PROGRESS),
                tasks,
                None,
                {ledger_form.LABEL: len(tasks)},
                sha,
                file_name,
                "ledger-form",
                tuple(names),
            )
        if not any(book.has_content(n) for n in names):
            raise WorkbookError([Problem("workbook_empty", value=file_name)])
        have = "、".join(f"“{n}”" for n in names) or Term("none")
        params = {
            "have": have,
            "progress": PROGRESS,
            "tasks": TASKS,
            "targets": TARGETS,
            "header": FORM_HEADER,
        }
        raise WorkbookError([Problem("sheets_missing", params)])
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    if scope is not None and TARGETS in found:  # a reporter sends its rows only, never the catalog
        name = found.pop(TARGETS)
        problems.append(Problem("targets_not_for_reporters", {"sheet": name}, sheet=name))
    for canonical in (TARGETS, PROGRESS, TASKS):
        if canonical not in found:
            continue
        name = found[canonical]
        if not book.has_content(name):
            problems.append(Problem("sheet_empty", sheet=name))
            continue
        try:
            grid = book.grid(name)
        except WorkbookError as exc:
            problems.extend(exc.problems)
            continue
        located = locate(grid, canonical, _LOOKUP[canonical], _REQUIRED[canonical], header_key)
        if isinstance(located, list):
            problems.extend(located)
        else:
            tables[canonical] = located
    frames: dict[str, pd.DataFrame | None] = {}
    ctx = Context(bundle, scope=scope)
    for canonical in (TARGETS, PROGRESS, TASKS):
        if canonical not in tables:
            continue
        if canonical == PROGRESS:
            ctx = Context(bundle, frames.get(TARGETS), scope)
        table = tables[canonical]
        numeric = [table.cols[c.field][0] for c in SCHEMAS[canonical] if c.numeric and c.field in table.cols]
        frame, found_problems = check(
            table, ctx, book.percent_cells(table.sheet, numeric), book.merged(table.sheet)
        )
        book.deadline.check()
        frames[canonical] = frame
        problems.extend(found_problems)
    if problems:
        order = {"": 0, **{name: k for k, name in enumerate(found.values(), start=1)}}
        problems.sort(key=lambda p: (order.get(p.sheet, 9), p.row or 0))
        raise WorkbookError(problems)
    progress = frames.get(PROGRESS)
    tasks = frames.get(TASKS)
    targets = frames.get(TARGETS)
    rows = {c: len(frames[c]) for c in (PROGRESS, TASKS) if c in found}
    if targets is not None:
        rows[TARGETS] = len(targets)
    return Upload(
        progress=_empty(PROGRESS) if progress is None else progress,
        tasks=_empty(TASKS) if tasks is None else tasks,
        targets=targets if TARGETS in found else None,
        rows=rows,
        sha256=sha,
        file_name=file_name,
        sheets=tuple(names),
    )


def _empty(kind: str) -> pd.DataFrame:
    columns, floats, dates = FRAMES[kind]
    frame = pd.DataFrame(columns=columns)
    return frame.astype({c: float if c in floats else object if c in dates else "str" for c in columns})


__all__ = ["STEPS", "Upload", "find_sheet", "first_sheet", "open_container", "read_upload"]
