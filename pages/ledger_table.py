"""台账: the task ledger as a table with extracted targets marked, status and a progress bar in the
status's colour, search and export."""

import io

import streamlit as st

from ledger import report, service, views
from ledger.i18n import t
from ui import auth, comments, data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_ledger", snap, lang, f)

table = views.task_table(snap, data.bundle().ledger, f)
query = st.text_input(t("search", lang), placeholder=t("search_placeholder", lang), key="ledger_search")
table = views.search(table, query, ["title", "text", "departments", "completion"])
if table.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()

columns = ["task", "title", "status", "bar", "n_late", "targets", "departments", "counties", "text",
           "completion", "category"]
shown = views.display_rows(
    table.assign(
        bar=[views.progress_bar(p) for p in table["percent"]],
        n_late=[f"{a}/{b}" if b else "" for a, b in zip(table["n_late"], table["n"], strict=True)],
    ),
    columns,
    lang,
)
st.dataframe(
    widgets.status_style(shown, table["status"].tolist(), [columns.index("status"), columns.index("bar")]),
    hide_index=True,
    width="stretch",
    height=min(36 * (len(shown) + 1) + 2, 720),
    column_config={
        shown.columns[columns.index("text")]: st.column_config.TextColumn(width="large"),
        shown.columns[columns.index("completion")]: st.column_config.TextColumn(width="large"),
    },
    key="ledger",
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
    file_name=report.file_name(
        snap.as_of,
        None if f.county == views.ALL else f.county,
        None if f.department == views.ALL else f.department,
    ),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="export",
)
who = auth.current()
if who is not None and who.is_analyst:  # another city's ledger, or next year's: 接入台账
    st.page_link("pages/onboard.py", label=t("onboard_link", lang), icon=":material/library_add:")

task = st.selectbox(t("comments_task", lang), table["task"].tolist(), key="comment_task",
                    format_func=lambda i: f"{i} {table.set_index('task').loc[i, 'title']}")
comments.section("task", task, snap.tasks[snap.tasks["task"] == task], who, lang, snap.as_of)
