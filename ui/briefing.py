"""The projection tile and the 通报 download on 总览 and 会议模式 (Streamlit glue around
:mod:`ledger.projection` and :mod:`ledger.briefing`).

The projection of every item is shared by all sessions: it is kept in a process-level LRU like the
snapshots of :mod:`ui.data` (not ``st.cache_data``, which any client's ``clear_cache`` message
empties), keyed by the database and ledger, the data version and the resolved as-of month. The
document itself is made for one user, when the button is clicked.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from ledger import projection, views
from ledger.i18n import area_label, t
from ui import data, widgets
from ui.data import _Cache

_projections = _Cache(6)  # one frame per (database, ledger, data version, as-of month): small
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def projected(snap: views.Snapshot, status: pd.DataFrame) -> pd.DataFrame:
    """``projected`` and ``projected_status`` (:func:`ledger.projection.project`) of the filtered
    ``status`` rows of ``snap``; every item is projected once per data version and month."""
    scope = f"{data.db_url()}#{data.store().ledger}"
    version = data.version()
    _projections.drop_older(scope, version)
    every = _projections.get(
        (scope, version, snap.as_of),
        lambda: projection.project(snap.status, snap.recent, snap.as_of, data.bundle().config.plan_start),
    )
    return every.loc[status.index]


def projection_tile(snap: views.Snapshot, status: pd.DataFrame, lang: str) -> dict:
    """The 预计年底未达标 tile for :func:`ui.widgets.headline`: the items whose trend misses the target
    at the deadline (what ``status --json`` counts as ``projected_status`` 预计未达标)."""
    unmet = int((projected(snap, status)["projected_status"] == projection.PROJECTED_UNMET).sum())
    return {"label": t("metric_projected_unmet", lang), "value": str(unmet),
            "help": t("metric_projected_help", lang)}


def _docx(ctx, period: str, county: str | None, department: str | None, lang: str) -> bytes:
    from ledger.briefing import write_briefing  # python-docx and matplotlib: only on a click

    buffer = io.BytesIO()
    write_briefing(ctx, buffer, period=period, county=county, department=department, lang=lang)
    return buffer.getvalue()


def download(snap: views.Snapshot, f: views.Filters, lang: str, *, label: str, key: str = "briefing",
             primary: bool = False, width: int | str = "content") -> None:
    """The 下载通报 button (its text the i18n key ``label``): the 通报 for the filter ``f`` as of the
    month shown, with its 督办单, made when the button is clicked (not on every run)."""
    county = None if f.county == views.ALL else f.county
    department = None if f.department == views.ALL else f.department
    scope = "".join(f"_{x}" for x in (county, department) if x)
    ctx = data.context()  # bound now: the callable runs on another thread, after this run
    st.download_button(
        t(label, lang),
        data=lambda: _docx(ctx, snap.as_of, county, department, lang),
        file_name=t("brief_file_name", lang, period=snap.as_of, scope=scope),
        mime=DOCX,
        help=t("brief_download_help", lang),
        icon=":material/description:",
        on_click="ignore",
        type="primary" if primary else "secondary",
        key=key,
        width=width,
    )


def meeting_download(snap: views.Snapshot, f: views.Filters, lang: str) -> None:
    """The 通报 of the area on the projector, in heading type: what it is (the area and the month) in a
    bordered box with the button beside it."""
    area = [area_label(f.county, lang)] if f.county != views.ALL else []
    what = " · ".join([*area, *([f.department] if f.department != views.ALL else []),
                       t("as_of", lang, period=snap.as_of)])
    with st.container(border=True, horizontal=True, vertical_alignment="center", width="content"):
        st.markdown(f"#### :material/description: {t('brief_meeting', lang, scope=widgets.plain(what))}",
                    width="content", anchors=False)
        download(snap, f, lang, label="brief_meeting_button", key="meeting_briefing", primary=True)
