"""Every bad workbook is rejected by `import` with sheet/row/column and leaves the database unchanged.

Runs each case of tests/test_workbook_bad.py through the CLI's import path (in-process, same code as
`python -m ledger import`) against a real SQLite database holding the sample data, and compares a full
dump of the database before and after.
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from ledger import cli
from tests.test_workbook_bad import CASES, Bad


def dump(url: str) -> str:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(FULL)")
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_import_rejects_and_writes_nothing(sample_db, tmp_path, capsys, case: Bad):
    path = tmp_path / "上报.xlsx"
    path.write_bytes(case.make())
    before = dump(sample_db)
    rc = cli.main(["import", str(path), "--db", sample_db, "--period", "2023-06"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "未写入任何数据" in err or "错误" in err
    if case.sheet:
        assert f"工作表“{case.sheet}”" in err
    if case.row is not None:
        assert f"第 {case.row} 行" in err
    if case.column:
        assert f"“{case.column}”列" in err
    assert case.phrase in err
    assert dump(sample_db) == before
