"""Append-only store of imports, progress, task status and indicator targets (SQLAlchemy Core).

Any SQLAlchemy URL works (SQLite by default, PostgreSQL via ``postgresql+psycopg://``); only portable
column types are used. Nothing is updated or deleted in place: every import appends the records it
adds or changes, and a revert appends the records it restores (or tombstones). The *current view* of a
table is the latest record per key (highest id) unless that record is a tombstone (``deleted``).

Writes are serialised: every write transaction first locks the ``data_version`` row of ``meta``
(``SELECT … FOR UPDATE`` on servers) and, on SQLite, starts with ``BEGIN IMMEDIATE`` (WAL journal,
30 s busy timeout), so two processes importing at once queue up instead of failing or interleaving.
The comparison with the current view happens inside that lock, so counts are always right.

Several ledgers (a city × plan year each) live in one database. Every import and every record carries
its ``ledger`` id; a :class:`Store` is scoped to one ledger (:meth:`Store.scoped`) and reads and writes
only that ledger's records, so next year's ledger never loses or mixes with last year's. The ``ledgers``
table registers each ledger: its city, plan year, title, config and the ledger document itself, so every
app process behind a proxy serves the same ledgers from the database alone.

Database failures and refused input reach callers as :class:`StoreError` (a
:class:`~ledger.errors.UserError`: an i18n code, said in the user's language); programming errors
(wrong ``kind``) stay ordinary Python exceptions.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection

from .errors import UserError
from .i18n import t
from .model import PROGRESS_KEY, TASK_KEY
from .upload.schema import FRAMES, PROGRESS, TARGETS, TASKS

__all__ = [
    "KINDS",
    "LEGACY_LEDGER",
    "SHEET_PROGRESS",
    "SHEET_TARGETS",
    "SHEET_TASKS",
    "ImportResult",
    "LedgerEntry",
    "Store",
    "StoreError",
    "metadata",
]

SHEET_PROGRESS, SHEET_TASKS, SHEET_TARGETS = PROGRESS, TASKS, TARGETS
#: Allowed values of ``imports.kind``.
KINDS = ("upload", "sample", "revert", "catalog", "ledger-form", "submission")
#: Test-only hooks (read at commit time): sleep this many seconds inside the write transaction, after
#: all rows are written and before COMMIT, announcing it on stderr; or fail there with RuntimeError.
TEST_SLEEP_ENV = "LEDGER_TEST_SLEEP_IN_COMMIT"
TEST_FAIL_ENV = "LEDGER_TEST_FAIL_IN_COMMIT"
TEST_SLEEP_MARK = "LEDGER_TEST: in commit"

_VERSION_KEY = "data_version"
#: 1: one ledger per database; 2: a ``ledger`` column on imports and records, and the ``ledgers`` table.
_SCHEMA_VERSION = "2"
#: The ledger id on records written before there were several ledgers, when nobody says whose they are.
LEGACY_LEDGER = "default"
_FLOAT_RTOL, _FLOAT_ATOL = 1e-9, 1e-12
_MAX_PERIOD_FILTER = 500
#: From this many records written to a table, a commit refreshes its planner statistics (PostgreSQL).
_ANALYZE_ROWS = 10_000


class StoreError(UserError):
    """A database problem or input the store refuses: an i18n ``code`` with its parameters, said in
    the user's language by :meth:`message`.

    ``reason`` is a short code: ``locked``, ``open``, ``connect``, ``url``, ``uninitialised``,
    ``data`` (rejected input), ``state`` (unknown / already reverted import), ``unchanged`` (a commit
    with ``require_change`` that would change nothing) or ``error``.
    """

    def __init__(self, code: str, reason: str = "error", **params: object) -> None:
        super().__init__(code, None, **params)
        self.reason = reason


@dataclass(frozen=True)
class ImportResult:
    """What a commit or revert wrote: its import id and per-sheet counts.

    ``counts`` maps a sheet name (``指标进度``, ``任务进展``, ``指标目标``) that was part of the import to
    ``{"added": n, "changed": n, "unchanged": n}`` (a revert also reports ``removed``).
    """

    import_id: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    data_version: int = 0

    @property
    def written(self) -> int:
        """Number of records appended (added + changed + removed)."""
        return sum(
            c.get("added", 0) + c.get("changed", 0) + c.get("removed", 0) for c in self.counts.values()
        )


# --- schema -------------------------------------------------------------------------------------

metadata = sa.MetaData()
_KEY = sa.String(255)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("user", sa.String(255), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("reverts", sa.Integer, sa.ForeignKey("imports.id"), nullable=True),
    sa.Column("rows_json", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("ledger", _KEY, nullable=False, server_default=LEGACY_LEDGER),
    sa.Index("ix_imports_reverts", "reverts"),
    sa.Index("ix_imports_ledger", "ledger", "id"),
    sqlite_autoincrement=True,
)

#: The registered ledgers, append-only: the current entry of an ``id`` is its row with the highest seq.
ledgers_table = sa.Table(
    "ledgers",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", _KEY, nullable=False),
    sa.Column("city", sa.String(64), nullable=False),
    sa.Column("plan_year", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("config_toml", sa.Text, nullable=False),
    sa.Column("document_name", sa.Text, nullable=False),
    sa.Column("document", sa.LargeBinary, nullable=False),
    sa.Column("document_sha256", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("created_by", sa.String(255), nullable=False),
    sa.Index("ix_ledgers_id", "id", "seq"),
    sqlite_autoincrement=True,
)


def _record_table(name: str, key: list[str], values: list[sa.Column]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
        sa.Column("ledger", _KEY, nullable=False, server_default=LEGACY_LEDGER),
        *[sa.Column(k, _KEY, nullable=False) for k in key],
        *values,
        sa.Column("deleted", sa.Boolean, nullable=False, default=False),
        # Covers MAX(id) per key (the current view) within one ledger without touching the table.
        sa.Index(f"ix_{name}_lkey", "ledger", *key, "id", "import_id"),
        sa.Index(f"ix_{name}_import", "import_id"),
    )


def progress_values() -> list[sa.Column]:
    """The value columns of a 指标进度 record (new Column objects: a column belongs to one table); the
    workflow's held records (``ledger.workflow.schema``) have the same."""
    return [sa.Column("actual", sa.Float, nullable=True), sa.Column("note", sa.Text, nullable=False)]


def task_values() -> list[sa.Column]:
    """The value columns of a 任务进展 record (see :func:`progress_values`)."""
    return [
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("percent", sa.Float, nullable=True),
        sa.Column("completion", sa.Text, nullable=False),
    ]


