"""Small shared page parts: the header with the as-of period and the 示例数据 banner, empty states."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from ledger import views
from ledger.i18n import area_label, column_labels, status_label, t

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: object) -> str:
    """User text (file names, user names, e-mail addresses) made literal for elements that render
    Markdown (``st.caption``, ``st.success`` …): every Markdown character is backslash-escaped, so
    ``[x](javascript:…)`` or ``**bold**`` is shown as typed. HTML is never enabled anywhere."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def flash(key: str = "_flash") -> None:
    """Show (once) a message left by :func:`set_flash` before a rerun: a toast and a success box."""
    message = st.session_state.pop(key, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message)


def set_flash(message: str, key: str = "_flash") -> None:
    st.session_state[key] = message


def header(page_key: str, snap: views.Snapshot, lang: str, filters: views.Filters | None = None) -> None:
    """Page title, the as-of period and active filters, and the 示例数据 banner whenever sample data
    is shown (so a screenshot or a projector always says what it shows)."""
    st.title(t(page_key, lang))
    parts = [t("as_of", lang, period=snap.as_of)] if snap.as_of else []
    if filters is not None:
        county = t("filter_all", lang) if filters.county == views.ALL else area_label(filters.county, lang)
        department = t("filter_all", lang) if filters.department == views.ALL else filters.department
        colon = "：" if lang == "zh" else ": "
        parts += [
            f"{t('filter_county', lang)}{colon}{county}",
            f"{t('filter_department', lang)}{colon}{department}",
        ]
    if parts:
        st.caption(" · ".join(parts))
    if snap.sample:
        st.warning(t("sample_banner", lang), icon=":material/science:")


def require_data(snap: views.Snapshot, lang: str) -> None:
    """Stop the page with a sentence when nothing has been imported yet."""
    if not snap.has_data:
        st.info(t("empty_no_data", lang))
        st.stop()


def empty(message: str) -> None:
    st.info(message)


def status_table(frame: pd.DataFrame, columns: list[str], lang: str) -> None:
    """A read-only table of status rows with translated headers and status names."""
    shown = frame[columns].copy()
    if "status" in shown:
        shown["status"] = shown["status"].map(lambda s: status_label(s, lang))
    if "attainment" in shown:
        shown["attainment"] = shown["attainment"] * 100
    config = {}
    if "attainment" in shown:
        config["attainment"] = st.column_config.NumberColumn(format="%.0f%%")
    if "score" in shown:
        config["score"] = st.column_config.NumberColumn(format="%.0f")
    for col in ("actual", "expected", "target", "percent"):
        if col in shown:
            config[col] = st.column_config.NumberColumn(format="%.4g")
    st.dataframe(
        shown.rename(columns=column_labels(lang)),
        hide_index=True,
        width="stretch",
        column_config={column_labels(lang).get(k, k): v for k, v in config.items()},
    )
