"""The 催报 page's parts: the missing reports per month × department × county (the same rows as
``python -m ledger missing --json``), and each department's 催报通知 to copy or download.

The date the overdue days count to is a date input whose default is today — read through
:func:`ledger.workflow.reminders.today`, the one place the workflow reads the clock.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
import streamlit as st

from ledger import service, views
from ledger.i18n import area_label, t
from ledger.workflow import reminders
from ledger.workflow.periods import due_date
from ui import data, reports
from ui.widgets import plain


def choices(lang: str) -> tuple[str, date, str | None]:
    """The 填报期, the date to count to (default today) and, optionally, the first month to include."""
    left, middle, right = st.columns(3)
    with left:
        period = reports.period_choice(lang, key="reminder_period")
    with middle:
        on = st.date_input(
            t("reminder_on", lang),
            value=reminders.today(),
            key="reminder_on",
            help=t("reminder_on_help", lang),
        )
    with right:
        earlier = st.checkbox(t("reminder_earlier", lang), key="reminder_earlier")
    since = f"{data.bundle().config.plan_year}-01" if earlier else None
    return period, on, since


def table(rows: pd.DataFrame, lang: str) -> None:
    """The missing reports, overdue first, as the CLI lists them."""
    if rows.empty:
        st.success(t("reminder_none", lang))
        return
    late = rows[rows["overdue"]]
    st.metric(t("reminder_units", lang), rows["department"].nunique(), border=True, width=220)
    st.caption(
        t(
            "reminder_summary",
            lang,
            n=int(rows["missing"].sum()),
            rows=len(rows),
            late=int(late["missing"].sum()),
            days=int(rows["days_overdue"].max()),
        )
    )
    shown = pd.DataFrame(
        {
            t("col_period", lang): rows["period"],
            t("col_department", lang): rows["department"],
            t("col_county", lang): [area_label(c, lang) for c in rows["county"]],
            t("reminder_due", lang): rows["due"],
            t("reminder_days", lang): [
                t("cli_days_overdue", lang, days=d) if o else t("reminder_not_due", lang)
                for d, o in zip(rows["days_overdue"], rows["overdue"], strict=True)
            ],
            t("reminder_missing", lang): [
                f"{m}/{e}" for m, e in zip(rows["missing"], rows["expected"], strict=True)
            ],
            t("reminder_pending", lang): rows["pending"],
            t("reminder_items", lang): [
                "、".join([*i, *(f"{t('col_task_id', lang)} {x}" for x in k)])
                for i, k in zip(rows["missing_indicators"], rows["missing_tasks"], strict=True)
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="reminder_rows")


def notices(rows: pd.DataFrame, on: date, lang: str) -> None:
    """Each department's 催报通知: shown in a code box (with its copy button) and to download; all of
    them in one file."""
    if rows.empty:
        return
    texts = service.reminder_notices(data.context(), rows, on, lang)
    st.subheader(t("reminder_notices", lang, n=len(texts)), anchor=False)
    st.download_button(
        t("reminder_download_all", lang),
        "\n\n\n".join(texts.values()).encode("utf-8"),
        file_name=f"催报通知_{on.isoformat()}.txt",
        mime="text/plain",
        key="notice_all",
        icon=":material/download:",
    )
    for i, (department, text) in enumerate(texts.items()):
        with st.expander(f"{plain(department)} · {t('reminder_notice', lang)}"):
            st.code(text, language=None, wrap_lines=True)
            st.download_button(
                t("reminder_download", lang),
                text.encode("utf-8"),
                file_name=f"催报通知_{department}_{on.isoformat()}.txt",
                mime="text/plain",
                key=f"notice_{i}",
                icon=":material/download:",
            )


@lru_cache(maxsize=8)
def _stored(_db: str, _version: int, period: str) -> dict[str, pd.DataFrame]:
    """The stored keys of ``period``, once per database and data version (callers do not modify it)."""
    return data.store().reported(period)


def overview_line(filters: views.Filters, snap: views.Snapshot, lang: str) -> None:
    """未报 on the overview: the as-of month's expected reports under the filters that are neither stored
    nor waiting for review, and those waiting (待审核)."""
    if not snap.as_of:
        return
    bundle = data.bundle()
    store = data.store()
    stored = _stored(data.db_url() + "#" + store.ledger, data.version(), snap.as_of)
    rows = views.apply(reminders.unreported(store, bundle, snap.as_of, stored), filters)
    missing = int((~rows["approved"] & ~rows["pending"]).sum())
    pending = int(rows["pending"].sum())
    due = due_date(snap.as_of, bundle.config).isoformat()
    n = len(rows)
    text = t("overview_unreported", lang, period=snap.as_of, n=missing, pending=pending, of=n, due=due)
    st.caption(text)
