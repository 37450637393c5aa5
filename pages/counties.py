"""县区: indicator × county status heat map, county ranking, and links to the meeting view per county."""

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import area_label, t
from ui import data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_counties", snap, lang, f)
widgets.require_data(snap, lang)

cfg = data.bundle().config
status = views.apply(snap.status, views.Filters(department=f.department))
with st.container(horizontal=True, gap="small"):
    for county in cfg.county_names if f.county not in cfg.county_names else [f.county]:
        link = {"county": county} | ({"department": f.department} if f.department != views.ALL else {})
        st.page_link(
            "pages/meeting.py",
            label=f"{t('meeting_link', lang)} · {widgets.plain(area_label(county, lang))}",
            icon=":material/co_present:",
            query_params=link,
        )
st.plotly_chart(charts.heatmap(status, lang=lang, order=cfg.areas), width="stretch", key="heatmap")
ranking = metrics.by_county(status)
st.plotly_chart(charts.ranking_chart(ranking, "county", lang=lang), width="stretch", key="county_ranking")
