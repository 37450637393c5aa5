"""台账: the parsed task ledger as a table."""

import pandas as pd
import streamlit as st

import ledger


@st.cache_resource
def _bundle() -> ledger.Bundle:
    return ledger.load_default()


bundle = _bundle()
st.title(bundle.ledger.title)
rows = [
    {
        "编号": t.id,
        "类别": t.category,
        "任务": t.title,
        "责任部门": "、".join(t.departments),
        "各县区": "是" if t.counties else "",
        "量化目标": "；".join(f"{g.op}{g.value:g}{g.unit}" for g in t.targets),
    }
    for t in bundle.ledger.tasks
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
