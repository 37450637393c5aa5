"""Who reports what: every (indicator or task) × responsible department × area the ledger assigns.

A task's departments each report for 全市; when the task goes to 各县区, they also report per county.
These keys pre-fill the analysts' template and tell the metrics which reports are missing (无数据).
"""

from __future__ import annotations

import pandas as pd

from .config import CityConfig
from .model import CITY_WIDE, Indicator, Ledger


def areas_for(task_counties: bool, config: CityConfig) -> list[str]:
    """全市, plus every county when the task is assigned to 各县区."""
    return [CITY_WIDE, *config.county_names] if task_counties else [CITY_WIDE]


def indicator_keys(ledger: Ledger, indicators: list[Indicator], config: CityConfig) -> pd.DataFrame:
    """Frame of (indicator, department, county) keys, in ledger order."""
    tasks = {t.id: t for t in ledger.tasks}
    rows = []
    for ind in indicators:
        task = tasks.get(ind.task_id)
        if task is None:
            continue
        for dept in task.departments:
            for area in areas_for(task.counties, config):
                rows.append((ind.id, dept, area))
    return pd.DataFrame(rows, columns=["indicator", "department", "county"])


def task_keys(ledger: Ledger, config: CityConfig) -> pd.DataFrame:
    """Frame of (task, department, county) keys, in ledger order."""
    rows = [
        (task.id, dept, area)
        for task in ledger.tasks
        for dept in task.departments
        for area in areas_for(task.counties, config)
    ]
    return pd.DataFrame(rows, columns=["task", "department", "county"])