progress_table = _record_table("progress", PROGRESS_KEY, progress_values())
task_table = _record_table("task_status", TASK_KEY, task_values())
target_table = _record_table(
    "indicator_targets",
    ["indicator"],
    [
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("deadline", sa.String(10), nullable=True),
        sa.Column("baseline", sa.Float, nullable=True),
    ],
)


@dataclass(frozen=True)
class _Sheet:
    """How one workbook sheet maps to a record table and a tidy frame."""

    name: str
    table: sa.Table
    columns: tuple[str, ...]
    key: tuple[str, ...]
    floats: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    @property
    def values(self) -> list[str]:
        return [c for c in self.columns if c not in self.key]

    @property
    def has_period(self) -> bool:
        return "period" in self.key


def _sheet(name: str, table: sa.Table, key: list[str]) -> _Sheet:
    """A sheet's columns and dtypes as :data:`ledger.upload.schema.FRAMES` declares them."""
    columns, floats, dates = FRAMES[name]
    return _Sheet(name, table, tuple(columns), tuple(key), floats=floats, dates=dates)


_SHEETS = (
    _sheet(SHEET_PROGRESS, progress_table, PROGRESS_KEY),
    _sheet(SHEET_TASKS, task_table, TASK_KEY),
    _sheet(SHEET_TARGETS, target_table, ["indicator"]),
)
_BY_NAME = {s.name: s for s in _SHEETS}


@dataclass(frozen=True)
class LedgerEntry:
    """A registered ledger: its id, city, plan year, title, the text of its config.toml and the ledger
    document as it was given (name and bytes)."""

    id: str
    city: str
    plan_year: int
    title: str
    config_toml: str
    document_name: str
    document: bytes = field(repr=False)
    document_sha256: str
    created_at: str
    created_by: str


# --- the store ----------------------------------------------------------------------------------


