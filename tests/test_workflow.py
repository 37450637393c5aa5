"""The analysts' round trip through the command line, as real subprocesses on a real SQLite file.

template → fill with openpyxl → check → import → status --json → export → import a changed file →
history → revert → a rejected workbook that leaves the database untouched; county filters; the ledger
form (台账表格) with its 工作完成情况 column; a text file posing as .xlsx; ``setup`` on an empty database.

The expensive sequence runs once per module (fixture ``flow``); each test asserts one part of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest

from ledger.cli import main as cli_main
from ledger.report import STATUS_FILLS
from ledger.store import Store

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2023-06"
STATUS_KEYS = {
    "indicator", "department", "county", "period", "actual", "target", "attainment", "score", "annual",
    "status", "stale", "projected", "projected_status",
}
TARGETS = {"K01": 50.0, "K05": 95.0, "K07": 10.0, "K11": 7.0}

# (indicator, department, county) → 实际值 of the first upload; K07 is counted in 工作日 (lower is better).
FIRST = {
    ("K01", "市审批局", "全市"): 48.0,
    ("K01", "市审批局", "大武口区"): 30.0,
    ("K05", "市税务局", "全市"): 96.5,
    ("K07", "市税务局", "全市"): 8.0,
    ("K07", "市税务局", "惠农区"): 14.0,
}
# The second upload: one value changed, one added, the rest as before.
SECOND = {**FIRST, ("K07", "市税务局", "惠农区"): 9.0, ("K11", "市市场监管局", "全市"): 6.25}
# (task, department, county) → (进度状态, 完成百分比, 工作完成情况)
TASK_ROWS = {
    ("1.1", "市审批局", "全市"): ("推进中", 60.0, "召开专题推进会3次，梳理问题清单12项"),
    ("1.1", "市公安局", "全市"): ("已完成", 100.0, "户籍类高频事项已全部纳入一业一证"),
}
BAD_KEY = ("K01", "市审批局", "惠农区")


# --- helpers --------------------------------------------------------------------------------------


def cli(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    """``python -m ledger ARGS [--db URL]`` from the repository root; LEDGER_DB never leaks in."""
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_DB"}
    cmd = [sys.executable, "-m", "ledger", *args, *(["--db", db] if db else [])]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def row_of(ws, key: str, department: str, county: str) -> int:
    """The template row pre-listed for (id in column B, department D, county E)."""
    for r in range(2, ws.max_row + 1):
        if (ws.cell(r, 2).value, ws.cell(r, 4).value, ws.cell(r, 5).value) == (key, department, county):
            return r
    raise KeyError((key, department, county))


def fill(template: Path, out: Path, values: dict, tasks: dict, bad: bool = False) -> dict[str, int]:
    """Copy the template with 实际值 and 任务进展 filled; ``bad`` adds an unknown county and a non-number.

    Returns the Excel rows that were edited for the bad key (``{"bad": n}``) so tests can name them.
    """
    wb = openpyxl.load_workbook(template)
    ws = wb["指标进度"]
    for key, value in values.items():
        r = row_of(ws, *key)
        ws.cell(r, 1).value = PERIOD
        ws.cell(r, 6).value = value
    rows = {}
    if bad:
        r = rows["bad"] = row_of(ws, *BAD_KEY)
        ws.cell(r, 1).value = PERIOD
        ws.cell(r, 5).value = "火星县"
        ws.cell(r, 6).value = "很多"
    ws = wb["任务进展"]
    for key, (state, percent, text) in tasks.items():
        r = row_of(ws, *key)
        ws.cell(r, 1).value = PERIOD
        ws.cell(r, 6).value = state
        ws.cell(r, 7).value = percent
        ws.cell(r, 8).value = text
    wb.save(out)
    return rows


def status_json(db: str, *extra: str) -> list[dict]:
    return json.loads(ok(cli("status", "--json", *extra, db=db)).stdout)


def db_state(path: Path) -> tuple[str, dict[str, int]]:
    """sha256 of the database file after a WAL checkpoint, and the row count of every table."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), counts


