"""One cell → one value, per type: blank, shown text, period, number, date, id, status, direction.

Each reader takes a cell value as python-calamine gives it (str, float, int, bool, datetime, date, time,
timedelta, None) or an :class:`ErrorValue` (a formula error such as ``#DIV/0!``), and returns the value
or a :class:`Bad` (an i18n problem code with its parameters). Text is NFKC-normalised (full-width digits
and letters), trimmed, and loses the leading apostrophe some spreadsheets keep (``'2023-06``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..config import normalize_name
from ..errors import UserError
from ..model import GE, LE, TASK_STATES

#: Numbers beyond this magnitude are refused: every ratio of them would overflow to infinity.
MAX_MAGNITUDE = 1e15
#: A non-zero target smaller than this would make every attainment overflow (5e-324 → ∞).
MIN_TARGET = 1e-9
TOTAL_ROW = re.compile(r"^[(（\[【]?(合计|小计|总计)")
STATUS_ALIASES = {"完成": "已完成", "进行中": "推进中", "正在推进": "推进中", "未开始": "未启动"}
DIRECTIONS = {
    ">=": GE,
    "≥": GE,
    "不低于": GE,
    "不少于": GE,
    "以上": GE,
    "大于等于": GE,
    "<=": LE,
    "≤": LE,
    "不高于": LE,
    "不超过": LE,
    "以内": LE,
    "小于等于": LE,
}
#: Spellings of "no value" that are text, not a blank: refused in number columns with a hint.
NA_TEXT = frozenset({"NA", "N/A", "#N/A", "NAN", "NULL", "NONE", "-NAN", "<NA>", "#NA", "无", "空"})
_EXCEL_EPOCH = datetime(1899, 12, 30)
_PERIOD_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*月份?|\s*[-/.]\s*\d{1,2}\s*日?(?:[ T].*)?)?")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: A number followed by a short unit without digits (3个工作日, 5.37件/万人; not 85-90, not 约96).
_NUMBER_UNIT = re.compile(r"([+-]?\d+(?:\.\d+)?)([^\d.+\-]{1,8})")
_QUOTES = "'‘’"


@dataclass(frozen=True)
class ErrorValue:
    """A cell holding a formula error (``t="e"``): ``#DIV/0!``, ``#N/A``, ``#VALUE!`` …"""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Bad:
    """A cell that cannot be read as its type: an i18n problem code and its parameters."""

    code: str
    params: dict = field(default_factory=dict, compare=False)


def is_blank(v: Any) -> bool:
    """None, NaN, NaT and whitespace-only text are blank; an ErrorValue is not."""
    if v is None or v is _NAT:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    return isinstance(v, str) and not v.strip()


try:
    import pandas as _pd

    _NAT = _pd.NaT
except ImportError:  # pragma: no cover
    _NAT = object()


