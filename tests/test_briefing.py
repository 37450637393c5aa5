"""The 通报 and the 督办单: real .docx files written by the CLI, read back with python-docx, and their
figures compared with ``status --json`` (items and ``--by overall|category|county``) for the same period
and filter; the PDF by real LibreOffice.

The documents are written once per module (the ``docs`` fixture): the whole city's by one real
``python -m ledger briefing --pdf`` subprocess (the one LibreOffice conversion), the others by the same
command run in-process through ``ledger.cli.main``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ledger import metrics, service, views
from ledger.briefing import SupervisionRules, gather
from ledger.briefing.document import plan_name
from ledger.briefing.orders import BLUE, RED, YELLOW
from ledger.briefing.text import number, ordinal, value
from ledger.charts import score_text
from ledger.cli import main as cli_main
from ledger.model import BEHIND, CITY_WIDE, OVERDUE
from tests.conftest import copy_db
from tests.test_views import october
from tests.test_workflow import cli, ok

PERIOD, PREVIOUS = "2023-09", "2023-08"
FILTERS = {
    "all": {},
    "county": {"county": "惠农区"},
    "department": {"department": "市税务局"},
    "city": {"county": CITY_WIDE},
}
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _args(flt: dict) -> list[str]:
    return [x for k, v in flt.items() for x in (f"--{k}", v)]


def run_cli(*argv: str, db: str) -> tuple[int, str, str]:
    """``python -m ledger ARGS --db DB`` in-process through ``ledger.cli.main`` (the command's own code
    path, without a Python start-up per call): exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main([*argv, "--db", db])
    return code, out.getvalue(), err.getvalue()


_STATUS: dict[tuple, list[dict]] = {}


def status_json(db: str, flt: dict, period: str | None = PERIOD, by: str | None = None) -> list[dict]:
    """``status --json [--by BY]`` for the filter and period (None: the default month), once each."""
    key = (db, tuple(sorted(flt.items())), period, by)
    if key not in _STATUS:
        argv = ["status", "--json", *(["--period", period] if period else []), *(["--by", by] if by else []),
                *_args(flt)]
        code, out, err = run_cli(*argv, db=db)
        assert code == 0, err
        _STATUS[key] = json.loads(out)
    return _STATUS[key]


NEEDS = [shutil.which(t) for t in ("soffice", "pdftoppm", "pdftotext", "pdfinfo", "pdffonts")]
if not all(NEEDS) and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but LibreOffice or poppler-utils is missing: the PDF tests must run in CI")
needs_office = pytest.mark.skipif(not all(NEEDS), reason="LibreOffice (soffice) or poppler-utils not installed")


@pytest.fixture(scope="module")
def docs(sample_db, tmp_path_factory) -> dict:
    """Per filter: the 通报 written by ``python -m ledger briefing`` and ``status --json``. The whole
    city's is written by a real subprocess, with ``--pdf`` when LibreOffice is installed."""
    out = {}
    folder = tmp_path_factory.mktemp("briefing")
    for name, flt in FILTERS.items():
        path = folder / f"{name}.docx"
        argv = ["briefing", str(path), "--period", PERIOD, *_args(flt)]
        if name == "all":
            stdout = ok(cli(*argv, *(["--pdf"] if all(NEEDS) else []), db=sample_db)).stdout
        else:
            code, stdout, err = run_cli(*argv, db=sample_db)
            assert code == 0, err
        out[name] = {"path": path, "doc": Document(path), "stdout": stdout, "filter": flt,
                     "status": status_json(sample_db, flt)}
    return out


def blocks(doc) -> list:
    """The body in order: ("p", style name, text) and ("t", rows of cell texts)."""
    out = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(("p", block.style.name, block.text))
        elif isinstance(block, Table):
            out.append(("t", [[c.text for c in row.cells] for row in block.rows]))
    return out


