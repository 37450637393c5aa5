"""Extract quantitative targets from a task's Chinese text.

A target is a number with a unit and a comparison: 高频事项覆盖率达50% → (50, %, >=);
留抵退税10个工作日办结 → (10, 工作日, <=); 每万人有效发明专利拥有量7件以上 → (7, 件/万人, >=);
压缩至五个工作日 → (5, 工作日, <=); 由10个工作日压缩至5个工作日 → (5, 工作日, <=) with baseline 10 (and so
with every comparator that names the level reached: 由1.2次降至0.5次, 从62%提升为80%);
分别压缩至4、2、1个工作日 → three targets; 突破50万次 → (50, 万次, >=) (counted units come by 万, 亿 …
too: 万笔, 万户次, 亿次).

Conditions are not targets: 超过200万元的…采购项目 and 300万元以下的…项目 limit which projects count,
毕业两年内 is an eligibility rule, 最高10万元的补助 is a cap, 7×24小时 a service hour, 5个环节 a count of
steps, 一网通办 / 一件事 / 一次办好 a slogan. :func:`analyse` also returns the numbers that were neither a
target nor a known non-target, so a person can review them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from .model import APPROX, GE, LE, Target

# Units written as they are, longest first in the pattern so 个工作日 wins over 个 and 万人次 over 万人.
# Value: the canonical unit.
_UNITS = {
    "个工作日": "工作日",
    "工作日": "工作日",
    "个小时": "小时",
    "小时": "小时",
    "分钟": "分钟",
    "%": "%",
    "个百分点": "个百分点",
    "天": "天",
    "日": "天",
    "倍": "倍",
    "所": "所",
    "座": "座",
    "公里": "公里",
    "千伏安": "千伏安",
    "千伏": "千伏",
    "批": "批",
    "分": "分",
    # Time frames: recognised so that they are not misread as 个/天, then dropped as conditions
    # (毕业2年内, 成立3个月以内) unless a comparator makes them a limit (压缩至3个月以内).
    "个月": "月",
    "年": "年",
    "月": "月",
    "周": "周",
}
#: Things counted or measured that also come by the ten thousand or hundred million: each is a unit as
#: written, and so is each of them after each of :data:`_MAGNITUDES` (万次, 亿次, 万户次, 万笔, 亿元, 万亩).
_COUNTERS = ("次", "人次", "户次", "件次", "家次", "笔", "件", "户", "家", "个", "人", "名", "项",
             "场", "场次", "单", "票", "份", "张", "套", "条", "宗", "台", "辆", "列", "篇", "标箱",
             "元", "吨", "亩", "平方米", "千瓦", "千瓦时")
_MAGNITUDES = ("万", "亿", "百万", "千万", "万亿")
#: Amounts (money, area, weight, capacity, energy) and their magnitudes: an amount after 给予, or with
#: 以上/以下 before a noun, says which projects or grants count.
_AMOUNTS = ("元", "吨", "亩", "平方米", "千瓦", "千瓦时")
_UNITS |= {c: c for c in _COUNTERS} | {m + c: m + c for m in _MAGNITUDES for c in _COUNTERS}
TIME_UNITS = {"工作日", "小时", "分钟", "天", "月"}
_FRAMES = {"年", "月", "周"}
_MONEY = {"千伏安", "千伏", *_AMOUNTS, *(m + a for m in _MAGNITUDES for a in _AMOUNTS)}
#: Units a Chinese numeral may carry as a target (五个工作日, 三天, 两个百分点); 一件事, 一次办好,
#: 一窗受理, 一网通办 carry none of them and stay slogans.
_CN_UNITS = {"工作日", "小时", "分钟", "天", "月", "年", "周", "个百分点", "倍"}
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
#: The one unit vocabulary (also of ``ledger.completion_figures``): each unit as written → its canonical
#: unit, and a regex alternation of the written forms, longest first.
UNITS: dict[str, str] = _UNITS
UNIT_PATTERN = _UNIT_ALTERNATION
_CN_NUM = "零〇一二两三四五六七八九十百千半"
_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>" + _UNIT_ALTERNATION + r")?"
    r"|(?P<cn>[" + _CN_NUM + r"]+)(?P<cnunit>" + _UNIT_ALTERNATION + r")"
)

# Comparators written before the number (longest first) and after the unit.
_PREFIX_OPS = [
    ("不低于", GE), ("不少于", GE), ("不超过", LE), ("不高于", LE), ("不多于", LE), ("不大于", LE),
    ("压缩至", LE), ("压缩到", LE), ("压缩为", LE), ("压减至", LE), ("压减到", LE), ("压减为", LE),
    ("压降至", LE), ("压降到", LE), ("缩减至", LE), ("缩减到", LE), ("缩短至", LE), ("缩短到", LE),
    ("缩短为", LE), ("缩小至", LE), ("缩小到", LE), ("减至", LE), ("减到", LE), ("减为", LE),
    ("降低至", LE), ("降低到", LE), ("降低为", LE), ("降至", LE), ("降到", LE), ("降为", LE),
    ("减少至", LE), ("减少到", LE), ("减少为", LE), ("下降至", LE), ("下降到", LE), ("下降为", LE),
    ("下调至", LE), ("下调到", LE), ("精简至", LE), ("精简到", LE), ("精简为", LE),
    ("控制在", LE), ("低于", LE), ("少于", LE),
    ("提高至", GE), ("提高到", GE), ("提高为", GE), ("提升至", GE), ("提升到", GE), ("提升为", GE),
    ("增加至", GE), ("增加到", GE), ("增加为", GE), ("增长至", GE), ("增长到", GE), ("增长为", GE),
    ("扩大至", GE), ("扩大到", GE), ("扩大为", GE), ("拓展至", GE), ("拓展到", GE), ("扩展至", GE),
    ("扩展到", GE), ("上升至", GE), ("上升到", GE), ("上调至", GE), ("上调到", GE), ("升至", GE),
    ("增至", GE), ("增到", GE), ("达到", GE),
    ("超过", GE), ("高于", GE), ("突破", GE), ("至少", GE), ("达", GE),
    # A change by an amount (提高2个百分点, 降低10%, 缩短3个工作日): at least that much change.
    ("提高", GE), ("提升", GE), ("增长", GE), ("增加", GE), ("降低", GE), ("下降", GE), ("减少", GE),
    ("缩短", GE), ("压减", GE), ("压缩", GE), ("缩减", GE),
]
_SUFFIX_OPS = [
    ("及以上", GE), ("及以下", LE), ("以上", GE), ("以内", LE), ("以下", LE), ("之内", LE), ("内", LE),
    ("左右", APPROX),
]
# Words that say a ≈ target is a ceiling (days shrink), not a floor.
_DOWNWARD = ("压缩", "压减", "缩短", "降低", "降至", "降到", "减少", "控制", "不超过", "以内")
_PER_CAPITA = re.compile(r"每(万|千|百|十万)人(?:口)?")
# Clauses end at these; 、 is kept inside a clause so 分别压缩至3个工作日、1个工作日 stays together.
_CLAUSE_SPLIT = re.compile(r"[，。；;！？!?]|,(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d(?:年|[—\-－~～至](?:(?:19|20)\d\d)?)")
# 由10个工作日压缩至5个工作日, 从85%提高到95%, 由1.2次降至0.5次: the first figure is the baseline of the
# second, whenever a comparator that names the level reached (…至, …到, …为) stands between them.
#: A year may stand between 由 and the baseline (由2023年的1.2万次降至1万次以内).
_FROM = re.compile(r"(?:由|从)(?:(?:19|20)\d\d年(?:底|末)?(?:的)?)?"
                   r"(?:原来的|原有的|原先的|原|目前的|现在的|现行的|现有的|过去的|以往的)?$")
_LEVEL_WORDS = [w for w, _ in _PREFIX_OPS if w.endswith(("至", "到", "为"))]
_CHANGE = re.compile(r"^(?:进一步|逐步|再|分别|平均|大幅|稳步|持续)?(?:"
                     + "|".join(re.escape(w) for w in sorted(_LEVEL_WORDS, key=len, reverse=True)) + r")$")
_LIST_SEP = re.compile(r"^[、和及或]$")
_POLICY = re.compile(r"给予|补贴|补助|奖励|奖补|减免|资助")
#: 预留不低于40%的份额, 安排不少于500万元的资金: after comparator + figure + 的, a noun that is the measured
#: thing itself (a share, an amount of money) — not a scope such as 超过200万元的采购项目.
_MEASURED = re.compile(r"的[\u4e00-\u9fff]{0,4}?(?:份额|比例|比重|占比|资金|经费|预算|额度|规模|增幅|幅度)")
#: 在三个月内办结, 3个月内审结: a time limit in months (not a time frame such as 成立3个月以内的, nor the
#: name of a rate such as 6个月内审结率).
_DONE = re.compile(r"(?:办结|审结|结案|完成|办理|解决|答复|处置|整改|出具|作出|审查)(?!率)")
#: 围绕…等13个“一件事”, 聚焦8个产业链, 在全县15个乡镇实现…全覆盖: a count that is the object of 围绕/聚焦/
#: 针对/面向 (right after it, or after the list it sums up with 等) or of 在 says where or to what a target
#: applies — not 面向中小企业举办对接活动100场, where the count is what is done.
_SCOPE_HEAD = re.compile(r"^(?:围绕|聚焦|针对|面向)(?:[^，。；]*等)?$|在(?:全[省市州盟县旗区])?$")
#: 划分为立项、许可、验收3个阶段, 分成两类: the clause divides something; its count is no target.
_DIVIDED = re.compile(r"(?:划分|区分|分)(?:为|成)[^，。；为成]*$")
_CN_VALUES = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_MULT = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True)
class Unexplained:
    """A number in a task that is neither a target nor a known non-target: ``number`` as written
    (with its unit, if any) and the ``clause`` it stands in."""

    number: str
    clause: str


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyse` found in a text: its targets and the numbers it could not explain."""

    targets: tuple[Target, ...]
    unexplained: tuple[Unexplained, ...]


