"""账户管理 (admins, on the 账户 page): every local account with its role and scope; add or update one
(a reporter with its departments and counties); remove one, which signs it out everywhere at once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ledger import service
from ledger.auth import REPORTER, ROLE_KEYS, ROLES, Identity
from ledger.i18n import t
from ui import data, errors
from ui.widgets import plain, set_flash


def panel(who: Identity, lang: str) -> None:
    ctx = data.context()
    st.subheader(t("accounts_title", lang), anchor=False)
    found = service.accounts(ctx).list()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("username", lang): a.name,
                    t("accounts_role", lang): t(ROLE_KEYS.get(a.role, "role_viewer"), lang),
                    t("accounts_scope", lang): a.scope.text(lang) if a.scope else "",
                    t("accounts_created", lang): a.created_at,
                }
                for a in found
            ]
        ),
        hide_index=True,
        width="stretch",
        key="accounts_table",
    )
    with st.form("account_form", clear_on_submit=True):
        st.markdown(f"**{t('accounts_add', lang)}**")
        name = st.text_input(t("username", lang), max_chars=64, key="account_name")
        role = st.selectbox(
            t("accounts_role", lang),
            ROLES,
            index=ROLES.index(REPORTER),
            key="account_role",
            format_func=lambda r: t(ROLE_KEYS[r], lang),
        )
        bundle = data.bundle()
        departments = st.multiselect(
            t("filter_department", lang), bundle.ledger.departments, key="account_depts"
        )
        counties = st.multiselect(t("filter_county", lang), bundle.config.areas, key="account_counties")
        password = st.text_input(t("password", lang), type="password", max_chars=1024, key="account_password")
        again = st.text_input(t("accounts_again", lang), type="password", max_chars=1024, key="account_again")
        saved = st.form_submit_button(t("accounts_save", lang), type="primary")
    if saved:
        with errors.shown(lang):
            if password != again:
                raise service.ServiceError("account_passwords_differ")
            created = service.add_account(
                ctx,
                name,
                password,
                role=role,
                departments=departments,
                counties=counties if role == REPORTER else (),
                actor=who,
            )
        set_flash(t("accounts_created_msg" if created else "accounts_updated_msg", lang, name=plain(name)))
        st.rerun()
    others = [a.name for a in found if a.name != who.name]
    if not others:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    gone = left.selectbox(t("accounts_remove_choose", lang), others, index=None, key="account_remove")
    if gone and right.button(
        t("accounts_remove", lang), key="account_remove_go", icon=":material/person_remove:"
    ):
        with errors.shown(lang):
            service.remove_account(ctx, gone, actor=who)
        set_flash(t("accounts_removed_msg", lang, name=plain(gone)))
        st.rerun()
