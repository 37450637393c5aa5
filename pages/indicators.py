"""指标: per indicator, actual vs target per county and per department (bullet bars), and the trend."""

import streamlit as st

from ledger import charts, projection, views
from ledger.i18n import t, unit_label
from ui import auth, comments, data, filters, widgets

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
    fmt=lambda i: f"{i} {catalog.loc[i, 'name']}（{unit_label(catalog.loc[i, 'unit'], lang)}）",
    lang=lang,
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

cfg = data.bundle().config
# one above the other: side by side, a long indicator name no longer fits a laptop's half width
st.plotly_chart(
    charts.bullet_chart(rows, "county", lang=lang, order=cfg.areas), width="stretch", key="by_county"
)
st.plotly_chart(charts.bullet_chart(rows, "department", lang=lang), width="stretch", key="by_department")

history = views.apply(data.trend(snap, choice), f)
paths = projection.trend_paths(history, ind, snap.as_of, cfg.plan_start)  # dotted, to the deadline
shown = sorted(set(history["period"].astype(str)) | set(paths["period"]))
expected = views.expected_series(ind, shown, cfg.plan_start)
st.plotly_chart(
    charts.trend_chart(
        history,
        target=ind["target"],
        direction=ind["direction"],
        unit=ind["unit"],
        name=ind["name"],
        expected=expected,
        lang=lang,
        order=cfg.areas,
        projection=paths,
    ),
    width="stretch",
    key="trend",
)
widgets.table(
    rows,
    ["county", "department", "period", "actual", "expected", "target", "unit", "attainment", "score",
     "status"],
    lang,
    download=f"{choice}_{snap.as_of}.csv",
    key="indicator_rows",
)
comments.section("indicator", choice, snap.status[snap.status["indicator"] == choice], auth.current(), lang,
                 snap.as_of)
