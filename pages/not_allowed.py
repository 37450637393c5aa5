"""无权访问: a page that exists but is not open to this user (上传 for a viewer), saying who may use it, with
a sign-in link."""

import streamlit as st

from ledger.auth import role_names
from ledger.i18n import t
from ui import auth, filters, nav, roles, widgets

_, lang = filters.current()
path = nav.asked()
page = roles.BY_PATH.get(path)
who = auth.current()
st.title(t("page_not_allowed", lang), anchor=False)
allowed = role_names(page.roles, lang) if page else ""
title = t(page.title, lang) if page else path
st.warning(t("not_allowed_body", lang, page=widgets.plain(title), roles=allowed), icon=":material/lock:")
if who is not None and who.signed_in:
    st.caption(auth.who_text(who, lang))
auth.sign_in_button(lang, f"/{path}", label="go_sign_in")
st.page_link("pages/overview.py", label=t("back_to_overview", lang), icon=":material/dashboard:")
