"""指标: per indicator, actual vs target per county and per department (bullet bars), and the trend."""

import streamlit as st

from ledger import charts, projection, views
from ledger.i18n import t
from ui import data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_indicators", snap, lang, f)
widgets.require_data(snap, lang)

catalog = snap.indicators.set_index("indicator")
choice = filters.bound_select(
    "indicator",
    t("filter_indicator", lang),
    list(catalog.index),
    container=st,
    fmt=lambda i: f"{i} {catalog.loc[i, 'name']}（{catalog.loc[i, 'unit']}）",
)
ind = catalog.loc[choice]
rows = views.apply(snap.status[snap.status["indicator"] == choice], f)
if rows.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()
if ind["baseline"] != ind["baseline"] and ind["direction"] == ">=":  # NaN: no baseline, line from 0
    st.caption(t("empty_no_baseline", lang))
if not charts.has_data(rows):
    widgets.empty(t("empty_indicator", lang, period=snap.as_of))
    st.stop()

areas = data.bundle().config.areas
left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.bullet_chart(rows, "county", lang=lang, order=areas), width="stretch", key="by_county"
    )
with right:
    st.plotly_chart(charts.bullet_chart(rows, "department", lang=lang), width="stretch", key="by_department")

history = views.apply(snap.progress[snap.progress["indicator"] == choice], f)
plan_start = data.bundle().config.plan_start
paths = projection.trend_paths(history, ind, snap.as_of, plan_start)  # dotted, to the deadline
shown = sorted(set(history["period"].astype(str)) | set(paths["period"]))
expected = views.expected_series(ind, shown, plan_start)
st.plotly_chart(
    charts.trend_chart(
        history,
        target=ind["target"],
        direction=ind["direction"],
        unit=ind["unit"],
        name=ind["name"],
        expected=expected,
        lang=lang,
        order=areas,
        projection=paths,
    ),
    width="stretch",
    key="trend",
)
widgets.status_table(
    rows,
    ["county", "department", "period", "actual", "expected", "target", "attainment", "score", "status"],
    lang,
)
