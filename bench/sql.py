"""How the store reads the current view and each item's latest records, measured in the database alone
(no rows turned into Python objects): the formulations :func:`ledger.store._current` chose between.

* *anti-join*: a record is current when no newer record of its key exists (``NOT EXISTS``, one probe of
  the key index per record) — the store's reading before issue 14;
* *MAX(id)*: the latest record of each key is its ``MAX(id)``, grouped in the key index's order (the
  index alone), joined back by primary key — the reading since;
* *latest per item*: the window over the current records up to a month that :meth:`Store.latest` runs,
  and the one of :meth:`Store.recent` (the latest six reports with a figure of the plan year).

:func:`measure` returns seconds (best of ``runs``) for one ledger of a database.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

_KEY = "period, indicator, department, county"
_ITEM = "indicator, department, county"


def _queries(as_of: str, year: int) -> dict[str, str]:
    cur = (f"SELECT p.* FROM progress p JOIN (SELECT MAX(id) AS id FROM progress WHERE ledger = :ledger "
           f"AND period <= '{as_of}' GROUP BY {_KEY}) c ON p.id = c.id WHERE NOT p.deleted")
    anti = (f"SELECT t.* FROM progress t WHERE t.ledger = :ledger AND t.period <= '{as_of}' "
            "AND NOT t.deleted AND NOT EXISTS (SELECT 1 FROM progress n WHERE n.ledger = t.ledger AND "
            "n.period = t.period AND n.indicator = t.indicator AND n.department = t.department AND "
            "n.county = t.county AND n.id > t.id)")
    window = f"ROW_NUMBER() OVER (PARTITION BY {_ITEM} ORDER BY period DESC)"
    first = "SELECT COUNT(*) FROM (SELECT {w} AS r FROM ({q}) a) x WHERE r = 1"
    return {
        "current view, anti-join": f"SELECT COUNT(*) FROM ({anti}) x",
        "current view, MAX(id)": f"SELECT COUNT(*) FROM ({cur}) x",
        "latest per item, anti-join + window": first.format(w=window, q=anti),
        "latest per item, MAX(id) + window": first.format(w=window, q=cur),
        "latest 6 reports per item, MAX(id) + window": (
            f"SELECT COUNT(*) FROM (SELECT {window} AS r FROM ({cur}) a WHERE actual IS NOT NULL "
            f"AND substr(period, 1, 5) = '{year:04d}-') x WHERE r <= 6"),
    }


def measure(url: str, ledger: str, as_of: str, year: int, runs: int = 3) -> dict[str, float]:
    """Seconds (best of ``runs``) of each formulation for ``ledger`` as of ``as_of``."""
    engine = sa.create_engine(url)
    out: dict[str, float] = {}
    try:
        with engine.connect() as conn:
            for name, sql in _queries(as_of, year).items():
                best = float("inf")
                for _ in range(runs):
                    t0 = time.perf_counter()
                    conn.execute(sa.text(sql), {"ledger": ledger}).scalar()
                    best = min(best, time.perf_counter() - t0)
                out[name] = best
    finally:
        engine.dispose()
    return out
