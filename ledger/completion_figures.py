"""Figures in a task report's 工作完成情况 text that match one of the task's indicators.

``覆盖率已达52%`` in a report of task 1.1 is a figure for K01 (高频事项覆盖率, %); ``平均7个工作日办结`` in
a report of task 1.5 one for K07 (留抵退税办结时限, 工作日). :func:`read_figures` finds such figures and
proposes them, each with the span of text it rests on; it stores nothing (the upload preview shows a
proposal and the analyst accepts or ignores it).

How a figure is matched, clause by clause (a clause ends at ，。；;：):

1. a number with a unit (``52%``, ``7个工作日``, ``6.8件``); full-width digits and ％ are read as
   ASCII; ``3个百分点`` is a change in points, never a %;
2. numbers that are not the current level are skipped: a target or plan (目标, 力争, 计划, 预计, 确保, 要求
   … before it in the clause), a starting point (由/从 10个工作日 压缩至 7个工作日: only 7), and a change
   (提高5%, 缩短3个工作日, 同比增长12%: a change verb right before the number without 至/到/为), unless the
   indicator itself measures a change (its name says 增长, 下降 …);
3. the unit must be the indicator's (工作日 and 个工作日 are one; 件 counts as 件/万人 when 每万人 is in the
   sentence);
4. the clause before the number must share words with the indicator's name: character pairs of the
   name (覆盖 and 盖率 of 高频事项覆盖率) found in the clause; at least one;
5. among several indicators that pass, the one whose *own* words (pairs no other candidate's name
   has: 有效 for 每万人有效发明专利拥有量 against 每万人高价值发明专利拥有量) are in the clause wins;
6. ambiguity is refused, not guessed: a clause that names two of the indicators (the runner-up has two
   own words there, or as many as the best) gives no proposal, and two different figures for one
   indicator in one text give none for it.

Chinese numerals (五个工作日, 百分之五十) are not read.

Use, e.g. in the upload preview for each 任务进展 row::

    indicators = [i for i in ctx.bundle.indicators if i.task_id == row.task]
    reading = read_figures(row.completion, indicators)
    for p in reading.proposals:   # p.indicator, p.value, p.unit, row.completion[p.start:p.end], p.evidence
        ...                       # offer (period, p.indicator, department, county) = p.value to accept
    # reading.refusals: what was not proposed and why (ambiguous / conflicting), to show if wanted
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Indicator
from .targets import UNIT_PATTERN, UNITS

#: Units as written in reports → the unit they measure in: the target extractor's vocabulary (个工作日 →
#: 工作日, 日 → 天, 万人次, 个百分点 …), so a figure and the indicator read from the ledger share one unit.
_UNITS = UNITS
_MENTION = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + UNIT_PATTERN + ")")
_CLAUSE_END = "，,。；;：:！!？?\n"
_SENTENCE_END = "。；;！!？?\n"
#: Words that make a number a target or a plan, not the level reached.
_INTENT = ("目标", "力争", "计划", "预计", "确保", "要求", "争取", "拟", "将于", "年底前", "不低于", "不少于")
#: Verbs of change: the number after them is by how much, unless 至/到/为 follows them.
_CHANGE = ("提高", "提升", "增长", "增加", "下降", "降低", "减少", "缩短", "压缩", "增幅", "增速", "减少了")
_TO = ("至", "到", "为")
#: A starting point: 由10个工作日 (压缩至7个工作日), 从原来的15天.
_START = re.compile(r"(由|从)(原来的|原先的|原来|原)?$")
_CHANGE_NAMES = ("增长", "增速", "增幅", "下降", "降低", "减少", "同比", "环比", "提高")


@dataclass(frozen=True)
class Proposal:
    """A figure proposed for ``indicator``: ``value`` in its unit, found at ``text[start:end]``
    (offsets in the text as given); ``evidence`` is the clause it stands in, ``words`` the parts of
    the indicator's name found there."""

    indicator: str
    value: float
    unit: str
    start: int
    end: int
    evidence: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Refusal:
    """A figure that could have been one but is not proposed: ``reason`` is ``ambiguous`` (the clause
    names several ``candidates``) or ``conflicting`` (another figure in the text for the same one)."""

    reason: str
    candidates: tuple[str, ...]
    value: float
    start: int
    end: int
    evidence: str


