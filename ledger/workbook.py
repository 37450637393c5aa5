"""The analysts' workbook: write the template, read an upload into tidy frames, report problems.

* :func:`write_template` — the ``.xlsx`` analysts fill in (sheets 填报说明, 指标进度, 任务进展, 指标目标 and a
  hidden ``lists`` sheet feeding the dropdowns), one pre-listed row per reporting key.
* :func:`read_upload` — bytes or a path → :class:`Upload` (PROGRESS_COLUMNS / TASK_COLUMNS /
  INDICATOR_COLUMNS frames), or :class:`WorkbookError` listing *every* :class:`Problem` found.
* :func:`write_problems` / :func:`highlight_upload` — a validation report, and a copy of the upload with
  the bad cells filled red and commented.

The columns, their aliases and which are required are declared once, in :data:`SCHEMAS`.

Value rules (also stated in 填报说明):

* 实际值 is a number in the indicator's unit. For ``%`` indicators ``52``, ``52%``, ``５２％`` and a
  %-formatted ``0.52`` all mean 52; a plain ``0.52`` is taken as written (0.52%). A percentage is
  rejected for other units. Negative values are rejected; so are ``%`` values above 1000 (a ratio such as
  用地审批时效占法定时限比例 may exceed 100, a tenfold excess is a unit mistake).
* 完成百分比 is 0–100 (empty allowed); 进度状态 one of :data:`~ledger.model.TASK_STATES`.
* 期间 becomes ``YYYY-MM`` and must lie in the plan year; it is required on every row that has a value.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import openpyxl
import pandas as pd
import python_calamine
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from . import assign
from .config import normalize_name
from .model import CITY_WIDE, GE, INDICATOR_COLUMNS, LE, PROGRESS_COLUMNS, TASK_COLUMNS, TASK_STATES

if TYPE_CHECKING:
    from . import Bundle

# --- schema: declared once --------------------------------------------------------------------

GUIDE, PROGRESS, TASKS, TARGETS, LISTS = "填报说明", "指标进度", "任务进展", "指标目标", "lists"

#: Sheet name → accepted spellings (compared after NFKC, whitespace removal and lower-casing).
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    PROGRESS: ("progress", "indicatorprogress", "指标完成情况"),
    TASKS: ("tasks", "taskprogress", "任务进度"),
    TARGETS: ("targets", "indicators", "catalog", "指标目录"),
}


@dataclass(frozen=True)
class Col:
    """One column of a sheet: canonical field, Chinese header, accepted aliases and its role.

    ``role``: ``key`` (part of the record key, forward-filled through merged cells), ``value`` (a row
    whose value cells are all empty is skipped), ``helper`` (written for reading, ignored on read).
    ``numeric`` columns have their number formats read (a %-formatted 0.52 means 52).
    """

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    role: str = "value"
    numeric: bool = False
    width: float = 12


_PERIOD = Col("period", "期间", ("period", "month", "月份", "报告期", "填报期间", "时间"),
              True, "key", width=10)
_DEPT = Col("department", "责任部门", ("department", "dept", "部门", "牵头部门", "单位"),
            True, "key", width=20)
_COUNTY = Col("county", "县区", ("county", "district", "area", "区县", "县(区)", "地区"),
              True, "key", width=10)

SCHEMAS: dict[str, tuple[Col, ...]] = {
    PROGRESS: (
        _PERIOD,
        Col("indicator", "指标编号", ("indicator", "indicator_id", "indicatorid", "id", "指标"), True, "key"),
        Col("name", "指标名称", ("name", "indicator_name"), role="helper", width=40),
        _DEPT,
        _COUNTY,
        Col("actual", "实际值", ("actual", "value", "完成值", "实际完成值", "数值"), True, numeric=True),
        Col("note", "备注", ("note", "notes", "remark", "remarks", "说明"), width=30),
    ),
    TASKS: (
        _PERIOD,
        Col("task", "任务编号", ("task", "task_id", "taskid", "任务"), True, "key"),
        Col("name", "任务名称", ("name", "task_name", "title"), role="helper", width=28),
        _DEPT,
        _COUNTY,
        Col("status", "进度状态", ("status", "state", "状态", "进展状态", "进度"), True),
        Col("percent", "完成百分比", ("percent", "pct", "percentage", "完成比例", "完成进度"), numeric=True),
        Col("completion", "工作完成情况", ("completion", "progress", "完成情况", "进展情况"), width=50),
    ),
    TARGETS: (
        Col("indicator", "编号", ("indicator", "id", "indicator_id", "指标编号"), True, "key", width=8),
        Col("name", "名称", ("name", "指标名称"), True, width=36),
        Col("task", "任务", ("task", "task_id", "任务编号"), True, width=8),
        Col("target", "目标值", ("target", "value", "目标"), True, numeric=True, width=10),
        Col("unit", "单位", ("unit",), True, width=10),
        Col("direction", "方向", ("direction", "op"), True, width=8),
        Col("deadline", "截止日期", ("deadline", "due", "截止时间"), width=12),
        Col("baseline", "基期值", ("baseline", "base", "基准值", "基期"), numeric=True, width=10),
    ),
}

HEADER_SEARCH_ROWS = 10
TOTAL_ROW = re.compile(r"^[(（\[【]?(合计|小计|总计)")
STATUS_ALIASES = {"完成": "已完成", "进行中": "推进中", "正在推进": "推进中", "未开始": "未启动"}
DIRECTIONS = {
    ">=": GE, "≥": GE, "不低于": GE, "不少于": GE, "以上": GE, "大于等于": GE,
    "<=": LE, "≤": LE, "不高于": LE, "不超过": LE, "以内": LE, "小于等于": LE,
}
MAX_PERCENT = 1000.0
#: Zip-bomb guards, checked on the zip's directory and then on the decompressed stream before any XML
#: is parsed: total uncompressed size; the compression ratio of one member and of the whole file
#: (both only above RATIO_FLOOR uncompressed bytes: small parts may compress very well); members.
MAX_UNZIPPED = 300 * 2**20
MAX_MEMBER_RATIO = 100
MAX_TOTAL_RATIO = 200
RATIO_FLOOR = 10 * 2**20
MAX_MEMBERS = 10_000
_XML_PARTS = (".xml", ".rels", ".vml")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# --- problems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload. ``row`` is the Excel row number; ``column`` the header as written
    in the file (or a column letter); ``sheet`` is empty for problems with the file as a whole."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else "文件"
        if self.row is not None:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：“{self.value}” {self.message}" if self.value else f"{where}：{self.message}"


class WorkbookError(ValueError):
    """An upload that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        head = "；".join(str(p) for p in self.problems[:3])
        more = f"（共 {len(self.problems)} 个问题）" if len(self.problems) > 3 else ""
        super().__init__(head + more)


@dataclass(frozen=True)
class Upload:
    """A validated upload: tidy frames, rows read per sheet and the file's identity."""

    progress: pd.DataFrame
    tasks: pd.DataFrame
    targets: pd.DataFrame | None
    rows: dict[str, int]
    sha256: str
    file_name: str


# --- writing the template ---------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
_HELPER_FONT = Font(color="808080")
_BAD_FILL = PatternFill("solid", start_color="FFC7CE")
_SPARE_ROWS = 300


