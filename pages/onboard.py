"""接入台账 (analysts and admins): upload a city's ledger, review its parse and warnings, edit the proposed
indicator catalog, confirm to register it next to the ledgers already held."""

import streamlit as st

from ledger.i18n import t
from ui import auth, errors, filters, onboarding, widgets

_, lang = filters.current()
with errors.shown(lang):
    who = auth.require_analyst(lang)
    st.title(t("page_onboard", lang), anchor=False)
    st.caption(t("onboard_caption", lang))
    widgets.flash()
    given = onboarding.choices(lang)
    if given is None:
        st.stop()
    proposal = onboarding.proposal(*given)
    onboarding.parse_summary(proposal, lang)
    catalog = onboarding.catalog_editor(proposal, lang)
    onboarding.confirm(who, proposal, catalog, lang)
