"""Which ledgers a database holds, and the :class:`~ledger.Bundle` of each.

A database holds several ledgers (a city × plan year each, e.g. 石嘴山市-2023 and 石嘴山市-2024): every
import and record carries its ledger id (:mod:`ledger.store`). A ledger is *registered* with its city
file (config.toml) and the ledger document itself, so that every app process behind a proxy can serve
it from the database alone, and next year's ledger never replaces last year's records.

* :func:`register` — put a city file's ledger (the one ``LEDGER_CONFIG`` or ``--config`` names, or the
  shipped ``data/config.toml``) into the database: its entry, and its indicator catalog as an import.
* :func:`bundle_of` — the Bundle of a registered ledger (its document parsed with its config).
* :func:`choose` — the ledger to show: the one asked for, else ``LEDGER_ID``, else the city file's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import Bundle, load_default
from .catalog import indicators_frame
from .config import CityConfig, Settings, city_config_from_toml, config_file, load_city_config
from .errors import UserError
from .read import read_ledger
from .store import LedgerEntry, Store


@dataclass(frozen=True)
class Registered:
    """What :func:`register` did: the entry, and whether it was new or changed (False: already there)."""

    entry: LedgerEntry
    changed: bool
    catalog_rows: int


def register(store: Store, config_path: str | Path | None = None, *, user: str = "system") -> Registered:
    """Register the ledger of a city file in ``store``'s database (scoped to that ledger's id).

    The entry holds the config text and the ledger document; the indicator catalog (the file's
    indicators.csv) is committed as a ``catalog`` import when the ledger has none yet. Registering the
    same config and document again changes nothing; a changed one appends a new entry.
    """
    path = config_file(config_path)
    config = load_city_config(path)
    bundle = load_default(config)
    scoped = store.scoped(config.ledger_id)
    document = config.ledger_path.read_bytes()
    config_text = path.read_text(encoding="utf-8")
    current = scoped.ledger_entry()
    same = (
        current is not None
        and current.config_toml == config_text
        and current.document_sha256 == hashlib.sha256(document).hexdigest()
    )
    needs_catalog = not len(scoped.targets())
    catalog = indicators_frame(bundle.indicators) if needs_catalog else None
    csv = config.indicators_path
    digest = hashlib.sha256(csv.read_bytes()).hexdigest()
    entry = current
    if not same:
        entry = scoped.register_ledger(
            city=bundle.ledger.city or config.city,
            plan_year=config.plan_year,
            title=bundle.ledger.title,
            config_toml=config_text,
            document_name=config.ledger_path.name,
            document=document,
            user=user,
            catalog=catalog,
            catalog_file=csv.name,
            catalog_sha256=digest,
        )
    elif catalog is not None:  # registered, but its catalog was never stored (or was reverted away)
        scoped.commit(targets=catalog, user=user, file_name=csv.name, sha256=digest, kind="catalog")
    rows = 0 if catalog is None else len(catalog)
    assert entry is not None
    return Registered(entry=entry, changed=not same, catalog_rows=rows)


def config_of(entry: LedgerEntry) -> CityConfig:
    """The city config of a registered ledger (its own id, whatever the text says)."""
    config = city_config_from_toml(entry.config_toml)
    return CityConfig(**{**vars(config), "ledger_id": entry.id})


def bundle_of(entry: LedgerEntry) -> Bundle:
    """The Bundle of a registered ledger: its stored document parsed with its stored config. The
    indicators are left empty: the catalog in force is the ledger's stored one
    (:func:`ledger.service.with_catalog`)."""
    config = config_of(entry)
    ledger = read_ledger(entry.document, file_name=entry.document_name, config=config)
    return Bundle(ledger=ledger, indicators=[], config=config)


def choose(store: Store, wanted: str | None = None, settings: Settings | None = None) -> str:
    """The id of the ledger to show: ``wanted`` (it must be registered), else ``LEDGER_ID``, else the
    city file in force (``LEDGER_CONFIG`` or ``data/config.toml``). Raises :class:`UserError`
    (``ledger_unknown``) for an id the database does not hold."""
    if wanted:
        if store.ledger_entry(wanted) is None:
            known = "、".join(e.id for e in store.ledgers()) or "—"
            raise UserError("ledger_unknown", None, ledger=wanted, known=known)
        return wanted
    settings = settings or Settings.from_env()
    return settings.ledger_id or load_city_config().ledger_id


def bundle_for(store: Store, ledger_id: str) -> Bundle:
    """The Bundle of ``ledger_id``: from its registered entry, else (not registered yet: a fresh
    database before ``ledger setup``) from the city file in force, with its indicators.csv."""
    entry = store.ledger_entry(ledger_id)
    if entry is not None:
        return bundle_of(entry)
    config = load_city_config()
    if config.ledger_id != ledger_id:
        raise UserError("ledger_unknown", None, ledger=ledger_id, known=config.ledger_id)
    return load_default(config)
