"""上传 (analysts): template, upload, validation report, preview of changes, figures read from 工作完成情况,
confirm as one import; changes to the indicator catalog are the admin's separate, confirmed step."""

import streamlit as st

from ledger.i18n import t
from ui import auth, errors, filters, upload, widgets

_, lang = filters.current()
with errors.shown(lang):
    who = auth.require_analyst(lang)  # the page is not in the navigation for others; check again anyway
    st.title(t("page_upload", lang))
    widgets.flash()
    upload.template_button(lang)

    file = upload.uploader(lang)
    if file is None:
        st.stop()
    checked = upload.check(file, lang)
    if checked.needs_period:  # a filled 台账 (four-column form) rather than the template: which month?
        upload.period_choice(lang)
    if checked.error is not None:
        upload.show_problems(checked, lang)
    if checked.preview is None:
        st.stop()
    counts = upload.show_preview(checked, lang)
    upload.catalog_step(checked, who, lang)
    accepted = upload.propose(checked.figures, lang, "upload_figures")
    upload.confirm(checked, counts, who, lang, accepted)