def _guide_lines(bundle: Bundle) -> list[str]:
    year = bundle.config.plan_year
    return [
        f"{bundle.config.city}优化营商环境任务分工台账 · 数据填报模板（{year} 年度）",
        "",
        "1. 请勿修改工作表名称和表头；可以在表头上方加标题行。",
        "2. “指标进度”和“任务进展”已按 指标/任务 × 责任部门 × 县区 预先列出，只需填写数值；"
        "未填写的行不导入。",
        f"3. 期间填写报告月份，格式 YYYY-MM（如 {year}-06），也可写 {year}年6月 或日期；必须在 {year} 年内，"
        "凡填写了数值的行都必须有期间。",
        "4. 实际值只填数字，单位见“指标名称”括号内，例如（%）或（工作日）。百分比指标填百分数的数值："
        "52% 可填 52 或 52%，设为百分比格式的 0.52 也按 52 读取，但不带格式的 0.52 按 0.52 读取。",
        f"5. 实际值不能为负数；百分比指标的实际值不超过 {MAX_PERCENT:g}。",
        f"6. 进度状态只能选：{' / '.join(TASK_STATES)}；完成百分比填 0–100 的数字，可留空。",
        "7. 指标编号、任务编号、责任部门、县区、进度状态请从下拉列表中选择；县区“全市”表示全市汇总数。",
        "8. 灰色字体的“指标名称”“任务名称”为只读参考列，修改不会被导入。",
        "9. “指标目标”是指标目录：可修改目标值、方向（>= 或 <=）、截止日期、基期值，"
        "或在末尾新增指标（任务须已存在）。",
        "10. 空行和“合计/小计/总计”行会被跳过；同一期间、指标（任务）、部门、县区只能填写一行。",
        "11. 上传后系统逐项校验，有问题时列出工作表、行号、列名和原因，并可下载校验报告。",
    ]


def _inert(cell: Any) -> Any:
    """Keep text that starts with ``=`` a string: openpyxl would otherwise write it as a formula, and
    names in the catalog or values in a report are user text (formula injection)."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _append_text(ws: Any, values: list) -> None:
    """``ws.append`` with every cell of the new row made inert (see :func:`_inert`)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        _inert(cell)


def write_template(bundle: Bundle, path: str | Path | IO[bytes], *, period: str | None = None) -> None:
    """Write the analysts' workbook to ``path`` (a path or a binary buffer).

    Every key of :func:`assign.indicator_keys` / :func:`assign.task_keys` gets a row; 期间 holds
    ``period`` (``YYYY-MM``) or is left blank when ``period`` is None.
    """
    ledger, config = bundle.ledger, bundle.config
    if period is not None:
        period, why = _period(period)
        if period is None:
            raise ValueError(f"期间{why}")
    tasks = {t.id: t for t in ledger.tasks}
    inds = {i.id: i for i in bundle.indicators}
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = GUIDE
    for n, line in enumerate(_guide_lines(bundle), start=1):
        guide.cell(n, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110

    lists_data = {
        "责任部门": ledger.departments,
        "县区": config.areas,
        "进度状态": list(TASK_STATES),
        "指标编号": list(inds),
        "任务编号": list(tasks),
        "方向": [GE, LE],
    }
    refs = {}
    lists = wb.create_sheet(LISTS)
    for c, (name, values) in enumerate(lists_data.items(), start=1):
        lists.cell(1, c, name)
        for r, v in enumerate(values, start=2):
            _inert(lists.cell(r, c, v))
        letter = get_column_letter(c)
        refs[name] = f"{LISTS}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    lists.sheet_state = "hidden"

    ikeys = assign.indicator_keys(ledger, bundle.indicators, config)
    progress_rows = [
        [period, k.indicator, f"{inds[k.indicator].name}（{inds[k.indicator].unit}）", k.department, k.county,
         None, None]
        for k in ikeys.itertuples(index=False)
    ]
    tkeys = assign.task_keys(ledger, config)
    task_rows = [
        [period, k.task, tasks[k.task].title, k.department, k.county, None, None, None]
        for k in tkeys.itertuples(index=False)
    ]
    target_rows = [
        [i.id, i.name, i.task_id, i.target, i.unit, i.direction, i.deadline, i.baseline]
        for i in bundle.indicators
    ]
    sheets = {PROGRESS: progress_rows, TASKS: task_rows, TARGETS: target_rows}
    dropdowns = {"indicator": "指标编号", "task": "任务编号", "department": "责任部门", "county": "县区",
                 "status": "进度状态", "direction": "方向"}
    for sheet_name, rows in sheets.items():
        ws = wb.create_sheet(sheet_name, index=len(wb.sheetnames) - 1)  # keep `lists` last
        cols = SCHEMAS[sheet_name]
        ws.append([c.header for c in cols])
        for row in rows:
            _append_text(ws, row)
        last = len(rows) + 1 + _SPARE_ROWS
        for j, col in enumerate(cols, start=1):
            letter = get_column_letter(j)
            head = ws.cell(1, j)
            head.font, head.fill = _HEADER_FONT, _HEADER_FILL
            ws.column_dimensions[letter].width = col.width
            area = f"{letter}2:{letter}{last}"
            if col.field in ("period", "indicator", "task") and sheet_name != TARGETS:
                ws.column_dimensions[letter].number_format = "@"  # keep 2023-06 and 1.10 as text
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).number_format = "@"
            if col.role == "helper":
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).font = _HELPER_FONT
            if col.field == "deadline":
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).number_format = "yyyy-mm-dd"
            if col.field in dropdowns and not (sheet_name == TARGETS and col.field == "indicator"):
                list_name = dropdowns[col.field]
                dv = DataValidation(type="list", formula1=refs[list_name], allow_blank=True,
                                    showErrorMessage=True, errorTitle="无效输入",
                                    error=f"请从下拉列表中选择{list_name}")
                if col.field == "indicator":
                    dv.errorStyle = "warning"  # new indicators may be added in 指标目标
                dv.add(area)
                ws.add_data_validation(dv)
            if col.field == "percent":
                dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                    allow_blank=True, showErrorMessage=True, errorTitle="无效输入",
                                    error="完成百分比应为 0–100 的数字")
                dv.add(area)
                ws.add_data_validation(dv)
            if col.numeric:
                for r in range(2, len(rows) + 2):
                    ws.cell(r, j).number_format = "General"
        ws.freeze_panes = "A2"
    wb.properties.title = f"{config.city}营商环境任务台账填报模板"
    wb.save(path)


# --- reading an upload -----------------------------------------------------------------------


def _is_blank(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _show(v: Any, limit: int = 60) -> str:
    """A cell value as shown in a Problem (trimmed)."""
    if _is_blank(v):
        return ""
    if isinstance(v, datetime) and not (v.hour or v.minute or v.second):
        text = v.date().isoformat()
    elif isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        text = str(int(v))
    else:
        text = str(v).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nfkc(v: Any) -> str:
    return unicodedata.normalize("NFKC", str(v)).strip()


def _header_key(v: Any) -> str:
    text = normalize_name(v).lower()
    text = re.sub(r"[(\[【].*?[)\]】]", "", text)  # 实际值(%) → 实际值 (NFKC made （） ASCII)
    return text.strip("*:：")


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _number(v: Any, percent_format: bool = False) -> tuple[float, bool] | None:
    """Parse a cell as a number → (value, written as a percentage?), or None when it is not one.

    ``52%`` → (52, True); a %-formatted 0.52 → (52, True); ``５２`` → (52, False).
    """
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        try:
            x = float(v)
        except OverflowError:
            return None
        if not math.isfinite(x):
            return None
        return (round(x * 100, 9), True) if percent_format else (x, False)
    if isinstance(v, str):
        text = _nfkc(v).replace(",", "").replace(" ", "")
        pct = text.endswith("%")
        text = text.rstrip("%")
        if not _NUMBER.fullmatch(text):
            return None
        x = float(text)
        return (x, pct) if math.isfinite(x) else None
    return None


_EXCEL_EPOCH = datetime(1899, 12, 30)
_PERIOD_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*月份?|\s*[-/.]\s*\d{1,2}\s*日?(?:[ T].*)?)?")


