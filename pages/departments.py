"""部门: ranking of departments by score and a scorecard per department (indicators, tasks, 工作完成情况)."""

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import t, task_state_label
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
st.subheader(chosen)
card = views.Filters(county=f.county, department=chosen)
indicators = views.apply(snap.status, card)
tasks = views.apply(snap.tasks, card)
if indicators.empty and tasks.empty:
    widgets.empty(t("empty_filter", lang))
    st.stop()
if not indicators.empty:
    score = metrics.overall_score(indicators)
    st.metric(t("metric_overall_score", lang), "—" if score != score else f"{score:.1f}")
    widgets.status_table(
        indicators,
        ["name", "county", "period", "actual", "expected", "target", "unit", "attainment", "status"],
        lang,
    )
st.subheader(t("task_progress", lang))
if tasks.empty:
    widgets.empty(t("empty_tasks", lang))
else:
    shown = tasks.assign(state=tasks["state"].map(lambda s: task_state_label(s, lang) if s == s else ""))
    widgets.status_table(
        shown, ["task", "county", "period", "state", "percent", "status", "completion"], lang
    )
