"""The 通报 and the 督办单: real .docx files written by the CLI, read back with python-docx, and their
figures compared with ``status --json`` for the same period and filter; the PDF by real LibreOffice."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
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
from ledger.cli import main as cli_main
from ledger.model import BEHIND, CITY_WIDE, OVERDUE
from tests.conftest import ROOT
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


_STATUS: dict[tuple, list[dict]] = {}


def status_json(db: str, flt: dict, period: str = PERIOD, *, subprocess_: bool = False) -> list[dict]:
    """``status --json`` for the filter: as a subprocess, or in-process through ``ledger.cli.main`` (the
    same code path without the start-up cost), once per database, filter and period."""
    key = (db, tuple(sorted(flt.items())), period, subprocess_)
    if key not in _STATUS:
        argv = ["status", "--json", "--period", period, *_args(flt)]
        if subprocess_:
            _STATUS[key] = json.loads(ok(cli(*argv, db=db)).stdout)
        else:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                assert cli_main([*argv, "--db", db]) == 0
            _STATUS[key] = json.loads(out.getvalue())
    return _STATUS[key]


@pytest.fixture(scope="module")
def docs(sample_db, tmp_path_factory) -> dict:
    """Per filter: the 通报 written by ``python -m ledger briefing`` and ``status --json``."""
    out = {}
    folder = tmp_path_factory.mktemp("briefing")
    for name, flt in FILTERS.items():
        path = folder / f"{name}.docx"
        proc = ok(cli("briefing", str(path), "--period", PERIOD, *_args(flt), db=sample_db))
        out[name] = {"path": path, "doc": Document(path),
                     "stdout": proc.stdout, "filter": flt}
        out[name]["status"] = status_json(sample_db, flt, subprocess_=True)
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


def snapshot_view(db: str, flt: dict):
    ctx = service.open_context(db)
    f = service.filters(ctx, flt.get("county"), flt.get("department"), PERIOD)
    return ctx, views.snapshot(ctx.store, ctx.bundle, PERIOD), f


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
    assert headings[-1].startswith("附件：督办单")
    assert paras.index("石嘴山市优化营商环境工作领导小组办公室") < paras.index("2023年9月30日")  # 落款


@pytest.mark.parametrize("name", list(FILTERS))
def test_overall_figures_equal_status_json(docs, sample_db, name):
    rows = docs[name]["status"]
    text = text_of(section(docs[name]["doc"], "总体情况"))
    counts = Counter(r["status"] for r in rows)
    m = re.search(r"量化指标(\d+)项，分解到责任单位和县区的监测事项(\d+)项。其中，达标(\d+)项、进度正常(\d+)项、"
                  r"滞后于序时进度(\d+)项、逾期未完成(\d+)项、暂无数据(\d+)项；综合得分([\d.]+)分", text)
    assert m, text
    assert int(m[1]) == len({r["indicator"] for r in rows})
    assert int(m[2]) == len(rows)
    assert [int(m[i]) for i in range(3, 8)] == [counts[s] for s in ("达标", "正常", "滞后", "逾期", "无数据")]
    # the score as the 总览 page computes it for the same filter
    _, snap, f = snapshot_view(sample_db, docs[name]["filter"])
    assert m[8] == number(metrics.overall_score(views.apply(snap.status, f)), 1)
    delta = views.score_delta(snap, f)
    word = "提高" if delta > 0 else "下降"
    assert f"较上期（2023年8月）{word}{number(abs(delta), 1)}分" in text
    # the projection counts: projected_status of status --json
    p = re.search(r"预计达标(\d+)项、预计未达标(\d+)项；其余(\d+)项", text)
    projected = Counter(r["projected_status"] for r in rows)
    assert (int(p[1]), int(p[2]), int(p[3])) == (projected["预计达标"], projected["预计未达标"], projected[None])
    # reports not in for the period: an item whose latest figure is older than 2023-09, or missing
    late = [r for r in rows if r["period"] != PERIOD]
    if late:
        r = re.search(r"本期应报送指标数据(\d+)项，按期报送(\d+)项；未按期报送(\d+)项（其中从未报送(\d+)项）", text)
        assert [int(r[i]) for i in range(1, 5)] == [len(rows), len(rows) - len(late), len(late),
                                                     sum(x["period"] is None for x in late)]
    # tasks by reported state, as the snapshot holds them
    tasks = views.apply(snap.tasks, f)
    t = re.search(r"(\d+)项重点任务分解到责任单位和县区共(\d+)项。截至本期，已完成(\d+)项、推进中(\d+)项、未启动(\d+)项、"
                  r"滞后(\d+)项，未报送进展(\d+)项", text)
    states = Counter(tasks["state"].dropna())
    assert [int(t[i]) for i in range(1, 8)] == [
        tasks["task"].nunique(), len(tasks), states["已完成"], states["推进中"], states["未启动"], states["滞后"],
        int(tasks["state"].isna().sum())]


def _problem_tables(doc) -> list[tuple[str, list[str]]]:
    """(indicator name, row) for every row of every table under 存在问题."""
    out, name = [], None
    for kind, *rest in section(doc, "存在问题"):
        if kind == "p" and rest[0] == "Heading 2":
            name = re.sub(r"^（[一二三四五六七八九十]+）", "", rest[1])
        elif kind == "t":
            header, *body = rest[0]
            assert header[:3] == ["序号", "责任单位", "县区"]
            out += [(name, row) for row in body]
    return out


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_item_behind_is_listed_with_its_figures(docs, sample_db, name):
    ctx = service.open_context(sample_db)
    catalog = {i.id: i for i in ctx.bundle.indicators}
    plan = ctx.bundle.config
    behind = {(catalog[r["indicator"]].name, r["department"], r["county"]): r
              for r in docs[name]["status"] if r["status"] in (BEHIND, OVERDUE)}
    listed = _problem_tables(docs[name]["doc"])
    assert {(n, row[1], row[2]) for n, row in listed} == set(behind)
    assert len(listed) == len(behind)
    for n, row in listed:
        r = behind[(n, row[1], row[2])]
        ind = catalog[r["indicator"]]
        assert float(NUMBER.search(row[3])[0]) == pytest.approx(r["actual"], abs=0.005)
        if r["period"] != PERIOD:
            assert f"（{int(r['period'][5:])}月数据）" in row[3]
        fraction = metrics.elapsed_fraction(PERIOD, plan.plan_start, ind.deadline)
        expected = metrics.expected_value(ind.target, ind.direction, ind.baseline, fraction)
        assert float(NUMBER.search(row[4])[0]) == pytest.approx(expected, abs=0.051)
        if r["projected"] is None:
            assert "不作测算" in row[5]
        else:
            assert float(NUMBER.search(row[5])[0]) == pytest.approx(r["projected"], abs=0.051)
            assert row[5].endswith(r["projected_status"])
        assert row[6].startswith(r["status"])
    # the ledger clause of each indicator behind, quoted in 【】 as the ledger writes it
    clauses = {g.text for t in ctx.bundle.ledger.tasks for g in t.targets}
    quoted = re.findall(r"台账要求：【(.+?)】", text_of(section(docs[name]["doc"], "存在问题")))
    assert len(quoted) == len({k[0] for k in behind})
    assert set(quoted) <= clauses


@pytest.mark.parametrize("name", list(FILTERS))
def test_county_ranking_equals_status_json(docs, sample_db, name):
    flt = {k: v for k, v in docs[name]["filter"].items() if k == "department"}  # ranking compares counties
    rows = [r for r in status_json(sample_db, flt) if r["county"] != CITY_WIDE]
    table = next(b[1] for b in section(docs[name]["doc"], "县区推进情况") if b[0] == "t")
    header, *body = table
    assert header == ["排名", "县区", "综合得分", "达标", "正常", "滞后", "逾期", "无数据"]
    assert {r[1] for r in body} == {"大武口区", "惠农区", "平罗县"}
    for row in body:
        counts = Counter(r["status"] for r in rows if r["county"] == row[1])
        assert [int(x) for x in row[3:]] == [counts[s] for s in ("达标", "正常", "滞后", "逾期", "无数据")]
    _, snap, f = snapshot_view(sample_db, flt)
    ranking = metrics.by_county(views.apply(snap.status, f))  # as the 县区 page ranks them
    assert [(r[0], r[1], r[2]) for r in body] == [
        (str(int(x.rank)), x.county, number(x.score, 1)) for x in ranking.itertuples()]
    if name == "county":
        mine = next(r for r in body if r[1] == "惠农区")
        assert f"惠农区在3个县区中排第{mine[0]}位" in text_of(section(docs[name]["doc"], "县区推进情况"))


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
    ok(cli("briefing", str(path), "--period", PERIOD, "--lang", "en", db=sample_db))
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
    proc = cli("briefing", str(out), "--period", "2023-11", db=sample_db)
    assert proc.returncode == 1 and "期间 2023-11 没有填报数据（有数据的期间：2023-01 至 2023-09）" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
    proc = cli("briefing", str(out), "--county", "火星区", db=sample_db)
    assert proc.returncode == 1 and "未知县区“火星区”" in proc.stderr and not out.exists()
    ok(cli("setup", "--no-sample", db=empty_db))
    proc = cli("orders", str(out), db=empty_db)
    assert proc.returncode == 1 and "尚未导入任何填报数据" in proc.stderr and not out.exists()


def test_pdf_without_libreoffice_says_so_and_keeps_the_docx(sample_db, tmp_path):
    out = tmp_path / "b.docx"
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_DB"}
    env["PATH"] = str(tmp_path)  # no soffice on this PATH
    cmd = [sys.executable, "-m", "ledger", "briefing", str(out), "--period", PERIOD, "--pdf", "--db", sample_db]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1
    assert "未安装 LibreOffice（soffice），无法生成 PDF；Word 文件已写入" in proc.stderr
    assert out.exists() and not out.with_suffix(".pdf").exists()


# --- LibreOffice: PDF, pages, text ---------------------------------------------------------------

NEEDS = [shutil.which(t) for t in ("soffice", "pdftoppm", "pdftotext", "pdfinfo", "pdffonts")]
if not all(NEEDS) and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but LibreOffice or poppler-utils is missing: the PDF tests must run in CI")
needs_office = pytest.mark.skipif(not all(NEEDS), reason="LibreOffice (soffice) or poppler-utils not installed")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


@needs_office
def test_pdf_pages_render_with_text_and_cjk_fonts(sample_db, tmp_path):
    out = tmp_path / "通报.docx"
    ok(cli("briefing", str(out), "--period", PERIOD, "--pdf", db=sample_db))
    pdf = out.with_suffix(".pdf")
    rows = status_json(sample_db, {})
    n_orders = sum(r["status"] in (BEHIND, OVERDUE) for r in rows)
    pages = _pages(pdf)
    assert pages >= 4 + n_orders
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == pages and all(p.stat().st_size > 2000 for p in pngs)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "石嘴山市营商环境提质升级行动推进情况通报" in flat
    assert "一、总体情况" in flat and "五、下一步工作" in flat
    counts = Counter(r["status"] for r in rows)
    assert f"达标{counts['达标']}项、进度正常{counts['正常']}项" in flat
    assert "—1—" in flat  # page numbers
    # one 督办单 a page: each page of the appendix holds exactly one number
    per_page = [len(re.findall(r"督办〔2023〕第09-\d{3}号", re.sub(r"\s+", "", p))) for p in text.split("\f")]
    assert sum(per_page) == n_orders and max(per_page) == 1
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # the official faces, mapped for the PDF
    assert "DejaVu" not in fonts


@needs_office
def test_orders_command_one_page_each(sample_db, tmp_path):
    out = tmp_path / "督办单.docx"
    proc = ok(cli("orders", str(out), "--period", PERIOD, "--department", "市税务局", "--pdf", db=sample_db))
    rows = status_json(sample_db, {"department": "市税务局"})
    n = sum(r["status"] in (BEHIND, OVERDUE) for r in rows)
    assert n >= 2 and f"督办单 {n} 份" in proc.stdout
    assert len(_orders(Document(out))) == n
    assert _pages(out.with_suffix(".pdf")) == n
