"""AppTest: every page runs for the default view and each county; filters change chart data; URL presets."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from ledger.model import CITY_WIDE
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGES = ["overview", "indicators", "departments", "counties", "ledger_table", "meeting"]
AREAS = [None, "全市", "大武口区", "惠农区", "平罗县"]


def run(db: str, monkeypatch, page: str = "overview", **query: str) -> AppTest:
    monkeypatch.setenv("LEDGER_DB", db)
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_data(at: AppTest, index: int = 0) -> list:
    return json.loads(at.get("plotly_chart")[index].proto.spec)["data"]


def sidebar_value(at: AppTest, key: str):
    return at.sidebar.selectbox(key=key).value


@pytest.mark.parametrize("county", AREAS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_for_each_county(sample_db, monkeypatch, page, county):
    query = {"county": county} if county else {}
    at = run(sample_db, monkeypatch, page, **query)
    # AppTest drops the entrypoint's sidebar after switch_page, so read the filters from the page caption
    if page == "meeting":  # one county at a time: its name (or the whole city) in the title
        assert at.title[0].value.startswith(county or "全市各县区")
    else:
        assert f"县区：{county or '全部'}" in at.caption[0].value
    assert any("示例数据" in w.value for w in at.warning)  # the sample banner on every page
    if page in ("overview", "indicators", "departments", "counties", "meeting"):
        assert len(at.get("plotly_chart")) >= 1 or (page == "meeting" and county == CITY_WIDE)
    assert_no_missing_words(at)


def cell_texts(at: AppTest) -> set[str]:
    """Every cell of every table and data frame the page drew, and every text element."""
    out: set[str] = set()
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.table]:
        out |= {str(v) for v in frame.to_numpy().ravel().tolist()} | {str(c) for c in frame.columns}
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "metric"):
        out |= {str(getattr(e, "value", "")) for e in getattr(at, kind)}
    out |= {str(m.label) for m in at.metric}
    return out


def assert_no_missing_words(at: AppTest) -> None:
    """No "None", "nan", "<NA>" or "empty" as a cell or a word on the page."""
    texts = cell_texts(at)
    assert not texts & {"None", "nan", "NaN", "<NA>", "NaT", "empty"}
    for text in texts:
        for word in ("None", "nan", "<NA>"):
            assert f" {word} " not in f" {text} ", text
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.table]:
        assert not frame.isna().any().any()


def test_query_params_preselect_with_aliases(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, county="惠农", department="税务局", period="2023-06")
    assert sidebar_value(at, "county") == "惠农区"
    assert sidebar_value(at, "department") == "市税务局"
    assert sidebar_value(at, "period") == "2023-06"
    assert at.caption[0].value == "截至 2023-06 · 县区：惠农区 · 责任部门：市税务局"
    assert at.query_params["county"] == "惠农区"  # written back in canonical form


def test_unknown_query_value_falls_back_with_a_notice(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, county="不存在县")
    assert sidebar_value(at, "county") == "全部"
    assert any("“不存在县”不存在" in w.value and "全部" in w.value for w in at.warning)
    en = run(sample_db, monkeypatch, department="火星局", lang="en")
    assert any("火星局" in w.value and "does not exist" in w.value for w in en.warning)


def test_county_filter_changes_chart_data(sample_db, monkeypatch):
    # AppTest (1.67) drops the entrypoint's sidebar widgets on reruns of an st.navigation app, so the
    # filter is set through the URL here; tests/test_browser.py changes it in the real sidebar.
    everywhere = run(sample_db, monkeypatch)
    one = run(sample_db, monkeypatch, county="平罗县")
    assert chart_data(everywhere, 0) != chart_data(one, 0)  # category roll-up
    assert [m.value for m in everywhere.metric] != [m.value for m in one.metric]
    assert "县区：平罗县" in one.caption[0].value


def test_county_from_url_narrows_indicator_charts(sample_db, monkeypatch):
    everywhere = run(sample_db, monkeypatch, "indicators")
    one = run(sample_db, monkeypatch, "indicators", county="平罗县")
    assert chart_data(everywhere, 1) != chart_data(one, 1)  # by department
    labels = {y for trace in chart_data(one, 0) for y in (trace.get("y") or []) if isinstance(y, str)}
    assert labels == {"平罗县"}


def test_period_changes_overview_tiles(sample_db, monkeypatch):
    latest = run(sample_db, monkeypatch)
    early = run(sample_db, monkeypatch, period="2023-03")
    assert [m.value for m in latest.metric] != [m.value for m in early.metric]
    assert early.caption[0].value.startswith("截至 2023-03")


HEADLINE = ["综合得分", "年度完成度", "未按期报送", "预计年底未达标"]


def tiles(at: AppTest) -> dict[str, str]:
    """The headline and indicator tiles by label (the task tiles follow them)."""
    return {m.label: m.value for m in at.metric[: len(HEADLINE) + 5]}


def test_overview_tiles_add_up(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch)
    shown = tiles(at)
    statuses = [":green[✓ 达标]", ":blue[● 正常]", ":orange[▼ 滞后]", ":red[× 逾期]", ":gray[○ 无数据]"]
    assert sum(int(shown[k]) for k in statuses) == 172  # every assigned indicator × department × area
    assert [m.label for m in at.metric[: len(HEADLINE)]] == HEADLINE  # the headline row
    states = at.metric[len(HEADLINE) + 5:]
    assert [m.label for m in states] == [":green[✓ 已完成]", ":blue[● 推进中]", ":orange[▼ 滞后]",
                                         ":violet[◇ 未启动]", ":gray[○ 未报送]"]
    assert sum(int(m.value) for m in states) == 258  # the task items (task × department × area)
    assert any("得分看工作是否跟上序时进度" in c.value for c in at.caption)  # the score in one sentence


@pytest.mark.parametrize("query", [{}, {"county": "平罗县"}, {"department": "市税务局"}, {"period": "2023-03"}])
def test_overview_equals_status_json(sample_db, monkeypatch, query):
    """The tiles and the category chart are what `ledger status --json --by …` prints."""
    import math

    from ledger import service
    from ui.widgets import score_text

    at = run(sample_db, monkeypatch, **query)
    ctx = service.open_context(sample_db)
    args = {"county": query.get("county"), "department": query.get("department"), "as_of": query.get("period")}
    (overall,) = service.status_rows(ctx, by="overall", **args)
    shown = tiles(at)
    assert shown["综合得分"] == score_text(overall["score"])  # one decimal, rounded down
    assert shown["年度完成度"] == score_text(overall["annual"])
    assert shown["未按期报送"] == str(overall["n_stale"])
    assert (shown[":green[✓ 达标]"], shown[":orange[▼ 滞后]"], shown[":gray[○ 无数据]"]) == (
        str(overall["n_met"]), str(overall["n_behind"]), str(overall["n_no_data"]))
    categories = service.status_rows(ctx, by="category", **args)
    notes = {a["y"]: a["text"] for a in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["annotations"]}
    assert notes == {c["category"]: f"{math.floor(c['score'])} 分 · 滞后 {c['n_late']}/{c['n']}"
                     for c in categories}
    ctx.store.dispose()


def test_english(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, lang="en")
    assert at.title[0].value == "Overview"
    assert any("sample data" in w.value.lower() for w in at.warning)
    assert at.metric[0].label == "Overall score" and at.metric[len(HEADLINE)].label == ":green[✓ Met]"
    cells = cell_texts(at)
    assert "City-wide" in cells and "全市" not in cells  # the product's own word in English
    assert any("stay in Chinese" in c.value for c in at.caption)  # ledger names, said once


def test_filter_that_matches_nothing(sample_db, monkeypatch):
    # 石嘴山海关 has no indicator and its task (2.7) is not assigned to counties
    at = run(sample_db, monkeypatch, county="惠农区", department="石嘴山海关")
    assert any("没有符合当前筛选条件" in i.value for i in at.info)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_says_so(empty_db, monkeypatch, page):
    at = run(empty_db, monkeypatch, page)
    assert not at.get("plotly_chart")
    texts = [i.value for i in at.info]
    assert any("尚未导入" in s for s in texts) or page == "ledger_table"


def test_ledger_table_search_and_targets_marked(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, "ledger_table")
    frame = at.dataframe[0].value
    assert len(frame) == 16
    row = frame[frame["任务编号"] == "1.5"].iloc[0]
    assert "【确保符合条件的企业留抵退税10个工作日办结】" in row["目标任务"]
    at.text_input(key="ledger_search").input("知识产权").run()
    assert at.dataframe[0].value["任务编号"].tolist() == ["3.3"]


def test_meeting_view_big_and_one_county(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, "meeting", county="大武口区")
    assert at.title[0].value == "大武口区 · 截至 2023-09"  # the as-of month in the title
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["font"]["size"] >= 22
    assert at.table and not at.dataframe  # the behind list grows with its rows: no inner scroll bar
    assert set(at.table[0].value.iloc[:, 0]) <= {"▼ 滞后", "× 逾期"}
    assert next(m.value for m in at.markdown if m.value.startswith("### ")) != "### —"  # the score


def test_meeting_view_for_a_department_in_english(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, "meeting", department="税务局", lang="en", period="2023-06")
    assert at.title[0].value == "市税务局 · As of 2023-06"
    assert "City-wide" in set(at.table[0].value["County"])
    assert_no_missing_words(at)


def test_meeting_rotation_moves_on_and_a_bad_value_says_so(sample_db, monkeypatch):
    at = run(sample_db, monkeypatch, "meeting", county="惠农区", rotate="5")
    assert at.title[0].value.startswith("惠农区")
    assert any("每 5 秒轮换，下一个：平罗县" in c.value for c in at.caption)
    at.session_state["_meeting"] = {**at.session_state["_meeting"], "at": 0.0}  # 5 s have passed
    at.run()
    assert at.title[0].value.startswith("平罗县")
    bad = run(sample_db, monkeypatch, "meeting", rotate="often")
    assert any("often" in w.value for w in bad.warning)


def test_ledger_progress_bars_take_the_status_colour():
    import pandas as pd

    from ledger.charts import STATUS_COLORS
    from ui import widgets

    shown = pd.DataFrame({"状态": ["▼ 滞后", "● 正常"], "进度": ["████░░░░░░ 40%", "███████░░░ 70%"]})
    styles = widgets.status_style(shown, ["滞后", "正常"], [0, 1])._compute().ctx
    assert ("color", STATUS_COLORS["滞后"]) in styles[(0, 1)]
    assert ("color", STATUS_COLORS["正常"]) in styles[(1, 1)]
