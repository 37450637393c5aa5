"""UI labels in one table: Chinese first, English second.

``TEXT[key][lang]`` holds every label the pages, charts, CLI and problem reports show; keys are short
ASCII names. The table is written in one module per concern (``ui``, ``problems``, ``reading``,
``workflow``, ``briefing``, ``cli``, ``ledgers``, ``export``) and merged here; a key defined twice fails
at import.
:func:`t` looks a label up (falling back to Chinese, then to the key itself) and fills
``str.format`` fields; :func:`status_label` and :func:`task_state_label` translate the status
vocabularies of :mod:`ledger.model`; :func:`unit_label` the common units; :func:`column_labels`
maps tidy-frame column names to table headers.

Data values (department, county and indicator names) are proper names and are not translated,
except 全市 (:data:`ledger.model.CITY_WIDE`), which :func:`area_label` shows as "City-wide".
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from ..model import BEHIND, CITY_WIDE, MET, NO_DATA, ON_TRACK, OVERDUE
from . import briefing as _briefing
from . import cli as _cli
from . import export as _export
from . import ledgers as _ledgers
from . import problems as _problems
from . import reading as _reading
from . import ui as _ui
from . import workflow as _workflow

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

#: Keys whose Chinese and English text are legitimately identical (names of languages).
SAME_IN_BOTH = frozenset({"lang_zh", "lang_en"})



def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One table from the per-concern modules; a key defined twice is a programming error."""
    out: dict[str, dict[str, str]] = {}
    for part in parts:
        twice = set(out) & set(part)
        if twice:
            raise KeyError(f"i18n keys defined twice: {sorted(twice)}")
        out.update(part)
    return out


#: Every label: ``TEXT[key][lang]``. Written in the modules of this package, one per concern.
TEXT: dict[str, dict[str, str]] = _merge(
    _ui.TEXT, _problems.TEXT, _reading.TEXT, _workflow.TEXT, _briefing.TEXT, _cli.TEXT, _ledgers.TEXT,
    _export.TEXT,
)

#: Status vocabulary (ledger.model.STATUSES) → TEXT key.
STATUS_KEYS = {
    MET: "status_met",
    ON_TRACK: "status_on_track",
    BEHIND: "status_behind",
    OVERDUE: "status_overdue",
    NO_DATA: "status_no_data",
}
#: Task states (ledger.model.TASK_STATES) → TEXT key.
TASK_STATE_KEYS = {
    "未启动": "state_not_started",
    "推进中": "state_in_progress",
    "已完成": "state_done",
    "滞后": "state_late",
}
#: Tidy-frame column names (ledger.model / ledger.metrics) → TEXT key of their table header.
COLUMN_KEYS = {
    "indicator": "col_indicator_id",
    "name": "col_indicator",
    "task": "col_task_id",
    "title": "col_title",
    "text": "col_text",
    "department": "col_department",
    "county": "col_county",
    "period": "col_period",
    "actual": "col_actual",
    "target": "col_target",
    "unit": "col_unit",
    "direction": "col_direction",
    "baseline": "col_baseline",
    "deadline": "col_deadline",
    "expected": "col_expected",
    "attainment": "col_attainment",
    "score": "col_score",
    "status": "col_status",
    "state": "col_state",
    "percent": "col_percent",
    "completion": "col_completion",
    "category": "col_category",
    "rank": "col_rank",
    "note": "col_note",
    "n": "col_items",
}
#: English names of the units found in ledgers; anything else is shown as written.
UNITS_EN = {
    "%": "%",
    "工作日": "working days",
    "个工作日": "working days",
    "天": "days",
    "日": "days",
    "小时": "hours",
    "分钟": "minutes",
    "件/万人": "per 10,000 people",
    "户": "households",
    "家": "firms",
    "个": "items",
    "项": "items",
    "件": "cases",
    "人": "people",
    "人次": "person-times",
    "次": "times",
    "万元": "10,000 yuan",
    "亿元": "100 million yuan",
    "元": "yuan",
}


class _Missing:
    """Placeholder for a format field the caller did not supply."""

    def __init__(self, name: str) -> None:
        self.name = name


class _LenientFormatter(string.Formatter):
    """``str.format`` that leaves unknown fields as ``{name}`` (with their spec) instead of raising."""

    def get_value(self, key: int | str, args: object, kwargs: Mapping[str, object]) -> object:
        if isinstance(key, str) and key not in kwargs:
            return _Missing(key)
        return super().get_value(key, args, kwargs)  # type: ignore[arg-type]

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, _Missing):
            return "{" + value.name + (":" + format_spec if format_spec else "") + "}"
        return super().format_field(value, format_spec)


_FORMATTER = _LenientFormatter()


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``fmt`` (``str.format`` fields).

    Falls back to Chinese when ``lang`` has no text, and to ``key`` itself for an unknown key.
    Fields missing from ``fmt`` are left as ``{name}``; without ``fmt`` the text is returned as is.
    """
    entry = TEXT.get(key)
    text = key if entry is None else entry.get(lang) or entry.get(DEFAULT_LANG) or key
    if not fmt:
        return text
    return _FORMATTER.vformat(text, (), fmt)


def status_label(status: str, lang: str = DEFAULT_LANG) -> str:
    """达标 / 正常 / 滞后 / 逾期 / 无数据 in ``lang``; an unknown status is returned unchanged."""
    key = STATUS_KEYS.get(status)
    return t(key, lang) if key else str(status)


def task_state_label(state: str, lang: str = DEFAULT_LANG) -> str:
    """未启动 / 推进中 / 已完成 / 滞后 in ``lang``; an unknown state is returned unchanged."""
    key = TASK_STATE_KEYS.get(state)
    return t(key, lang) if key else str(state)


def unit_label(unit: str, lang: str = DEFAULT_LANG) -> str:
    """A unit as shown in ``lang``: as written in Chinese, from :data:`UNITS_EN` in English."""
    unit = "" if unit is None else str(unit)
    if lang == "en":
        return UNITS_EN.get(unit.strip(), unit)
    return unit


def area_label(county: str, lang: str = DEFAULT_LANG) -> str:
    """A county name as shown: 全市 is translated, real county names are proper names."""
    return t("city_wide", lang) if county == CITY_WIDE else str(county)


def column_labels(lang: str = DEFAULT_LANG, columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{column: header}`` for ``DataFrame.rename(columns=…)``; ``columns`` overrides keys."""
    keys = {**COLUMN_KEYS, **(columns or {})}
    return {col: t(key, lang) for col, key in keys.items()}


__all__ = [
    "COLUMN_KEYS",
    "DEFAULT_LANG",
    "LANGS",
    "SAME_IN_BOTH",
    "STATUS_KEYS",
    "TASK_STATE_KEYS",
    "TEXT",
    "UNITS_EN",
    "area_label",
    "column_labels",
    "status_label",
    "t",
    "task_state_label",
    "unit_label",
]
