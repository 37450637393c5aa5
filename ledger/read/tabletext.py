"""Table text: a ledger's four-column table (主要指标 · 目标任务 · 责任部门 · 工作完成情况) as a PDF-to-text
tool gives it — cell after cell, each wrapped at its column's width.

* a category heading (一、强化关\\n键领域改革) sits in the first column: narrow lines, possibly over a
  blank line; at a page break it repeats, with odd spaces (`` 二、强化全\\n生命  周期``), also in the
  middle of a task's text or glued to the cell before it;
* each task starts with （一）… (or 1.) in sequence and runs until a blank line; a page break can split
  it, and its text need not end with 。;
* the departments cell follows as a block of short lines (words broken anywhere: ``税\\n务局``);
* a filled 工作完成情况 cell, if any, is a further block before the next task;
* above the table: 附件N, a document number, a title over one or two lines, the header row (which may
  repeat on every page); page footers (— 3 —) and form feeds anywhere.

A line-by-line state machine that relies on these layout facts only, not on any city's tasks.
"""

from __future__ import annotations

import re

from ..errors import Where
from .blocks import Block, Document, title_from_lines, warning
from .departments import display_width, ends_complete, plausibility
from .errors import LedgerParseError
from .numbering import ARABIC_RE, CATEGORY_RE, TASK_RE, cn_number

_DEPARTMENT_WORDS = ("责任部门", "责任单位", "牵头单位")
_TEXT_WORDS = ("目标任务", "工作任务", "具体措施", "具体任务", "任务内容", "工作内容", "主要内容")
_HEADER_WORDS = ("主要指标", "主要", "指标", *_TEXT_WORDS, *_DEPARTMENT_WORDS, "工作完成情况", "完成情况",
                 "序号", "重点任务", "配合单位", "完成时限", "备注")
_FOOTER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d+\s*[-—–－]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_TERMINAL = tuple("。；;.!！?？”」")
#: A cell never begins with these: a block that does continues the departments cell before it.
_CELL_SEPARATORS = "、，,；;"
_TIME_LIMIT = re.compile(
    r"(?:(?:19|20)\d\d年)?(?:\d{1,2}月(?:\d{1,2}日)?|[一二三四]季度|上半年|下半年|年)?(?:底|末|中)?(?:前|之前|以前)?"
    r"(?:完成)?|长期(?:坚持|推进)?|持续(?:推进|实施|开展)|常态化(?:推进|开展)?")
#: A block whose widest line is at least this many columns is task text, not the departments column.
_WIDE = 34
#: A category heading's first line is narrow (its column is a few characters wide) unless it is the
#: next number and stands where a heading may stand.
_MAX_HEADING = 14


def is_header_line(line: str) -> bool:
    """A line made only of the table's header words (目标任务 责任部门 工作完成情况, 主要, 指标)."""
    words = line.split()
    return bool(words) and all(w in _HEADER_WORDS for w in words)


def clean_lines(text: str) -> list[str]:
    """Lines with page footers, form feeds and ideographic spaces turned into blanks/spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").replace("\u3000", " ")
    return ["" if _FOOTER.match(line) else line.rstrip() for line in text.split("\n")]


def read_table_text(text: str) -> Document:
    """The blocks of a ledger's table text; :class:`LedgerParseError` when there is no category heading."""
    lines = clean_lines(text)
    start = _first_category(lines)
    if start is None:
        raise LedgerParseError("read_no_category")
    head = [line for line in lines[:start] if not is_header_line(line)]
    cut = next((i for i, line in enumerate(lines[:start]) if is_header_line(line)), None)
    title = title_from_lines(lines[:cut] if cut is not None else head)
    machine = _Machine()
    numbered = list(enumerate(lines[start:], start=start + 1))
    if cut is not None and _departments_first(lines[cut]):
        numbered = _text_before_departments(numbered)
    for number, line in numbered:
        machine.feed(line, number)
    return Document(title=title, blocks=machine.finish(), form="table-text", warnings=machine.warnings)


def _departments_first(header: str) -> bool:
    """Whether a header row puts the departments column before the text (序号 责任单位 工作任务)."""
    words = header.split()
    dept = next((i for i, w in enumerate(words) if w in _DEPARTMENT_WORDS), None)
    text = next((i for i, w in enumerate(words) if w in _TEXT_WORDS), None)
    return dept is not None and text is not None and dept < text


