"""总览: status tiles, overall score and its change, category roll-up, the behind-schedule list."""

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import t
from ui import briefing, data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_overview", snap, lang, f)
widgets.require_data(snap, lang)

status = views.apply(snap.status, f)
if status.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()
if not charts.has_data(status):
    widgets.empty(t("empty_county", lang, county=f.county, period=snap.as_of))

counts = metrics.status_counts(status)
tiles = st.columns(6)
for col, (key, s) in zip(
    tiles,
    [
        ("status_met", metrics.MET),
        ("status_on_track", metrics.ON_TRACK),
        ("status_behind", metrics.BEHIND),
        ("status_overdue", metrics.OVERDUE),
        ("status_no_data", metrics.NO_DATA),
    ],
    strict=False,
):
    col.metric(t(key, lang), counts[s], border=True)
score, delta = metrics.overall_score(status), views.score_delta(snap, f)
tiles[5].metric(
    t("metric_overall_score", lang),
    "—" if score != score else f"{score:.1f}",
    delta=None if delta is None else f"{delta:+.1f}",
    border=True,
    help=t("metric_score_help", lang),
)

briefing.projection_and_download(snap, status, f, lang)

left, right = st.columns([3, 2])
with left:
    categories = metrics.by_category(status)
    st.plotly_chart(charts.category_chart(categories, lang=lang), width="stretch", key="category")
with right:
    st.plotly_chart(charts.status_donut(counts, lang=lang), width="stretch", key="donut")

st.subheader(t("behind_list_title", lang))
late = views.behind(status)
if late.empty:
    widgets.empty(t("empty_behind", lang))
else:
    st.caption(t("behind_list_caption", lang))
    widgets.status_table(
        late,
        [
            "status",
            "name",
            "department",
            "county",
            "period",
            "actual",
            "expected",
            "target",
            "unit",
            "attainment",
        ],
        lang,
    )