class Store:
    """The ledger database behind one SQLAlchemy engine (thread-safe; share one per process).

    ``Store(url)`` only builds the engine (SQLite: creates the parent folder); call :meth:`init`, or use
    :meth:`from_url`, to create the tables. ``busy_timeout`` is how long a write waits for another
    writer (seconds) before failing with "数据库被占用". The records read and written are those of one
    ledger, ``ledger`` (default: :func:`default_ledger`, the one ``LEDGER_ID`` or the city file in force
    names); :meth:`scoped` gives the same database scoped to another ledger, sharing the engine.
    """

    def __init__(self, url: str, *, busy_timeout: float = 30.0, ledger: str | None = None) -> None:
        self.ledger = _ledger_id(ledger or default_ledger())
        try:
            parsed = sa.make_url(url)
        except (sa.exc.ArgumentError, ValueError, TypeError) as exc:
            raise StoreError("store_url_invalid", "url", url=_mask(str(url))) from exc
        self.display_url = parsed.render_as_string(hide_password=True)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict = {}
        if self.is_sqlite:
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                try:
                    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError("store_no_folder", "open", url=self.display_url, detail=exc) from exc
            kwargs["connect_args"] = {"timeout": busy_timeout}
        else:
            kwargs["pool_pre_ping"] = True
            driver = parsed.drivername.partition("+")[2] or "psycopg2"
            pg_libpq = parsed.get_backend_name() == "postgresql" and driver in ("psycopg", "psycopg2")
            if pg_libpq and "options" not in parsed.query:
                # Parity with SQLite's busy timeout: wait this long for another writer's lock.
                kwargs["connect_args"] = {"options": f"-c lock_timeout={int(busy_timeout * 1000)}"}
        try:
            self.engine = sa.create_engine(parsed, **kwargs)
        except ImportError as exc:
            raise StoreError("store_no_driver", "url", driver=exc.name or "", url=self.display_url) from exc
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
            raise StoreError("store_url_unsupported", "url", url=self.display_url, detail=exc) from exc
        if self.is_sqlite and self.engine.dialect.driver == "pysqlite":
            _install_sqlite_hooks(self.engine, busy_timeout)
        self._writer = self.engine.execution_options(ledger_write=True)
        dbapi = getattr(self.engine.dialect, "loaded_dbapi", None)
        self._dbapi_errors: tuple[type[BaseException], ...] = (dbapi.Error,) if dbapi is not None else ()

    @classmethod
    def from_url(cls, url: str, *, legacy_ledger: str | None = None, **kwargs) -> Store:
        """``Store(url, **kwargs)`` followed by :meth:`init` (``legacy_ledger``: see there)."""
        store = cls(url, **kwargs)
        try:
            store.init(legacy_ledger=legacy_ledger)
        except BaseException:
            store.dispose()
            raise
        return store

    def __repr__(self) -> str:
        return f"Store({self.display_url!r}, ledger={self.ledger!r})"

    def scoped(self, ledger: str) -> Store:
        """The same database (same engine and pool) scoped to the records of ``ledger``."""
        other = copy.copy(self)
        other.ledger = _ledger_id(ledger)
        return other

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    @property
    def write_engine(self) -> sa.Engine:
        """The engine for write transactions of companion tables (e.g. :mod:`ledger.auth`): on SQLite
        its transactions start with ``BEGIN IMMEDIATE``, so writers queue up like the store's own."""
        return self._writer

    def errors(self) -> contextlib.AbstractContextManager[None]:
        """A context in which database failures become :class:`StoreError` (for companion tables)."""
        return self._errors()

    # -- setup ---------------------------------------------------------------------------------

    def init(self, *, legacy_ledger: str | None = None) -> Store:
        """Create the tables and the ``data_version`` counter if missing (idempotent).

        An initialised database is recognised by reading alone, so opening one never waits for the
        write lock that an import in progress holds (readers are not blocked on SQLite's WAL either).
        A database of schema 1 (one ledger, no ``ledger`` column) is migrated in the same transaction:
        its imports and records become those of ``legacy_ledger`` (default: this store's ledger).
        """
        if self._initialised():
            return self
        for attempt in (1, 2):
            try:
                with self._errors(), self._writer.begin() as conn:
                    _migrate(conn, _ledger_id(legacy_ledger or self.ledger))
                    metadata.create_all(conn)
                    have = set(conn.execute(sa.select(meta.c.key)).scalars())
                    missing = [
                        {"key": k, "value": v}
                        for k, v in ((_VERSION_KEY, "0"), ("schema_version", _SCHEMA_VERSION))
                        if k not in have
                    ]
                    if missing:
                        conn.execute(meta.insert(), missing)
                return self
            except StoreError as exc:
                # Two servers' clients creating the schema at once: the loser retries once.
                cause = exc.__cause__
                if (
                    attempt == 2
                    or self.is_sqlite
                    or not isinstance(cause, sa.exc.IntegrityError | sa.exc.ProgrammingError)
                ):
                    raise
        return self

    def _initialised(self) -> bool:
        try:
            with self._errors(), self.engine.connect() as conn:
                tables = set(sa.inspect(conn).get_table_names())
                if not set(metadata.tables) <= tables:
                    return False
                rows = dict(conn.execute(sa.select(meta.c.key, meta.c.value)).all())
        except StoreError as exc:
            if exc.reason == "uninitialised":
                return False
            raise
        return _VERSION_KEY in rows and rows.get("schema_version") == _SCHEMA_VERSION

    # -- reads ---------------------------------------------------------------------------------

    def data_version(self) -> int:
        """The counter every commit and revert bumps (0 for a fresh or uninitialised database)."""
        with self._errors(), self.engine.connect() as conn:
            try:
                value = conn.execute(sa.select(meta.c.value).where(meta.c.key == _VERSION_KEY)).scalar()
            except sa.exc.DBAPIError as exc:
                if _is_missing_table(exc):
                    return 0
                raise
        return int(value or 0)

    def has_data(self) -> bool:
        """Whether this ledger has any import (False for an uninitialised database)."""
        with self._errors(), self.engine.connect() as conn:
            try:
                stmt = sa.select(imports.c.id).where(imports.c.ledger == self.ledger).limit(1)
                return conn.execute(stmt).first() is not None
            except sa.exc.DBAPIError as exc:
                if _is_missing_table(exc):
                    return False
                raise

    def progress(self, as_of_import: int | None = None, *, columns: list[str] | None = None) -> pd.DataFrame:
        """Current progress records (``PROGRESS_COLUMNS``, or just ``columns`` of them: leaving out the
        notes halves the read at 300k records), or as they were right after an import."""
        return self._view(_BY_NAME[SHEET_PROGRESS], as_of_import, columns)

    def task_status(
        self, as_of_import: int | None = None, *, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """Current task status records (``TASK_COLUMNS``, or just ``columns`` of them), or as they were
        right after an import."""
        return self._view(_BY_NAME[SHEET_TASKS], as_of_import, columns)

    def targets(self, as_of_import: int | None = None) -> pd.DataFrame:
        """Current indicator targets (``INDICATOR_COLUMNS``; deadline ``date`` or None, baseline float)."""
        return self._view(_BY_NAME[SHEET_TARGETS], as_of_import)

    def latest(
        self, sheet: str, as_of: str | None, *, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """Per item (the key without its period: indicator × department × county, or task × department
        × county), its current record of the latest period ``<= as_of`` (None: the latest of all),
        computed in the database; ``sheet`` is :data:`SHEET_PROGRESS` or :data:`SHEET_TASKS`. The same
        rows as :func:`ledger.metrics.latest_as_of` of the whole current view, but only one per item
        leaves the database. Columns: the sheet's (or ``columns``), sorted by item, then period."""
        return self._ranked(_BY_NAME[sheet], as_of, columns, top=1)

    def recent(
        self, as_of: str | None, *, window: int, year: int, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """Per progress item, its latest ``window`` current records with a figure from periods of plan
        year ``year`` up to ``as_of``: the rows a trend of each item is fitted to
        (:func:`ledger.projection.project`), whatever the stored history."""
        sheet = _BY_NAME[SHEET_PROGRESS]
        prefix = f"{int(year):04d}-"
        return self._ranked(
            sheet, as_of, columns, top=window, keys=lambda k: [sa.func.substr(k.c.period, 1, 5) == prefix],
            where=[sheet.table.c.actual.is_not(None)],
        )

    def progress_of(
        self, indicator: str, as_of: str | None, *, columns: list[str] | None = None
    ) -> pd.DataFrame:
        """Current progress records of one indicator with periods ``<= as_of`` (None: all): one
        indicator's trend, read from the database."""
        sheet = _BY_NAME[SHEET_PROGRESS]
        _check_columns(sheet, columns)

        def keys(k: sa.Table) -> list:
            upto = [k.c.period <= str(as_of)] if as_of is not None else []
            return [k.c.indicator == str(indicator), *upto]

        with self._errors(), self.engine.connect() as conn:
            return _output(sheet, _read_view(conn, sheet, self.ledger, columns=columns, keys=keys))

    def _ranked(
        self, sheet: _Sheet, as_of: str | None, columns: list[str] | None, *, top: int,
        keys: KeyFilter | None = None, where: list | None = None,
    ) -> pd.DataFrame:
        """Per item, its current records of its ``top`` latest periods ``<= as_of`` (among the keys
        meeting ``keys`` and the records meeting ``where``): one window over the current records."""
        _check_columns(sheet, columns)
        cols = list(columns or sheet.columns)
        t = sheet.table
        item = [t.c[k] for k in sheet.key if k != "period"]

        def narrowed(k: sa.Table) -> list:
            return [*([k.c.period <= str(as_of)] if as_of is not None else []), *(keys(k) if keys else [])]

        rank = sa.func.row_number().over(partition_by=item, order_by=t.c.period.desc()).label("_rank")
        inner = _current(sheet, self.ledger, [*[t.c[c] for c in cols], rank], keys=narrowed)
        if where:
            inner = inner.where(*where)
        ranked = inner.subquery("ranked")
        order = [k for k in sheet.key if k != "period"] + ["period"]
        stmt = sa.select(*[ranked.c[c] for c in cols]).where(ranked.c["_rank"] <= int(top))
        stmt = stmt.order_by(*[ranked.c[k] for k in order if k in cols])
        with self._errors(), self.engine.connect() as conn:
            return _output(sheet, _fetch_tidy(conn, stmt, sheet, cols))

    def periods(self) -> pd.DataFrame:
        """The periods with current records of this ledger, counted in the database (no records are
        read): columns ``period``, ``progress`` (current 指标进度 records with a figure) and ``tasks``
        (current 任务进展 records), one row per period, sorted. A key counts once, in its own period."""
        counts: dict[str, dict[str, int]] = {}
        with self._errors(), self.engine.connect() as conn:
            for name, col in ((SHEET_PROGRESS, "progress"), (SHEET_TASKS, "tasks")):
                sheet = _BY_NAME[name]
                t = sheet.table
                stmt = _current(sheet, self.ledger, [t.c.period, sa.func.count()])
                if col == "progress":
                    stmt = stmt.where(t.c.actual.is_not(None))
                for period, n in conn.execute(stmt.group_by(t.c.period)).all():
                    counts.setdefault(str(period), {})[col] = int(n)
        rows = [(p, c.get("progress", 0), c.get("tasks", 0)) for p, c in sorted(counts.items())]
        frame = pd.DataFrame(rows, columns=["period", "progress", "tasks"])
        return frame.astype({"period": "str", "progress": "int64", "tasks": "int64"})

    def reported(self, period: str, *, values: bool = False) -> dict[str, pd.DataFrame]:
        """The current records of one ``period``, read through the key index: ``{指标进度: …, 任务进展: …}``
        with the key columns only, or every column with ``values``."""
        with self._errors(), self.engine.connect() as conn:
            return {
                sheet.name: _read_view(
                    conn, sheet, self.ledger, periods=[str(period)],
                    columns=list(sheet.columns if values else sheet.key),
                )
                for sheet in _SHEETS if sheet.has_period
            }

    def _view(
        self, sheet: _Sheet, as_of_import: int | None, columns: list[str] | None = None
    ) -> pd.DataFrame:
        _check_columns(sheet, columns)
        with self._errors(), self.engine.connect() as conn:
            if as_of_import is not None:
                self._get_import(conn, as_of_import)
            return _output(sheet, _read_view(conn, sheet, self.ledger, upto=as_of_import, columns=columns))

    def history(self) -> pd.DataFrame:
        """All imports, newest first.

        Columns: id, created_at (UTC ISO text), user, file_name, sha256, kind, reverts (import id or
        <NA>), rows (dict of per-sheet counts), note, sample (kind == 'sample'), reverted_by (id of the
        revert that undid it, or <NA>).
        """
        cols = ["id", "created_at", "user", "file_name", "sha256", "kind", "reverts", "rows_json", "note"]
        with self._errors(), self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(*[imports.c[c] for c in cols])
                .where(imports.c.ledger == self.ledger)
                .order_by(imports.c.id.desc())
            ).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=cols)
        df["id"] = df["id"].astype("int64")
        df["reverts"] = pd.array(df["reverts"].tolist(), dtype="Int64")
        df["rows"] = pd.Series([json.loads(s) if s else {} for s in df.pop("rows_json")], dtype=object)
        df = df[["id", "created_at", "user", "file_name", "sha256", "kind", "reverts", "rows", "note"]]
        for c in ("created_at", "user", "file_name", "sha256", "kind", "note"):
            df[c] = df[c].astype("str")
        df["sample"] = (df["kind"] == "sample").astype(bool)
        undone = {int(r): int(i) for i, r in zip(df["id"], df["reverts"], strict=True) if pd.notna(r)}
        df["reverted_by"] = pd.array([undone.get(int(i)) for i in df["id"]], dtype="Int64")
        return df.reset_index(drop=True)

    # -- the registry of ledgers -------------------------------------------------------------------

    def ledgers(self) -> list[LedgerEntry]:
        """The current entry of every registered ledger, newest plan year first, then by id."""
        cols = [ledgers_table.c[f.name] for f in dataclasses.fields(LedgerEntry)]
        latest = sa.select(sa.func.max(ledgers_table.c.seq)).group_by(ledgers_table.c.id)
        with self._errors(), self.engine.connect() as conn:
            try:
                rows = conn.execute(sa.select(*cols).where(ledgers_table.c.seq.in_(latest))).all()
            except sa.exc.DBAPIError as exc:
                if _is_missing_table(exc):
                    return []
                raise
        entries = [LedgerEntry(*r) for r in rows]
        return sorted(entries, key=lambda e: (-e.plan_year, e.id))

    def ledger_entry(self, ledger: str | None = None) -> LedgerEntry | None:
        """The current entry of ``ledger`` (default: this store's), or None when it is not registered."""
        want = self.ledger if ledger is None else str(ledger)
        return next((e for e in self.ledgers() if e.id == want), None)

    def register_ledger(
        self,
        *,
        city: str,
        plan_year: int,
        title: str,
        config_toml: str,
        document_name: str,
        document: bytes,
        user: str,
        catalog: pd.DataFrame | None = None,
        catalog_file: str = "",
        catalog_sha256: str = "",
    ) -> LedgerEntry:
        """Register (or re-register with a new document or config) this store's ledger; append-only: an
        earlier entry stays in the table. With ``catalog`` (an indicator-catalog frame) the catalog is
        committed as a ``catalog`` import in the same transaction. Bumps the data version once, so
        every app process sees it."""
        row = {
            "id": self.ledger,
            "city": str(city),
            "plan_year": int(plan_year),
            "title": str(title),
            "config_toml": str(config_toml),
            "document_name": str(document_name),
            "document": bytes(document),
            "document_sha256": hashlib.sha256(document).hexdigest(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "created_by": str(user or ""),
        }
        if catalog is not None:
            self.commit(targets=catalog, user=user, file_name=catalog_file, sha256=catalog_sha256,
                        kind="catalog", entry=row)
        else:
            with self._errors(), self._writer.begin() as conn:
                _bump_version(conn)
                conn.execute(ledgers_table.insert().values(**row))
        return LedgerEntry(**row)

    def preview(
        self,
        progress: pd.DataFrame | None = None,
        tasks: pd.DataFrame | None = None,
        targets: pd.DataFrame | None = None,
        *,
        checked: bool = False,
    ) -> dict[str, pd.DataFrame]:
        """What :meth:`commit` would do, without writing.

        Returns one frame per given sheet: its columns (new values), ``change`` ('added' | 'changed' |
        'unchanged') and ``old_<col>`` for each value column that changed somewhere (set on the rows
        where it changed). Raises :class:`StoreError` for input the store cannot take. ``checked``: see
        :meth:`commit`.
        """
        frames = _normalise_all(progress, tasks, targets, checked)
        with self._errors(), self.engine.connect() as conn:
            return {
                name: _output(_BY_NAME[name], _compare(_BY_NAME[name], new, self._current(conn, name, new)))
                for name, new in frames.items()
            }

    # -- writes --------------------------------------------------------------------------------

    def commit(
        self,
        progress: pd.DataFrame | None = None,
        tasks: pd.DataFrame | None = None,
        targets: pd.DataFrame | None = None,
        *,
        user: str,
        file_name: str,
        sha256: str,
        kind: str = "upload",
        note: str = "",
        entry: dict | None = None,
        require_change: bool = False,
        checked: bool = False,
        then: Callable[[Connection, int], None] | None = None,
    ) -> ImportResult:
        """Record an import in one transaction; append only added and changed records.

        Frames use the tidy schemas of :data:`ledger.upload.schema.FRAMES` (all columns required; extra
        columns are ignored). Keys must be non-empty and unique within a frame. Returns the new import id
        and per-sheet counts (only for the sheets given). Nothing is written if anything fails. ``entry``
        (from :meth:`register_ledger`) registers the ledger in the same transaction. With
        ``require_change``, a commit that would add or change nothing raises ``StoreError`` (reason
        ``unchanged``) instead of recording an empty import. ``checked``: the frames come from
        :func:`ledger.upload.read_upload`, which has checked keys and values already, so only their
        columns and dtypes are taken. ``then(conn, import_id)`` runs inside the same transaction after the
        records are written (e.g. a submission's state change, :mod:`ledger.workflow.review`); if it
        raises, nothing is written.
        """
        if kind not in KINDS or kind == "revert":
            raise ValueError(f"kind must be one of {KINDS[:2] + KINDS[3:]}, not {kind!r}")
        frames = _normalise_all(progress, tasks, targets, checked)
        with self._errors(), self._writer.begin() as conn:
            version = _bump_version(conn)
            diffs = {
                name: _compare(_BY_NAME[name], new, self._current(conn, name, new))
                for name, new in frames.items()
            }
            counts = {name: _count(d) for name, d in diffs.items()}
            if require_change and not any(c["added"] or c["changed"] for c in counts.values()):
                raise StoreError("store_unchanged", "unchanged")
            import_id = _insert_import(
                conn,
                ledger=self.ledger,
                user=user,
                file_name=file_name,
                sha256=sha256,
                kind=kind,
                reverts=None,
                counts=counts,
                note=note,
            )
            for name, d in diffs.items():
                sheet = _BY_NAME[name]
                changed = d.loc[d["change"] != "unchanged", list(sheet.columns)]
                _insert_records(conn, sheet, changed, import_id, self.ledger)
            if entry is not None:
                conn.execute(ledgers_table.insert().values(**entry))
            if then is not None:
                then(conn, import_id)
            _test_hooks()
        self._refresh_statistics(counts)
        return ImportResult(import_id, counts, version)

    def revert(self, import_id: int, *, user: str, note: str = "") -> ImportResult:
        """Undo an import: a new 'revert' import restoring, for every key it touched, the record that
        key had right before it (a tombstone where the key did not exist).

        Raises :class:`StoreError` for an unknown import or one that has already been reverted.
        """
        with self._errors(), self._writer.begin() as conn:
            version = _bump_version(conn)
            target = self._get_import(conn, import_id)
            import_id = int(target.id)
            undone_by = conn.execute(sa.select(imports.c.id).where(imports.c.reverts == import_id)).scalar()
            if undone_by is not None:
                raise StoreError("store_already_reverted", "state", id=import_id, by=undone_by)
            plans: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
            counts: dict[str, dict[str, int]] = {}
            for sheet in _SHEETS:
                touched = _keys_of(conn, sheet, import_id)
                if touched.empty:
                    continue
                before = _read_view(conn, sheet, self.ledger, upto=import_id - 1, keys_of=import_id)
                merged = touched.merge(before, on=list(sheet.key), how="left", indicator="_side")
                restore = merged.loc[merged["_side"] == "both", list(sheet.columns)].reset_index(drop=True)
                absent = merged.loc[merged["_side"] == "left_only", list(sheet.key)]
                current = _read_view(conn, sheet, self.ledger, keys_of=import_id)
                diff = _compare(sheet, restore, current)
                remove = absent.merge(current[list(sheet.key)], on=list(sheet.key), how="inner")
                plans[sheet.name] = (diff, remove)
                counts[sheet.name] = {**_count(diff), "removed": len(remove)}
                counts[sheet.name]["unchanged"] += len(absent) - len(remove)
            new_id = _insert_import(
                conn,
                ledger=self.ledger,
                user=user,
                file_name=target.file_name,
                sha256="",
                kind="revert",
                reverts=import_id,
                counts=counts,
                note=note or t("store_revert_note", "zh", id=import_id, file=target.file_name),
            )
            for name, (diff, remove) in plans.items():
                sheet = _BY_NAME[name]
                _insert_records(
                    conn, sheet, diff.loc[diff["change"] != "unchanged", list(sheet.columns)], new_id,
                    self.ledger,
                )
                _insert_records(conn, sheet, remove, new_id, self.ledger, deleted=True)
        self._refresh_statistics(counts)
        return ImportResult(new_id, counts, version)

    # -- helpers -------------------------------------------------------------------------------

    def _refresh_statistics(self, counts: dict[str, dict[str, int]]) -> None:
        """PostgreSQL: ``ANALYZE`` the tables a large import wrote to, so the next read is planned with
        their real size (a table planned as empty reads 300k records in twice the time) instead of
        waiting for autovacuum. Best effort: a user not allowed to analyse only loses the speed."""
        if self.is_sqlite or self.engine.dialect.name != "postgresql":
            return
        tables = [_BY_NAME[name].table.name for name, c in counts.items()
                  if c.get("added", 0) + c.get("changed", 0) + c.get("removed", 0) >= _ANALYZE_ROWS]
        if not tables:
            return
        try:
            with self.engine.begin() as conn:
                for name in tables:
                    conn.exec_driver_sql(f"ANALYZE {conn.dialect.identifier_preparer.quote(name)}")
        except sa.exc.DBAPIError:
            pass

    def _current(self, conn: Connection, name: str, new: pd.DataFrame) -> pd.DataFrame:
        sheet = _BY_NAME[name]
        return _read_view(conn, sheet, self.ledger, periods=_periods(sheet, new))

    def _get_import(self, conn: Connection, import_id: int) -> sa.Row:
        """The import ``import_id`` of this store's ledger (another ledger's import is not found)."""
        try:
            ident = int(import_id)
        except (TypeError, ValueError, OverflowError):
            raise StoreError("store_import_invalid", "state", id=repr(import_id)) from None
        if not 0 < ident < 2**63:  # beyond any id a database holds (and beyond SQLite's integers)
            raise StoreError("store_import_missing", "state", id=import_id)
        row = conn.execute(
            sa.select(imports).where(imports.c.id == ident, imports.c.ledger == self.ledger)
        ).first()
        if row is None:
            raise StoreError("store_import_missing", "state", id=import_id)
        return row

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn database-layer failures into :class:`StoreError` (callers never see raw tracebacks)."""
        try:
            yield
        except StoreError:
            raise
        except (sa.exc.SQLAlchemyError, OSError, *self._dbapi_errors) as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: BaseException) -> StoreError:
        orig = getattr(exc, "orig", None) or exc
        text = " ".join(str(orig).split("\n")[:1]).strip()[:300] or type(orig).__name__
        low = str(orig).lower()
        if _is_missing_table(exc):
            return StoreError("store_uninitialised", "uninitialised", url=self.display_url)
        if any(s in low for s in _LOCKED_MARKERS):
            return StoreError("store_locked", "locked")
        if any(s in low for s in _OPEN_MARKERS) or isinstance(exc, OSError):
            return StoreError("store_open", "open", url=self.display_url, detail=text)
        if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError) and not self.is_sqlite:
            return StoreError("store_connect", "connect", url=self.display_url, detail=text)
        if isinstance(exc, sa.exc.ArgumentError):
            return StoreError("store_url_bad", "url", url=self.display_url, detail=text)
        return StoreError("store_failed", "error", detail=text)


_LOCKED_MARKERS = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "lock timeout",
    "could not obtain lock",
    "deadlock detected",
    "could not serialize access",
)
_OPEN_MARKERS = (
    "file is not a database",
    "not a database",
    "unable to open database",
    "file is encrypted",
    "malformed",
    "disk i/o error",
    "readonly database",
    "read-only",
)


def _is_missing_table(exc: BaseException) -> bool:
    low = str(getattr(exc, "orig", None) or exc).lower()
    return "no such table" in low or ("relation" in low and "does not exist" in low)


def _mask(url: str) -> str:
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def _install_sqlite_hooks(engine: sa.Engine, busy_timeout: float) -> None:
    """pysqlite: WAL, busy timeout, foreign keys; we emit BEGIN ourselves (IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # stop pysqlite's own implicit BEGIN
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(
            "BEGIN IMMEDIATE" if conn.get_execution_options().get("ledger_write") else "BEGIN"
        )


def _test_hooks() -> None:
    delay = os.environ.get(TEST_SLEEP_ENV)
    if delay:
        print(TEST_SLEEP_MARK, file=sys.stderr, flush=True)
        time.sleep(float(delay))
    if os.environ.get(TEST_FAIL_ENV):
        raise RuntimeError(f"{TEST_FAIL_ENV}: failing inside the commit transaction")


# --- SQL pieces ---------------------------------------------------------------------------------


_LEDGER_ID = re.compile(r"[^\s/\\?#&%<>\"'`]{1,64}")


def default_ledger() -> str:
    """The ledger shown when nobody chose one: ``LEDGER_ID``, else the city file in force
    (``LEDGER_CONFIG`` or the shipped ``data/config.toml``)."""
    from .config import Settings, load_city_config

    return Settings.from_env().ledger_id or load_city_config().ledger_id


def _ledger_id(value: object) -> str:
    """A ledger id as stored: 1–64 characters, no spaces, slashes or URL/markup characters."""
    text = str(value or "").strip()
    if not _LEDGER_ID.fullmatch(text) or any(unicodedata.category(c) in ("Cf", "Cc") for c in text):
        raise ValueError(f"not a ledger id: {value!r}")
    return text


def _migrate(conn: Connection, legacy: str) -> None:
    """Schema 1 → 2: a ``ledger`` column (the old rows: ``legacy``) on imports and records, the
    per-ledger key indexes instead of the old ones. Nothing happens on a new or current database."""
    tables = set(sa.inspect(conn).get_table_names())
    if "meta" not in tables:
        return
    version = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    if version != "1":
        return
    quote = conn.dialect.identifier_preparer.quote
    literal = legacy.replace("'", "''")
    for table in (imports, progress_table, task_table, target_table):
        if table.name not in tables:
            continue
        conn.exec_driver_sql(
            f"ALTER TABLE {quote(table.name)} ADD COLUMN ledger VARCHAR(255) NOT NULL DEFAULT '{literal}'"
        )
        if table is not imports:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {quote(f'ix_{table.name}_key')}")
        have = {i["name"] for i in sa.inspect(conn).get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in have:
                index.create(conn)
    conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=_SCHEMA_VERSION))


def _bump_version(conn: Connection) -> int:
    """Lock the counter row (serialises writers on servers) and increment it; returns the new value."""
    stmt = sa.select(meta.c.value).where(meta.c.key == _VERSION_KEY).with_for_update()
    value = conn.execute(stmt).scalar()
    if value is None:
        raise StoreError("store_no_counter", "uninitialised")
    new = int(value) + 1
    conn.execute(meta.update().where(meta.c.key == _VERSION_KEY).values(value=str(new)))
    return new


def _insert_import(
    conn: Connection,
    *,
    ledger: str,
    user: str,
    file_name: str,
    sha256: str,
    kind: str,
    reverts: int | None,
    counts: dict,
    note: str,
) -> int:
    row = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": str(user or ""),
        "file_name": str(file_name or ""),
        "sha256": str(sha256 or ""),
        "kind": kind,
        "reverts": reverts,
        "rows_json": json.dumps(counts, ensure_ascii=False),
        "note": str(note or ""),
        "ledger": ledger,
    }
    return int(conn.execute(imports.insert().values(**row)).inserted_primary_key[0])


def _insert_records(
    conn: Connection, sheet: _Sheet, frame: pd.DataFrame, import_id: int, ledger: str, *,
    deleted: bool = False,
) -> None:
    """Append records in bulk: ``COPY`` on PostgreSQL (psycopg 3), else one executemany. With ``deleted``
    only the key columns are used (tombstones)."""
    if frame.empty:
        return
    data: dict[str, list] = {c: _key_list(frame[c]) for c in sheet.key}
    n = len(frame)
    for c in sheet.values:
        if deleted:
            data[c] = [None] * n if c in sheet.floats or c in sheet.dates else [""] * n
        elif c in sheet.floats:
            arr = frame[c].to_numpy(dtype="float64", na_value=np.nan)
            data[c] = [None if v != v else v for v in arr.tolist()]
        elif c in sheet.dates:
            data[c] = [v or None for v in frame[c].tolist()]
        else:
            data[c] = frame[c].tolist()
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy_records(
            conn, sheet.table,
            {"import_id": [import_id] * n, "ledger": [ledger] * n, "deleted": [deleted] * n, **data},
        )
        return
    # One executemany through the driver: SQLAlchemy's per-row parameter processing would cost about
    # twice the insert itself at 300k rows, and none of these column types needs bind processing. The
    # import id and the tombstone flag are the same on every row: written into the statement.
    flag = sa.true() if deleted else sa.false()
    fixed = {"import_id": sa.literal_column(str(int(import_id))), "deleted": flag}
    data["ledger"] = [ledger] * n
    insert = sheet.table.insert().values({**fixed, **{c: sa.bindparam(c) for c in data}})
    compiled = insert.compile(dialect=conn.dialect)
    if compiled.positional:
        params: list = list(zip(*[data[c] for c in compiled.positiontup], strict=True))
    else:
        names = list(data)
        params = [dict(zip(names, vals, strict=True)) for vals in zip(*data.values(), strict=True)]
    conn.exec_driver_sql(str(compiled), params)


def _key_list(column: pd.Series) -> list:
    """A key column as a list of Python values: its few distinct texts made once (a fifth of the time
    of ``tolist`` at a million rows, and each text object shared)."""
    codes, uniques = pd.factorize(column)
    if (codes < 0).any():  # a missing value (never in a key): as it is
        return column.tolist()
    return np.asarray(uniques, dtype=object)[codes].tolist()


def _copy_records(conn: Connection, table: sa.Table, data: dict[str, list]) -> None:
    """``COPY table (columns) FROM STDIN`` inside the connection's transaction (psycopg 3)."""
    quote = conn.dialect.identifier_preparer.quote
    names = list(data)
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in names)}) FROM STDIN"
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in zip(*data.values(), strict=True):
            copy.write_row(row)


