"""Start the app: ``python -m ui.serve [streamlit options]`` is ``streamlit run app.py [options]``.

Why not plain ``streamlit run``: Streamlit (1.67) treats an app that has a ``pages/`` folder as a
v1 multipage app until its entrypoint has called ``st.navigation`` once. A deep link opened as the
very first request after the server starts (``/indicators?county=惠农区``, e.g. a link shared in a
meeting invitation) would then run ``pages/indicators.py`` on its own, without the router, the
sidebar filters or the page config. Marking the app as a v2 (``st.navigation``) app before the
server starts makes every first request go through ``app.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
