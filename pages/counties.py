"""县区: indicator × county heatmap, county ranking, and a big-type meeting view (one county at a time)."""

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import area_label, status_label, t
from ui import data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_counties", snap, lang, f)
widgets.require_data(snap, lang)

cfg = data.bundle().config
status = views.apply(snap.status, views.Filters(department=f.department))
meeting = st.toggle(t("meeting_view", lang), key="meeting", help=t("meeting_help", lang))

if not meeting:
    st.plotly_chart(charts.heatmap(status, lang=lang, order=cfg.areas), width="stretch", key="heatmap")
    ranking = metrics.by_county(status)
    st.plotly_chart(charts.ranking_chart(ranking, "county", lang=lang), width="stretch", key="county_ranking")
    st.stop()

# Meeting view: the county from the sidebar (or the first), large type, readable on a projector.
county = (
    f.county
    if f.county in cfg.county_names
    else st.segmented_control(
        t("filter_county", lang), cfg.county_names, default=cfg.county_names[0], key="meeting_county"
    )
)
county = county or cfg.county_names[0]
rows = status[status["county"] == county]
st.header(area_label(county, lang))
if not charts.has_data(rows):
    widgets.empty(t("empty_county", lang, county=county, period=snap.as_of))
    st.stop()
counts = metrics.status_counts(rows)
cols = st.columns(5)
for col, s in zip(cols, metrics.STATUSES, strict=True):
    col.metric(status_label(s, lang), counts[s], border=True)
st.plotly_chart(
    charts.ranking_chart(metrics.by_department(rows), "department", lang=lang, big=True),
    width="stretch",
    key="meeting_ranking",
)
late = views.behind(rows)
if not late.empty:
    st.subheader(t("behind_list_title", lang))
    widgets.status_table(late, ["status", "name", "department", "actual", "target", "unit"], lang)
