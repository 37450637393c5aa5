"""Extract quantitative targets from a task's Chinese text.

A target is a number with a unit and a comparison: 高频事项覆盖率达50% → (50, %, >=);
留抵退税10个工作日办结 → (10, 工作日, <=); 每万人有效发明专利拥有量7件以上 → (7, 件/万人, >=).
Conditions are not targets: 超过200万元的…采购项目 limits which projects count (a comparator before
the number and 的 after it), 毕业两年内 is an eligibility rule (years/months are time frames).
"""

from __future__ import annotations

import re
import unicodedata

from .model import APPROX, GE, LE, Target

# Units, longest first so 个工作日 wins over 个. Value: the canonical unit.
_UNITS = {
    "个工作日": "工作日",
    "工作日": "工作日",
    "个小时": "小时",
    "小时": "小时",
    "分钟": "分钟",
    "%": "%",
    "个百分点": "个百分点",
    "万元": "万元",
    "亿元": "亿元",
    "元": "元",
    "万户": "万户",
    "户": "户",
    "家": "家",
    "件": "件",
    "项": "项",
    "个": "个",
    "人次": "人次",
    "万人": "万人",
    "人": "人",
    "次": "次",
    "天": "天",
    "日": "天",
    "倍": "倍",
    "所": "所",
    "座": "座",
    "公里": "公里",
    "亩": "亩",
    "分": "分",
    # Time frames: recognised so that they are not misread as 个/天, then dropped as conditions.
    "个月": "月",
    "年": "年",
    "月": "月",
    "周": "周",
}
TIME_UNITS = {"工作日", "小时", "分钟", "天"}
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUMBER_UNIT = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>" + _UNIT_ALTERNATION + r")"
)

# Comparators written before the number (longest first) and after the unit.
_PREFIX_OPS = [
    ("不低于", GE), ("不少于", GE), ("不超过", LE), ("不高于", LE), ("不多于", LE),
    ("压缩至", LE), ("压缩到", LE), ("压减至", LE), ("压减到", LE), ("缩减至", LE), ("缩减到", LE),
    ("缩短至", LE), ("缩短到", LE), ("减至", LE),
    ("降低至", LE), ("降低到", LE), ("降至", LE), ("降到", LE), ("减少至", LE), ("减少到", LE),
    ("控制在", LE), ("低于", LE), ("少于", LE),
    ("提高至", GE), ("提高到", GE), ("提升至", GE), ("提升到", GE), ("增加至", GE), ("增加到", GE),
    ("增至", GE), ("达到", GE), ("超过", GE), ("高于", GE), ("突破", GE), ("至少", GE), ("达", GE),
]
_SUFFIX_OPS = [("以上", GE), ("以内", LE), ("以下", LE), ("之内", LE), ("内", LE), ("左右", APPROX)]
# Words that say a ≈ target is a ceiling (days shrink), not a floor.
_DOWNWARD = ("压缩", "压减", "缩短", "降低", "降至", "降到", "减少", "控制", "不超过", "以内")
_PER_CAPITA = re.compile(r"每(万|千|百|十万)人(?:口)?")
# Clauses end at these; 、 is kept inside a clause so 分别压缩至3个工作日、1个工作日 stays together.
_CLAUSE_SPLIT = re.compile(r"[，。；;！？!?]|,(?!\d)")
_YEAR = re.compile(r"(19|20)\d\d年")


def normalize(text: str) -> str:
    """NFKC-normalise (full-width digits and % → ASCII) and drop line breaks."""
    return unicodedata.normalize("NFKC", text).replace("\n", "").replace("\r", "")


def clauses(text: str) -> list[str]:
    """Split a task text into clauses at ，。；(and an ASCII comma not inside a number)."""
    return [c.strip() for c in _CLAUSE_SPLIT.split(normalize(text)) if c.strip()]


