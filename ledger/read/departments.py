"""One department splitter for every reader: a 责任单位 cell → departments (lead first), support, counties.

A cell is written in many ways: names separated by 、，； or spaces, or one per line with no separator;
wrapped at a fixed width (税\\n务局); a level prefix written once for a list (市审批局、公安局 → 市公安局;
市场监管局 after it → 市市场监管局); role marks (XX牵头、XX配合, 牵头单位：…；配合单位：…, （牵头）);
bracketed notes ((下同)); names with brackets of their own (宁夏XX（集团）有限公司); groups that are not
departments (市直各有关部门, …等相关部门, …成员单位); and county governments (各县区, 利通区人民政府),
which go to the county list instead. What the splitter knows about how unit names end and begin is data
(``unitnames.toml``), not code per city.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from .counties import ZONE, CountyMatcher, city_short
from .unitnames import DATA as _DATA
from .unitnames import longest_first as _longest_first

ENDINGS = _longest_first(_DATA["names"]["endings"])
COMPOUNDS = tuple(tuple(pair) for pair in _DATA["names"]["compounds"])
OWN_PREFIXES = _longest_first(_DATA["names"]["own_place_prefixes"])
OWN_ENDINGS = tuple(_DATA["names"]["own_place_endings"])
NATIONAL_PREFIXES = _longest_first(_DATA["names"]["national_prefixes"])
NOT_LEVEL_WORDS = tuple(_DATA["names"]["not_level_words"])
LEVELS = "".join(_DATA["names"]["levels"])
NOT_LEVEL_STARTS = tuple(_DATA["names"]["not_level_starts"])
ZONE_COMMITTEES = _longest_first(_DATA["names"]["zone_committees"])
_ZONE_WORDS = tuple(_DATA["names"]["zones"])
PARTY_ORGANS = _longest_first(_DATA["names"]["party_organs"])
NAME_BRACKETS = frozenset(_DATA["names"]["name_brackets"])
GROUP_SUFFIXES = _longest_first(_DATA["groups"]["suffixes"])
GROUP_PREFIXES = _longest_first(_DATA["groups"]["prefixes"])
#: 市直各…, 州直有关…, 县级各…, 市属各…: the units of a level as a whole (any noun after it).
_COLLECTIVE = re.compile(
    f"[{re.escape(LEVELS)}](?:{'|'.join(_DATA['groups']['collective_marks'])})"
    f"(?:{'|'.join(_longest_first(_DATA['groups']['collective_words']))})")
LEAD, SUPPORT, NEUTRAL = "lead", "support", ""
_ROLES = _DATA["roles"]
LABELS = {w: LEAD for w in _ROLES["lead_labels"]} | {w: SUPPORT for w in _ROLES["support_labels"]} | {
    w: NEUTRAL for w in _ROLES["neutral_labels"]
}
MARKS = {w: NEUTRAL for w in _ROLES["neutral_marks"]} | {w: LEAD for w in _ROLES["lead_marks"]} | {
    w: SUPPORT for w in _ROLES["support_marks"]
}
_MARKS_ORDER = _longest_first(list(MARKS))
_LABEL_ALT = "|".join(re.escape(w) for w in _longest_first(list(LABELS)))
#: 牵头单位：… or 【牵头单位】… (a label in square brackets needs no colon).
_LABEL_RE = re.compile(rf"【\s*({_LABEL_ALT})\s*】\s*[:：]?|({_LABEL_ALT})\s*[:：]")
_SEPARATORS = "、，,；;：:"
_BOUNDARIES = "，,；;\n"
_OPEN, _CLOSE = "（(［[【", "）)］]】"
_BRACKET_RE = re.compile(r"[（(［\[【]([^（()）［\[【\]］】]*)[）)］\]】]")
_GROUP_TAIL = re.compile(
    r"(?:等|以及|及|和)(?:\d+个|[一二三四五六七八九十]+个)?(?:市直|相关|有关|其他)?[^、，,；;]*?"
    r"(?:部门|单位|机构|企业)$")
_WIDE = ("W", "F")
_FIRST_LEADS = re.compile(r"第一(?:责任)?单位(?:为|是)?牵头|排(?:名|在)第一|首位.{0,4}牵头")


def display_width(text: str) -> int:
    """Columns a line takes: CJK and full-width characters count two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


