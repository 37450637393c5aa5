"""Parse a 任务分工台账 from the text of its PDF table (主要指标 · 目标任务 · 责任部门 · 工作完成情况).

The PDF serialises the table cell by cell, wrapped at fixed widths:

* a category heading (一、强化关\\n键领域改革) sits in the first column and may repeat, with odd spaces,
  at a page break (`` 二、强化全\\n生命  周期\\n\\n服务``);
* each task starts with （一）… and runs until a blank line; a page break can split it;
* the departments cell follows as a block of short lines (words broken anywhere: ``税\\n务局``);
* a filled 工作完成情况 cell, if any, is a further block before the next task.

The parser is a line-by-line state machine that relies on these layout facts only, not on the
Shizuishan ledger's particular tasks, so another city's ledger in the same layout parses too.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Category, Ledger, Task
from .targets import extract_targets

_CN_DIGITS = dict(zip("零一二三四五六七八九", range(10), strict=True)) | {"两": 2}
CATEGORY_RE = re.compile(r"^\s*([一二三四五六七八九十]+)\s*、\s*(.*)$")
TASK_RE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.*)$")
_HEADER_WORDS = ("主要指标", "主要", "目标任务", "责任部门", "工作完成情况", "序号")
_TERMINAL = tuple("。；;.!！?？”」")
#: A block whose longest line is at least this wide is task text, not the narrow departments column.
_WIDE_LINE = 20
#: A category heading line is narrow (its column is a few characters wide).
_MAX_HEADING_LINE = 14
_GROUP_SUFFIXES = ("成员单位", "相关部门", "有关部门", "各部门", "相关单位", "有关单位", "责任单位")
_COUNTY_RE = re.compile(r"各县(?:[（(][^）)]*[）)]|市区|区)?(?:人民政府|政府)?")
# 市审批局（牵头） / 牵头单位：… / 配合单位：… — who leads is order, not part of the name.
_ROLE_MARK = re.compile(r"[（(](?:牵头|配合|负责|责任)(?:单位|部门)?[)）]")
_ROLE_WORDS = {"牵头单位", "牵头部门", "配合单位", "配合部门", "责任单位", "责任部门"}
_OUTSIDE = ("国网", "人行", "中国", "国家", "自治区", "宁夏", "人民银行", "中央")
_LEVEL_CHARS = ("市", "县", "区")
_ORG_SUFFIXES = ("行", "公司", "集团", "海关", "分局", "中心")


class LedgerParseError(ValueError):
    """The text is not a ledger in the expected layout."""


def cn_number(text: str) -> int:
    """Chinese numeral up to 99 (一, 十, 十二, 二十三) → int."""
    if not text:
        raise ValueError("empty numeral")
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + _CN_DIGITS[ch]
    return value


def parse_file(path: str | Path, *, plan_year: int | None = None, city: str | None = None) -> Ledger:
    """Parse a ledger text file or a ledger-form workbook (.xlsx)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .ledgerform import read_ledger_form

        return read_ledger_form(path, plan_year=plan_year, city=city)
    return parse_text(path.read_text(encoding="utf-8"), plan_year=plan_year, city=city)


