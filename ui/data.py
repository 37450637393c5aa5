"""Access to the store for the pages, cached once per server process.

Every cache here is a bounded dictionary of this module (least recently used out), not
``st.cache_data`` / ``st.cache_resource``: Streamlit accepts a ``clear_cache`` message from any client
and empties those for every user, which would make every page recompute the shared snapshot. Entries
are keyed by the database URL and the ledger shown, the store's data version (every import and revert
bumps it) and the *resolved* as-of period, never by the data itself, so ``snapshot(None)`` and
``snapshot("2023-09")`` are one entry when 2023-09 is the default month. When a newer data version of
a database is seen, the entries of older versions are dropped. Cached frames are shared between
sessions: callers must not modify them (the ledger functions never do).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import ledger
from ledger import registry, service, views
from ledger.auth import Accounts
from ledger.config import Settings
from ledger.store import Store, StoreError

T = TypeVar("T")


class _Cache:
    """A small thread-safe LRU map. A missing entry is computed once: sessions asking for it while it is
    being computed (the start-up warm-up, or several first visitors) wait for that result instead of
    computing it again (a snapshot at 300k rows costs seconds and tens of MB each)."""

    def __init__(self, size: int, on_evict: Callable[[object], None] | None = None) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}
        self._on_evict = on_evict

    def _cached(self, key: Hashable) -> tuple[bool, object]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
            return False, None

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        found, value = self._cached(key)
        if found:
            return value  # type: ignore[return-value]
        with self._lock:
            computing = self._pending.setdefault(key, threading.Lock())
        with computing:  # one computation per key at a time; the others wait, then find it cached
            found, value = self._cached(key)
            if found:
                return value  # type: ignore[return-value]
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._pending.pop(key, None)
                raise
            evicted = []
            with self._lock:
                self._items[key] = value
                self._pending.pop(key, None)
                while len(self._items) > self.size:
                    evicted.append(self._items.popitem(last=False)[1])
        for old in evicted:
            if self._on_evict is not None:
                self._on_evict(old)
        return value  # type: ignore[return-value]

    def drop_older(self, url: str, version: int) -> None:
        """Forget entries of ``url`` keyed by a data version older than ``version`` (key[0], key[1])."""
        with self._lock:
            for key in [k for k in self._items if isinstance(k, tuple) and k[0] == url and k[1] < version]:
                del self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_stores = _Cache(8, on_evict=lambda s: s.dispose())  # type: ignore[attr-defined]
_accounts = _Cache(8)
_scoped = _Cache(8)
_defaults = _Cache(4)  # the default ledger's id per LEDGER_ID / LEDGER_CONFIG
_per_version = _Cache(16)  # catalog bundles, period coverage, history
_snapshots = _Cache(6)  # each holds every assigned item and its latest reports: bounded tightly
_trends = _Cache(64)  # one indicator's records up to a month: a few hundred rows each


_ENV = ("LEDGER_DB", "LEDGER_MAX_UPLOAD_MB", "LEDGER_BUSY_TIMEOUT", "LEDGER_ID", "LEDGER_CONFIG")


@lru_cache(maxsize=8)
def _settings(_env: tuple[str | None, ...]) -> Settings:
    return Settings.from_env()


def settings() -> Settings:
    """The environment's settings (:class:`ledger.config.Settings`), read in this one place (again
    only when one of the ``LEDGER_*`` variables changes, e.g. between tests)."""
    return _settings(tuple(os.environ.get(k) for k in _ENV))


def db_url() -> str:
    return settings().db_url


def _db(ledger_id: str | None = None) -> str:
    """The cache keys' database part: the URL and the ledger shown (a database holds several)."""
    return f"{db_url()}#{store(ledger_id).ledger}"


def _engine_store() -> Store:
    """The store of ``LEDGER_DB`` (one SQLAlchemy engine per database and process)."""
    cfg = settings()
    return _stores.get(
        (cfg.db_url, cfg.busy_timeout), lambda: Store.from_url(cfg.db_url, busy_timeout=cfg.busy_timeout)
    )


#: The session-state key of the ledger a session chose in the sidebar (:func:`ui.ledgers.choose`); None
#: or absent: the default ledger (``LEDGER_ID``, else the city file's).
SHOWN_LEDGER = "_ledger_shown"
#: How long the list of registered ledgers is reused before it is read again (another replica may
#: register one; this process forgets it at once when it registers one itself).
LEDGERS_TTL = 10.0
_ledger_list: dict[str, tuple[float, list]] = {}


