"""One county matcher for every reader: which county-level governments a 责任单位 item names.

各县区, 各县（市、区）, 各县（市）区人民政府, 各旗县区, 各区人民政府 … name all configured counties, and
so does a count of them (三旗人民政府 when three are configured); 利通区人民政府, 青铜峡市政府,
吴忠市利通区人民政府 (a district government whose name begins with the city's name is a county, not a
department) name one. In a county's own ledger (安吉县) the counties are its 乡镇 and 街道: 各乡镇（街道）
names all of them, 安吉县递铺街道 the one. Names are mapped to the configured counties by their spellings
(大武口 for 大武口区); a county that is not configured is kept as written, without 人民政府/政府.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .numbering import cn_number
from .unitnames import DATA

_GOVERNMENT = re.compile(r"(?:人民政府|党委(?:和|、)?政府|党委|政府|办事处|管委会|管理委员会)$")
#: The county-level units of a city (县, 市, 区, 旗) and those of a county (乡, 镇, 街道).
_CITY_PARTS, _COUNTY_PARTS = "县市区旗", "乡镇街道"
_LIST = "（）()、和及"


def _all_words(parts: str, ends: str) -> re.Pattern:
    """各县（市、区）, 各旗县区, 县（市、区）; 各乡镇（街道）, 全县各镇街: words that name every part."""
    chars = re.escape(parts + _LIST)
    return re.compile(rf"(?:各|全[市州盟县旗区]各|所有|相关|有关)[{chars}]*[{ends}][{chars}]*"
                      rf"|[县旗][（(]?[市区][、]?[区]?[）)]?[县市区旗]*")


_ALL = {_CITY_PARTS: _all_words(_CITY_PARTS, "县区旗"), _COUNTY_PARTS: _all_words(_COUNTY_PARTS, "乡镇道")}
#: A count of the parts (三旗, 两区, 5个县区): every one of them when the count is the configured number.
_PART = r"(?:[县市区旗乡镇]|街道)"
_COUNT = re.compile(rf"([一二两三四五六七八九十]+|\d+)个?{_PART}(?:[（）()、]*{_PART})*")
_COUNTY_END = {_CITY_PARTS: ("区", "县", "旗"), _COUNTY_PARTS: ("乡", "镇", "街道")}
#: Beginnings that never start a county's own name (市高新区 is the city's, 各园区 is a group).
_NOT_NAMED = ("市", "自治区", "省", "各", "相关", "有关", "全市", "所有", "其他")
#: Development zones: their 管委会 is a unit, not a county government (unless configured as a county).
ZONE = re.compile("|".join(re.escape(w) for w in sorted(DATA["names"]["zones"], key=len, reverse=True)))


def county_aliases(name: str) -> tuple[str, ...]:
    """The spellings of a county a ledger or a workbook may use: 大武口区 → 大武口, 大武口区政府,
    大武口区人民政府 (the short form only when at least two characters remain); an autonomous county
    also by its place name (松桃苗族自治县 → 松桃)."""
    out = [f"{name}政府", f"{name}人民政府"]
    if len(name) >= 3 and name[-1] in "区县市旗":
        out.insert(0, name[:-1])
    autonomous = _AUTONOMOUS.search(name)
    if autonomous and autonomous.start() >= 2:  # 松桃苗族自治县 → 松桃
        out.insert(0, name[: autonomous.start()])
    return tuple(out)


_AUTONOMOUS = re.compile(
    "(?:" + "|".join(re.escape(p) + "族?" for p in sorted(DATA["places"]["peoples"], key=len, reverse=True))
    + ")+自治[州县旗]$")


def city_short(city: str) -> str:
    """吴忠市 → 吴忠, 锡林郭勒盟 → 锡林郭勒, 楚雄彝族自治州 → 楚雄 (the city's name without its level)."""
    autonomous = _AUTONOMOUS.search(city)
    if autonomous and autonomous.start() >= 2:
        return city[: autonomous.start()]
    return city[:-1] if len(city) > 2 and city[-1] in "市州盟县" else city


class CountyMatcher:
    """Matches items of a 责任单位 cell against the configured counties.

    ``counties`` is either a list of names (aliases are derived) or ``{name: aliases}`` as in
    ``config.toml``; ``city`` is the ledger's city (its name in front of a county is dropped).
    """

    def __init__(self, counties: Mapping[str, Sequence[str]] | Sequence[str] = (), city: str = "") -> None:
        if isinstance(counties, Mapping):
            pairs = [(name, (*aliases, *county_aliases(name))) for name, aliases in counties.items()]
        else:
            pairs = [(name, county_aliases(name)) for name in counties]
        self.names: tuple[str, ...] = tuple(name for name, _ in pairs)
        self._canon: dict[str, str] = {}
        for name, aliases in pairs:
            for spelling in (name, *aliases):
                self._canon.setdefault("".join(spelling.split()), name)
        self.city = city
        self.short = city_short(city)
        #: Whose parts the counties are: a city's 县/市/区/旗, or a county's 乡/镇/街道 (when the configured
        #: names are those, or none is configured and the city is a 县 or 旗).
        townships = [n for n in self.names if n.endswith(_COUNTY_END[_COUNTY_PARTS])]
        county_level = len(townships) * 2 > len(self.names) if self.names else city.endswith(("县", "旗"))
        self.parts = _COUNTY_PARTS if county_level else _CITY_PARTS

    def match(self, item: str) -> tuple[str, ...] | None:
        """The counties ``item`` names (all configured ones for 各县区 …), or None when it is no county.

        An empty tuple means "all counties" with none configured.
        """
        s = "".join(item.split())
        if not s:
            return None
        if _ALL[self.parts].fullmatch(_GOVERNMENT.sub("", s)):
            return self.names
        counted = self._count(_GOVERNMENT.sub("", s))
        if counted is not None:
            return counted
        if s in self._canon:
            return (self._canon[s],)
        had_government = bool(_GOVERNMENT.search(s))
        bare = _GOVERNMENT.sub("", s)
        if bare in self._canon:  # a configured name that begins with the city's (赣州经开区管委会)
            return (self._canon[bare],)
        prefixed = False
        for head in (self.city, self.short):
            if head and bare.startswith(head) and len(bare) > len(head) + 1:
                bare, prefixed = bare[len(head):], True
                break
        if bare in self._canon:
            return (self._canon[bare],)
        if bare.startswith(_NOT_NAMED) or not 2 <= len(bare) <= 8 or ZONE.search(bare):
            return None
        if bare in (self.city, self.short):
            return None
        city_like = bare.endswith("市") and len(bare) >= 3  # 灵武市; not 城市 (城市管理委员会 is a unit)
        if bare.endswith(_COUNTY_END[self.parts]) or (city_like and (had_government or prefixed)):
            return (bare,)
        return None

    def _count(self, bare: str) -> tuple[str, ...] | None:
        """三旗 / 两区 / 5个县区 with as many counties configured: all of them; else None."""
        m = _COUNT.fullmatch(bare)
        if not m:
            return None
        try:
            n = int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1))
        except ValueError:
            return None
        return self.names if n == len(self.names) else None

    def known(self, name: str) -> bool:
        """Whether ``name`` is one of the configured counties."""
        return name in self.names


def county_list(text: str | None) -> list[str]:
    """Counties typed as one text (大武口区、惠农区,平罗县 — 、，or , between them) → their names."""
    return [c.strip() for c in (text or "").replace("，", ",").replace("、", ",").split(",") if c.strip()]
