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
    # one bar trace per status, named by the status with its mark → the legend explains the colours
    assert {bar.name for bar in _bars(fig)} == {"✓ 达标", "● 正常", "▼ 滞后"}
    hatched = {bar.name: bar.marker.pattern.shape for bar in _bars(fig)}
    assert hatched["▼ 滞后"] == "/" and not hatched["✓ 达标"]  # a cue besides the hue
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


def _notes(fig: go.Figure) -> dict[str, str]:
    """The value labels a bullet or ranking chart writes in its right margin, by bar label."""
    return {a.y: a.text for a in fig.layout.annotations if a.xref == "paper"}


def test_bullet_missing_actual_is_an_empty_slot_labelled_no_data(status_rows: pd.DataFrame) -> None:
    fig = charts.bullet_chart(_one(status_rows, "K01"), "county")
    assert all("平罗县" not in bar.y for bar in _bars(fig))  # no zero bar
    assert _notes(fig)["平罗县"] == "○ 无数据"
    note = next(a for a in fig.layout.annotations if a.y == "平罗县")
    assert note.font.color != STATUS_COLORS[MET]  # grey, not a status that was reported
    # the slot keeps its place in the category order (全市 first, first on top)
    assert list(fig.layout.yaxis.categoryarray) == SORTED_COUNTIES
    assert fig.layout.yaxis.autorange == "reversed"
    ordered = charts.bullet_chart(_one(status_rows, "K01"), "county", order=["平罗县", "惠农区"])
    assert list(ordered.layout.yaxis.categoryarray) == ["平罗县", "惠农区", CITY_WIDE, "大武口区"]


def test_bullet_le_target_shorter_bar_is_better(status_rows: pd.DataFrame) -> None:
    """Days (<=): bars start at 0 on the left like every other bar, so a shorter bar is better, and the
    axis says so; the values sit in the margin, never under the target tick or the 序时进度 diamond."""
    le = charts.bullet_chart(_one(status_rows, "K02"), "county")
    assert le.layout.xaxis.autorange != "reversed" and le.layout.xaxis.range[0] == 0
    assert le.layout.xaxis.range[1] == pytest.approx(5.0 * 1.08)  # the longest bar, not the whole chart
    title = le.layout.xaxis.title.text
    assert "越少越好" in title and "条越短越好" in title and "工作日" in title
    notes = _notes(le)
    assert notes == {CITY_WIDE: "✓ 2 工作日", "大武口区": "▼ 5 工作日", "惠农区": "✓ 3 工作日"}
    assert all(a.x == 1.0 and a.xanchor == "left" for a in le.layout.annotations if a.xref == "paper")
    assert _bar_colour_by_label(le) == {
        CITY_WIDE: STATUS_COLORS[MET], "大武口区": STATUS_COLORS[BEHIND], "惠农区": STATUS_COLORS[MET]}
    assert list(_trace(le, "目标值").x) == [3.0, 3.0, 3.0]
    ge = charts.bullet_chart(_one(status_rows, "K01"), "county")
    assert ge.layout.xaxis.autorange != "reversed"
    assert "越少越好" not in ge.layout.xaxis.title.text and "%" in ge.layout.xaxis.title.text
    en = charts.bullet_chart(_one(status_rows, "K02"), "county", lang="en")
    assert "lower is better" in en.layout.xaxis.title.text and "working days" in en.layout.xaxis.title.text