def normalize(text: str) -> str:
    """NFKC-normalise (full-width digits and % → ASCII) and drop line breaks and the spaces a PDF
    puts between Chinese and Latin text (压缩至 1 个工作日 → 压缩至1个工作日)."""
    text = unicodedata.normalize("NFKC", text).replace("\n", "").replace("\r", "")
    return re.sub(r"\s+", lambda m: " " if _ascii_pair(text, m) else "", text)


def _ascii_pair(text: str, m: re.Match) -> bool:
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def clauses(text: str) -> list[str]:
    """Split a task text into clauses at ，。；(and an ASCII comma not inside a number), normalised."""
    parts = _CLAUSE_SPLIT.split(text.replace("\n", "").replace("\r", ""))
    return [c for c in (normalize(p).strip() for p in parts) if c]


def extract_targets(text: str) -> list[Target]:
    """All quantitative targets in ``text``, in order of appearance."""
    return list(analyse(text).targets)


def analyse(text: str) -> Analysis:
    """Targets in ``text`` and the numbers that are neither targets nor known non-targets."""
    targets: list[Target] = []
    unexplained: list[Unexplained] = []
    for clause in clauses(text):
        found, unknown = _clause(clause)
        targets.extend(found)
        unexplained.extend(Unexplained(n, clause) for n in unknown)
    return Analysis(tuple(targets), tuple(unexplained))


