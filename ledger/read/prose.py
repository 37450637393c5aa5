"""Prose 行动方案: a paragraph per task, followed by an inline note saying who is responsible.

Notes: （责任单位：…）, （牵头单位：…；配合单位：…）, 牵头单位：…；配合单位：… at the paragraph's end or
as a paragraph of its own, （XX牵头，XX配合，各县区人民政府负责落实）; several notes in one paragraph are
read one by one (the text between them is task text) and their departments joined in order of
appearance; a note cut by a line or paragraph break is joined first. Numbering has two or three levels
(一、 · （一） · 1.): the paragraphs that carry notes are the tasks; when they are 1. items, the （一） above
them is their ``group`` and they are counted across groups within the 一、 category. An opening 总体目标
paragraph and a closing 保障措施 section without notes are not tasks. Text from a PDF-to-text tool is
rejoined first: fixed-width lines, page footers (— 3 —) and form feeds, a number or a unit split across
lines or pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Where
from .blocks import Block, Document, title_from_paragraphs, warning
from .departments import LABELS, display_width, plausibility
from .numbering import numbering
from .tabletext import clean_lines, is_header_line

_LABEL_WORDS = "|".join(re.escape(w) for w in sorted(LABELS, key=len, reverse=True) if len(w) > 2)
#: A note's label: 牵头单位： or 【牵头单位】.
_LABEL = rf"(?:【\s*(?:{_LABEL_WORDS})\s*】|(?:{_LABEL_WORDS})\s*[:：])"
_NOTE_START = re.compile(rf"^\s*{_LABEL}")
_TRAILING_NOTE = re.compile(_LABEL)
_BRACKETS = re.compile(r"[（(]((?:[^（）()]|[（(][^（）()]*[）)])*)[）)]")
_ROLE_WORDS = re.compile(r"牵头|配合|负责落实|负责|协办|参与")
_LABEL_SIGNAL = re.compile(rf"[（(]\s*(?:{_LABEL_WORDS})\s*[:：]|[^\n]{{8}}(?:{_LABEL_WORDS})\s*[:：]|"
                           rf"^\s*【\s*(?:{_LABEL_WORDS})\s*】", re.M)
#: A heading alone: no sentence or clause mark, at most 30 characters, not cut after a number.
_HEADING = re.compile(r"[^。；;，,：:！？!?]{2,30}(?<![\d.])")
_ROLE_NOTE_SIGNAL = re.compile(r"[（(][^（）()]{2,80}?(?:牵头|配合|负责落实)[^（）()]{0,120}[）)]")


@dataclass
class _Para:
    text: str
    where: Where
    level: int | None = None  # 1 一、, 2 （一）, 3 1., 4 （1）; None for an unnumbered paragraph
    number: int | None = None
    body: str = ""
    notes: list[str] = field(default_factory=list)
    heading: str = ""  # a numbered heading on a line of its own, no sentence (its text follows below it)


def looks_like_prose(text: str) -> bool:
    """Whether a text is a prose 方案: at least two inline （责任单位：…） notes."""
    notes = len(_LABEL_SIGNAL.findall(text))
    notes += len(_ROLE_NOTE_SIGNAL.findall(re.sub(r"\s*\n\s*", "", text)))  # （XX牵头，YY配合） over lines
    return notes >= 2


def read_prose_text(text: str) -> Document:
    """The blocks of a prose 方案 given as text (typed, or the text layer of a PDF)."""
    return read_paragraphs(join_paragraphs(clean_lines(text)), form="prose-text")


def join_paragraphs(lines: list[str], place: Callable[[int], Where] | None = None) -> list[tuple[str, Where]]:
    """Rejoin the paragraphs of fixed-width text: a line as wide as the text column continues on the
    next line (also across a page footer, blank lines and a form feed); a numbered line (一、 （一） 1.)
    in sequence starts a paragraph. Text typed a paragraph per line comes back line by line."""
    items = [(i, line.strip()) for i, line in enumerate(lines, start=1)
             if line.strip() and not is_header_line(line)]
    if not items:
        return []
    widths = sorted(display_width(s) for _, s in items)
    full = widths[int(0.9 * (len(widths) - 1))]
    wide = [s for _, s in items if display_width(s) >= full - 4]
    # Wrapped text: many lines as wide as the column, most of them cut inside a sentence. Typed text
    # (a paragraph per line) has long lines too, but they end with 。 or ）.
    closed = sum(1 for s in wide if s.endswith(("。", "）", ")", "；", "：")))
    fixed = len(wide) >= 0.3 * len(widths) and full <= 120 and closed <= 0.5 * len(wide)
    out: list[tuple[str, Where]] = []
    cur: list[str] = []
    cur_where = Where()
    prev_full = False
    last_numbers: dict[int, int] = {}
    for number, s in items:
        found = numbering(s)
        starts = not cur or not prev_full or _NOTE_START.match(s) is not None
        if found and not starts:
            level, no, _ = found
            starts = no == last_numbers.get(level, 0) + 1 or no == 1
        if starts:
            if cur:
                out.append(("".join(cur), cur_where))
            cur = [s]
            cur_where = place(number) if place else Where(line=number)
        else:
            cur.append(s)
        if found and starts:
            level, no, _ = found
            last_numbers[level] = no
            for deeper in [k for k in last_numbers if k > level]:
                del last_numbers[deeper]
        prev_full = fixed and display_width(s) >= full - 6  # a paragraph's first line is indented
    if cur:
        out.append(("".join(cur), cur_where))
    return out


def split_notes(text: str) -> tuple[str, list[str]]:
    """A paragraph's text without its notes, and the notes (without brackets and labels kept).

    Every bracketed note anywhere in the paragraph is taken out, so the text between two notes stays
    task text; an unbracketed note (牵头单位：…) runs to the paragraph's end, except for a sentence in
    it that names no unit (task text written after the note, before the next one)."""
    notes: list[str] = []
    labels = _open_labels(text)

    def bracket(m: re.Match) -> str:
        content = m.group(1).strip()
        if any(at < m.start() and "。" not in text[at : m.start()] for at in labels):
            return m.group(0)  # a bracket inside an unbracketed note: 牵头单位：市市场监管局（市知识产权局）
        if _is_note(content):
            notes.append(content)
            return ""
        return m.group(0)

    body = _BRACKETS.sub(bracket, text)
    cut = next(iter(_open_labels(body)), None)
    if cut is None:
        return body.strip(), notes
    head, rest = body[:cut], []
    for sentence in re.findall(r"[^。]+。?", body[cut:]):
        if _TRAILING_NOTE.match(sentence.strip()) or _is_note(sentence.strip().rstrip("。")):
            notes.append(sentence.strip().rstrip("。"))
        else:
            rest.append(sentence)
    return (head + "".join(rest)).strip(), notes


def _open_labels(text: str) -> list[int]:
    """Where the labels of unbracketed notes (牵头单位：, 【配合单位】) begin in ``text``: outside brackets,
    at the start or after a separator."""
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and _TRAILING_NOTE.match(text, i) and (
                i == 0 or text[i - 1] in "。；;，, \u3000" or ch == "【"):
            out.append(i)
    return out


def _unclosed(text: str) -> int | None:
    """Where the outermost bracket that ``text`` leaves open begins, or None."""
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in "（(":
            opened.append(i)
        elif ch in "）)" and opened:
            opened.pop()
    return opened[0] if opened else None


def _bracket_content(text: str, at: int) -> str:
    """The text inside the bracket opened at ``at``: up to its closing bracket, or to the end."""
    depth = 0
    for i in range(at, len(text)):
        depth += text[i] in "（("
        depth -= text[i] in "）)"
        if depth == 0:
            return text[at + 1 : i]
    return text[at + 1 :]


def join_cut_notes(paras: list[tuple[str, Where]]) -> list[tuple[str, Where]]:
    """Paragraphs with a note cut off by a paragraph or line break (（牵头单位：A； / 配合单位：B）…) joined:
    an unnumbered paragraph continues the one before while that one leaves a note's bracket open."""
    out: list[tuple[str, Where]] = []
    for text, where in paras:
        s = text.strip()
        if out and s and numbering(s) is None:
            before, place = out[-1]
            at = _unclosed(before)
            if at is not None and _is_note("".join(_bracket_content(before + s, at).split())):
                out[-1] = (before + s, place)
                continue
        out.append((text, where))
    return out