def test_bullet_values_have_the_indicators_precision(catalog: pd.DataFrame) -> None:
    prog = pd.DataFrame({"period": AS_OF, "indicator": "K01", "department": ["市审批局", "市公安局"],
                         "county": CITY_WIDE, "actual": [37.39726, 37.4], "note": ""})
    rows = metrics.indicator_status(catalog, prog, AS_OF, PLAN_START)
    fig = charts.bullet_chart(rows, "department")
    assert set(_notes(fig).values()) == {"● 37.4%"}  # mean of 37.39726 and 37.4 shown as 37.4
    assert "37.39726" not in fig.to_json()


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
    assert {bar.name for bar in _bars(fig)} == {"✓ Met", "● On track", "▼ Behind schedule"}
    assert _trace(fig, "Target") and _trace(fig, "Expected to date")
    assert "City-wide" in fig.layout.yaxis.categoryarray and "全市" not in fig.layout.yaxis.categoryarray
    assert _notes(fig)["平罗县"] == "○ No data"
    assert fig.layout.title.text == "网上办理率: by area"


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

def _cell_colours(fig: go.Figure) -> list[list[str | None]]:
    """The colour each heat-map cell is drawn in: its z through the (step) colour scale."""
    hm = fig.data[0]
    scale = [(pos, colour) for pos, colour in hm.colorscale]
    out = []
    for row in hm.z:
        line = []
        for z in row:
            if z is None or (isinstance(z, float) and np.isnan(z)):
                line.append(None)
                continue
            pos = (z - hm.zmin) / (hm.zmax - hm.zmin)
            line.append(next(c for p, c in reversed(scale) if p <= pos + 1e-9))
        out.append(line)
    return out


def test_heatmap_colours_are_the_cells_statuses(status_rows: pd.DataFrame) -> None:
    assert list(charts.heatmap(status_rows).data[0].x) == SORTED_COUNTIES
    fig = charts.heatmap(status_rows, order=COUNTIES)
    hm = fig.data[0]
    assert list(hm.y) == ["网上办理率", "企业开办时间", "新增市场主体"]  # labelled by name
    assert list(hm.x) == COUNTIES
    # each cell is the roll-up of its items (worst reported status), as metrics.rollup says
    cells = metrics.rollup(status_rows, ["name", "county"]).set_index(["name", "county"])["status"]
    colours = _cell_colours(fig)
    for i, name in enumerate(hm.y):
        for j, county in enumerate(COUNTIES):
            want = cells.get((name, county))
            assert colours[i][j] == (None if want is None else STATUS_COLORS[want]), (name, county)
    text = [list(r) for r in hm.text]
    # K01: 全市 met, 大武口区 30/50 on schedule (60 %, blue like 正常 everywhere), 惠农区 behind, 平罗县 blank
    assert text[0] == ["✓ 120%", "● 60%", "▼ 40%", "○ 无数据"]
    assert colours[0][1] == STATUS_COLORS[ON_TRACK]
    # K03 全市: 180/100, uncapped in the text; 惠农区: mean over departments (0.4 + 0.6) / 2, worst 滞后
    assert text[2][0] == "✓ 180%" and text[2][2] == "▼ 50%"
    # K02 平罗县 and K03 大武口区 are assigned to no one: blank, not 无数据
    assert text[1][3] == "" and colours[1][3] is None and text[2][1] == ""
    ticks = list(hm.colorbar.ticktext)
    assert ticks == ["✓ 达标", "● 正常", "▼ 滞后", "× 逾期", "○ 无数据"]  # the colour bar is the legend


def test_heatmap_english(status_rows: pd.DataFrame) -> None:
    hm = charts.heatmap(status_rows, lang="en", order=COUNTIES).data[0]
    assert hm.x[0] == "City-wide"
    assert hm.text[0][3] == "○ No data"


# --- rankings ------------------------------------------------------------------------------------