def section(doc, title: str) -> list:
    """The blocks under the level-1 heading that ends with ``title``, up to the next one."""
    body = blocks(doc)
    start = next(i for i, b in enumerate(body) if b[0] == "p" and b[1] == "Heading 1" and b[2].endswith(title))
    end = next((i for i in range(start + 1, len(body)) if body[i][0] == "p" and body[i][1] == "Heading 1"),
               len(body))
    return body[start + 1:end]


def text_of(blocks_: list) -> str:
    return "\n".join(b[2] for b in blocks_ if b[0] == "p")


_VIEWS: dict[tuple, tuple] = {}


def snapshot_view(db: str, flt: dict):
    """The context, the snapshot the pages show for PERIOD and the filter, once per database and filter."""
    key = (db, tuple(sorted(flt.items())))
    if key not in _VIEWS:
        ctx = service.open_context(db)
        f = service.filters(ctx, flt.get("county"), flt.get("department"), PERIOD)
        _VIEWS[key] = ctx, views.snapshot(ctx.store, ctx.bundle, PERIOD), f
    return _VIEWS[key]


# --- the figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FILTERS))
def test_title_address_and_sections(docs, name):
    doc = docs[name]["doc"]
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == "石嘴山市营商环境提质升级行动推进情况通报"
    scope = {"all": "", "county": "惠农区 · ", "department": "市税务局 · ", "city": "全市 · "}[name]
    assert paras[1] == f"（{scope}2023年9月）"
    to = {"all": "各县区人民政府，市直各有关部门：", "county": "惠农区人民政府：", "department": "市税务局：",
          "city": "市直各有关部门："}[name]
    assert paras[3] == to
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    expected = ["总体情况", "主要进展", "县区推进情况", "存在问题", "下一步工作"]  # counties ranked in every filter
    assert headings[: len(expected)] == [f"{ordinal(i)}、{h}" for i, h in enumerate(expected, start=1)]
    assert headings[-1] == "附件"  # the appendix's own page starts with 附件 (GB/T 9704)
    n = sum(r["status"] in (BEHIND, OVERDUE) for r in docs[name]["status"])
    note = paras.index(f"附件：督办单（共{n}份）")  # 附件说明 below the body, then the 落款
    assert note < paras.index("石嘴山市优化营商环境工作领导小组办公室") < paras.index("2023年9月30日")
    assert "填报中" not in "".join(paras)  # September is complete


def overall_json(db: str, flt: dict, period: str | None = PERIOD) -> dict:
    (overall,) = status_json(db, flt, period, by="overall")
    return overall


