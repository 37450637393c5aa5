"""台账: the task ledger as a table with extracted targets marked, latest status, search and export."""

import io

import streamlit as st

from ledger import service, views
from ledger.i18n import column_labels, status_label, t
from ui import data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_ledger", snap, lang, f)

table = views.task_table(snap, data.bundle().ledger, f)
query = st.text_input(t("search", lang), placeholder=t("search_placeholder", lang), key="ledger_search")
table = views.search(table, query, ["title", "text", "departments", "completion"])
if table.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()

labels = column_labels(lang) | {
    "departments": t("col_department", lang),
    "counties": t("all_counties_task", lang),
    "targets": t("col_targets", lang),
}
order = [
    "task",
    "title",
    "status",
    "percent",
    "targets",
    "departments",
    "counties",
    "text",
    "completion",
    "category",
]
shown = table.assign(status=table["status"].map(lambda s: status_label(s, lang)))[order].rename(
    columns=labels
)
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    height=600,
    column_config={
        labels["percent"]: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%"),
        labels["text"]: st.column_config.TextColumn(width="large"),
        labels["completion"]: st.column_config.TextColumn(width="large"),
    },
)
st.caption(t("targets_marked", lang))


def _report() -> bytes:
    """Built only when the button is clicked (a deferred download)."""
    buffer = io.BytesIO()
    service.export_report(
        ctx,
        buffer,
        county=None if f.county == views.ALL else f.county,
        department=None if f.department == views.ALL else f.department,
        as_of=f.period,
    )
    return buffer.getvalue()


ctx = data.context()
st.download_button(
    t("export_report", lang),
    _report,
    file_name=f"台账报表_{snap.as_of or ''}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="export",
)