def test_ranking_by_score_best_on_top_nan_last() -> None:
    items = pd.DataFrame(
        {
            "department": ["A", "A", "B", "C", "D"],
            "score": [100.0, 50.0, 90.0, 40.0, np.nan],
            "status": [MET, BEHIND, ON_TRACK, OVERDUE, NO_DATA],
        }
    )
    roll = metrics.by_department(items)  # A 75 (达标 + 滞后), B 90 正常, C 40 逾期, D NaN 无数据
    shuffled = roll.sample(frac=1.0, random_state=3)  # the chart sorts, whatever order it is given
    fig = charts.ranking_chart(shuffled, "department")
    assert list(fig.layout.yaxis.categoryarray) == ["B", "A", "C", "D"]
    assert fig.layout.yaxis.autorange == "reversed"
    # one bar per status, each group's share of items in that status, in the status colour
    shares = {bar.name: dict(zip(bar.y, bar.x, strict=True)) for bar in _bars(fig)}
    assert shares["▼ 滞后"]["A"] == 50.0 and shares["✓ 达标"]["A"] == 50.0
    assert shares["● 正常"]["B"] == 100.0 and shares["× 逾期"]["C"] == 100.0 and shares["○ 无数据"]["D"] == 100.0
    assert {bar.marker.color for bar in _bars(fig)} == {STATUS_COLORS[s] for s in STATUSES}
    # late statuses first (from the axis), hatched
    assert [bar.name for bar in _bars(fig)][:2] == ["× 逾期", "▼ 滞后"]
    assert fig.layout.barmode == "stack" and list(fig.layout.xaxis.range) == [0, 100]
    assert _notes(fig) == {"B": "90 分 · 滞后 0/1", "A": "75 分 · 滞后 1/2", "C": "40 分 · 滞后 1/1",
                           "D": "无数据"}
    assert "责任部门" in fig.layout.title.text


def test_ranking_bars_use_more_than_one_colour_where_groups_differ(status_rows: pd.DataFrame) -> None:
    """The complaint: every bar was the orange of its worst item. Now a bar shows all its statuses."""
    fig = charts.ranking_chart(metrics.by_county(status_rows, include_city_wide=True), "county")
    by_label: dict[str, set[str]] = {}
    for bar in _bars(fig):
        for y, x in zip(bar.y, bar.x, strict=True):
            if x > 0:
                by_label.setdefault(y, set()).add(bar.marker.color)
    assert len(set().union(*by_label.values())) > 1
    assert by_label[CITY_WIDE] == {STATUS_COLORS[MET]}  # 全市: every item met


def test_ranking_counties_and_categories(status_rows: pd.DataFrame) -> None:
    roll = metrics.by_county(status_rows, include_city_wide=True)
    fig = charts.ranking_chart(roll, "county", lang="en")
    order = list(fig.layout.yaxis.categoryarray)
    want = [("City-wide" if c == CITY_WIDE else c) for c in roll["county"]]  # rollup order: by rank
    assert order == want
    notes = _notes(fig)
    assert notes["平罗县"] == "No data"  # its only figure is blank
    assert all(" · behind " in note for y, note in notes.items() if y != "平罗县")
    cats = metrics.by_category(status_rows)
    cat = charts.category_chart(cats)
    assert list(cat.layout.yaxis.categoryarray) == cats["category"].tolist()
    assert cat.layout.title.text == "各类别得分"


# --- every figure ----------------------------------------------------------------------------------

def test_colours_are_fixed_per_status() -> None:
    # Okabe–Ito: distinguishable with the common colour-vision deficiencies; a mark for each as well
    assert STATUS_COLORS == {MET: "#009E73", ON_TRACK: "#0072B2", BEHIND: "#E69F00", OVERDUE: "#D55E00",
                             NO_DATA: "#999999"}
    assert list(STATUS_COLORS) == list(STATUSES)
    assert len(set(charts.STATUS_MARKS.values())) == 5


