"""页面不存在: our own page for an address the app does not have (instead of Streamlit's dialog)."""

import streamlit as st

from ledger.i18n import t
from ui import filters, nav, widgets

_, lang = filters.current()
path = nav.asked()
st.title(t("page_not_found", lang), anchor=False)
st.info(t("not_found_body", lang, path=widgets.plain(path)), icon=":material/help:")
st.page_link("pages/overview.py", label=t("back_to_overview", lang), icon=":material/dashboard:")