def extract_targets(text: str) -> list[Target]:
    """All quantitative targets in ``text``, in order of appearance."""
    found: list[Target] = []
    for clause in clauses(text):
        found.extend(_clause_targets(clause))
    return found


def _clause_targets(clause: str) -> list[Target]:
    out: list[Target] = []
    prev_end = 0
    prev_prefix: str | None = None
    for m in _NUMBER_UNIT.finditer(clause):
        start, end = m.start(), m.end()
        before = clause[prev_end:start]
        after = clause[end:]
        num, unit = m.group("num"), _UNITS[m.group("unit")]
        if _not_a_quantity(clause, start, before):
            prev_end = end
            continue
        prefix_word, prefix_op = _prefix(before)
        suffix_op = _suffix(after)
        # 分别压缩至3个工作日、1个工作日: the second number inherits the first one's comparator.
        if prefix_op is None and before.strip() in ("、", "和", "及", "或") and prev_prefix:
            prefix_op = prev_prefix
        if _is_condition(unit, prefix_op, after, clause[:start]):
            prev_end, prev_prefix = end, None
            continue
        op = suffix_op if suffix_op == APPROX else (suffix_op or prefix_op)
        if op is None:
            op = LE if unit in TIME_UNITS else GE
        direction = op
        if op == APPROX:
            direction = LE if any(w in clause[:start] for w in _DOWNWARD) else GE
        per = _PER_CAPITA.search(clause[:start])
        if per:
            unit = f"{unit}/{per.group(1)}人"
        value = float(num.replace(",", ""))
        out.append(
            Target(
                value=int(value) if value.is_integer() else value,
                unit=unit,
                op=op,
                text=clause,
                direction=direction,
                subject=_subject(clause[:start], prefix_word),
            )
        )
        prev_end, prev_prefix = end, prefix_op
    return out


def _not_a_quantity(clause: str, start: int, before: str) -> bool:
    """A year (2023年), a date (12月31日), an ordinal (第3) or part of a code (A1类, 5G)."""
    if _YEAR.match(clause, start) or before.endswith("第") or clause[:start].endswith("月"):
        return True
    return bool(start and clause[start - 1].isascii() and clause[start - 1].isalpha())


def _prefix(before: str) -> tuple[str, str | None]:
    tail = before.rstrip()
    for word, op in _PREFIX_OPS:
        if tail.endswith(word):
            return word, op
    # 压缩至法定时限50%: the comparator governs a short noun phrase before the number.
    for word, op in _PREFIX_OPS:
        idx = tail.rfind(word)
        if idx >= 0 and len(tail) - idx - len(word) <= 6 and len(word) >= 2:
            return word, op
    return "", None


def _suffix(after: str) -> str | None:
    for word, op in _SUFFIX_OPS:
        if after.startswith(word):
            return op
    return None


def _is_condition(unit: str, prefix_op: str | None, after: str, head: str) -> bool:
    """True when the number limits scope or eligibility rather than setting a target."""
    # 超过200万元的货物和服务采购项目: comparator + amount + 的 + noun → which items count.
    if prefix_op is not None and after.startswith("的"):
        return True
    # 毕业2年内 / 成立3个月以内: years and months are time frames, not targets.
    if unit in ("年", "月", "周"):
        return True
    # 对…在3个工作日内的… / 满2年的: a number directly followed by 的 after 对/凡/满 is a scope.
    return bool(after.startswith("的") and re.search(r"(对|凡|满|符合)[^，。]*$", head))


def _subject(head: str, prefix_word: str) -> str:
    """What is measured: the words before the number, without leading verbs and the comparator."""
    s = head
    if prefix_word and s.rstrip().endswith(prefix_word):
        s = s.rstrip()[: -len(prefix_word)]
    s = re.sub(r"^(年底前|全年|实现|确保|推动|力争|持续|将|其中|推进)+", "", s)
    s = _PER_CAPITA.sub(lambda m: m.group(0), s)
    return s.strip(" 的、")
