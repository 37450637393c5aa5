"""Use cases shared by the CLI and the pages: open, read an upload, commit, export, bootstrap.

A :class:`Context` binds a store to the ledger bundle, with the indicator catalog in force (the
store's, which analysts may edit through the 指标目标 sheet, else the shipped ``data/indicators.csv``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import math
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import Bundle, projection, registry, views
from .auth import Identity, require_analyst
from .config import Settings, load_city_config
from .i18n import t
from .ledgerform import read_completion, write_ledger_form
from .model import PROGRESS_COLUMNS
from .report import write_report
from .sample import write_sample_workbook
from .store import ImportResult, Store
from .workbook import (
    Problem,
    Upload,
    WorkbookError,
    highlight_upload,
    inspect_container,
    read_upload,
    write_problems,
    write_template,
)
from .workbook import _period as _read_period

STATUS_KEYS = (
    "indicator",
    "department",
    "county",
    "period",
    "actual",
    "target",
    "attainment",
    "score",
    "annual",
    "status",
    "stale",
    "projected",
    "projected_status",
)


class ServiceError(ValueError):
    """A request that cannot be served (unknown county, …), with a Chinese message."""


@dataclass(frozen=True)
class Context:
    store: Store
    bundle: Bundle


def open_context(
    db_url: str,
    bundle: Bundle | None = None,
    *,
    ledger: str | None = None,
    busy_timeout: float | None = None,
) -> Context:
    """Open (and create if needed) the store; bind it to one ledger and the catalog in force.

    The ledger is ``bundle``'s when one is given, else ``ledger`` (an id registered in the database),
    else ``LEDGER_ID``, else the city file in force (:func:`ledger.registry.choose`). ``busy_timeout``
    (seconds a write waits for another writer) defaults to ``LEDGER_BUSY_TIMEOUT``.
    """
    settings = Settings.from_env()
    if busy_timeout is None:
        busy_timeout = settings.busy_timeout
    store = Store.from_url(db_url, busy_timeout=busy_timeout)  # scoped to the default ledger
    if bundle is None:
        ledger_id = registry.choose(store, ledger, settings)
        bundle = registry.bundle_for(store, ledger_id)
    scoped = store.scoped(bundle.config.ledger_id)
    return Context(store=scoped, bundle=with_catalog(scoped, bundle))


def with_catalog(store: Store, bundle: Bundle) -> Bundle:
    indicators = views.catalog(store, bundle.ledger, bundle.indicators, bundle.config.plan_year)
    return dataclasses.replace(bundle, indicators=indicators)


def is_ledger_form(data: bytes) -> bool:
    """A workbook in the 台账's own four columns (目标任务 header) rather than the analysts' template."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    try:
        names = set(wb.sheetnames)
        if names & {"指标进度", "任务进展"}:
            return False
        rows = wb.worksheets[0].iter_rows(max_row=10, values_only=True)
        return any("目标任务" in "".join(str(v) for v in r if v is not None) for r in rows)
    finally:
        wb.close()


def read_bytes(
    ctx: Context, data: bytes, *, file_name: str, period: str | None = None, max_bytes: int | None = None
) -> Upload:
    """Validate an upload (template workbook or filled ledger form). Raises WorkbookError.

    The file is checked as a file first (size limit ``max_bytes``, default ``LEDGER_MAX_UPLOAD_MB``;
    type by content; zip-bomb and XML-entity guards): nothing parses a file that fails those.
    """
    if max_bytes is None:
        max_bytes = Settings.from_env().max_upload_bytes
    problems = inspect_container(data, file_name, max_bytes=max_bytes)
    if problems:
        raise WorkbookError(problems)
    try:
        return read_upload(data, ctx.bundle, file_name=file_name)
    except WorkbookError:
        if not is_ledger_form(data):
            raise
    if not period:
        raise ServiceError("台账表格需要指定填报期间（--period YYYY-MM）")
    tasks = read_completion(data, ctx.bundle.ledger, plan_period(ctx, period))
    return Upload(
        progress=pd.DataFrame(columns=PROGRESS_COLUMNS).astype({"actual": float}),
        tasks=tasks,
        targets=None,
        rows={"台账": len(tasks)},
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=file_name,
    )


