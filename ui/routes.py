"""Our own HTTP routes next to Streamlit's, and the server's start-up work (``ui/asgi.py`` mounts them).

Routes live under ``/api/`` (Streamlit reserves ``/_stcore/`` and its other prefixes). Each feature adds
its routes to :data:`ROUTES` in its own module, imported here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.routing import BaseRoute, Route

from ui import warm

#: Every route the server adds to Streamlit's.
ROUTES: list[BaseRoute] = [Route("/api/ready", warm.ready, methods=["GET"])]


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[dict]:
    """Work done once when the server starts (the warm-up, :mod:`ui.warm`, on a thread of its own, so
    ``/api/ready`` can say 503 until it is done) and when it stops."""
    warm.start()
    try:
        yield {}
    finally:
        warm.stop()


# Features with routes of their own add them to ROUTES when imported.
from ui import evidence_routes, session_routes  # noqa: E402, F401
