"""Ledgers published as Word (.docx) and as PDF: real documents written with python-docx, converted to
PDF by real LibreOffice, read back."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

from ledger.read import LedgerParseError, read_ledger

BAOTOU = ["昆都仑区", "青山区", "东河区", "九原区"]
LONG = "持续深化改革，巩固提升改革成效，形成可复制可推广的经验做法。"
TASKS = [
    # (category, number, title, text paragraphs, departments paragraphs, deadline)
    ("一、提升政务服务效能", "1", "压缩企业开办时间", ["全面推行企业开办“一网通办”。", "将企业开办时间由1个工作日压缩至0.5个工作日。"],
     ["市政务服务局（牵头）", "市市场监管局、市税务局"], "2024年6月底前"),
    ("一、提升政务服务效能", "2", "推行“一件事一次办”", ["年底前上线集成服务30项以上，办理时限压缩50%以上。"],
     ["市政务服务局", "市大数据中心", "各旗县区人民政府"], "2024年12月底前"),
    ("一、提升政务服务效能", "3", "提升不动产登记效率", ["一般登记、抵押登记分别压缩至3、1个工作日。"],
     ["市自然资源局", "国家金融监督管理总局包头监管分局"], "持续推进"),
    ("二、优化要素保障", "4", "提升获得电力水平", ["低压小微企业用电报装接电时间压缩至五个工作日，提供7×24小时服务。"],
     ["内蒙古电力（集团）有限责任公司包头供电分公司", "市发改委"], "2024年9月底前"),
    ("二、优化要素保障", "5", "加大融资支持力度", ["普惠小微贷款增长15%以上，对300万元以下的项目给予贴息。"],
     ["人行包头市分行", "市金融办", "昆都仑区人民政府"], "2024年底前"),
]


def table_docx(path: Path) -> Path:
    """A Word ledger table: a title over two paragraphs, the header in its own order, the category
    column merged vertically, several paragraphs in a cell, tasks numbered straight through, a 注."""
    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    d.add_paragraph("附件")
    d.add_paragraph("包头市2024年优化营商环境")
    d.add_paragraph("重点任务清单")
    table = d.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["类别", "序号", "重点任务", "具体措施", "责任单位", "完成时限"],
                          strict=True):
        cell.text = text
    spans: dict[str, list[int]] = {}
    for category, number, title, text, departments, deadline in TASKS:
        row = table.add_row()
        spans.setdefault(category, []).append(len(table.rows) - 1)
        cells = row.cells
        cells[1].text, cells[2].text, cells[5].text = number, title, deadline
        cells[3].text = text[0]
        for extra in text[1:]:
            cells[3].add_paragraph(extra)
        cells[4].text = departments[0]
        for extra in departments[1:]:
            cells[4].add_paragraph(extra)
    for category, rows in spans.items():
        merged = table.cell(rows[0], 0).merge(table.cell(rows[-1], 0))
        merged.text = category
    d.add_paragraph("注：各旗县区参照执行。")
    d.save(path)
    return path


def prose_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("晋城市2024年优化营商环境实施方案")
    d.add_paragraph("为深入推进营商环境改革，制定本方案。")
    d.add_paragraph("一、总体目标")
    d.add_paragraph("到2024年底，政务服务满意度达到95%以上。")
    d.add_paragraph("二、重点任务")
    d.add_paragraph("（一）优化政务服务")
    d.add_paragraph("1.推进企业开办全程网办。企业开办时间压缩至1个工作日。（责任单位：市行政审批局、市市场监管局）")
    d.add_paragraph("2.深化工程建设项目审批改革。审批时间压缩至三十个工作日以内。")
    d.add_paragraph("牵头单位：市住建局；配合单位：市自然资源局，各县（市、区）人民政府")
    d.add_paragraph("（二）强化要素保障")
    d.add_paragraph("1.提升用水报装效率。用水报装时间压缩至3个工作日。（市水务局牵头，市住建局配合）")
    d.add_paragraph("三、保障措施")
    d.add_paragraph("（一）加强组织领导。各部门要高度重视。")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("word")


def check_table(ledger, *, pdf: bool = False) -> None:
    assert ledger.title == "包头市2024年优化营商环境重点任务清单"
    assert (ledger.city, ledger.plan_year) == ("包头市", 2024)
    assert [c.name for c in ledger.categories] == ["提升政务服务效能", "优化要素保障"]
    assert [t.id for t in ledger.tasks] == ["1.1", "1.2", "1.3", "2.1", "2.2"]  # numbered straight through
    assert [t.title for t in ledger.tasks] == [t[2] for t in TASKS]
    t11, t12, t13, t21, t22 = ledger.tasks
    first = "全面推行企业开办“一网通办”。将企业开办时间由1个工作日压缩至0.5个工作日。"
    assert t11.text.startswith(first) if pdf else t11.text == first
    if pdf:  # the long cells' text, joined over the page breaks, has every sentence whole
        assert all(t.text.endswith(LONG * 12) for t in ledger.tasks)
    assert list(t11.departments) == ["市政务服务局", "市市场监管局", "市税务局"] and t11.lead == "市政务服务局"
    assert [(g.value, g.unit, g.op, g.baseline) for g in t11.targets] == [(0.5, "工作日", "<=", 1)]
    assert list(t12.departments) == ["市政务服务局", "市大数据中心"] and list(t12.county_list) == BAOTOU
    assert [(g.value, g.unit) for g in t13.targets] == [(3, "工作日"), (1, "工作日")]
    assert list(t13.departments) == ["市自然资源局", "国家金融监督管理总局包头监管分局"]
    assert list(t21.departments) == ["内蒙古电力（集团）有限责任公司包头供电分公司", "市发改委"]
    assert [(g.value, g.unit) for g in t21.targets] == [(5, "工作日")]
    assert list(t22.departments) == ["人行包头市分行", "市金融办"] and list(t22.county_list) == ["昆都仑区"]
    assert [(g.value, g.unit, g.op) for g in t22.targets] == [(15, "%", ">=")]


def test_docx_table(folder):
    path = table_docx(folder / "包头.docx")
    ledger = read_ledger(path, counties=BAOTOU)
    check_table(ledger)
    assert ledger.tasks[0].targets and not ledger.warnings
    where = read_ledger(path.read_bytes(), counties=BAOTOU).tasks  # bytes: read by content, no name
    assert [t.id for t in where] == ["1.1", "1.2", "1.3", "2.1", "2.2"]


def test_docx_two_header_rows_and_category_rows(folder):
    d = docx.Document()
    d.add_paragraph("平凉市2024年营商环境重点任务台账")
    table = d.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].text, head[1].text = "序号", "工作任务"
    head[2].merge(head[3]).text = "责任单位"
    sub = table.rows[1].cells
    sub[2].text, sub[3].text = "牵头单位", "配合单位"
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    rows = [("一", "提升政务服务水平", "", ""),
            ("1", "推进企业开办。压缩至1个工作日。", "市审批局", "市税务局\n市人社局"),
            ("二", "优化要素保障", "", ""),
            ("2", "保障用地。审批时间压缩至20个工作日。", "市自然资源局", "")]
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    path = folder / "平凉.docx"
    d.save(path)
    ledger = read_ledger(path)
    assert [(t.id, t.category, t.title) for t in ledger.tasks] == [
        ("1.1", "提升政务服务水平", "推进企业开办"), ("2.1", "优化要素保障", "保障用地")]
    assert list(ledger.tasks[0].departments) == ["市审批局", "市税务局", "市人社局"]
    assert list(ledger.tasks[0].support) == ["市税务局", "市人社局"]
    assert list(ledger.tasks[1].departments) == ["市自然资源局"] and ledger.tasks[1].support == ()


def test_docx_prose(folder):
    ledger = read_ledger(prose_docx(folder / "晋城.docx"), counties=["城区", "泽州县", "高平市"])
    assert ledger.title == "晋城市2024年优化营商环境实施方案"
    assert [(t.id, t.group, t.title) for t in ledger.tasks] == [
        ("2.1", "优化政务服务", "推进企业开办全程网办"),
        ("2.2", "优化政务服务", "深化工程建设项目审批改革"),
        ("2.3", "强化要素保障", "提升用水报装效率"),
    ]
    t1, t2, t3 = ledger.tasks
    assert list(t1.departments) == ["市行政审批局", "市市场监管局"]
    assert list(t2.departments) == ["市住建局", "市自然资源局"] and list(t2.support) == ["市自然资源局"]
    assert list(t2.county_list) == ["城区", "泽州县", "高平市"]
    assert [(g.value, g.unit, g.op) for g in t2.targets] == [(30, "工作日", "<=")]
    assert list(t3.departments) == ["市水务局", "市住建局"] and list(t3.support) == ["市住建局"]


def test_docx_word_numbering(folder):
    """Numbers drawn by Word's list numbering (not typed) still number the tasks."""
    d = docx.Document()
    d.add_paragraph("固原市2024年营商环境行动方案")
    d.add_paragraph("一、政务服务")
    d.add_paragraph("推进企业开办。压缩至1个工作日。（责任单位：市审批局）", style="List Number")
    d.add_paragraph("推进工程审批。压缩至30个工作日。（责任单位：市住建局）", style="List Number")
    path = folder / "固原.docx"
    d.save(path)
    ledger = read_ledger(path)
    assert [(t.id, t.title, t.lead) for t in ledger.tasks] == [("1.1", "推进企业开办", "市审批局"),
                                                               ("1.2", "推进工程审批", "市住建局")]


