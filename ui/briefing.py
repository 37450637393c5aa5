"""The 总览 page's projection tile and 通报 download (Streamlit glue around :mod:`ledger.briefing`)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from ledger import projection, views
from ledger.i18n import t
from ui import data


@st.cache_data(show_spinner=False, max_entries=16)
def _projection(url: str, data_version: int, as_of: str | None) -> pd.DataFrame:
    snap = data.snapshot(as_of)
    return projection.project(snap.status, snap.recent, snap.as_of, data.bundle().config.plan_start)


def projected(snap: views.Snapshot, status: pd.DataFrame) -> pd.DataFrame:
    """The projection of the (filtered) ``status`` rows of ``snap``, computed once per data version."""
    every = _projection(data.db_url(), data.version(), snap.as_of)
    return every.loc[status.index]


def _docx(ctx, period: str, county: str | None, department: str | None, lang: str) -> bytes:
    from ledger.briefing import write_briefing  # python-docx and matplotlib: only on a click

    buffer = io.BytesIO()
    write_briefing(ctx, buffer, period=period, county=county, department=department, lang=lang)
    return buffer.getvalue()


def projection_and_download(snap: views.Snapshot, status: pd.DataFrame, f: views.Filters, lang: str) -> None:
    """A tile with the items projected to miss their target, and the 通报 download for this view
    (made when the button is clicked, not on every run)."""
    left, right = st.columns([2, 4], vertical_alignment="bottom")
    unmet = int((projected(snap, status)["projected_status"] == projection.PROJECTED_UNMET).sum())
    left.metric(t("metric_projected_unmet", lang), unmet, border=True, help=t("metric_projected_help", lang))
    county = None if f.county == views.ALL else f.county
    department = None if f.department == views.ALL else f.department
    scope = "".join(f"_{x}" for x in (county, department) if x)
    ctx = data.context()  # bound now: the callable runs on another thread, after this run
    right.download_button(
        t("brief_download", lang),
        data=lambda: _docx(ctx, snap.as_of, county, department, lang),
        file_name=t("brief_file_name", lang, period=snap.as_of, scope=scope),
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        help=t("brief_download_help", lang),
        icon=":material/description:",
        on_click="ignore",
    )