def test_streamlit_named_colours_are_the_status_colours() -> None:
    """:green[…] labels and tiles use the same hues as the figures (.streamlit/config.toml)."""
    import tomllib

    from tests.conftest import ROOT

    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    named = {MET: "greenColor", ON_TRACK: "blueColor", BEHIND: "orangeColor", OVERDUE: "redColor",
             NO_DATA: "grayColor"}
    assert {s: theme[k] for s, k in named.items()} == STATUS_COLORS


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
    prog = status_rows[["period", "county", "actual"]]
    exp = pd.DataFrame({"period": [AS_OF], "expected": [24.8]})
    before = [f.copy(deep=True) for f in (status_rows, dept, cat, prog, exp)]
    for lang in ("zh", "en"):
        charts.bullet_chart(_one(status_rows, "K02"), "county", lang=lang)
        charts.bullet_chart(_one(status_rows, "K03"), "department", lang=lang)
        charts.trend_chart(prog, target=50.0, direction=GE, unit="%", name="x", expected=exp, lang=lang)
        charts.heatmap(status_rows, lang=lang)
        charts.ranking_chart(dept, "department", lang=lang)
        charts.category_chart(cat, lang=lang)
    for frame, copy in zip((status_rows, dept, cat, prog, exp), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


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
    assert charts.heatmap(none).data[0].z == ()


# --- user text is text (issue 11.6: stored HTML in charts) ------------------------------------------

HOSTILE = {
    "a": '<a href="https://example.com/x">点击查看详情</a>',
    "b": "<b>粗体</b>",
    "span": '<span style="color:red;font-size:40px">红字</span>',
    "img": "<img src=x onerror=alert(1)>",
}
RAW = ("<a ", "<a>", "</a>", "<img", "<span", "</span>", "<b>粗体")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple | np.ndarray):
        return [s for v in value for s in _strings(v)]
    return []


def test_user_text_reaches_every_figure_escaped() -> None:
    """Every user field holds HTML that plotly would render (a link, bold, a styled span, an image):
    the figures carry it as entities, which plotly shows as the characters typed."""
    h = HOSTILE
    catalog = pd.DataFrame(
        {
            "indicator": ["K01", "K02"],
            "name": [f"覆盖率{h['a']}", f"时限{h['img']}"],
            "task": ["1.1", "1.2"],
            "target": [50.0, 3.0],
            "unit": [f"%{h['b']}", f"日{h['span']}"],
            "direction": [GE, LE],
            "deadline": [date(2023, 12, 31)] * 2,
            "baseline": [np.nan, np.nan],
            "category": [f"一、{h['span']}", f"二、{h['a']}"],
        }
    )
    county = f"恶意县{h['img']}"
    dept = f"市审批局{h['a']}"
    prog = pd.DataFrame(
        [{"period": p, "indicator": i, "department": d, "county": c, "actual": a, "note": ""}
         for p in ("2023-05", AS_OF)
         for i, d, c, a in (("K01", dept, CITY_WIDE, 30.0), ("K01", dept, county, 10.0),
                            ("K02", f"税务局{h['b']}", county, 4.0))]
    )
    rows = metrics.indicator_status(catalog, prog, AS_OF, PLAN_START)
    figures = [
        charts.bullet_chart(rows[rows["indicator"] == "K01"], "county"),
        charts.bullet_chart(rows[rows["indicator"] == "K02"], "department", big=True),
        charts.trend_chart(prog[prog["indicator"] == "K01"], target=50.0, direction=GE,
                           unit=catalog["unit"][0], name=catalog["name"][0],
                           expected=pd.DataFrame({"period": [AS_OF], "expected": [24.8]})),
        charts.heatmap(rows),
        charts.ranking_chart(metrics.by_department(rows), "department"),
        charts.ranking_chart(metrics.by_county(rows), "county", big=True),
        charts.category_chart(metrics.by_category(rows)),
    ]
    for fig in figures:
        texts = _strings(fig.to_plotly_json())
        leaks = [s for s in texts for raw in RAW if raw in s]
        assert not leaks, leaks
        assert any("&lt;" in s for s in texts)  # the text is there, as entities
    joined = " ".join(_strings(figures[0].to_plotly_json()))
    assert "覆盖率&lt;a href=\"https://example.com/x\"&gt;点击查看详情&lt;/a&gt;" in joined
    assert charts.esc(h["a"]) == '&lt;a href="https://example.com/x"&gt;点击查看详情&lt;/a&gt;'
