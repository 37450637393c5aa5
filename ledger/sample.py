"""Deterministic, plausible sample data (示例数据) for the demo: monthly actuals and quarterly task status.

Seeded, so every run gives the same figures. Some indicators end up met, some behind schedule, and some
department × county pairs never report (so 无数据 shows too). Nothing here is real data: the store marks
the import as ``kind='sample'`` and every page that shows it says 示例数据.
"""

from __future__ import annotations

import random

import pandas as pd

from .assign import indicator_keys, task_keys
from .config import CityConfig
from .model import LE, PROGRESS_COLUMNS, TASK_COLUMNS, Indicator, Ledger

SEED = 20230101
LAST_MONTH = 9  # a mid-year snapshot: January … September of the plan year
_ACTIONS = (
    "召开专题推进会{n}次，梳理问题清单{m}项",
    "完成系统对接{n}项，开展业务培训{m}场",
    "印发工作方案，建立周调度机制，已督办事项{m}件",
    "走访企业{n}家，收集意见建议{m}条并逐项反馈",
    "上线线上办理事项{n}项，累计办件{m}件",
)


def periods(plan_year: int, last_month: int = LAST_MONTH) -> list[str]:
    return [f"{plan_year}-{m:02d}" for m in range(1, last_month + 1)]


def sample_progress(
    ledger: Ledger,
    indicators: list[Indicator],
    config: CityConfig,
    last_month: int = LAST_MONTH,
    seed: int = SEED,
) -> pd.DataFrame:
    """Monthly actual values per assigned (indicator, department, county) (PROGRESS_COLUMNS)."""
    rng = random.Random(seed)
    by_id = {i.id: i for i in indicators}
    rows = []
    for key in indicator_keys(ledger, indicators, config).itertuples(index=False):
        ind = by_id[key.indicator]
        roll = rng.random()
        if roll < 0.08:
            continue  # this department never reports for this area: 无数据
        # pace > 1 reaches the target early (达标), ~1 keeps schedule (正常), < 0.85 falls behind (滞后)
        pace = rng.choice((0.6, 0.75, 0.9, 1.0, 1.05, 1.2, 1.4))
        skip_from = last_month - rng.randint(1, 3) if roll > 0.9 else None
        for month in range(1, last_month + 1):
            if skip_from is not None and month > skip_from:
                break  # stopped reporting a few months ago
            rows.append(
                {
                    "period": f"{config.plan_year}-{month:02d}",
                    "indicator": ind.id,
                    "department": key.department,
                    "county": key.county,
                    "actual": _value(ind, month, pace, rng),
                    "note": "",
                }
            )
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def _value(ind: Indicator, month: int, pace: float, rng: random.Random) -> float:
    frac = month / 12
    noise = 1 + rng.uniform(-0.03, 0.03)
    if ind.direction == LE:
        start = ind.target * 1.8  # e.g. 18 working days falling towards 10 by mid-year at pace 1
        value = start - (start - ind.target) * min(1.0, 2 * frac * pace) * noise
        return round(max(value, 0.0), 1)
    start = ind.baseline if ind.baseline is not None else ind.target * 0.35
    value = start + (ind.target - start) * frac * pace * noise
    if ind.unit == "%":
        value = min(value, 100.0)
    return round(max(value, 0.0), 2 if ind.unit.startswith("件") else 1)


def sample_tasks(
    ledger: Ledger, config: CityConfig, last_month: int = LAST_MONTH, seed: int = SEED
) -> pd.DataFrame:
    """Quarterly task status and 工作完成情况 per assigned (task, department, county) (TASK_COLUMNS)."""
    rng = random.Random(seed + 1)
    rows = []
    quarters = [m for m in (3, 6, 9, 12) if m <= last_month]
    for key in task_keys(ledger, config).itertuples(index=False):
        if rng.random() < 0.06:
            continue
        pace = rng.choice((0.5, 0.8, 1.0, 1.0, 1.1, 1.3))
        for month in quarters:
            percent = min(100.0, round(100 * month / 12 * pace + rng.uniform(-5, 5)))
            percent = max(percent, 0.0)
            expected = 100 * month / 12
            if percent >= 100:
                state = "已完成"
            elif percent <= 0:
                state = "未启动"
            elif percent < expected - 15:
                state = "滞后"
            else:
                state = "推进中"
            action = rng.choice(_ACTIONS).format(n=rng.randint(1, 9), m=rng.randint(3, 40))
            area = "" if key.county == "全市" else key.county
            rows.append(
                {
                    "period": f"{config.plan_year}-{month:02d}",
                    "task": key.task,
                    "department": key.department,
                    "county": key.county,
                    "status": state,
                    "percent": float(percent),
                    "completion": f"{key.department}{area}：{action}。",
                }
            )
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def write_sample_workbook(bundle, path, last_month: int = LAST_MONTH, seed: int = SEED) -> None:
    """The analysts' template filled with the sample months (one row per period and key)."""
    import io

    from openpyxl import load_workbook

    from .i18n import t
    from .upload import write_template
    from .upload.schema import GUIDE, PROGRESS, TASKS

    buf = io.BytesIO()
    write_template(bundle, buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    names = {i.id: f"{i.name}（{i.unit}）" for i in bundle.indicators}
    titles = {t.id: t.title for t in bundle.ledger.tasks}
    progress = sample_progress(bundle.ledger, bundle.indicators, bundle.config, last_month, seed)
    tasks = sample_tasks(bundle.ledger, bundle.config, last_month, seed)
    sheets = {
        PROGRESS: [
            [r.period, r.indicator, names[r.indicator], r.department, r.county, r.actual, r.note or None]
            for r in progress.itertuples(index=False)
        ],
        TASKS: [
            [r.period, r.task, titles[r.task], r.department, r.county, r.status, r.percent, r.completion]
            for r in tasks.itertuples(index=False)
        ],
    }
    for name, rows in sheets.items():
        ws = wb[name]
        ws.delete_rows(2, ws.max_row)
        for row in rows:
            ws.append(row)
    wb[GUIDE].insert_rows(1)
    wb[GUIDE]["A1"] = t("sample_workbook_note", "zh")
    wb.save(path)