def _periods(sheet: _Sheet, frame: pd.DataFrame) -> list[str] | None:
    """The periods to restrict a view read to (None: read everything)."""
    if not sheet.has_period:
        return None
    periods = sorted(set(frame["period"].tolist()))
    return periods if len(periods) <= _MAX_PERIOD_FILTER else None


#: Conditions on a record table's key columns (period, indicator …), applied to the table given: they
#: hold for every record of a key alike, so they narrow the search for each key's latest record.
KeyFilter = Callable[[sa.Table], list]


def _current(
    sheet: _Sheet, ledger: str, selected: list, *, upto: int | None = None, keys: KeyFilter | None = None
) -> sa.Select:
    """``SELECT selected FROM`` the current records of ``ledger`` (among records of imports ``<=
    upto``; of the keys meeting ``keys``): the latest record per key, unless it is a tombstone.

    The latest record of each key is its ``MAX(id)``, grouped in the order of the key index (a scan
    of the index alone), then joined back by primary key, instead of an anti-join (``NOT EXISTS`` a
    newer record: one index probe per record). On SQLite both take about the same time; on PostgreSQL
    the grouping takes well under the anti-join's (``bench/sql.py``, figures in ``bench/results.md``).
    """
    t = sheet.table
    k = t.alias("k")
    latest = sa.select(sa.func.max(k.c.id).label("id")).where(k.c.ledger == ledger)
    if upto is not None:
        latest = latest.where(k.c.import_id <= upto)
    if keys is not None:
        latest = latest.where(*keys(k))
    latest = latest.group_by(*[k.c[c] for c in sheet.key]).subquery("latest")
    return sa.select(*selected).select_from(t.join(latest, t.c.id == latest.c.id)).where(sa.not_(t.c.deleted))


