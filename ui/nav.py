"""Which page a request asked for, so that an unknown or forbidden address gets our own page.

``st.navigation`` answers an address it does not know with Streamlit's English "Page not found"
dialog and the default page. Before calling it, app.py asks :func:`stand_in` whether the address of
this run is one of the app's pages; if not, a hidden page is registered at that very address: our
Chinese (or English) not-found page, or, for a page that exists but is not open to this user (上传
for a viewer), a page that says so with a sign-in link.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ledger.i18n import t

REQUESTED = "_requested_page"


def requested_path() -> str | None:
    """The URL path this run was asked for by address ('' for the main page), or None when the run
    came from in-app navigation (a page the app itself offered) or outside a Streamlit server."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return None
    return manager.intended_page_name or ""


def stand_in(known: Iterable[str], restricted: dict[str, str], lang: str) -> st.Page | None:
    """A hidden page for an address that is not among ``known`` url paths: the not-allowed page when
    it is one of ``restricted`` (url path → page title), else the not-found page; None when the
    address is known (or is the main page)."""
    path = requested_path()
    if not path or path in set(known):
        return None
    st.session_state[REQUESTED] = path
    url_path = path.replace("/", "_")  # Streamlit's url paths have one segment
    if path in restricted:
        return st.Page("pages/not_allowed.py", title=t("page_not_allowed", lang), url_path=url_path,
                       icon=":material/lock:", visibility="hidden")
    return st.Page("pages/not_found.py", title=t("page_not_found", lang), url_path=url_path,
                   icon=":material/help:", visibility="hidden")


def asked() -> str:
    """The address a stand-in page was registered for (what the user typed)."""
    return str(st.session_state.get(REQUESTED, ""))
