"""Who is using the app, and the account panel.

* With an ``[auth]`` section in ``.streamlit/secrets.toml``: OIDC through ``st.login`` /
  ``st.user``; the signed-in address gets its role from the ``[roles]`` lists
  (:class:`ledger.auth.AccessPolicy`).
* Otherwise: local accounts (``python -m ledger add-user NAME --role …``). The sign-in form is our own
  page (``/api/session/sign-in``, :mod:`ui.session_routes`), which sets an HttpOnly cookie holding a
  session token. Every run reads the cookie (``st.context.cookies``, as the browser sent it when the
  tab connected) and looks the token up (:meth:`ledger.auth.Accounts.session_identity`): role and scope
  are read again each time, and an expired, signed-out or removed account is signed out in every tab
  on its next run. (An identity the server put in the session state — the tests do — is re-read from
  the accounts the same way.)

Viewers need no sign-in unless ``[roles] require_sign_in = true``. The pages only decide what to show;
the write functions in :mod:`ledger.service` check the role again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

from ledger.auth import ANONYMOUS, REPORTER, ROLE_KEYS, AccessPolicy, Identity, load_policy
from ledger.i18n import t
from ui import data
from ui.widgets import plain

SESSION_KEY = "_identity"
#: The cookie holding the session token (set and cleared by ui.session_routes only).
COOKIE = "ledger_session"
SIGN_IN_PATH = "/api/session/sign-in"


def _secrets_section(name: str) -> dict:
    """A section of ``st.secrets`` as a dict ({} without a secrets file or section)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        value = st.secrets.get(name)
    except Exception:  # an unreadable secrets file counts as none; Streamlit logs it at startup
        return {}
    return dict(value) if isinstance(value, Mapping) else {}


def oidc_enabled() -> bool:
    """True when ``[auth]`` is configured: sign-in goes through ``st.login``."""
    return bool(_secrets_section("auth"))


def policy() -> AccessPolicy:
    """``[roles]`` from ``data/config.toml``, with the keys given in secrets' ``[roles]`` replacing them."""
    return load_policy().merged(_secrets_section("roles"))


def _oidc_user() -> tuple[bool, str]:
    user = st.user
    return bool(user.get("is_logged_in")), str(user.get("email") or "")


def session_token() -> str | None:
    """The session token the browser sent when this tab connected (None without one)."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None


def current() -> Identity | None:
    """The identity acting in this run; None when sign-in is required and there is none (or the
    signed-in address is not allowed). Raises ``StoreError`` (a UserError) when the accounts cannot be
    read."""
    rules = policy()
    if oidc_enabled():
        logged_in, email = _oidc_user()
        if logged_in:
            role = rules.role_for_email(email)
            return None if role is None else Identity(email, role, "oidc")
        return None if rules.require_sign_in else ANONYMOUS
    token = session_token()
    if token is not None:
        who = data.accounts().session_identity(token)
        if who is not None:
            return who
    who = st.session_state.get(SESSION_KEY)
    if isinstance(who, Identity):
        fresh = data.accounts().identity(who.name)
        if fresh is not None:
            return dataclasses.replace(fresh, source=who.source)
        st.session_state.pop(SESSION_KEY, None)  # the account was removed
    return None if rules.require_sign_in else ANONYMOUS


def require(lang: str, allowed, message: str = "analyst_only") -> Identity:
    """Stop the page unless ``allowed(identity)`` (pages for some roles call this first)."""
    who = current()
    if who is None or not allowed(who):
        st.error(t(message, lang), icon=":material/lock:")
        st.stop()
    return who


def require_analyst(lang: str) -> Identity:
    """Stop the page unless an analyst (or admin) is signed in."""
    return require(lang, lambda who: who.is_analyst)


def require_reporter(lang: str) -> Identity:
    """Stop the page unless a reporter with a scope is signed in."""
    return require(lang, lambda who: who.is_reporter, "reporter_only")


def role_label(who: Identity, lang: str) -> str:
    return t(ROLE_KEYS.get(who.role, "role_viewer"), lang)


def who_text(who: Identity, lang: str) -> str:
    """当前用户：tax（填报人 · 市税务局）."""
    role = role_label(who, lang)
    if who.role == REPORTER and who.scope:
        role = f"{role} · {who.scope.text(lang)}"
    return t("signed_in_role", lang, user=plain(who.name), role=plain(role))


def sidebar_status(who: Identity | None, lang: str) -> None:
    """One line in the sidebar: who is signed in, with which role."""
    if who is None or not who.signed_in:
        st.sidebar.caption(t("not_signed_in", lang))
    else:
        st.sidebar.caption(who_text(who, lang))


def sign_in_url(lang: str, next_path: str = "/") -> str:
    """Our sign-in page, coming back to ``next_path`` afterwards."""
    query = {"next": next_path, **({"lang": "en"} if lang == "en" else {})}
    return f"{SIGN_IN_PATH}?{urlencode(query)}"


def sign_in_button(lang: str, next_path: str = "/", *, label: str = "login", primary: bool = True) -> None:
    """The link to our sign-in page (Streamlit opens links in a new tab; the sign-in holds in every tab
    opened or reloaded afterwards)."""
    st.link_button(t(label, lang), sign_in_url(lang, next_path), type="primary" if primary else "secondary",
                   icon=":material/login:")


def sign_out(who: Identity) -> None:
    """End ``who``'s session now: this tab and every other tab with the same cookie are signed out on
    their next run."""
    if who.session:
        data.accounts().close_session(digest=who.session)
    st.session_state.pop(SESSION_KEY, None)


def account_panel(who: Identity | None, lang: str) -> None:
    """The 登录 / 账户 page body: sign in (OIDC button or the link to our sign-in form), or who is signed
    in and 退出."""
    if oidc_enabled():
        _oidc_panel(who, lang)
        return
    if who is not None and who.source == "local":
        st.success(who_text(who, lang))
        st.caption(t("session_hint", lang, hours=f"{policy().session_hours:g}"))
        if st.button(t("logout", lang), key="logout", icon=":material/logout:"):
            sign_out(who)
            st.rerun()
        return
    st.caption(t("login_required_page" if who is None else "login_local_hint", lang))
    sign_in_button(lang, "/account")
    st.caption(t("sign_in_new_tab", lang))


def _oidc_panel(who: Identity | None, lang: str) -> None:
    logged_in, email = _oidc_user()
    if logged_in:
        if who is None:
            st.error(t("login_not_allowed", lang, email=plain(email)))
        else:
            st.success(t("signed_in_role", lang, user=plain(who.name), role=role_label(who, lang)))
        if st.button(t("logout", lang), key="logout"):
            st.logout()
        return
    if who is None:
        st.info(t("login_required_page", lang))
    if st.button(t("login_oidc", lang), type="primary", key="login_oidc"):
        st.login()
