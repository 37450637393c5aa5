"""Warm before the first visitor: the server's start-up work and its readiness.

When the server starts (:func:`ui.routes.lifespan`), :func:`start` runs :func:`warm_up` on a thread of
its own: it imports every module the app and its pages import, reads the settings, the ledger and its
catalog, computes the default snapshot (the one a visitor without a ``?period=`` sees), its projection
and one indicator's trend, and draws each figure once (plotly loads its validators on first use), all
into the process-level caches of :mod:`ui.data` that every session shares. So the first visitor after a
start costs what any new session costs. Then, every :data:`POLL_ENV` seconds, the data version is read
(one primary-key lookup) and a new version's default snapshot is computed ahead of its first visitor
(an import made on another replica, or a revert).

``GET /api/ready`` answers ``200 {"ready": true, …}`` once the warm-up has finished and ``503
{"ready": false, …}`` before (or while the database cannot be read: the warm-up is retried), so a proxy's
health check keeps a replica out of rotation until it is warm (README "Deployment").
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse

ROOT = Path(__file__).resolve().parent.parent
#: Seconds between two looks at the data version after the warm-up (0: do not look).
POLL_ENV = "LEDGER_WARM_POLL"
POLL_DEFAULT = 10.0
#: Seconds before a failed warm-up is tried again.
RETRY_SECONDS = 5.0
#: Test-only hook: sleep this many seconds before warming (to see the 503 answer).
TEST_DELAY_ENV = "LEDGER_TEST_WARM_DELAY"

log = logging.getLogger(__name__)


@dataclass
class State:
    """What the warm-up has done: ``ready`` once it has finished; its time, the data version and the
    as-of month it warmed, or the last error."""

    ready: bool = False
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None
    data_version: int | None = None
    as_of: str | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_json(self) -> dict:
        with self.lock:
            return {"ready": self.ready, "seconds": self.seconds, "data_version": self.data_version,
                    "as_of": self.as_of, "error": self.error}


STATE = State()
_thread: threading.Thread | None = None
_stop = threading.Event()


def imported_modules(paths: list[Path]) -> list[str]:
    """The modules the scripts at ``paths`` import (``import x`` / ``from x import y``; the names
    ``y`` too when they are modules), in order, each once."""
    names: list[str] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                names += [f"{node.module}.{a.name}" for a in node.names]
    return list(dict.fromkeys(names))


def _import_all() -> None:
    scripts = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    for name in imported_modules(scripts):
        with contextlib.suppress(ImportError):  # ``from x import y`` where y is not a module
            importlib.import_module(name)


def warm_up() -> dict:
    """Import the app's modules and fill the shared caches for the default view (see the module's
    docstring); returns what was warmed. Raises what reading the database raises."""
    _import_all()
    import plotly.io as pio

    from ledger import charts, metrics, views
    from ui import briefing, data

    data.settings()
    data.history()
    coverage, default = data.periods()
    bundle = data.bundle()
    snap = data.snapshot(None)
    figures = []
    if snap.has_data:
        status = snap.status
        briefing.projected(snap, status)
        views.task_table(snap, bundle.ledger, views.Filters())
        views.behind(status, snap.tasks)
        areas = bundle.config.areas
        figures += [
            charts.category_chart(metrics.by_category(status)),
            charts.heatmap(status, order=areas),
            charts.ranking_chart(metrics.by_county(status), "county"),
            charts.ranking_chart(metrics.by_department(status), "department"),
        ]
        if len(snap.indicators):
            first = snap.indicators.iloc[0]
            rows = status[status["indicator"] == first["indicator"]]
            history = data.trend(snap, first["indicator"])
            figures.append(charts.bullet_chart(rows, "county", order=areas))
            expected = views.expected_series(first, [snap.as_of], bundle.config.plan_start)
            figures.append(charts.trend_chart(
                history, target=first["target"], direction=first["direction"], unit=first["unit"],
                name=first["name"], expected=expected, order=areas,
            ))
    for figure in figures:
        pio.to_json(figure, validate=False)
    return {"data_version": data.version(), "as_of": snap.as_of, "periods": len(coverage), "default": default}


def _run(poll: float) -> None:
    from ui import data

    delay = float(os.environ.get(TEST_DELAY_ENV) or 0)
    if delay:
        time.sleep(delay)
    while not _stop.is_set():
        t0 = time.monotonic()
        try:
            done = warm_up()
        except Exception as exc:  # a database not reachable yet: say so on /api/ready, and try again
            log.warning("warm-up failed: %s", exc)
            with STATE.lock:
                STATE.error = f"{type(exc).__name__}: {exc}"
            _stop.wait(RETRY_SECONDS)
            continue
        with STATE.lock:
            STATE.ready, STATE.error = True, None
            STATE.seconds = round(time.monotonic() - t0, 3)
            STATE.data_version, STATE.as_of = done["data_version"], done["as_of"]
        log.info("warm in %.2f s (data version %s, %s)", STATE.seconds, done["data_version"], done["as_of"])
        break
    while poll > 0 and not _stop.wait(poll):
        try:
            version = data.version()
            if version != STATE.data_version:
                snap = data.snapshot(None)
                with STATE.lock:
                    STATE.data_version, STATE.as_of = version, snap.as_of
        except Exception as exc:  # the next page run will say what is wrong
            log.warning("re-warm failed: %s", exc)


def start() -> threading.Thread:
    """Warm up on a thread of its own (once per process); the server goes on starting meanwhile."""
    global _thread
    if _thread is None or not _thread.is_alive():
        _stop.clear()
        poll = float(os.environ.get(POLL_ENV) or POLL_DEFAULT)
        _thread = threading.Thread(target=_run, args=(poll,), name="ledger-warm-up", daemon=True)
        _thread.start()
    return _thread


def stop() -> None:
    """Stop looking at the data version (the server is shutting down)."""
    _stop.set()


async def ready(_request: Request) -> JSONResponse:
    """``GET /api/ready``: 200 once warm, else 503 (for a proxy's health check)."""
    body = STATE.as_json()
    return JSONResponse(body, status_code=200 if body["ready"] else 503)
