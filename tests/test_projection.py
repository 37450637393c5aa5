"""ledger.projection: Theil–Sen trend to the deadline, on hand-made series."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ledger import metrics
from ledger.projection import (
    MIN_POINTS,
    PROJECTED_MET,
    PROJECTED_UNMET,
    WINDOW,
    bounds,
    day_number,
    project,
    project_series,
    recent,
    theil_sen,
    trend_paths,
)

START = date(2023, 1, 1)
YEAR_END = date(2023, 12, 31)


def months(n: int, first: int = 1) -> list[str]:
    return [f"2023-{m:02d}" for m in range(first, first + n)]


def days(periods: list[str]) -> np.ndarray:
    return np.array([day_number(metrics.period_end(p), START) for p in periods], dtype=float)


def run(values, *, target=50.0, direction=">=", deadline=YEAR_END, as_of=None, unit="%", name="覆盖率",
        met=False, first=1):
    periods = months(len(values), first)
    return project_series(periods, list(values), target=target, direction=direction, deadline=deadline,
                          as_of=as_of or periods[-1], plan_start=START, unit=unit, name=name, met=met)


def test_day_axis() -> None:
    assert day_number(date(2023, 1, 1), START) == 1
    assert day_number(YEAR_END, START) == 365
    assert list(days(["2023-01", "2023-02", "2023-03"])) == [31, 59, 90]


def test_rising_series_exact_on_a_straight_line() -> None:
    # 5 + 0.1 per day, reported at each month end: the line through them reaches 41.5 on 31 December
    x = days(months(4))
    value, status = run(5 + 0.1 * x, target=40)
    assert value == pytest.approx(5 + 0.1 * 365, abs=1e-4)
    assert status == PROJECTED_MET


def test_rising_monthly_coverage_projects_above_target() -> None:
    value, status = run([20, 25, 30, 35])  # +5 a month → about 75 by December
    assert 70 < value < 80
    assert status == PROJECTED_MET


def test_behind_but_catching_up_versus_behind_and_flat() -> None:
    # both behind the straight 序时进度 (target 50 by December: 37.4 expected at September) ...
    catching_up = [2, 2, 3, 8, 14, 20, 26, 31, 36]  # a late start (launched in April), +6 a month since
    flat = [30, 31, 30, 31, 30, 31, 31, 30, 31]
    for series in (catching_up, flat):
        expected = metrics.expected_value(50, ">=", None, metrics.elapsed_fraction("2023-09", START, YEAR_END))
        assert series[-1] < expected
    # ... but only one of them is on course for the year-end target
    assert run(catching_up)[1] == PROJECTED_MET
    assert run(flat)[1] == PROJECTED_UNMET


def test_flat_series_stays_flat() -> None:
    value, status = run([30, 30, 30, 30, 30])
    assert value == pytest.approx(30)
    assert status == PROJECTED_UNMET


def test_falling_series_and_the_zero_floor() -> None:
    value, status = run([40, 38, 36, 34])
    assert value < 34
    assert status == PROJECTED_UNMET
    value, _ = run([30, 20, 10], unit="件/万人", target=7, name="每万人有效发明专利拥有量")
    assert value == 0.0  # counts cannot be negative


def test_share_in_percent_is_clipped_at_100_but_a_growth_rate_is_not() -> None:
    assert run([60, 80, 100], target=100)[0] == 100.0
    assert run([60, 80, 100], target=100, name="网上零售额同比增长")[0] > 100
    assert run([-5, -10, -15], target=5, name="投诉量同比下降")[0] < 0
    assert bounds("%", "覆盖率") == (0.0, 100.0)
    assert bounds("工作日") == (0.0, np.inf)
    assert bounds("%", "增长率") == (-np.inf, np.inf)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_too_few_points_give_no_projection(n: int) -> None:
    assert n < MIN_POINTS
    value, status = run([30, 35][:n] if n else [], as_of="2023-03")
    assert (value, status) == (None, None)


def test_le_target_days_falling_to_the_standard() -> None:
    value, status = run([18, 16, 14, 12], target=10, direction="<=", unit="工作日", name="办结时限")
    assert value < 10
    assert status == PROJECTED_MET
    assert run([18, 12, 6], target=10, direction="<=", unit="工作日")[0] == 0.0  # not negative days
    value, status = run([15, 15, 14, 15, 15], target=10, direction="<=", unit="工作日")
    assert value == pytest.approx(15)
    assert status == PROJECTED_UNMET


def test_noisy_series_with_a_mistyped_report() -> None:
    x = days(months(9))
    clean = 10 + 0.12 * x  # 13.7 … 41.0 over nine months; 53.8 on 31 December
    noisy = clean.copy()
    noisy[6] = clean[6] / 10  # 3.6 typed for 36 (a decimal point in the wrong place)
    value, status = run(noisy, target=50)
    truth = 10 + 0.12 * 365
    assert value == pytest.approx(truth, abs=1.0)
    assert status == PROJECTED_MET
    # least squares on the same (latest six) points misses by far more: the reason for Theil–Sen
    slope, intercept = np.polyfit(x[-WINDOW:], noisy[-WINDOW:], 1)
    assert abs(intercept + slope * 365 - truth) > 3
    assert (intercept + slope * 365) < 50  # it would even call the item 预计未达标


def test_a_series_that_went_flat_is_projected_from_its_latest_reports() -> None:
    days_ = [17, 15.5, 14, 12.5, 11, 10, 10, 10, 10]  # reached 10 working days in June, flat since
    value, status = run(days_, target=8, direction="<=", unit="工作日")
    assert 8 < value < 9  # the latest six reports: 8.7 (two of them still from the fall: a known limit)
    assert status == PROJECTED_UNMET
    # the whole year's line would have it at about 5 days in December, and call it met
    whole = theil_sen(days(months(9)), np.array([days_], dtype=float))[0]
    assert whole[1] + whole[0] * 365 < 6
    kept = recent(np.array([[1, np.nan, 2, 3, 4, 5, 6, 7, 8], [1, 2, np.nan, np.nan, np.nan, np.nan, 3, np.nan, 4]]))
    assert np.isnan(kept[0, :3]).all() and list(kept[0, 3:]) == [3, 4, 5, 6, 7, 8]  # the latest six reports
    assert np.array_equal(kept[1], [1, 2, np.nan, np.nan, np.nan, np.nan, 3, np.nan, 4], equal_nan=True)


def test_noisy_jitter_does_not_change_the_call() -> None:
    rng = np.random.default_rng(7)
    x = days(months(8))
    series = 10 + 0.12 * x + rng.normal(0, 1.5, size=len(x))
    value, status = run(series, target=50)
    assert value == pytest.approx(53.8, abs=4)
    assert status == PROJECTED_MET


def test_deadline_before_year_end_is_projected_to_its_own_date() -> None:
    june = date(2023, 6, 30)
    x = days(months(4))
    value, _ = run(2 + 0.2 * x, target=40, deadline=june)
    assert value == pytest.approx(2 + 0.2 * day_number(june, START), abs=1e-4)  # 38.2, not 75
    assert run(2 + 0.2 * x, target=40, deadline=june)[1] == PROJECTED_UNMET
    # once the deadline has passed there is nothing left to project (the status is 达标 or 逾期)
    assert run(2 + 0.2 * days(months(7)), target=40, deadline=june) == (None, None)


def test_met_item_is_projected_met_and_held_at_the_reached_figure() -> None:
    # reached 52 ≥ 50, then the reports fall: the reached figure holds, the item stays 预计达标
    value, status = run([60, 56, 52], target=50, met=True)
    assert (value, status) == (52.0, PROJECTED_MET)
    # rising after it was met: the line's value
    value, status = run([50, 55, 60], target=50, met=True)
    assert value > 60 and status == PROJECTED_MET
    # met with a single report: no trend, but reached is reached
    assert run([55], target=50, met=True) == (55.0, PROJECTED_MET)
    # a <= item met: never worse than the reached figure either
    assert run([8, 9, 9.5], target=10, direction="<=", unit="工作日", met=True) == (9.5, PROJECTED_MET)


def test_projection_exactly_at_target_is_met_as_metrics_counts_it() -> None:
    x = days(months(3))
    slope = (50 - 14) / (365 - 31)
    series = 14 + slope * (x - 31)  # reaches 50 exactly on 31 December
    value, status = run(series, target=50)
    assert value == pytest.approx(50, abs=1e-4)
    assert status == PROJECTED_MET
    assert metrics.is_met(value, 50, ">=")


def test_theil_sen_many_series_at_once_and_missing_months() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([[1, 2, 3, 4], [2, np.nan, 6, 8], [5, 5, 5, np.nan], [1, np.nan, np.nan, np.nan]], dtype=float)
    fit = theil_sen(x, y)
    assert fit[0, :2] == pytest.approx([1, 0])
    assert fit[1, :2] == pytest.approx([2, 0])
    assert fit[2, :2] == pytest.approx([0, 5])
    assert np.isnan(fit[3, 0]) and fit[3, 2] == 1
    assert list(fit[:, 2]) == [4, 3, 3, 1]


def _status_frame(rows: list[dict]) -> pd.DataFrame:
    base = {"target": 50.0, "direction": ">=", "deadline": YEAR_END, "unit": "%", "name": "覆盖率",
            "status": "滞后", "actual": np.nan}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_project_frame_uses_this_years_reports_up_to_the_period() -> None:
    progress = pd.DataFrame(
        [("2022-12", "K01", "A", "全市", 0.0)]  # last year's report: ignored
        + [(p, "K01", "A", "全市", v) for p, v in zip(months(6), [10, 15, 20, 25, 30, 35], strict=True)]
        + [(p, "K01", "B", "全市", v) for p, v in zip(months(2), [10, 15], strict=True)]
        + [(p, "K07", "A", "惠农区", v) for p, v in zip(months(3), [18, 15, 12], strict=True)],
        columns=["period", "indicator", "department", "county", "actual"],
    )
    status = _status_frame(
        [
            {"indicator": "K01", "department": "A", "county": "全市", "actual": 25},
            {"indicator": "K01", "department": "B", "county": "全市", "actual": 15},
            {"indicator": "K07", "department": "A", "county": "惠农区", "target": 10, "direction": "<=",
             "unit": "工作日", "actual": 12},
            {"indicator": "K09", "department": "A", "county": "全市", "status": "无数据"},
        ]
    )
    status.index = [10, 11, 12, 13]  # the result follows the caller's index
    before = (status.copy(), progress.copy())
    out = project(status, progress, "2023-04", START)
    assert list(out.index) == [10, 11, 12, 13]
    assert list(out.columns) == ["indicator", "department", "county", "projected", "projected_status", "points"]
    assert list(out["points"]) == [4, 2, 3, 0]  # months after 2023-04 and 2022 are not used
    assert out.loc[10, "projected_status"] == PROJECTED_MET
    assert out.loc[11, "projected_status"] is None and np.isnan(out.loc[11, "projected"])
    assert out.loc[12, "projected"] == 0.0 and out.loc[12, "projected_status"] == PROJECTED_MET
    assert out.loc[13, "projected_status"] is None
    pd.testing.assert_frame_equal(status, before[0])
    pd.testing.assert_frame_equal(progress, before[1])
    assert project(status, progress, None, START)["projected_status"].isna().all()
    assert project(status.iloc[0:0], progress, "2023-04", START).empty


def test_trend_paths_run_from_the_last_report_to_the_deadline_month() -> None:
    history = pd.DataFrame(
        [(p, "大武口区", "A", v) for p, v in zip(months(9), range(10, 55, 5), strict=True)]
        + [(p, "大武口区", "B", v + 2) for p, v in zip(months(9), range(10, 55, 5), strict=True)]
        + [(p, "惠农区", "A", v) for p, v in zip(months(2), [5, 6], strict=True)],
        columns=["period", "county", "department", "actual"],
    )
    ind = pd.Series({"target": 50.0, "direction": ">=", "deadline": YEAR_END, "unit": "%", "name": "覆盖率"})
    paths = trend_paths(history, ind, "2023-09", START)
    assert set(paths["county"]) == {"大武口区"}  # 惠农区 has two reports only
    assert list(paths["period"]) == ["2023-09", "2023-10", "2023-11", "2023-12"]
    assert paths["projected"].iloc[0] == pytest.approx(51)  # the mean of the two departments' 50 and 52
    assert paths["projected"].iloc[-1] > 60
    assert trend_paths(history, pd.Series({**ind, "deadline": date(2023, 6, 30)}), "2023-09", START).empty
