"""填报期: each month of the plan year is a reporting period with a due date.

The due date is day ``due_day`` (default 5) of the month ``due_months`` (default 1) after the period,
from ``[reporting]`` in the city file (``data/config.toml``); ``[reporting.due]`` may name the date of one
period (``"2023-12" = "2024-01-10"``, e.g. for the Spring Festival). A day beyond the month's last is
its last day (due_day = 31 → 28 February).
"""

from __future__ import annotations

import calendar
from datetime import date

from ..errors import UserError
from ..upload import parse_period

__all__ = ["DUE_DAY", "DUE_MONTHS", "due_date", "periods"]

DUE_DAY = 5
DUE_MONTHS = 1


def _setting(reporting: dict, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(reporting.get(key, default))
    except (TypeError, ValueError):
        raise UserError("reporting_setting_bad", None, setting=key, value=reporting.get(key)) from None
    if not low <= value <= high:
        raise UserError("reporting_setting_bad", None, setting=key, value=value)
    return value


def due_date(period: str, config) -> date:
    """The due date of the 填报期 ``period`` (YYYY-MM) under ``config`` (a CityConfig)."""
    period = parse_period(period)
    reporting = dict(getattr(config, "reporting", {}) or {})
    fixed = (reporting.get("due") or {}).get(period)
    if fixed:
        try:
            return date.fromisoformat(str(fixed))
        except ValueError:
            raise UserError("reporting_setting_bad", None, setting=f"due.{period}", value=fixed) from None
    day = _setting(reporting, "due_day", DUE_DAY, 1, 31)
    months = _setting(reporting, "due_months", DUE_MONTHS, 0, 12)
    year, month = int(period[:4]), int(period[5:7]) + months
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def periods(config) -> list[str]:
    """The plan year's months, ``YYYY-01`` … ``YYYY-12``."""
    return [f"{config.plan_year}-{m:02d}" for m in range(1, 13)]
