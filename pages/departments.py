"""部门: departments ranked by score with what their items are; a scorecard per department (its score,
indicators, tasks and latest 工作完成情况) and a link to the meeting view."""

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import t
from ui import data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.header("page_departments", snap, lang, f)
widgets.require_data(snap, lang)

in_county = views.Filters(county=f.county)  # the ranking compares all departments in the chosen area
ranking = metrics.by_department(views.apply(snap.status, in_county))
st.plotly_chart(charts.ranking_chart(ranking, "department", lang=lang), width="stretch", key="ranking")

names = list(ranking["department"]) or data.bundle().ledger.departments
chosen = (
    f.department
    if f.department != views.ALL
    else st.selectbox(t("filter_department", lang), names, key="scorecard_department")
)
st.subheader(widgets.plain(chosen), anchor=False)
card = views.Filters(county=f.county, department=chosen)
indicators = views.apply(snap.status, card)
tasks = views.apply(snap.tasks, card)
link = {"department": chosen} | ({"county": f.county} if f.county != views.ALL else {})
st.page_link(
    "pages/meeting.py", label=t("meeting_link", lang), icon=":material/co_present:", query_params=link
)
if indicators.empty and tasks.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()
if not indicators.empty:
    summary = metrics.overall(indicators)
    widgets.tiles(
        [
            {"label": t("metric_overall_score", lang), "value": widgets.score_text(summary["score"]),
             "help": t("metric_score_help", lang)},
            {"label": t("metric_annual", lang), "value": widgets.score_text(summary["annual"])},
            {"label": widgets.status_label_md(metrics.BEHIND, lang),
             "value": f"{summary['n_late']}/{summary['n']}"},
            {"label": t("metric_stale", lang), "value": str(summary["n_stale"])},
        ],
        width=190,
    )
    widgets.table(
        indicators,
        ["name", "county", "period", "actual", "expected", "target", "unit", "attainment", "score", "status"],
        lang,
        key="scorecard_indicators",
    )
st.subheader(t("task_progress", lang), anchor=False)
if tasks.empty:
    widgets.empty(t("empty_tasks", lang))
else:
    widgets.table(
        tasks, ["task", "title", "county", "period", "state", "percent", "status", "completion"], lang,
        key="scorecard_tasks",
    )