@dataclass
class _Token:
    start: int
    end: int
    value: float
    unit: str | None  # canonical unit, None for a bare number
    written: str
    chinese: bool
    large: bool = False  # a Chinese numeral with a hundreds or thousands place


def _tokens(clause: str) -> list[_Token]:
    out = []
    quotes = _quoted(clause)
    for m in _TOKEN.finditer(clause):
        if m.group("num") is not None:
            unit = m.group("unit")
            out.append(_Token(m.start(), m.end(), float(m.group("num").replace(",", "")),
                              _UNITS[unit] if unit else None, m.group(0), False))
            continue
        cn, unit = m.group("cn"), _UNITS[m.group("cnunit")]
        value = cn_value(cn)
        # 五个 may be the first of a list whose unit is written once at its end (五个、八个工作日): kept
        # until the list is read, dropped when no unit a numeral may carry comes to it. A numeral with a
        # hundreds or thousands place (一百场次, 二百五十场次) is a figure with any unit: no slogan counts so.
        large = value is not None and value >= 100 and cn[0] in _CN_VALUES  # not 百日千万 (no digit)
        if value is None or (unit not in _CN_UNITS and unit != "个" and not large):
            continue
        if any(a <= m.start() < b for a, b in quotes):
            continue
        out.append(_Token(m.start(), m.end(), value, unit, m.group(0), True, large))
    # 分别压缩至3个、4个工作日: a 个 in a list is the 个 of the unit written once at its end.
    for tok, nxt in reversed(list(pairwise(out))):
        counted = nxt.written.endswith(("个工作日", "个月", "个小时", "个百分点")) or (
            nxt.written.endswith("个") and nxt.unit != "个")
        if tok.unit == "个" and counted and _LIST_SEP.match(clause[tok.end:nxt.start]):
            tok.unit = nxt.unit
    return [tok for tok in out if not tok.chinese or tok.unit in _CN_UNITS or tok.large]


def cn_value(text: str) -> float | None:
    """五 → 5, 十五 → 15, 两 → 2, 三百 → 300, 半 → 0.5; None when it is not a plain numeral."""
    if text == "半":
        return 0.5
    if "半" in text or not text:
        return None
    if not any(ch in _CN_MULT for ch in text):
        if len(text) != 1:
            return None  # 一一, 三四: not a figure
        return float(_CN_VALUES[text])
    total, digit = 0, None
    for ch in text:
        if ch in _CN_VALUES:
            digit = _CN_VALUES[ch]
        else:
            total += (1 if digit is None else digit) * _CN_MULT[ch]
            digit = None
    return float(total + (digit or 0))