@dataclass(frozen=True)
class Responsible:
    """Who a task is assigned to, read from one cell or note.

    ``departments`` lead first; ``support`` those marked as supporting; ``counties`` true when any
    county-level government is named (``county_list`` says which); ``uncertain`` the reasons a person
    should check the split (empty when it is sure); ``unknown_counties`` counties named but not configured.
    """

    departments: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    counties: bool = False
    county_list: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    unknown_counties: tuple[str, ...] = ()

    def union(self, other: Responsible) -> Responsible:
        """Both cells' departments (this one's lead first), each once — for two notes in one paragraph."""
        departments = _unique([*self.departments, *other.departments])
        return Responsible(
            departments=departments,
            support=tuple(d for d in departments if d in (*self.support, *other.support)),
            counties=self.counties or other.counties,
            county_list=_unique([*self.county_list, *other.county_list]),
            uncertain=_unique([*self.uncertain, *other.uncertain]),
            unknown_counties=_unique([*self.unknown_counties, *other.unknown_counties]),
        )


@dataclass
class _Unit:
    name: str
    role: str | None = None  # None: not marked; LEAD / SUPPORT / NEUTRAL once marked
    run_mark: bool = False  # marked by a word after it (XX、YY配合), which covers the names before it
    boundary: bool = False  # preceded by ，；, a line of its own or a label: a role mark stops here


@dataclass
class _State:
    prefix: str = ""
    party: bool = False
    units: list[_Unit] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    any_county: bool = False
    unknown: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    first_leads: bool = False  # a note said the first unit named leads (第一责任单位为牵头单位)


def split_cell(
    cell: str,
    *,
    city: str = "",
    counties: CountyMatcher | None = None,
    hard_breaks: bool = False,
    aliases: Mapping[str, str] | None = None,
) -> Responsible:
    """Read a 责任单位 cell (or an inline （责任单位：…） note) into a :class:`Responsible`.

    ``hard_breaks``: every line break separates names (a Word cell's paragraphs); otherwise a break
    may wrap a name at a fixed column width and is judged by how unit names end. ``aliases`` maps
    spellings to canonical department names (``config.toml``'s ``department_aliases``).
    """
    matcher = counties or CountyMatcher(city=city)
    short = city_short(city)
    cell = cell.strip()
    whole = _BRACKET_RE.fullmatch(cell)
    if whole:  # （牵头单位：…；配合单位：…） written as one bracketed note
        cell = whole.group(1)
    text, width_breaks = _join_lines(cell, short, hard_breaks)
    state = _State()
    if width_breaks:
        state.uncertain.append("line_break")
    label_role: str | None = None
    lead_label = False
    for piece, boundary, label in _tokens(text):
        if label is not None:
            # 责任单位： names units without saying who leads or supports; after a 牵头单位： list it
            # names units that are neither (牵头单位：A；责任单位：B；配合单位：C)
            label_role = label if label or lead_label else None
            lead_label = lead_label or label == LEAD
            continue
        for unit in _read_item(piece, matcher, state):
            unit.boundary = boundary
            if unit.role is None and label_role is not None:
                unit.role = label_role
            state.units.append(unit)
            boundary = False
        _apply_run_mark(state)
    _share_committee(state.units)
    if state.first_leads and state.units and state.units[0].role is None:
        state.units[0].role = LEAD
    if any(unit.role == LEAD for unit in state.units):
        for unit in state.units:  # a lead marked: the others of the cell support it
            if unit.role is None:
                unit.role = SUPPORT
    names: dict[str, str | None] = {}
    for unit in state.units:
        name = _with_prefix(unit.name, state, short)
        name = (aliases or {}).get(name, name)
        if not name.endswith(ENDINGS) or len(name) > 30:
            state.uncertain.append(name)
        if name not in names or (names[name] in (None, NEUTRAL) and unit.role in (LEAD, SUPPORT)):
            names[name] = unit.role
    ordered = sorted(names, key=lambda n: names[n] != LEAD)
    return Responsible(
        departments=tuple(ordered),
        support=tuple(n for n in ordered if names[n] == SUPPORT),
        counties=state.any_county,
        county_list=_unique(state.counties),
        uncertain=_unique(state.uncertain),
        unknown_counties=_unique(state.unknown),
    )


