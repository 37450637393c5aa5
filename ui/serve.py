"""Start the app: ``python -m ui.serve [streamlit options]`` is ``streamlit run ui/asgi.py [options]``.

``ui/asgi.py`` serves ``app.py`` as an ``st.App`` with our own routes and start-up work (see there for
why deep links need it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

LAUNCHER = Path(__file__).resolve().parent / "asgi.py"


def main(argv: list[str]) -> None:
    sys.argv = ["streamlit", "run", str(LAUNCHER), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