def show(v: Any, limit: int = 60) -> str:
    """A cell value as a problem shows it (dates as ISO, whole floats without .0, trimmed)."""
    if is_blank(v):
        return ""
    if isinstance(v, datetime) and not (v.hour or v.minute or v.second):
        text = v.date().isoformat()
    elif isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        text = str(int(v))
    else:
        text = " ".join(str(v).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nfkc(v: Any) -> str:
    """NFKC, trimmed, without a leading apostrophe (``'2023-06`` typed to keep text as text)."""
    text = unicodedata.normalize("NFKC", str(v)).strip()
    if text[:1] in _QUOTES:
        text = text[1:].strip()
    return text


def invisible(v: Any) -> str:
    """The invisible and direction characters in a cell (zero-width spaces, BOM, bidi controls, other
    format and control characters) as ``U+200B`` …; "" when there are none."""
    if not isinstance(v, str):
        return ""
    found = {ch for ch in v if unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn") and ch not in "\t\n\r"}
    return "、".join(f"U+{ord(ch):04X}" for ch in sorted(found))


def header_key(v: Any) -> str:
    """How headers are compared: NFKC, no spaces, lower case, without a bracketed unit or a trailing
    colon or asterisk (实际值(%) → 实际值, *期间： → 期间)."""
    key = normalize_name(v).lower()
    key = re.sub(r"[(\[【].*?[)\]】]", "", key)  # NFKC made （） ASCII
    return key.strip("*:：")


def is_total(v: Any) -> bool:
    """A 合计 / 小计 / 总计 row label."""
    return isinstance(v, str) and TOTAL_ROW.match(normalize_name(v)) is not None


def number(v: Any, percent_format: bool = False) -> tuple[float, bool] | Bad:
    """A number → (value, written as a percentage?). ``52%`` → (52, True); a %-formatted 0.52 → (52,
    True); ``５２`` → (52, False). Blank cells are the caller's concern."""
    if isinstance(v, ErrorValue):
        return Bad("cell_error")
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        return Bad("not_number")
    if isinstance(v, str):
        text = nfkc(v).replace(",", "").replace(" ", "")
        pct = text.endswith("%")
        text = text.rstrip("%")
        if not _NUMBER.fullmatch(text):
            unit = _NUMBER_UNIT.fullmatch(text)
            if unit:  # 6个工作日, 5.37件/万人: the number and the unit written with it (ledger.upload.units)
                return Bad("number_with_unit", {"unit": unit.group(2), "_number": float(unit.group(1))})
            return Bad("not_number_na" if nfkc(v).upper() in NA_TEXT else "not_number")
        x = float(text)
    else:
        try:
            x = float(v)
        except OverflowError:
            return Bad("number_too_large")
        pct = percent_format
        if pct:
            x = round(x * 100, 9)
    if not math.isfinite(x) or abs(x) > MAX_MAGNITUDE:
        return Bad("number_too_large")
    return x, pct


def period(v: Any) -> str | Bad:
    """A 期间 cell → ``YYYY-MM``, or why it cannot be read."""
    year = month = None
    if isinstance(v, datetime | date):
        year, month = v.year, v.month
    elif isinstance(v, bool | ErrorValue) or not isinstance(v, int | float | str):
        return Bad("period_unreadable")
    elif isinstance(v, int | float):
        x = float(v)
        if not math.isfinite(x):
            return Bad("period_unreadable")
        if x.is_integer() and 190001 <= x <= 210012:  # 202306
            year, month = divmod(int(x), 100)
        elif x.is_integer() and 1900 <= x <= 2100:
            return Bad("period_year_only")
        elif 1900 <= x < 2101:  # 2023.06 typed into a number cell
            year, frac = int(x), round((x - int(x)) * 100)
            if frac == 10:
                return Bad("period_ambiguous")
            month = frac
        elif 1 <= x < 2958466:  # an Excel date serial
            d = _EXCEL_EPOCH + timedelta(days=int(x))
            year, month = d.year, d.month
        else:
            return Bad("period_unreadable")
    else:
        text = nfkc(v)
        m = _PERIOD_TEXT.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})", text)
        if not m:
            return Bad("period_unreadable")
        year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return Bad("period_unreadable")
    return f"{year:04d}-{month:02d}"


def parse_period(text: object, plan_year: int | None = None) -> str:
    """A period typed by a person (2023-06, 2023年6月 …) → ``YYYY-MM``, inside ``plan_year`` when given.

    Raises :class:`~ledger.errors.UserError` (``period_given``) naming what was typed and why.
    """
    got = period(text)
    if isinstance(got, Bad):
        raise UserError("period_given", None, period=text, reason=UserError(got.code))
    if plan_year is not None and int(got[:4]) != plan_year:
        raise UserError("period_given_outside", None, period=text, year=plan_year)
    return got


def date_of(v: Any) -> date | None:
    """A date cell (a date, a serial number or text such as 2023-12-31 / 2023年12月31日) or None."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool) and 1 <= v < 2958466:
        return (_EXCEL_EPOCH + timedelta(days=int(v))).date()
    if isinstance(v, str):
        m = _DATE_TEXT.fullmatch(nfkc(v))
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def id_text(v: Any) -> str:
    """An id cell as text: 1.1 (a number) → "1.1"; "ｋ０１ 覆盖率" → "K01"."""
    if isinstance(v, float) and math.isfinite(v):
        text = str(int(v)) if v.is_integer() else repr(v)
    elif isinstance(v, ErrorValue):
        return ""
    else:
        text = nfkc(v)
    parts = text.split()
    return parts[0].upper() if parts else ""


def text(v: Any) -> str:
    """A free-text cell as stored: '' for a blank cell, else the text trimmed (a whole number without
    ``.0``: calamine reads every number as a float)."""
    if is_blank(v):
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v).strip()


def status(v: Any) -> str | Bad:
    """A 进度状态 cell → one of :data:`~ledger.model.TASK_STATES` (aliases such as 完成 accepted)."""
    got = STATUS_ALIASES.get(normalize_name(v), normalize_name(v))
    return got if got in TASK_STATES else Bad("status_invalid", {"choices": "、".join(TASK_STATES)})


def direction(v: Any) -> str | None:
    """A 方向 cell → ``>=`` / ``<=`` (≥, 不低于, 不超过 … accepted), or None."""
    return None if is_blank(v) else DIRECTIONS.get(normalize_name(v))


__all__ = [
    "Bad",
    "ErrorValue",
    "date_of",
    "direction",
    "header_key",
    "id_text",
    "invisible",
    "is_blank",
    "is_total",
    "nfkc",
    "number",
    "parse_period",
    "period",
    "show",
    "status",
    "text",
]
