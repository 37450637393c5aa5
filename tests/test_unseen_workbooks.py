"""Workbooks as departments really send them back, written by someone who had not seen the upload code
(``fixtures/workbooks_unseen/``: its README, ``make_workbooks.py`` and one ``NAME.expected.json`` per
``NAME.xlsx``), each read and imported through the service as the CLI's ``import`` does.

An accepted file is imported into a copy of the sample database: the rows read per sheet, the period,
and the checked values (stored under the official names) must be as expected. A refused one must name
exactly the expected cells (sheet, row as Excel shows it, column header) with a sentence in both
languages, or — for a file refused as a whole — no cell, and leave the database as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger import service
from ledger.auth import ANALYST, Identity
from ledger.errors import UserError
from ledger.upload import WorkbookError
from tests.conftest import copy_db
from tests.test_reporting import dump

FOLDER = Path(__file__).parent / "fixtures" / "workbooks_unseen"
CASES = sorted(p.name.removesuffix(".expected.json") for p in FOLDER.glob("*.expected.json"))
ANALYST_ID = Identity("ana", ANALYST, "local")


def test_the_set_is_there():
    assert len(CASES) >= 28
    assert {json.loads((FOLDER / f"{c}.expected.json").read_text("utf-8"))["outcome"] for c in CASES} == {
        "accepted", "refused"}


@pytest.fixture()
def db(sample_db, tmp_path) -> str:
    return copy_db(sample_db, tmp_path)


@pytest.fixture()
def ctx(db):
    context = service.open_context(db)
    yield context
    context.store.dispose()


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


@pytest.mark.parametrize("name", CASES)
def test_workbook_as_sent(db, ctx, name):
    want = json.loads((FOLDER / f"{name}.expected.json").read_text("utf-8"))
    before = dump(db)
    try:
        upload = service.read_file(ctx, FOLDER / f"{name}.xlsx")
        service.commit_upload(ctx, upload, actor=ANALYST_ID)
    except WorkbookError as exc:
        assert want["outcome"] == "refused", [(p.sheet, p.row, p.column, p.reason("zh")) for p in exc.problems]
        cells = {(p.sheet, p.row, p.column) for p in exc.problems if p.row}
        assert cells == {(p["sheet"], p["row"], p["column"]) for p in want["problems"]}
        if not want["problems"]:  # refused as a whole: one sentence about the file, no cell
            assert len(exc.problems) == 1 and not exc.problems[0].row
        assert all(p.reason("zh") and p.reason("en") != p.reason("zh") for p in exc.problems)
        assert dump(db) == before
        return
    except UserError as exc:  # e.g. nothing filled in: refused by the import, as a whole
        assert want["outcome"] == "refused" and not want["problems"], exc.message("zh")
        assert exc.message("zh") and exc.message("en")
        assert dump(db) == before
        return
    assert want["outcome"] == "accepted", f"accepted, but expected: {want['why']}"
    assert {"指标进度": len(upload.progress), "任务进展": len(upload.tasks)} == want["rows"]
    periods = set(upload.progress["period"]) | set(upload.tasks["period"])
    assert periods <= {want["period"]}
    stored = ctx.store.progress()
    for v in want.get("values", []):
        row = stored[(stored["indicator"] == v["indicator"]) & (stored["department"] == v["department"])
                     & (stored["county"] == v["county"]) & (stored["period"] == want["period"])]
        assert len(row) == 1 and _close(row["actual"].iloc[0], v["actual"]), (v, row["actual"].tolist())
    tasks = ctx.store.task_status()
    for v in want.get("task_values", []):
        row = tasks[(tasks["task"] == v["task"]) & (tasks["department"] == v["department"])
                    & (tasks["county"] == v["county"]) & (tasks["period"] == want["period"])]
        assert len(row) == 1 and row["status"].iloc[0] == v["status"], (v, row.to_dict("records"))
        got = row["percent"].iloc[0]
        assert _close(None if got != got else got, v["percent"]), (v, got)
