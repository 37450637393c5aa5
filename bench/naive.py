"""The naive pipeline the issue compares against: ``pandas.read_excel`` with the openpyxl engine, a check
of every row in a Python loop, and one INSERT statement per record (in one transaction, into the same
tables as the real store).

It checks less than the real reader (no merged cells, formats, aliases or messages per cell) and stores
every row without comparing with the data already stored, so it is a generous baseline.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

import ledger
from ledger.model import TASK_STATES
from ledger.store import imports, metadata, progress_table, task_table
from ledger.upload.schema import PROGRESS, SCHEMAS, TASKS

#: The generated files have a title row above the header.
HEADER_ROW = 1


def _columns(sheet: str) -> dict[str, str]:
    return {c.header: c.field for c in SCHEMAS[sheet]}


def naive_check(path: Path, bundle: ledger.Bundle) -> dict[str, list[dict]]:
    """Read both sheets with openpyxl and check each row; raises ValueError on the first bad row."""
    frames = pd.read_excel(
        path, sheet_name=[PROGRESS, TASKS], engine="openpyxl", header=HEADER_ROW, dtype=object
    )
    year = str(bundle.config.plan_year)
    indicators = {i.id for i in bundle.indicators}
    tasks = {t.id for t in bundle.ledger.tasks}
    departments = set(bundle.ledger.departments)
    areas = set(bundle.config.areas)
    out: dict[str, list[dict]] = {}
    for sheet, frame in frames.items():
        frame = frame.rename(columns=_columns(sheet))
        records = []
        for _, row in frame.iterrows():
            rec = row.to_dict()
            period = str(rec["period"]).strip()
            if not period.startswith(year) or len(period) != 7:
                raise ValueError(f"{sheet}: bad period {period!r}")
            if rec["department"] not in departments or rec["county"] not in areas:
                raise ValueError(f"{sheet}: unknown department or county")
            if sheet == PROGRESS:
                if rec["indicator"] not in indicators:
                    raise ValueError(f"{sheet}: unknown indicator {rec['indicator']!r}")
                value = rec["actual"]
                if isinstance(value, str):
                    value = float(value.strip().rstrip("%"))
                rec["actual"] = float(value)
                rec["note"] = "" if rec["note"] is None or rec["note"] != rec["note"] else str(rec["note"])
            else:
                if rec["task"] not in tasks or rec["status"] not in TASK_STATES:
                    raise ValueError(f"{sheet}: unknown task or status")
                pct = rec["percent"]
                blank = pct is None or (isinstance(pct, float) and math.isnan(pct))
                rec["percent"] = None if blank else float(pct)
                text = rec["completion"]
                rec["completion"] = "" if text is None or text != text else str(text)
            records.append(rec)
        out[sheet] = records
    return out


def naive_import(path: Path, bundle: ledger.Bundle, url: str) -> int:
    """:func:`naive_check`, then one INSERT per record in one transaction; returns the records written."""
    sheets = naive_check(path, bundle)
    engine = sa.create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            import_id = conn.execute(
                imports.insert().values(created_at="", user="naive", file_name=path.name, sha256="",
                                        kind="upload", rows_json="{}", note="")
            ).inserted_primary_key[0]
            n = 0
            for rec in sheets[PROGRESS]:
                conn.execute(progress_table.insert().values(
                    import_id=import_id, period=rec["period"], indicator=rec["indicator"],
                    department=rec["department"], county=rec["county"], actual=rec["actual"],
                    note=rec["note"], deleted=False,
                ))
                n += 1
            for rec in sheets[TASKS]:
                conn.execute(task_table.insert().values(
                    import_id=import_id, period=rec["period"], task=rec["task"], department=rec["department"],
                    county=rec["county"], status=rec["status"], percent=rec["percent"],
                    completion=rec["completion"], deleted=False,
                ))
                n += 1
        return n
    finally:
        engine.dispose()
