"""One county matcher for every reader: which county-level governments a 责任单位 item names.

各县区, 各县（市、区）, 各县（市）区人民政府, 各旗县区, 各区人民政府 … name all configured counties;
利通区人民政府, 青铜峡市政府, 吴忠市利通区人民政府 (a district government whose name begins with the city's
name is a county, not a department) name one. Names are mapped to the configured counties by their
spellings (大武口 for 大武口区); a county that is not configured is kept as written, without 人民政府/政府.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_GOVERNMENT = re.compile(r"(?:人民政府|党委(?:和|、)?政府|党委|政府|管委会|管理委员会)$")
_ALL = re.compile(
    r"(?:各|全市各|所有|相关|有关)[县市区旗（）()、]*[县区旗][县市区旗（）()、]*"
    r"|[县旗][（(]?[市区][、]?[区]?[）)]?[县市区旗]*"
)
_COUNTY_END = ("区", "县", "旗")
#: Beginnings that never start a county's own name (市高新区 is the city's, 各园区 is a group).
_NOT_NAMED = ("市", "自治区", "省", "各", "相关", "有关", "全市", "所有", "其他")
#: Development zones: their 管委会 is a unit, not a county government (unless configured as a county).
_ZONE = re.compile(r"开发区|高新区|园区|新区|示范区|保税区|基地|经开区")


def county_aliases(name: str) -> tuple[str, ...]:
    """The spellings of a county a ledger or a workbook may use: 大武口区 → 大武口, 大武口区政府,
    大武口区人民政府 (the short form only when at least two characters remain)."""
    out = [f"{name}政府", f"{name}人民政府"]
    if len(name) >= 3 and name[-1] in "区县市旗":
        out.insert(0, name[:-1])
    return tuple(out)


def city_short(city: str) -> str:
    """吴忠市 → 吴忠, 锡林郭勒盟 → 锡林郭勒 (the city's name without its level)."""
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

    def match(self, item: str) -> tuple[str, ...] | None:
        """The counties ``item`` names (all configured ones for 各县区 …), or None when it is no county.

        An empty tuple means "all counties" with none configured.
        """
        s = "".join(item.split())
        if not s:
            return None
        if _ALL.fullmatch(_GOVERNMENT.sub("", s)):
            return self.names
        if s in self._canon:
            return (self._canon[s],)
        had_government = bool(_GOVERNMENT.search(s))
        bare = _GOVERNMENT.sub("", s)
        prefixed = False
        for head in (self.city, self.short):
            if head and bare.startswith(head) and len(bare) > len(head) + 1:
                bare, prefixed = bare[len(head):], True
                break
        if bare in self._canon:
            return (self._canon[bare],)
        if bare.startswith(_NOT_NAMED) or not 2 <= len(bare) <= 8 or _ZONE.search(bare):
            return None
        if bare in (self.city, self.short):
            return None
        if bare.endswith(_COUNTY_END) or (bare.endswith("市") and (had_government or prefixed)):
            return (bare,)
        return None

    def known(self, name: str) -> bool:
        """Whether ``name`` is one of the configured counties."""
        return name in self.names