def _quoted(clause: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|‘[^’]*’", clause)]


def _clause(clause: str) -> tuple[list[Target], list[str]]:
    out: list[Target] = []
    unknown: list[str] = []
    tokens = _tokens(clause)
    pending: list[_Token] = []  # bare numbers of a list waiting for the unit (4、2、1个工作日)
    baseline: float | None = None
    prev_end, prev_prefix = 0, None
    run_start = 0  # where the words before the first number of a list begin
    for i, tok in enumerate(tokens):
        before = clause[prev_end:tok.start]
        after = clause[tok.end:]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if _known_non_quantity(clause, tok, before, after):
            prev_end, pending = tok.end, []
            continue
        between = clause[tok.end:nxt.start] if nxt else ""
        if _FROM.search(clause[:tok.start]) and nxt and _CHANGE.match(between):
            baseline = tok.value  # 由10个工作日压缩至…: not a target itself
            prev_end = tok.end
            continue
        if tok.unit is None:
            if _list_ahead(clause, tokens, i):
                if not pending:
                    run_start = prev_end
                pending.append(tok)
            elif not pending:
                unknown.append(tok.written)
            prev_end = tok.end
            continue
        if tok.unit == "个" and after.startswith("环节"):
            prev_end, pending = tok.end, []
            continue
        head_start = pending[0].start if pending else tok.start
        before_head = clause[run_start if pending else prev_end:head_start]
        prefix_word, prefix_op = _prefix(before_head, clause[:head_start])
        suffix_word, suffix_op = _suffix(after)
        # 分别压缩至3个工作日、1个工作日: the second number inherits the first one's comparator.
        inherits = prefix_op is None and before.strip() in ("、", "和", "及", "或") and prev_prefix
        if inherits:
            prefix_op = prev_prefix
        if _is_condition(tok, prefix_word, prefix_op, suffix_word, after, clause[:head_start]):
            prev_end, prev_prefix, pending, baseline = tok.end, None, [], None
            continue
        op = suffix_op if suffix_op == APPROX else (suffix_op or prefix_op)
        if op is None:
            op = LE if tok.unit in TIME_UNITS else GE
        direction = op
        if op == APPROX:
            direction = LE if any(w in clause[:tok.start] for w in _DOWNWARD) else GE
        unit = tok.unit
        per = _PER_CAPITA.search(clause[:head_start])
        if per:
            unit = f"{unit}/{per.group(1)}人"
        subject = out[-1].subject if inherits and out else _subject(clause[:head_start], prefix_word)
        for member in [*pending, tok]:
            out.append(
                Target(
                    value=_number(member.value),
                    unit=unit,
                    op=op,
                    text=clause,
                    direction=direction,
                    subject=subject,
                    baseline=None if baseline is None else _number(baseline),
                )
            )
        prev_end, prev_prefix, pending, baseline = tok.end, prefix_op, [], None
    unknown.extend(t.written for t in pending)
    return out, unknown


def _list_ahead(clause: str, tokens: list[_Token], i: int) -> bool:
    """Whether bare number ``i`` opens or continues a list that ends in a number with a unit
    (4、2、1个工作日)."""
    for a, b in zip(tokens[i:], tokens[i + 1 :], strict=False):
        if not _LIST_SEP.match(clause[a.end:b.start]):
            return False
        if b.unit is not None:
            return True
    return False


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _known_non_quantity(clause: str, tok: _Token, before: str, after: str) -> bool:
    """A year (2023年), a date (12月31日, 6月底), an ordinal (第3), part of a code (A1类, 5G), a
    document number (〔2024〕5号), a service hour or formula (7×24小时, 1+N), a hotline (12345)."""
    start = tok.start
    head = clause[:start]
    if tok.chinese:
        return head.endswith("第")
    if _YEAR.match(clause, start) or head.endswith(("第", "〔", "[", "［")):
        return True
    if tok.unit == "天" and head.endswith("月"):
        return True  # 12月31日
    if tok.unit == "月" and re.match(r"(?:底|末|初|中旬|上旬|下旬|份|前|起|中|\d)", after):
        return True  # 6月底前, 9月30日
    if tok.unit is None and after.startswith(("月", "号", "日")):
        return True
    if re.match(r"\s*[×xX*+＋/]", after) or re.search(r"[×xX*+＋/]\s*$", head):
        return True
    if start and clause[start - 1].isascii() and clause[start - 1].isalpha():
        return True
    if after[:1].isascii() and after[:1].isalpha() and tok.unit is None:
        return True  # 5G
    return tok.unit is None and len(tok.written) >= 5  # 12345 热线


def _prefix(before: str, head: str) -> tuple[str, str | None]:
    tail = before.rstrip()
    for word, op in _PREFIX_OPS:
        if tail.endswith(word):
            return word, op
    # 压缩至法定时限50%: the comparator governs a short noun phrase before the number.
    for word, op in _PREFIX_OPS:
        idx = tail.rfind(word)
        if idx >= 0 and len(tail) - idx - len(word) <= 6 and len(word) >= 2 and not word.endswith(
            ("提高", "提升", "增长", "增加", "降低", "下降", "减少", "缩短", "压减", "压缩", "缩减")
        ):
            return word, op
    return "", None


def _suffix(after: str) -> tuple[str, str | None]:
    for word, op in _SUFFIX_OPS:
        if after.startswith(word):
            return word, op
    return "", None


def _is_condition(tok: _Token, prefix_word: str, prefix_op: str | None, suffix_word: str, after: str,
                  head: str) -> bool:
    """True when the number limits scope or eligibility rather than setting a target."""
    rest = after[len(suffix_word):]
    # 超过200万元的货物和服务采购项目: comparator + amount + 的 + noun → which items count (but
    # 不低于40%的份额 is the share to reach).
    if prefix_op is not None and after.startswith("的") and not _MEASURED.match(after):
        return True
    # 300万元以下的…项目, 800万元及以下的, 30人以上的企业: the comparator after the amount, then 的
    # (but 40%以上的新增建设用地指标 is a share to reach).
    if suffix_word and rest.startswith("的") and tok.unit != "%":
        return True
    # 3000万元以上重点项目, 160千瓦及以下小微企业: an amount that qualifies a noun.
    if suffix_word in ("以上", "以下", "及以上", "及以下") and _cjk(rest[:1]) and (
        tok.unit in _MONEY or suffix_word.startswith("及")
    ):
        return True
    # 10千伏高压用户, 160千瓦小微企业: a voltage or a capacity names a class of users.
    if tok.unit in ("千伏", "千伏安") or (tok.unit == "千瓦" and prefix_op is None and _cjk(after[:1])):
        return True
    # 最高10万元的补助, 最高不超过50万元: a cap on what is granted.
    if re.search(r"最高(?:不超过|可达|为)?$", head.rstrip()):
        return True
    # 给予…1000元补贴: an amount granted by a policy, not a figure to reach.
    if tok.unit in _MONEY and prefix_op is None and _POLICY.search(head + after):
        return True
    # 毕业2年内 / 成立3个月以内: years and months are time frames, unless a comparator makes them a limit
    # (压缩至3个月以内) or they say within how long something is done (在三个月内办结, 6个月内审结).
    limit = tok.unit == "月" and (prefix_op == LE or (
        suffix_word in ("内", "以内", "之内") and not rest.startswith("的")
        and (head.rstrip().endswith("在") or _DONE.match(rest))))
    if tok.unit in _FRAMES and not limit:
        return True
    # 围绕…13个“一件事”, 在全县15个乡镇: a count without a comparator that names the scope.
    if prefix_op is None and not suffix_word and tok.unit not in (*TIME_UNITS, "%", "个百分点") and (
            _SCOPE_HEAD.search(head.rstrip())):
        return True
    # 将审批流程划分为…4个阶段, 分成3类: a count that says into how many parts something is divided.
    if prefix_op is None and not suffix_word and _DIVIDED.search(head):
        return True
    # 对…在3个工作日内的… / 满2年的: a number directly followed by 的 after 对/凡/满 is a scope.
    scoped = re.search(r"(对|凡|满|符合)[^，。]*$", head)
    return bool(after.startswith("的") and not _MEASURED.match(after) and scoped)


def _cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _subject(head: str, prefix_word: str) -> str:
    """What is measured: the words before the number, without leading verbs and the comparator."""
    s = head.rstrip()
    if prefix_word and s.endswith(prefix_word):
        s = s[: -len(prefix_word)]
    s = re.sub(r"(?:由|从)(?:原来的|原有的|原|目前的)?[^由从]*$", "", s) if re.search(r"[由从]", s) else s
    s = re.sub(r"分别$", "", s.strip())
    s = re.sub(r"^(?:年底前|年内|全年|实现|确保|推动|力争|持续|将|其中|推进|全面|进一步|努力|争取)+", "", s)
    return s.strip(" 的、")