def by_key(rows: list[dict]) -> dict[tuple[str, str, str], dict]:
    return {(r["indicator"], r["department"], r["county"]): r for r in rows}


# --- the main round trip (one database, in order) ----------------------------------------------


def together(**calls):
    """Run independent CLI calls side by side (reads, or a write next to reads); results by name."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = {name: pool.submit(call) for name, call in calls.items()}
        return {name: f.result() for name, f in futures.items()}


def _round_trip(tmp: Path) -> dict:
    db_file = tmp / "x.db"
    db = f"sqlite:///{db_file}"
    s: dict = {"tmp": tmp, "db": db, "db_file": db_file}
    template = tmp / "template.xlsx"
    s["template"] = ok(cli("template", str(template), db=db))
    fill(template, tmp / "first.xlsx", FIRST, TASK_ROWS)
    fill(template, tmp / "second.xlsx", SECOND, TASK_ROWS)
    s["bad_rows"] = fill(template, tmp / "bad.xlsx", FIRST, TASK_ROWS, bad=True)

    s |= together(
        check=lambda: cli("check", str(tmp / "first.xlsx"), db=db),
        import1=lambda: cli("import", str(tmp / "first.xlsx"), "--user", "张三", db=db),
    )
    s |= together(
        status1=lambda: status_json(db),
        export=lambda: cli("export", str(tmp / "report.xlsx"), db=db),
    )
    s["import2"] = cli("import", str(tmp / "second.xlsx"), db=db)
    s |= together(status2=lambda: status_json(db), history2=lambda: ok(cli("history", db=db)).stdout)

    # A rejected workbook: nothing may change, not even the file's bytes.
    s["before_bad"] = db_state(db_file)
    s["bad"] = cli("import", str(tmp / "bad.xlsx"), db=db)
    s["after_bad"] = db_state(db_file)
    s |= together(
        history_bad=lambda: ok(cli("history", db=db)).stdout,
        revert_unknown=lambda: cli("revert", "999", db=db),
    )
    s["revert"] = cli("revert", "2", db=db)
    s |= together(
        status3=lambda: status_json(db),
        history3=lambda: ok(cli("history", db=db)).stdout,
        county_alias=lambda: status_json(db, "--county", "大武口"),
        county_unknown=lambda: cli("status", "--county", "火星县", db=db),
    )
    return s


def _ledger_form(tmp: Path) -> dict:
    db = f"sqlite:///{tmp / 'form.db'}"
    form = tmp / "form.xlsx"
    s: dict = {"db": db, "form_path": form}
    s["template"] = ok(cli("template", "--ledger-form", str(form), db=db))
    wb = openpyxl.load_workbook(form)
    ws = wb.active
    s["header"] = [c.value for c in ws[2]]
    rows = {}
    for r in range(3, ws.max_row + 1):
        text = str(ws.cell(r, 2).value or "")
        for mark in ("（一）", "（二）"):
            if text.startswith(mark) and mark not in rows:
                rows[mark] = r
    ws.cell(rows["（一）"], 4).value = "已完成企业开办全流程一网通办，电子营业执照同步发放"
    ws.cell(rows["（二）"], 4).value = "召开工程建设项目审批制度改革专题会议"
    wb.save(form)
    s |= together(
        check=lambda: cli("check", str(form), "--period", PERIOD, db=db),
        import_=lambda: cli("import", str(form), "--period", PERIOD, db=db),
    )
    with Store.from_url(db) as store:
        s["tasks"] = store.task_status()
    return s


def _not_excel(tmp: Path) -> dict:
    fake = tmp / "notes.xlsx"
    fake.write_text("这不是表格，只是一段文字。\n", encoding="utf-8")
    db = f"sqlite:///{tmp / 'fake.db'}"
    return {"check": cli("check", str(fake), db=db), "db": db}


def _setup(tmp: Path) -> dict:
    db = f"sqlite:///{tmp / 'setup.db'}"
    s: dict = {"first": cli("setup", db=db)}
    with Store.from_url(db) as store:
        s["version1"] = store.data_version()
        s["history1"] = store.history()
    s["second"] = cli("setup", db=db)
    with Store.from_url(db) as store:
        s["version2"] = store.data_version()
        s["history2"] = store.history()
    s["history_cli"] = cli("history", db=db)
    return s


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    """All CLI scenarios, each on its own database; independent scenarios run side by side."""
    jobs = {"flow": _round_trip, "form": _ledger_form, "fake": _not_excel, "setup": _setup}
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {name: pool.submit(job, tmp_path_factory.mktemp(name)) for name, job in jobs.items()}
        return {name: f.result() for name, f in futures.items()}


@pytest.fixture(scope="module")
def flow(runs) -> dict:
    return runs["flow"]


# --- template, check, import ----------------------------------------------------------------------


def test_template_check_and_import(flow):
    assert (flow["tmp"] / "template.xlsx").stat().st_size > 0
    check = ok(flow["check"])
    assert "校验通过" in check.stdout and f"指标进度 {len(FIRST)} 行" in check.stdout
    assert f"任务进展 {len(TASK_ROWS)} 行" in check.stdout
    out = ok(flow["import1"]).stdout
    assert "导入编号 1" in out
    assert f"指标进度：新增 {len(FIRST)}，变更 0，未变 0" in out
    assert f"任务进展：新增 {len(TASK_ROWS)}，变更 0，未变 0" in out
    assert "指标目标：新增 12" in out  # the template carries the catalog sheet


def test_status_json_shape_and_figures(flow):
    rows = flow["status1"]
    assert isinstance(rows, list) and rows
    assert all(isinstance(r, dict) and set(r) == STATUS_KEYS for r in rows)
    keyed = by_key(rows)
    assert len(keyed) == len(rows), "one row per indicator × department × county"
    for key, value in FIRST.items():
        r = keyed[key]
        assert r["actual"] == value
        assert r["period"] == PERIOD
        assert r["target"] == TARGETS[key[0]]
        assert r["status"] in {"达标", "正常", "滞后", "逾期"}
    # every other assigned key is listed without a figure
    for key, r in keyed.items():
        if key not in FIRST:
            assert r["actual"] is None and r["period"] is None and r["attainment"] is None
            assert r["status"] == "无数据"
    # >= indicators: actual / target; K07 (工作日, <=): target / actual
    assert keyed[("K01", "市审批局", "全市")]["attainment"] == pytest.approx(48 / 50)
    assert keyed[("K07", "市税务局", "全市")]["attainment"] == pytest.approx(10 / 8)
    assert keyed[("K07", "市税务局", "惠农区")]["attainment"] == pytest.approx(10 / 14)
    assert keyed[("K07", "市税务局", "全市")]["status"] == "达标"
    assert keyed[("K07", "市税务局", "惠农区")]["status"] != "达标"
    assert keyed[("K05", "市税务局", "全市")]["status"] == "达标"
    assert all(r["score"] is None or 0 <= r["score"] <= 100 for r in rows)
    assert all(r["annual"] is None or 0 <= r["annual"] <= 100 for r in rows)
    assert not any(r["stale"] for r in rows)  # one period only: nothing is older than the as-of month


def test_export_report_has_the_same_figures(flow):
    ok(flow["export"])
    wb = openpyxl.load_workbook(flow["tmp"] / "report.xlsx")
    ws = wb["指标完成情况"]
    assert PERIOD in str(ws["A1"].value)
    head = {c.value: c.column for c in ws[2]}
    col = {name: head[name] for name in ("指标编号", "责任部门", "县区", "实际值", "完成率", "状态")}
    status = by_key(flow["status1"])
    seen = {}
    for r in range(3, ws.max_row + 1):
        key = tuple(ws.cell(r, col[n]).value for n in ("指标编号", "责任部门", "县区"))
        seen[key] = ws.cell(r, col["实际值"]).value
        cell = ws.cell(r, col["状态"])
        assert cell.value == status[key]["status"]
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.endswith(STATUS_FILLS[cell.value])
        if key in FIRST:
            assert ws.cell(r, col["完成率"]).number_format == "0%"
            assert ws.cell(r, col["完成率"]).value == pytest.approx(status[key]["attainment"])
    assert set(seen) == set(status)
    assert {k: v for k, v in seen.items() if v is not None} == FIRST

    tasks = wb["任务进展"]
    head = {c.value: c.column for c in tasks[2]}
    found = {}
    for r in range(3, tasks.max_row + 1):
        key = tuple(tasks.cell(r, head[n]).value for n in ("任务编号", "责任部门", "县区"))
        state = tasks.cell(r, head["进度状态"]).value
        if state is not None:
            percent = tasks.cell(r, head["完成百分比"]).value
            found[key] = (state, percent, tasks.cell(r, head["工作完成情况"]).value)
        assert tasks.cell(r, head["评价"]).fill.fill_type == "solid"
    assert found == TASK_ROWS


def test_second_import_counts_and_new_value(flow):
    out = ok(flow["import2"]).stdout
    assert "导入编号 2" in out
    assert f"指标进度：新增 1，变更 1，未变 {len(FIRST) - 1}" in out
    assert f"任务进展：新增 0，变更 0，未变 {len(TASK_ROWS)}" in out
    keyed = by_key(flow["status2"])
    assert keyed[("K07", "市税务局", "惠农区")]["actual"] == 9.0
    assert keyed[("K07", "市税务局", "惠农区")]["attainment"] == pytest.approx(10 / 9)
    assert keyed[("K11", "市市场监管局", "全市")]["actual"] == 6.25
    assert {k: r["actual"] for k, r in keyed.items() if r["actual"] is not None} == SECOND


def test_history_lists_both_imports(flow):
    lines = flow["history2"].splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("#2 ") and "second.xlsx" in lines[0] and "upload" in lines[0]
    assert lines[1].startswith("#1 ") and "first.xlsx" in lines[1] and "张三" in lines[1]
    assert "指标进度 +1 ~1" in lines[0] and f"指标进度 +{len(FIRST)} ~0" in lines[1]


def test_bad_workbook_is_rejected_and_changes_nothing(flow):
    bad = flow["bad"]
    assert bad.returncode == 1
    assert bad.stdout == ""
    row = flow["bad_rows"]["bad"]
    assert f"工作表“指标进度”第 {row} 行“县区”列" in bad.stderr and "火星县" in bad.stderr
    assert f"工作表“指标进度”第 {row} 行“实际值”列" in bad.stderr and "不是数字" in bad.stderr
    assert "未写入任何数据" in bad.stderr
    assert "Traceback" not in bad.stderr
    (sha_before, counts_before), (sha_after, counts_after) = flow["before_bad"], flow["after_bad"]
    assert counts_after == counts_before
    assert counts_before["imports"] == 2
    assert sha_after == sha_before, "the database file changed although the import was rejected"
    assert flow["history_bad"] == flow["history2"]


def test_revert_restores_the_first_state(flow):
    assert flow["revert_unknown"].returncode == 1
    assert "没有编号为 999 的导入记录" in flow["revert_unknown"].stderr
    out = ok(flow["revert"]).stdout
    assert "已撤销导入 #2" in out and "新导入编号 3" in out
    assert flow["status3"] == flow["status1"]
    lines = flow["history3"].splitlines()
    assert lines[0].startswith("#3 ") and "revert" in lines[0] and "撤销 #2" in lines[0]
    assert lines[1].startswith("#2 ") and "已被 #3 撤销" in lines[1]


def test_county_filter_accepts_alias_and_rejects_unknown(flow):
    rows = flow["county_alias"]
    assert rows and {r["county"] for r in rows} == {"大武口区"}
    keyed = by_key(rows)
    assert keyed[("K01", "市审批局", "大武口区")]["actual"] == 30.0
    assert len(rows) == sum(1 for r in flow["status3"] if r["county"] == "大武口区")
    unknown = flow["county_unknown"]
    assert unknown.returncode == 1
    assert "未知县区“火星县”" in unknown.stderr and "大武口区" in unknown.stderr


# --- the ledger form, a fake workbook, setup ------------------------------------------------------


def test_ledger_form_import_stores_task_status(runs):
    form = runs["form"]
    assert form["header"] == ["主要指标", "目标任务", "责任部门", "工作完成情况"]
    assert "校验通过：台账 2 行" in ok(form["check"]).stdout
    assert "任务进展：新增 2" in ok(form["import_"]).stdout
    tasks = form["tasks"].sort_values("task").reset_index(drop=True)
    assert list(tasks["task"]) == ["1.1", "1.2"]
    assert list(tasks["period"]) == [PERIOD, PERIOD]
    assert list(tasks["county"]) == ["全市", "全市"]
    assert list(tasks["department"]) == ["市审批局", "市住建局"]  # the lead department
    assert list(tasks["status"]) == ["已完成", ""]  # neutral text leaves the status unknown
    assert tasks.loc[1, "completion"] == "召开工程建设项目审批制度改革专题会议"
    assert tasks["percent"].isna().all()


def test_text_file_named_xlsx_is_rejected(runs):
    proc = runs["fake"]["check"]
    assert proc.returncode == 1
    assert "不是 Excel 工作簿" in proc.stderr
    assert "Traceback" not in proc.stderr
    with Store.from_url(runs["fake"]["db"]) as store:
        assert not store.has_data()


def test_setup_imports_catalog_and_sample_once(runs):
    s = runs["setup"]
    out = ok(s["first"]).stdout
    assert "指标目录 12 项" in out and "示例数据" in out
    kinds = list(s["history1"]["kind"])
    assert sorted(kinds) == ["catalog", "sample"]
    assert s["history1"]["sample"].any()
    assert "未改动" in ok(s["second"]).stdout
    assert s["version2"] == s["version1"] > 0
    assert len(s["history2"]) == len(s["history1"])
    assert " sample " in ok(s["history_cli"]).stdout


# --- user errors that used to escape as tracebacks or poison the database -------------------------
# (in-process through ledger.cli.main: the same code path as the subprocess, without its start-up cost)


def test_bad_periods_are_clean_errors(runs, tmp_path, capsys):
    db = runs["flow"]["db"]
    form = runs["form"]["db"]
    cases = [
        (["template", str(tmp_path / "t.xlsx"), "--period", "2022-06", "--db", db], "不在计划年度 2023 年内"),
        (["template", str(tmp_path / "t.xlsx"), "--period", "2023-13", "--db", db], "无法识别为期间"),
        (["status", "--period", "junk", "--db", db], "无法识别为期间"),
        (["export", str(tmp_path / "r.xlsx"), "--period", "2023-13", "--db", db], "无法识别为期间"),
    ]
    with Store.from_url(form) as store:
        before = store.data_version()
    form_xlsx = runs["form"]["form_path"]
    for period in ("2023-13", "junk", "2022-06"):
        cases.append((["import", str(form_xlsx), "--period", period, "--db", form], f"期间“{period}”"))
    for argv, message in cases:
        assert cli_main(argv) == 1, argv
        err = capsys.readouterr().err
        assert message in err, (argv, err)
    assert not (tmp_path / "t.xlsx").exists() and not (tmp_path / "r.xlsx").exists()
    with Store.from_url(form) as store:
        assert store.data_version() == before
        assert set(store.task_status()["period"]) == {PERIOD}


def test_revert_twice_is_refused(runs, capsys):
    assert cli_main(["revert", "2", "--db", runs["flow"]["db"]]) == 1
    assert "已被撤销" in capsys.readouterr().err
