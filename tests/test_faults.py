"""Faults with real processes on a real SQLite file, seen from the command line and from the app:

* ``python -m ledger import`` killed with SIGKILL in the middle of its commit leaves ``status`` and
  ``history`` exactly as before;
* two ``import`` processes at once both land, one after the other;
* a database locked by another process (``BEGIN EXCLUSIVE``), and a database path that cannot be
  opened, give a clear Chinese message — exit code 1 on the command line, ``st.error`` in the app —
  never a traceback.

The store-level versions (the same kill and race on raw frames, also on PostgreSQL) are in
tests/test_store_faults.py.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from ledger.auth import ANALYST, Identity
from ledger.store import TEST_SLEEP_ENV, TEST_SLEEP_MARK, Store
from tests.conftest import ROOT, copy_db
from tests.test_store_faults import wait_for_line
from tests.workbook_fixtures import filled_template

LOCKED = "数据库被占用，请稍后再试"
FAST_BUSY = {"LEDGER_BUSY_TIMEOUT": "0.5"}


def ledger_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "ledger", *args]


def cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        ledger_cmd(*args), cwd=ROOT, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def spawn(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        ledger_cmd(*args),
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


@pytest.fixture()
def db(sample_db, tmp_path) -> str:
    return copy_db(sample_db, tmp_path)


@pytest.fixture()
def workbook(tmp_path) -> Path:
    path = tmp_path / "上报.xlsx"
    path.write_bytes(filled_template("2023-09", 0))
    return path


def state(db: str) -> tuple[str, str]:
    """What the command line reports: every current status row, and the import history."""
    status = cli("status", "--json", "--db", db)
    history = cli("history", "--db", db)
    assert status.returncode == 0 and history.returncode == 0, status.stderr + history.stderr
    return status.stdout, history.stdout


def integrity(db: str) -> str:
    with sqlite3.connect(sa.make_url(db).database) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def assert_clean_error(proc: subprocess.CompletedProcess, phrase: str) -> None:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.stderr.startswith("错误：") and phrase in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# --- an import killed mid-way -------------------------------------------------------------------


def test_cli_import_killed_with_sigkill_mid_commit_leaves_everything_as_before(db, workbook):
    before = state(db)
    child = spawn("import", str(workbook), "--db", db, "--user", "ana", env={TEST_SLEEP_ENV: "60"})
    try:
        wait_for_line(child.stderr, TEST_SLEEP_MARK, timeout=60)  # every row written, not committed
        assert state(db) == before  # readers see the old state meanwhile, and are not blocked
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        stop(child)

    assert state(db) == before
    assert integrity(db) == "ok"
    # The lock died with the process: the same import goes through at once.
    started = time.monotonic()
    again = cli("import", str(workbook), "--db", db, "--user", "ana")
    assert again.returncode == 0, again.stderr
    assert time.monotonic() - started < 30
    after = state(db)
    assert after[0] != before[0] and "ana" in after[1].splitlines()[0]


def test_two_cli_imports_at_once_both_land(db, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(filled_template("2023-09", 1))
    second.write_bytes(filled_template("2023-09", 2))
    with Store(db) as store:
        version, imports = store.data_version(), len(store.history())
    # Each holds its write transaction open for 1 s, so whichever comes second has to wait for it.
    env = {TEST_SLEEP_ENV: "1"}
    children = [spawn("import", str(p), "--db", db, "--user", p.stem, env=env) for p in (first, second)]
    try:
        outs = [c.communicate(timeout=120) for c in children]
    finally:
        for c in children:
            stop(c)
    for child, (out, err) in zip(children, outs, strict=True):
        assert child.returncode == 0, err
        assert "已导入" in out
    with Store(db) as store:
        assert store.data_version() == version + 2
        history = store.history()
        assert len(history) == imports + 2
        last = history.iloc[0]["user"]  # whichever committed second wrote the final values
        values = set(store.progress().query("period == '2023-09'")["actual"])
    assert values == {1.0 if last == "a" else 2.0}
    assert integrity(db) == "ok"


# --- a locked database --------------------------------------------------------------------------

LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    if sys.argv[2] != "wal":
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(120)
    """
)


