"""登录 / 账户: sign in (local account form, or the OIDC button when [auth] is configured), or sign out."""

import streamlit as st

from ledger.i18n import t
from ui import auth, errors, filters

_, lang = filters.current()
with errors.shown(lang):
    who = auth.current()
    st.title(t("page_account" if who is not None and who.signed_in else "login", lang))
    auth.account_panel(who, lang)
