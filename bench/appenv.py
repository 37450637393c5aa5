"""Point the app at the benchmark region instead of the shipped city.

The app reads its city from ``data/config.toml`` (``ledger.config.DATA_DIR``); a benchmark process calls
:func:`use_region` before the app's first run so the same code serves the generated region. Nothing
else is changed: the database comes from ``LEDGER_DB`` as in production.
"""

from __future__ import annotations

import os
from pathlib import Path

import ledger.config

REGION_ENV = "BENCH_REGION"


def use_region(folder: str | Path | None = None) -> Path:
    """Make ``load_default()`` read ``folder/config.toml`` (default: ``$BENCH_REGION``)."""
    path = Path(folder or os.environ[REGION_ENV]).resolve()
    if not (path / "config.toml").exists():
        raise FileNotFoundError(f"{path / 'config.toml'}: generate the region first (python -m bench)")
    ledger.config.DATA_DIR = path
    return path
