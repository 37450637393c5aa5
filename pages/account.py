"""登录 / 账户: the link to our sign-in page (or the OIDC button), who is signed in and 退出; for admins the
accounts (add, update, remove)."""

import streamlit as st

from ledger.i18n import t
from ui import accounts, auth, errors, filters, widgets

_, lang = filters.current()
with errors.shown(lang):
    who = auth.current()
    st.title(t("page_account" if who is not None and who.signed_in else "login", lang))
    widgets.flash()
    auth.account_panel(who, lang)
    if who is not None and who.is_admin and who.source == "local":
        accounts.panel(who, lang)
