"""Cached access to the store. Caches are keyed by the store's data version, never by hashing frames."""

from __future__ import annotations

import streamlit as st

import ledger
from ledger import service, views
from ledger.config import Settings
from ledger.store import Store, StoreError


def db_url() -> str:
    return Settings.from_env().db_url


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store.from_url(url)


@st.cache_resource(show_spinner=False)
def _bundle() -> ledger.Bundle:
    return ledger.load_default()


def store() -> Store:
    return _store(db_url())


def version() -> int:
    """The store's data version: every import and revert bumps it, so caches keyed by it stay fresh."""
    return store().data_version()


@st.cache_data(show_spinner=False, max_entries=32)
def _context_bundle(url: str, data_version: int) -> ledger.Bundle:
    return service.with_catalog(_store(url), _bundle())


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


__all__ = ["StoreError", "bundle", "context", "db_url", "snapshot", "store", "version"]
