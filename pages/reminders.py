"""催报 (analysts): who has not reported a 填报期, per department and county, overdue first with the days
overdue as of a date (default today), and each department's 催报通知 to copy or download."""

import streamlit as st

from ledger import service
from ledger.i18n import t
from ui import auth, data, errors, filters
from ui import reminders as panel

_, lang = filters.current()
with errors.shown(lang):
    auth.require_analyst(lang)
    st.title(t("page_reminders", lang), anchor=False)
    st.caption(t("reminder_caption", lang))
    period, on, since = panel.choices(lang)
    rows = service.missing_reports(data.context(), period, on, since=since)
    panel.table(rows, lang)
    panel.notices(rows, on, lang)
