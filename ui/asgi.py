"""The ASGI app the server runs (``python -m ui.serve`` → ``streamlit run ui/asgi.py``): Streamlit's
``app.py`` as an ``st.App``, plus our own HTTP routes (:data:`ui.routes.ROUTES`) and work done at start-up
(:func:`ui.routes.lifespan`) before the first visitor.

Marking the app as an ``st.navigation`` app before the server starts (``uses_pages_directory``) makes a
deep link opened as the very first request (``/indicators?county=惠农区``) go through ``app.py`` instead
of running ``pages/indicators.py`` on its own (Streamlit treats an app with a ``pages/`` folder as a v1
multipage app until its entrypoint has called ``st.navigation`` once).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import routes

APP = Path(__file__).resolve().parent.parent / "app.py"

PagesManager.uses_pages_directory = False
app = st.App(APP, routes=routes.ROUTES, lifespan=routes.lifespan)