def check_overall(text: str, rows: list[dict], overall: dict, before: dict | None, tasks) -> None:
    """The 总体情况 of a 通报 against ``status --json`` (``rows``), ``--by overall`` now and at the
    previous period (``before``), and the snapshot's task items (``tasks``, the overview's task tiles)."""
    counts = Counter(r["status"] for r in rows)
    m = re.search(r"量化指标(\d+)项，分解到责任单位和县区的监测事项(\d+)项。其中，达标(\d+)项、进度正常(\d+)项、"
                  r"滞后于序时进度(\d+)项、逾期未完成(\d+)项、暂无数据(\d+)项。", text)
    assert m, text
    assert int(m[1]) == len({r["indicator"] for r in rows})
    assert int(m[2]) == len(rows) == overall["n"]
    shown = [int(m[i]) for i in range(3, 8)]
    assert shown == [counts[s] for s in ("达标", "正常", "滞后", "逾期", "无数据")]
    assert shown == [overall[k] for k in ("n_met", "n_on_track", "n_behind", "n_overdue", "n_no_data")]
    # 得分 and 年度完成度 as the overview's tiles show them (one decimal, rounded down), and what they mean
    s = re.search(r"综合得分([\d.]+)分(?:，较上期（(\d{4})年(\d+)月）(提高|下降)([\d.]+)分)?；年度完成度([\d.]+)%。"
                  r"得分看工作是否跟上序时进度：已达标或按序时推进的记100分，落后越多得分越低；年度完成度看全年目标已完成多少。",
                  text)
    assert s, text
    assert (s[1], s[6]) == (score_text(overall["score"]), score_text(overall["annual"]))
    if before is not None:
        delta = overall["score"] - before["score"]
        assert (s[4], s[5]) == ("提高" if delta > 0 else "下降", number(abs(delta), 1))
    # the projection counts: projected_status of status --json
    p = re.search(r"预计达标(\d+)项、预计未达标(\d+)项；其余(\d+)项", text)
    projected = Counter(r["projected_status"] for r in rows)
    assert (int(p[1]), int(p[2]), int(p[3])) == (projected["预计达标"], projected["预计未达标"], projected[None])
    # 未按期报送 as the overview's tile counts it (a figure older than the month), 暂无数据 apart
    assert overall["n_stale"] == sum(r["stale"] for r in rows)
    if overall["n_stale"] or overall["n_no_data"]:
        r = re.search(r"本期应报送指标数据(\d+)项，已报送(\d+)项；未按期报送(\d+)项（按此前最后一次报送的数据计算状态），"
                      r"暂无数据(\d+)项", text)
        assert [int(r[i]) for i in range(1, 5)] == [
            overall["n"], overall["n"] - overall["n_stale"] - overall["n_no_data"], overall["n_stale"],
            overall["n_no_data"]]
    else:
        assert f"本期应报送的{overall['n']}项指标数据均已按期报送。" in text
    # task items per reported state, in the overview's order and numbers (views.task_states)
    t = re.search(r"(\d+)项重点任务分解到责任单位和县区共(\d+)项，按最新报送的任务进展，已完成(\d+)项、推进中(\d+)项、"
                  r"滞后(\d+)项、未启动(\d+)项，未报送(\d+)项。", text)
    states = views.task_states(tasks)
    assert [int(t[i]) for i in range(1, 8)] == [tasks["task"].nunique(), len(tasks), *states.values()]
    assert list(states) == list(views.TASK_STATE_ORDER)


@pytest.mark.parametrize("name", list(FILTERS))
def test_overall_figures_equal_status_json(docs, sample_db, name):
    flt = docs[name]["filter"]
    _, snap, f = snapshot_view(sample_db, flt)
    check_overall(text_of(section(docs[name]["doc"], "总体情况")), docs[name]["status"],
                  overall_json(sample_db, flt), overall_json(sample_db, flt, PREVIOUS), views.apply(snap.tasks, f))


def _category_sentences(doc) -> dict[str, str]:
    """The first paragraph under each category heading of 主要进展."""
    out, name = {}, None
    for kind, *rest in section(doc, "主要进展"):
        if kind == "p" and rest[0] == "Heading 2":
            name = re.sub(r"^（[一二三四五六七八九十]+）", "", rest[1])
        elif kind == "p" and name is not None and name not in out:
            out[name] = rest[1]
    return out


@pytest.mark.parametrize("name", list(FILTERS))
def test_progress_per_category_equals_status_json_by_category(docs, sample_db, name):
    categories = status_json(sample_db, docs[name]["filter"], by="category")
    said = _category_sentences(docs[name]["doc"])
    assert set(said) >= {c["category"] for c in categories} and categories
    for c in categories:
        m = re.fullmatch(r"本类别(\d+)项任务、(\d+)个监测事项，得分([\d.]+)分，年度完成度([\d.]+)%；其中达标(\d+)项、"
                         r"进度正常(\d+)项、滞后于序时进度(\d+)项、逾期未完成(\d+)项、暂无数据(\d+)项(?:，未按期报送(\d+)项)?。",
                         said[c["category"]])
        assert m, said[c["category"]]
        assert (int(m[2]), m[3], m[4]) == (c["n"], score_text(c["score"]), score_text(c["annual"]))
        assert [int(m[i]) for i in range(5, 10)] == [c[k] for k in ("n_met", "n_on_track", "n_behind", "n_overdue",
                                                                   "n_no_data")]
        assert int(m[10] or 0) == c["n_stale"]


