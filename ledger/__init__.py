"""营商环境任务台账: parse the ledger, extract targets, read analysts' workbooks, store, measure.

Public API (the CLI and the Streamlit pages call only these):

* :func:`load_default` → the shipped ledger, its curated indicators and the city config
* :func:`parse_text`, :func:`parse_file`, :func:`extract_targets`
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
    Target,
    Task,
)
from .parse import LedgerParseError, parse_file, parse_text, split_departments
from .targets import extract_targets


@dataclass(frozen=True)
class Bundle:
    """Everything static about one city's ledger: the parsed ledger, curated indicators, config."""

    ledger: Ledger
    indicators: list[Indicator]
    config: CityConfig


def load_default(config: CityConfig | None = None) -> Bundle:
    """Parse the shipped ledger (``data/config.toml`` → ``data/ledger.txt`` + ``data/indicators.csv``)."""
    config = config or load_city_config()
    ledger = parse_file(config.ledger_path, plan_year=config.plan_year, city=config.city)
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
    "Settings",
    "Target",
    "Task",
    "extract_targets",
    "indicators_frame",
    "load_city_config",
    "load_default",
    "parse_file",
    "parse_text",
    "read_catalog",
    "reconcile",
    "split_departments",
]