def _period(v: Any) -> tuple[str | None, str]:
    """A 期间 cell → (``YYYY-MM``, "") or (None, why it cannot be read)."""
    unreadable = "无法识别为期间，请写成 YYYY-MM（如 2023-06）"
    year = month = None
    if isinstance(v, datetime | date):
        year, month = v.year, v.month
    elif isinstance(v, bool):
        return None, unreadable
    elif isinstance(v, int | float):
        x = float(v)
        if not math.isfinite(x):
            return None, unreadable
        if x.is_integer() and 190001 <= x <= 210012:  # 202306
            year, month = divmod(int(x), 100)
        elif x.is_integer() and 1900 <= x <= 2100:
            return None, "只有年份，缺少月份，请写成 YYYY-MM"
        elif 1900 <= x < 2101:  # 2023.06 typed into a number cell
            year, frac = int(x), round((x - int(x)) * 100)
            if frac == 10:
                return None, "有歧义（2023.1 是一月还是十月？），请写成 YYYY-MM"
            month = frac
        elif 1 <= x < 2958466:  # an Excel date serial
            d = _EXCEL_EPOCH + timedelta(days=int(x))
            year, month = d.year, d.month
        else:
            return None, unreadable
    elif isinstance(v, str):
        text = _nfkc(v)
        m = _PERIOD_TEXT.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})", text)
        if not m:
            return None, unreadable
        year, month = int(m.group(1)), int(m.group(2))
    if year is None or month is None or not 1 <= month <= 12:
        return None, unreadable
    return f"{year:04d}-{month:02d}", ""


def _date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool) and 1 <= v < 2958466:
        return (_EXCEL_EPOCH + timedelta(days=int(v))).date()
    if isinstance(v, str):
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?", _nfkc(v))
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _id_text(v: Any) -> str:
    """An id cell as text: 1.1 (a number) → "1.1"; "ｋ０１ 覆盖率" → "K01"."""
    if isinstance(v, float) and math.isfinite(v):
        text = str(int(v)) if v.is_integer() else repr(v)
    else:
        text = _nfkc(v)
    parts = text.split()
    return parts[0].upper() if parts else ""


def _is_number_cell(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and not _is_blank(v)


def _percent_format(fmt: str | None) -> bool:
    return bool(fmt) and "%" in re.sub(r'"[^"]*"|\\.', "", fmt)


def inspect_container(data: bytes, file_name: str, *, max_bytes: int | None = None) -> list[Problem]:
    """Check an upload as a file, before any of its XML is parsed → [] or one file-level Problem.

    The type is judged by content, not by name: an ``.xlsx`` is a zip holding ``xl/workbook.xml``
    (an OLE2 file is an old ``.xls`` or an encrypted workbook). Then the zip-bomb guards: the
    directory's sizes and compression ratios (:data:`MAX_UNZIPPED`, :data:`MAX_MEMBER_RATIO`,
    :data:`MAX_TOTAL_RATIO`), and a streamed pass over every member that verifies its CRC (so a
    directory that understates a size is caught) and refuses XML with a DTD (``<!DOCTYPE`` /
    ``<!ENTITY``: entity-expansion bombs; Excel never writes one). ``max_bytes`` limits the file size.
    """

    def fail(message: str) -> list[Problem]:
        return [Problem("", None, "", file_name, message)]

    if not data:
        return fail("是空文件")
    if max_bytes is not None and len(data) > max_bytes:
        return fail(f"文件大小 {len(data) / 2**20:.1f} MB，超过上传上限 {max_bytes / 2**20:g} MB")
    if data.startswith(OLE2_MAGIC):
        return fail(
            "文件已加密或为旧版 .xls 格式，无法读取：请取消密码保护，或在 Excel 中另存为 .xlsx 后再上传"
        )
    if not data.startswith(ZIP_MAGIC):
        return fail("不是 Excel 工作簿（.xlsx），请使用系统生成的模板填报")
    damaged = "文件已损坏（可能未完整上传），请重新保存后上传"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > MAX_MEMBERS:
                return fail(f"压缩包内文件过多（{len(infos)} 个），不是正常的 Excel 工作簿")
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                return fail("不是 Excel 工作簿（.xlsx）：压缩包中没有 xl/workbook.xml")
            problem = _size_problem(infos)
            if problem:
                return fail(problem)
            for info in infos:
                if info.flag_bits & 0x1:
                    return fail("文件已加密，无法读取：请取消密码保护后再上传")
                problem = _scan_member(zf, info)
                if problem:
                    return fail(problem)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return fail(damaged)
    return []


def _size_problem(infos: list[zipfile.ZipInfo]) -> str | None:
    """The zip directory's sizes against the bomb limits (None when they are fine)."""
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNZIPPED:
        size = f"{total / 2**20:.0f} MB，上限 {MAX_UNZIPPED // 2**20} MB"
        return f"文件解压后过大（{size}），请删除无关的工作表或图片后再上传"
    for i in infos:
        ratio = i.file_size / max(1, i.compress_size)
        if i.file_size > RATIO_FLOOR and ratio > MAX_MEMBER_RATIO:
            size = f"{i.filename} 解压后 {i.file_size / 2**20:.0f} MB，压缩比 {ratio:.0f}:1"
            return f"文件压缩比异常（{size}），疑似压缩炸弹，已拒绝读取"
    if total > RATIO_FLOOR and total / packed > MAX_TOTAL_RATIO:
        size = f"解压后 {total / 2**20:.0f} MB，压缩比 {total / packed:.0f}:1"
        return f"文件压缩比异常（{size}），疑似压缩炸弹，已拒绝读取"
    return None


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """Decompress one member in chunks (zipfile stops at the declared size and checks the CRC);
    refuse XML parts that carry a DTD."""
    xml = info.filename.lower().endswith(_XML_PARTS)
    tail = b""
    with zf.open(info) as stream:
        while chunk := stream.read(1 << 20):
            if not xml:
                continue
            window = tail + chunk
            if any(m in window for m in _DTD_MARKERS):
                return (f"文件含有 XML 文档类型声明（DOCTYPE/ENTITY，位于 {info.filename}），"
                        "Excel 不会生成这种内容，疑似恶意构造，已拒绝读取")
            tail = window[-16:]
    return None


try:  # the strings pandas' readers take for missing values ('', 'NA', 'N/A', '#N/A', 'NULL', …)
    from pandas._libs.parsers import STR_NA_VALUES as _PANDAS_NA
except ImportError:  # pragma: no cover - the same list, should pandas move it
    _PANDAS_NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                  "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
_NA_TEXT = frozenset(_PANDAS_NA)
_UNSET = object()


def _cells_frame(rows: list[list]) -> pd.DataFrame:
    """python-calamine's cell values as ``pd.read_excel(header=None, dtype=object)`` returns them (whole
    floats as int, dates as datetime, pandas' missing-value spellings such as '' and 'NA' as NaN), built
    column by column instead of cell by cell (4× faster at 100k rows)."""
    frame = pd.DataFrame(rows, dtype=object)
    nan, dt, day = math.nan, datetime, date
    for j in frame.columns:
        values = frame[j].to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=False) == "string":
            na = frame[j].isin(_NA_TEXT).to_numpy(dtype=bool)
            if not na.any():
                continue
            values = values.copy()
            values[na] = nan
        else:
            converted = [
                nan if (kind := type(v)) is str and v in _NA_TEXT
                else (int(v) if v.is_integer() else v) if kind is float
                else dt(v.year, v.month, v.day) if kind is day
                else v
                for v in values
            ]
            values = np.empty(len(converted), dtype=object)
            values[:] = converted
        frame[j] = pd.Series(values, index=frame.index, dtype=object)
    return frame


