"""历史: every import (time, user, file, sha256, rows per sheet, sample or real); analysts may revert one."""

import streamlit as st

from ledger import views
from ledger.i18n import t
from ui import auth, data, errors, filters, widgets
from ui import history as panel

_, lang = filters.current()
with errors.shown(lang):
    who = auth.current()
    st.title(t("page_history", lang), anchor=False)
    history = data.history()
    widgets.chrome(lang, views.shows_sample(history))
    widgets.flash()
    if history.empty:
        widgets.empty(t("empty_history", lang))
        st.stop()
    panel.table(history, lang)
    panel.revert_panel(history, who, lang)