def hold_lock(db: str, mode: str) -> subprocess.Popen:
    """Another process holding ``BEGIN EXCLUSIVE`` on the file (``mode`` ``wal``: readers still read;
    ``delete``: a rollback-journal database, where nobody can even read)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCKER, sa.make_url(db).database, mode], stdout=subprocess.PIPE, text=True
    )
    wait_for_line(proc.stdout, "locked", timeout=30)
    return proc


def test_locked_database_on_the_command_line(db, workbook):
    locker = hold_lock(db, "wal")
    try:
        started = time.monotonic()
        assert_clean_error(cli("import", str(workbook), "--db", db, env=FAST_BUSY), LOCKED)
        assert time.monotonic() - started < 20  # LEDGER_BUSY_TIMEOUT, not the 30 s default
        assert cli("status", "--db", db, env=FAST_BUSY).returncode == 0  # reading still works (WAL)
        assert_clean_error(cli("revert", "1", "--db", db, env=FAST_BUSY), LOCKED)
    finally:
        stop(locker)
    with Store(db) as store:
        assert len(store.history()) == 2  # nothing was written


def test_locked_rollback_journal_database_on_the_command_line(db):
    locker = hold_lock(db, "delete")
    try:
        assert_clean_error(cli("status", "--db", db, env=FAST_BUSY), LOCKED)
        assert_clean_error(cli("history", "--db", db, env=FAST_BUSY), LOCKED)
    finally:
        stop(locker)


def run_app(db: str, monkeypatch, who: Identity | None = None) -> AppTest:
    monkeypatch.setenv("LEDGER_DB", db)
    monkeypatch.setenv("LEDGER_BUSY_TIMEOUT", "0.5")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if who is not None:
        at.session_state["_identity"] = who
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_locked_database_in_the_app_upload_says_so_and_writes_nothing(db, monkeypatch):
    from ledger.auth import Accounts

    with Store(db) as store:
        Accounts(store).add("ana", "correct horse battery")
    at = run_app(db, monkeypatch, who=Identity("ana", ANALYST, "local"))
    at.switch_page("pages/upload.py")
    at.run()
    at.get("file_uploader")[0].set_value(("上报.xlsx", filled_template("2023-09", 0), "application/octet-stream"))
    at.run()
    assert any("校验通过" in s.value for s in at.success)  # validation and preview only read
    locker = hold_lock(db, "wal")
    try:
        at.button(key="upload_confirm").click()
        at.run()
    finally:
        stop(locker)
    assert not at.exception
    assert [e.value for e in at.error] == [f"导入失败：{LOCKED}"]
    with Store(db) as store:
        assert len(store.history()) == 2


def test_locked_rollback_journal_database_in_the_app(db, monkeypatch):
    locker = hold_lock(db, "delete")
    try:
        at = run_app(db, monkeypatch)
    finally:
        stop(locker)
    assert [e.value for e in at.error] == [f"数据库不可用：{LOCKED}"]
    assert not at.get("plotly_chart")


# --- a database that cannot be opened -----------------------------------------------------------


def unopenable(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Database URLs that cannot work, and the phrase of the message each gives."""
    folder = tmp_path / "is_a_directory.db"
    folder.mkdir()
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    readonly = tmp_path / "readonly.db"
    sqlite3.connect(readonly).close()  # an empty database that may only be read
    return {
        "directory": (f"sqlite:///{folder}", "无法打开数据库"),
        "parent is a file": (f"sqlite:///{blocker / 'ledger.db'}", "无法创建目录"),
        "not a database": (f"sqlite:///{junk}", "无法打开数据库"),
        "read-only": (f"sqlite:///file:{readonly}?mode=ro&uri=true", "无法打开数据库"),
        "bad url": ("nosuchdb://x", "不支持的数据库地址"),
    }


CASES = ["directory", "parent is a file", "not a database", "read-only", "bad url"]


@pytest.mark.parametrize("case", CASES)
def test_unopenable_database_on_the_command_line(tmp_path, case):
    url, phrase = unopenable(tmp_path)[case]
    assert_clean_error(cli("status", "--db", url), phrase)


@pytest.mark.parametrize("case", CASES)
def test_unopenable_database_in_the_app(tmp_path, monkeypatch, case):
    url, phrase = unopenable(tmp_path)[case]
    at = run_app(url, monkeypatch)
    (error,) = [e.value for e in at.error]
    assert error.startswith("数据库不可用：") and phrase in error
    json.dumps(error)  # a plain message, no exception object
