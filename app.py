"""Router: page config, who is signed in, navigation and the shared sidebar filters. Pages live in pages/."""

import streamlit as st

from ledger import views
from ledger.i18n import t
from ui import auth, data, filters, ledgers, nav, roles, widgets

st.set_page_config(page_title=t("app_title"), page_icon=":material/fact_check:", layout="wide")

try:
    who = auth.current()  # None: sign-in required and nobody (allowed) is signed in
    if who is not None:
        ledgers.choose()  # several ledgers in the database: which one this session shows (?ledger=)
    sample = views.shows_sample(data.history())
    if who is not None:
        coverage, default = data.periods()
        bundle = data.bundle()
except data.StoreError as exc:  # database locked, missing or unreadable: say so, no traceback
    st.error(t("db_unavailable", "zh", error=exc))
    st.stop()

if who is None:  # only the sign-in page until someone (allowed) signs in
    lang = "en" if st.query_params.get("lang") == "en" else "zh"
    sign_in = st.Page("pages/account.py", title=t("login", lang), icon=":material/login:", default=True)
    # every other address shows the sign-in page too (not Streamlit's "Page not found")
    other = nav.requested_path()
    pages = [sign_in]
    if other and other != "account":
        pages.append(st.Page("pages/account.py", title=t("login", lang), url_path=other.replace("/", "_"),
                             visibility="hidden"))
    pg = st.navigation(pages)
    st.set_page_config(page_title=f"{t('login', lang)} · {t('app_title', lang)}")
    try:
        widgets.chrome(lang, sample)
        pg.run()
    finally:
        widgets.end_run()
    st.stop()

chosen, lang = filters.sidebar(bundle, coverage, default)
st.session_state["_filters"], st.session_state["_lang"] = chosen, lang
auth.sidebar_status(who, lang)

account = st.Page(
    "pages/account.py",
    title=t("page_account" if who.signed_in else "login", lang),
    icon=":material/person:",
    url_path="account",
)
pages = {
    t("section_dashboard", lang): [
        st.Page(
            "pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True
        ),
        st.Page(
            "pages/indicators.py",
            title=t("page_indicators", lang),
            icon=":material/target:",
            url_path="indicators",
        ),
        st.Page(
            "pages/departments.py",
            title=t("page_departments", lang),
            icon=":material/account_balance:",
            url_path="departments",
        ),
        st.Page(
            "pages/counties.py", title=t("page_counties", lang), icon=":material/map:", url_path="counties"
        ),
        st.Page(
            "pages/ledger_table.py",
            title=t("page_ledger", lang),
            icon=":material/table_view:",
            url_path="ledger",
        ),
        st.Page(
            "pages/meeting.py",
            title=t("page_meeting", lang),
            icon=":material/co_present:",
            url_path="meeting",
        ),
    ],
}
# The pages of the reporting workflow, by role (each page and the write functions check the role again);
# 历史 is read-only for all but analysts. A page not open to this user gets our not-allowed page.
workflow_pages = roles.pages(who, lang)
pages[t("section_data", lang)] = [*workflow_pages, st.Page(
    "pages/history.py", title=t("page_history", lang), icon=":material/history:", url_path="history"
), account]
known = [p.url_path for section in pages.values() for p in section]
missing = nav.stand_in(known, roles.restricted(who, lang), lang)
if missing is not None:
    pages[t("section_data", lang)].append(missing)
pg = st.navigation(pages)
st.set_page_config(
    page_title=f"{pg.title} · {t('app_title', lang)}",
    initial_sidebar_state="collapsed" if pg.url_path == "meeting" else "auto",
)
try:
    widgets.chrome(lang, sample)
    pg.run()
finally:
    widgets.end_run()
