"""总览: score, annual completion, late reports, items projected to miss and the 通报 download;
indicator items per status, task items per state; category roll-up; the behind-schedule list
(indicators and tasks) with who is responsible."""

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import t
from ui import briefing, data, filters, widgets
from ui import reminders as reporting

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_overview", snap, lang, f)
widgets.require_data(snap, lang)

status = views.apply(snap.status, f)
tasks = views.apply(snap.tasks, f)
if status.empty and tasks.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()
if not charts.has_data(status):
    widgets.empty(t("empty_county", lang, county=widgets.plain(f.county), period=snap.as_of))

widgets.headline(status, tasks, snap, f, lang, extra=[briefing.projection_tile(snap, status, lang)],
                 after=lambda: briefing.download(snap, f, lang, label="brief_download"))
reporting.overview_line(f, snap, lang)  # 未报 and 待审核 of the as-of month (the reporting workflow)

if not status.empty:  # the tiles above give the counts per status; this says where they are
    categories = metrics.by_category(status)
    st.plotly_chart(charts.category_chart(categories, lang=lang), width="stretch", key="category")

st.subheader(t("behind_list_title", lang), anchor=False)
late = views.behind(status, tasks)
if late.empty:
    widgets.empty(t("empty_behind", lang))
else:
    st.caption(t("behind_list_caption", lang))
    widgets.table(
        late,
        ["kind", "status", "name", "department", "county", "period", "actual", "expected", "target", "unit",
         "percent"],
        lang,
        download=f"behind_{snap.as_of}.csv",
        key="behind",
    )