class _Book:
    """An upload opened with python-calamine (what ``pd.ExcelFile(engine="calamine")`` wraps): its
    worksheet names, each sheet's cell values and merged ranges."""

    def __init__(self, data: bytes) -> None:
        self._wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        self._merged: dict[str, list[tuple[int, int, int, int]]] = {}

    @property
    def sheet_names(self) -> list[str]:
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        return [s.name for s in self._wb.sheets_metadata if s.typ == worksheet]

    def rows(self, sheet: str) -> list[list]:
        ws = self._wb.get_sheet_by_name(sheet)
        try:
            ranges = ws.merged_cell_ranges
        except Exception:  # merged ranges are then read from the sheet's XML
            ranges = None
        if ranges is not None:
            self._merged[sheet] = [(c1, r1, c2, r2) for (r1, c1), (r2, c2) in ranges]
        return ws.to_python(skip_empty_area=False)

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]] | None:
        return self._merged.get(sheet)

    def close(self) -> None:
        self._wb.close()


class _Reader:
    """State for reading one upload: the raw bytes, the opened workbook and the problems found."""

    def __init__(self, data: bytes, bundle: Bundle, file_name: str):
        self.data, self.bundle, self.file_name = data, bundle, file_name
        self.problems: list[Problem] = []
        self.zip: zipfile.ZipFile | None = None
        self.book: _Book | None = None
        self._formats_wb: Any = None
        self._sheet_paths: dict[str, str] | None = None
        self._pct_styles: Any = _UNSET

    # -- the file as a whole --
    def open(self) -> _Book | None:
        problems = inspect_container(self.data, self.file_name)
        if problems:
            self.problems.extend(problems)
            return None
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        try:
            self.book = _Book(self.data)
            return self.book
        except Exception:  # calamine raises its own error types for damaged parts
            self.problems.append(Problem("", None, "", self.file_name, "文件已损坏，无法读取工作簿内容"))
            return None

    def parse(self, book: _Book, sheet: str) -> pd.DataFrame | None:
        try:
            return _cells_frame(book.rows(sheet))
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
        # calamine could not convert some cell (e.g. a huge number formatted as a date): openpyxl
        # reads the same sheet more slowly, and the per-cell checks then name the bad cell.
        try:
            wb = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            try:
                rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
            finally:
                wb.close()
            return pd.DataFrame(rows, dtype=object)
        except Exception:
            self.problems.append(Problem(sheet, None, "", "", "工作表已损坏或含有超出范围的日期，无法读取"))
            return None

    def _paths(self) -> dict[str, str]:
        """Sheet name → path of its XML part in the zip (for merged-cell ranges)."""
        if self._sheet_paths is None:
            self._sheet_paths = {}
            if self.zip is None:
                return self._sheet_paths
            try:
                rels = ElementTree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
                targets = {r.get("Id"): r.get("Target", "") for r in rels}
                root = ElementTree.fromstring(self.zip.read("xl/workbook.xml"))
                for el in root.iter():
                    if el.tag.endswith("}sheet"):
                        rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                        target = targets.get(rid, "")
                        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                        self._sheet_paths[el.get("name", "")] = path
            except (KeyError, ElementTree.ParseError, DefusedXmlException):
                pass  # no merged ranges known: key cells must then be filled in
        return self._sheet_paths

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges of a sheet as 0-based (min_col, min_row, max_col, max_row)."""
        known = self.book.merged(sheet) if self.book is not None else None
        if known is not None:  # calamine read them with the sheet
            return known
        path = self._paths().get(sheet)
        if not path or self.zip is None:
            return []
        try:
            xml = self.zip.read(path)
        except KeyError:
            return []
        out = []
        for ref in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml):
            c1, r1, c2, r2 = range_boundaries(ref.decode())
            out.append((c1 - 1, r1 - 1, c2 - 1, r2 - 1))
        return out

    def percent_cells(self, table: _Table) -> set[tuple[int, str]]:
        """(Excel row, field) of the cells in numeric columns that are formatted as a percentage.

        The cell formats that show a percentage are looked up once in the styles part (as openpyxl reads
        it); when there are any, the sheet's XML is searched for cells with one of them. A workbook whose
        formats cannot be read that way is read with openpyxl (read-only, much slower).
        """
        schema = SCHEMAS[table.kind]
        cols = {table.cols[c.field][0]: c.field for c in schema if c.numeric and c.field in table.cols}
        if not cols:
            return set()
        try:
            styles = self._percent_styles()
            if styles is not None and 0 not in styles:  # style 0 is also that of cells without one
                found = self._styled_cells(table.sheet, styles) if styles else set()
                if found is not None:
                    return {(row, cols[col]) for row, col in found if col in cols}
        except Exception:  # formats are a refinement: read them the slow way
            pass
        return self._percent_cells_openpyxl(table, cols)

    def _percent_styles(self) -> set[int] | None:
        """Indices of the cell formats (``cellXfs``) whose number format shows a percentage, computed as
        openpyxl computes ``cell.number_format``; None when the styles part cannot be read."""
        if self._pct_styles is _UNSET:
            self._pct_styles = None
            if self.zip is not None:
                try:
                    src = self.zip.read("xl/styles.xml")
                except KeyError:  # no styles part: every cell is General
                    self._pct_styles = set()
                    return self._pct_styles
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    sheet = Stylesheet.from_tree(ElementTree.fromstring(src))
                out = set()
                for k, style in enumerate(sheet.cell_styles):
                    fmt_id = style.numFmtId
                    fmt = (BUILTIN_FORMATS.get(fmt_id, "General") if fmt_id < BUILTIN_FORMATS_MAX_SIZE
                           else sheet.number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE])
                    if _percent_format(fmt):
                        out.add(k)
                self._pct_styles = out
        return self._pct_styles

    def _styled_cells(self, sheet: str, styles: set[int]) -> set[tuple[int, int]] | None:
        """(Excel row, 0-based column) of the cells of ``sheet`` whose style is one of ``styles``; None
        when that cannot be told from the XML (a cell without its ``r`` reference)."""
        path = self._paths().get(sheet)
        if not path or self.zip is None:
            return None
        xml = self.zip.read(path)
        # a literal start keeps the search fast (40 MB of XML at 100k rows); the attribute is then checked
        wanted = re.compile(rb's="(?:' + b"|".join(str(s).encode() for s in sorted(styles)) + rb')"')
        out = set()
        for m in wanted.finditer(xml):
            if xml[m.start() - 1 : m.start()] not in (b" ", b"\t", b"\n", b"\r"):
                continue
            start = xml.rfind(b"<", 0, m.start())
            tag = xml[start : m.end()]
            name = re.match(rb"<(?:[\w.-]+:)?([\w.-]+)", tag)
            if name is None or name.group(1) != b"c":  # a row's or a column's style, not a cell's
                continue
            ref = re.search(rb'\sr="\$?([A-Z]{1,3})\$?(\d+)"', tag)
            if ref is None:
                return None
            out.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode()) - 1))
        return out

    def _percent_cells_openpyxl(self, table: _Table, cols: dict[int, str]) -> set[tuple[int, str]]:
        """:meth:`percent_cells` through openpyxl: only when a numeric column holds a number, scanning the
        rows and columns between the first and last of those numbers."""
        rows = [i + 1 for i in range(table.header_row + 1, len(table.raw))
                if any(_is_number_cell(table.raw.iat[i, j]) for j in cols)]
        if not rows:
            return set()
        lo, hi = min(cols) + 1, max(cols) + 1
        out = set()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about odd cells calamine has already read
                if self._formats_wb is None:
                    self._formats_wb = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True)
                ws = self._formats_wb[table.sheet]
                cells = ws.iter_rows(min_row=rows[0], max_row=rows[-1], min_col=lo, max_col=hi)
                for r, row in enumerate(cells, start=rows[0]):
                    for k, cell in enumerate(row):
                        field = cols.get(getattr(cell, "column", lo + k) - 1)
                        if field and _percent_format(getattr(cell, "number_format", None)):
                            out.add((getattr(cell, "row", r), field))
        except Exception:  # formats are a refinement; the values still come from calamine
            return set()
        return out

    def close(self) -> None:
        if self._formats_wb is not None:
            self._formats_wb.close()
        if self.zip is not None:
            self.zip.close()


def _find_sheet(names: list[str], canonical: str) -> str | None:
    wanted = {canonical, *SHEET_ALIASES.get(canonical, ())}
    wanted = {normalize_name(w).lower() for w in wanted}
    return next((n for n in names if normalize_name(n).lower() in wanted), None)


@dataclass
class _Table:
    """A located sheet: its kind (canonical name), name as written, header row index,
    field → (column index, header as written) and the raw rows."""

    kind: str
    sheet: str
    header_row: int
    cols: dict[str, tuple[int, str]]
    raw: pd.DataFrame

    def header(self, field: str) -> str:
        return self.cols[field][1]


def _locate(reader: _Reader, kind: str, sheet: str, raw: pd.DataFrame) -> _Table | None:
    """Find the header row among the first rows; report each missing required header."""
    if not any(raw[c].notna().any() for c in raw.columns):
        reader.problems.append(Problem(sheet, None, "", "", "工作表是空的，缺少表头"))
        return None
    schema = SCHEMAS[kind]
    lookup = {}
    for col in schema:
        for name in (col.header, col.field, *col.aliases):
            lookup.setdefault(_header_key(name), col.field)
    required = [c for c in schema if c.required]
    best: tuple[int, int, dict[str, tuple[int, str]]] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(raw))):
        cols: dict[str, tuple[int, str]] = {}
        for j, v in enumerate(raw.iloc[i].tolist()):
            if isinstance(v, str) and (field := lookup.get(_header_key(v))) and field not in cols:
                cols[field] = (j, v.strip())
        hits = sum(c.field in cols for c in required)
        if hits == len(required):
            return _Table(kind, sheet, i, cols, raw)
        if hits and (best is None or hits > best[1]):
            best = (i, hits, cols)
    row = best[0] + 1 if best else None
    found = best[2] if best else {}
    for col in required:
        if col.field not in found:
            reader.problems.append(Problem(sheet, row, col.header, "", f"缺少必需的列“{col.header}”"))
    return None


def _fill_merged(table: _Table, merged: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    """Copy the top-left value of merged ranges into the blank key cells they cover."""
    keys = {table.cols[c.field][0] for c in SCHEMAS[table.kind] if c.role == "key" and c.field in table.cols}
    raw = table.raw
    if not merged or not keys:
        return raw
    raw = raw.copy()
    for c1, r1, _c2, r2 in merged:
        if c1 not in keys or r1 <= table.header_row or r1 >= len(raw):
            continue
        top = raw.iat[r1, c1]
        for i in range(r1 + 1, min(r2, len(raw) - 1) + 1):
            if _is_blank(raw.iat[i, c1]):
                raw.iat[i, c1] = top
    return raw


class _Context:
    """What a row is checked against: tasks, indicators (catalog + uploaded 指标目标), names."""

    def __init__(self, bundle: Bundle, targets: pd.DataFrame | None):
        self.tasks = {t.id: t for t in bundle.ledger.tasks}
        self.units = {i.id: (i.task_id, i.unit) for i in bundle.indicators}
        if targets is not None:
            for r in targets.itertuples(index=False):
                self.units[r.indicator] = (r.task, r.unit)
        self.departments = bundle.ledger.departments
        self.config = bundle.config

    def indicator(self, text: str) -> str | None:
        if text in self.units:
            return text
        m = re.fullmatch(r"([A-Z]+)0*(\d+)", text)
        if m:
            return next((k for k in self.units if re.fullmatch(m.group(1) + r"0*" + m.group(2), k)), None)
        return None


@dataclass
class _Row:
    """One data row being checked: ``bad(field, message)`` records a Problem on one of its cells."""

    problems: list[Problem]
    table: _Table
    row: int
    cells: dict[str, Any]

    def bad(self, field: str, message: str, value: str | None = None) -> None:
        shown = _show(self.cells.get(field)) if value is None else value
        self.problems.append(Problem(self.table.sheet, self.row, self.table.header(field), shown, message))


def _read_records(reader: _Reader, table: _Table, ctx: _Context) -> pd.DataFrame:
    """Validate the data rows of 指标进度 or 任务进展 → a PROGRESS_COLUMNS / TASK_COLUMNS frame.

    The rows are checked column by column (each distinct text once); only when some row has a problem
    are they checked again one by one, which names every problem (same result, 50× slower).
    """
    raw = _fill_merged(table, reader.merged(table.sheet))
    pct = reader.percent_cells(table)
    fast = _records_by_column(table, raw, ctx, pct)
    if fast is not None:
        return fast
    return _frame(_records_by_row(reader, table, raw, ctx, pct), *_FRAMES[table.kind])


def _records_by_row(
    reader: _Reader, table: _Table, raw: pd.DataFrame, ctx: _Context, pct: set[tuple[int, str]]
) -> list[dict]:
    """The row-by-row check behind :func:`_read_records` → records (dicts keyed by field); every
    problem goes to ``reader.problems``."""
    problems, schema = reader.problems, SCHEMAS[table.kind]
    is_progress = table.kind == PROGRESS
    id_field = "indicator" if is_progress else "task"
    fields = [c for c in schema if c.field in table.cols and c.role != "helper"]
    keys = [c for c in fields if c.role == "key"]
    values = [c for c in fields if c.role == "value"]
    out: list[dict] = []
    seen: dict[tuple, int] = {}
    for i in range(table.header_row + 1, len(raw)):
        excel_row = i + 1
        cells = {c.field: raw.iat[i, table.cols[c.field][0]] for c in fields}
        if all(_is_blank(cells[c.field]) for c in values):
            continue
        if any(isinstance(cells[c.field], str) and TOTAL_ROW.match(normalize_name(cells[c.field]))
               for c in keys):
            continue

        bad = _Row(problems, table, excel_row, cells).bad
        before = len(problems)
        rec: dict[str, Any] = {}
        # 期间
        if _is_blank(cells["period"]):
            bad("period", "本行填写了数值，但缺少期间")
        else:
            period, why = _period(cells["period"])
            if period is None:
                bad("period", why)
            elif int(period[:4]) != ctx.config.plan_year:
                bad("period", f"不在计划年度 {ctx.config.plan_year} 年内")
            rec["period"] = period
        # 指标编号 / 任务编号 → its task
        task = None
        unit = ""
        id_text = _id_text(cells[id_field]) if not _is_blank(cells[id_field]) else ""
        if not id_text:
            bad(id_field, f"本行填写了数值，但缺少{table.header(id_field)}")
        elif is_progress:
            ind = ctx.indicator(id_text)
            if ind is None:
                bad(id_field, "不是已知的指标编号（见“指标目标”表）")
            else:
                task_id, unit = ctx.units[ind]
                task = ctx.tasks.get(task_id)
                rec["indicator"] = ind
        else:
            task = ctx.tasks.get(id_text)
            if task is None:
                bad(id_field, f"不是已知的任务编号（可选：{'、'.join(ctx.tasks)}）")
            rec["task"] = id_text
        # 责任部门
        if _is_blank(cells["department"]):
            bad("department", "本行填写了数值，但缺少责任部门")
        else:
            dept = ctx.config.canonical_department(str(cells["department"]), known=ctx.departments)
            if dept is None:
                bad("department", "不是台账中的责任部门")
            elif task is not None and dept not in task.departments:
                bad("department", f"不是任务 {task.id}（{task.title}）的责任部门"
                                  f"（责任部门：{'、'.join(task.departments)}）")
            rec["department"] = dept
        # 县区
        if _is_blank(cells["county"]):
            bad("county", "本行填写了数值，但缺少县区（全市汇总请填“全市”）")
        else:
            county = ctx.config.canonical_county(str(cells["county"]))
            if county is None:
                bad("county", f"不是已知的县区（可选：{'、'.join(ctx.config.areas)}）")
            elif task is not None and not task.counties and county != CITY_WIDE:
                bad("county", f"任务 {task.id} 未分解到县区，县区只能填“{CITY_WIDE}”")
            rec["county"] = county
        # values
        if is_progress:
            _progress_values(cells, rec, unit, (excel_row, "actual") in pct, bad)
        else:
            _task_values(cells, rec, (excel_row, "percent") in pct, bad)
        if len(problems) > before:
            continue
        key = tuple(rec[k] for k in ("period", id_field, "department", "county"))
        if key in seen:
            names = "、".join(table.header(c.field) for c in keys)
            bad(id_field, f"与第 {seen[key]} 行重复（{names}都相同）", value=" ".join(key))
            continue
        seen[key] = excel_row
        out.append(rec)
    return out


def _is_total(v: Any) -> bool:
    return isinstance(v, str) and TOTAL_ROW.match(normalize_name(v)) is not None


@dataclass(frozen=True)
class _Mapped:
    """A function of every cell of a column: ``values`` per row, and ``codes`` per row into ``results``
    (the distinct values, NaN where the function gave None)."""

    values: np.ndarray
    codes: np.ndarray
    results: np.ndarray

    @property
    def complete(self) -> bool:
        """No cell gave None (a problem)."""
        return not pd.isna(self.results).any()


def _by_value(values: np.ndarray, fn: Callable[[Any], Any]) -> _Mapped:
    """``fn`` of every value of an object array, computed once per distinct text: a column of 300k cells
    holds a few hundred texts. Numbers and dates are passed one by one (1 == 1.0 == True in a dict);
    missing values (None, NaN) may be passed as one another, so ``fn`` must treat them alike. ``fn``
    returns text, a bool or None."""
    if len(values) and pd.api.types.infer_dtype(values, skipna=True) == "string":
        raw_codes, uniques = pd.factorize(values, use_na_sentinel=False)  # texts and missing values only
        mapped = np.empty(len(uniques), dtype=object)
        for k, u in enumerate(uniques):
            mapped[k] = fn(u)
        result_codes, results = pd.factorize(mapped, use_na_sentinel=False)
        codes = result_codes[raw_codes]
        return _Mapped(results[codes], codes, results)
    memo: dict[str, Any] = {}
    out = np.empty(len(values), dtype=object)
    for k, v in enumerate(values):
        if type(v) is str:
            r = memo.get(v, _UNSET)
            if r is _UNSET:
                r = memo[v] = fn(v)
            out[k] = r
        else:
            out[k] = fn(v)
    codes, results = pd.factorize(out, use_na_sentinel=False)
    return _Mapped(out, codes, results)


def _row_codes(columns: list[_Mapped]) -> np.ndarray:
    """One code per row for the combination of the columns' values (equal rows, equal codes)."""
    code = np.zeros(len(columns[0].codes), dtype=np.int64)
    for col in columns:
        code, _ = pd.factorize(code * len(col.results) + col.codes)
    return code