def test_docx_unnumbered_top_headings_are_categories(folder):
    """Heading 1 paragraphs without a number are the categories, in order; tasks numbered straight through
    take ids within their category; a Heading 1 without tasks (保障措施) is no category; the Title style
    paragraphs are the title."""
    d = docx.Document()
    d.add_paragraph("某政办发〔2024〕1号")
    d.add_paragraph("固原市2024年营商环境", style="Title")
    d.add_paragraph("提升行动方案", style="Title")
    d.add_paragraph("为优化营商环境，制定本方案。")
    d.add_heading("审批提速", level=1)
    d.add_paragraph("1.推进企业开办。压缩至1个工作日。（责任单位：市审批局）")
    d.add_paragraph("2.推进工程审批。压缩至30个工作日。（责任单位：市住建局）")
    d.add_heading("要素保障", level=1)
    d.add_heading("用电", level=2)
    d.add_paragraph("3.提升获得电力水平。接电时间压缩至5个工作日。（国网固原供电公司负责）")
    d.add_heading("保障措施", level=1)
    d.add_paragraph("各有关单位要加强组织领导。")
    path = folder / "固原标题.docx"
    d.save(path)
    ledger = read_ledger(path)
    assert ledger.title == "固原市2024年营商环境提升行动方案"
    assert [c.name for c in ledger.categories] == ["审批提速", "要素保障"]
    assert [(t.id, t.category, t.lead) for t in ledger.tasks] == [
        ("1.1", "审批提速", "市审批局"), ("1.2", "审批提速", "市住建局"), ("2.1", "要素保障", "国网固原供电公司")]
    # the plan's title styled Heading 1 too: still the title, not a category
    d.paragraphs[1].style = d.styles["Heading 1"]
    d.paragraphs[2].style = d.styles["Normal"]
    d.paragraphs[2].text = ""
    d.save(path)
    ledger = read_ledger(path)
    assert ledger.title == "固原市2024年营商环境"
    assert [c.name for c in ledger.categories] == ["审批提速", "要素保障"]


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found and os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required under CI=true")
    return found


