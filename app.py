"""Router: page config, navigation and nothing else. Pages live in pages/."""

import streamlit as st

st.set_page_config(page_title="营商环境任务台账看板", page_icon="📋", layout="wide")

pages = {
    "看板": [st.Page("pages/ledger_table.py", title="台账", icon="📋", default=True)],
}
st.navigation(pages).run()
