"""Onboarding a new ledger: a proposed city folder (config.toml, indicators.csv, the document) that the
configuration loader and the readers accept as it is."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ledger import load_default, onboard, reconcile
from ledger.catalog import deadline_of, indicator_name, read_catalog
from ledger.config import load_city_config
from ledger.read import LedgerParseError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
WUZHONG = ["利通区", "红寺堡区", "青铜峡市", "盐池县", "同心县"]


def test_onboard_writes_a_folder_that_loads(tmp_path):
    result = onboard(FIXTURES / "other_city_ledger.txt", tmp_path / "wz", counties=WUZHONG)
    assert result.config_path == tmp_path / "wz" / "config.toml"
    assert result.ledger_path.read_bytes() == (FIXTURES / "other_city_ledger.txt").read_bytes()
    config = load_city_config(tmp_path / "wz" / "config.toml")
    assert (config.city, config.plan_year, config.ledger_id) == ("吴忠市", 2024, "吴忠市-2024")
    assert config.ledger_path == result.ledger_path and config.indicators_path == result.catalog_path
    assert list(config.counties) == WUZHONG
    assert config.counties["利通区"] == ("利通", "利通区政府", "利通区人民政府")
    assert config.canonical_county("青铜峡") == "青铜峡市"
    assert config.department_aliases["市市场监管局"] == ("市场监管局",)
    bundle = load_default(config)  # the city folder is all the app needs
    assert [t.id for t in bundle.ledger.tasks] == ["1.1", "1.2", "2.1", "2.2"]
    assert list(bundle.ledger.task("1.1").county_list) == WUZHONG
    assert reconcile(bundle.ledger, bundle.indicators) == []
    assert [i.id for i in bundle.indicators] == [f"K{n:02d}" for n in range(1, 10)]
    names = [i.name for i in bundle.indicators]
    assert len(set(names)) == len(names)
    assert names[0] == "企业开办时间" and names[3] == "电子证照调用率"
    assert all(i.deadline == date(2024, 12, 31) for i in bundle.indicators)


def test_onboard_word_table_with_deadlines_and_baselines(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    from tests.test_read_word_pdf import BAOTOU, table_docx

    document = table_docx(source / "包头市任务清单.docx")
    result = onboard(document, tmp_path / "bt", counties=BAOTOU)
    assert result.ledger_path.name == "包头市任务清单.docx"
    config = load_city_config(tmp_path / "bt")
    bundle = load_default(config)
    assert len(bundle.ledger.tasks) == 5 and reconcile(bundle.ledger, bundle.indicators) == []
    first = bundle.indicators[0]
    assert (first.task_id, first.target, first.unit, first.baseline) == ("1.1", 0.5, "工作日", 1.0)
    frame = read_catalog(config.indicators_path, config.plan_year)
    assert frame[0].baseline == 1.0


def test_onboard_proposes_the_counties_a_ledger_names(tmp_path):
    result = onboard(FIXTURES / "other_city_ledger.txt", tmp_path / "wz")
    assert "onboard_no_counties" in [w.code for w in result.warnings]
    assert list(load_city_config(tmp_path / "wz").counties) == ["利通区", "青铜峡市"]


def test_onboard_refuses_to_overwrite(tmp_path):
    onboard(FIXTURES / "other_city_ledger.txt", tmp_path / "wz", counties=WUZHONG)
    with pytest.raises(LedgerParseError) as err:
        onboard(FIXTURES / "other_city_ledger.txt", tmp_path / "wz", counties=WUZHONG)
    assert err.value.code == "onboard_out_exists"
    onboard(FIXTURES / "other_city_ledger.txt", tmp_path / "wz", counties=WUZHONG[:2], overwrite=True)
    assert list(load_city_config(tmp_path / "wz").counties) == WUZHONG[:2]


def test_onboard_needs_a_city_and_says_when_the_year_is_a_guess(tmp_path):
    text = "营商环境任务台账\n\n一、政务服务\n（一）推进企业开办。压缩至1个工作日。\n\n市审批局\n"
    with pytest.raises(LedgerParseError) as err:
        onboard(text.encode(), tmp_path / "x")
    assert err.value.code == "onboard_no_city"
    result = onboard(text.encode(), tmp_path / "x", city="固原市", counties=["原州区"])
    assert "onboard_year_default" in [w.code for w in result.warnings]
    assert result.ledger_path.name == "ledger.txt"
    config = load_city_config(tmp_path / "x")
    assert (config.city, config.plan_year) == ("固原市", 2023)
    assert load_default(config).ledger.tasks[0].departments == ("市审批局",)


@pytest.mark.parametrize(
    "clause, text, expected",
    [
        ("网办率达到90%", "年底前，网办率达到90%。", date(2024, 12, 31)),
        ("6月底前网办率达到90%", "6月底前网办率达到90%。", date(2024, 6, 30)),
        ("网办率达到90%", "2024年9月底前完成改造，网办率达到90%。", date(2024, 9, 30)),
        ("网办率达到90%", "2025年底前，网办率达到90%。", date(2025, 12, 31)),
        ("网办率达到90%", "9月30日前，网办率达到90%。", date(2024, 9, 30)),
        ("网办率达到90%", "上半年，网办率达到90%。", date(2024, 6, 30)),
        ("网办率达到90%", "六月底前，网办率达到90%。", date(2024, 6, 30)),
        ("网办率达到90%", "推进改革。网办率达到90%。", date(2024, 12, 31)),
        ("网办率达到90%", "6月底前完成部署。网办率达到90%。", date(2024, 12, 31)),  # another sentence
    ],
)
def test_deadline_from_the_clause(clause, text, expected):
    assert deadline_of(clause, text, 2024) == expected


def test_indicator_names():
    assert indicator_name("年底前全市政务服务事项网办率", "", "x") == "政务服务事项网办率"
    assert indicator_name("", "实现95%以上税费服务事项全程网办", "x") == "税费服务事项全程网办"
    assert indicator_name("", "达到90%", "提升效能") == "提升效能"


def test_cli_onboard(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "ledger", "onboard", str(FIXTURES / "other_city_ledger.txt"), "--out",
         str(tmp_path / "wz"), "--counties", "利通区,红寺堡区,青铜峡市,盐池县,同心县", "--year", "2024"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "吴忠市 2024 年台账：4 项任务，9 个量化目标" in proc.stdout
    assert (tmp_path / "wz" / "indicators.csv").read_text(encoding="utf-8").startswith("id,task,name,value")
    again = subprocess.run(
        [sys.executable, "-m", "ledger", "onboard", str(FIXTURES / "other_city_ledger.txt"), "--out",
         str(tmp_path / "wz")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "未覆盖" in again.stderr and "Traceback" not in again.stderr
