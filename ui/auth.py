"""Who is using the app, and the sign-in panel.

* With an ``[auth]`` section in ``.streamlit/secrets.toml``: OIDC through ``st.login`` /
  ``st.user``; the signed-in address gets its role from the ``[roles]`` lists
  (:class:`ledger.auth.AccessPolicy`).
* Otherwise: local accounts (``python -m ledger add-analyst NAME``), signed in with a form; the
  identity lives in the server-side session state and its role is re-read from the database on every
  run, so a removed or demoted account loses its rights at once.

Viewers need no sign-in unless ``[roles] require_sign_in = true``. The pages only decide what to show;
the write functions in :mod:`ledger.service` check the role again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping

import streamlit as st

from ledger.auth import ANONYMOUS, AccessPolicy, Identity, SignInError, load_policy
from ledger.i18n import t
from ui import data
from ui.widgets import plain

SESSION_KEY = "_identity"


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
    who = st.session_state.get(SESSION_KEY)
    if isinstance(who, Identity):
        role = data.accounts().role_of(who.name)
        if role is not None:
            return dataclasses.replace(who, role=role)
        st.session_state.pop(SESSION_KEY, None)  # the account was removed
    return None if rules.require_sign_in else ANONYMOUS


def require_analyst(lang: str) -> Identity:
    """Stop the page unless an analyst is signed in (pages for analysts call this first)."""
    who = current()
    if who is None or not who.is_analyst:
        st.error(t("analyst_only", lang), icon=":material/lock:")
        st.stop()
    return who


def role_label(who: Identity, lang: str) -> str:
    return t("role_analyst" if who.is_analyst else "role_viewer", lang)


def sidebar_status(who: Identity | None, lang: str) -> None:
    """One line in the sidebar: who is signed in, with which role."""
    if who is None or not who.signed_in:
        st.sidebar.caption(t("not_signed_in", lang))
    else:
        st.sidebar.caption(t("signed_in_role", lang, user=plain(who.name), role=role_label(who, lang)))


def client() -> tuple[str, str]:
    """Where a sign-in comes from: (client address, browser key), "" when unknown.

    The address is the connection's, or — when that is this machine, i.e. a proxy in front
    (README: Deployment) — the last address of ``X-Forwarded-For``, the one the proxy added. The
    browser key is a hash of the ``_streamlit_xsrf`` cookie, a random token Streamlit gives each
    browser once and that other browsers cannot know.
    """
    context = st.context
    address = context.ip_address
    if not isinstance(address, str) or not address:
        forwarded = context.headers.get("X-Forwarded-For")
        address = forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else ""
    cookie = context.cookies.get("_streamlit_xsrf")
    device = hashlib.sha256(cookie.encode()).hexdigest()[:32] if isinstance(cookie, str) and cookie else ""
    return address[:64], device


def sign_in(name: str, password: str, lang: str) -> str | None:
    """Check a local account; on success remember it in the session. Returns an error text or None;
    a database that cannot be reached raises its UserError (shown by the page)."""
    address, device = client()
    try:
        who = data.accounts().sign_in(name, password, client=address, device=device)
    except SignInError as exc:
        keys = {"locked": "login_locked", "invalid": "login_failed"}
        return t(keys[exc.reason], lang) if exc.reason in keys else exc.message(lang)
    st.session_state[SESSION_KEY] = who
    return None


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)


def account_panel(who: Identity | None, lang: str) -> None:
    """The 登录 / 账户 page body: sign in (OIDC button or local form), or who is signed in and 退出."""
    if oidc_enabled():
        _oidc_panel(who, lang)
        return
    if who is not None and who.source == "local":
        st.success(t("signed_in_role", lang, user=plain(who.name), role=role_label(who, lang)))
        if st.button(t("logout", lang), key="logout"):
            sign_out()
            st.rerun()
        return
    st.caption(t("login_required_page" if who is None else "login_local_hint", lang))
    with st.form("login_form", clear_on_submit=True):
        name = st.text_input(t("username", lang), key="login_name", max_chars=64)
        password = st.text_input(t("password", lang), type="password", key="login_password", max_chars=1024)
        submitted = st.form_submit_button(t("login_submit", lang), type="primary")
    if submitted:
        error = sign_in(name, password, lang)
        if error:
            st.error(error)
        else:
            st.rerun()


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