def _blank_mask(values: np.ndarray) -> np.ndarray:
    """:func:`_is_blank` of every value of an object array (each distinct text checked once)."""
    codes, uniques = pd.factorize(values)  # missing values get code -1
    # only texts can be blank among the values present (two equal numbers may share a code: no matter)
    blank = np.array([*(isinstance(u, str) and not u.strip() for u in uniques), True], dtype=bool)
    return blank[codes]  # code -1 (missing) takes the last entry, True


def _texts(values: np.ndarray) -> np.ndarray:
    """A free-text column as stored: '' for a blank cell, else the text stripped."""
    if len(values) and pd.api.types.infer_dtype(values, skipna=True) == "string":
        return _by_value(values, lambda v: "" if _is_blank(v) else str(v).strip()).values
    out = np.empty(len(values), dtype=object)
    out[:] = ["" if _is_blank(v) else str(v).strip() for v in values]
    return out


def _numbers(
    values: np.ndarray, pct_rows: np.ndarray, blank_ok: bool
) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`_number` of every value → (values, written as a percentage?); None when one is not a number
    (or is blank, unless ``blank_ok``: then it is NaN). ``pct_rows`` marks %-formatted cells."""
    x = np.full(len(values), np.nan)
    as_pct = np.zeros(len(values), dtype=bool)
    for k, v in enumerate(values):
        kind = type(v)
        if (kind is float or kind is int) and not pct_rows[k]:
            try:
                x[k] = v
            except OverflowError:
                return None
            continue
        if _is_blank(v):
            if not blank_ok:
                return None
            continue
        parsed = _number(v, bool(pct_rows[k]))
        if parsed is None:
            return None
        x[k], as_pct[k] = parsed
    blank = np.isnan(x)
    if (~np.isfinite(x) & ~blank).any() or (blank.any() and not blank_ok):
        return None
    return x, as_pct


def _records_by_column(
    table: _Table, raw: pd.DataFrame, ctx: _Context, pct: set[tuple[int, str]]
) -> pd.DataFrame | None:
    """The records of 指标进度 / 任务进展 computed column by column; None when any row has a problem (the
    row-by-row check then names them all). Same rules and result as :func:`_records_by_row`."""
    schema = SCHEMAS[table.kind]
    is_progress = table.kind == PROGRESS
    id_field = "indicator" if is_progress else "task"
    fields = [c.field for c in schema if c.field in table.cols and c.role != "helper"]
    keys = [c.field for c in schema if c.field in fields and c.role == "key"]
    values = [c.field for c in schema if c.field in fields and c.role == "value"]
    columns, floats = _FRAMES[table.kind]
    start = table.header_row + 1
    if len(raw) <= start:
        return None
    cells = {f: raw.iloc[start:, table.cols[f][0]].to_numpy(dtype=object) for f in fields}
    # rows whose value cells are all blank are skipped, and so are 合计/小计/总计 rows
    keep = ~np.logical_and.reduce([_blank_mask(cells[f]) for f in values])
    for f in keys:
        keep &= ~_by_value(cells[f], _is_total).values.astype(bool)
    rows = np.flatnonzero(keep)
    if not len(rows):
        return _frame([], columns, floats)
    sel = {f: cells[f][rows] for f in fields}
    excel_rows = rows + start + 1
    config, plan_year = ctx.config, ctx.config.plan_year

    def period_of(v: Any) -> str | None:
        if _is_blank(v):
            return None
        period, _ = _period(v)
        return period if period is not None and int(period[:4]) == plan_year else None

    def id_of(v: Any) -> str | None:
        text = "" if _is_blank(v) else _id_text(v)
        if not text:
            return None
        if is_progress:
            return ctx.indicator(text)
        return text if text in ctx.tasks else None

    def department_of(v: Any) -> str | None:
        return None if _is_blank(v) else config.canonical_department(str(v), known=ctx.departments)

    def county_of(v: Any) -> str | None:
        return None if _is_blank(v) else config.canonical_county(str(v))

    key = [
        _by_value(sel["period"], period_of),
        _by_value(sel[id_field], id_of),
        _by_value(sel["department"], department_of),
        _by_value(sel["county"], county_of),
    ]
    if not all(k.complete for k in key):
        return None
    period, ids, department, county = key
    # the department must be one of the task's, the county 全市 unless the task goes to the counties
    for i in np.unique(_row_codes(key[1:]), return_index=True)[1]:
        ident = ids.values[i]
        task = ctx.tasks.get(ctx.units[ident][0] if is_progress else ident)
        if task is not None and not (
            department.values[i] in task.departments and (task.counties or county.values[i] == CITY_WIDE)
        ):
            return None
    if len(pd.unique(_row_codes(key))) < len(rows):  # the same key twice
        return None
    data: dict[str, Any] = {"period": period.values, id_field: ids.values}
    data.update(department=department.values, county=county.values)
    if is_progress:
        pct_rows = np.isin(excel_rows, [r for r, f in pct if f == "actual"])
        parsed = _numbers(sel["actual"], pct_rows, blank_ok=False)
        if parsed is None:
            return None
        x, as_pct = parsed
        unit = np.array([ctx.units[i][1] for i in ids.results], dtype=str)[ids.codes]
        if (as_pct & (unit != "") & (unit != "%")).any() or (x < 0).any():
            return None
        if ((unit == "%") & (x > MAX_PERCENT)).any():
            return None
        data["actual"] = x
        data["note"] = _texts(sel["note"]) if "note" in sel else np.full(len(rows), "", dtype=object)
    else:
        status = _by_value(sel["status"], _status_of)
        if not status.complete:
            return None
        data["status"] = status.values
        if "percent" in sel:
            pct_rows = np.isin(excel_rows, [r for r, f in pct if f == "percent"])
            parsed = _numbers(sel["percent"], pct_rows, blank_ok=True)
            if parsed is None:
                return None
            x = parsed[0]
            if ((x < 0) | (x > 100)).any():  # NaN (blank) compares False
                return None
            data["percent"] = x
        else:
            data["percent"] = np.full(len(rows), np.nan)
        data["completion"] = (
            _texts(sel["completion"]) if "completion" in sel else np.full(len(rows), "", dtype=object)
        )
    return _frame(data, columns, floats)


def _status_of(v: Any) -> str | None:
    status = "" if _is_blank(v) else normalize_name(v)
    status = STATUS_ALIASES.get(status, status)
    return status if status in TASK_STATES else None


def _progress_values(cells: dict, rec: dict, unit: str, pct_format: bool, bad: Callable) -> None:
    rec["note"] = "" if _is_blank(cells.get("note")) else str(cells["note"]).strip()
    v = cells["actual"]
    if _is_blank(v):
        bad("actual", "本行填写了备注，但缺少实际值")
        return
    parsed = _number(v, pct_format)
    if parsed is None:
        bad("actual", "不是数字")
        return
    x, pct = parsed
    if pct and unit and unit != "%":
        bad("actual", f"是百分数，但该指标的单位是“{unit}”")
    elif x < 0:
        bad("actual", "不能为负数")
    elif unit == "%" and x > MAX_PERCENT:
        bad("actual", f"超过 {MAX_PERCENT:g}%，请检查单位（52% 请填 52）")
    rec["actual"] = x


def _task_values(cells: dict, rec: dict, pct_format: bool, bad: Callable) -> None:
    status = "" if _is_blank(cells["status"]) else normalize_name(cells["status"])
    status = STATUS_ALIASES.get(status, status)
    if not status:
        bad("status", f"本行填写了进展，但缺少进度状态（可选：{'、'.join(TASK_STATES)}）")
    elif status not in TASK_STATES:
        bad("status", f"不是有效的进度状态（可选：{'、'.join(TASK_STATES)}）")
    rec["status"] = status
    rec["percent"] = math.nan
    if not _is_blank(cells.get("percent")):
        parsed = _number(cells["percent"], pct_format)
        if parsed is None:
            bad("percent", "不是数字")
        elif not 0 <= parsed[0] <= 100:
            bad("percent", "超出 0–100 的范围")
        else:
            rec["percent"] = parsed[0]
    rec["completion"] = "" if _is_blank(cells.get("completion")) else str(cells["completion"]).strip()


def _read_targets(reader: _Reader, table: _Table, ctx_tasks: dict) -> pd.DataFrame:
    """Validate the 指标目标 sheet → an INDICATOR_COLUMNS frame (deadline as ``date``)."""
    problems, bundle = reader.problems, reader.bundle
    known = {i.id for i in bundle.indicators}
    plan_year = bundle.config.plan_year
    schema = SCHEMAS[TARGETS]
    fields = [c for c in schema if c.field in table.cols]
    pct = reader.percent_cells(table)
    out, seen = [], {}
    for i in range(table.header_row + 1, len(table.raw)):
        excel_row = i + 1
        cells = {c.field: table.raw.iat[i, table.cols[c.field][0]] for c in fields}
        if all(_is_blank(v) for v in cells.values()):
            continue
        if isinstance(cells["indicator"], str) and TOTAL_ROW.match(normalize_name(cells["indicator"])):
            continue

        bad = _Row(problems, table, excel_row, cells).bad
        before = len(problems)
        ind = "" if _is_blank(cells["indicator"]) else _id_text(cells["indicator"])
        task = "" if _is_blank(cells["task"]) else _id_text(cells["task"])
        unit = "" if _is_blank(cells["unit"]) else _nfkc(cells["unit"]).replace("％", "%")
        if not ind:
            bad("indicator", "缺少指标编号")
        elif ind in seen:
            bad("indicator", f"与第 {seen[ind]} 行的指标编号重复")
        if not task:
            bad("task", "缺少任务编号")
        elif task not in ctx_tasks:
            what = "指标" if ind in known else "新指标"
            bad("task", f"不是已知的任务编号，{what}必须属于台账中的任务")
        if _is_blank(cells["name"]):
            bad("name", "缺少指标名称")
        if not unit:
            bad("unit", "缺少单位")
        target = _number(cells["target"], (excel_row, "target") in pct)
        if _is_blank(cells["target"]):
            bad("target", "缺少目标值")
        elif target is None:
            bad("target", "不是数字")
        elif target[0] < 0:
            bad("target", "不能为负数")
        direction = DIRECTIONS.get(normalize_name(cells["direction"]))  # blank → "nan" → None
        if direction is None:
            bad("direction", "方向应为 >= 或 <=（也可写 ≥、≤、不低于、不高于）")
        deadline: date | None = date(plan_year, 12, 31)
        if not _is_blank(cells.get("deadline")):
            deadline = _date(cells["deadline"])
            if deadline is None:
                bad("deadline", "不是日期，请写成 YYYY-MM-DD")
            elif deadline.year < plan_year:
                bad("deadline", f"早于计划年度 {plan_year} 年")
        baseline = math.nan
        if not _is_blank(cells.get("baseline")):
            parsed = _number(cells["baseline"], (excel_row, "baseline") in pct)
            if parsed is None:
                bad("baseline", "不是数字")
            else:
                baseline = parsed[0]
        if len(problems) > before:
            continue
        seen[ind] = excel_row
        assert target is not None
        out.append({"indicator": ind, "name": str(cells["name"]).strip(), "task": task, "target": target[0],
                    "unit": unit, "direction": direction, "deadline": deadline, "baseline": baseline})
    frame = pd.DataFrame(out, columns=INDICATOR_COLUMNS)
    return frame.astype({"target": float, "baseline": float})


_FRAMES = {PROGRESS: (PROGRESS_COLUMNS, ("actual",)), TASKS: (TASK_COLUMNS, ("percent",))}


def _frame(records: list[dict] | dict, columns: list[str], floats: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=columns)
    return frame.astype({c: (float if c in floats else "str") for c in columns})


def read_upload(source: str | Path | bytes, bundle: Bundle, *, file_name: str = "upload.xlsx") -> Upload:
    """Read and validate an analysts' workbook (a path or the file's bytes).

    Returns an :class:`Upload` of tidy frames; raises :class:`WorkbookError` listing every problem.
    A path's own name replaces ``file_name``.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        data, file_name = path.read_bytes(), path.name
    else:
        data = bytes(source)
    reader = _Reader(data, bundle, file_name)
    book = reader.open()
    if book is None:
        raise WorkbookError(reader.problems)
    try:
        return _read_book(reader, book, bundle, data, file_name)
    finally:
        reader.close()
        book.close()


