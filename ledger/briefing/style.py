"""公文 layout for python-docx: A4, GB/T 9704 margins, the fonts offices use, page numbers.

The fonts are named as offices have them (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312); each run's
``w:rFonts`` carries the name in ``w:eastAsia`` (Word picks the East-Asian font from there, not from
the ASCII name) and Times New Roman for digits and Latin letters. A .docx cannot carry fonts, so where
they are missing (here: only Noto CJK is installed) :mod:`ledger.briefing.pdf` maps them to installed
CJK faces for the PDF.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

#: The official faces (what the document names) and the sizes of GB/T 9704 (2号 22 pt, 3号 16 pt …);
#: tables in 五号 (10.5 pt).
TITLE_FONT, HEADING1_FONT, HEADING2_FONT, BODY_FONT, PAGE_NUMBER_FONT = (
    "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体",
)
LATIN_FONT = "Times New Roman"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = Pt(22), Pt(16), Pt(10.5), Pt(14)
#: Least height of a table row.
ROW_HEIGHT = Mm(7.5)
#: 22 lines of 3号 on the 225 mm type area.
LINE = Pt(28.9)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
#: Width of the type area (210 − 28 − 26 mm).
TEXT_WIDTH = Mm(156)
RED = RGBColor(0xC0, 0x00, 0x00)
BLACK = RGBColor(0, 0, 0)

STYLE_TITLE, STYLE_H1, STYLE_H2, STYLE_BODY, STYLE_TABLE, STYLE_CAPTION = (
    "公文标题", "Heading 1", "Heading 2", "Normal", "公文表格", "公文图注",
)


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a style or run: ``w:eastAsia`` = ``east_asia``; ASCII, hAnsi = ``latin``.

    Theme font attributes (``asciiTheme`` …) are removed: Word lets them override the names.
    """
    _name_fonts(rpr_owner.element.get_or_add_rPr(), east_asia, latin)