def plan_period(ctx: Context, period: str) -> str:
    """A period typed by the user (2023-06, 2023年6月, …) as ``YYYY-MM`` within the plan year.

    Raises :class:`ServiceError` (Chinese) for an unreadable period or one outside the plan year, so
    that nothing like ``junk`` or ``2023-13`` is ever stored or written into a template.
    """
    normal, why = _read_period(period)
    if normal is None:
        raise ServiceError(f"期间“{period}”{why}")
    year = ctx.bundle.config.plan_year
    if int(normal[:4]) != year:
        raise ServiceError(f"期间“{period}”不在计划年度 {year} 年内，请填写 {year} 年的月份（YYYY-MM）")
    return normal


def read_file(ctx: Context, path: str | Path, *, period: str | None = None) -> Upload:
    path = Path(path)
    return read_bytes(ctx, path.read_bytes(), file_name=path.name, period=period)


def preview_upload(ctx: Context, upload: Upload) -> dict[str, pd.DataFrame]:
    """What committing ``upload`` would change, per sheet (see :meth:`Store.preview`); writes nothing."""
    return ctx.store.preview(upload.progress, upload.tasks, upload.targets)


def commit_upload(
    ctx: Context, upload: Upload, *, actor: Identity, kind: str | None = None
) -> ImportResult:
    """Store a validated upload as one import (one transaction), recorded under ``actor.name``.

    Raises :class:`~ledger.auth.PermissionDenied` unless ``actor`` is an analyst (checked here, on
    the server, whatever the page showed), ``StoreError`` for database failures.
    """
    require_analyst(actor, "导入数据")
    if kind is None:
        kind = "ledger-form" if "台账" in upload.rows else "upload"
    return ctx.store.commit(
        upload.progress,
        upload.tasks,
        upload.targets,
        user=actor.name,
        file_name=upload.file_name,
        sha256=upload.sha256,
        kind=kind,
    )


def revert_import(ctx: Context, import_id: int, *, actor: Identity) -> ImportResult:
    """Undo one import (a new 'revert' import). Analysts only, checked here like :func:`commit_upload`."""
    require_analyst(actor, "撤销导入")
    return ctx.store.revert(import_id, user=actor.name)


def problem_workbook(data: bytes, problems: list[Problem]) -> bytes:
    """The validation report to download: the upload with its bad cells highlighted and a 校验结果
    sheet; when the upload cannot even be opened, the 校验结果 sheet alone."""
    if not inspect_container(data, "upload.xlsx"):
        try:
            return highlight_upload(data, problems)
        except WorkbookError:
            pass
    buffer = io.BytesIO()
    write_problems(problems, buffer)
    return buffer.getvalue()


def bootstrap(ctx: Context, *, sample: bool = True, config_path: str | Path | None = None) -> list[str]:
    """Register the city file's ledger (``config_path``, else ``LEDGER_CONFIG``, else the shipped one) in
    the database with its indicator catalog, and, when that ledger has no data yet, the sample data.
    Returns what was done (nothing when it was all there already)."""
    scoped = ctx.store.scoped(load_city_config(config_path).ledger_id)
    had_data = scoped.has_data()
    reg = registry.register(scoped, config_path)
    done = []
    if reg.changed:
        done.append(t("ledger_registered", ledger=reg.entry.id, title=reg.entry.title))
    if reg.catalog_rows:
        done.append(f"指标目录 {reg.catalog_rows} 项")
    if had_data or not sample:
        return done
    base = registry.bundle_for(scoped, reg.entry.id)
    ctx = Context(store=scoped, bundle=with_catalog(scoped, base))
    if sample:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sample.xlsx"
            write_sample_workbook(ctx.bundle, path)
            upload = read_file(ctx, path)
        result = ctx.store.commit(
            upload.progress,
            upload.tasks,
            None,
            user="system",
            file_name="示例数据.xlsx",
            sha256=upload.sha256,
            kind="sample",
        )
        done.append(f"示例数据 {result.written} 条（导入 #{result.import_id}）")
    return done


