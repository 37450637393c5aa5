"""The reporting workflow's tables, in their own MetaData, created in the ledger database on first write.

Every row carries its ``ledger`` id, like the store's records. Nothing is updated or deleted: a
submission's state is its latest event (``submission_events``), evidence files and comments are added,
never changed. Reads of a database whose workflow tables do not exist yet find nothing
(:func:`present`); a write creates them inside its own transaction (:func:`create`), so a write that is
refused leaves no empty tables behind either.
"""

from __future__ import annotations

import threading
import weakref

import sqlalchemy as sa

from ..model import PROGRESS_KEY, TASK_KEY
from ..store import progress_values, task_values

metadata = sa.MetaData()
_KEY = sa.String(255)
_TIME = sa.String(40)


def _ledger() -> sa.Column:
    return sa.Column("ledger", _KEY, nullable=False)


submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ledger(),
    sa.Column("created_at", _TIME, nullable=False),
    sa.Column("user", _KEY, nullable=False),
    sa.Column("user_key", _KEY, nullable=False),
    #: ``upload`` (a workbook) or ``editor`` (the in-app editor)
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    #: the periods the submission reports, comma-joined (2023-10)
    sa.Column("periods", sa.Text, nullable=False),
    sa.Column("rows_json", sa.Text, nullable=False),
    #: the submitter's scope when it submitted: {"departments": [...], "counties": [...]}
    sa.Column("scope_json", sa.Text, nullable=False),
    sa.Index("ix_submissions_ledger", "ledger", "id"),
    sqlite_autoincrement=True,
)


def _record_table(name: str, key: list[str], values: list[sa.Column]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        _ledger(),
        *[sa.Column(k, _KEY, nullable=False) for k in key],
        *values,
        sa.Index(f"ix_{name}_submission", "submission_id"),
        sa.Index(f"ix_{name}_period", "ledger", "period"),
    )


submission_progress = _record_table("submission_progress", PROGRESS_KEY, progress_values())
submission_tasks = _record_table("submission_tasks", TASK_KEY, task_values())

submission_events = sa.Table(
    "submission_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
    _ledger(),
    sa.Column("at", _TIME, nullable=False),
    sa.Column("user", _KEY, nullable=False),
    #: submitted | returned | approved | superseded
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    #: the import an approval committed
    sa.Column("import_id", sa.Integer, nullable=True),
    sa.Index("ix_submission_events_submission", "submission_id", "id"),
    sqlite_autoincrement=True,
)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ledger(),
    *[sa.Column(k, _KEY, nullable=False) for k in TASK_KEY],
    sa.Column("file_name", sa.Text, nullable=False),
    #: pdf | jpg | png | docx | xlsx, by content
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    #: the bytes (when stored in the database) or "" …
    sa.Column("content", sa.LargeBinary, nullable=True),
    #: … the file's name in the configured folder
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("user", _KEY, nullable=False),
    sa.Column("created_at", _TIME, nullable=False),
    sa.Index("ix_evidence_key", "ledger", *TASK_KEY),
    sqlite_autoincrement=True,
)

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _ledger(),
    #: indicator | task
    sa.Column("item_kind", sa.String(16), nullable=False),
    #: the indicator id (K07) or task id (1.5)
    sa.Column("item", _KEY, nullable=False),
    sa.Column("department", _KEY, nullable=False),
    sa.Column("county", _KEY, nullable=False),
    #: the as-of month the author was looking at ("" when none)
    sa.Column("period", sa.String(7), nullable=False),
    #: 批示 (instruction) | 说明 (explanation)
    sa.Column("label", sa.String(8), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("user", _KEY, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", _TIME, nullable=False),
    sa.Index("ix_comments_item", "ledger", "item_kind", "item"),
    sqlite_autoincrement=True,
)

_ready: weakref.WeakSet[sa.Engine] = weakref.WeakSet()
_lock = threading.Lock()


def present(conn: sa.Connection) -> bool:
    """Whether the workflow tables exist in this database (remembered per engine once they do)."""
    engine = conn.engine
    if engine in _ready:
        return True
    if not set(metadata.tables) <= set(sa.inspect(conn).get_table_names()):
        return False
    with _lock:
        _ready.add(engine)
    return True


def create(conn: sa.Connection) -> None:
    """Create the missing workflow tables inside the caller's write transaction."""
    if not present(conn):
        metadata.create_all(conn)


__all__ = [
    "comments",
    "create",
    "evidence",
    "metadata",
    "present",
    "submission_events",
    "submission_progress",
    "submission_tasks",
    "submissions",
]
