"""我的填报 (reporters): the 填报期, the reporter's submissions and their review, its own rows to report
in the editor or by its own template, and 佐证材料. Nothing here reads the sidebar filters: a reporter
sees and sends its own rows only."""

import streamlit as st

from ledger.i18n import t
from ui import auth, errors, filters, reports, widgets

_, lang = filters.current()
with errors.shown(lang):
    who = auth.require_reporter(lang)  # not in the navigation for others; check again anyway
    st.title(t("page_reports", lang), anchor=False)
    st.caption(auth.who_text(who, lang))
    widgets.flash()
    reports.my_submissions(who, lang)
    period = reports.period_choice(lang)
    online, by_file = st.tabs([t("report_tab_editor", lang), t("report_tab_upload", lang)])
    with online:
        reports.editor(who, period, lang)
    with by_file:
        reports.upload_tab(who, period, lang)
    reports.evidence_panel(who, period, lang)