# -- lines: a wrap inside a name, or one name per line -------------------------------------------
def _join_lines(cell: str, short: str, hard: bool) -> tuple[str, bool]:
    """The cell on one line; a line break that separates names becomes ``\\n``. Also says whether a
    break was taken as a separator only because its line was short (a guess worth a warning)."""
    lines = [" ".join(line.replace("\u3000", " ").split()) for line in cell.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return "", False
    widest = max(display_width(line) for line in lines)
    out = lines[0]
    guessed = False
    for prev, line in pairwise(lines):
        if hard:
            out += "\n" + line
            continue
        if prev[-1] in _SEPARATORS or line[0] in _SEPARATORS or line[0] in _CLOSE:
            out += line
            continue
        item = _last_item(out)
        nxt = re.split(f"[{_SEPARATORS}\\s]", line, maxsplit=1)[0]
        if ((not item.endswith(ENDINGS) and not _whole_group(item)) or _continues(item, line, nxt)
                or _bare_level(item) or _bare_place(item, short) or _open_collective(item)):
            out += line
        elif _starts_name(line, short) or _LABEL_RE.match(line):
            out += "\n" + line
        elif display_width(prev) <= widest - 4 or (len(nxt) >= 3 and nxt.endswith(ENDINGS)):
            out += "\n" + line  # a short line, or a line that is a whole name itself: one name per line
            guessed = True
        else:
            out += line
    return out, guessed


def _last_item(text: str) -> str:
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _SEPARATORS or ch.isspace()):
            start = i + 1
    return _BRACKET_RE.sub("", text[start:])


def _continues(item: str, line: str, nxt: str) -> bool:
    """A wrap inside a longer ending (市住房和城乡建设委 + 员会) or a compound name (国家…总局 + …分局)."""
    for ending in ENDINGS:
        for k in range(1, len(ending)):
            if item.endswith(ending[:k]) and line.startswith(ending[k:]):
                return True
    if item.startswith(OWN_PREFIXES) and not nxt.startswith(NATIONAL_PREFIXES):
        return any(item.endswith(first) and nxt.endswith(second) for first, second in COMPOUNDS)
    return False


def _bare_level(item: str) -> bool:
    """市委 / 县委 / 党委 alone before a break: the start of 市委宣传部, not a unit of its own."""
    return len(item) <= 2 or (item.endswith((*(level + "委" for level in LEVELS), "党委")) and len(item) <= 3)


def _open_collective(item: str) -> bool:
    """市直各行 before a break: a group of a level's units (市直各行政执法部门) not yet at its noun."""
    return bool(_COLLECTIVE.match(item)) and not item.endswith(("部门", "单位", "机构", "企业", "政府"))


def _whole_group(item: str) -> bool:
    """市直各有关部门, …等相关单位 before a break: a group at its noun, so the next line is a name of its own
    (市直各有关部门 / 市税务局 — a group is no unit ending, and the break was read as a wrap)."""
    return item.endswith(GROUP_SUFFIXES) or (bool(_COLLECTIVE.match(item)) and not _open_collective(item))


def _bare_place(item: str, short: str) -> bool:
    """The city's own name and one character before a break (泉州台 + 商投资区管委会): a wrap, not a unit."""
    return bool(short) and item.startswith(short) and len(item) <= len(short) + 1


