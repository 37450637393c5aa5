"""The 历史 page's revert panel: analysts choose an import, confirm, and it is undone as a new import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ledger import service, views
from ledger.auth import Identity
from ledger.i18n import t
from ui import data, errors
from ui.widgets import set_flash

_PENDING = "_revert_pending"


def table(history: pd.DataFrame, lang: str) -> None:
    """Every import: time, user, kind, file, sha256, rows per sheet, sample or real, result."""
    labels = {
        "id": t("history_id", lang),
        "created_at": t("history_time", lang),
        "user": t("history_user", lang),
        "kind": t("history_kind", lang),
        "file_name": t("history_file", lang),
        "sha256": t("history_sha", lang),
        "rows": t("history_rows", lang),
        "data": t("history_data", lang),
        "result": t("history_result", lang),
    }
    shown = views.history_rows(history, lang).rename(columns=labels)
    narrow = {labels["sha256"]: st.column_config.TextColumn(width="small", help=t("history_sha", lang))}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=narrow)
    st.caption(t("history_legend", lang))


def revert_panel(history: pd.DataFrame, who: Identity | None, lang: str) -> None:
    """For analysts: choose an import, 撤销导入, then 确认撤销 (or 取消). Viewers get a sentence."""
    if who is None or not who.is_analyst:
        st.caption(t("history_readonly", lang))
        return
    ids = views.revertable(history)
    st.subheader(t("history_revert", lang))
    if not ids:
        st.info(t("history_nothing_to_revert", lang))
        return
    names = dict(zip(history["id"].astype(int), history["file_name"], strict=True))
    choice = st.selectbox(
        t("history_choose", lang), ids, format_func=lambda i: f"#{i} {names.get(i, '')}", key="revert_choice"
    )
    if st.session_state.get(_PENDING) != choice:
        if st.button(t("history_revert", lang), key="revert", icon=":material/undo:"):
            st.session_state[_PENDING] = choice
            st.rerun()
        return
    st.warning(t("history_revert_warning", lang, id=f"#{choice}"))
    left, right, _ = st.columns([1, 1, 4])
    if right.button(t("upload_cancel", lang), key="revert_cancel"):
        st.session_state.pop(_PENDING, None)
        st.rerun()
    if left.button(t("history_confirm_revert", lang), type="primary", key="revert_confirm"):
        st.session_state.pop(_PENDING, None)
        with errors.shown(lang):
            service.revert_import(data.context(), choice, actor=who)
        set_flash(t("history_reverted", lang, id=f"#{choice}"))
        st.rerun()