def _read_book(reader: _Reader, book: _Book, bundle: Bundle, data: bytes, file_name: str) -> Upload:
    names = [str(n) for n in book.sheet_names]
    found = {c: n for c in (PROGRESS, TASKS, TARGETS) if (n := _find_sheet(names, c))}
    if PROGRESS not in found and TASKS not in found:
        empty = True
        for n in names:
            raw = reader.parse(book, n)
            if raw is not None and raw.notna().any().any():
                empty = False
                break
        if empty:
            reader.problems.append(Problem("", None, "", file_name, "是空工作簿，没有任何数据"))
        else:
            have = "、".join(names) or "无"
            message = f"缺少工作表“{PROGRESS}”或“{TASKS}”（至少需要其一；现有工作表：{have}）"
            reader.problems.append(Problem("", None, "", "", message))
        raise WorkbookError(reader.problems)
    tables: dict[str, _Table] = {}
    for canonical in (TARGETS, PROGRESS, TASKS):
        if canonical not in found:
            continue
        raw = reader.parse(book, found[canonical])
        if raw is None:
            continue
        table = _locate(reader, canonical, found[canonical], raw)
        if table is not None:
            tables[canonical] = table
    ctx_tasks = {t.id: t for t in bundle.ledger.tasks}
    targets = _read_targets(reader, tables[TARGETS], ctx_tasks) if TARGETS in tables else None
    ctx = _Context(bundle, targets)
    progress = _read_records(reader, tables[PROGRESS], ctx) if PROGRESS in tables else None
    tasks = _read_records(reader, tables[TASKS], ctx) if TASKS in tables else None
    if reader.problems:
        order = {"": 0, **{name: k for k, name in enumerate(found.values(), start=1)}}
        reader.problems.sort(key=lambda p: (order.get(p.sheet, 9), p.row or 0))
        raise WorkbookError(reader.problems)
    if progress is None:
        progress = _frame([], PROGRESS_COLUMNS, ("actual",))
    if tasks is None:
        tasks = _frame([], TASK_COLUMNS, ("percent",))
    rows = {name: n for name, n in ((PROGRESS, len(progress)), (TASKS, len(tasks))) if name in found}
    if targets is not None:
        rows[TARGETS] = len(targets)
    return Upload(
        progress=progress,
        tasks=tasks,
        targets=targets if TARGETS in found else None,
        rows=rows,
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=file_name,
    )


