"""批示 and 说明: comments on an indicator or task item, with author and time; added, never changed.

An item is an indicator or a task, optionally narrowed to one department and area (the department
and county left empty: the whole indicator or task). Leaders (signed-in viewers) write 批示
(instructions), analysts and admins 批示 or 说明 (explanations), a reporter 说明 on the items of its
scope. The comments show on the item's page, in ``/meeting`` and in the report workbook.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from ..assign import indicator_keys, task_keys
from ..auth import ANALYSTS, REPORTER, VIEWER, Identity, PermissionDenied
from ..errors import UserError
from ..store import Store
from . import schema

__all__ = ["EXPLANATION", "INSTRUCTION", "LABELS", "MAX_TEXT", "CommentError", "add", "labels_for", "listing"]

INSTRUCTION, EXPLANATION = "批示", "说明"
LABELS = (INSTRUCTION, EXPLANATION)
#: The i18n key of each label.
LABEL_KEYS = {INSTRUCTION: "comment_instruction", EXPLANATION: "comment_explanation"}
ITEM_KINDS = ("indicator", "task")
MAX_TEXT = 2000
COLUMNS = [
    "id",
    "item_kind",
    "item",
    "department",
    "county",
    "period",
    "label",
    "text",
    "user",
    "role",
    "created_at",
]


class CommentError(UserError):
    """A comment that cannot be added as asked."""


def labels_for(actor: Identity | None) -> tuple[str, ...]:
    """The labels ``actor`` may write: 批示 for leaders (signed-in viewers), both for analysts, 说明 for
    reporters, none for anyone not signed in."""
    if not isinstance(actor, Identity) or not actor.signed_in or not actor.name:
        return ()
    if actor.role in ANALYSTS:
        return LABELS
    if actor.role == REPORTER:
        return (EXPLANATION,)
    return (INSTRUCTION,) if actor.role == VIEWER else ()


def _clean(text: str) -> str:
    kept = "".join(ch for ch in str(text or "") if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "\n".join(line.rstrip() for line in kept.strip().splitlines())


def add(
    store: Store,
    bundle,
    *,
    actor: Identity,
    item_kind: str,
    item: str,
    text: str,
    label: str,
    department: str = "",
    county: str = "",
    period: str | None = None,
) -> int:
    """Add a comment; returns its id. Refused (``PermissionDenied`` / :class:`CommentError`) for a label
    the actor may not write, an item or department × area the ledger does not assign, a reporter's item
    outside its scope, or an empty or too long text."""
    allowed = labels_for(actor)
    if label not in allowed:
        raise PermissionDenied("action_comment", ANALYSTS if allowed else (VIEWER, REPORTER, *ANALYSTS))
    if item_kind not in ITEM_KINDS:
        raise CommentError("comment_item_unknown", None, item=item)
    if item_kind == "indicator":
        keys = indicator_keys(bundle.ledger, bundle.indicators, bundle.config)
    else:
        keys = task_keys(bundle.ledger, bundle.config)
    keys = keys[keys[item_kind] == str(item)]
    if keys.empty:
        raise CommentError("comment_item_unknown", None, item=item)
    department, county = str(department or ""), str(county or "")
    if department or county:
        match = keys[(keys["department"] == department) & (keys["county"] == county)]
        if match.empty:
            raise CommentError("comment_key_unknown", None, item=item, department=department, county=county)
    if actor.role == REPORTER and not (department and actor.scope and actor.scope.covers(department, county)):
        raise CommentError("comment_outside_scope", None, allowed=actor.scope.text() if actor.scope else "")
    body = _clean(text)
    if not body:
        raise CommentError("comment_empty")
    if len(body) > MAX_TEXT:
        raise CommentError("comment_too_long", None, n=MAX_TEXT)
    with store.errors(), store.write_engine.begin() as conn:
        schema.create(conn)
        return int(
            conn.execute(
                schema.comments.insert().values(
                    ledger=store.ledger,
                    item_kind=item_kind,
                    item=str(item),
                    department=department,
                    county=county,
                    period=str(period or ""),
                    label=label,
                    text=body,
                    user=actor.name,
                    role=actor.role,
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            ).inserted_primary_key[0]
        )


def listing(store: Store, item_kind: str | None = None, items: list[str] | None = None) -> pd.DataFrame:
    """Comments of this ledger, newest first (only of ``item_kind`` and ``items`` when given): the
    columns of :data:`COLUMNS`."""
    c = schema.comments
    with store.errors(), store.engine.connect() as conn:
        if not schema.present(conn):
            return _empty()
        stmt = sa.select(*[c.c[k] for k in COLUMNS]).where(c.c.ledger == store.ledger)
        if item_kind is not None:
            stmt = stmt.where(c.c.item_kind == item_kind)
        if items is not None:
            stmt = stmt.where(c.c.item.in_([str(i) for i in items]))
        rows = [tuple(r) for r in conn.execute(stmt.order_by(c.c.id.desc()))]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"id": "int64"}) if rows else _empty()


def _empty() -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype="int64" if k == "id" else "str") for k in COLUMNS})
