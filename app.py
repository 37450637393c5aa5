"""Router: page config, who is signed in, navigation and the shared sidebar filters. Pages live in pages/."""

import streamlit as st

from ledger.i18n import t
from ui import auth, data, filters

st.set_page_config(page_title="营商环境任务台账看板", page_icon=":material/fact_check:", layout="wide")

try:
    who = auth.current()  # None: sign-in required and nobody (allowed) is signed in
    if who is not None:
        snapshot_periods = data.snapshot(None).periods
        bundle = data.bundle()
except data.StoreError as exc:  # database locked, missing or unreadable: say so, no traceback
    st.error(t("db_unavailable", "zh", error=exc))
    st.stop()

if who is None:  # only the sign-in page until someone (allowed) signs in
    lang = "en" if st.query_params.get("lang") == "en" else "zh"
    st.navigation([st.Page("pages/account.py", title=t("login", lang), icon=":material/login:")]).run()
    st.stop()

chosen, lang = filters.sidebar(bundle, snapshot_periods)
st.session_state["_filters"], st.session_state["_lang"] = chosen, lang
auth.sidebar_status(who, lang)

upload = st.Page(
    "pages/upload.py", title=t("page_upload", lang), icon=":material/upload_file:", url_path="upload"
)
history = st.Page(
    "pages/history.py", title=t("page_history", lang), icon=":material/history:", url_path="history"
)
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
    ],
    # 上传 only for analysts (and the write functions check the role again); 历史 is read-only for viewers.
    t("section_data", lang): [upload, history, account] if who.is_analyst else [history, account],
}
st.navigation(pages).run()
