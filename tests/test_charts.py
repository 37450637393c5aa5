"""ledger.charts: real plotly figures built from real ledger.metrics frames (plan year 2023).

The frames are made by calling :func:`ledger.metrics.indicator_status` / :func:`ledger.metrics.rollup`
on small catalogs and progress records, so the charts are tested against the metrics contract
rather than against columns typed by hand.

As of 2023-06 the elapsed fraction is 181/365, so a 50 % target without baseline is expected at
50·181/365 ≈ 24.79; a ≤ 3 working-day target without baseline is expected at 3 all year.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ledger import charts, metrics
from ledger.charts import FONT_FAMILY, STATUS_COLORS
from ledger.model import BEHIND, CITY_WIDE, GE, LE, MET, NO_DATA, ON_TRACK, OVERDUE, STATUSES

PLAN_START = date(2023, 1, 1)
AS_OF = "2023-06"
COUNTIES = [CITY_WIDE, "大武口区", "惠农区", "平罗县"]  # CityConfig.areas order
#: indicator_status sorts by county text, so without ``order=`` charts show this order (全市 first).
SORTED_COUNTIES = [CITY_WIDE, "大武口区", "平罗县", "惠农区"]


# --- frames from ledger.metrics ---------------------------------------------------------------

@pytest.fixture
def catalog() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["K01", "K02", "K03"],
            "name": ["网上办理率", "企业开办时间", "新增市场主体"],
            "task": ["1.1", "1.2", "2.1"],
            "target": [50.0, 3.0, 100.0],
            "unit": ["%", "工作日", "户"],
            "direction": [GE, LE, GE],
            "deadline": [date(2023, 12, 31)] * 3,
            "baseline": [np.nan, np.nan, np.nan],
            "category": ["一、准入准营", "一、准入准营", "二、全生命周期"],
        }
    )


@pytest.fixture
def progress() -> pd.DataFrame:
    rows = [
        # K01 (>= 50 %): 全市 60 met, 大武口区 30 on track, 惠农区 20 behind, 平罗县 blank → 无数据
        ("K01", "市审批局", CITY_WIDE, 60.0),
        ("K01", "市审批局", "大武口区", 30.0),
        ("K01", "市审批局", "惠农区", 20.0),
        ("K01", "市审批局", "平罗县", np.nan),
        # K02 (<= 3 days): 全市 2 met, 大武口区 5 behind, 惠农区 3 met
        ("K02", "市审批局", CITY_WIDE, 2.0),
        ("K02", "市审批局", "大武口区", 5.0),
        ("K02", "市审批局", "惠农区", 3.0),
        # K03 (>= 100 户): 全市 180 (attainment 1.8, over the colour cap), two departments in 惠农区
        ("K03", "市市场监管局", CITY_WIDE, 180.0),
        ("K03", "市市场监管局", "惠农区", 40.0),
        ("K03", "市税务局", "惠农区", 60.0),
    ]
    return pd.DataFrame(
        [{"period": AS_OF, "indicator": i, "department": d, "county": c, "actual": a, "note": ""}
         for i, d, c, a in rows]
    )


@pytest.fixture
def status_rows(catalog: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    return metrics.indicator_status(catalog, progress, AS_OF, PLAN_START)


def _one(status_rows: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return status_rows[status_rows["indicator"] == indicator]


def _bars(fig: go.Figure) -> list:
    return [tr for tr in fig.data if tr.type == "bar"]


def _trace(fig: go.Figure, name: str):
    found = [tr for tr in fig.data if tr.name == name]
    assert len(found) == 1, [tr.name for tr in fig.data]
    return found[0]


def _bar_colour_by_label(fig: go.Figure) -> dict[str, str]:
    return {y: bar.marker.color for bar in _bars(fig) for y in bar.y}


def _all_figures(status_rows: pd.DataFrame, lang: str = "zh") -> list[go.Figure]:
    k01 = _one(status_rows, "K01")
    trend_in = k01[["period", "county", "actual"]]
    return [
        charts.bullet_chart(k01, "county", lang=lang),
        charts.trend_chart(trend_in, target=50.0, direction=GE, unit="%", name="网上办理率", lang=lang),
        charts.heatmap(status_rows, lang=lang),
        charts.ranking_chart(metrics.by_department(status_rows), "department", lang=lang),
        charts.category_chart(metrics.by_category(status_rows), lang=lang),
        charts.status_donut(metrics.status_counts(status_rows), lang=lang),
    ]


# --- bullet chart ------------------------------------------------------------------------------

def test_statuses_of_fixture_are_as_designed(status_rows: pd.DataFrame) -> None:
    k01 = _one(status_rows, "K01").set_index("county")["status"].to_dict()
    assert k01 == {CITY_WIDE: MET, "大武口区": ON_TRACK, "惠农区": BEHIND, "平罗县": NO_DATA}


def test_bullet_bar_colours_are_status_colours(status_rows: pd.DataFrame) -> None:
    rows = _one(status_rows, "K01")
    fig = charts.bullet_chart(rows, "county")
    colours = _bar_colour_by_label(fig)
    assert colours == {
        CITY_WIDE: STATUS_COLORS[MET], "大武口区": STATUS_COLORS[ON_TRACK], "惠农区": STATUS_COLORS[BEHIND]}
    # one bar trace per status, named by the status → the legend explains the colours
    assert {bar.name for bar in _bars(fig)} == {MET, ON_TRACK, BEHIND}
    values = {y: x for bar in _bars(fig) for y, x in zip(bar.y, bar.x, strict=True)}
    assert values == {CITY_WIDE: 60.0, "大武口区": 30.0, "惠农区": 20.0}


def test_bullet_target_and_expected_markers(status_rows: pd.DataFrame) -> None:
    rows = _one(status_rows, "K01")
    fig = charts.bullet_chart(rows, "county", order=COUNTIES)
    target = _trace(fig, "目标值")
    assert list(target.y) == COUNTIES
    assert list(target.x) == [50.0] * 4
    assert target.marker.symbol == "line-ns" and target.marker.color == "#000000"
    expected = _trace(fig, "序时进度")
    assert list(expected.y) == COUNTIES
    assert list(expected.x) == pytest.approx([50 * 181 / 365] * 4)
    assert list(expected.x) == pytest.approx(rows["expected"].tolist())
    assert "diamond" in expected.marker.symbol


def test_bullet_missing_actual_is_an_empty_slot_labelled_no_data(status_rows: pd.DataFrame) -> None:
    fig = charts.bullet_chart(_one(status_rows, "K01"), "county")
    assert all("平罗县" not in bar.y for bar in _bars(fig))  # no zero bar
    labels = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text"]
    assert len(labels) == 1
    assert list(labels[0].y) == ["平罗县"] and list(labels[0].text) == ["无数据"]
    assert labels[0].textfont.color == STATUS_COLORS[NO_DATA]
    # the slot keeps its place in the category order (全市 first, first on top)
    assert list(fig.layout.yaxis.categoryarray) == SORTED_COUNTIES
    assert fig.layout.yaxis.autorange == "reversed"
    ordered = charts.bullet_chart(_one(status_rows, "K01"), "county", order=["平罗县", "惠农区"])
    assert list(ordered.layout.yaxis.categoryarray) == ["平罗县", "惠农区", CITY_WIDE, "大武口区"]


def test_bullet_le_target_reverses_x_axis(status_rows: pd.DataFrame) -> None:
    le = charts.bullet_chart(_one(status_rows, "K02"), "county")
    assert le.layout.xaxis.autorange == "reversed"
    title = le.layout.xaxis.title.text
    assert "越少越好" in title and "工作日" in title
    assert _bar_colour_by_label(le) == {
        CITY_WIDE: STATUS_COLORS[MET], "大武口区": STATUS_COLORS[BEHIND], "惠农区": STATUS_COLORS[MET]}
    assert list(_trace(le, "目标值").x) == [3.0, 3.0, 3.0]
    ge = charts.bullet_chart(_one(status_rows, "K01"), "county")
    assert ge.layout.xaxis.autorange != "reversed"
    assert "越少越好" not in ge.layout.xaxis.title.text and "%" in ge.layout.xaxis.title.text
    en = charts.bullet_chart(_one(status_rows, "K02"), "county", lang="en")
    assert "lower is better" in en.layout.xaxis.title.text and "working days" in en.layout.xaxis.title.text


def test_bullet_averages_departments_within_a_group(status_rows: pd.DataFrame) -> None:
    rows = _one(status_rows, "K03")  # 惠农区: 40 and 60 from two departments
    fig = charts.bullet_chart(rows, "county")
    values = {y: x for bar in _bars(fig) for y, x in zip(bar.y, bar.x, strict=True)}
    assert values == {CITY_WIDE: 180.0, "惠农区": 50.0}
    by_dept = charts.bullet_chart(rows[rows["county"] == "惠农区"], "department")
    assert sorted(y for bar in _bars(by_dept) for y in bar.y) == ["市市场监管局", "市税务局"]


def test_bullet_takes_one_indicator_only(status_rows: pd.DataFrame) -> None:
    with pytest.raises(ValueError):
        charts.bullet_chart(status_rows, "county")


def test_bullet_in_english(status_rows: pd.DataFrame) -> None:
    fig = charts.bullet_chart(_one(status_rows, "K01"), "county", lang="en")
    assert {bar.name for bar in _bars(fig)} == {"Met", "On track", "Behind schedule"}
    assert _trace(fig, "Target") and _trace(fig, "Expected to date")
    assert "City-wide" in fig.layout.yaxis.categoryarray and "全市" not in fig.layout.yaxis.categoryarray
    assert [tr.text for tr in fig.data if tr.type == "scatter" and tr.mode == "text"] == [("No data",)]
    assert "actual vs target" in fig.layout.title.text


# --- trend chart ---------------------------------------------------------------------------------

def _series(periods: list[str], counties: list[str], departments: list[str]) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    parts = [
        pd.DataFrame({"period": periods, "indicator": "K01", "department": d, "county": c,
                      "actual": rng.uniform(0, 100, len(periods)).round(3)})
        for c in counties for d in departments
    ]
    return pd.concat(parts, ignore_index=True)


def test_trend_one_line_per_county_plus_target() -> None:
    periods = ["2023-01", "2023-02", "2023-03"]
    prog = _series(periods, COUNTIES, ["市审批局", "市公安局"])
    fig = charts.trend_chart(prog, target=50.0, direction=GE, unit="%", name="网上办理率")
    names = [tr.name for tr in fig.data]
    assert names == [*COUNTIES, "目标值"]  # appearance order, 全市 first
    shuffled = prog.sort_values("county", ascending=False)  # 全市 no longer first in the frame
    assert [tr.name for tr in charts.trend_chart(shuffled, target=50.0, direction=GE, unit="%", name="x",
                                                 order=COUNTIES).data] == [*COUNTIES, "目标值"]
    assert charts.trend_chart(shuffled, target=50.0, direction=GE, unit="%", name="x").data[0].name == CITY_WIDE
    target = _trace(fig, "目标值")
    assert list(target.y) == [50.0, 50.0] and list(target.x) == ["2023-01", "2023-03"]
    assert any("目标" in a.text and "50%" in a.text for a in fig.layout.annotations)
    # several departments are averaged per period and county
    city = _trace(fig, CITY_WIDE)
    want = prog[prog["county"] == CITY_WIDE].groupby("period")["actual"].mean()
    assert list(city.x) == periods
    assert list(city.y) == pytest.approx(want.tolist())
    assert list(fig.layout.xaxis.categoryarray) == periods


def test_trend_expected_line_and_english() -> None:
    periods = ["2023-01", "2023-02"]
    prog = _series(periods, [CITY_WIDE, "惠农区"], ["市审批局"])
    exp = pd.DataFrame({"period": periods, "expected": [4.2, 8.2]})
    fig = charts.trend_chart(prog, target=50.0, direction=GE, unit="%", name="网上办理率", expected=exp,
                             lang="en")
    assert [tr.name for tr in fig.data] == ["City-wide", "惠农区", "Expected to date", "Target"]
    assert list(_trace(fig, "Expected to date").y) == [4.2, 8.2]
    assert fig.layout.title.text == "网上办理率: trend"


def test_trend_figure_stays_small_for_long_series() -> None:
    periods = pd.period_range("2000-01", periods=300, freq="M").astype(str).tolist()
    prog = _series(periods, COUNTIES, ["市审批局", "市公安局"])
    exp = pd.DataFrame({"period": periods, "expected": np.linspace(0, 50, 300)})
    fig = charts.trend_chart(prog, target=50.0, direction=GE, unit="%", name="网上办理率", expected=exp)
    assert len(fig.data) == 6
    assert all(tr.customdata is None and tr.text is None for tr in fig.data)  # no per-point hover text
    assert len(fig.to_json()) < 50_000


# --- heat map ------------------------------------------------------------------------------------

def test_heatmap_caps_colour_not_text(status_rows: pd.DataFrame) -> None:
    assert list(charts.heatmap(status_rows).data[0].x) == SORTED_COUNTIES
    fig = charts.heatmap(status_rows, order=COUNTIES)
    hm = fig.data[0]
    assert list(hm.y) == ["网上办理率", "企业开办时间", "新增市场主体"]  # labelled by name
    assert list(hm.x) == COUNTIES
    z = np.array(hm.z, dtype=float)
    text = [list(r) for r in hm.text]
    # K03 全市: 180/100 = 1.8 → colour capped at 1.5, text uncapped
    assert z[2][0] == 1.5 and text[2][0] == "180%"
    # K03 惠农区: mean over departments (0.4 + 0.6) / 2
    assert z[2][2] == pytest.approx(0.5) and text[2][2] == "50%"
    # K01 大武口区 30/50 = 60 %; K02 大武口区 3/5 = 60 %
    assert text[0][1] == "60%" and text[1][1] == "60%"
    # 平罗县 reported nothing usable: blank cells with 无数据
    assert np.isnan(z[:, 3]).all() and [r[3] for r in text] == ["无数据"] * 3
    assert np.nanmax(z) <= 1.5
    assert (hm.zmin, hm.zmax) == (0.0, 1.5)
    # red → amber → green, turning green at 100 % (2/3 of the 0–150 % range)
    scale = [tuple(s) for s in hm.colorscale]
    assert scale[0][1] == STATUS_COLORS[OVERDUE] and scale[-1][1] == STATUS_COLORS[MET]
    assert any(abs(pos - 1 / 1.5) < 1e-9 for pos, _ in scale)
    assert STATUS_COLORS[BEHIND] in [c for _, c in scale]


def test_heatmap_english(status_rows: pd.DataFrame) -> None:
    hm = charts.heatmap(status_rows, lang="en", order=COUNTIES).data[0]
    assert hm.x[0] == "City-wide"
    assert [r[3] for r in hm.text] == ["No data"] * 3


# --- rankings ------------------------------------------------------------------------------------

def test_ranking_by_score_best_on_top_nan_last() -> None:
    items = pd.DataFrame(
        {
            "department": ["A", "A", "B", "C", "D"],
            "score": [100.0, 50.0, 90.0, 40.0, np.nan],
            "status": [MET, BEHIND, ON_TRACK, OVERDUE, NO_DATA],
        }
    )
    roll = metrics.by_department(items)  # A 75 滞后, B 90 正常, C 40 逾期, D NaN 无数据
    shuffled = roll.sample(frac=1.0, random_state=3)  # the chart sorts, whatever order it is given
    fig = charts.ranking_chart(shuffled, "department")
    assert list(fig.layout.yaxis.categoryarray) == ["B", "A", "C", "D"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert _bar_colour_by_label(fig) == {
        "B": STATUS_COLORS[ON_TRACK], "A": STATUS_COLORS[BEHIND], "C": STATUS_COLORS[OVERDUE]}
    texts = {y: s for bar in _bars(fig) for y, s in zip(bar.y, bar.text, strict=True)}
    assert texts == {"B": "90", "A": "75", "C": "40"}
    no_data = [tr for tr in fig.data if tr.type == "scatter" and tr.mode == "text"]
    assert len(no_data) == 1 and list(no_data[0].y) == ["D"] and list(no_data[0].text) == ["无数据"]
    assert "责任部门" in fig.layout.title.text
    assert list(fig.layout.xaxis.range) == [0, 110]


def test_ranking_counties_and_categories(status_rows: pd.DataFrame) -> None:
    roll = metrics.by_county(status_rows, include_city_wide=True)
    fig = charts.ranking_chart(roll, "county", lang="en")
    order = list(fig.layout.yaxis.categoryarray)
    scores = roll.set_index("county")["score"]
    want = [("City-wide" if c == CITY_WIDE else c) for c in scores.sort_values(ascending=False).index]
    assert order == want
    cat = charts.category_chart(metrics.by_category(status_rows))
    cats = metrics.by_category(status_rows)
    assert _bar_colour_by_label(cat) == {c: STATUS_COLORS[s] for c, s in zip(cats["category"], cats["status"],
                                                                               strict=True)}
    assert cat.layout.title.text == "各类别得分"


# --- status donut --------------------------------------------------------------------------------

def test_status_donut_order_colours_and_zeros(status_rows: pd.DataFrame) -> None:
    counts = {MET: 3, ON_TRACK: 1, BEHIND: 0, OVERDUE: 2, NO_DATA: 1}
    pie = charts.status_donut(counts).data[0]
    assert list(pie.labels) == ["达标", "正常", "逾期", "无数据"]  # fixed order, zero 滞后 left out
    assert list(pie.values) == [3, 1, 2, 1]
    assert list(pie.marker.colors) == [STATUS_COLORS[s] for s in (MET, ON_TRACK, OVERDUE, NO_DATA)]
    assert pie.hole and pie.hole > 0 and pie.sort is False
    en = charts.status_donut(metrics.status_counts(status_rows), lang="en").data[0]
    assert set(en.labels) <= {"Met", "On track", "Behind schedule", "Overdue", "No data"}


# --- every figure ----------------------------------------------------------------------------------

def test_colours_are_fixed_per_status() -> None:
    assert STATUS_COLORS == {MET: "#2e7d32", ON_TRACK: "#1565c0", BEHIND: "#f9a825", OVERDUE: "#c62828",
                             NO_DATA: "#9e9e9e"}
    assert list(STATUS_COLORS) == list(STATUSES)


def test_font_stack_and_big_mode(status_rows: pd.DataFrame) -> None:
    for fig in _all_figures(status_rows):
        assert "Noto Sans CJK SC" in fig.layout.font.family
        assert fig.layout.font.family == FONT_FAMILY
        assert fig.layout.font.size < 22
    big = charts.bullet_chart(_one(status_rows, "K01"), "county", big=True)
    assert big.layout.font.size >= 22 and big.layout.title.font.size >= 22
    assert big.layout.xaxis.tickfont.size >= 22 and big.layout.yaxis.tickfont.size >= 22
    assert charts.ranking_chart(metrics.by_county(status_rows), "county", big=True).layout.font.size >= 22


def test_english_figures_have_no_status_words_in_chinese(status_rows: pd.DataFrame) -> None:
    zh_statuses = set(STATUSES)
    for fig in _all_figures(status_rows, lang="en"):
        names = {tr.name for tr in fig.data if tr.name}
        assert not names & zh_statuses, names
        assert not names & {"目标值", "序时进度", "全市"}
        for tr in fig.data:
            if getattr(tr, "labels", None) is not None:
                assert not set(tr.labels) & zh_statuses


def test_inputs_are_not_mutated(status_rows: pd.DataFrame) -> None:
    dept = metrics.by_department(status_rows)
    cat = metrics.by_category(status_rows)
    counts = metrics.status_counts(status_rows)
    prog = status_rows[["period", "county", "actual"]]
    exp = pd.DataFrame({"period": [AS_OF], "expected": [24.8]})
    before = [f.copy(deep=True) for f in (status_rows, dept, cat, prog, exp)]
    counts_before = dict(counts)
    for lang in ("zh", "en"):
        charts.bullet_chart(_one(status_rows, "K02"), "county", lang=lang)
        charts.bullet_chart(_one(status_rows, "K03"), "department", lang=lang)
        charts.trend_chart(prog, target=50.0, direction=GE, unit="%", name="x", expected=exp, lang=lang)
        charts.heatmap(status_rows, lang=lang)
        charts.ranking_chart(dept, "department", lang=lang)
        charts.category_chart(cat, lang=lang)
        charts.status_donut(counts, lang=lang)
    for frame, copy in zip((status_rows, dept, cat, prog, exp), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
    assert counts == counts_before


def test_has_data(status_rows: pd.DataFrame, catalog: pd.DataFrame) -> None:
    assert charts.has_data(status_rows)
    assert not charts.has_data(status_rows.iloc[0:0])
    assert not charts.has_data(None)
    assert not charts.has_data(status_rows[status_rows["county"] == "平罗县"])  # blank actual only
    assert not charts.has_data(status_rows, col="no_such_column")
    assert charts.has_data(metrics.by_department(status_rows), col="score")
    # nothing imported yet: every assigned key is 无数据 and there is nothing to chart
    keys = status_rows[["indicator", "department", "county"]]
    empty = metrics.indicator_status(catalog, None, None, PLAN_START, keys)
    assert (empty["status"] == NO_DATA).all()
    assert not charts.has_data(empty)


def test_empty_inputs_give_empty_figures_not_errors(catalog: pd.DataFrame) -> None:
    """Pages show a sentence instead (see has_data), but a chart of nothing must not crash."""
    none = metrics.indicator_status(catalog, None, None, PLAN_START)  # no keys, no progress: 0 rows
    assert none.empty
    assert charts.bullet_chart(none, "county").data == ()
    assert charts.trend_chart(none[["period", "county", "actual"]], target=50.0, direction=GE, unit="%",
                              name="x").data == ()
    assert charts.ranking_chart(metrics.by_department(none), "department").data == ()
    assert charts.status_donut(metrics.status_counts(none)).data[0].values == ()
    charts.heatmap(none)