def filters(ctx: Context, county: str | None, department: str | None, as_of: str | None) -> views.Filters:
    """Filters from user input, canonicalised (大武口 → 大武口区, 税务局 → 市税务局)."""
    cfg = ctx.bundle.config
    c = views.ALL
    if county:
        c = cfg.canonical_county(county)
        if c is None:
            raise ServiceError(f"未知县区“{county}”，可选：{'、'.join(cfg.areas)}")
    d = views.ALL
    if department:
        d = cfg.canonical_department(department, ctx.bundle.ledger.departments)
        if d is None:
            raise ServiceError(f"未知责任部门“{department}”")
    if as_of:
        normal, why = _read_period(as_of)
        if normal is None:
            raise ServiceError(f"期间“{as_of}”{why}")
        as_of = normal
    return views.Filters(county=c, department=d, period=as_of)


def status_rows(
    ctx: Context,
    *,
    county: str | None = None,
    department: str | None = None,
    as_of: str | None = None,
    by: str | None = None,
) -> list[dict]:
    """Current actual vs target per indicator × department × county, JSON-ready (:data:`STATUS_KEYS`);
    with ``by`` (``overall``, ``category``, ``department``, ``county``, ``indicator`` or several joined
    by commas) the roll-ups the dashboard shows instead: the group keys, ``as_of`` and
    :data:`ledger.metrics.ROLLUP_COLUMNS`."""
    f = filters(ctx, county, department, as_of)
    snap = views.snapshot(ctx.store, ctx.bundle, f.period)
    rows = with_projection(views.apply(snap.status, f), snap, ctx.bundle.config.plan_start)
    if by is not None:
        try:
            groups = views.rollup_rows(rows, by)
        except ValueError as exc:
            raise ServiceError(f"未知的汇总方式“{by}”，可选：{'、'.join(views.ROLLUP_BY)}") from exc
        records = groups.to_dict("records")
        return [{"as_of": snap.as_of, **{k: _json_value(v) for k, v in r.items()}} for r in records]
    return [{k: _json_value(r[k]) for k in STATUS_KEYS} for r in rows.to_dict("records")]


def with_projection(status: pd.DataFrame, snap: views.Snapshot, plan_start) -> pd.DataFrame:
    """``status`` rows with ``projected`` and ``projected_status`` (:func:`ledger.projection.project`)."""
    proj = projection.project(status, snap.progress, snap.as_of, plan_start)
    return status.assign(projected=proj["projected"], projected_status=proj["projected_status"])


def _json_value(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def export_report(
    ctx: Context,
    out: str | Path | io.BytesIO,
    *,
    county: str | None = None,
    department: str | None = None,
    as_of: str | None = None,
) -> None:
    """Write the report workbook of current figures for the given filter."""
    f = filters(ctx, county, department, as_of)
    snap = views.snapshot(ctx.store, ctx.bundle, f.period)
    titles = {t.id: t.title for t in ctx.bundle.ledger.tasks}
    tasks = views.apply(snap.tasks, f)
    tasks = tasks.assign(title=tasks["task"].map(titles))
    write_report(
        views.apply(snap.status, f),
        tasks,
        out,
        title=ctx.bundle.ledger.title,
        as_of=snap.as_of,
        sample=snap.sample,
    )


def write_template_file(ctx: Context, out: str | Path | io.BytesIO, *, period: str | None = None) -> None:
    write_template(ctx.bundle, out, period=None if period is None else plan_period(ctx, period))


def write_ledger_form_file(ctx: Context, out: str | Path | io.BytesIO) -> None:
    write_ledger_form(ctx.bundle.ledger, out)
