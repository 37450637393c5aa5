"""The curated indicator file agrees one to one with the targets extracted from the shipped ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledger import indicators_frame, load_default, reconcile
from ledger.catalog import CatalogError, propose, read_catalog, write_catalog


@pytest.fixture(scope="module")
def bundle():
    return load_default()


def test_curated_file_matches_extraction(bundle):
    assert reconcile(bundle.ledger, bundle.indicators) == []
    assert [i.id for i in bundle.indicators] == [f"K{n:02d}" for n in range(1, 13)]
    assert len({i.name for i in bundle.indicators}) == 12


def test_curated_ops_match_extracted(bundle):
    extracted = [(task.id, t.value, t.unit, t.op, t.text) for task in bundle.ledger.tasks for t in task.targets]
    curated = [(i.task_id, i.target, i.unit, i.op, i.clause) for i in bundle.indicators]
    assert extracted == curated


def test_deadlines_and_directions(bundle):
    by_id = {i.id: i for i in bundle.indicators}
    assert all(i.deadline == date(2023, 12, 31) for i in bundle.indicators)  # 年底前 / default
    assert by_id["K04"].direction == "<=" and by_id["K04"].op == "≈"
    assert by_id["K07"].direction == "<=" and by_id["K07"].unit == "工作日"
    assert by_id["K11"].unit == "件/万人"


def test_reconcile_reports_both_ways(bundle, tmp_path: Path):
    path = tmp_path / "ind.csv"
    write_catalog(bundle.indicators[1:], path)  # drop K01
    fewer = read_catalog(path, 2023)
    problems = reconcile(bundle.ledger, fewer)
    assert [(p.task_id, p.kind) for p in problems] == [("1.1", "uncurated")]
    extra = [*bundle.indicators, propose(bundle.ledger)[0]]
    assert [(p.task_id, p.kind) for p in reconcile(bundle.ledger, extra)] == [("1.1", "unsupported")]


def test_bad_catalog(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("id,task,name,value,unit,direction\nK01,1.1,x,abc,%,>=\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="第 2 行"):
        read_catalog(path, 2023)


def test_indicators_frame(bundle):
    frame = indicators_frame(bundle.indicators, bundle.ledger)
    assert len(frame) == 12
    assert frame.loc[frame.indicator == "K07", "category"].item() == "强化关键领域改革"
    assert frame["baseline"].isna().all()
