"""审核: an analyst approves (通过) or returns (退回) a submission waiting for review.

Approval commits the submission's records — and the figures the analyst accepted from its 工作完成情况
(:mod:`ledger.workflow.figures`) — as one import of kind ``submission`` and records the ``approved`` event
in the same transaction (:meth:`ledger.store.Store.commit` with ``then``): either both happen or
neither. A return records the reason the reporter will see. A submission that is no longer waiting
(approved, returned or superseded meanwhile, e.g. by another analyst) is refused inside the write
transaction, so two reviewers cannot both act on it.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..auth import Identity, require_analyst
from ..i18n import t
from ..store import ImportResult, Store
from ..upload.schema import PROGRESS, TASKS
from .submissions import (
    APPROVED,
    RETURNED,
    STATE_KEYS,
    SUBMITTED,
    Submission,
    SubmissionError,
    current_state,
    record_event,
)
from .submissions import get as get_submission
from .submissions import records as submission_records

__all__ = ["MAX_REASON", "approve", "return_submission"]

MAX_REASON = 1000


def _check_waiting(conn: sa.Connection, store: Store, sub: Submission) -> None:
    state = current_state(conn, sub.id, store.ledger)
    if state is None:
        raise SubmissionError("submission_missing", None, id=sub.id)
    if state != SUBMITTED:
        raise SubmissionError(
            "submission_not_waiting", None, id=sub.id, state=SubmissionError(STATE_KEYS[state])
        )


def approve(
    store: Store, submission_id: int, *, actor: Identity, accepted: pd.DataFrame | None = None
) -> ImportResult:
    """Approve a waiting submission: one import (kind ``submission``) of its records plus the accepted
    figure proposals ``accepted`` (指标进度 rows, checked by the caller through the upload engine), and
    the ``approved`` event, in one transaction. Analysts only."""
    who = require_analyst(actor, "action_review")
    sub = get_submission(store, submission_id)
    if sub.state != SUBMITTED:
        raise SubmissionError(
            "submission_not_waiting", None, id=sub.id, state=SubmissionError(STATE_KEYS[sub.state])
        )
    frames = submission_records(store, sub.id)
    progress = frames[PROGRESS]
    if accepted is not None and len(accepted):
        progress = pd.concat([progress, accepted[progress.columns]], ignore_index=True)
        progress = progress.drop_duplicates(["period", "indicator", "department", "county"], keep="first")

    def record(conn: sa.Connection, import_id: int) -> None:
        _check_waiting(conn, store, sub)
        record_event(conn, store.ledger, sub.id, who.name, APPROVED, import_id=import_id)

    return store.commit(
        progress if len(progress) else None,
        frames[TASKS] if len(frames[TASKS]) else None,
        None,
        user=who.name,
        file_name=sub.file_name or t("submission_editor_file", "zh", id=sub.id),
        sha256=sub.sha256,
        kind="submission",
        note=t("submission_import_note", "zh", id=sub.id, user=sub.user),
        checked=True,
        then=record,
    )


def return_submission(store: Store, submission_id: int, *, actor: Identity, reason: str) -> Submission:
    """Return a waiting submission to its reporter with ``reason`` (required; at most
    :data:`MAX_REASON` characters). Analysts only. Returns the submission as it is now."""
    who = require_analyst(actor, "action_review")
    text = " ".join(str(reason or "").split())
    if not text:
        raise SubmissionError("submission_reason_missing")
    if len(text) > MAX_REASON:
        raise SubmissionError("submission_reason_long", None, n=MAX_REASON)
    sub = get_submission(store, submission_id)
    with store.errors(), store.write_engine.begin() as conn:
        _check_waiting(conn, store, sub)
        record_event(conn, store.ledger, sub.id, who.name, RETURNED, reason=text)
    return get_submission(store, sub.id)