def parse_text(text: str, *, plan_year: int | None = None, city: str | None = None) -> Ledger:
    """Parse ledger text into a :class:`Ledger`.

    ``plan_year`` defaults to a year in the title, else 2023 (the shipped ledger's); ``city`` to the
    title's leading 某某市.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").split("\n")
    title = _title(lines)
    city = city or city_from_title(title)
    if plan_year is None:
        plan_year = plan_year_from_title(title)
    builder = _Builder(city)
    for line in lines[_first_category_line(lines):]:
        builder.feed(line)
    categories = builder.finish()
    if not categories or not any(c.tasks for c in categories):
        raise LedgerParseError("未找到任何任务：文本不是“一、…（一）…”格式的任务分工台账")
    return Ledger(title=title, city=city, plan_year=plan_year, categories=tuple(categories))


def _title(lines: list[str]) -> str:
    parts: list[str] = []
    for line in lines:
        s = "".join(line.split())
        if not s:
            if parts:
                break
            continue
        if CATEGORY_RE.match(line) or any(s.startswith(w) for w in _HEADER_WORDS):
            break
        parts.append(s)
    return "".join(parts)


def plan_year_from_title(title: str, default: int = 2023) -> int:
    """A year written in the title (2024年…), else ``default`` (the shipped ledger's year)."""
    m = re.search(r"(20\d\d)\s*年", title)
    return int(m.group(1)) if m else default


def city_from_title(title: str) -> str:
    m = re.match(r"^(.{1,8}?[市州盟县])", title)
    return m.group(1) if m else ""


def _first_category_line(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        m = CATEGORY_RE.match(line)
        if m and cn_number(m.group(1)) == 1:
            return i
    raise LedgerParseError("未找到第一个类别标题（“一、…”）")


class _Builder:
    """Feeds lines through the states: heading → task text → blocks (departments, completion)."""

    def __init__(self, city: str) -> None:
        self.city = city
        self.categories: list[tuple[int, list[str], list[dict]]] = []
        self.state = "heading"
        self.skip_heading = False
        self.task: dict | None = None
        self.block: list[str] = []

    # -- dispatch -------------------------------------------------------------------------------
    def feed(self, line: str) -> None:
        cat = self._category_start(line)
        if cat is not None:
            self._close_block()
            self._close_task()
            no, rest = cat
            if self.categories and no == self.categories[-1][0]:
                self.skip_heading = True  # page-break repeat of the current heading
            else:
                self.categories.append((no, [rest], []))
                self.skip_heading = False
            self.state = "heading"
            return
        task_no = self._task_start(line)
        if task_no is not None:
            self._close_block()
            self._close_task()
            rest = TASK_RE.match(line).group(2)
            self.task = {"no": task_no, "text": [rest.strip()], "departments": None, "completion": []}
            self.state = "text"
            return
        stripped = line.strip()
        if self.state == "heading":
            if stripped and not self.skip_heading:
                self.categories[-1][1].append(stripped)
        elif self.state == "text":
            if stripped:
                self.task["text"].append(stripped)
            else:
                self.state = "between"
        elif self.state == "between":
            if stripped:
                self.block = [stripped]
                self.state = "block"
        elif self.state == "block":
            if stripped:
                self.block.append(stripped)
            else:
                self._close_block()
                self.state = "between"

    def _category_start(self, line: str) -> tuple[int, str] | None:
        m = CATEGORY_RE.match(line)
        if not m or len("".join(m.group(2).split())) > _MAX_HEADING_LINE:
            return None
        no = cn_number(m.group(1))
        current = self.categories[-1][0] if self.categories else 0
        if no not in (current, current + 1):
            return None
        if no == current and self.task is None and self.state == "heading":
            return None
        return no, m.group(2).strip()

    def _task_start(self, line: str) -> int | None:
        m = TASK_RE.match(line)
        if not m or not self.categories:
            return None
        no = cn_number(m.group(1))
        tasks = self.categories[-1][2]
        last = tasks[-1]["no"] if tasks else 0
        if self.task is not None:
            last = self.task["no"]
        return no if no == last + 1 else None

    # -- closing --------------------------------------------------------------------------------
    def _close_block(self) -> None:
        if not self.block or self.task is None:
            self.block = []
            return
        block, self.block = self.block, []
        widest = max(len(s) for s in block)
        text_so_far = "".join(self.task["text"])
        if self.task["departments"] is None and (widest >= _WIDE_LINE or not text_so_far.endswith(_TERMINAL)):
            self.task["text"].extend(block)  # the task text continues after a page break
        elif self.task["departments"] is None:
            self.task["departments"] = "".join(block)
        else:
            self.task["completion"].append("".join(block))

    def _close_task(self) -> None:
        if self.task is None:
            return
        self.categories[-1][2].append(self.task)
        self.task = None

    def finish(self) -> list[Category]:
        self._close_block()
        self._close_task()
        out = []
        for no, name_parts, tasks in self.categories:
            name = "".join("".join(name_parts).split())
            built = tuple(self._task(no, name, t) for t in tasks)
            out.append(Category(no=no, name=name, tasks=built))
        return out

    def _task(self, cat_no: int, category: str, raw: dict) -> Task:
        text = "".join(raw["text"]).strip()
        title = re.split(r"[。；]", text, maxsplit=1)[0].strip()
        departments, counties = split_departments(raw["departments"] or "", self.city)
        return Task(
            id=f"{cat_no}.{raw['no']}",
            category=category,
            title=title,
            text=text,
            departments=tuple(departments),
            counties=counties,
            targets=tuple(extract_targets(text)),
            completion="\n".join(raw["completion"]),
        )


def split_departments(cell: str, city: str = "") -> tuple[list[str], bool]:
    """Split a 责任部门 cell into canonical department names and whether counties are assigned.

    ``市审批局、公安局、卫健委`` → 市审批局, 市公安局, 市卫健委 (the level prefix is written once for a list);
    ``市市场监管局`` keeps its own 市; ``…等相关部门`` and ``…领导小组成员单位`` are groups, not departments;
    names that carry their own place (国网石嘴山供电公司, 人行市中心支行) get no prefix; 各县区政府 and
    named county governments (平罗县政府) set the county flag instead of naming a department.
    """
    cell = "".join(cell.split())
    counties = bool(_COUNTY_RE.search(cell))
    cell = _COUNTY_RE.sub("、", cell)
    city_short = city[:-1] if len(city) > 1 and city[-1] in "市州盟县" else city
    names: list[str] = []
    prefix = ""
    cell = _ROLE_MARK.sub("", cell)
    for item in re.split(r"[、，,；;：:]+", cell):
        if not item or item in _ROLE_WORDS:
            continue
        if "等" in item:
            item = item.split("等", 1)[0]
        if not item or item.endswith(_GROUP_SUFFIXES):
            continue
        if _is_county_government(item, city_short):
            counties = True
            continue
        level = _level_prefix(item)
        if level:
            prefix = level
            name = item
        elif prefix and not _names_own_place(item, city_short):
            name = prefix + item
        else:
            name = item
        if name not in names:
            names.append(name)
    return names, counties


def _is_county_government(item: str, city_short: str) -> bool:
    """利通区 / 平罗县政府 / 青铜峡市政府: a named county-level government, not a city department."""
    if item.startswith(("市", "自治区")) or (city_short and item.startswith(city_short)):
        return False
    return bool(re.fullmatch(r".{1,6}?(区|县|旗)(人民政府|政府)?|.{1,6}?市(人民政府|政府)", item))


def _level_prefix(item: str) -> str:
    """The level character an item is written with (市审批局 → 市; 市场监管局 → none; 市市场… → 市)."""
    if item.startswith("市场"):
        return ""
    return item[0] if item[0] in _LEVEL_CHARS and len(item) > 2 else ""


def _names_own_place(item: str, city_short: str) -> bool:
    if city_short and city_short in item:
        return True
    if item.startswith(_OUTSIDE):
        return True
    # 人行市中心支行: a bank or company naming its own level inside (but 城市管理局 is a bureau).
    return any(ch in item[1:] for ch in _LEVEL_CHARS) and item.endswith(_ORG_SUFFIXES)
