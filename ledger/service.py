"""Use cases shared by the CLI and the pages: open, read an upload, commit, export, bootstrap.

A :class:`Context` binds a store to the ledger bundle, with the indicator catalog in force (the
store's, which analysts may edit through the 指标目标 sheet, else the shipped ``data/indicators.csv``).
"""

from __future__ import annotations

import dataclasses
import io
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import Bundle, projection, registry, views
from .auth import Identity, require_analyst
from .config import Settings, load_city_config
from .errors import UserError
from .i18n import t
from .ledgerform import write_ledger_form
from .model import TASK_STATES
from .report import Summary, file_name, write_report
from .sample import write_sample_workbook
from .store import ImportResult, Store, StoreError
from .upload import Problem, Upload, WorkbookError, parse_period, read_upload, write_template
from .upload import problem_workbook as _problem_workbook
from .upload.schema import DATA_SHEETS

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


class ServiceError(UserError):
    """A request that cannot be served (unknown county, …): an i18n code and its parameters."""


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


def read_bytes(
    ctx: Context,
    data: bytes,
    *,
    file_name: str,
    period: str | None = None,
    max_bytes: int | None = None,
    on_step: Callable[[str], object] | None = None,
) -> Upload:
    """Validate an upload (the template workbook or a filled 台账) with :func:`ledger.upload.read_upload`.

    ``max_bytes`` defaults to ``LEDGER_MAX_UPLOAD_MB``; ``period`` is the month a 台账 reports. Raises
    :class:`~ledger.upload.WorkbookError` (every problem), ``PeriodRequired`` or another ``UserError``.
    """
    if max_bytes is None:
        max_bytes = Settings.from_env().max_upload_bytes
    return read_upload(
        data, ctx.bundle, file_name=file_name, period=period, max_bytes=max_bytes, on_step=on_step
    )


def plan_period(ctx: Context, period: str) -> str:
    """A period typed by the user (2023-06, 2023年6月, …) as ``YYYY-MM`` within the plan year.

    Raises a ``UserError`` for an unreadable period or one outside the plan year, so that nothing
    like ``junk`` or ``2023-13`` is ever stored or written into a template.
    """
    return parse_period(period, ctx.bundle.config.plan_year)


def read_file(ctx: Context, path: str | Path, *, period: str | None = None) -> Upload:
    path = Path(path)
    return read_bytes(ctx, path.read_bytes(), file_name=path.name, period=period)


def preview_upload(ctx: Context, upload: Upload) -> dict[str, pd.DataFrame]:
    """What committing ``upload`` would change, per sheet (see :meth:`Store.preview`); writes nothing."""
    return ctx.store.preview(upload.progress, upload.tasks, upload.targets, checked=True)


def earlier_import(ctx: Context, sha256: str, history: pd.DataFrame | None = None) -> dict | None:
    """The latest import of the same file (by sha256) that has not been reverted: {id, when}, or None."""
    history = ctx.store.history() if history is None else history
    earlier = history[(history["sha256"] == sha256) & history["reverted_by"].isna()]
    if not len(earlier):
        return None
    first = earlier.iloc[0]
    return {"id": int(first["id"]), "when": views.beijing_time(first["created_at"])}


def unchanged(ctx: Context, upload: Upload, history: pd.DataFrame | None = None) -> UserError:
    """Why an upload that would change nothing is refused: no data in it, the same file as an earlier
    import, or data equal to what is stored."""
    if not upload.records:
        have = "、".join(f"“{n}”" for n in upload.sheets)
        return ServiceError("upload_nothing", sheets="、".join(DATA_SHEETS[:2]), have=have)
    same = earlier_import(ctx, upload.sha256, history)
    if same is not None:
        return ServiceError("upload_same_as", **same)
    return ServiceError("upload_no_changes")


def commit_upload(
    ctx: Context, upload: Upload, *, actor: Identity, kind: str | None = None
) -> ImportResult:
    """Store a validated upload as one import (one transaction), recorded under ``actor.name``.

    Raises :class:`~ledger.auth.PermissionDenied` unless ``actor`` is an analyst (checked here, on
    the server, whatever the page showed); a ``UserError`` (:func:`unchanged`) when it would change
    nothing; ``StoreError`` for database failures.
    """
    require_analyst(actor, "action_import")
    try:
        return ctx.store.commit(
            upload.progress,
            upload.tasks,
            upload.targets,
            user=actor.name,
            file_name=upload.file_name,
            sha256=upload.sha256,
            kind=kind or upload.kind,
            require_change=True,
            checked=True,
        )
    except StoreError as exc:
        if exc.reason != "unchanged":
            raise
        raise unchanged(ctx, upload) from None


