"""佐证材料: files a reporter attaches to a task report (period × task × department × county).

A file is taken when its *content* is a PDF, a JPEG, a PNG, a Word document (.docx) or an Excel workbook
(.xlsx), whatever its name says; the two zip kinds go through the upload's zip guard
(:func:`ledger.upload.container.guard_zip`: bombs, encryption, DTDs). ``[evidence]`` in the city file
sets the size limit (``max_mb``, default 10), where files are kept (``folder``: a folder, relative to
``data/`` unless absolute; default: in the database) and whether a task reported as 已完成 needs one
(``require_for_done``, default false). Only signed-in users may fetch a file, a reporter only those of
its own scope. Files are added, never changed or removed.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..assign import task_keys
from ..auth import ANALYSTS, REPORTER, Identity, PermissionDenied
from ..config import DATA_DIR
from ..errors import UserError
from ..model import TASK_KEY
from ..store import Store
from ..upload import parse_period
from ..upload.container import OLE2_MAGIC, ZIP_MAGIC, guard_zip
from . import schema

__all__ = [
    "DONE",
    "KINDS",
    "EvidenceError",
    "File",
    "attach",
    "detect",
    "fetch",
    "listing",
    "require_for_done",
]

DONE = "已完成"
MAX_MB = 10
#: Kind → (MIME type, the zip member that makes a zip that kind, the i18n term naming it).
KINDS = {
    "pdf": ("application/pdf", None, "evidence_kind_pdf"),
    "jpg": ("image/jpeg", None, "evidence_kind_jpg"),
    "png": ("image/png", None, "evidence_kind_png"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
        "doc_docx",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xl/workbook.xml",
        "doc_xlsx",
    ),
}
_MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))
_COLUMNS = ["id", *TASK_KEY, "file_name", "kind", "size", "user", "created_at"]


class EvidenceError(UserError):
    """An evidence file that cannot be taken or given (an i18n code and its parameters)."""


@dataclass(frozen=True)
class File:
    """A stored evidence file, ready to send: its name as uploaded, kind, MIME type and bytes."""

    id: int
    file_name: str
    kind: str
    mime: str
    data: bytes


def max_bytes(config) -> int:
    """``[evidence] max_mb`` in bytes (default 10 MB)."""
    try:
        mb = float((config.evidence or {}).get("max_mb", MAX_MB))
    except (TypeError, ValueError):
        mb = MAX_MB
    return int((mb if mb > 0 else MAX_MB) * 2**20)


def detect(data: bytes, file_name: str = "", limit: int | None = None) -> str:
    """The kind of an evidence file by its content: pdf, jpg, png, docx or xlsx. Raises
    :class:`EvidenceError` for an empty, too large or other file (a ``WorkbookError`` for a zip of the
    right kind that the zip guard refuses)."""
    if not data:
        raise EvidenceError("evidence_empty", None, name=file_name)
    if limit is not None and len(data) > limit:
        raise EvidenceError(
            "evidence_too_large",
            None,
            name=file_name,
            size=f"{len(data) / 2**20:.1f}",
            limit=f"{limit / 2**20:g}",
        )
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            raise EvidenceError("evidence_damaged", None, name=file_name) from None
        for kind in ("docx", "xlsx"):
            _, member, term = KINDS[kind]
            if member in names:
                guard_zip(
                    data, required_member=member, what=term, file_name=file_name, max_bytes=limit
                ).close()
                return kind
    found = "evidence_found_ole2" if data.startswith(OLE2_MAGIC) else "evidence_found_other"
    raise EvidenceError("evidence_type", None, name=file_name, found=UserError(found))


def folder(config) -> Path | None:
    """Where files are kept when not in the database (``[evidence] folder``), or None."""
    raw = str((config.evidence or {}).get("folder", "") or "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    return path if path.is_absolute() else DATA_DIR / path


def attach(store: Store, bundle, key: dict, data: bytes, file_name: str, *, actor: Identity) -> int:
    """Keep one evidence file for the task report ``key`` (period, task, department, county); returns
    its id. A reporter may attach to the reports of its scope, analysts to any assigned report."""
    period = parse_period(str(key.get("period", "")), bundle.config.plan_year)
    task, department, county = (str(key.get(k, "")) for k in ("task", "department", "county"))
    assigned = task_keys(bundle.ledger, bundle.config)
    if not (
        (assigned["task"] == task) & (assigned["department"] == department) & (assigned["county"] == county)
    ).any():
        raise EvidenceError("evidence_key_unknown", None, task=task, department=department, county=county)
    mine = isinstance(actor, Identity) and (
        actor.is_analyst or (actor.is_reporter and actor.scope.covers(department, county))
    )
    if not mine:
        raise PermissionDenied("action_attach", (REPORTER, *ANALYSTS))
    name = Path(str(file_name or "")).name[:200] or "evidence"
    kind = detect(bytes(data), name, max_bytes(bundle.config))
    digest = hashlib.sha256(data).hexdigest()
    where = folder(bundle.config)
    path = ""
    if where is not None:
        where.mkdir(parents=True, exist_ok=True)
        target = where / f"{digest}.{kind}"
        if not target.exists():
            partial = target.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(target)
        path = target.name
    with store.errors(), store.write_engine.begin() as conn:
        schema.create(conn)
        return int(
            conn.execute(
                schema.evidence.insert().values(
                    ledger=store.ledger,
                    period=period,
                    task=task,
                    department=department,
                    county=county,
                    file_name=name,
                    kind=kind,
                    size=len(data),
                    sha256=digest,
                    content=None if path else bytes(data),
                    path=path,
                    user=actor.name,
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            ).inserted_primary_key[0]
        )


def listing(store: Store, period: str | None = None) -> pd.DataFrame:
    """Every evidence file of this ledger (``period``'s only, when given), newest first: id, period, task,
    department, county, file_name, kind, size, user, created_at (no contents)."""
    e = schema.evidence
    with store.errors(), store.engine.connect() as conn:
        if not schema.present(conn):
            return _empty()
        stmt = (
            sa.select(*[e.c[c] for c in _COLUMNS]).where(e.c.ledger == store.ledger).order_by(e.c.id.desc())
        )
        if period is not None:
            stmt = stmt.where(e.c.period == period)
        rows = [tuple(r) for r in conn.execute(stmt)]
    return pd.DataFrame(rows, columns=_COLUMNS).astype({"id": "int64", "size": "int64"}) if rows else _empty()


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("id", "size") else "str") for c in _COLUMNS})


def fetch(store: Store, bundle, evidence_id: int, *, actor: Identity | None) -> File:
    """One evidence file, for a signed-in ``actor``: analysts, admins and signed-in viewers get any, a
    reporter those of its scope. Raises ``PermissionDenied`` or :class:`EvidenceError` (no such file)."""
    if not isinstance(actor, Identity) or not actor.signed_in or not actor.name:
        raise EvidenceError("evidence_sign_in")
    try:
        ident = int(evidence_id)
    except (TypeError, ValueError, OverflowError):
        raise EvidenceError("evidence_missing", None, id=evidence_id) from None
    e = schema.evidence
    row = None
    with store.errors(), store.engine.connect() as conn:
        if schema.present(conn) and 0 < ident < 2**63:
            row = conn.execute(sa.select(e).where(e.c.id == ident, e.c.ledger == store.ledger)).first()
    if row is None:
        raise EvidenceError("evidence_missing", None, id=evidence_id)
    if actor.role == REPORTER and not (actor.scope and actor.scope.covers(row.department, row.county)):
        raise EvidenceError("evidence_outside_scope", None, id=ident)
    data = row.content
    if data is None:
        where = folder(bundle.config)
        try:
            data = (where / row.path).read_bytes() if where is not None and row.path else None
        except OSError:
            data = None
        if data is None:
            raise EvidenceError("evidence_file_gone", None, id=ident, name=row.file_name)
    return File(ident, row.file_name, row.kind, KINDS[row.kind][0], bytes(data))


def require_for_done(store: Store, config, tasks: pd.DataFrame | None) -> None:
    """With ``[evidence] require_for_done = true``: raise :class:`EvidenceError` naming the task reports of
    ``tasks`` that say 已完成 but have no evidence file."""
    if tasks is None or tasks.empty or not bool((config.evidence or {}).get("require_for_done", False)):
        return
    done = tasks[tasks["status"] == DONE]
    if done.empty:
        return
    have = listing(store)
    keys = set(zip(*(have[k] for k in TASK_KEY), strict=True)) if len(have) else set()
    lacking = [" ".join(r) for r in done[TASK_KEY].itertuples(index=False, name=None) if tuple(r) not in keys]
    if lacking:
        raise EvidenceError("evidence_required", None, n=len(lacking), rows="；".join(lacking[:5]), done=DONE)