def _starts_name(line: str, short: str) -> bool:
    """A line that begins a new name: 市…/县…/区… (not 市场), a place's own name, 各…, 团市委."""
    if line.startswith(OWN_PREFIXES) or (short and line.startswith(short)):
        return True
    if line.startswith(("各", "团市委", "共青团", "中共")):
        return True
    return line[0] in LEVELS and not line.startswith(NOT_LEVEL_STARTS) and len(line) > 1


# -- tokens ---------------------------------------------------------------------------------------
def _tokens(text: str):
    """(item, boundary before it, label role or None) in order; separators inside brackets are kept."""
    pos = 0
    boundary = True
    for m in [*_LABEL_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        for item, sep_boundary in _split_top(text[pos:end]):
            yield item, boundary or sep_boundary, None
            boundary = False
        if m:
            yield "", True, LABELS[m.group(1) or m.group(2)]
            boundary = True
            pos = m.end()


def _split_top(text: str):
    """Split at 、，；： and whitespace outside brackets; whitespace only where a name ends before it."""
    items: list[tuple[str, bool]] = []
    buf, depth, boundary = "", 0, False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and (ch in _SEPARATORS or ch == "\n"):
            if buf.strip():
                items.append((buf.strip(), boundary))
                boundary = False
            buf = ""
            boundary = boundary or ch in _BOUNDARIES
        elif depth == 0 and ch.isspace():
            rest = text[i + 1 :].lstrip()
            ends = _BRACKET_RE.sub("", buf).endswith(ENDINGS)
            if buf.strip() and rest and (ends or _starts_name(rest, "")):
                items.append((buf.strip(), boundary))
                boundary = False
                buf = ""
        else:
            buf += ch
        i += 1
    if buf.strip():
        items.append((buf.strip(), boundary))
    return items


# -- one item --------------------------------------------------------------------------------------
def _read_item(raw: str, matcher: CountyMatcher, state: _State) -> list[_Unit]:
    """A department (with its role mark), or nothing for a county, a group or a note."""
    text = "".join(raw.split()).rstrip("。．.")
    role: str | None = None
    hit = matcher.match(_strip_marks(text)[0])
    if hit is not None:
        _add_counties(hit, matcher, state)
        return []

    def bracket(m: re.Match) -> str:
        nonlocal role
        if m.start() == 0 and m.end() == len(text):  # the whole item in brackets: read what is inside
            return m.group(1)
        content = "".join(m.group(1).split())
        if content in MARKS or content in LABELS:
            role = (MARKS | LABELS)[content]
            return ""
        if content in NAME_BRACKETS and m.end() < len(text):
            return m.group(0)
        if _FIRST_LEADS.search(content):
            state.first_leads = True
        return ""  # a note: (下同), (第一责任单位为牵头单位)

    text = _BRACKET_RE.sub(bracket, text).strip()
    text, mark = _strip_marks(text)
    if mark is not None and role is None:
        role = mark
    if not text:
        return []
    group_tail = _GROUP_TAIL.search(text)
    if group_tail:
        text = text[: group_tail.start()]
    elif text.endswith("等"):
        text = text[:-1]
    if not text:
        return []
    hit = matcher.match(text)
    if hit is not None:
        _add_counties(hit, matcher, state)
        return []
    if text.endswith(GROUP_SUFFIXES) or _COLLECTIVE.match(text) or (
            text.startswith(GROUP_PREFIXES) and not text.startswith(OWN_PREFIXES)):
        return []
    return [_Unit(text, role, run_mark=mark is not None and role == mark)]


def ends_complete(cell: str) -> bool:
    """Whether a departments cell's text ends where a name, a group or a county ends — also before a
    role mark (…人社局配合, …各县区人民政府负责落实); False for a cell cut inside a name (…市场监, …、)."""
    text = "".join(cell.split())
    if not text or text[-1] in _SEPARATORS:
        return False
    text = _strip_marks(text)[0]
    return text.endswith((*ENDINGS, *GROUP_SUFFIXES, "政府", "区", "县", "旗", "乡", "镇", "街道"))


def _strip_marks(text: str) -> tuple[str, str | None]:
    """市发改委牵头 → (市发改委, lead); 各县区人民政府负责落实 → (各县区人民政府, neutral)."""
    for mark in _MARKS_ORDER:
        if text.endswith(mark) and len(text) > len(mark):
            head = text[: -len(mark)]
            if head.endswith(("牵头", "配合")):  # 牵头负责 written as 牵头 + 负责
                return _strip_marks(head)[0], MARKS[mark]
            return head, MARKS[mark]
    return text, None


def _add_counties(hit: tuple[str, ...], matcher: CountyMatcher, state: _State) -> None:
    state.any_county = True
    for name in hit:
        state.counties.append(name)
        if matcher.names and not matcher.known(name):
            state.unknown.append(name)


def _share_committee(units: list[_Unit]) -> None:
    """常德经开区、柳叶湖旅游度假区管委会: a committee word written once for a run of zones is each zone's."""
    for i in range(len(units) - 2, -1, -1):
        name, after = units[i].name, units[i + 1]
        committee = next((w for w in ZONE_COMMITTEES if after.name.endswith(w)), None)
        if committee and not after.boundary and ZONE.search(after.name) and name.endswith(_ZONE_WORDS):
            units[i].name = name + committee


def _apply_run_mark(state: _State) -> None:
    """XX、YY配合: a mark after the last name of a run (since ，；) applies to the run's unmarked names."""
    if not state.units:
        return
    last = state.units[-1]
    if not last.run_mark or last.role not in (LEAD, SUPPORT, NEUTRAL) or last.boundary:
        return
    for unit in reversed(state.units[:-1]):
        if unit.role is not None:
            break
        unit.role = last.role
        if unit.boundary:
            break


# -- level prefix ----------------------------------------------------------------------------------
def _with_prefix(name: str, state: _State, short: str) -> str:
    """The name with the level prefix a list wrote once (市审批局、公安局 → 市公安局)."""
    level = _level(name)
    if level:
        state.prefix = level
        state.party = name.startswith(level + "委") and not name.startswith(level + "委员会")
        return name
    if not state.prefix or own_place(name, short):
        return name
    if state.party and name.startswith(PARTY_ORGANS):
        return state.prefix + "委" + name
    return state.prefix + name


def _level(name: str) -> str:
    """The level a name is written with: 市审批局 → 市, 县公安局 → 县; 市场监管局 → none."""
    if len(name) > 2 and name[0] in LEVELS and not name.startswith(NOT_LEVEL_STARTS):
        return name[0]
    return ""


def own_place(name: str, short: str = "") -> bool:
    """Whether a name carries its own place or level (国网吴忠供电公司, 团市委, 银川海关), so that a
    prefix written once for a list is not put in front of it."""
    if name.startswith(OWN_PREFIXES) or name.endswith(OWN_ENDINGS):
        return True
    if (name.endswith(ZONE_COMMITTEES) and ZONE.search(name)) or name.endswith("管委会"):
        return True  # 柳东新区管委会, 航空智慧新城管委会: a zone's own committee
    if short and short in name:
        return True
    bare = name
    for word in NOT_LEVEL_WORDS:
        bare = bare.replace(word, "")
    return "市" in bare[1:]


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def plausibility(cell: str, city: str = "") -> float:
    """How much a block of short lines looks like a 责任单位 cell (0…1): the share of its items that
    are unit names, county governments or groups. Task text scores low (its clauses end otherwise)."""
    text = "".join(cell.split())
    if not text or text.endswith(("。", "！", "？")):
        return 0.0
    items = [item for item, _ in _split_top(text)]
    if not items:
        return 0.0
    matcher = CountyMatcher(city=city)
    good = 0
    for item in items:
        bare = _BRACKET_RE.sub("", _strip_marks(item)[0])
        known = bare in LABELS or bare.endswith((*ENDINGS, *GROUP_SUFFIXES)) or _GROUP_TAIL.search(bare) or (
            _COLLECTIVE.match(bare))
        if known or matcher.match(bare) is not None:
            good += 1
    return good / len(items)
