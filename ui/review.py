"""The 审核 page's parts: the submissions waiting for review, one submission's changes against what is
stored, its evidence, the figures read from its 工作完成情况, and 通过 / 退回 (with a reason)."""

from __future__ import annotations

import streamlit as st

from ledger import service, views
from ledger.auth import Identity
from ledger.i18n import t
from ledger.upload.schema import PROGRESS, TASKS
from ledger.workflow.periods import periods
from ledger.workflow.submissions import SUBMITTED, Submission
from ui import data, errors, reports, upload
from ui.widgets import plain, set_flash

MAX_SHOWN = 500


def waiting(lang: str) -> list[Submission]:
    """The submissions waiting for review (of the chosen month, or all), listed; returns them."""
    config = data.bundle().config
    months = [views.ALL, *periods(config)]
    period = st.selectbox(
        t("review_period", lang),
        months,
        key="review_period",
        format_func=lambda p: t("filter_all", lang) if p == views.ALL else p,
    )
    found = service.submissions(
        data.context(), period=None if period == views.ALL else period, states=[SUBMITTED]
    )
    st.subheader(t("review_waiting", lang, n=len(found)), anchor=False)
    if not found:
        st.info(t("review_none", lang))
        return found
    reports.submission_table(found, lang, "review_waiting", with_user=True)
    return found


def changes(sub: Submission, lang: str) -> None:
    """What approving ``sub`` would change in the stored data, per sheet (added, changed old → new)."""
    preview = service.submission_preview(data.context(), sub.id)
    counts = views.change_counts(preview)
    for sheet, diff in preview.items():
        n = counts[sheet]
        st.markdown(f"**{sheet}** · {t('upload_sheet_summary', lang, sheet=sheet, **n)}")
        moved = diff[diff["change"] != views.UNCHANGED]
        if moved.empty:
            continue
        upload.change_table(moved.head(MAX_SHOWN), sheet, lang, key=f"review_diff_{sheet}")


def detail(sub: Submission, who: Identity, lang: str) -> None:
    """One submission: who sent what, its changes, evidence, figure proposals, and the two decisions."""
    ctx = data.context()
    st.subheader(t("review_detail", lang, id=sub.id), anchor=False)
    st.caption(
        t(
            "review_detail_caption",
            lang,
            user=plain(sub.user),
            scope=plain(sub.scope.text(lang)),
            periods="、".join(sub.periods),
            time=views.beijing_time(sub.created_at),
            source=t(f"sub_source_{sub.source}", lang),
        )
    )
    changes(sub, lang)
    records = service.submission_records(ctx, sub.id)
    st.markdown(f"**{t('evidence_title', lang)}**")
    for period in sub.periods:
        reports.files(who, period, lang, keys_of=records[TASKS])
    found = service.figure_proposals(ctx, records[TASKS], records[PROGRESS])
    accepted = upload.propose(found, lang, f"review_figures_{sub.id}")
    decide(sub, who, lang, accepted)


def decide(sub: Submission, who: Identity, lang: str, accepted) -> None:
    """通过 (one import of its records and the accepted figures) or 退回 with a reason."""
    left, right = st.columns(2)
    with left:
        if accepted is not None:
            st.caption(t("figures_included", lang, n=len(accepted)))
        if st.button(
            t("review_approve", lang), type="primary", key=f"approve_{sub.id}", icon=":material/check:"
        ):
            with errors.shown(lang):
                result = service.approve_submission(data.context(), sub.id, actor=who, accepted=accepted)
            set_flash(t("review_approved", lang, id=sub.id, import_id=result.import_id, n=result.written))
            st.rerun()
    with right:
        reason = st.text_area(
            t("review_reason", lang),
            key=f"reason_{sub.id}",
            max_chars=1000,
            placeholder=t("review_reason_hint", lang),
        )
        if st.button(t("review_return", lang), key=f"return_{sub.id}", icon=":material/undo:"):
            with errors.shown(lang):
                service.return_submission(data.context(), sub.id, actor=who, reason=reason)
            set_flash(t("review_returned", lang, id=sub.id))
            st.rerun()


def reviewed(lang: str) -> None:
    """The latest decisions (approved, returned, replaced)."""
    done = [s for s in service.submissions(data.context()) if s.state != SUBMITTED][:50]
    if not done:
        return
    st.subheader(t("review_done", lang), anchor=False)
    reports.submission_table(done, lang, "review_done", with_user=True)
