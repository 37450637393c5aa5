"""Which ledgers a database holds, and the :class:`~ledger.Bundle` of each.

A database holds several ledgers (a city × plan year each, e.g. 石嘴山市-2023 and 石嘴山市-2024): every
import and record carries its ledger id (:mod:`ledger.store`). A ledger is *registered* with its city
file (config.toml) and the ledger document itself, so that every app process behind a proxy can serve
it from the database alone, and next year's ledger never replaces last year's records.

* :func:`register` — put a city file's ledger (the one ``LEDGER_CONFIG`` or ``--config`` names, or the
  shipped ``data/config.toml``) into the database: its entry, and its indicator catalog as an import.
* :func:`bundle_of` — the Bundle of a registered ledger (its document parsed with its config).
* :func:`choose` — the ledger to show: the one asked for, else ``LEDGER_ID``, else the city file's.
* :func:`propose` / :func:`register_proposal` — onboarding in the app: a ledger document read and a
  city file and catalog proposed (:func:`ledger.read.onboard.onboard` into a temporary folder), then, once
  a person has reviewed and edited the catalog, registered like a city folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import Bundle, load_default
from .catalog import frame_to_indicators, indicators_frame, write_catalog
from .config import CityConfig, Settings, city_config_from_toml, config_file, load_city_config
from .errors import UserError
from .model import Indicator, Ledger, ParseWarning
from .read import read_ledger
from .read.onboard import onboard
from .store import LedgerEntry, Store
from .upload import check_rows
from .upload.schema import TARGETS


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


@dataclass(frozen=True)
class Proposal:
    """A ledger document read for onboarding: the parse, the proposed city file (text) and indicator
    catalog, the warnings to review, and the document itself."""

    ledger: Ledger
    config: CityConfig
    config_toml: str
    indicators: tuple[Indicator, ...]
    warnings: tuple[ParseWarning, ...]
    document: bytes
    document_name: str

    @property
    def id(self) -> str:
        return self.config.ledger_id

    def catalog(self) -> pd.DataFrame:
        """The proposed catalog as the upload's 指标目标 rows (the columns of ``indicators_frame``)."""
        return indicators_frame(list(self.indicators))

    def bundle(self) -> Bundle:
        return Bundle(ledger=self.ledger, indicators=list(self.indicators), config=self.config)


def propose(
    document: bytes,
    file_name: str,
    *,
    city: str | None = None,
    plan_year: int | None = None,
    counties: Sequence[str] = (),
) -> Proposal:
    """Read a ledger document and propose its city file and catalog, writing nothing that stays.

    Raises :class:`~ledger.read.errors.LedgerParseError` (a :class:`UserError` naming the line, paragraph
    or cell) for a document that is not a readable ledger."""
    with tempfile.TemporaryDirectory(prefix="ledger-onboard-") as tmp:
        made = onboard(document, tmp, file_name=file_name, city=city or None, plan_year=plan_year,
                       counties=counties)
        config = load_city_config(made.config_path)
        text = made.config_path.read_text(encoding="utf-8")
        name = made.ledger_path.name
    return Proposal(ledger=made.ledger, config=config, config_toml=text, indicators=made.indicators,
                    warnings=made.warnings, document=document, document_name=name)


def register_proposal(store: Store, proposal: Proposal, catalog: pd.DataFrame, *, user: str) -> Registered:
    """Register an onboarded ledger with its reviewed ``catalog`` (the 指标目标 rows, as edited).

    The catalog goes through the upload engine's rules for the 指标目标 sheet first: a wrong cell ends
    in :class:`~ledger.upload.WorkbookError` naming its row and column, and nothing is written. A ledger
    id the database already holds is refused (``ledger_exists``): its catalog changes are the admin's
    confirmed step on 上传, never a second onboarding."""
    if store.ledger_entry(proposal.id) is not None:
        raise UserError("ledger_exists", None, ledger=proposal.id)
    checked = check_rows(proposal.bundle(), TARGETS, catalog)
    proposed = {i.id: i for i in proposal.indicators}
    indicators = []
    for ind in frame_to_indicators(checked, proposal.config.plan_year):
        was = proposed.get(ind.id)  # the clause and comparator the reviewer did not see stay
        same_target = was is not None and was.direction == ind.direction
        indicators.append(dataclasses.replace(
            ind, op=was.op if same_target else ind.direction, clause=was.clause if was else ""))
    with tempfile.TemporaryDirectory(prefix="ledger-onboard-") as tmp:
        folder = Path(tmp)
        (folder / proposal.document_name).write_bytes(proposal.document)
        (folder / "config.toml").write_text(proposal.config_toml, encoding="utf-8")
        write_catalog(indicators, folder / proposal.config.indicators_path.name)
        return register(store, folder / "config.toml", user=user)
