"""Onboarding a new ledger (a new city, or next year's ledger of a city) as data, not code.

:func:`onboard` reads the ledger document, copies it into a folder and writes next to it a proposed
``config.toml`` (the format of ``data/config.toml``: city, plan year, id, ledger file, indicator file,
counties with their spellings, department aliases) and ``indicators.csv`` (the format of
``data/indicators.csv``: ids K01…, short names, direction, deadline, baseline, clause) for a person to
review. ``ledger.config.load_city_config(folder)`` loads the result, and the ledger in it parses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog import propose, write_catalog
from ..model import Indicator, Ledger, ParseWarning
from . import read_ledger, source
from .blocks import DEFAULT_YEAR, city_from_title, warning, year_from_title
from .counties import county_aliases
from .errors import LedgerParseError

_EXTENSIONS = {source.PDF: ".pdf", source.DOCX: ".docx", source.XLSX: ".xlsx", source.TEXT: ".txt"}


@dataclass(frozen=True)
class OnboardResult:
    """What :func:`onboard` wrote (``config_path``, ``catalog_path``, ``ledger_path`` — the copied
    document), the parsed ``ledger``, the proposed ``indicators`` and the ``warnings`` to review (the
    parse's and onboarding's own, such as a plan year the title does not give)."""

    config_path: Path
    catalog_path: Path
    ledger_path: Path
    ledger: Ledger
    indicators: tuple[Indicator, ...]
    warnings: tuple[ParseWarning, ...]


def onboard(
    source_: str | Path | bytes,
    out_dir: str | Path,
    *,
    file_name: str | None = None,
    city: str | None = None,
    plan_year: int | None = None,
    counties: Sequence[str] = (),
    overwrite: bool = False,
) -> OnboardResult:
    """Read a ledger document and write a city folder for it: the document, ``config.toml`` and
    ``indicators.csv``.

    ``city`` and ``plan_year`` default to what the title says; without a city anywhere this ends in
    :class:`LedgerParseError` (``onboard_no_city``). ``counties`` are the city's county-level areas
    (their short spellings are derived: 大武口 for 大武口区); without them the counties the ledger names
    are proposed. Existing files in ``out_dir`` are not overwritten unless ``overwrite``.
    """
    data, name = source.load(source_, file_name)
    kind = source.sniff(data)
    ledger = read_ledger(data, file_name=name, city=city, plan_year=plan_year, counties=counties)
    notes: list[ParseWarning] = []
    city = city or ledger.city or city_from_title(ledger.title)
    if not city:
        raise LedgerParseError("onboard_no_city")
    if plan_year is None:
        plan_year = year_from_title(ledger.title)
        if plan_year is None:
            plan_year = DEFAULT_YEAR
            notes.append(warning("onboard_year_default", year=plan_year))
        ledger = read_ledger(data, file_name=name, city=city, plan_year=plan_year, counties=counties)
    if not counties:
        notes.append(warning("onboard_no_counties"))
        counties = _named_counties(ledger)
    out = Path(out_dir)
    document_name = Path(name).name if name else f"ledger{_EXTENSIONS.get(kind, '.txt')}"
    targets = {"config.toml": out / "config.toml", "indicators.csv": out / "indicators.csv",
               document_name: out / document_name}
    if not overwrite:
        for shown, path in targets.items():
            if path.exists() and not (isinstance(source_, str | Path) and _same_file(path, Path(source_))):
                raise LedgerParseError("onboard_out_exists", name=shown)
    out.mkdir(parents=True, exist_ok=True)
    ledger_path = targets[document_name]
    if not (isinstance(source_, str | Path) and _same_file(ledger_path, Path(source_))):
        ledger_path.write_bytes(data)
    indicators = propose(ledger)
    catalog_path = targets["indicators.csv"]
    write_catalog(indicators, catalog_path)
    config_path = targets["config.toml"]
    config_path.write_text(config_toml(city, plan_year, document_name, catalog_path.name, counties,
                                       _department_aliases(ledger), title=ledger.title), encoding="utf-8")
    return OnboardResult(config_path=config_path, catalog_path=catalog_path, ledger_path=ledger_path,
                         ledger=ledger, indicators=tuple(indicators), warnings=(*ledger.warnings, *notes))


def config_toml(
    city: str,
    plan_year: int,
    ledger_file: str,
    indicators_file: str,
    counties: Sequence[str] | Mapping[str, Sequence[str]],
    department_aliases: Mapping[str, Sequence[str]],
    *,
    title: str = "",
) -> str:
    """The text of a city file in the format of ``data/config.toml``."""
    q = _quote
    county_map = counties if isinstance(counties, Mapping) else {c: county_aliases(c) for c in counties}
    lines = [
        "# City configuration proposed by `python -m ledger onboard`: review it before use.",
        f"# Ledger: {title}" if title else "# Ledger document: " + ledger_file,
        f"city = {q(city)}",
        f"plan_year = {int(plan_year)}",
        f"id = {q(f'{city}-{int(plan_year)}')}",
        f"ledger = {q(ledger_file)}",
        f"indicators = {q(indicators_file)}",
        "",
        "# County / district names with the spellings accepted in uploaded workbooks.",
        "[counties]",
        *(f"{q(name)} = [{', '.join(q(a) for a in aliases)}]" for name, aliases in county_map.items()),
        "",
        "# Canonical department name = spellings accepted in uploaded workbooks.",
        "[department_aliases]",
        *(f"{q(name)} = [{', '.join(q(a) for a in spellings)}]"
          for name, spellings in department_aliases.items()),
        "",
        "# Who may upload and revert when users sign in with OIDC (see data/config.toml).",
        "[roles]",
        "analysts = []",
        "require_sign_in = false",
        "",
    ]
    return "\n".join(lines)


def _quote(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(str(text), ensure_ascii=False)


def _named_counties(ledger: Ledger) -> list[str]:
    """The counties a ledger names itself (利通区人民政府 → 利通区), in order of first appearance."""
    seen: dict[str, None] = {}
    for task in ledger.tasks:
        for name in task.county_list:
            seen.setdefault(name, None)
    return list(seen)


def _department_aliases(ledger: Ledger) -> dict[str, tuple[str, ...]]:
    """市审批局 = ["审批局"]: a department's name without the level prefix a workbook may leave out."""
    out: dict[str, tuple[str, ...]] = {}
    for name in ledger.departments:
        if name.startswith("市委") and len(name) > 3:
            out[name] = (name[2:],)
        elif len(name) > 3 and name[0] in "市县区" and not name.startswith(("市场", "区域", "县域")):
            out[name] = (name[1:],)
    return out


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.resolve() == b.resolve()
    except OSError:
        return False
