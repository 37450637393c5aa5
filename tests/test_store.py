"""The append-only store: commits, counts, views as of an import, revert, preview, failures.

Real databases only: a SQLite file in ``tmp_path`` always, and PostgreSQL when ``LEDGER_TEST_PG_URL``
is set (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/ledger_test``; its tables are dropped
before and after every test).
"""

from __future__ import annotations

import sqlite3
from datetime import date

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from ledger.model import INDICATOR_COLUMNS, PROGRESS_COLUMNS, TASK_COLUMNS
from ledger.store import (
    SHEET_PROGRESS,
    SHEET_TARGETS,
    SHEET_TASKS,
    TEST_FAIL_ENV,
    Store,
    StoreError,
    metadata,
)


@pytest.fixture
def store(store_url):
    s = Store.from_url(store_url)
    yield s
    s.dispose()


def progress_frame(n: int = 5, period: str = "2023-03", offset: float = 0.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": [period] * n,
            "indicator": [f"1.{i + 1}-1" for i in range(n)],
            "department": ["市审批局", "市税务局"] * (n // 2) + ["市审批局"] * (n % 2),
            "county": [("全市", "大武口区", "惠农区", "平罗县")[i % 4] for i in range(n)],
            "actual": [10.0 * i + offset for i in range(n)],
            "note": ["" if i % 2 else f"说明{i}" for i in range(n)],
        }
    )


def task_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2023-03", "2023-03", "2023-03"],
            "task": ["1.1", "1.2", "2.1"],
            "department": ["市审批局", "市税务局", "市审批局"],
            "county": ["全市", "全市", "惠农区"],
            "status": ["推进中", "已完成", "未启动"],
            "percent": [0.5, 1.0, np.nan],
            "completion": ["已上线", "", None],
        }
    )


def target_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["1.1-1", "1.2-1"],
            "name": ["高频事项覆盖率", "开办时间"],
            "task": ["1.1", "1.2"],
            "target": [50.0, 1.0],
            "unit": ["%", "工作日"],
            "direction": [">=", "<="],
            "deadline": [date(2023, 12, 31), "2023-06-30"],
            "baseline": [20.0, None],
        }
    )


def commit(store: Store, progress=None, tasks=None, targets=None, **kw):
    kw.setdefault("user", "tester")
    kw.setdefault("file_name", "填报.xlsx")
    kw.setdefault("sha256", "0" * 64)
    return store.commit(progress, tasks, targets, **kw)


