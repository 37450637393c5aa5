"""The sample data (示例数据): deterministic, January–September of the plan year, plausible, mixed statuses,
and the workbook written by ``data/make_sample.py`` is one the upload reader accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ledger import indicators_frame, load_default, metrics
from ledger.assign import indicator_keys, task_keys
from ledger.model import PROGRESS_COLUMNS, TASK_COLUMNS, TASK_STATES
from ledger.sample import periods, sample_progress, sample_tasks
from ledger.upload import read_upload

ROOT = Path(__file__).resolve().parent.parent
MONTHS = [f"2023-{m:02d}" for m in range(1, 10)]


@pytest.fixture(scope="module")
def bundle():
    return load_default()


@pytest.fixture(scope="module")
def progress(bundle) -> pd.DataFrame:
    return sample_progress(bundle.ledger, bundle.indicators, bundle.config)


@pytest.fixture(scope="module")
def tasks(bundle) -> pd.DataFrame:
    return sample_tasks(bundle.ledger, bundle.config)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """``data/make_sample.py OUT.xlsx`` run as a script, in a folder that does not exist yet."""
    out = tmp_path_factory.mktemp("sample") / "sub" / "示例数据.xlsx"
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_DB"}
    proc = subprocess.run(
        [sys.executable, "data/make_sample.py", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )
    return proc, out


def test_deterministic(bundle, progress, tasks):
    again = sample_progress(bundle.ledger, bundle.indicators, bundle.config)
    pd.testing.assert_frame_equal(progress, again)
    pd.testing.assert_frame_equal(tasks, sample_tasks(bundle.ledger, bundle.config))
    other = sample_progress(bundle.ledger, bundle.indicators, bundle.config, seed=1)
    assert not progress.equals(other), "the seed is what makes it repeatable, not a constant table"


def test_schema_and_keys(bundle, progress, tasks):
    assert list(progress.columns) == PROGRESS_COLUMNS
    assert list(tasks.columns) == TASK_COLUMNS
    assert not progress.duplicated(["period", "indicator", "department", "county"]).any()
    assert not tasks.duplicated(["period", "task", "department", "county"]).any()
    assigned = indicator_keys(bundle.ledger, bundle.indicators, bundle.config)
    assigned_set = set(assigned.itertuples(index=False, name=None))
    reported = set(progress[["indicator", "department", "county"]].itertuples(index=False, name=None))
    assert reported <= assigned_set
    assert reported < assigned_set, "some department × county never reports (无数据)"
    task_assigned = set(task_keys(bundle.ledger, bundle.config).itertuples(index=False, name=None))
    assert set(tasks[["task", "department", "county"]].itertuples(index=False, name=None)) <= task_assigned


def test_covers_plan_year_january_to_september(bundle, progress, tasks):
    assert periods(bundle.config.plan_year) == MONTHS
    assert sorted(progress["period"].unique()) == MONTHS
    assert sorted(tasks["period"].unique()) == ["2023-03", "2023-06", "2023-09"]  # quarterly
    # most keys report every month; a few stopped early
    months_per_key = progress.groupby(["indicator", "department", "county"])["period"].nunique()
    assert (months_per_key == 9).mean() > 0.8
    assert (months_per_key < 9).any()


def test_statuses_are_mixed(bundle, progress):
    keys = indicator_keys(bundle.ledger, bundle.indicators, bundle.config)
    status = metrics.indicator_status(
        indicators_frame(bundle.indicators), progress, None, bundle.config.plan_start, keys=keys
    )
    assert len(status) == len(keys)
    counts = status["status"].value_counts()
    for wanted in ("达标", "正常", "滞后", "无数据"):
        assert counts.get(wanted, 0) >= 1, counts.to_dict()
    assert counts.get("逾期", 0) == 0  # September is before every deadline


def test_values_are_plausible(bundle, progress, tasks):
    units = {i.id: i.unit for i in bundle.indicators}
    targets = {i.id: i.target for i in bundle.indicators}
    assert progress["actual"].notna().all()
    assert (progress["actual"] >= 0).all()
    pct = progress[progress["indicator"].map(units) == "%"]
    assert len(pct) and (pct["actual"] <= 100).all()
    # nothing absurd: within a few times the target
    assert (progress["actual"] <= 3 * progress["indicator"].map(targets)).all()
    assert tasks["percent"].between(0, 100).all()
    assert set(tasks["status"]) <= set(TASK_STATES)
    assert (tasks.loc[tasks["status"] == "已完成", "percent"] == 100).all()
    assert tasks["completion"].str.len().gt(0).all()
    assert tasks["completion"].str.endswith("。").all()


def test_make_sample_writes_an_accepted_workbook(bundle, progress, tasks, made):
    proc, out = made
    assert proc.returncode == 0, proc.stderr
    assert "已生成示例数据" in proc.stdout and out.exists()
    upload = read_upload(out, bundle)
    assert upload.rows["指标进度"] == len(progress)
    assert upload.rows["任务进展"] == len(tasks)
    key = ["period", "indicator", "department", "county"]
    got = upload.progress.sort_values(key).reset_index(drop=True)
    want = progress.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[[*key, "actual"]], want[[*key, "actual"]], check_dtype=False)
    tkey = ["period", "task", "department", "county"]
    got_t = upload.tasks.sort_values(tkey).reset_index(drop=True)
    want_t = tasks.sort_values(tkey).reset_index(drop=True)
    for col in (*tkey, "status", "percent", "completion"):
        assert list(got_t[col]) == list(want_t[col]), col


def test_make_sample_guide_says_sample(made):
    _, out = made
    wb = openpyxl.load_workbook(out, read_only=True)
    try:
        first = next(wb["填报说明"].iter_rows(max_row=1, values_only=True))[0]
    finally:
        wb.close()
    assert "示例数据" in first
