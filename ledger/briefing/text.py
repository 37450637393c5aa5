"""Figures, dates and periods as a 通报 writes them, in Chinese or English (words from the i18n table)."""

from __future__ import annotations

import re
from datetime import date

from ..charts import fmt_value
from ..i18n import t, unit_label
from ..metrics import period_end
from ..model import GE

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_CN_NUMERALS = "〇一二三四五六七八九十"
#: A space between a Chinese character and a digit or Latin letter (either way round).
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[0-9A-Za-z%])"
                      r"|(?<=[0-9A-Za-z%]) +(?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])")


def number(value: float | None, places: int = 2) -> str:
    """``value`` with ``places`` decimals as the pages show figures (:func:`ledger.charts.fmt_value`:
    trailing zeros dropped, 37.39726 → 37.4); — if missing."""
    return fmt_value(value, places) or "—"


def value(v: float | None, unit: str, lang: str = "zh", places: int = 2) -> str:
    """A figure with its unit: 52%, 7个工作日, 5.2件/万人 (7 working days, 5.2 per 10,000 people)."""
    shown = number(v, places)
    if shown == "—":
        return shown
    unit = "" if unit is None else str(unit)
    if unit in ("%", "％"):
        return f"{shown}%"
    if lang == "en":
        return f"{shown} {unit_label(unit, lang)}".strip()
    if unit == "工作日":
        return f"{shown}个工作日"
    return f"{shown}{unit}"


def target(direction: str, v: float, unit: str, lang: str = "zh") -> str:
    """达到50% / 不超过10个工作日 (at least 50% / at most 10 working days)."""
    key = "brief_target_ge" if direction == GE else "brief_target_le"
    return t(key, lang, value=value(v, unit, lang))


def month_text(period: str, lang: str = "zh") -> str:
    """2023-09 → 2023年9月 / September 2023."""
    year, month = int(period[:4]), int(period[5:7])
    return f"{_MONTHS_EN[month - 1]} {year}" if lang == "en" else f"{year}年{month}月"


def short_month(period: str, lang: str = "zh") -> str:
    """2023-06 → 6月 / June."""
    month = int(str(period)[5:7])
    return _MONTHS_EN[month - 1] if lang == "en" else f"{month}月"


def day_text(day: date, lang: str = "zh") -> str:
    """2023-09-30 → 2023年9月30日 / 30 September 2023 (公文 dates in Arabic numerals, GB/T 9704)."""
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}" if lang == "en" else (
        f"{day.year}年{day.month}月{day.day}日"
    )


def period_end_text(period: str, lang: str = "zh") -> str:
    return day_text(period_end(period), lang)


def ordinal(n: int, lang: str = "zh") -> str:
    """Section numbers: 一 二 三 … (1 2 3 in English)."""
    if lang == "en":
        return str(n)
    if n <= 10:
        return _CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUMERALS[tens]) + "十" + (_CN_NUMERALS[ones] if ones else "")


def join(names: list[str], lang: str = "zh", limit: int = 0) -> str:
    """Names joined by 、 (", " in English); with ``limit``, the first ``limit`` and 等N个."""
    names = [str(n) for n in names]
    sep = ", " if lang == "en" else "、"
    if limit and len(names) > limit:
        return t("brief_and_others", lang, names=sep.join(names[:limit]), n=len(names))
    return sep.join(names)


def signed(delta: float, lang: str = "zh") -> str:
    """A change in points: 提高1.2分 / 下降0.4分 / 持平 (up 1.2 points …)."""
    if round(delta, 1) == 0:
        return t("brief_delta_same", lang)
    key = "brief_delta_up" if delta > 0 else "brief_delta_down"
    return t(key, lang, delta=number(abs(delta), 1))


# --- punctuation of the two languages (not sentences: no i18n entry) ------------------------------

def em_width(text: str) -> float:
    """Width of a line in characters of the body size: a Chinese character 1, a digit or Latin letter ½."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def tight(text: str, lang: str = "zh") -> str:
    """A sentence written for the screen, set as a 公文 sets it: in Chinese no space between a Chinese
    character and a digit or Latin letter (记 100 分 → 记100分); English unchanged."""
    return text if lang == "en" else _CJK_GAP.sub("", text)


def paren(inner: str, lang: str = "zh") -> str:
    """（inner） in Chinese, (inner) in English."""
    return f"({inner})" if lang == "en" else f"（{inner}）"


def heading1(n: int, title: str, lang: str = "zh") -> str:
    """一、总体情况 / 1. Overall progress."""
    return f"{ordinal(n, lang)}. {title}" if lang == "en" else f"{ordinal(n, lang)}、{title}"


def heading2(n: int, title: str, lang: str = "zh") -> str:
    """（一）强化关键领域改革 / (1) …"""
    return f"{paren(ordinal(n, lang), lang)}{' ' if lang == 'en' and title else ''}{title}"


def numbered(n: int, title: str, lang: str = "zh") -> str:
    """1.推进准入准营便利化。 / 1. … . (the lead of a third-level item)"""
    return f"{n}. {title}. " if lang == "en" else f"{n}.{title}。"


def sentence(text: str, lang: str = "zh") -> str:
    """``text`` ending with a full stop (。 or .), not doubled."""
    text = text.strip()
    if text.endswith(("。", "！", "？", "；", ".", "!", "?", ";")):
        return text + (" " if lang == "en" else "")
    return text + (". " if lang == "en" else "。")


def addressed(name: str, lang: str = "zh") -> str:
    """The 主送 line for one unit: 市税务局： / To 市税务局:"""
    return f"To {name}:" if lang == "en" else f"{name}："


def scoped(parts: list[str], lang: str = "zh") -> str:
    """惠农区 · 2023年9月 / 惠农区, September 2023."""
    return (", " if lang == "en" else " · ").join(p for p in parts if p)