def _problem_tables(doc, units: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(indicator name, row) for every row of every table under 存在问题 (``units``: name → unit)."""
    out, name = [], None
    for kind, *rest in section(doc, "存在问题"):
        if kind == "p" and rest[0] == "Heading 2":
            name = re.sub(r"^（[一二三四五六七八九十]+）", "", rest[1])
        elif kind == "t":
            header, *body = rest[0]
            assert header[:3] == ["序号", "责任单位", "县区"]
            unit = units[name]  # the indicator's unit once, in the figures' headers
            assert header[3:6] == [f"实际值\n（{unit}）", f"序时进度\n（{unit}）", f"预计到期值\n（{unit}）"]
            out += [(name, row) for row in body]
    return out


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_item_behind_is_listed_with_its_figures(docs, sample_db, name):
    ctx, _, _ = snapshot_view(sample_db, {})
    catalog = {i.id: i for i in ctx.bundle.indicators}
    plan = ctx.bundle.config
    behind = {(catalog[r["indicator"]].name, r["department"], r["county"]): r
              for r in docs[name]["status"] if r["status"] in (BEHIND, OVERDUE)}
    listed = _problem_tables(docs[name]["doc"], {i.name: i.unit for i in catalog.values()})
    assert {(n, row[1], row[2]) for n, row in listed} == set(behind)
    assert len(listed) == len(behind)
    for n, row in listed:
        r = behind[(n, row[1], row[2])]
        ind = catalog[r["indicator"]]
        digits = metrics.decimals(ind.unit, ind.target)  # the indicator's precision, as the pages show it
        figure, *month = row[3].split("\n")
        assert figure == number(r["actual"], digits)
        assert month == ([] if r["period"] == PERIOD else [f"{int(r['period'][5:])}月数据"])
        fraction = metrics.elapsed_fraction(PERIOD, plan.plan_start, ind.deadline)
        expected = metrics.expected_value(ind.target, ind.direction, ind.baseline, fraction)
        assert row[4] == number(expected, digits)
        if r["projected"] is None:
            assert "不作测算" in row[5]
        else:
            assert row[5] == f"{number(r['projected'], digits)}\n{r['projected_status']}"
        assert row[6].startswith(r["status"])
    # the ledger clause of each indicator behind, quoted in 【】 as the ledger writes it
    clauses = {g.text for t in ctx.bundle.ledger.tasks for g in t.targets}
    quoted = re.findall(r"台账要求：【(.+?)】", text_of(section(docs[name]["doc"], "存在问题")))
    assert len(quoted) == len({k[0] for k in behind})
    assert set(quoted) <= clauses


@pytest.mark.parametrize("name", list(FILTERS))
def test_county_ranking_equals_status_json_by_county(docs, sample_db, name):
    flt = {k: v for k, v in docs[name]["filter"].items() if k == "department"}  # the ranking compares counties
    counties = status_json(sample_db, flt, by="county")
    assert [c["county"] for c in counties] and CITY_WIDE not in {c["county"] for c in counties}
    table = next(b[1] for b in section(docs[name]["doc"], "县区推进情况") if b[0] == "t")
    header, *body = table
    assert header == ["排名", "县区", "得分", "年度\n完成度", "达标", "正常", "滞后", "逾期", "无数据", "未按期\n报送"]
    assert body == [[str(c["rank"]), c["county"], score_text(c["score"]), score_text(c["annual"]),
                     *(str(c[k]) for k in ("n_met", "n_on_track", "n_behind", "n_overdue", "n_no_data", "n_stale"))]
                    for c in counties]
    text = text_of(section(docs[name]["doc"], "县区推进情况"))
    ranked = "、".join(f"{c['county']}（{score_text(c['score'])}分）" for c in counties)
    assert f"按得分由高到低，各县区依次为：{ranked}。" in text
    if name == "county":  # the county's own row is what status --json --by county prints for it
        (mine,) = status_json(sample_db, docs[name]["filter"], by="county")
        row = next(r for r in body if r[1] == "惠农区")
        assert row[2:4] == [score_text(mine["score"]), score_text(mine["annual"])]
        assert f"惠农区在3个县区中排第{row[0]}位" in text


def _orders(doc) -> list[dict]:
    """The 督办单 of a document: number, band, item, unit, as the tables and paragraphs show them."""
    body = blocks(doc)
    out = []
    for i, b in enumerate(body):
        if b[0] == "t" and len(b[1]) == 1 and "督办 · " in b[1][0][0].replace("督办 ·", "督办 · "):
            number_ = body[i + 1][2]
            grid = dict(body[i + 2][1])
            out.append({"band": b[1][0][0], "number": number_, **grid})
    return out


@pytest.mark.parametrize("name", list(FILTERS))
def test_orders_one_per_item_behind_coloured_by_the_rules(docs, sample_db, name):
    rows = docs[name]["status"]
    before = {(r["indicator"], r["department"], r["county"]): r["status"]
              for r in status_json(sample_db, docs[name]["filter"], PREVIOUS)}
    orders = _orders(docs[name]["doc"])
    behind = [r for r in rows if r["status"] in (BEHIND, OVERDUE)]
    assert len(orders) == len(behind)
    assert f"附件：督办单（共{len(behind)}份）" in [p.text for p in docs[name]["doc"].paragraphs]
    assert len({o["number"] for o in orders}) == len(orders)
    seen = set()
    for o in orders:
        assert re.fullmatch(r"督办〔2023〕第09-\d{3}号", o["number"])
        ind = re.search(r"（(K\d+)）$", o["督办事项"])[1]
        unit = re.fullmatch(r"(.+?)(?:（(.+)）)?", o["责任单位"])
        key = (ind, unit[1], unit[2] or CITY_WIDE)
        seen.add(key)
        if key in {(r["indicator"], r["department"], r["county"]) for r in rows if r["status"] == OVERDUE}:
            assert o["band"].startswith("红色督办")
        elif before.get(key) == BEHIND:
            assert o["band"] == "黄色督办 · 连续2期滞后"
        else:
            assert o["band"] == "蓝色督办 · 滞后于序时进度"
        assert o["督办日期"] == "2023年9月30日"
        assert "请于2023年10月15日前" in o["督办要求"]
        assert o["签收"].startswith("签收人")
    assert seen == {(r["indicator"], r["department"], r["county"]) for r in behind}


def test_order_numbers_are_the_same_in_every_filter(docs):
    numbers = {o["number"]: (o["督办事项"], o["责任单位"]) for o in _orders(docs["all"]["doc"])}
    assert sorted(numbers)[0] == "督办〔2023〕第09-001号"
    for name in ("county", "department", "city"):
        for o in _orders(docs[name]["doc"]):
            assert numbers[o["number"]] == (o["督办事项"], o["责任单位"])


def test_cli_summary_line(docs):
    rows = docs["all"]["status"]
    n_behind = sum(r["status"] == BEHIND for r in rows)
    assert f"截至 2023-09：{len(rows)} 个监测事项，滞后 {n_behind} 个" in docs["all"]["stdout"]


# --- 公文 layout ----------------------------------------------------------------------------------


def _east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_official_fonts_page_and_numbers(docs):
    doc = docs["all"]["doc"]
    s = doc.sections[0]
    mm = [round(x.mm, 1) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin,
                                   s.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]  # A4; GB/T 9704 margins (stored in twips: 0.1 mm rounding)
    styles = doc.styles
    assert _east_asian(styles["公文标题"]) == "方正小标宋简体"
    assert _east_asian(styles["Heading 1"]) == "黑体"
    assert _east_asian(styles["Heading 2"]) == "楷体_GB2312"
    assert _east_asian(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16) and styles["公文标题"].font.size == Pt(22)
    fonts = styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:asciiTheme")) is None  # no theme font overriding the name
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((s.footer, "right"), (s.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in "".join(x.text for x in p._p.iter(qn("w:instrText")))
        assert p.alignment.name.lower() == align
    assert "示例数据" in s.header.paragraphs[0].text  # sample data says so on every page
    shapes = doc.inline_shapes
    assert len(shapes) == 2  # the category and county charts
    blobs = [r.target_part.blob for r in doc.part.rels.values() if "image" in r.reltype]
    assert all(b.startswith(b"\x89PNG") and len(b) < 150_000 for b in blobs)
    highlighted = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert highlighted == ["【待补充：请在此填写下一步工作安排】"]


def test_plan_name_from_ledger_titles():
    assert plan_name("石嘴山市落实自治区营商环境提质升级行动任务分工台账", "石嘴山市", 2023) == "营商环境提质升级行动"
    assert plan_name("吴忠市2024年优化营商环境攻坚行动任务分工台账", "吴忠市", 2024) == "优化营商环境攻坚行动"
    assert plan_name("银川市贯彻落实全省优化营商环境实施方案", "银川市", 2024) == "优化营商环境"
    assert plan_name("台账", "某市", 2024) == "台账"  # nothing left: the title as it is


def test_figures_in_words():
    assert number(37.39726, 1) == "37.4" and number(50.0) == "50" and number(None) == "—"
    assert value(7, "工作日") == "7个工作日" and value(7, "工作日", "en") == "7 working days"
    assert value(5.234, "件/万人") == "5.23件/万人" and value(52, "%") == "52%"
    assert [ordinal(n) for n in (1, 10, 11, 12, 20, 23)] == ["一", "十", "十一", "十二", "二十", "二十三"]


# --- English -------------------------------------------------------------------------------------


def test_english_briefing_has_no_chinese_but_the_names(sample_db, tmp_path):
    path = tmp_path / "en.docx"
    code, _, err = run_cli("briefing", str(path), "--period", PERIOD, "--lang", "en", db=sample_db)
    assert code == 0, err
    doc = Document(path)
    ctx, snap, _ = snapshot_view(sample_db, {})
    ledger = ctx.bundle.ledger
    names = {ctx.bundle.config.city, plan_name(ledger.title, ledger.city, ledger.plan_year), *ledger.departments,
             *ctx.bundle.config.county_names, *(c.name for c in ledger.categories),
             *(t.title for t in ledger.tasks), *(i.name for i in ctx.bundle.indicators),
             *(g.text for t in ledger.tasks for g in t.targets), *snap.tasks["completion"].dropna().astype(str)}
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    texts += [p.text for s in doc.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)]
    left = []
    for text in texts:
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, "")
        left += CJK.findall(text)
    assert not left, "".join(left)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:5] == ["1. Overall progress", "2. Main progress", "3. Counties", "4. Problems", "5. Next steps"]
    assert any(p.startswith("Order 2023/09-") for p in texts)
    overall = overall_json(sample_db, {})
    score = next(p for p in texts if p.startswith("The overall score is"))
    assert score.startswith(f"The overall score is {score_text(overall['score'])} (down ")
    assert f"annual completion is {score_text(overall['annual'])}%. The score shows whether" in score


# --- supervision rules ---------------------------------------------------------------------------


def test_supervision_rules_from_config():
    rules = SupervisionRules.from_config({"yellow_after": 3, "red_after": 4, "reply_days": 10})
    assert (rules.yellow_after, rules.red_after, rules.reply_days, rules.lookback) == (3, 4, 10, 4)
    assert [rules.level(BEHIND, n) for n in (1, 2, 3, 4, 5)] == [BLUE, BLUE, YELLOW, RED, RED]
    assert rules.level(OVERDUE, 1) == RED
    default = SupervisionRules.from_config({"yellow_after": "x", "red_after": -1})  # unreadable: defaults
    assert (default.yellow_after, default.red_after) == (2, 0)
    assert [default.level(BEHIND, n) for n in (1, 2, 9)] == [BLUE, YELLOW, YELLOW]


def test_streaks_over_three_periods(sample_db):
    ctx = service.open_context(sample_db)
    fig = gather(ctx, period=PERIOD, rules=SupervisionRules(yellow_after=3))
    history = {p: {(r["indicator"], r["department"], r["county"]): r["status"] for r in status_json(sample_db, {}, p)}
               for p in ("2023-07", PREVIOUS)}
    assert fig.orders
    for o in fig.orders:
        key = (o.item["indicator"], o.item["department"], o.item["county"])
        run = 1 + (history[PREVIOUS][key] == BEHIND) + (history[PREVIOUS][key] == BEHIND == history["2023-07"][key])
        assert o.streak == run
        assert o.level == (YELLOW if run >= 3 else BLUE)
    assert any(o.level == YELLOW for o in fig.orders) and any(o.level == BLUE for o in fig.orders)
    levels = [o.level for o in fig.orders]
    assert levels == sorted(levels, key=[RED, YELLOW, BLUE].index)  # numbered red, yellow, blue
    assert [o.seq for o in fig.orders] == list(range(1, len(fig.orders) + 1))


# --- errors --------------------------------------------------------------------------------------


def test_period_without_data_unknown_county_and_empty_database(sample_db, empty_db, tmp_path):
    out = tmp_path / "x.docx"
    code, _, err = run_cli("briefing", str(out), "--period", "2023-11", db=sample_db)
    assert code == 1 and "期间 2023-11 没有填报数据（有数据的期间：2023-01 至 2023-09）" in err
    assert "Traceback" not in err and not out.exists()
    code, _, err = run_cli("briefing", str(out), "--county", "火星区", db=sample_db)
    assert code == 1 and "未知县区“火星区”" in err and not out.exists()
    assert run_cli("setup", "--no-sample", db=empty_db)[0] == 0
    code, _, err = run_cli("orders", str(out), db=empty_db)
    assert code == 1 and "尚未导入任何填报数据" in err and not out.exists()


def test_a_filter_with_tasks_only_and_one_with_nothing(sample_db, tmp_path):
    """石嘴山海关 has one task and no indicator: a 通报 of its task without a score; with 惠农区 as well
    nothing is assigned (task 2.7 is not the counties'), which is said, as the pages say it."""
    out = tmp_path / "customs.docx"
    assert run_cli("briefing", str(out), "--department", "石嘴山海关", db=sample_db)[0] == 0
    text = text_of(section(Document(out), "总体情况"))
    assert "本范围没有分解到的量化指标监测事项" in text and "综合得分" not in text and "—" not in text
    assert re.search(r"1项重点任务分解到责任单位和县区共1项", text)
    out = tmp_path / "none.docx"
    code, _, err = run_cli("briefing", str(out), "--county", "惠农区", "--department", "石嘴山海关", db=sample_db)
    assert code == 1 and "惠农区、石嘴山海关没有分解到的监测事项或任务，无法生成通报。" in err and not out.exists()


def test_pdf_without_libreoffice_says_so_and_keeps_the_docx(sample_db, tmp_path, monkeypatch):
    out = tmp_path / "b.docx"
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    code, _, err = run_cli("briefing", str(out), "--period", PERIOD, "--pdf", "--no-orders", db=sample_db)
    assert code == 1
    assert "未安装 LibreOffice（soffice），无法生成 PDF；Word 文件已写入" in err
    assert out.exists() and not out.with_suffix(".pdf").exists()


def test_default_month_is_the_complete_one_and_a_month_being_filled_says_so(sample_db, tmp_path):
    """With 8 of 172 reports in for 2023-10, the 通报 without --period is September's, as every page
    and ``status --json`` are; asked for October, it says October is still being filled in, and its
    figures are status --json's for October."""
    db = copy_db(sample_db, tmp_path)
    ctx = service.open_context(db)
    ctx.store.commit(october(ctx), user="t", file_name="10月.xlsx", sha256="1" * 64)
    ctx.store.dispose()
    default, filling = tmp_path / "default.docx", tmp_path / "october.docx"
    assert run_cli("briefing", str(default), "--no-orders", db=db)[0] == 0
    assert {r["as_of"] for r in status_json(db, {}, None, by="overall")} == {"2023-09"}
    paras = [p.text for p in Document(default).paragraphs]
    assert paras[1] == "（2023年9月）" and "填报中" not in "".join(paras)
    code, _, err = run_cli("briefing", str(filling), "--period", "2023-10", "--no-orders", db=db)
    assert code == 0, err
    doc = Document(filling)
    paras = [p.text for p in doc.paragraphs]
    assert paras[1] == "（2023年10月）"
    assert "2023年10月数据尚在填报中（已报送8项，应报送172项），本通报所列数字将随补报变化。" in paras
    ctx = service.open_context(db)
    snap = views.snapshot(ctx.store, ctx.bundle, "2023-10")
    overall = overall_json(db, {}, "2023-10")
    assert overall["n_stale"] == int(snap.status["stale"].sum()) > 100  # the months before October's figures
    check_overall(text_of(section(doc, "总体情况")), status_json(db, {}, "2023-10"), overall,
                  overall_json(db, {}, PERIOD), snap.tasks)
    ctx.store.dispose()


# --- LibreOffice: PDF, pages, text ---------------------------------------------------------------


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


@needs_office
def test_pdf_pages_render_with_text_and_cjk_fonts(docs, tmp_path):
    """The whole city's 通报 converted by LibreOffice (in the ``docs`` fixture's subprocess)."""
    pdf = docs["all"]["path"].with_suffix(".pdf")
    rows = docs["all"]["status"]
    n_orders = sum(r["status"] in (BEHIND, OVERDUE) for r in rows)
    pages = _pages(pdf)
    assert pages >= 4 + n_orders
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "石嘴山市营商环境提质升级行动推进情况通报" in flat
    assert "一、总体情况" in flat and "五、下一步工作" in flat
    counts = Counter(r["status"] for r in rows)
    assert f"达标{counts['达标']}项、进度正常{counts['正常']}项" in flat
    assert "—1—" in flat  # page numbers
    # one 督办单 a page: the appendix is as many pages as orders, each holding exactly one number
    pages_text = text.split("\f")[:pages]
    per_page = [len(re.findall(r"督办〔2023〕第09-\d{3}号", re.sub(r"\s+", "", p))) for p in pages_text]
    first = per_page.index(1)
    assert per_page[first:] == [1] * n_orders and per_page[:first] == [0] * first
    # the pages render (pdftoppm): the first two and the first 督办单 (every page's text is checked above)
    for page in (1, 2, first + 1):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                        str(tmp_path / f"page{page}")], check=True, timeout=120)
        assert (tmp_path / f"page{page}.png").stat().st_size > 2000
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # the official faces, mapped for the PDF
    assert "DejaVu" not in fonts


def test_orders_command_one_page_each(sample_db, tmp_path):
    out = tmp_path / "督办单.docx"
    code, stdout, err = run_cli("orders", str(out), "--period", PERIOD, "--department", "市税务局", db=sample_db)
    assert code == 0, err
    rows = status_json(sample_db, {"department": "市税务局"})
    n = sum(r["status"] in (BEHIND, OVERDUE) for r in rows)
    assert n >= 2 and f"督办单 {n} 份" in stdout
    doc = Document(out)
    assert len(_orders(doc)) == n
    # a page break before each order but the first (that one order fits a page: the PDF test above)
    breaks = doc.element.body.findall(".//" + qn("w:br"))
    assert sum(b.get(qn("w:type")) == "page" for b in breaks) == n - 1