def to_pdf(docx_path: Path, out: Path) -> Path:
    exe = soffice()
    if not exe:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = out / "lo-profile"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx_path)], check=True, capture_output=True, timeout=120)
    return out / (docx_path.stem + ".pdf")


def test_pdf_from_libreoffice(folder):
    """The Word table, converted by real LibreOffice, reads to the same ledger (rows cut by page
    breaks joined); so does the prose 方案."""
    long_table = folder / "包头长.docx"
    table_docx(long_table)
    d = docx.Document(long_table)
    for row in d.tables[0].rows[1:]:  # long cells, so that rows break across pages
        row.cells[3].add_paragraph(LONG * 12)
    d.save(long_table)
    pdf = to_pdf(long_table, folder)
    ledger = read_ledger(pdf, counties=BAOTOU)
    check_table(ledger, pdf=True)
    with __import__("pdfplumber").open(pdf) as doc:
        assert len(doc.pages) >= 3  # the rows were really cut by page breaks
    prose = read_ledger(to_pdf(prose_docx(folder / "晋城.docx"), folder))
    assert [(t.id, t.group) for t in prose.tasks] == [("2.1", "优化政务服务"), ("2.2", "优化政务服务"),
                                                       ("2.3", "强化要素保障")]
    assert list(prose.tasks[1].departments) == ["市住建局", "市自然资源局"]


