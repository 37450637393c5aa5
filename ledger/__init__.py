"""营商环境任务台账: parse the ledger, extract targets, read analysts' workbooks, store, measure.

Public API (the CLI and the Streamlit pages call only these):

* :func:`load_default` → the shipped ledger, its curated indicators and the city config
* :func:`read_ledger` (any ledger document: table text, prose 方案, .docx, .pdf, 台账 .xlsx, with its
  warnings), :func:`parse_text`, :func:`parse_file`, :func:`split_departments`, :func:`extract_targets`
* :func:`onboard` → a proposed city folder (config.toml, indicators.csv) for a new ledger
* :func:`read_catalog`, :func:`reconcile`, :func:`indicators_frame`
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import indicators_frame, read_catalog, reconcile
from .config import CityConfig, Settings, load_city_config
from .model import (
    CITY_WIDE,
    STATUSES,
    TASK_STATES,
    Category,
    Indicator,
    Ledger,
    ParseWarning,
    Target,
    Task,
)
from .parse import LedgerParseError, parse_file, parse_text, split_departments
from .read import read_ledger
from .read.onboard import OnboardResult, onboard
from .targets import extract_targets


@dataclass(frozen=True)
class Bundle:
    """Everything static about one city's ledger: the parsed ledger, curated indicators, config."""

    ledger: Ledger
    indicators: list[Indicator]
    config: CityConfig


def load_default(config: CityConfig | None = None) -> Bundle:
    """Parse the city file's ledger (``data/config.toml`` → ``data/ledger.txt`` + ``data/indicators.csv``)
    with its config: city, plan year, counties (for 各县区 → which counties) and department aliases."""
    config = config or load_city_config()
    ledger = read_ledger(config.ledger_path, config=config)
    indicators = read_catalog(config.indicators_path, config.plan_year)
    return Bundle(ledger=ledger, indicators=indicators, config=config)


__all__ = [
    "CITY_WIDE",
    "STATUSES",
    "TASK_STATES",
    "Bundle",
    "Category",
    "CityConfig",
    "Indicator",
    "Ledger",
    "LedgerParseError",
    "OnboardResult",
    "ParseWarning",
    "Settings",
    "Target",
    "Task",
    "extract_targets",
    "indicators_frame",
    "load_city_config",
    "load_default",
    "onboard",
    "parse_file",
    "parse_text",
    "read_catalog",
    "read_ledger",
    "reconcile",
    "split_departments",
]