def _read_view(
    conn: Connection,
    sheet: _Sheet,
    ledger: str,
    *,
    upto: int | None = None,
    periods: list[str] | None = None,
    keys_of: int | None = None,
    columns: list[str] | None = None,
    keys: KeyFilter | None = None,
) -> pd.DataFrame:
    """Latest non-deleted record per key of ``ledger``, among records of imports ``<= upto``; internal
    tidy form.

    ``periods`` restricts the read to those periods, ``keys`` to the keys meeting those conditions,
    ``keys_of`` to the keys an import touched; ``columns`` (default: all the sheet's) are the columns
    read.
    """
    columns = list(columns or sheet.columns)
    t = sheet.table
    if periods is not None:
        if not periods:
            return _tidy(sheet, [], columns)
        given = keys
        keys = lambda x: [x.c.period.in_(periods), *(given(x) if given else [])]  # noqa: E731
    stmt = _current(sheet, ledger, [t.c[c] for c in columns], upto=upto, keys=keys)
    if keys_of is not None:
        x = t.alias("touched")
        stmt = stmt.where(sa.exists(sa.select(sa.literal(1)).where(
            x.c.import_id == keys_of, *[x.c[k] == t.c[k] for k in sheet.key]
        )))
    stmt = stmt.order_by(*[t.c[k] for k in sheet.key])
    return _fetch_tidy(conn, stmt, sheet, columns)