def test_scanned_pdf_is_refused_with_a_sentence(folder):
    from PIL import Image

    image = Image.new("RGB", (800, 1100), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    with pytest.raises(LedgerParseError) as err:
        read_ledger(buffer.getvalue())
    assert err.value.code == "read_no_text_layer"
    assert "文字层" in err.value.message("zh") and "OCR" in err.value.message("en")


def test_docx_one_table_per_category_and_title_in_the_table(folder):
    d = docx.Document()
    for no, (heading, tasks) in enumerate([("一、政务服务", ["推进企业开办。压缩至1个工作日。"]),
                                           ("二、要素保障", ["保障用电。接电压缩至5个工作日。", "保障用水。报装压缩至3个工作日。"])]):
        d.add_paragraph(heading)
        rows = 1 + len(tasks) + (1 if no == 0 else 0)
        table = d.add_table(rows=rows, cols=3)
        table.style = "Table Grid"
        at = 0
        if no == 0:
            table.cell(0, 0).merge(table.cell(0, 2)).text = "吴忠市2024年营商环境任务清单"
            at = 1
        for cell, text in zip(table.rows[at].cells, ["序号", "工作措施", "责任单位"], strict=True):
            cell.text = text
        for i, task in enumerate(tasks, start=1):
            cells = table.rows[at + i].cells
            cells[0].text, cells[1].text, cells[2].text = str(i), task, "市发改委、财政局"
    path = folder / "分表.docx"
    d.save(path)
    ledger = read_ledger(path)
    assert ledger.title == "吴忠市2024年营商环境任务清单" and ledger.plan_year == 2024
    assert [(t.id, t.category, t.title) for t in ledger.tasks] == [
        ("1.1", "政务服务", "推进企业开办"), ("2.1", "要素保障", "保障用电"), ("2.2", "要素保障", "保障用水")]
    assert list(ledger.tasks[0].departments) == ["市发改委", "市财政局"]


@pytest.mark.parametrize("name", ["yinchuan_2025_docx_table", "pingliang_2024_docx_table"])
def test_fixture_docx_converted_by_libreoffice_reads_as_expected(folder, name):
    """A fixture Word table, printed to PDF by real LibreOffice here, reads to its hand-made expected parse."""
    from tests import test_fixture_ledgers as harness

    source = folder / f"{name}.docx"
    shutil.copy(harness.FOLDER / f"{name}.docx", source)
    pdf = to_pdf(source, folder)
    want = harness.EXPECTED[name]
    options = want["options"]
    ledger = read_ledger(pdf, city=options["city"], plan_year=options["plan_year"], counties=options["counties"])
    problems = harness._mismatches(name, ledger, want)
    assert not problems, "\n".join(problems)


def test_table_with_lead_responsible_and_support_columns():
    """牵头单位 · 责任单位 · 配合单位 columns in any order: departments are the lead column's, then the
    责任 column's, then the 配合 column's; support is the 配合 column's only; counties come from any of them."""
    from ledger.read.counties import CountyMatcher
    from ledger.read.departments import split_cell
    from ledger.read.tables import find_header, table_blocks

    for head in (["序号", "工作任务", "牵头单位", "责任单位", "配合单位"],
                 ["序号", "工作任务", "责任单位", "牵头部门", "配合部门"]):
        lead_at, resp_at = head.index(next(h for h in head if h.startswith("牵头"))), head.index("责任单位")
        rows = [head]
        for lead, resp, support in (("市甲局", "市乙局、昆都仑区人民政府", "市丙局"), ("市丁局", "", "")):
            row = ["1", "推进某项改革，时间压缩至3个工作日。", "", "", ""]
            row[lead_at], row[resp_at], row[4] = lead, resp, support
            rows.append(row)
        at, cols = find_header(rows)
        blocks, _ = table_blocks(rows[at + 1:], cols, lambda r, c: None, hard_breaks=True)
        matcher = CountyMatcher(BAOTOU, "包头市")
        got = [split_cell(b.departments, city="包头市", counties=matcher, hard_breaks=True) for b in blocks]
        assert [(list(w.departments), list(w.support), list(w.county_list)) for w in got] == [
            (["市甲局", "市乙局", "市丙局"], ["市丙局"], ["昆都仑区"]), (["市丁局"], [], [])], head


@pytest.mark.parametrize("head", [
    ["类别", "序号", "工作任务", "目标要求", "牵头单位", "配合单位", "完成时限"],
    ["序号", "主要任务", "具体措施", "责任单位"],  # 主要任务 is a title word: unchanged
    ["序号", "具体举措", "工作措施", "牵头部门"],
])
def test_two_text_columns_the_left_one_names_the_task(head):
    """Two text columns (工作任务 · 目标要求) and no title column: the left one is the task's title, the
    right one its text; a table with a title column keeps its columns."""
    from ledger.read.tables import TEXT, TITLE, header

    cols = header(head)
    assert cols is not None
    assert head[cols.roles[TITLE]] == head[1 if head[0] == "序号" else 2]
    assert head[cols.roles[TEXT]] == head[cols.roles[TITLE] + 1]


def test_pdf_table_without_ruling_lines(folder):
    """The Word table without borders, converted by LibreOffice, has no ruling lines for pdfplumber to
    find: the columns come from the header words' places, rows from the 序号 column, rows cut by page
    breaks go on with the row above, and the ledger reads the same."""
    path = folder / "包头无框.docx"
    table_docx(path)
    d = docx.Document(path)
    table = d.tables[0]
    table.style = d.styles["Normal Table"]
    for row in table.rows[1:]:  # long cells, so that rows break across pages
        row.cells[3].add_paragraph(LONG * 12)
    d.save(path)
    pdf = to_pdf(path, folder)
    with __import__("pdfplumber").open(pdf) as doc:
        assert len(doc.pages) >= 3 and not any(page.find_tables() for page in doc.pages)
    check_table(read_ledger(pdf, counties=BAOTOU), pdf=True)
