"""The blocks every reader produces, and the one assembly that turns them into a :class:`Ledger`.

A reader (table text, prose 方案, Word, PDF, 台账 workbook) only finds, for each task, its category,
group, text, departments cell and completion cell, and where each came from. Everything after that is
shared here: the department splitter, the county matcher, the target extractor, titles, ids and the
warnings a person should review.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import Where
from ..model import Category, Ledger, ParseWarning, Task
from ..targets import analyse
from .counties import CountyMatcher
from .departments import split_cell
from .errors import LedgerParseError

#: The plan year when neither the caller nor the title gives one (the shipped ledger's).
DEFAULT_YEAR = 2023
_TITLE_END = re.compile(r"[。；;：:]")
_DOC_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*\d+\s*号")
_ATTACHMENT = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?\s*$")
_DATE_LINE = re.compile(r"^(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_PROVINCE = re.compile(r"^(?:中共)?(?:[\u4e00-\u9fff]{2,3}(?:回族|维吾尔|壮族)?自治区|[\u4e00-\u9fff]{2,3}省)"
                       )
_TITLE_WORDS = re.compile(r"方案|台账|清单|行动|措施|任务|计划|要点|分工|若干")
_CITY = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{1,7}?(?:市|自治州|盟|地区|州(?!市)))")


@dataclass
class Block:
    """One task as a reader found it, before anything is interpreted.

    ``text`` is the task text without its number; ``departments`` the raw 责任单位 cell or note (for
    separate 牵头/配合 columns: ``牵头单位：…；配合单位：…``); ``hard_breaks`` says that line breaks in
    it separate names (a Word cell's paragraphs). ``category_no`` is the heading's own number when it
    has one (一、 → 1); ``title`` a separate 重点任务 column, if any.
    """

    category: str
    text: str
    departments: str = ""
    where: Where = field(default_factory=Where)
    category_no: int | None = None
    group: str = ""
    title: str = ""
    completion: str = ""
    hard_breaks: bool = False
    departments_where: Where | None = None
    #: Further notes of the same task (a prose paragraph with a second （牵头单位：…）), each read on its
    #: own; their departments follow those of ``departments``, each once.
    more_departments: tuple[str, ...] = ()


@dataclass
class Document:
    """What a reader returns: the document's title, its task blocks and the reader's own warnings."""

    title: str
    blocks: list[Block]
    form: str
    warnings: list[ParseWarning] = field(default_factory=list)


def warning(code: str, where: Where | None = None, **params: object) -> ParseWarning:
    """A :class:`ParseWarning` with its place in Chinese (``where``) and as a :class:`Where`."""
    place = where or Where()
    return ParseWarning(code=code, where=place.text("zh") if place else "",
                        params=tuple((k, str(v)) for k, v in params.items()), place=place or None)


def assemble(
    doc: Document,
    *,
    city: str | None = None,
    plan_year: int | None = None,
    counties: Mapping[str, Sequence[str]] | Sequence[str] = (),
    department_aliases: Mapping[str, Sequence[str]] | None = None,
) -> Ledger:
    """The :class:`Ledger` of a read document: ids, titles, departments, counties, targets, warnings.

    ``city`` and ``plan_year`` default to what the title says (a year missing there is
    :data:`DEFAULT_YEAR`); ``counties`` are the configured county names (or
    ``{name: aliases}``), to which 各县区 and named county governments are mapped.
    """
    warnings = list(doc.warnings)
    title = doc.title
    city = city or city_from_title(title)
    if plan_year is None:
        plan_year = year_from_title(title) or DEFAULT_YEAR
    if not doc.blocks:
        raise LedgerParseError("read_not_a_ledger")
    matcher = CountyMatcher(counties, city)
    aliases = {a: canon for canon, spellings in (department_aliases or {}).items() for a in spellings}
    categories: list[tuple[int, str, list[Task]]] = []
    for block in doc.blocks:
        name = _category_name(block.category)
        if not categories or categories[-1][1] != name or (
            block.category_no is not None and block.category_no != categories[-1][0]
        ):
            no = block.category_no if block.category_no is not None else len(categories) + 1
            if any(c[0] == no for c in categories):
                no = max(c[0] for c in categories) + 1
            categories.append((no, name, []))
        no, name, tasks = categories[-1]
        task_id = f"{no}.{len(tasks) + 1}"
        tasks.append(_task(block, task_id, name, city, matcher, aliases, warnings))
    ledger_categories = tuple(Category(no=no, name=name, tasks=tuple(ts)) for no, name, ts in categories)
    return Ledger(title=title, city=city, plan_year=plan_year, categories=ledger_categories,
                  warnings=tuple(warnings))


def _task(block: Block, task_id: str, category: str, city: str, matcher: CountyMatcher,
          aliases: Mapping[str, str], warnings: list[ParseWarning]) -> Task:
    text = "".join(block.text.split()) if _all_cjk_spacing(block.text) else block.text.strip()
    title = "".join((block.title or _title(text)).split())
    cells = [block.departments, *block.more_departments]
    who = split_cell(cells[0], city=city, counties=matcher, hard_breaks=block.hard_breaks, aliases=aliases)
    for more in cells[1:]:
        who = who.union(split_cell(more, city=city, counties=matcher, hard_breaks=block.hard_breaks,
                                   aliases=aliases))
    where = block.departments_where or block.where
    if not who.departments and not who.counties:
        warnings.append(warning("warn_no_departments", block.where, task=task_id))
    elif who.uncertain:
        cell = " ".join("；".join(cells).split())
        warnings.append(warning("warn_departments_uncertain", where, task=task_id, cell=cell[:80],
                                names="、".join(who.departments)))
    for county in who.unknown_counties:
        warnings.append(warning("warn_unknown_county", where, task=task_id, county=county))
    found = analyse(text)
    for number in found.unexplained:
        warnings.append(warning("warn_unknown_number", block.where, task=task_id, number=number.number,
                                clause=number.clause))
    return Task(
        id=task_id,
        category=category,
        title=title,
        text=text,
        departments=who.departments,
        counties=who.counties,
        targets=found.targets,
        completion=block.completion.strip(),
        group=block.group,
        support=who.support,
        county_list=who.county_list,
    )


def _all_cjk_spacing(text: str) -> bool:
    """Whether whitespace in ``text`` only sits between Chinese characters (a wrap, not a word gap)."""
    return not re.search(r"[A-Za-z]\s+[A-Za-z]", text)


def _title(text: str) -> str:
    """The task text up to the first 。；：, without its number."""
    return _TITLE_END.split(text, maxsplit=1)[0].strip()


def _category_name(heading: str) -> str:
    """The heading text after 一、, whitespace removed, a trailing 。 dropped."""
    from .numbering import CATEGORY_RE

    name = "".join(heading.split())
    m = CATEGORY_RE.match(name)
    if m:
        name = m.group(2)
    return name.rstrip("。.")


# -- the title --------------------------------------------------------------------------------------
def title_from_lines(lines: Sequence[str]) -> str:
    """The document title from the lines above the table or the first heading: 附件N lines, document
    numbers and dates are skipped, a title over two lines is joined. Lines after a date line are the
    title when there are any: before the date stands a covering notice's signature (北海市人民政府办公室)."""
    parts: list[str] = []
    before_date: list[str] = []
    for line in lines:
        s = "".join(line.split())
        if _DATE_LINE.match(s):
            before_date, parts = before_date + parts, []
            continue
        if not s or _ATTACHMENT.match(s) or _DOC_NUMBER.search(s):
            continue
        if s.startswith(("（", "(")) and s.endswith(("）", ")")):
            continue  # （此件公开发布）, （2024年3月1日）
        parts.append(s)
    return "".join(parts or before_date)


def title_from_paragraphs(paragraphs: Sequence[str]) -> str:
    """The title among a document's first paragraphs, before the first numbered heading: a run of
    short paragraphs (a title over two lines is joined; 附件N, 文号 and dates are skipped). When a
    covering notice comes first (关于印发《…》的通知, 各有关单位：…), the run that names a plan or ledger
    (方案, 台账, 清单, 行动 …) nearest the first heading wins; 关于印发《X》的通知 gives X."""
    from .numbering import numbering

    runs: list[list[str]] = [[]]
    for text in paragraphs:
        s = "".join(text.split())
        if not s:
            continue
        if numbering(s) is not None:
            break
        if s.endswith(("。", "；", "：", ":")) or len(s) > 60:
            runs.append([])
            continue
        runs[-1].append(s)
    titles = [title_from_lines(run) for run in runs if title_from_lines(run)]
    if not titles:
        return ""
    named = [t for t in titles if _TITLE_WORDS.search(t) and not t.startswith("关于")]
    title = named[-1] if named else titles[0]
    m = re.search(r"关于印发《(.+?)》的通知", title)
    return m.group(1) if m else title


def year_from_title(title: str) -> int | None:
    """A year written in the title (2024年…, 2024—2025年 → 2024), else None."""
    m = re.search(r"((?:19|20)\d\d)\s*(?:年|[—\-－~～至])", title)
    return int(m.group(1)) if m else None


def city_from_title(title: str) -> str:
    """The city a title names first (宁夏回族自治区吴忠市… → 吴忠市), else ""."""
    s = _PROVINCE.sub("", re.sub(r"^(?:19|20)\d\d\s*年(?:度)?", "", "".join(title.split())))
    m = _CITY.match(s)
    if not m:
        return ""
    name = m.group(1)
    for word in ("关于", "印发", "落实", "优化", "营商"):
        if word in name:
            return ""
    return name