def _session_ledger() -> str | None:
    """The ledger this session chose, None outside a script run (routes, the warm-up)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(SHOWN_LEDGER)


def store(ledger_id: str | None = None) -> Store:
    """The store scoped to ``ledger_id`` (a route's ``?ledger=``), else the ledger shown: the session's
    choice, else ``LEDGER_ID``, else the city file's (``registry.choose``; an unknown id is a
    ``UserError``)."""
    cfg = settings()
    base = _engine_store()
    wanted = ledger_id or _session_ledger()
    key = (cfg.db_url, cfg.busy_timeout, cfg.ledger_id, os.environ.get("LEDGER_CONFIG"), wanted)
    return _scoped.get(key, lambda: base.scoped(registry.choose(base, wanted, settings=cfg)))


def default_ledger() -> str:
    """The ledger shown when a session chose none (``LEDGER_ID``, else the city file's id: read once per
    setting, not on every run — the sidebar asks on each)."""
    cfg = settings()
    key = (cfg.ledger_id, os.environ.get("LEDGER_CONFIG"))
    return _defaults.get(key, lambda: registry.choose(_engine_store(), settings=cfg))


def ledgers() -> list:
    """The registered ledgers (:meth:`Store.ledgers`), read again after :data:`LEDGERS_TTL` seconds."""
    url, now = db_url(), time.monotonic()
    seen = _ledger_list.get(url)
    if seen is None or now - seen[0] > LEDGERS_TTL:
        seen = (now, _engine_store().ledgers())
        _ledger_list[url] = seen
    return seen[1]


def forget_ledgers() -> None:
    """Read the registered ledgers again on the next :func:`ledgers` (after registering one)."""
    _ledger_list.clear()


def accounts() -> Accounts:
    """Local sign-in accounts (in the same database as the ledger)."""
    return _accounts.get(db_url(), lambda: Accounts(store()))


def _base_bundle(ledger_id: str | None = None) -> ledger.Bundle:
    """The shown ledger's bundle as registered (its indicators: the stored catalog, see bundle())."""
    url, v, s = _db(ledger_id), version(ledger_id), store(ledger_id)
    return _per_version.get((url, v, "base"), lambda: registry.bundle_for(s, s.ledger))


def version(ledger_id: str | None = None) -> int:
    """The store's data version: every import and revert bumps it, so caches keyed by it stay fresh."""
    url, current = _db(ledger_id), store(ledger_id).data_version()
    for cache in (_per_version, _snapshots, _trends):
        cache.drop_older(url, current)
    return current


def bundle(ledger_id: str | None = None) -> ledger.Bundle:
    """The ledger bundle with the indicator catalog in force (the store's, which analysts may edit)."""
    url, v = _db(ledger_id), version(ledger_id)
    return _per_version.get(
        (url, v, "bundle"), lambda: service.with_catalog(store(ledger_id), _base_bundle(ledger_id))
    )


def context(ledger_id: str | None = None) -> service.Context:
    """The store and bundle of ``ledger_id``, else of the ledger shown."""
    return service.Context(store=store(ledger_id), bundle=bundle(ledger_id))


def periods() -> tuple[pd.DataFrame, str | None]:
    """Reported / expected indicator reports per period (:func:`ledger.views.coverage`) and the
    default as-of month, from a count in the database (no records are read)."""
    url, v = _db(), version()

    def make() -> tuple[pd.DataFrame, str | None]:
        b = bundle()
        cover = views.coverage(store().periods(), b)
        return cover, views.default_period(cover, b)

    return _per_version.get((url, v, "periods"), make)


def resolved(as_of: str | None) -> str | None:
    """The as-of month a request means (``as_of`` when it has data, else the default month)."""
    cover, default = periods()
    return views.resolve_period(cover, default, as_of)


def snapshot(as_of: str | None) -> views.Snapshot:
    """Everything the pages show as of a period; computed once per data version and resolved period."""
    url, v, period = _db(), version(), resolved(as_of)
    return _snapshots.get((url, v, period), lambda: views.snapshot(store(), _base_bundle(), period))


def trend(snap: views.Snapshot, indicator: str) -> pd.DataFrame:
    """One indicator's records up to the snapshot's month (:func:`ledger.views.trend`), cached per data
    version, month and indicator."""
    url, v = _db(), version()
    return _trends.get((url, v, snap.as_of, indicator), lambda: views.trend(store(), indicator, snap.as_of))


def history() -> pd.DataFrame:
    """All imports, newest first (:meth:`Store.history`), cached per data version."""
    url, v = _db(), version()
    return _per_version.get((url, v, "history"), lambda: store().history())


def clear() -> None:
    """Forget every cached value (tests)."""
    for cache in (_per_version, _snapshots, _trends):
        cache.clear()
    forget_ledgers()


__all__ = [
    "StoreError",
    "accounts",
    "bundle",
    "clear",
    "context",
    "db_url",
    "history",
    "periods",
    "resolved",
    "settings",
    "snapshot",
    "store",
    "trend",
    "version",
]
