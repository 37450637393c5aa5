"""Shared fixtures: real SQLite databases in temp folders, filled through the real import path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from ledger import service

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """A database set up as `make run` does: catalog + generated sample data (kind 'sample')."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'ledger.db'}"
    ctx = service.open_context(url)
    service.bootstrap(ctx, sample=True)
    ctx.store.dispose()
    return url


@pytest.fixture()
def empty_db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'empty.db'}"


def copy_db(url: str, folder: Path) -> str:
    """A copy of a SQLite database (with its WAL files, if any) in ``folder``; returns its URL."""
    src = Path(sa.make_url(url).database)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copy(f"{src}{suffix}", folder / f"ledger.db{suffix}")
    return f"sqlite:///{folder / 'ledger.db'}"