@dataclass(frozen=True)
class Reading:
    proposals: tuple[Proposal, ...]
    refusals: tuple[Refusal, ...]

    def by_indicator(self) -> dict[str, Proposal]:
        return {p.indicator: p for p in self.proposals}


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC, character by character, with the original offset of every normalised character."""
    out, where = [], []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch)
        out.append(n)
        where += [i] * len(n)
    return "".join(out), where


def _pairs(name: str) -> set[str]:
    """Pairs of adjacent CJK characters of an indicator name (its words, for a language without spaces)."""
    han = [c for c in unicodedata.normalize("NFKC", name) if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in itertools.pairwise(han)}


def _is_change(name: str) -> bool:
    return any(w in name for w in _CHANGE_NAMES)


def _compatible(found: str, indicator: Indicator, sentence: str) -> bool:
    wanted = _UNITS.get(indicator.unit, indicator.unit)
    if found == wanted:
        return True
    return found == "件" and wanted == "件/万人" and "每万人" in sentence


def _skip(before: str, name: str) -> bool:
    """True when the number right after ``before`` (its clause so far) is a target, a start or a change
    for an indicator called ``name`` (words of its own name, such as 计划 in 计划指标, do not count)."""
    if any(w in before and w not in name for w in _INTENT):
        return True
    tail = before.rstrip()
    if _START.search(tail):
        return True
    if not _is_change(name):
        for verb in _CHANGE:
            i = tail.rfind(verb)
            if i >= 0 and len(tail) - (i + len(verb)) <= 2 and not tail[i + len(verb):].startswith(_TO):
                return True
    return False


def read_figures(text: str, indicators: Iterable[Indicator]) -> Reading:
    """Figures in ``text`` (a 工作完成情况) for ``indicators`` (those of the report's task).

    Returns the :class:`Proposal` s (at most one per indicator, in text order) and the
    :class:`Refusal` s (ambiguous or conflicting matches), both with offsets into ``text``.
    """
    indicators = list(indicators)
    norm, where = _normalise(text or "")
    words = {i.id: _pairs(i.name) for i in indicators}
    found: list[tuple[Indicator, float, int, int, str, tuple[str, ...]]] = []
    refusals: list[Refusal] = []
    for m in _MENTION.finditer(norm):
        if m[2] == "日" and norm[:m.start()].endswith("月"):
            continue  # 9月30日: a day of a date, not a number of days
        start = max(norm.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
        end = min([x for x in (norm.find(c, m.end()) for c in _CLAUSE_END) if x >= 0] or [len(norm)])
        s_start = max(norm.rfind(c, 0, m.start()) for c in _SENTENCE_END) + 1
        s_end = min([x for x in (norm.find(c, m.end()) for c in _SENTENCE_END) if x >= 0] or [len(norm)])
        before, sentence = norm[start:m.start()], norm[s_start:s_end]
        named = [
            (ind, tuple(sorted(w for w in words[ind.id] if w in before)))
            for ind in indicators
            if _compatible(_UNITS[m[2]], ind, sentence) and not _skip(before, ind.name)
        ]
        named = [(ind, hits) for ind, hits in named if hits]
        if not named:
            continue
        # several candidates: what tells them apart are the words of a name the others do not have
        scored = sorted(
            ((len(set(hits) - set().union(*(words[o.id] for o, _ in named if o is not ind))), ind, hits)
             for ind, hits in named),
            key=lambda s: -s[0],
        )
        evidence = text[where[start]:where[end - 1] + 1] if end > start else ""
        span = (where[m.start()], where[m.end() - 1] + 1)
        if len(scored) > 1 and (scored[1][0] >= 2 or scored[1][0] == scored[0][0]):
            names = tuple(s[1].id for s in scored)
            refusals.append(Refusal("ambiguous", names, float(m[1]), *span, evidence))
            continue
        found.append((scored[0][1], float(m[1]), *span, evidence, scored[0][2]))

    proposals: list[Proposal] = []
    for ind in indicators:
        mine = [f for f in found if f[0].id == ind.id]
        values = {f[1] for f in mine}
        if len(values) > 1:
            refusals += [Refusal("conflicting", (ind.id,), f[1], f[2], f[3], f[4]) for f in mine]
        elif mine:
            f = mine[0]
            proposals.append(Proposal(ind.id, f[1], ind.unit, f[2], f[3], f[4], f[5]))
    proposals.sort(key=lambda p: p.start)
    refusals.sort(key=lambda r: r.start)
    return Reading(tuple(proposals), tuple(refusals))


def propose_figures(text: str, indicators: Iterable[Indicator]) -> dict[str, Proposal]:
    """``{indicator id: Proposal}`` for the unambiguous figures of ``text`` (see :func:`read_figures`)."""
    return read_figures(text, indicators).by_indicator()