def _check_columns(sheet: _Sheet, columns: list[str] | None) -> None:
    unknown = [c for c in columns or () if c not in sheet.columns]
    if unknown:
        raise ValueError(f"{sheet.name}: unknown columns {unknown}")


def _keys_of(conn: Connection, sheet: _Sheet, import_id: int) -> pd.DataFrame:
    """The distinct keys an import wrote records for (tombstones included)."""
    t = sheet.table
    stmt = sa.select(*[t.c[k] for k in sheet.key]).where(t.c.import_id == import_id).distinct()
    df = pd.DataFrame(_fetch(conn, stmt), columns=list(sheet.key))
    return df.astype("str") if len(df) else df.astype({k: "str" for k in sheet.key})


def _fetch(conn: Connection, stmt: sa.Select) -> list[tuple]:
    """All rows as plain tuples. On pysqlite and psycopg straight from the DBAPI cursor (no result
    processing is needed for our column types: text, float, integer, boolean; and Row objects cost about
    half the read time at 300k rows)."""
    result = conn.execute(stmt)
    cursor = getattr(result, "cursor", None)
    if conn.dialect.driver in ("pysqlite", "psycopg") and cursor is not None:
        try:
            return cursor.fetchall()
        finally:
            result.close()
    return [tuple(r) for r in result]


