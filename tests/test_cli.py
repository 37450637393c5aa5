"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_parse_json_shape():
    proc = run("parse", "data/ledger.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"title", "tasks"}
    assert len(data["tasks"]) == 16
    assert len({t["category"] for t in data["tasks"]}) == 3
    for task in data["tasks"]:
        assert set(task) == {"id", "category", "title", "text", "departments", "lead", "support", "counties",
                             "county_list", "group", "targets"}
        for target in task["targets"]:
            assert set(target) == {"value", "unit", "op", "text", "baseline"}
    assert sum(len(t["targets"]) for t in data["tasks"]) == 12
    first = data["tasks"][0]
    assert first["departments"][0] == "市审批局" and first["counties"] is True
    assert first["targets"][0] == {"value": 50, "unit": "%", "op": ">=", "text": "药店、餐饮店、便利店等高频事项覆盖率达50%",
                                   "baseline": None}
    assert isinstance(data["warnings"], list)


def test_parse_text_output():
    proc = run("parse", "data/ledger.txt")
    assert proc.returncode == 0
    assert "1.5 提供优质简便纳税服务" in proc.stdout


def test_parse_missing_file():
    proc = run("parse", "nope.txt")
    assert proc.returncode == 1
    assert "错误" in proc.stderr
