"""Configuration: the environment (one dataclass) and a ledger's city file (``data/config.toml``).

The city file in force is ``LEDGER_CONFIG`` (a folder holding ``config.toml``, or the file itself), else
the shipped ``data/config.toml``. ``python -m ledger onboard`` writes such a folder for a new city or year.
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .model import CITY_WIDE

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = f"sqlite:///{DATA_DIR / 'ledger.db'}"


@dataclass(frozen=True)
class CityConfig:
    """What is specific to one city's ledger: name, plan year, counties and spellings."""

    city: str = "石嘴山市"
    plan_year: int = 2023
    #: The ledger's id in the database (``id`` in config.toml, else ``城市-年份``, e.g. 石嘴山市-2023).
    ledger_id: str = ""
    ledger_path: Path = DATA_DIR / "ledger.txt"
    indicators_path: Path = DATA_DIR / "indicators.csv"
    counties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    department_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Weight of each category (by name) in the overall score; a category not listed weighs 1.
    category_weights: dict[str, float] = field(default_factory=dict)
    #: Share of the expected reports that makes a month the default as-of month (``[dashboard]``).
    complete_share: float = 0.8
    #: The ``[briefing]`` and ``[supervision]`` tables as written (read by :mod:`ledger.briefing`).
    briefing: dict = field(default_factory=dict, compare=False, hash=False)
    supervision: dict = field(default_factory=dict, compare=False, hash=False)
    #: The ``[reporting]`` (填报期 due dates) and ``[evidence]`` (佐证材料) tables, read by
    #: :mod:`ledger.workflow`.
    reporting: dict = field(default_factory=dict, compare=False, hash=False)
    evidence: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.ledger_id:
            object.__setattr__(self, "ledger_id", f"{self.city}-{self.plan_year}")

    @property
    def county_names(self) -> list[str]:
        return list(self.counties)

    @property
    def areas(self) -> list[str]:
        """全市 followed by the counties: the values of the 县区 column."""
        return [CITY_WIDE, *self.counties]

    @property
    def plan_start(self) -> date:
        return date(self.plan_year, 1, 1)

    @property
    def plan_end(self) -> date:
        return date(self.plan_year, 12, 31)

    def canonical_county(self, name: str) -> str | None:
        """Map 大武口 / 大武口区 / 全 市 to its canonical name, or None if unknown."""
        key = normalize_name(name)
        if key in (CITY_WIDE, "市本级", "全市合计"):
            return CITY_WIDE
        for canon, aliases in self.counties.items():
            if key == canon or key in aliases:
                return canon
        return None

    def canonical_department(self, name: str, known: list[str] | None = None) -> str | None:
        """Map a department spelling to a canonical name among ``known`` (aliases, 市 prefix)."""
        key = normalize_name(name)
        candidates = list(known or [])
        for canon, aliases in self.department_aliases.items():
            if key in aliases and (not candidates or canon in candidates):
                return canon
        if key in candidates or not candidates:
            return key if key else None
        if "市" + key in candidates:
            return "市" + key
        return None


def normalize_name(text: str) -> str:
    """NFKC (full-width → half-width) and drop all whitespace."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def config_file(path: str | Path | None = None) -> Path:
    """The city file: ``path`` (a folder with ``config.toml``, or the file), else ``LEDGER_CONFIG``, else
    the shipped ``data/config.toml``."""
    chosen = Path(path or os.environ.get("LEDGER_CONFIG") or DATA_DIR / "config.toml").expanduser()
    return chosen / "config.toml" if chosen.is_dir() else chosen


def load_city_config(path: str | Path | None = None) -> CityConfig:
    """Read the city file (see :func:`config_file`); paths inside are relative to the file."""
    path = config_file(path)
    return city_config_from_toml(path.read_text(encoding="utf-8"), path.parent)


def city_config_from_toml(text: str, base: Path = DATA_DIR) -> CityConfig:
    """A :class:`CityConfig` from the text of a config.toml (paths inside relative to ``base``).

    Raises ``tomllib.TOMLDecodeError`` for text that is not TOML."""
    raw = tomllib.loads(text)
    return CityConfig(
        city=raw.get("city", "石嘴山市"),
        plan_year=int(raw.get("plan_year", 2023)),
        ledger_id=str(raw.get("id", "")).strip(),
        ledger_path=base / raw.get("ledger", "ledger.txt"),
        indicators_path=base / raw.get("indicators", "indicators.csv"),
        counties={k: tuple(v) for k, v in raw.get("counties", {}).items()},
        department_aliases={k: tuple(v) for k, v in raw.get("department_aliases", {}).items()},
        category_weights={normalize_name(k): float(v) for k, v in raw.get("category_weights", {}).items()},
        complete_share=float(raw.get("dashboard", {}).get("complete_share", 0.8)),
        briefing=dict(raw.get("briefing", {})),
        supervision=dict(raw.get("supervision", {})),
        reporting=dict(raw.get("reporting", {})),
        evidence=dict(raw.get("evidence", {})),
    )


@dataclass(frozen=True)
class Settings:
    """Settings from the environment. Secrets never live in the repo."""

    db_url: str = DEFAULT_DB
    #: Largest accepted upload (``LEDGER_MAX_UPLOAD_MB``); keep ``server.maxUploadSize`` in
    #: ``.streamlit/config.toml`` at the same figure.
    max_upload_mb: int = 20
    #: Seconds a write waits for another writer's lock before failing (``LEDGER_BUSY_TIMEOUT``).
    busy_timeout: float = 30.0
    #: The ledger shown when nobody chose one (``LEDGER_ID``); empty: the one of the city file in force.
    ledger_id: str = ""

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            db_url=os.environ.get("LEDGER_DB") or DEFAULT_DB,
            max_upload_mb=int(_positive("LEDGER_MAX_UPLOAD_MB", 20, int)),
            busy_timeout=_positive("LEDGER_BUSY_TIMEOUT", 30.0, float),
            ledger_id=os.environ.get("LEDGER_ID", "").strip(),
        )

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 2**20


def _positive(name: str, default: float, kind: type = float) -> float:
    """A positive number from the environment; a missing, unreadable or non-positive value → default."""
    raw = os.environ.get(name, "").strip()
    try:
        value = kind(raw)
    except ValueError:
        return default
    return value if value > 0 else default
