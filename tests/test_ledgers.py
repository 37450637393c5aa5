"""Several ledgers in one database: next year's ledger of the same city next to last year's, each with its
own records, history and catalog; an old one-ledger database migrated in place."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ledger import service
from ledger.auth import ANALYST, Identity
from ledger.errors import UserError
from ledger.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
ANALYST_ID = Identity("王分析", ANALYST, "local")
V1_DUMP = Path(__file__).parent / "fixtures" / "store_schema_v1.sql"


def next_year_config(folder: Path, year: int = 2024) -> Path:
    """A copy of the shipped city file for another plan year (same city, same ledger text)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "data" / "config.toml").read_text(encoding="utf-8")
    (folder / "config.toml").write_text(config.replace("plan_year = 2023", f"plan_year = {year}"),
                                        encoding="utf-8")
    shutil.copy(ROOT / "data" / "ledger.txt", folder / "ledger.txt")
    csv = (ROOT / "data" / "indicators.csv").read_text(encoding="utf-8")
    (folder / "indicators.csv").write_text(csv.replace("2023-12-31", f"{year}-12-31"), encoding="utf-8")
    return folder


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture()
def two_ledgers(store_url, tmp_path):
    """A database (SQLite, or PostgreSQL where CI starts one) holding 石嘴山市-2023 (with sample data)
    and 石嘴山市-2024 (catalog only)."""
    url = store_url
    first = service.open_context(url)
    service.bootstrap(first, sample=True)
    second_dir = next_year_config(tmp_path / "sz2024")
    service.bootstrap(first, sample=False, config_path=second_dir)
    yield url, second_dir
    first.store.dispose()


def test_two_ledgers_keep_their_own_records(two_ledgers):
    url, _ = two_ledgers
    old = service.open_context(url, ledger="石嘴山市-2023")
    new = service.open_context(url, ledger="石嘴山市-2024")
    assert [e.id for e in old.store.ledgers()] == ["石嘴山市-2024", "石嘴山市-2023"]
    assert new.bundle.config.plan_year == 2024 and old.bundle.config.plan_year == 2023
    assert len(old.store.progress()) > 1000
    assert new.store.progress().empty and new.store.task_status().empty
    assert len(new.store.targets()) == len(old.store.targets()) == 12
    assert {str(d)[:4] for d in new.store.targets()["deadline"]} == {"2024"}
    assert [k for k in new.store.history()["kind"]] == ["catalog"]
    assert set(old.store.history()["kind"]) == {"catalog", "sample"}
    before = service.status_rows(old)
    # an import into 2024 changes nothing of 2023
    import pandas as pd

    rows = pd.DataFrame([{"period": "2024-03", "indicator": "K01", "department": "市审批局", "county": "全市",
                          "actual": 20.0, "note": ""}])
    result = new.store.commit(rows, user="王分析", file_name="2024年3月.xlsx", sha256="c" * 64)
    assert service.status_rows(old) == before
    assert len(new.store.progress()) == 1
    # and an import id of one ledger is unknown to the other
    with pytest.raises(StoreError) as caught:
        old.store.revert(result.import_id, user="王分析")
    assert caught.value.reason == "state"
    assert service.status_rows(old) == before
    # the 2023 status of K01 is untouched; the 2024 one has its single report
    k01 = [r for r in service.status_rows(new) if r["indicator"] == "K01" and r["county"] == "全市"
           and r["department"] == "市审批局"]
    assert k01[0]["actual"] == 20.0 and k01[0]["period"] == "2024-03"


def test_unknown_ledger_is_a_user_error(two_ledgers):
    url, _ = two_ledgers
    with pytest.raises(UserError) as caught:
        service.open_context(url, ledger="银川市-2023")
    assert caught.value.code == "ledger_unknown"
    assert "银川市-2023" in caught.value.message("zh") and "石嘴山市-2024" in caught.value.message("zh")
    assert "holds no ledger" in caught.value.message("en")


def test_registering_again_changes_nothing_and_a_new_document_appends(two_ledgers, tmp_path):
    url, second_dir = two_ledgers
    ctx = service.open_context(url, ledger="石嘴山市-2024")
    version = ctx.store.data_version()
    assert service.bootstrap(ctx, sample=False, config_path=second_dir) == []
    assert ctx.store.data_version() == version
    text = (second_dir / "ledger.txt").read_text(encoding="utf-8")
    (second_dir / "ledger.txt").write_text(text.replace("石嘴山市落实", "石嘴山市2024年落实", 1), encoding="utf-8")
    done = service.bootstrap(ctx, sample=False, config_path=second_dir)
    assert len(done) == 1 and "石嘴山市-2024" in done[0]
    entry = ctx.store.ledger_entry()
    assert entry.title.startswith("石嘴山市2024年落实")
    assert service.open_context(url, ledger="石嘴山市-2024").bundle.ledger.title == entry.title
    assert len(ctx.store.targets()) == 12  # the catalog is kept, not committed twice
    assert list(ctx.store.history()["kind"]) == ["catalog"]