def _is_note(content: str) -> bool:
    s = "".join(content.split())
    if _NOTE_START.match(s):
        return True
    if _ROLE_WORDS.search(s) and plausibility(s) >= 0.6:
        return True
    return len(s) >= 4 and plausibility(s) >= 0.99 and bool(re.search(r"[局委办厅府]", s))


def read_paragraphs(paras: list[tuple[str, Where]], *, form: str) -> Document:
    """The blocks of a 方案 given as paragraphs (text, where) in document order."""
    items = _classify(paras)
    title = _title(items)
    warnings = []
    task_levels: dict[tuple[int | None, int | None], set] = {}
    cat: tuple[int | None, str] = (None, "")
    for p in items:
        if p.level == 1:
            cat = (p.number, p.body)
        if p.notes and p.level != 1:
            task_levels.setdefault(cat[0], set()).add(p.level)
    blocks: list[Block] = []
    cat_no, cat_name, group = None, "", ""
    current: Block | None = None
    current_level: int | None = None
    for p in items:
        if p.level == 1:
            cat_no, cat_name, group, current = p.number, _heading(p.body), "", None
            continue
        levels = task_levels.get(cat_no, set())
        is_task = bool(p.notes) or (p.level is not None and p.level in levels)
        if p.level == 2 and not is_task:
            group, current = _heading(p.heading or p.body), None
            continue
        if is_task:
            current = Block(
                category=cat_name,
                category_no=cat_no,
                group=group if (p.level or 5) > 2 else "",
                title=p.heading,
                text=p.body,
                departments=p.notes[0] if p.notes else "",
                more_departments=tuple(p.notes[1:]),
                where=p.where,
            )
            current_level = p.level
            blocks.append(current)
            if not p.notes:
                warnings.append(warning("warn_task_without_note", p.where))
        elif current is not None and (p.level is None or (current_level or 0) < p.level):
            current.text += p.body  # a sub-item or a continued paragraph of the task
    return Document(title=title, blocks=blocks, form=form, warnings=warnings)