def _name_fonts(rpr, east_asia: str, latin: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _style(doc, name: str, *, font: str, size, bold: bool = False, align=None, indent: bool = True,
           line=LINE, base: str | None = None):
    styles = doc.styles
    known = {s.name for s in styles}
    style = styles[name] if name in known else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    set_fonts(style, font)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = line
    pf.first_line_indent = Pt(32) if indent else Pt(0)
    pf.left_indent = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    pf.widow_control = True
    return style


def new_document(*, header_text: str = "", lang: str = "zh"):
    """An empty 公文: A4, margins 37/35/28/26 mm, the styles, page numbers "— N —" (odd pages right,
    even pages left, one character in from the edge), and ``header_text`` (e.g. 示例数据) in red at
    the top of every page when given. In English (``lang="en"``) the title and level-1 headings are
    bold, as the Chinese faces that mark them (小标宋, 黑体) have no Latin counterpart, and the body is
    ragged right."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    section.start_type = WD_SECTION.NEW_PAGE

    _document_language(doc)
    _style(doc, STYLE_BODY, font=BODY_FONT, size=BODY_SIZE)
    english = lang == "en"
    if english:  # justified English between Chinese names stretches the spaces: ragged right instead
        doc.styles[STYLE_BODY].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, STYLE_TITLE, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
           indent=False, line=Pt(36), base=STYLE_BODY, bold=english)
    for name, font in ((STYLE_H1, HEADING1_FONT), (STYLE_H2, HEADING2_FONT)):
        h = _style(doc, name, font=font, size=BODY_SIZE, base=STYLE_BODY, bold=english and name == STYLE_H1)
        h.paragraph_format.keep_with_next = True
    _style(doc, STYLE_TABLE, font=BODY_FONT, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
           indent=False, line=Pt(16), base=STYLE_BODY)
    _style(doc, STYLE_CAPTION, font=HEADING2_FONT, size=Pt(14), align=WD_ALIGN_PARAGRAPH.CENTER,
           indent=False, line=Pt(24), base=STYLE_BODY)

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    for header in (section.header, section.even_page_header):
        p = header.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        if header_text:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(header_text)
            set_fonts(run, HEADING1_FONT)
            run.font.size, run.font.color.rgb = Pt(12), RED
    return doc


def _document_language(doc) -> None:
    """Default run properties: Chinese (zh-CN) for East-Asian text, so line breaking follows it."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    _name_fonts(rpr, BODY_FONT, LATIN_FONT)


def _mark(paragraph, kind: str):
    run = paragraph.add_run()
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    run._r.append(mark)
    return run


def _field(paragraph, instruction: str, shown: str = "1") -> list:
    """A Word field (PAGE …) in ``paragraph``: begin, instruction, separate, result, end; its runs."""
    begin = _mark(paragraph, "begin")
    code = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    code._r.append(instr)
    separate = _mark(paragraph, "separate")
    result = paragraph.add_run(shown)
    return [begin, code, separate, result, _mark(paragraph, "end")]


def _page_number(paragraph, *, odd: bool) -> None:
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        pf.right_indent = PAGE_NUMBER_SIZE
    else:
        pf.left_indent = PAGE_NUMBER_SIZE
    runs = [paragraph.add_run("— "), *_field(paragraph, "PAGE"), paragraph.add_run(" —")]
    for run in runs:
        set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        run.font.size = PAGE_NUMBER_SIZE


def _style_id(doc, name: str) -> str:
    """The id of style ``name``, looked up once per document (python-docx's ``x.style = …`` looks
    the default style up on every call: 6 s of a 64-page document)."""
    ids = doc.__dict__.setdefault("_style_ids", {})
    if name not in ids:
        ids[name] = doc.styles[name].style_id
    return ids[name]


def styled(p, doc, name: str):
    """Give paragraph ``p`` the style ``name`` by its id. Returns ``p``."""
    style_id = _style_id(doc, name)
    if style_id != "Normal":
        p._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    return p


def paragraph(doc, text: str = "", style: str = STYLE_BODY, *, align=None, indent: bool | None = None,
              bold: bool = False, color: RGBColor | None = None):
    """A paragraph of ``text`` in ``style``; ``indent`` False removes the 2-character first-line indent."""
    p = styled(doc.add_paragraph(), doc, style)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        p.alignment = align
    if indent is False:
        p.paragraph_format.first_line_indent = Pt(0)
    return p


def runs(p, parts: list[tuple[str, dict]]) -> None:
    """Append runs to ``p``: ``(text, {"font": east-asian font, "bold": …, "highlight": True})``."""
    for text, fmt in parts:
        run = p.add_run(text)
        if fmt.get("font"):
            set_fonts(run, fmt["font"])
        if fmt.get("bold"):
            run.bold = True
        if fmt.get("highlight"):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if fmt.get("color") is not None:
            run.font.color.rgb = fmt["color"]


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def shade(cell, fill: str) -> None:
    """Fill a table cell with a colour (hex ``RRGGBB``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def table(
    doc,
    header: list[str] | None,
    rows: list[list[str]],
    widths_mm: list[float],
    *,
    bold_rows: set[int] | frozenset[int] = frozenset(),
    align_left: set[int] | frozenset[int] = frozenset(),
):
    """A grid table in 公文表格 style: ``header`` row in 黑体 (repeated on every page), ``rows`` of
    text; ``bold_rows`` (0-based among ``rows``) in bold; columns in ``align_left`` left-aligned."""
    n_cols = len(widths_mm)
    t = doc.add_table(rows=0, cols=n_cols)
    t._tbl.tblStyle_val = _style_id(doc, "Table Grid")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    body = [*([header] if header else []), *rows]
    for r, values in enumerate(body):
        row = t.add_row()
        row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST  # air around 五号 lines
        is_header = header is not None and r == 0
        tr_pr = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")  # a row is never broken across two pages
        keep.set(qn("w:val"), "true")
        tr_pr.append(keep)
        if is_header:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
        data_index = r - (1 if header else 0)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(widths_mm[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            styled(p, doc, STYLE_TABLE)
            if c in align_left and not is_header:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = p.add_run(str(value))
            if is_header:
                set_fonts(run, HEADING1_FONT)
            if data_index in bold_rows:
                run.bold = True
    for c, col in enumerate(t.columns):
        col.width = Mm(widths_mm[c])
    return t


def picture(doc, png: bytes, width_mm: float = 150) -> None:
    """A centred image (PNG bytes) as wide as ``width_mm``."""
    import io

    p = styled(doc.add_paragraph(), doc, STYLE_CAPTION)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.keep_with_next = True  # the caption follows the chart
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
