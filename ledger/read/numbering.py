"""Numbering of headings and tasks in Chinese official documents: 一、 · （一） · 1. · （1）."""

from __future__ import annotations

import re

from ..targets import cn_value

_CN_DIGITS = dict(zip("零〇一二三四五六七八九", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)) | {"两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"

#: 一、提升政务服务水平 (level 1: the category).
CATEGORY_RE = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、．.]\s*(.*)$")
#: （一）压缩企业开办时间 (level 2).
TASK_RE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.*)$")
#: 1. / 1、 / 1． (level 3) — not 1.5 or 2023.
ARABIC_RE = re.compile(r"^\s*(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*(.*)$")
#: （1） (level 4).
ARABIC_PAREN_RE = re.compile(r"^\s*[（(]\s*(\d{1,3})\s*[）)]\s*(.*)$")


def cn_number(text: str) -> int:
    """A Chinese numeral (一, 十, 十二, 二十三, 一百零五, 两千) → int; ValueError when it is none."""
    text = text.strip()
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in _CN_UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    return int(cn_value(text))


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (up to 99)."""
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


def numbering(line: str) -> tuple[int, int, str] | None:
    """(level, number, rest) of a numbered line (level 1 一、, 2 （一）, 3 1., 4 （1）), else None."""
    for level, regex in ((2, TASK_RE), (4, ARABIC_PAREN_RE), (1, CATEGORY_RE), (3, ARABIC_RE)):
        m = regex.match(line)
        if m:
            raw = m.group(1)
            number = int(raw) if raw.isdigit() else cn_number(raw)
            return level, number, m.group(2)
    return None


def strip_numbering(text: str) -> str:
    """The text without a leading 一、 / （一） / 1. / （1）."""
    found = numbering(text)
    return found[2].strip() if found else text.strip()
