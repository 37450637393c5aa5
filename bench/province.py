"""The province of issue 14 in one database: ten cities × five plan years, each city and year a ledger
of its own (registered from its config folder, as ``tests/test_ledgers.py`` onboards a second year),
with twelve monthly reports of every reporting key (~61k progress rows a ledger, ~3.1M in all).

:func:`build` fills a database with some of those ledgers: all of them (:func:`every`, ~3M rows) or
the latest plan year of the first five cities (:func:`small`, ~300k rows). The ledger the app shows in both is
:data:`SHOWN` (the first city's latest year), so the two databases differ only in the history beside it.
Records are committed as tidy frames (what the reader makes of the generated workbooks), not through
workbooks: the import itself is measured on its own in :mod:`bench.run`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bench import gen
from ledger import registry
from ledger.assign import indicator_keys
from ledger.store import Store

#: The ledger the app shows: the first city's latest plan year.
SHOWN = f"{next(iter(gen.PROVINCE_CITIES))}-{gen.PROVINCE_YEARS[-1]}"


def folders(root: Path) -> list[gen.Region]:
    """Every city-year folder of the province (written once, then read)."""
    return gen.write_province(root)


def every(region: gen.Region) -> bool:
    """All ten cities × five years (~3M rows)."""
    return True


def small(region: gen.Region) -> bool:
    """The latest year of the first five cities (~300k rows)."""
    cfg = region.bundle.config
    return cfg.plan_year == gen.PROVINCE_YEARS[-1] and cfg.city in list(gen.PROVINCE_CITIES)[:5]


def year_rows(region: gen.Region) -> int:
    """Twelve monthly reports of every key that reports (95 % of them)."""
    b = region.bundle
    keys = len(indicator_keys(b.ledger, b.indicators, b.config))
    return 12 * int(keys * 0.94)


def build(
    url: str, root: Path, which: Callable[[gen.Region], bool], log: Callable[[str], None] = print
) -> int:
    """Register the selected ledgers in the database at ``url`` and commit their year of reports;
    returns the progress rows stored."""
    store = Store.from_url(url)
    total = 0
    t0 = time.perf_counter()
    try:
        for region in folders(root):
            if not which(region):
                continue
            registry.register(store, region.config_path, user="bench")
            scoped = store.scoped(region.bundle.config.ledger_id)
            progress, tasks = gen.frames_for(region.bundle, year_rows(region))
            scoped.commit(progress, tasks, user="bench", file_name=f"{scoped.ledger}.xlsx",
                          sha256=f"{len(progress):064d}")
            total += len(progress)
        log(f"   {total:,} progress rows in {time.perf_counter() - t0:.0f} s")
    finally:
        store.dispose()
    return total
