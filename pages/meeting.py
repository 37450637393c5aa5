"""会议模式 (/meeting): one county or one department as of a month, in type sized for a projector.

``/meeting?county=平罗县``, ``/meeting?department=市税务局``, ``&period=2023-06``, ``&lang=en`` open the
view directly (the sidebar filters read the URL); ``&rotate=30`` moves on to the next county (or
department) every 30 seconds. The sidebar starts collapsed (app.py); the behind list is a plain table
that grows with its rows, so nothing scrolls inside it. At the end, the 通报 of the area on the screen
to download.
"""

import time

import streamlit as st

from ledger import charts, metrics, views
from ledger.i18n import area_label, t
from ledger.model import CITY_WIDE
from ui import briefing, comments, data, filters, widgets

f, lang = filters.current()
snap = data.snapshot(f.period)
widgets.chrome(lang, snap.sample)
widgets.require_data(snap, lang)
bundle = data.bundle()
MAX_ROWS = 12  # behind-list rows on one projector screen; the rest are counted


def _rotate_seconds() -> int | None:
    raw = st.query_params.get("rotate")
    if raw is None:
        return None
    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if seconds < 5:
        widgets.add_notice(t("notice_unknown", lang, what="rotate", value=widgets.plain(raw), shown="—"))
        return None
    return seconds


by_department = f.department != views.ALL
if by_department:
    cycle = list(bundle.ledger.departments)
    start = f.department
else:
    # the whole city (全部) or its city-wide figures (全市) first when asked for, then the counties
    cycle = ([f.county] if f.county in (views.ALL, CITY_WIDE) else []) + bundle.config.county_names
    start = f.county
rotate = _rotate_seconds()


def _current() -> str:
    """The county or department on screen: the URL's, then the next one every ``rotate`` seconds."""
    state = st.session_state.get("_meeting")
    now = time.monotonic()
    if state is None or state["start"] != (start, by_department):
        state = {"start": (start, by_department), "i": cycle.index(start), "at": now}
    elif rotate and now - state["at"] >= rotate - 0.5:
        state = {**state, "i": (state["i"] + 1) % len(cycle), "at": now}
    st.session_state["_meeting"] = state
    return cycle[state["i"]]


def _name(value: str) -> str:
    if value == views.ALL:
        return t("meeting_all", lang)
    return area_label(value, lang)


@st.fragment(run_every=rotate)
def meeting() -> None:
    shown = _current()
    if by_department:
        scope = views.Filters(county=f.county, department=shown)
        ranking_by = "county"
    else:
        scope = views.Filters(county=shown, department=f.department)
        ranking_by = "county" if shown == views.ALL else "department"
    status, tasks = views.apply(snap.status, scope), views.apply(snap.tasks, scope)
    st.title(f"{widgets.plain(_name(shown))} · {t('as_of', lang, period=snap.as_of)}", anchor=False)
    if rotate:
        following = cycle[(cycle.index(shown) + 1) % len(cycle)]
        st.caption(t("meeting_rotate", lang, seconds=rotate, next=widgets.plain(_name(following))))
    if lang == "en":
        st.caption(t("names_caption", lang))
    widgets.filling_banner(snap, lang)
    if status.empty and tasks.empty:
        widgets.empty(t("empty_filter", lang))
        return
    widgets.headline(status, tasks, snap, scope, lang, big=True)

    late = views.behind(status, tasks)
    st.header(t("meeting_behind", lang, n=len(late)), anchor=False)
    if late.empty:
        widgets.empty(t("empty_behind", lang))
    else:
        columns = ["status", "name", "department", "county", "figure", "period"]
        one = "department" if by_department else "county" if shown != views.ALL else None
        widgets.static_table(late.head(MAX_ROWS), [c for c in columns if c != one], lang)
        if len(late) > MAX_ROWS:
            st.caption(t("meeting_more", lang, n=len(late) - MAX_ROWS))
    if not status.empty:
        roll = metrics.by_county(status) if ranking_by == "county" else metrics.by_department(status)
        figure = charts.ranking_chart(roll, ranking_by, lang=lang, big=True)
        st.plotly_chart(figure, width="stretch", key="meeting_ranking")
    comments.meeting(scope, lang)
    briefing.meeting_download(snap, scope, lang)  # the 通报 of what is on the screen


meeting()