def by_key(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return df.sort_values(key).reset_index(drop=True)


def table_rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, for row-for-row comparisons."""
    with store.engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
            for t in metadata.sorted_tables
        }


# --- commit and read back -----------------------------------------------------------------------


def test_commit_and_read_back(store):
    assert not store.has_data() and store.data_version() == 0
    result = commit(store, progress_frame(), task_frame(), target_frame())
    assert result.import_id >= 1 and result.data_version == 1
    assert result.counts == {
        SHEET_PROGRESS: {"added": 5, "changed": 0, "unchanged": 0},
        SHEET_TASKS: {"added": 3, "changed": 0, "unchanged": 0},
        SHEET_TARGETS: {"added": 2, "changed": 0, "unchanged": 0},
    }
    assert store.has_data() and store.data_version() == 1

    got = store.progress()
    assert list(got.columns) == PROGRESS_COLUMNS
    assert got["actual"].dtype == "float64" and got["period"].dtype == "str"
    expected = progress_frame().astype({c: "str" for c in PROGRESS_COLUMNS if c != "actual"})
    pd.testing.assert_frame_equal(by_key(got, ["indicator"]), by_key(expected, ["indicator"]))

    tasks = by_key(store.task_status(), ["task"])
    assert list(tasks.columns) == TASK_COLUMNS
    assert tasks["percent"].dtype == "float64" and np.isnan(tasks.loc[2, "percent"])
    assert tasks["completion"].tolist() == ["已上线", "", ""]  # missing text reads back as ''

    targets = by_key(store.targets(), ["indicator"])
    assert list(targets.columns) == INDICATOR_COLUMNS
    assert targets["deadline"].tolist() == [date(2023, 12, 31), date(2023, 6, 30)]
    assert targets["target"].dtype == "float64" and targets["baseline"].dtype == "float64"
    assert targets.loc[0, "baseline"] == 20.0 and np.isnan(targets.loc[1, "baseline"])

    hist = store.history()
    assert len(hist) == 1
    row = hist.iloc[0]
    assert (row["user"], row["file_name"], row["kind"], bool(row["sample"])) == (
        "tester",
        "填报.xlsx",
        "upload",
        False,
    )
    assert row["rows"] == result.counts and pd.isna(row["reverts"])
    assert row["created_at"].endswith("+00:00")


def test_second_commit_counts_and_writes_only_differences(store):
    first = progress_frame()
    commit(store, first)
    second = first.copy()
    second.loc[1, "actual"] = 99.0  # changed
    second.loc[0, "actual"] += 1e-13  # float noise: unchanged
    second.loc[1, "note"] = np.nan  # '' before, NaN now: unchanged
    second = pd.concat([second, progress_frame(1, period="2023-04")], ignore_index=True)  # added
    before = len(table_rows(store)["progress"])

    result = commit(store, second)

    assert result.counts == {SHEET_PROGRESS: {"added": 1, "changed": 1, "unchanged": 4}}
    assert len(table_rows(store)["progress"]) == before + 2
    view = store.progress()
    assert len(view) == 6
    assert view.set_index(["period", "indicator"]).loc[("2023-03", "1.2-1"), "actual"] == 99.0


def test_data_version_bumps_on_commit_and_revert_only(store):
    assert store.data_version() == 0
    first = commit(store, progress_frame())
    assert store.data_version() == 1
    store.preview(progress_frame(offset=1))
    store.progress()
    assert store.data_version() == 1
    commit(store, progress_frame())  # nothing new: still an import, still a bump
    assert store.data_version() == 2
    store.revert(first.import_id, user="tester")
    assert store.data_version() == 3
    assert len(store.history()) == 3


def test_sample_kind_and_history_order(store):
    commit(store, progress_frame(), kind="sample", file_name="sample.xlsx")
    commit(store, tasks=task_frame())
    hist = store.history()
    assert hist["id"].tolist() == sorted(hist["id"].tolist(), reverse=True)
    assert hist["sample"].tolist() == [False, True]
    assert hist["kind"].tolist() == ["upload", "sample"]
    with pytest.raises(ValueError):
        commit(store, progress_frame(), kind="nonsense")


# --- revert and views as of an import -----------------------------------------------------------


def test_revert_restores_exact_previous_view(store):
    commit(store, progress_frame(), task_frame(), target_frame())
    after_a = (store.progress(), store.task_status(), store.targets())
    changed = progress_frame(offset=5)
    changed = pd.concat([changed, progress_frame(2, period="2023-04")], ignore_index=True)
    tasks = task_frame()
    tasks.loc[0, "status"] = "已完成"
    targets = target_frame()
    targets.loc[1, "target"] = 3.0
    b = commit(store, changed, tasks, targets)
    assert store.progress()["actual"].sum() != after_a[0]["actual"].sum()

    r = store.revert(b.import_id, user="管理员")

    assert r.import_id > b.import_id
    pd.testing.assert_frame_equal(store.progress(), after_a[0])
    pd.testing.assert_frame_equal(store.task_status(), after_a[1])
    pd.testing.assert_frame_equal(store.targets(), after_a[2])
    assert r.counts[SHEET_PROGRESS] == {"added": 0, "changed": 5, "unchanged": 0, "removed": 2}
    hist = store.history()
    top = hist.iloc[0]
    assert top["kind"] == "revert" and top["reverts"] == b.import_id and top["user"] == "管理员"
    assert hist.set_index("id").loc[b.import_id, "reverted_by"] == r.import_id
    # the view right after b is still there to look at
    assert len(store.progress(as_of_import=b.import_id)) == 7
    with pytest.raises(StoreError, match="已被撤销"):
        store.revert(b.import_id, user="管理员")
    # undoing the undo brings b back
    store.revert(r.import_id, user="管理员")
    pd.testing.assert_frame_equal(store.progress(), store.progress(as_of_import=b.import_id))


def test_revert_of_first_import_gives_empty_view(store):
    a = commit(store, progress_frame(), task_frame(), target_frame())
    r = store.revert(a.import_id, user="tester")
    assert store.progress().empty and store.task_status().empty and store.targets().empty
    assert list(store.progress().columns) == PROGRESS_COLUMNS
    assert r.counts[SHEET_PROGRESS]["removed"] == 5
    assert store.has_data()  # the imports themselves remain
    # re-importing the same file after the revert adds everything again
    again = commit(store, progress_frame())
    assert again.counts[SHEET_PROGRESS]["added"] == 5


def test_revert_touches_only_the_keys_of_that_import(store):
    base = progress_frame(3)  # keys k0, k1, k2
    commit(store, base)
    b_frame = pd.concat([base.iloc[[0]].assign(actual=100.0), progress_frame(1, period="2023-04")])
    b = commit(store, b_frame)  # changes k0, adds k3
    commit(store, base.iloc[[1]].assign(actual=200.0))  # a later import changes k1
    store.revert(str(b.import_id), user="tester")  # ids as text (CLI) are fine
    view = store.progress().set_index(["period", "indicator"])["actual"].to_dict()
    assert view == {("2023-03", "1.1-1"): 0.0, ("2023-03", "1.2-1"): 200.0, ("2023-03", "1.3-1"): 20.0}


def test_view_as_of_earlier_import(store):
    a = commit(store, progress_frame())
    view_a = store.progress()
    b = commit(store, progress_frame(offset=1))
    c = commit(store, targets=target_frame())
    pd.testing.assert_frame_equal(store.progress(as_of_import=a.import_id), view_a)
    pd.testing.assert_frame_equal(store.progress(as_of_import=b.import_id), store.progress())
    assert store.targets(as_of_import=b.import_id).empty
    assert len(store.targets(as_of_import=c.import_id)) == 2
    with pytest.raises(StoreError):
        store.progress(as_of_import=c.import_id + 100)


# --- preview ------------------------------------------------------------------------------------


def test_preview_matches_commit_without_writing(store):
    commit(store, progress_frame(), task_frame())
    new = progress_frame()
    new.loc[2, "actual"] = -1.0
    new.loc[3, "note"] = "新说明"
    new = pd.concat([new, progress_frame(1, period="2023-05")], ignore_index=True)
    tasks = task_frame()
    version, rows = store.data_version(), table_rows(store)

    pre = store.preview(new, tasks)

    assert store.data_version() == version and table_rows(store) == rows
    assert set(pre) == {SHEET_PROGRESS, SHEET_TASKS}
    frame = pre[SHEET_PROGRESS]
    assert frame["change"].tolist() == ["unchanged", "unchanged", "changed", "changed", "unchanged", "added"]
    assert frame.loc[2, "old_actual"] == 20.0 and np.isnan(frame.loc[3, "old_actual"])
    assert frame.loc[3, "old_note"] == "" and pd.isna(frame.loc[2, "old_note"])
    assert "old_actual" in frame and "old_note" in frame
    assert "old_status" not in pre[SHEET_TASKS]
    counts = {name: f["change"].value_counts().to_dict() for name, f in pre.items()}

    result = commit(store, new, tasks)
    for name, c in result.counts.items():
        assert {k: v for k, v in c.items() if v} == counts[name]
    assert len(table_rows(store)["progress"]) == len(rows["progress"]) + 3


def test_preview_of_targets_shows_dates(store):
    commit(store, targets=target_frame())
    new = target_frame()
    new.loc[0, "deadline"] = "2023-09-30"
    frame = store.preview(targets=new)[SHEET_TARGETS]
    assert frame["change"].tolist() == ["changed", "unchanged"]
    assert frame.loc[0, "deadline"] == date(2023, 9, 30) and frame.loc[0, "old_deadline"] == date(
        2023, 12, 31
    )


# --- failures -----------------------------------------------------------------------------------


def _bad_missing_column():
    return {"progress": progress_frame(), "tasks": task_frame().drop(columns=["status"])}


def _bad_nan_key():
    tasks = task_frame()
    tasks.loc[1, "county"] = np.nan
    return {"progress": progress_frame(offset=3), "tasks": tasks}


def _bad_number():
    p = progress_frame(offset=3).astype({"actual": object})
    p.loc[4, "actual"] = "约50"
    return {"progress": p}


def _bad_duplicate():
    p = progress_frame(offset=3)
    return {"progress": pd.concat([p, p.tail(1)], ignore_index=True)}


@pytest.mark.parametrize("make_bad", [_bad_missing_column, _bad_nan_key, _bad_number, _bad_duplicate])
def test_rejected_commit_leaves_tables_unchanged(store, make_bad):
    commit(store, progress_frame(), task_frame())
    before = table_rows(store)
    with pytest.raises(StoreError) as err:
        commit(store, **make_bad())
    assert err.value.reason == "data"
    assert table_rows(store) == before


def test_failure_inside_the_transaction_rolls_everything_back(store, monkeypatch):
    commit(store, progress_frame(), task_frame(), target_frame())
    before = table_rows(store)
    monkeypatch.setenv(TEST_FAIL_ENV, "1")  # raise after every row is written, before COMMIT
    with pytest.raises(RuntimeError):
        commit(store, progress_frame(offset=7), task_frame(), target_frame().assign(target=[1.0, 2.0]))
    monkeypatch.delenv(TEST_FAIL_ENV)
    assert table_rows(store) == before
    assert store.data_version() == 1
    assert commit(store, progress_frame(offset=7)).counts[SHEET_PROGRESS]["changed"] == 5


def test_unknown_revert_id_raises(store):
    with pytest.raises(StoreError, match="没有编号为 42"):
        store.revert(42, user="tester")
    a = commit(store, progress_frame())
    with pytest.raises(StoreError):
        store.revert(a.import_id + 1, user="tester")
    assert store.data_version() == 1


def test_caller_frames_are_not_modified(store):
    frame = progress_frame()
    frame["extra"] = "ignored"
    copy = frame.copy()
    commit(store, frame)
    store.preview(frame)
    pd.testing.assert_frame_equal(frame, copy)


def test_init_is_idempotent(store_url):
    s = Store.from_url(store_url)
    commit(s, progress_frame())
    s.init()
    Store.from_url(store_url).dispose()
    assert s.data_version() == 1 and len(s.progress()) == 5
    s.dispose()


# --- SQLite specifics ---------------------------------------------------------------------------


def test_sqlite_pragmas_and_parent_folder(tmp_path):
    path = tmp_path / "a" / "b" / "ledger.db"
    s = Store.from_url(f"sqlite:///{path}")
    assert path.exists()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    s.dispose()


def test_not_a_database_file_raises(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a spreadsheet, not a database " * 100)
    with pytest.raises(StoreError, match="无法打开数据库") as err:
        Store.from_url(f"sqlite:///{path}")
    assert err.value.reason == "open"
    with pytest.raises(StoreError, match="无法打开数据库"):
        Store(f"sqlite:///{path}").progress()


def test_unopenable_path_and_bad_urls_raise(tmp_path):
    folder = tmp_path / "a_folder.db"
    folder.mkdir()
    with pytest.raises(StoreError, match="无法打开数据库"):
        Store.from_url(f"sqlite:///{folder}")
    with pytest.raises(StoreError, match="数据库地址无效"):
        Store("this is not a url")
    with pytest.raises(StoreError, match="不支持"):
        Store("nosuchdb://host/db")
    with pytest.raises(StoreError) as err:
        Store("mysql+nosuchdriver://user:secret@host/db")
    assert "secret" not in str(err.value)


def test_uninitialised_database(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert s.data_version() == 0 and not s.has_data()
    with pytest.raises(StoreError, match="尚未初始化"):
        s.progress()
    s.dispose()


def test_locked_database_raises_after_busy_timeout(tmp_path):
    path = tmp_path / "ledger.db"
    s = Store.from_url(f"sqlite:///{path}", busy_timeout=0.2)
    commit(s, progress_frame())
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
        with pytest.raises(StoreError, match="数据库被占用，请稍后再试") as err:
            commit(s, progress_frame(offset=1))
        assert err.value.reason == "locked"
        assert len(s.progress()) == 5  # readers are not blocked (WAL)
    finally:
        other.rollback()
        other.close()
    assert commit(s, progress_frame(offset=1)).counts[SHEET_PROGRESS]["changed"] == 5
    s.dispose()


def test_periods_counts_current_records_per_period(store):
    assert store.periods().empty and list(store.periods().columns) == ["period", "progress", "tasks"]
    commit(store, progress_frame(5), task_frame())
    blank = progress_frame(2, period="2023-04").assign(actual=[np.nan, 7.0])  # a blank figure is no report
    second = commit(store, pd.concat([progress_frame(5, offset=1.0), blank], ignore_index=True))
    got = store.periods()
    assert got.to_dict("list") == {"period": ["2023-03", "2023-04"], "progress": [5, 1], "tasks": [3, 0]}
    store.revert(second.import_id, user="tester")  # back to the first import: 2023-04 is gone
    assert store.periods()["period"].tolist() == ["2023-03"]
