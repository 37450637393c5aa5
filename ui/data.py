"""Cached access to the store. Caches are keyed by the store's data version, never by hashing frames."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ledger
from ledger import registry, service, views
from ledger.auth import Accounts
from ledger.config import Settings
from ledger.store import Store, StoreError


def db_url() -> str:
    return Settings.from_env().db_url


@st.cache_resource(show_spinner=False)
def _engine_store(url: str) -> Store:
    return Store.from_url(url, busy_timeout=Settings.from_env().busy_timeout)


@st.cache_resource(show_spinner=False)
def _store(url: str, ledger_id: str | None = None) -> Store:
    """The store scoped to ``ledger_id`` (default: the ledger shown when nobody chose one)."""
    base = _engine_store(url)
    return base.scoped(ledger_id or registry.choose(base))


@st.cache_resource(show_spinner=False)
def _accounts(url: str) -> Accounts:
    return Accounts(_store(url))


@st.cache_data(show_spinner=False, max_entries=16)
def _bundle(url: str, data_version: int) -> ledger.Bundle:
    store = _store(url)
    return registry.bundle_for(store, store.ledger)


def store() -> Store:
    return _store(db_url())


def accounts() -> Accounts:
    """Local sign-in accounts (in the same database as the ledger)."""
    return _accounts(db_url())


def version() -> int:
    """The store's data version: every import and revert bumps it, so caches keyed by it stay fresh."""
    return store().data_version()


@st.cache_data(show_spinner=False, max_entries=32)
def _context_bundle(url: str, data_version: int) -> ledger.Bundle:
    return service.with_catalog(_store(url), _bundle(url, data_version))


def bundle() -> ledger.Bundle:
    """The ledger bundle with the indicator catalog in force (the store's, which analysts may edit)."""
    return _context_bundle(db_url(), version())


def context() -> service.Context:
    return service.Context(store=store(), bundle=bundle())


@st.cache_data(show_spinner=False, max_entries=32)
def _snapshot(url: str, data_version: int, as_of: str | None) -> views.Snapshot:
    return views.snapshot(_store(url), _context_bundle(url, data_version), as_of)


def snapshot(as_of: str | None) -> views.Snapshot:
    """Everything the pages show as of a period; recomputed only when the data version changes."""
    return _snapshot(db_url(), version(), as_of)


@st.cache_data(show_spinner=False, max_entries=8)
def _history(url: str, data_version: int) -> pd.DataFrame:
    return _store(url).history()


def history() -> pd.DataFrame:
    """All imports, newest first (:meth:`Store.history`), cached per data version."""
    return _history(db_url(), version())


__all__ = ["StoreError", "accounts", "bundle", "context", "db_url", "history", "snapshot", "store", "version"]
