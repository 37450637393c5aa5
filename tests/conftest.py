"""Shared fixtures: real SQLite databases in temp folders, filled through the real import path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from ledger import service

ROOT = Path(__file__).resolve().parent.parent
#: argon2id at its cheapest, for the tests' accounts (the real parameters cost 64 MiB and ~50 ms each).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


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


PG_ENV = "LEDGER_TEST_PG_URL"


def _drop_pg_tables(url: str) -> None:
    from ledger.store import metadata

    engine = sa.create_engine(url)
    try:
        metadata.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh database URL: a SQLite file (in a folder that does not exist yet) or, when
    LEDGER_TEST_PG_URL is set, PostgreSQL with the store's tables dropped before and after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sub' / 'ledger.db'}"
        return
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"set {PG_ENV} to run against PostgreSQL")
    pytest.importorskip("psycopg")
    _drop_pg_tables(url)
    yield url
    _drop_pg_tables(url)
