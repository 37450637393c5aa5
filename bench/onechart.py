"""The smallest page with one Plotly chart: the browser's fixed cost of a first chart (a reference)."""

import plotly.graph_objects as go
import streamlit as st

st.title("一张图")
st.plotly_chart(go.Figure(go.Bar(x=[3, 5], y=["甲", "乙"], orientation="h")))
