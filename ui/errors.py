"""The one place a page shows what a user could not do: a :class:`~ledger.errors.UserError` (a rejected
request, a locked or missing database, a refused sign-in, a permission) becomes an error box in the
user's language and the page stops there; nothing reaches the user as a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ledger.errors import UserError
from ledger.i18n import t


@contextmanager
def shown(lang: str, wrap: str | None = None) -> Iterator[None]:
    """Run a page's body (or one action of it); a UserError is shown as ``st.error`` in ``lang`` —
    inside the sentence ``wrap`` (an i18n key with an ``{error}`` field) when given — and the run stops."""
    try:
        yield
    except UserError as exc:
        message = exc.message(lang)
        st.error(t(wrap, lang, error=message) if wrap else message)
        st.stop()


__all__ = ["shown"]
