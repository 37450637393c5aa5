"""Reading ledger documents in every form cities publish them, into one :class:`~ledger.model.Ledger`.

One reader per form — table text (:mod:`.tabletext`), prose 行动方案 (:mod:`.prose`), Word (:mod:`.word`),
PDF (:mod:`.pdf`), the 台账 workbook (:mod:`.ledgerbook`, via :mod:`ledger.ledgerform`) — each turns its
form into the same :class:`~.blocks.Block` s; :func:`~.blocks.assemble` shares everything after that
(one department splitter, one county matcher, the target extractor, the warnings). The form is
recognised by content, not by file name (:mod:`.source`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Ledger
from . import source
from .blocks import Block, Document, assemble
from .errors import LedgerParseError

if TYPE_CHECKING:
    from ..config import CityConfig

__all__ = ["Block", "Document", "LedgerParseError", "read_document", "read_ledger", "read_text_document"]


def read_ledger(
    source_: str | Path | bytes,
    *,
    file_name: str | None = None,
    city: str | None = None,
    plan_year: int | None = None,
    counties: Sequence[str] | Mapping[str, Sequence[str]] = (),
    config: CityConfig | None = None,
) -> Ledger:
    """Read a ledger document (a path, or the file's bytes) into a :class:`Ledger` with its warnings.

    ``city``, ``plan_year`` and ``counties`` are what a person says when onboarding; ``config`` (a city's
    ``config.toml``) gives them when they are not passed, and its department aliases. Without either, the
    title gives city and year. Anything that cannot be read ends in :class:`LedgerParseError` — a
    Chinese sentence naming the line, paragraph or table cell — never another exception.
    """
    aliases = None
    if config is not None:
        city = city or config.city
        plan_year = plan_year or config.plan_year
        counties = counties or config.counties
        aliases = config.department_aliases
    doc = read_document(source_, file_name=file_name, city=city, plan_year=plan_year)
    try:
        return assemble(doc, city=city, plan_year=plan_year, counties=counties, department_aliases=aliases)
    except LedgerParseError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as exc:  # a bug, never a traceback
        raise LedgerParseError("read_internal", reason=type(exc).__name__) from exc


def read_document(
    source_: str | Path | bytes, *, file_name: str | None = None, city: str | None = None,
    plan_year: int | None = None,
) -> Document:
    """The blocks of a ledger document, by its form (see :mod:`.source`)."""
    data, _ = source.load(source_, file_name)
    kind = source.sniff(data)
    if kind == source.OLE2:
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise LedgerParseError("read_encrypted" if encrypted else "read_old_office")
    if kind in (source.XLSB, source.ODS, source.ODT, source.XLSX):
        from .ledgerbook import read_workbook

        return read_workbook(data, kind, city=city, plan_year=plan_year)
    if kind == source.DOCX:
        from .word import read_docx

        return _guarded(read_docx, data, "read_docx_failed")
    if kind == source.PDF:
        from .pdf import read_pdf

        return _guarded(read_pdf, data, "read_pdf_failed")
    text = source.decode(data)
    try:
        return read_text_document(text)
    except LedgerParseError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as exc:  # a bug, never a traceback
        raise LedgerParseError("read_internal", reason=type(exc).__name__) from exc


def read_text_document(text: str) -> Document:
    """The blocks of a ledger given as text: table text (the seed's layout) or a prose 方案.

    A table saved as CSV or pasted from a spreadsheet (tab- or comma-separated, with a ledger header
    row) is read as a table; a text whose paragraphs carry （责任单位：…） notes is read as prose;
    otherwise both readings are made and the one that finds departments for more tasks wins (table
    text on a tie).
    """
    from .prose import looks_like_prose, read_prose_text
    from .tables import read_delimited
    from .tabletext import read_table_text

    delimited = read_delimited(text)
    if delimited is not None:
        return delimited
    if looks_like_prose(text):
        return read_prose_text(text)
    try:
        table = read_table_text(text)
    except LedgerParseError:
        table = None
    prose = read_prose_text(text)
    if table is None or _assigned(prose) > _assigned(table):
        return prose
    return table


def _assigned(doc: Document) -> int:
    """How many of a reading's tasks found a departments cell or note (to choose between two readings)."""
    return sum(1 for block in doc.blocks if block.departments.strip())


def _guarded(reader, data: bytes, code: str) -> Document:
    """Run a reader built on a third-party parser; anything it raises becomes a sentence."""
    try:
        return reader(data)
    except LedgerParseError:
        raise
    except MemoryError:
        raise LedgerParseError("read_too_complex") from None
    except Exception as exc:  # python-docx / pdfminer raise many types for a damaged file
        raise LedgerParseError(code, reason=type(exc).__name__) from exc
