"""上报: a reporter's records, held for review until an analyst approves (通过) or returns (退回) them.

A submission stores its records (the tidy frames the upload engine made, from a template workbook or
from the in-app editor) in tables of its own, so the dashboard — which reads the store's records only
— shows them only once they are approved (:mod:`ledger.workflow.review`). Its state is its latest
event: ``submitted`` (待审核), ``returned`` (退回, with the reviewer's reason), ``approved`` (通过, with
the import that committed it) or ``superseded`` (a newer submission of the same reporter for the same
month replaced it while it waited). Every state change is a new event row; nothing is updated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..auth import Identity, Scope, name_key, require_reporter
from ..errors import UserError
from ..store import Store, imports
from ..upload.schema import FRAMES, PROGRESS, TASKS
from . import evidence, schema
from .scope import require_within

__all__ = [
    "APPROVED",
    "RETURNED",
    "STATES",
    "STATE_KEYS",
    "SUBMITTED",
    "SUPERSEDED",
    "Event",
    "Submission",
    "SubmissionError",
    "get",
    "listing",
    "pending_records",
    "records",
    "submit",
]

SUBMITTED, RETURNED, APPROVED, SUPERSEDED = "submitted", "returned", "approved", "superseded"
STATES = (SUBMITTED, RETURNED, APPROVED, SUPERSEDED)
#: The i18n key naming each state (待审核 / 已退回 / 已通过 / 已替代).
STATE_KEYS = {s: f"state_{s}" for s in STATES}
_TABLES = {PROGRESS: schema.submission_progress, TASKS: schema.submission_tasks}


class SubmissionError(UserError):
    """A submission that cannot be made or changed as asked (an i18n code and its parameters)."""


@dataclass(frozen=True)
class Event:
    """One state change: when, by whom, to which state, why (a return's reason), which import."""

    at: str
    user: str
    state: str
    reason: str = ""
    import_id: int | None = None


@dataclass(frozen=True)
class Submission:
    """A submission as listed: who sent what when, and its state (its latest event)."""

    id: int
    created_at: str
    user: str
    source: str
    file_name: str
    sha256: str
    periods: tuple[str, ...]
    rows: dict[str, int]
    scope: Scope
    events: tuple[Event, ...] = field(default=())
    #: the id of the import that reverted the approval's import, if any
    reverted_by: int | None = None

    @property
    def state(self) -> str:
        return self.events[-1].state if self.events else SUBMITTED

    @property
    def last(self) -> Event:
        return self.events[-1]

    @property
    def import_id(self) -> int | None:
        return next((e.import_id for e in reversed(self.events) if e.state == APPROVED), None)

    @property
    def returned_reason(self) -> str:
        return self.last.reason if self.state == RETURNED else ""

    def to_json(self) -> dict:
        last = self.last
        return {
            "id": self.id,
            "created_at": self.created_at,
            "user": self.user,
            "source": self.source,
            "file_name": self.file_name,
            "periods": list(self.periods),
            "rows": self.rows,
            "departments": list(self.scope.departments),
            "counties": list(self.scope.counties),
            "state": self.state,
            "state_at": last.at,
            "state_by": last.user,
            "reason": last.reason,
            "import_id": self.import_id,
            "reverted_by": self.reverted_by,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_event(
    conn: sa.Connection,
    ledger: str,
    submission_id: int,
    user: str,
    state: str,
    *,
    at: str | None = None,
    reason: str = "",
    import_id: int | None = None,
) -> None:
    """Append one state change of a submission (its events are its history; nothing is updated)."""
    conn.execute(
        schema.submission_events.insert().values(
            submission_id=submission_id, ledger=ledger, at=at or _now(), user=user, state=state,
            reason=reason, import_id=import_id,
        )
    )


def submit(
    store: Store,
    bundle,
    progress: pd.DataFrame | None,
    tasks: pd.DataFrame | None,
    *,
    actor: Identity,
    source: str,
    file_name: str = "",
    sha256: str = "",
) -> Submission:
    """Hold ``progress`` and ``tasks`` (tidy frames from the upload engine, already checked against
    ``actor``'s scope) for review as one submission of ``actor`` (a reporter).

    Checked again here, whatever the page did: the role, every record inside the scope, the 佐证材料
    rule for 已完成 (``[evidence] require_for_done``), and that the records change something that is
    stored. A pending submission of the same reporter for a month this one reports is superseded.
    Raises a ``UserError`` and writes nothing when any check fails.
    """
    who = require_reporter(actor)
    frames = {
        s: f.reset_index(drop=True)
        for s, f in ((PROGRESS, progress), (TASKS, tasks))
        if f is not None and len(f)
    }
    if not frames:
        raise SubmissionError("submission_empty")
    require_within(frames, who.scope)
    evidence.require_for_done(store, bundle.config, frames.get(TASKS))
    preview = store.preview(frames.get(PROGRESS), frames.get(TASKS), checked=True)
    if not any((d["change"] != "unchanged").any() for d in preview.values()):
        raise SubmissionError("submission_unchanged")
    periods = sorted({p for f in frames.values() for p in f["period"].tolist()})
    rows = {s: len(f) for s, f in frames.items()}
    now = _now()
    with store.errors(), store.write_engine.begin() as conn:
        schema.create(conn)
        new_id = int(
            conn.execute(
                schema.submissions.insert().values(
                    ledger=store.ledger,
                    created_at=now,
                    user=who.name,
                    user_key=name_key(who.name),
                    source=source,
                    file_name=str(file_name or ""),
                    sha256=str(sha256 or ""),
                    periods=",".join(periods),
                    rows_json=json.dumps(rows, ensure_ascii=False),
                    scope_json=json.dumps(
                        {"departments": list(who.scope.departments), "counties": list(who.scope.counties)},
                        ensure_ascii=False,
                    ),
                )
            ).inserted_primary_key[0]
        )
        for sheet, frame in frames.items():
            _insert(conn, _TABLES[sheet], sheet, frame, new_id, store.ledger)
        for old in _pending_of(conn, store.ledger, name_key(who.name), periods):
            record_event(conn, store.ledger, old, who.name, SUPERSEDED, at=now, reason=f"#{new_id}")
        record_event(conn, store.ledger, new_id, who.name, SUBMITTED, at=now)
    return get(store, new_id)


def _insert(
    conn: sa.Connection, table: sa.Table, sheet: str, frame: pd.DataFrame, sid: int, ledger: str
) -> None:
    columns, floats, _ = FRAMES[sheet]
    data = frame[columns].astype(object).where(frame[columns].notna(), None)
    rows = [
        {"submission_id": sid, "ledger": ledger, **dict(zip(columns, r, strict=True))}
        for r in data.itertuples(index=False, name=None)
    ]
    for r in rows:
        for c in floats:
            r[c] = None if r[c] is None else float(r[c])
    conn.execute(table.insert(), rows)


def _pending_of(conn: sa.Connection, ledger: str, user_key: str, periods: Iterable[str]) -> list[int]:
    """Ids of ``user_key``'s submissions still waiting for review that report one of ``periods``."""
    wanted = set(periods)
    s = schema.submissions
    mine = conn.execute(
        sa.select(s.c.id, s.c.periods).where(s.c.ledger == ledger, s.c.user_key == user_key)
    ).all()
    ids = [i for i, p in mine if wanted & set(p.split(","))]
    states = _states(conn, ids)
    return [i for i in ids if states.get(i) == SUBMITTED]


def _states(conn: sa.Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    e = schema.submission_events
    rows = conn.execute(
        sa.select(e.c.submission_id, e.c.state).where(e.c.submission_id.in_(ids)).order_by(e.c.id)
    )
    return {int(i): state for i, state in rows}


def current_state(conn: sa.Connection, submission_id: int, ledger: str) -> str | None:
    """The state of a submission of ``ledger`` read inside a write transaction (its row locked on
    servers), or None when there is no such submission."""
    s = schema.submissions
    row = conn.execute(
        sa.select(s.c.id).where(s.c.id == submission_id, s.c.ledger == ledger).with_for_update()
    ).first()
    if row is None:
        return None
    return _states(conn, [submission_id]).get(submission_id, SUBMITTED)


def listing(
    store: Store,
    *,
    period: str | None = None,
    user: str | None = None,
    states: Iterable[str] | None = None,
    ids: Iterable[int] | None = None,
) -> list[Submission]:
    """Submissions of this ledger, newest first; only those reporting ``period``, sent by ``user``, in one
    of ``states`` or among ``ids`` when given."""
    s, e = schema.submissions, schema.submission_events
    with store.errors(), store.engine.connect() as conn:
        if not schema.present(conn):
            return []
        stmt = sa.select(s).where(s.c.ledger == store.ledger).order_by(s.c.id.desc())
        if user is not None:
            stmt = stmt.where(s.c.user_key == name_key(user))
        if ids is not None:
            stmt = stmt.where(s.c.id.in_([int(i) for i in ids]))
        rows = conn.execute(stmt).all()
        if period is not None:
            rows = [r for r in rows if period in r.periods.split(",")]
        found = [int(r.id) for r in rows]
        events: dict[int, list[Event]] = {i: [] for i in found}
        if found:
            for r in conn.execute(sa.select(e).where(e.c.submission_id.in_(found)).order_by(e.c.id)):
                events[int(r.submission_id)].append(Event(r.at, r.user, r.state, r.reason, r.import_id))
        approved = [ev.import_id for evs in events.values() for ev in evs if ev.import_id is not None]
        undone = {}
        if approved:
            undone = dict(
                conn.execute(
                    sa.select(imports.c.reverts, imports.c.id).where(imports.c.reverts.in_(approved))
                ).all()
            )
    out = []
    for r in rows:
        scope = json.loads(r.scope_json or "{}")
        sub = Submission(
            id=int(r.id),
            created_at=r.created_at,
            user=r.user,
            source=r.source,
            file_name=r.file_name,
            sha256=r.sha256,
            periods=tuple(p for p in r.periods.split(",") if p),
            rows=json.loads(r.rows_json),
            scope=Scope(tuple(scope.get("departments", ())), tuple(scope.get("counties", ()))),
            events=tuple(events[int(r.id)]),
        )
        if sub.import_id is not None and sub.import_id in undone:
            sub = Submission(**{**sub.__dict__, "reverted_by": int(undone[sub.import_id])})
        out.append(sub)
    if states is not None:
        wanted = set(states)
        out = [x for x in out if x.state in wanted]
    return out


def get(store: Store, submission_id: int) -> Submission:
    """One submission of this ledger; a ``SubmissionError`` when there is none."""
    try:
        ident = int(submission_id)
    except (TypeError, ValueError, OverflowError):
        raise SubmissionError("submission_missing", None, id=submission_id) from None
    found = listing(store, ids=[ident]) if 0 < ident < 2**63 else []
    if not found:
        raise SubmissionError("submission_missing", None, id=submission_id)
    return found[0]


def records(store: Store, submission_id: int) -> dict[str, pd.DataFrame]:
    """A submission's records as tidy frames: ``{指标进度: …, 任务进展: …}`` (empty frames included)."""
    out = {}
    with store.errors(), store.engine.connect() as conn:
        ready = schema.present(conn)
        for sheet, table in _TABLES.items():
            columns = FRAMES[sheet][0]
            rows = []
            if ready:
                stmt = (
                    sa.select(*[table.c[c] for c in columns])
                    .where(table.c.submission_id == int(submission_id), table.c.ledger == store.ledger)
                    .order_by(table.c.id)
                )
                rows = [tuple(r) for r in conn.execute(stmt)]
            out[sheet] = _frame(sheet, rows)
    return out


def pending_records(store: Store, period: str | None = None) -> dict[str, pd.DataFrame]:
    """The records of every submission waiting for review (``period``'s only, when given), with the
    column ``submission`` (its id): ``{指标进度: …, 任务进展: …}``."""
    waiting = [x.id for x in listing(store, period=period, states=[SUBMITTED])]
    out = {}
    with store.errors(), store.engine.connect() as conn:
        for sheet, table in _TABLES.items():
            columns = FRAMES[sheet][0]
            rows: list[tuple] = []
            if waiting:
                stmt = sa.select(table.c.submission_id, *[table.c[c] for c in columns]).where(
                    table.c.submission_id.in_(waiting), table.c.ledger == store.ledger
                )
                if period is not None:
                    stmt = stmt.where(table.c.period == period)
                rows = [tuple(r) for r in conn.execute(stmt.order_by(table.c.id))]
            ids = np.array([r[0] for r in rows], dtype="int64")
            out[sheet] = _frame(sheet, [r[1:] for r in rows]).assign(submission=ids)
    return out


def _frame(sheet: str, rows: list[tuple]) -> pd.DataFrame:
    columns, floats, _ = FRAMES[sheet]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "float64" if c in floats else "str" for c in columns})