def revert_import(ctx: Context, import_id: int, *, actor: Identity) -> ImportResult:
    """Undo one import (a new 'revert' import). Analysts only, checked here like :func:`commit_upload`."""
    require_analyst(actor, "action_revert")
    return ctx.store.revert(import_id, user=actor.name)


def problem_workbook(data: bytes, error: WorkbookError | list[Problem], lang: str = "zh") -> bytes:
    """The validation report to download, in ``lang``: the upload with its bad cells marked and a 校验结果
    sheet; when the upload cannot even be opened, the 校验结果 sheet alone."""
    return _problem_workbook(data, error, lang)


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
        done.append(t("setup_catalog", "zh", n=reg.catalog_rows))
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
        done.append(t("setup_sample", "zh", n=result.written, id=result.import_id))
    return done


def filters(ctx: Context, county: str | None, department: str | None, as_of: str | None) -> views.Filters:
    """Filters from user input, canonicalised (大武口 → 大武口区, 税务局 → 市税务局)."""
    cfg = ctx.bundle.config
    c = views.ALL
    if county:
        c = cfg.canonical_county(county)
        if c is None:
            raise ServiceError("filter_county_unknown", county=county, choices="、".join(cfg.areas))
    d = views.ALL
    if department:
        d = cfg.canonical_department(department, ctx.bundle.ledger.departments)
        if d is None:
            raise ServiceError("filter_department_unknown", department=department)
    if as_of:
        as_of = parse_period(as_of)
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
            raise ServiceError("rollup_unknown", by=by, choices="、".join(views.ROLLUP_BY)) from exc
        records = groups.to_dict("records")
        return [{"as_of": snap.as_of, **{k: _json_value(v) for k, v in r.items()}} for r in records]
    return [{k: _json_value(r[k]) for k in STATUS_KEYS} for r in rows.to_dict("records")]


def with_projection(status: pd.DataFrame, snap: views.Snapshot, plan_start) -> pd.DataFrame:
    """``status`` rows with ``projected`` and ``projected_status`` (:func:`ledger.projection.project`)."""
    proj = projection.project(status, snap.recent, snap.as_of, plan_start)
    return status.assign(projected=proj["projected"], projected_status=proj["projected_status"])


def _json_value(v: object) -> object:
    """A frame value as JSON: numpy scalars as Python, NaN and ±infinity (not JSON) as None."""
    if v is None:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def export_report(
    ctx: Context,
    out: str | Path | io.BytesIO,
    *,
    county: str | None = None,
    department: str | None = None,
    as_of: str | None = None,
) -> str:
    """Write the report workbook of current figures for the given filter; returns its file name with
    the filter in it (:func:`ledger.report.file_name`)."""
    f = filters(ctx, county, department, as_of)
    snap = views.snapshot(ctx.store, ctx.bundle, f.period)
    titles = {t.id: t.title for t in ctx.bundle.ledger.tasks}
    tasks = views.apply(snap.tasks, f)
    tasks = tasks.assign(title=tasks["task"].map(titles))
    status = views.apply(snap.status, f)
    states = tasks["state"].fillna("").astype(str)
    summary = Summary(
        overall=views.rollup_rows(status, "overall").iloc[0].to_dict(),
        task_states={s: int((states == s).sum()) for s in TASK_STATES},
        by_category=views.rollup_rows(status, "category"),
        by_county=views.rollup_rows(status, "county") if f.county == views.ALL else None,
    )
    shown_county = None if f.county == views.ALL else f.county
    shown_department = None if f.department == views.ALL else f.department
    scope = [
        t("report_scope_county", value=shown_county or t("filter_all")),
        t("report_scope_department", value=shown_department or t("filter_all")),
    ]
    write_report(status, tasks, out, title=ctx.bundle.ledger.title, as_of=snap.as_of, sample=snap.sample,
                 scope=scope, summary=summary)
    return file_name(snap.as_of, shown_county, shown_department)


def write_template_file(ctx: Context, out: str | Path | io.BytesIO, *, period: str | None = None) -> None:
    write_template(ctx.bundle, out, period=None if period is None else plan_period(ctx, period))


def write_ledger_form_file(ctx: Context, out: str | Path | io.BytesIO) -> None:
    write_ledger_form(ctx.bundle.ledger, out)
