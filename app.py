"""Router: page config, navigation and the shared sidebar filters. Pages live in pages/."""

import streamlit as st

from ledger.i18n import t
from ui import data, filters

st.set_page_config(page_title="营商环境任务台账看板", page_icon=":material/fact_check:", layout="wide")

try:
    snapshot_periods = data.snapshot(None).periods
    bundle = data.bundle()
except data.StoreError as exc:  # database locked, missing or unreadable: say so, no traceback
    st.error(f"数据库不可用：{exc}")
    st.stop()

chosen, lang = filters.sidebar(bundle, snapshot_periods)
st.session_state["_filters"], st.session_state["_lang"] = chosen, lang

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
}
st.navigation(pages).run()