# --- reports ----------------------------------------------------------------------------------

REPORT_HEADERS = ("工作表", "行", "列", "值", "问题")


def write_problems(problems: Iterable[Problem], path_or_buffer: str | Path | IO[bytes]) -> None:
    """Write a validation report (.xlsx; 工作表 | 行 | 列 | 值 | 问题) to a path or binary buffer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "校验结果"
    _problem_sheet(ws, problems)
    wb.save(path_or_buffer)


def _problem_sheet(ws: Any, problems: Iterable[Problem]) -> None:
    ws.append(list(REPORT_HEADERS))
    for p in problems:
        _append_text(ws, [p.sheet or "（整个文件）", p.row, p.column, p.value, p.message])
    for j, width in enumerate((12, 6, 14, 24, 80), start=1):
        ws.cell(1, j).font, ws.cell(1, j).fill = _HEADER_FONT, _HEADER_FILL
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"


def highlight_upload(source_bytes: bytes, problems: Iterable[Problem]) -> bytes:
    """A copy of the upload with each problem's cell filled red and commented, plus a 校验结果 sheet.

    A problem whose column header cannot be found marks the row's first cell. Raises
    :class:`WorkbookError` when the upload itself cannot be opened.
    """
    problems = list(problems)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(source_bytes))
    except Exception as exc:
        raise WorkbookError([Problem("", None, "", "", "文件无法打开，不能标注问题单元格")]) from exc
    by_name = {normalize_name(n).lower(): n for n in wb.sheetnames}
    comments: dict[tuple[str, int, int], list[str]] = {}
    for p in problems:
        name = by_name.get(normalize_name(p.sheet).lower()) if p.sheet else None
        if name is None or p.row is None:
            continue
        ws = wb[name]
        col = _header_column(ws, p.column, p.row) or 1
        text = f"“{p.value}” {p.message}" if p.value else p.message
        comments.setdefault((name, p.row, col), []).append(text)
    for (name, row, col), texts in comments.items():
        cell = wb[name].cell(row, col)
        cell.fill = _BAD_FILL
        cell.comment = Comment("\n".join(texts), "校验")
    if "校验结果" in wb.sheetnames:
        del wb["校验结果"]
    _problem_sheet(wb.create_sheet("校验结果", 0), problems)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _header_column(ws: Any, header: str, below: int) -> int | None:
    """1-based column whose header (in the first rows above ``below``) reads ``header``."""
    if not header:
        return None
    want = _header_key(header)
    for r in range(1, min(HEADER_SEARCH_ROWS, below - 1) + 1):
        for cell in ws[r]:
            if isinstance(cell.value, str) and _header_key(cell.value) == want:
                return cell.column
    if re.fullmatch(r"[A-Z]{1,3}", header):
        return range_boundaries(f"{header}1")[0]
    return None


__all__ = [
    "SCHEMAS",
    "Problem",
    "Upload",
    "WorkbookError",
    "highlight_upload",
    "inspect_container",
    "read_upload",
    "write_problems",
    "write_template",
]