def test_cli_setup_config_and_ledger_option(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    second = next_year_config(tmp_path / "sz2024")
    assert run_cli("setup", "--db", url, "--no-sample").returncode == 0
    proc = run_cli("setup", "--db", url, "--config", str(second))
    assert proc.returncode == 0, proc.stderr
    assert "石嘴山市-2024" in proc.stdout and "示例数据" in proc.stdout
    listed = run_cli("ledgers", "--db", url)
    assert listed.returncode == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["石嘴山市-2024", "石嘴山市-2023"]
    on_2024 = run_cli("status", "--db", url, "--ledger", "石嘴山市-2024", "--json")
    assert on_2024.returncode == 0, on_2024.stderr
    periods = {r["period"] for r in json.loads(on_2024.stdout)} - {None}
    assert periods and {p[:4] for p in periods} == {"2024"}
    on_2023 = run_cli("status", "--db", url, "--json")
    assert {r["period"] for r in json.loads(on_2023.stdout)} == {None}  # catalog only, no reports
    unknown = run_cli("status", "--db", url, "--ledger", "不存在-2020")
    assert unknown.returncode == 1 and "数据库中没有台账“不存在-2020”" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_one_ledger_database_of_schema_1_is_migrated(tmp_path):
    """A database written by the one-ledger version (its schema and rows, dumped as SQL) opens with its
    imports and records as the shipped ledger's, and the dashboard figures are those records."""
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    url = f"sqlite:///{path}"
    ctx = service.open_context(url)
    assert ctx.store.ledger == "石嘴山市-2023"
    progress = ctx.store.progress()
    assert sorted(progress["actual"].tolist()) == [8.5, 31.0]
    assert progress.loc[progress["actual"] == 31.0, "note"].item() == "旧库"
    assert list(ctx.store.history()["file_name"]) == ["五月.xlsx", "indicators.csv"]
    assert len(ctx.store.targets()) == 12
    assert ctx.store.task_status()["completion"].tolist() == ["已召开推进会"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("2",)
        assert {r[0] for r in conn.execute("SELECT DISTINCT ledger FROM progress")} == {"石嘴山市-2023"}
        index_names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "ix_progress_lkey" in index_names and "ix_progress_key" not in index_names
    # setup registers the ledger for it and adds nothing else (it has data)
    assert service.bootstrap(ctx, sample=True)[0].startswith("已登记台账 石嘴山市-2023")
    assert len(ctx.store.progress()) == 2
    status = {(r["indicator"], r["county"]): r for r in service.status_rows(ctx) if r["actual"] is not None}
    assert status[("K07", "惠农区")]["actual"] == 8.5 and status[("K01", "全市")]["period"] == "2023-05"


def test_store_opened_without_a_ledger_is_scoped_to_the_city_file(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'scope.db'}"
    assert Store(url).ledger == "石嘴山市-2023"
    monkeypatch.setenv("LEDGER_ID", "石嘴山市-2024")
    assert Store(url).ledger == "石嘴山市-2024"
    monkeypatch.delenv("LEDGER_ID")
    monkeypatch.setenv("LEDGER_CONFIG", str(next_year_config(tmp_path / "cfg")))
    assert Store(url).ledger == "石嘴山市-2024"
    with pytest.raises(ValueError):
        Store(url, ledger="a/b")
    with pytest.raises(ValueError):
        Store(url, ledger="K01\u202e")


def test_a_new_city_onboarded_from_word_gets_a_dashboard_next_to_the_shipped_one(tmp_path):
    """onboard a Word ledger of another city → its folder → setup --config registers it (the document in
    the database) → the context parses it from the database, the template and the figures work."""
    from ledger import onboard
    from ledger.workbook import read_upload, write_template

    fixture = ROOT / "tests" / "fixtures" / "ledgers" / "yinchuan_2025_docx_table.docx"
    expected = json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "yinchuan"
    onboard(fixture, folder, city="银川市", plan_year=2025, counties=expected["options"]["counties"])
    url = f"sqlite:///{tmp_path / 'cities.db'}"
    service.bootstrap(service.open_context(url), sample=False)
    proc = run_cli("setup", "--db", url, "--config", str(folder))
    assert proc.returncode == 0, proc.stderr
    (folder / "yinchuan_2025_docx_table.docx").unlink()  # from now on the database holds the document
    ctx = service.open_context(url, ledger="银川市-2025")
    assert [t.id for t in ctx.bundle.ledger.tasks] == [t["id"] for t in expected["tasks"]]
    assert ctx.bundle.config.county_names == expected["options"]["counties"]
    assert len(ctx.bundle.indicators) == sum(len(t["targets"]) for t in expected["tasks"])
    template = tmp_path / "yinchuan.xlsx"
    write_template(ctx.bundle, template)
    assert read_upload(template, ctx.bundle).progress.empty  # an empty template reads, nothing to import
    rows = service.status_rows(ctx)  # the generated sample data of the new city (示例数据)
    assert {"达标", "滞后"} <= {r["status"] for r in rows}
    assert {(r["period"] or "2025")[:4] for r in rows} == {"2025"}
    assert json.loads(run_cli("status", "--db", url, "--ledger", "银川市-2025", "--json").stdout) == rows
    assert ctx.store.history()["kind"].tolist() == ["sample", "catalog"]
    # the shipped ledger is still the default, with its sample data
    assert len(service.open_context(url).store.progress()) == 0
    assert [e.id for e in ctx.store.ledgers()] == ["银川市-2025", "石嘴山市-2023"]