def _classify(paras: list[tuple[str, Where]]) -> list[_Para]:
    items: list[_Para] = []
    for text, where in join_cut_notes(paras):
        s = text.strip()
        if not s:
            continue
        if _NOTE_START.match(s) and items:
            # a note written as a paragraph of its own (or a wrapped line that starts with its label);
            # task text after it, before a further note, belongs to the task above
            body, notes = split_notes(s)
            items[-1].notes.extend(notes)
            items[-1].body += body
            continue
        found = numbering(s)
        level, number, rest = found if found else (None, None, s)
        body, notes = split_notes(rest)
        prev = items[-1] if items else None
        if found is None and notes and prev and prev.level not in (None, 1) and not prev.notes:
            prev.body += body  # the rest of a numbered task whose lines were not rejoined
            prev.notes.extend(notes)
            continue
        if found is None and prev and prev.heading and not prev.notes:
            prev.body += body  # the text under a heading, before the paragraph with its note
            continue
        parent = _item_above(items) if level == 4 else None
        if parent is not None:
            parent.body += body  # （1）（2） under a 1. task: their figures and notes are the task's
            parent.notes.extend(notes)
            continue
        heading = body if level not in (None, 1) and _HEADING.fullmatch(body) and not notes else ""
        items.append(_Para(text=s, where=where, level=level, number=number, body=body, notes=notes,
                           heading=heading))
    return items


def _item_above(items: list[_Para]) -> _Para | None:
    """The 1. paragraph a （1） paragraph is a sub-item of: the last numbered paragraph, when it is a 1.
    item (with the earlier （1） folded into it); None under a （一） or 一、 heading."""
    numbered = next((p for p in reversed(items) if p.level is not None), None)
    return numbered if numbered is not None and numbered.level == 3 else None


def _heading(body: str) -> str:
    """A heading's name: the text up to its first 。；： (一、总体目标 → 总体目标)."""
    name = re.split(r"[。；;：:]", body, maxsplit=1)[0]
    return "".join(name.split())


def _title(items: list[_Para]) -> str:
    """The first short paragraphs before anything numbered or any sentence (附件N, 文号 skipped)."""
    texts = []
    for p in items:
        if p.notes:
            break
        texts.append(p.text)
    return title_from_paragraphs(texts)