#: Rows turned into columns at a time by :func:`_fetch_tidy`.
_CHUNK = 25_000


def _fetch_tidy(conn: Connection, stmt: sa.Select, sheet: _Sheet, columns: list[str]) -> pd.DataFrame:
    """The rows of ``stmt`` as a tidy frame, fetched and turned into columns a chunk at a time: at 300k
    rows a list of row tuples would cost some 200 MB at its peak, the columns a tenth of that."""
    result = conn.execute(stmt)
    cursor = getattr(result, "cursor", None)
    raw = conn.dialect.driver in ("pysqlite", "psycopg") and cursor is not None
    frames = []
    try:
        while True:
            rows = cursor.fetchmany(_CHUNK) if raw else [tuple(r) for r in result.fetchmany(_CHUNK)]
            if not rows:
                break
            frames.append(_tidy(sheet, rows, columns))
            if len(rows) < _CHUNK:
                break
    finally:
        result.close()
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True) if frames else _tidy(sheet, [], columns)


# --- frames -------------------------------------------------------------------------------------
# Internal tidy form: key and text columns dtype str with '' for missing, dates as ISO text ('' for
# missing), float columns float64. _output turns it into the public form (dates as datetime.date).


def _tidy(sheet: _Sheet, rows: list[tuple], columns: list[str] | None = None) -> pd.DataFrame:
    columns = list(columns or sheet.columns)
    df = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c in sheet.floats:
            df[c] = df[c].astype("float64")
        else:
            df[c] = df[c].astype("str").fillna("")
    return df


def _output(sheet: _Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True)
    for c in sheet.dates:
        for col in (c, f"old_{c}"):
            if col in out.columns:
                out[col] = pd.Series([_iso_to_date(v) for v in out[col].tolist()], dtype=object)
    return out