def _text_before_departments(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rows written 序号 · departments cell · text cell, rewritten in the order the machine reads (the
    text as ``N.…``, then the departments): a 序号 line alone starts a row; the next block is its
    departments, the one after its text. A row cut by a page break (a repeated header row) goes on after
    the header with the rest of its departments cell (when the block looks like one), then of its text."""
    out: list[tuple[int, str]] = []
    row: dict | None = None

    def flush() -> None:
        nonlocal row
        if row is not None:
            (first, no), text, dept = row["no"], row["text"], row["dept"]
            if text:
                out.append((text[0][0], f"{no}.{text[0][1]}"))
                out.extend(text[1:])
            else:
                out.append((first, f"{no}."))
            out.append((first, ""))
            out.extend(dept)
            out.append((first, ""))
        row = None

    for block, broken in _blocks(numbered):
        only = "".join(block[0][1].split()) if len(block) == 1 else ""
        if only.isdigit():
            flush()
            row = {"no": (block[0][0], int(only)), "dept": [], "text": [], "want": "dept"}
            continue
        if row is None or (CATEGORY_RE.match(block[0][1]) and (len(block) == 1 or row["want"] == "done")):
            flush()
            out.extend(block)
            out.append((block[-1][0], ""))
            continue
        if broken and row["text"] and not "".join(s for _, s in row["text"]).endswith(_TERMINAL):
            lines = [s for _, s in block]
            narrow = max(display_width(s) for s in lines) < _WIDE
            row["want"] = "dept" if narrow and plausibility("\n".join(lines)) >= 0.5 else "text"
        if row["want"] == "dept":
            row["dept"].extend(block)
            row["want"] = "text"
        else:
            row["text"].extend(block)
            row["want"] = "done"
    flush()
    return out


def _blocks(numbered: list[tuple[int, str]]):
    """(lines of a block, whether a header row came before it since the last block) in order; blank
    lines and header rows end a block."""
    block: list[tuple[int, str]] = []
    broken = False
    for number, line in numbered:
        header = is_header_line(line)
        if line.strip() and not header:
            block.append((number, line))
            continue
        if block:
            yield block, broken
            block, broken = [], False
        broken = broken or header
    if block:
        yield block, broken


def _first_category(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        m = CATEGORY_RE.match(line)
        if m and m.group(1) == "一":
            return i
    return None


class _Machine:
    """Feeds lines through the states: heading → task text → blocks (departments, completion)."""

    def __init__(self) -> None:
        self.categories: list[dict] = []  # {"no", "name": [parts], "tasks": [...], "line"}
        self.state = "heading"
        self.task: dict | None = None
        self.block: list[tuple[int, str]] = []
        self.repeat: str | None = None  # text of a repeated heading being absorbed
        self.repeat_lines = 0
        self.style: str | None = None  # "cn" for （一）, "arabic" for 1.
        self.last_no = 0  # the number of the last task read, across categories
        self.after_break = False  # a page break (a repeated heading) came since the last block was read
        self.warnings: list = []

    # -- dispatch ----------------------------------------------------------------------------
    def feed(self, line: str, number: int) -> None:
        stripped = "".join(line.split())
        if is_header_line(line):
            return
        if self.repeat is not None and self._absorb(stripped):
            return
        glued = self._glued_repeat(line)
        if glued is not None:
            self.feed(line[:glued], number)
            self.feed(line[glued:], number)
            return
        heading = self._category_start(line)
        if heading is not None:
            no, rest, repeat = heading
            if repeat:
                self.repeat, self.repeat_lines = "".join(rest.split()), 1
                if self.state == "block":  # a page break ends the cell it cuts: what follows is read anew
                    self._close_block()
                    self.state = "between"
                self.after_break = self.task is not None
                return
            self._close_block()
            self._close_task()
            self.categories.append({"no": no, "name": [rest.strip()], "tasks": [], "line": number})
            self.state = "heading"
            if len("".join(rest.split())) > _MAX_HEADING:
                self.warnings.append(warning("warn_heading_guessed", Where(line=number),
                                             heading=stripped[:40]))
            return
        task_no = self._task_start(line)
        if task_no is not None:
            self._close_block()
            self._close_task()
            rest = (TASK_RE.match(line) or ARABIC_RE.match(line)).group(2)
            self.task = {"no": task_no, "text": [rest.strip()], "departments": None, "completion": [],
                         "line": number, "dept_line": None}
            self.last_no = task_no
            self.state = "text"
            return
        if self.state == "heading":
            if stripped:
                self.categories[-1]["name"].append(stripped)
        elif self.state == "text":
            if stripped:
                self.task["text"].append(line.strip())
            else:
                self.state = "between"
        elif self.state == "between":
            if stripped:
                self.block = [(number, line.strip())]
                self.state = "block"
        elif self.state == "block":
            if stripped:
                self.block.append((number, line.strip()))
            else:
                self._close_block()
                self.state = "between"

    def _absorb(self, stripped: str) -> bool:
        """Swallow the lines of a heading repeated at a page break while they spell the heading."""
        name = self._current_name()
        if not stripped:
            if self.repeat and name.startswith(self.repeat) and self.repeat != name and self.repeat_lines < 6:
                return True
            self.repeat = None
            return True
        candidate = self.repeat + stripped
        if name.startswith(candidate) and self.repeat != name:
            self.repeat, self.repeat_lines = candidate, self.repeat_lines + 1
            return True
        if not name and len(stripped) <= _MAX_HEADING // 2 and self.repeat_lines < 3:
            self.repeat_lines += 1
            return True
        self.repeat = None
        return False

    def _current_name(self) -> str:
        return "".join("".join(self.categories[-1]["name"]).split()) if self.categories else ""

    def _glued_repeat(self, line: str) -> int | None:
        """Where a repeat of the current heading starts inside a line (…工作日。 二、优化要), or None."""
        if not self.categories or self.state == "heading":
            return None
        no = self.categories[-1]["no"]
        name = self._current_name()
        for m in re.finditer(r"\s*([一二三四五六七八九十]+)\s*、\s*(\S*)", line):
            if m.start() == 0 or not line[: m.start()].strip():
                continue
            try:
                number = cn_number(m.group(1))
            except ValueError:
                continue
            rest = "".join(line[m.end(1):].split()).lstrip("、")
            if number == no and len(rest) >= 2 and name.startswith(rest):
                return m.start()
        return None

    def _category_start(self, line: str) -> tuple[int, str, bool] | None:
        m = CATEGORY_RE.match(line)
        if not m:
            return None
        try:
            no = cn_number(m.group(1))
        except ValueError:
            return None
        rest = m.group(2)
        name = "".join(rest.split())
        current = self.categories[-1]["no"] if self.categories else 0
        if no == current and self.categories:
            if self.task is None and self.state == "heading":
                return None
            known = self._current_name()
            if len(name) <= _MAX_HEADING or known.startswith(name) or name.startswith(known):
                return no, rest, True
            return None
        if no != current + 1:
            return None
        if len(name) <= _MAX_HEADING:
            return no, rest, False
        # A heading on one wide line: only where a heading can stand, not inside unfinished text.
        if self.state in ("text",) and self.task and not "".join(self.task["text"]).endswith(_TERMINAL):
            return None
        return no, rest, False

    def _task_start(self, line: str) -> int | None:
        if not self.categories:
            return None
        m, style = TASK_RE.match(line), "cn"
        if not m:
            m, style = ARABIC_RE.match(line), "arabic"
            if not m or not re.match(r"[\u4e00-\u9fff“（]", m.group(2) or ""):
                return None
        if self.style is not None and style != self.style:
            return None
        raw = m.group(1)
        no = int(raw) if raw.isdigit() else cn_number(raw)
        tasks = self.categories[-1]["tasks"]
        if self.task is not None:
            expected = {self.task["no"] + 1}
        elif tasks:
            expected = {tasks[-1]["no"] + 1}
        else:
            expected = {1, self.last_no + 1}  # numbered per category, or straight through
        if no not in expected:
            return None
        self.style = style
        return no

    # -- closing ------------------------------------------------------------------------------
    def _close_block(self) -> None:
        if not self.block or self.task is None:
            self.block = []
            return
        block, self.block = self.block, []
        lines = [text for _, text in block]
        first_line = block[0][0]
        task = self.task
        widest = max(display_width(s) for s in lines)
        joined = "".join("".join(s.split()) for s in lines)
        text_so_far = "".join(task["text"])
        after_break, self.after_break = self.after_break, False
        unfinished = not text_so_far.endswith(_TERMINAL)
        if task["departments"] is None:
            score = plausibility("\n".join(lines))
            looks = score >= 0.7 or (widest < _WIDE and score >= 0.5)
            if looks:
                task["departments"], task["dept_line"] = lines, first_line
            elif widest >= _WIDE or unfinished:
                task["text"].extend(lines)  # the task text continues after a page break
            else:
                task["departments"], task["dept_line"] = lines, first_line
        elif after_break and unfinished and not task["completion"] and (
                widest >= _WIDE or plausibility("\n".join(lines)) < 0.5):
            task["text"].extend(lines)  # the text cut by a page break goes on below the cells beside it
        elif not task["completion"] and widest < _WIDE and not joined.endswith("。") and (
                joined[0] in _CELL_SEPARATORS or not ends_complete("".join(task["departments"]))):
            task["departments"].extend(lines)  # a departments cell cut by a page break
        elif _TIME_LIMIT.fullmatch(joined):
            pass  # a 完成时限 cell (2024年6月底前, 长期坚持): not progress
        else:
            task["completion"].append(joined)

    def _close_task(self) -> None:
        if self.task is None:
            return
        self.categories[-1]["tasks"].append(self.task)
        self.task = None

    def finish(self) -> list[Block]:
        self._close_block()
        self._close_task()
        blocks = []
        for cat in self.categories:
            name = "".join("".join(cat["name"]).split())
            for t in cat["tasks"]:
                dept = t["departments"] or []
                blocks.append(
                    Block(
                        category=name,
                        category_no=cat["no"],
                        text="".join("".join(s.split()) for s in t["text"]),
                        departments="\n".join(dept),
                        completion="\n".join(t["completion"]),
                        where=Where(line=t["line"]),
                        departments_where=Where(line=t["dept_line"]) if t["dept_line"] else None,
                    )
                )
        return blocks

