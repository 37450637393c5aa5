"""The sidebar's 台账 choice: which of the database's ledgers (city × plan year) this session shows.

Drawn only when the database holds more than one ledger. The default ledger (``LEDGER_ID``, else the
city file's) is the first option and is left out of the URL; another one is kept as ``?ledger=ID``, so a
copied link (e.g. of /meeting) opens the same ledger. An id in the URL that the database does not hold
leaves a notice and shows the default ledger.
"""

from __future__ import annotations

import streamlit as st

from ledger.i18n import t
from ui import data, filters


def _lang() -> str:
    """The language before the sidebar's language choice is drawn (it is drawn after this one)."""
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    return "en" if chosen == "en" else "zh"


def choose() -> str | None:
    """Draw the choice (several ledgers only) and set the session's ledger; return it (None: the
    default)."""
    default = data.default_ledger()
    entries = {e.id: e for e in data.ledgers()}
    ids = [default, *sorted((i for i in entries if i != default), key=lambda i: (-entries[i].plan_year, i))]
    if len(ids) < 2:
        st.session_state[data.SHOWN_LEDGER] = None
        return None
    lang = _lang()

    def name(ledger_id: str) -> str:
        e = entries.get(ledger_id)
        if e is None:
            return ledger_id
        return t("ledger_option", lang, city=e.city, year=e.plan_year, ledger=e.id)

    value = filters.bound_select("ledger", t("filter_ledger", lang), ids, fmt=name, lang=lang)
    st.session_state[data.SHOWN_LEDGER] = None if value == default else value
    return st.session_state[data.SHOWN_LEDGER]