def _iso_to_date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    return date.fromisoformat(value[:10])


def _normalise_all(
    progress: pd.DataFrame | None, tasks: pd.DataFrame | None, targets: pd.DataFrame | None,
    checked: bool = False,
) -> dict[str, pd.DataFrame]:
    given = zip((SHEET_PROGRESS, SHEET_TASKS, SHEET_TARGETS), (progress, tasks, targets), strict=True)
    return {name: _normalise(_BY_NAME[name], df, checked) for name, df in given if df is not None}


def _normalise(sheet: _Sheet, frame: pd.DataFrame, checked: bool = False) -> pd.DataFrame:
    """Validate and convert an incoming frame to the internal tidy form (the caller's frame is not
    modified). Raises StoreError for missing columns, empty or duplicate keys and non-numbers. A
    ``checked`` frame (from the upload reader, whose schema declares the same dtypes) only has its
    columns taken and its dates written as text."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{sheet.name}: expected a DataFrame, got {type(frame).__name__}")
    missing = [c for c in sheet.columns if c not in frame.columns]
    if missing:
        raise StoreError("store_missing_columns", "data", sheet=sheet.name, columns="、".join(missing))
    frame = frame.reset_index(drop=True)
    if checked:
        out = frame[list(sheet.columns)].copy()
        for c in sheet.dates:
            out[c] = _as_isodate(sheet, c, out[c])
        return out
    out: dict[str, pd.Series] = {}
    for c in sheet.columns:
        s = frame[c]
        if c in sheet.floats:
            out[c] = _as_float(sheet, c, s)
        elif c in sheet.dates:
            out[c] = _as_isodate(sheet, c, s)
        else:
            text = _as_text(s, "%Y-%m" if c == "period" else "%Y-%m-%d")
            if c in sheet.key:
                text = text.str.strip()
                blank = np.flatnonzero((text == "").to_numpy())
                if len(blank):
                    raise StoreError("store_blank_key", "data", sheet=sheet.name, n=blank[0] + 1, column=c)
            out[c] = text
    df = pd.DataFrame(out, columns=list(sheet.columns))
    dup = df.duplicated(list(sheet.key), keep=False)
    if dup.any():
        first = df.loc[dup].iloc[0]
        key = " / ".join(str(first[k]) for k in sheet.key)
        raise StoreError("store_duplicate", "data", sheet=sheet.name, record=key, n=int(dup.sum()))
    return df


def _scalar_text(value: object, fmt: str) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime(fmt)
    if isinstance(value, pd.Period):
        return value.strftime(fmt) if fmt == "%Y-%m" else str(value)
    if value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_text(s: pd.Series, fmt: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.dt.strftime(fmt).fillna("").astype("str")
    if pd.api.types.is_float_dtype(s):  # a text column pandas read as numbers: 3.0 -> "3"
        s = s.astype(object)
    if s.dtype == object or isinstance(s.dtype, pd.PeriodDtype):
        s = pd.Series([_scalar_text(v, fmt) for v in s.tolist()], index=s.index, dtype="str")
    return s.astype("str").fillna("")


def _as_float(sheet: _Sheet, col: str, s: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(s):
        raise StoreError("store_not_number", "data", sheet=sheet.name, column=col)
    if pd.api.types.is_numeric_dtype(s):
        return s.astype("float64")
    raw = _as_text(s, "%Y-%m-%d").str.strip()
    num = pd.to_numeric(raw.where(raw != "", None), errors="coerce").astype("float64")
    bad = np.flatnonzero((num.isna() & (raw != "")).to_numpy())
    if len(bad):
        i = bad[0]
        raise StoreError(
            "store_not_number_at", "data", sheet=sheet.name, n=i + 1, column=col, value=raw.iloc[i]
        )
    return num


def _as_isodate(sheet: _Sheet, col: str, s: pd.Series) -> pd.Series:
    values = []
    for i, v in enumerate(s.tolist()):
        if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
            values.append("")
        elif isinstance(v, datetime | date):
            values.append(v.strftime("%Y-%m-%d"))
        elif isinstance(v, str) and not v.strip():
            values.append("")
        else:
            ts = pd.to_datetime(str(v).strip(), errors="coerce")
            if ts is pd.NaT or pd.isna(ts):
                raise StoreError("store_not_date", "data", sheet=sheet.name, n=i + 1, column=col, value=v)
            values.append(ts.strftime("%Y-%m-%d"))
    return pd.Series(values, dtype="str")


def _compare(sheet: _Sheet, new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """The one comparison behind preview, commit and revert.

    ``new`` and ``old`` are tidy frames; ``old`` holds at most one record per key. Returns ``new`` with
    ``change`` ('added' | 'changed' | 'unchanged') and ``old_<col>`` for every value column that
    differs on some row (filled on those rows only). Floats: NaN equals NaN, otherwise equal within a
    tiny tolerance; text: equal as strings with missing = ''.
    """
    key, values = list(sheet.key), sheet.values
    if old.empty:  # nothing stored for these keys yet (a first import): every record is new
        out = new[list(sheet.columns)].reset_index(drop=True)
        return out.assign(change=pd.Series("added", index=out.index, dtype="str"))
    merged = new.merge(old, on=key, how="left", suffixes=("", "__old"), indicator="_side")
    exists = (merged["_side"] == "both").to_numpy()
    any_diff = np.zeros(len(merged), dtype=bool)
    diffs: dict[str, np.ndarray] = {}
    for c in values:
        a, b = merged[c], merged[f"{c}__old"]
        if c in sheet.floats:
            x, y = a.to_numpy(dtype="float64", na_value=np.nan), b.to_numpy(dtype="float64", na_value=np.nan)
            with np.errstate(invalid="ignore"):
                same = (np.isnan(x) & np.isnan(y)) | np.isclose(x, y, rtol=_FLOAT_RTOL, atol=_FLOAT_ATOL)
        else:
            same = (a.astype("str").fillna("") == b.astype("str").fillna("")).to_numpy(dtype=bool)
        diffs[c] = exists & ~same
        any_diff |= diffs[c]
    out = merged[list(sheet.columns)].copy()
    out["change"] = pd.Series(
        np.where(~exists, "added", np.where(any_diff, "changed", "unchanged")), index=out.index, dtype="str"
    )
    for c in values:
        if diffs[c].any():
            out[f"old_{c}"] = merged[f"{c}__old"].where(diffs[c])
    return out


def _count(diff: pd.DataFrame) -> dict[str, int]:
    vc = diff["change"].value_counts()
    return {k: int(vc.get(k, 0)) for k in ("added", "changed", "unchanged")}
