"""Unit tests for ledger.metrics on small hand-checked frames (plan year 2023).

Elapsed fraction counts days inclusively: 2023-06 ends on 06-30, day 181 of 365, so
fraction = 181/365 ≈ 0.49589 and a 50 % target without baseline is expected at 50·181/365 ≈ 24.79.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from ledger import metrics as m
from ledger.metrics import BEHIND, CITY_WIDE, GE, LE, MET, NO_DATA, ON_TRACK, OVERDUE

PLAN_START = date(2023, 1, 1)
PLAN_END = date(2023, 12, 31)


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
def indicators() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["K01", "K02", "K03"],
            "name": ["企业开办时间", "网上办理率", "市场主体数量"],
            "task": ["1.1", "1.2", "2.1"],
            "target": [2.0, 50.0, 5000.0],
            "unit": ["工作日", "%", "户"],
            "direction": [LE, GE, GE],
            # K03 is due mid-year and given as a Timestamp (both kinds must work).
            "deadline": [date(2023, 12, 31), date(2023, 12, 31), pd.Timestamp("2023-06-30")],
            "baseline": [np.nan, np.nan, 3000.0],
            "category": ["一、准入准营", "一、准入准营", "二、全生命周期"],
        }
    )


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2023-03", "2023-06", "2023-06", "2023-06", "2023-06", "2023-09"],
            "indicator": ["K01", "K01", "K02", "K02", "K03", "K02"],
            "department": ["市审批局", "市审批局", "市审批局", "市审批局", "市市场监管局", "市审批局"],
            "county": [CITY_WIDE, CITY_WIDE, CITY_WIDE, "大武口区", CITY_WIDE, CITY_WIDE],
            "actual": [3.0, 0.0, 30.0, 20.0, 4000.0, 55.0],
            "note": ["", "", "", "", "", "later, ignored as of 2023-06"],
        }
    )


@pytest.fixture
def keys(progress: pd.DataFrame) -> pd.DataFrame:
    """Every assigned combination: those reported plus K02/市审批局/惠农区, never reported."""
    extra = pd.DataFrame({"indicator": ["K02"], "department": ["市审批局"], "county": ["惠农区"]})
    return pd.concat([progress[["indicator", "department", "county"]], extra]).drop_duplicates()


def _row(frame: pd.DataFrame, indicator: str, county: str) -> pd.Series:
    sel = frame[(frame["indicator"] == indicator) & (frame["county"] == county)]
    assert len(sel) == 1
    return sel.iloc[0]


# --- attainment, met, score -----------------------------------------------------------------

def test_attainment_ge_and_le() -> None:
    assert m.attainment(45, 50, GE) == pytest.approx(0.9)  # 45/50
    assert m.attainment(60, 50, GE) == pytest.approx(1.2)  # uncapped
    assert m.attainment(4, 5, LE) == pytest.approx(1.25)  # 5 days target, 4 taken: 5/4
    assert m.attainment(10, 5, LE) == pytest.approx(0.5)  # 5/10


def test_zero_days_for_le_target_is_met() -> None:
    assert m.attainment(0, 3, LE) == 1.0
    assert m.is_met(0, 3, LE)
    assert m.annual_score(0, 3, LE) == 100.0
    assert m.status(0, 3, LE, None, "2023-03", PLAN_START, PLAN_END) == MET


def test_zero_target_ge() -> None:
    assert m.attainment(3, 0, GE) == 1.0
    assert m.attainment(0, 0, GE) == 1.0
    assert m.attainment(-1, 0, GE) == 0.0


def test_missing_actual_is_nan_and_not_met() -> None:
    for missing in (np.nan, None, pd.NA):
        assert math.isnan(m.attainment(missing, 50, GE))
        assert math.isnan(m.annual_score(missing, 50, GE, 30))
        assert not m.is_met(missing, 50, GE)
        assert m.status(missing, 50, GE, None, "2023-06", PLAN_START, PLAN_END) == NO_DATA


def test_is_met_boundaries_and_float_noise() -> None:
    assert m.is_met(50, 50, GE) and m.is_met(5, 5, LE)
    assert not m.is_met(49.9, 50, GE) and not m.is_met(5.1, 5, LE)
    assert m.is_met(0.52 * 100, 52, GE)  # 52.00000000000001 vs 52: either way, met


def test_score_with_baseline_distance_to_frontier() -> None:
    # >=: baseline 30, target 50, actual 40 → (40-30)/(50-30) = 0.5 → 50
    assert m.annual_score(40, 50, GE, 30) == pytest.approx(50.0)
    # <=: baseline 10 days, target 5, actual 8 → (8-10)/(5-10) = 0.4 → 40
    assert m.annual_score(8, 5, LE, 10) == pytest.approx(40.0)
    # worse than baseline → clipped to 0; beyond target → clipped to 100
    assert m.annual_score(25, 50, GE, 30) == 0.0
    assert m.annual_score(3, 5, LE, 10) == 100.0


def test_score_without_baseline_is_capped_attainment() -> None:
    assert m.annual_score(40, 50, GE) == pytest.approx(80.0)  # 40/50
    assert m.annual_score(60, 50, GE) == 100.0  # 1.2 capped at 1
    assert m.annual_score(8, 4, LE) == pytest.approx(50.0)  # 4/8
    # baseline equal to target: distance undefined → capped attainment 40/50
    assert m.annual_score(40, 50, GE, 50) == pytest.approx(80.0)
    # baseline already beyond the target and target met → 100, not a negative distance
    assert m.annual_score(96, 90, GE, 95) == 100.0


def test_bad_direction_raises() -> None:
    with pytest.raises(ValueError):
        m.attainment(1, 2, "≈")


# --- schedule -------------------------------------------------------------------------------

def test_period_end_and_elapsed_fraction() -> None:
    assert m.period_end("2023-06") == date(2023, 6, 30)
    assert m.period_end("2024-02") == date(2024, 2, 29)
    assert m.elapsed_fraction("2023-06", PLAN_START, PLAN_END) == pytest.approx(181 / 365)
    assert m.elapsed_fraction("2023-12", PLAN_START, PLAN_END) == 1.0
    assert m.elapsed_fraction("2022-12", PLAN_START, PLAN_END) == 0.0  # before the plan
    assert m.elapsed_fraction("2024-03", PLAN_START, PLAN_END) == 1.0  # after the deadline
    assert m.elapsed_fraction("2023-06", PLAN_START, pd.Timestamp("2023-06-30")) == 1.0


def test_expected_value() -> None:
    f = 181 / 365
    assert m.expected_value(50, GE, None, f) == pytest.approx(24.7945, abs=1e-4)  # 50·181/365
    assert m.expected_value(5000, GE, 3000, 0.5) == pytest.approx(4000.0)  # 3000 + 2000·0.5
    assert m.expected_value(5, LE, 10, 0.5) == pytest.approx(7.5)  # 10 + (5-10)·0.5
    assert m.expected_value(5, LE, None, 0.1) == 5.0  # service standard: the target all year


def test_status_on_track_vs_behind_mid_year() -> None:
    # 50 % target, no baseline, as of 2023-06: expected ≈ 24.79
    assert m.status(30, 50, GE, None, "2023-06", PLAN_START, PLAN_END) == ON_TRACK
    assert m.status(20, 50, GE, None, "2023-06", PLAN_START, PLAN_END) == BEHIND
    assert m.status(50, 50, GE, None, "2023-06", PLAN_START, PLAN_END) == MET
    # <= without baseline: the standard applies now, 6 days against 5 is behind, 5 is met
    assert m.status(6, 5, LE, None, "2023-03", PLAN_START, PLAN_END) == BEHIND
    assert m.status(5, 5, LE, None, "2023-03", PLAN_START, PLAN_END) == MET
    # <= with baseline 10: expected at 181/365 is 10 - 5·0.4959 ≈ 7.52; 7 on track, 8 behind
    assert m.status(7, 5, LE, 10, "2023-06", PLAN_START, PLAN_END) == ON_TRACK
    assert m.status(8, 5, LE, 10, "2023-06", PLAN_START, PLAN_END) == BEHIND


def test_status_overdue_only_after_deadline() -> None:
    due = date(2023, 6, 30)
    # in the deadline's own month the deadline has not passed: 45 < 50 expected 50 → 滞后
    assert m.status(45, 50, GE, None, "2023-06", PLAN_START, due) == BEHIND
    assert m.status(45, 50, GE, None, "2023-07", PLAN_START, due) == OVERDUE
    assert m.status(50, 50, GE, None, "2023-07", PLAN_START, due) == MET  # met late is still met
    assert m.status(45, 50, GE, None, "2024-01", PLAN_START, PLAN_END) == OVERDUE


# --- latest_as_of ---------------------------------------------------------------------------

def test_latest_as_of_picks_latest_not_after(progress: pd.DataFrame) -> None:
    latest = m.latest_as_of(progress, "2023-07")
    k02 = latest[(latest["indicator"] == "K02") & (latest["county"] == CITY_WIDE)].iloc[0]
    assert (k02["period"], k02["actual"]) == ("2023-06", 30.0)  # 2023-09 is later than 2023-07
    k01 = latest[latest["indicator"] == "K01"].iloc[0]
    assert (k01["period"], k01["actual"]) == ("2023-06", 0.0)  # 2023-06 beats 2023-03
    assert len(latest) == 4  # one per (indicator, department, county)


def test_latest_as_of_none_means_latest_and_early_cut(progress: pd.DataFrame) -> None:
    latest = m.latest_as_of(progress, None)
    k02 = latest[(latest["indicator"] == "K02") & (latest["county"] == CITY_WIDE)].iloc[0]
    assert (k02["period"], k02["actual"]) == ("2023-09", 55.0)
    early = m.latest_as_of(progress, "2023-03")
    assert early[["indicator", "period", "actual"]].values.tolist() == [["K01", "2023-03", 3.0]]
    assert m.latest_as_of(progress, "2022-12").empty


# --- indicator_status -----------------------------------------------------------------------

def test_indicator_status_as_of_mid_year(indicators, progress, keys) -> None:
    st = m.indicator_status(indicators, progress, "2023-06", PLAN_START, keys)
    assert list(st.columns) == [*m.INDICATOR_STATUS_COLUMNS, "category"]
    assert len(st) == 5
    k01 = _row(st, "K01", CITY_WIDE)  # 0 days against ≤2 → met, score 100
    assert (k01["status"], k01["score"], k01["period"]) == (MET, 100.0, "2023-06")
    k02 = _row(st, "K02", CITY_WIDE)  # 30 vs expected 24.79 → 正常: score 100, annual 30/50 = 60
    assert k02["status"] == ON_TRACK
    assert k02["expected"] == pytest.approx(50 * 181 / 365)
    assert k02["score"] == 100.0 and k02["attainment"] == pytest.approx(0.6)
    assert k02["annual"] == pytest.approx(60.0)
    behind = _row(st, "K02", "大武口区")  # 20 < 24.79 → 滞后, score 20 / 24.79
    assert behind["status"] == BEHIND
    assert behind["score"] == pytest.approx(100 * 20 / (50 * 181 / 365))
    missing = _row(st, "K02", "惠农区")  # assigned but never reported
    assert missing["status"] == NO_DATA and pd.isna(missing["period"]) and pd.isna(missing["score"])
    k03 = _row(st, "K03", CITY_WIDE)  # baseline 3000 → 5000 due 06-30: expected 5000, actual 4000
    assert k03["expected"] == pytest.approx(5000.0)
    assert k03["score"] == pytest.approx(50.0)  # (4000-3000)/(5000-3000), expected = target
    assert k03["annual"] == pytest.approx(50.0)
    assert k03["status"] == BEHIND  # deadline month itself: not yet overdue
    assert k03["category"] == "二、全生命周期"
    assert not st["stale"].any()  # every figure is from 2023-06 itself


def test_score_agrees_with_status(indicators, progress, keys) -> None:
    """得分 is 100 exactly for 达标 and 正常 items, below 100 for 滞后 and 逾期, NaN for 无数据."""
    for as_of in ("2023-03", "2023-06", "2023-09"):
        st = m.indicator_status(indicators, progress, as_of, PLAN_START, keys)
        good = st["status"].isin([MET, ON_TRACK])
        assert (st.loc[good, "score"] == 100.0).all()
        assert (st.loc[st["status"].isin([BEHIND, OVERDUE]), "score"] < 100.0).all()
        assert st.loc[st["status"] == NO_DATA, "score"].isna().all()


def test_stale_figures_are_flagged(indicators, progress, keys) -> None:
    st = m.indicator_status(indicators, progress, "2023-09", PLAN_START, keys)
    stale = {(r.indicator, r.county): r.stale for r in st.itertuples()}
    # K01 and K03 were last reported in 2023-06, K02 全市 in 2023-09; never reported is not stale
    assert stale[("K01", CITY_WIDE)] and stale[("K03", CITY_WIDE)] and stale[("K02", "大武口区")]
    assert not stale[("K02", CITY_WIDE)] and not stale[("K02", "惠农区")]
    assert m.by_department(st).set_index("department").loc["市审批局", "n_stale"] == 2


def test_schedule_score_scalar() -> None:
    # 30 % of a 50 % target by June (expected 24.79) is on schedule: 100; 20 % scores 20/24.79
    assert m.schedule_score(30, 50, GE, None, "2023-06", PLAN_START, None) == 100.0
    assert m.schedule_score(20, 50, GE, None, "2023-06", PLAN_START, None) == pytest.approx(
        100 * 20 / (50 * 181 / 365))
    # a service standard (<= 3 days, no baseline) holds all year: 4 days scores 3/4
    assert m.schedule_score(4, 3, LE, None, "2023-03", PLAN_START, None) == pytest.approx(75.0)
    # <= with a baseline: from 10 days to 5 by December; by June expected 10 - 5·181/365 ≈ 7.52;
    # 8.76 days covers (10 - 8.76) / (10 - 7.52) of the way
    exp = 10 - 5 * 181 / 365
    assert m.schedule_score(8.76, 5, LE, 10, "2023-06", PLAN_START, None) == pytest.approx(
        100 * (10 - 8.76) / (10 - exp))
    assert m.schedule_score(7.0, 5, LE, 10, "2023-06", PLAN_START, None) == 100.0
    assert math.isnan(m.schedule_score(None, 5, LE, 10, "2023-06", PLAN_START, None))


def test_indicator_status_overdue_and_later_report(indicators, progress, keys) -> None:
    st = m.indicator_status(indicators, progress, "2023-09", PLAN_START, keys)
    assert _row(st, "K03", CITY_WIDE)["status"] == OVERDUE  # 4000 < 5000 after 06-30
    k02 = _row(st, "K02", CITY_WIDE)  # 2023-09 report of 55 ≥ 50
    assert (k02["period"], k02["status"]) == ("2023-09", MET)


def test_indicator_status_defaults_and_no_progress(indicators, progress) -> None:
    # keys None → only reported combinations; as_of None → latest period (2023-09)
    st = m.indicator_status(indicators, progress, None, PLAN_START)
    assert len(st) == 4
    assert _row(st, "K02", CITY_WIDE)["actual"] == 55.0
    # no progress at all: every assigned key is 无数据
    keys = pd.DataFrame(
        {"indicator": ["K01", "K02"], "department": ["市审批局"] * 2, "county": [CITY_WIDE] * 2}
    )
    empty = progress.iloc[0:0]
    st = m.indicator_status(indicators, empty, None, PLAN_START, keys)
    assert st["status"].tolist() == [NO_DATA, NO_DATA]
    assert st["score"].isna().all()


def test_indicator_status_blank_actual_is_no_data(indicators) -> None:
    prog = pd.DataFrame(
        {"period": ["2023-06"], "indicator": ["K02"], "department": ["市审批局"], "county": [CITY_WIDE],
         "actual": [np.nan], "note": ["未填报"]}
    )
    st = m.indicator_status(indicators, prog, "2023-06", PLAN_START)
    assert st["status"].tolist() == [NO_DATA]
    assert st["period"].tolist() == ["2023-06"]


def test_indicator_status_agrees_with_scalar_functions(indicators, progress, keys) -> None:
    st = m.indicator_status(indicators, progress, "2023-06", PLAN_START, keys)
    for r in st.itertuples():
        assert r.status == m.status(r.actual, r.target, r.direction, r.baseline, "2023-06", PLAN_START,
                                    r.deadline)
        s = m.annual_score(r.actual, r.target, r.direction, r.baseline)
        assert (math.isnan(s) and math.isnan(r.annual)) or s == pytest.approx(r.annual)
        s = m.schedule_score(r.actual, r.target, r.direction, r.baseline, "2023-06", PLAN_START, r.deadline)
        assert (math.isnan(s) and math.isnan(r.score)) or s == pytest.approx(r.score)


# --- task_status ----------------------------------------------------------------------------

def _task_records() -> list[dict]:
    base = {"department": "市审批局", "county": CITY_WIDE, "completion": "", "percent": np.nan}
    return [
        {**base, "period": "2023-02", "task": "1.1", "status": "未启动"},
        {**base, "period": "2023-06", "task": "1.1", "status": "已完成"},
        {**base, "period": "2023-02", "task": "1.2", "status": "未启动"},
        {**base, "period": "2023-02", "task": "1.3", "status": "推进中", "percent": 40.0},
        {**base, "period": "2023-02", "task": "1.4", "status": "滞后", "percent": 10.0},
    ]


def test_task_status_mapping_and_grace_period() -> None:
    # as of 2023-02: elapsed 59/365 ≈ 0.16 < 0.25 → 未启动 is still 正常; 1.1's 2023-06 record is later
    st = m.task_status(_task_records(), "2023-02", PLAN_START, PLAN_END)
    assert dict(zip(st["task"], st["status"], strict=True)) == {
        "1.1": ON_TRACK, "1.2": ON_TRACK, "1.3": ON_TRACK, "1.4": BEHIND}
    assert st.set_index("task").loc["1.3", "score"] == 40.0
    # as of 2023-06: 181/365 ≥ 0.25 → 未启动 is 滞后; 1.1 now 已完成 → 达标 (score 100 without percent)
    st = m.task_status(pd.DataFrame(_task_records()), "2023-06", PLAN_START, PLAN_END)
    got = st.set_index("task")
    assert got.loc["1.1", "status"] == MET and got.loc["1.1", "score"] == 100.0
    assert got.loc["1.1", "state"] == "已完成" and got.loc["1.1", "period"] == "2023-06"
    assert got.loc["1.2", "status"] == BEHIND


def test_task_status_keys_and_overdue() -> None:
    keys = pd.DataFrame(
        {"task": ["1.1", "1.3", "2.1"], "department": ["市审批局"] * 3, "county": [CITY_WIDE] * 3}
    )
    st = m.task_status(_task_records(), "2024-01", PLAN_START, PLAN_END, keys=keys)
    # after plan end: 已完成 stays 达标, 推进中 is 逾期, unreported 2.1 is 无数据
    assert st["status"].tolist() == [MET, OVERDUE, NO_DATA]
    assert list(st.columns) == m.TASK_STATUS_COLUMNS


# --- roll-ups -------------------------------------------------------------------------------

def _items() -> pd.DataFrame:
    # dept  scores        mean   worst status
    # A     100, 50       75     滞后
    # B     80, 70, NaN   75     正常 (worst reported; the unreported item counts in n_no_data)
    # C     90            90     正常
    # D     NaN           NaN    无数据
    return pd.DataFrame(
        {
            "department": ["A", "A", "B", "B", "B", "C", "D"],
            "county": [CITY_WIDE, "惠农区", "惠农区", "平罗县", "平罗县", "大武口区", "平罗县"],
            "score": [100.0, 50.0, 80.0, 70.0, np.nan, 90.0, np.nan],
            "status": [MET, BEHIND, ON_TRACK, ON_TRACK, NO_DATA, ON_TRACK, NO_DATA],
        }
    )


def test_rollup_worst_status_and_ranking_with_ties() -> None:
    r = m.by_department(_items())
    assert r["department"].tolist() == ["C", "A", "B", "D"]
    assert r["rank"].tolist() == [1, 2, 2, 4]  # A and B tie at 75; NaN last
    assert r["score"].tolist()[:3] == pytest.approx([90.0, 75.0, 75.0]) and math.isnan(r["score"].iloc[3])
    assert r["status"].tolist() == [ON_TRACK, BEHIND, ON_TRACK, NO_DATA]
    b = r.set_index("department").loc["B"]
    assert (b["n"], b["n_on_track"], b["n_no_data"], b["n_met"], b["n_behind"], b["n_overdue"]) == (
        3, 2, 1, 0, 0, 0)
    assert list(r.columns) == ["department", "score", "annual", "n", "n_met", "n_on_track", "n_behind",
                               "n_overdue", "n_no_data", "n_stale", "n_late", "status", "rank"]
    assert r.set_index("department").loc["A", "n_late"] == 1


def test_rollup_overdue_is_worst_and_scores_capped() -> None:
    items = pd.DataFrame({"g": ["x", "x", "x"], "score": [150.0, 50.0, np.nan],
                          "status": [MET, OVERDUE, BEHIND]})
    r = m.rollup(items, ["g"])
    assert r["status"].iloc[0] == OVERDUE
    assert r["score"].iloc[0] == pytest.approx(75.0)  # (min(150,100) + 50) / 2


def test_by_county_leaves_out_city_wide_by_default() -> None:
    r = m.by_county(_items())
    assert CITY_WIDE not in r["county"].tolist()
    # 惠农区: 50, 80 → 65; 平罗县: 70, NaN, NaN → 70; 大武口区: 90
    assert r["county"].tolist() == ["大武口区", "平罗县", "惠农区"]
    assert CITY_WIDE in m.by_county(_items(), include_city_wide=True)["county"].tolist()


def test_by_category_from_indicator_status(indicators, progress, keys) -> None:
    st = m.indicator_status(indicators, progress, "2023-06", PLAN_START, keys)
    r = m.by_category(st).set_index("category")
    # 一、准入准营: K01 100; K02 100 (on track), 80.66 (20 of 24.79), NaN → 90.33; the category is the
    # mean of its indicators: (100 + 90.33) / 2, worst 滞后; 二、: K03 50, 滞后
    k02 = (100 + 100 * 20 / (50 * 181 / 365)) / 2
    assert r.loc["一、准入准营", "score"] == pytest.approx((100 + k02) / 2)
    assert r.loc["一、准入准营", "status"] == BEHIND and r.loc["一、准入准营", "rank"] == 1
    assert r.loc["二、全生命周期", "rank"] == 2
    with pytest.raises(ValueError):
        m.by_category(st.drop(columns="category"))


def test_status_counts_includes_zeros() -> None:
    counts = m.status_counts(_items())
    assert counts == {MET: 1, ON_TRACK: 3, BEHIND: 1, OVERDUE: 0, NO_DATA: 2}
    assert m.status_counts(_items().iloc[0:0]) == dict.fromkeys(m.STATUSES, 0)


def test_overall_score_and_change(indicators, progress, keys) -> None:
    assert m.overall_score(_items()) == pytest.approx((100 + 50 + 80 + 70 + 90) / 5)
    assert math.isnan(m.overall_score(_items().iloc[0:0]))
    # 2023-06: category 一 (K01 100, K02 90.33) → 95.17, category 二 (K03 50) → overall 72.58
    # 2023-03: only K01 reported (3 days vs a standard of 2 → 2/3) → 66.67
    k02 = (100 + 100 * 20 / (50 * 181 / 365)) / 2
    want = ((100 + k02) / 2 + 50) / 2
    now = m.overall_score(m.indicator_status(indicators, progress, "2023-06", PLAN_START, keys))
    assert now == pytest.approx(want)
    change = m.score_change(indicators, progress, "2023-06", "2023-03", PLAN_START, keys)
    assert change == pytest.approx(want - 200 / 3)
    assert m.score_change(indicators, progress, "2023-06", None, PLAN_START, keys) is None


def test_many_reporters_do_not_outweigh_one() -> None:
    """Indicator X has 28 items (7 departments × 4 areas) all at 100, indicator Y one item at 20:
    each indicator counts once, so the overall is 60, not (28·100 + 20) / 29 ≈ 97."""
    items = pd.DataFrame(
        {
            "indicator": ["X"] * 28 + ["Y"],
            "department": [f"D{i % 7}" for i in range(28)] + ["D0"],
            "category": "c",
            "score": [100.0] * 28 + [20.0],
            "status": [ON_TRACK] * 28 + [BEHIND],
        }
    )
    assert m.overall_score(items) == pytest.approx(60.0)
    assert m.overall(items)["n"] == 29 and m.overall(items)["n_behind"] == 1
    # optional weights: Y weighs 3 → (100 + 3·20) / 4 = 40; categories weigh by category_weight
    assert m.overall_score(items.assign(weight=np.where(items["indicator"] == "Y", 3.0, 1.0))) == 40.0
    two = pd.concat([items, items.assign(category="d", score=50.0)], ignore_index=True)
    assert m.overall_score(two) == pytest.approx((60 + 50) / 2)
    weighted = two.assign(category_weight=np.where(two["category"] == "d", 3.0, np.nan))  # missing = 1
    assert m.overall_score(weighted) == pytest.approx((60 + 3 * 50) / 4)
    # weight 0 leaves an indicator out; a missing weight is 1
    assert m.overall_score(items.assign(weight=np.where(items["indicator"] == "Y", 0.0, np.nan))) == 100.0


def test_default_period_skips_a_month_still_being_filled() -> None:
    cov = m.period_coverage({"2023-08": 170, "2023-09": 144, "2023-10": 8}, expected=172)
    assert cov["share"].tolist() == pytest.approx([170 / 172, 144 / 172, 8 / 172])
    assert m.default_period(cov) == "2023-09"  # 144/172 = 84 % ≥ 80 %; 8/172 is being filled
    assert m.default_period(cov, min_share=0.9) == "2023-08"
    assert m.default_period(m.period_coverage({"2023-01": 3}, expected=172)) == "2023-01"  # none complete
    assert m.default_period(m.period_coverage({}, expected=172)) is None
    assert m.period_coverage({"2023-01": 200}, expected=172)["share"].tolist() == [1.0]


def test_decimals_follow_the_indicator() -> None:
    assert m.decimals("%", 50) == 1 and m.decimals("工作日", 10) == 1
    assert m.decimals("件/万人", 7) == 2 and m.decimals("户", 5000) == 0
    assert m.decimals("%", 52.25) == 2  # never fewer than the target is written with


def test_previous_period() -> None:
    periods = ["2023-06", "2023-03", "2023-09", "2023-06"]
    assert m.previous_period(periods, "2023-09") == "2023-06"
    assert m.previous_period(periods, "2023-07") == "2023-06"
    assert m.previous_period(periods, "2023-03") is None
    assert m.previous_period([], "2023-03") is None


# --- purity ---------------------------------------------------------------------------------

def test_inputs_are_not_mutated(indicators, progress, keys) -> None:
    frames = {"indicators": indicators, "progress": progress, "keys": keys}
    tasks = pd.DataFrame(_task_records())
    before = {k: v.copy(deep=True) for k, v in {**frames, "tasks": tasks}.items()}
    st = m.indicator_status(indicators, progress, "2023-06", PLAN_START, keys)
    st_copy = st.copy(deep=True)
    m.latest_as_of(progress, "2023-06")
    m.score_change(indicators, progress, "2023-09", "2023-06", PLAN_START, keys)
    m.task_status(tasks, "2023-06", PLAN_START, PLAN_END)
    m.by_department(st)
    m.by_county(st)
    m.by_category(st)
    m.status_counts(st)
    m.overall_score(st)
    for k, v in {**frames, "tasks": tasks}.items():
        pd.testing.assert_frame_equal(v, before[k])
    pd.testing.assert_frame_equal(st, st_copy)
