"""Shared fixtures: real SQLite databases in temp folders, filled through the real import path."""

from __future__ import annotations

from pathlib import Path

import pytest

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
