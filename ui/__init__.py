"""Streamlit glue shared by app.py and the pages: cached data access, sidebar filters, common widgets.

Everything here is thin: the numbers come from the ``ledger`` library, which never imports streamlit.
"""
