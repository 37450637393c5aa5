"""审核 (analysts): the submissions waiting for review; one at a time its changes, evidence and the figures
read from its 工作完成情况; 通过 commits it as one import, 退回 sends it back with a reason."""

import streamlit as st

from ledger.i18n import t
from ui import auth, errors, filters, review, widgets

_, lang = filters.current()
with errors.shown(lang):
    who = auth.require_analyst(lang)
    st.title(t("page_review", lang), anchor=False)
    widgets.flash()
    found = review.waiting(lang)
    if found:
        ids = [s.id for s in found]
        chosen = st.selectbox(t("review_choose", lang), ids, key="review_choice",
                              format_func=lambda i: next(f"#{s.id} {s.user} {'、'.join(s.periods)}"
                                                         for s in found if s.id == i))
        review.detail(next(s for s in found if s.id == chosen), who, lang)
    review.reviewed(lang)
