"""The store under real faults, with real processes: an import killed mid-transaction, and two
imports racing for one database. SQLite always; PostgreSQL too when ``LEDGER_TEST_PG_URL`` is set."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ledger.store import SHEET_PROGRESS, TEST_SLEEP_ENV, TEST_SLEEP_MARK, Store, metadata

ROOT = Path(__file__).resolve().parent.parent

# The child builds `n` progress rows whose indicators start with `prefix` (plus, with `shared`, one
# row every child writes), prints "ready", waits for the go file if one is given, commits, prints the
# result as JSON.
CHILD = r"""
import json, sys, time
from pathlib import Path
from ledger.store import Store

sys.path.insert(0, sys.argv[1])
from test_store_faults import make_frame

url, n, prefix, offset, shared, go = sys.argv[2:8]
frame = make_frame(int(n), prefix, float(offset), shared=shared == "1")
store = Store(url)
print("ready", flush=True)
while go != "-" and not Path(go).exists():
    time.sleep(0.01)
result = store.commit(frame, user=prefix, file_name=f"{prefix}.xlsx", sha256="")
print(json.dumps({"prefix": prefix, "import_id": result.import_id, "counts": result.counts}), flush=True)
"""


def make_frame(n: int, prefix: str, offset: float = 0.0, *, shared: bool = False) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "period": [f"2023-{1 + i % 12:02d}" for i in range(n)],
            "indicator": [f"{prefix}{i // 12}" for i in range(n)],
            "department": "市审批局",
            "county": "全市",
            "actual": [float(i) + offset for i in range(n)],
            "note": "",
        }
    )
    if shared:
        extra = {"period": "2023-12", "indicator": "共同指标", "department": "市审批局", "county": "全市"}
        frame = pd.concat(
            [frame, pd.DataFrame([{**extra, "actual": offset, "note": prefix}])], ignore_index=True
        )
    return frame


def spawn(url: str, n: int, prefix: str, offset: float, *, shared: bool = False, go: str = "-", env=None):
    args = [sys.executable, "-c", CHILD, str(ROOT / "tests"), url, str(n), prefix, str(offset)]
    args += ["1" if shared else "0", go]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen(
        args, cwd=ROOT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_line(stream, wanted: str, timeout: float) -> None:
    """Read lines from a child's pipe until one equals ``wanted`` (fail after ``timeout`` s)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
            if line.rstrip("\n") == wanted:
                return
        lines.put("<EOF>")

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line == wanted:
            return
        seen.append(line)
        if line == "<EOF>":
            break
    raise AssertionError(f"child never said {wanted!r}; it said: {seen[-20:]}")




def snapshot(store: Store) -> dict:
    with store.engine.connect() as conn:
        counts = {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in metadata.tables.values()
        }
    return {
        "version": store.data_version(),
        "history": store.history()[["id", "kind"]].to_dict("records"),
        "progress": store.progress(),
        "rows": counts,
    }


def assert_same(a: dict, b: dict) -> None:
    assert (a["version"], a["history"], a["rows"]) == (b["version"], b["history"], b["rows"])
    pd.testing.assert_frame_equal(a["progress"], b["progress"])


def test_import_killed_mid_transaction_leaves_previous_state(store_url):
    store = Store.from_url(store_url, busy_timeout=10)
    store.commit(make_frame(20_000, "I"), user="base", file_name="base.xlsx", sha256="")
    before = snapshot(store)

    # 20k changed + 15k added rows, then the child sleeps inside the open transaction.
    child = spawn(store_url, 35_000, "I", 1.0, env={TEST_SLEEP_ENV: "60"})
    try:
        wait_for_line(child.stderr, TEST_SLEEP_MARK, timeout=60)
        # Every row is written but not committed: readers still see the old state, unblocked.
        assert_same(snapshot(store), before)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert_same(snapshot(store), before)
    if store.is_sqlite:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # The lock died with the process: the next import goes through at once.
    started = time.monotonic()
    result = store.commit(make_frame(20_000, "I", 2.0), user="next", file_name="next.xlsx", sha256="")
    assert time.monotonic() - started < 8
    assert result.counts[SHEET_PROGRESS] == {"added": 0, "changed": 20_000, "unchanged": 0}
    assert store.data_version() == before["version"] + 1
    store.dispose()


def test_two_processes_importing_at_once_both_land(store_url, tmp_path):
    store = Store.from_url(store_url)
    store.commit(make_frame(120, "Z"), user="base", file_name="base.xlsx", sha256="")
    before = snapshot(store)
    go = tmp_path / "go"
    n = 5_000
    # Each child holds its transaction open for 0.5 s, so whichever starts second must wait for it.
    env = {TEST_SLEEP_ENV: "0.5"}
    children = [
        spawn(store_url, n, p, off, shared=True, go=str(go), env=env) for p, off in (("A", 1), ("B", 2))
    ]
    try:
        for child in children:
            wait_for_line(child.stdout, "ready", timeout=60)
        go.touch()
        outs = [child.communicate(timeout=60) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    for child, (_out, err) in zip(children, outs, strict=True):
        assert child.returncode == 0, err
    results = sorted(
        (json.loads(out.strip().splitlines()[-1]) for out, _ in outs), key=lambda r: r["import_id"]
    )

    # Both imports landed, one after the other, each comparing against the state the other left.
    assert store.data_version() == before["version"] + 2
    assert len(store.history()) == len(before["history"]) + 2
    first, second = (r["counts"][SHEET_PROGRESS] for r in results)
    assert first == {"added": n + 1, "changed": 0, "unchanged": 0}
    assert second == {"added": n, "changed": 1, "unchanged": 0}
    view = store.progress()
    assert len(view) == len(before["progress"]) + 2 * n + 1
    for prefix in ("A", "B"):
        assert view["indicator"].str.startswith(prefix).sum() == n
    shared = view.loc[view["indicator"] == "共同指标"].iloc[0]
    later = results[1]["prefix"]  # the import that committed second wrote the final value
    assert shared["note"] == later and shared["actual"] == {"A": 1.0, "B": 2.0}[later]
    # No interleaving: each import's rows form one block of ids.
    with store.engine.connect() as conn:
        t = metadata.tables["progress"]
        spans = conn.execute(
            sa.select(t.c.import_id, sa.func.min(t.c.id), sa.func.max(t.c.id), sa.func.count())
            .where(t.c.import_id.in_([r["import_id"] for r in results]))
            .group_by(t.c.import_id)
            .order_by(t.c.import_id)
        ).all()
    assert [s[3] for s in spans] == [n + 1, n + 1]
    assert spans[0][2] < spans[1][1]
    store.dispose()
