"""无权访问: a page that exists but is not open to this user (上传 for a viewer), with a sign-in link."""

import streamlit as st

from ledger.i18n import t
from ui import filters, nav, widgets

_, lang = filters.current()
path = nav.asked()
st.title(t("page_not_allowed", lang), anchor=False)
st.warning(t("not_allowed_body", lang, page=widgets.plain(t(f"page_{path}", lang))), icon=":material/lock:")
st.page_link("pages/account.py", label=t("go_sign_in", lang), icon=":material/login:")
st.page_link("pages/overview.py", label=t("back_to_overview", lang), icon=":material/dashboard:")
