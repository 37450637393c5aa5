"""Use cases shared by the CLI and the pages: open, read an upload, commit, export, bootstrap, and the
reporting workflow (accounts, submissions and their review, evidence, comments, 催报).

A :class:`Context` binds a store to the ledger bundle, with the indicator catalog in force (the
store's, which admins may change through the 指标目标 sheet, else the shipped ``data/indicators.csv``).
Every write here checks the actor's role on the server (:mod:`ledger.auth`), whatever a page showed.
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
from .auth import (
    REPORTER,
    Accounts,
    Identity,
    Scope,
    name_key,
    require_admin,
    require_analyst,
    require_reporter,
)
from .config import Settings, load_city_config
from .errors import UserError
from .i18n import t
from .ledgerform import write_ledger_form
from .model import TASK_STATES
from .report import Summary, file_name, write_report
from .sample import write_sample_workbook
from .store import ImportResult, Store, StoreError
from .upload import Problem, Upload, WorkbookError, check_rows, parse_period, read_upload, write_template
from .upload import problem_workbook as _problem_workbook
from .upload.schema import DATA_SHEETS, PROGRESS, TARGETS, TASKS
from .workflow import comments as _comments
from .workflow import evidence as _evidence
from .workflow import figures as _figures
from .workflow import reminders as _reminders
from .workflow import review as _review
from .workflow import submissions as _submissions

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
    scope: Scope | None = None,
) -> Upload:
    """Validate an upload (the template workbook or a filled 台账) with :func:`ledger.upload.read_upload`.

    ``max_bytes`` defaults to ``LEDGER_MAX_UPLOAD_MB``; ``period`` is the month a 台账 reports; ``scope``
    is a reporter's (its rows only, no catalog). Raises :class:`~ledger.upload.WorkbookError` (every
    problem), ``PeriodRequired`` or another ``UserError``.
    """
    if max_bytes is None:
        max_bytes = Settings.from_env().max_upload_bytes
    return read_upload(
        data, ctx.bundle, file_name=file_name, period=period, max_bytes=max_bytes, on_step=on_step,
        scope=scope,
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
    ctx: Context,
    upload: Upload,
    *,
    actor: Identity,
    kind: str | None = None,
    catalog: bool = False,
    extra_progress: pd.DataFrame | None = None,
) -> ImportResult:
    """Store a validated upload's 指标进度 and 任务进展 as one import (one transaction), recorded under
    ``actor.name``; with ``catalog`` its 指标目标 sheet too (admins only: the command line's ``import``).
    ``extra_progress``: accepted figure proposals (:func:`accepted_figures`), part of the same import.

    Without ``catalog`` every indicator of the data must be in the catalog in force (a new one needs
    the admin's catalog step, :func:`commit_catalog`, first). Raises
    :class:`~ledger.auth.PermissionDenied` unless ``actor`` is an analyst (checked here, on the server,
    whatever the page showed); a ``UserError`` (:func:`unchanged`) when it would change nothing;
    ``StoreError`` for database failures.
    """
    require_analyst(actor, "action_import")
    if catalog:
        require_admin(actor, "action_catalog")
    else:
        _require_catalogued(ctx, upload.progress)
    progress = upload.progress
    if extra_progress is not None and len(extra_progress):
        progress = pd.concat([progress, extra_progress[progress.columns]], ignore_index=True)
    try:
        return ctx.store.commit(
            progress,
            upload.tasks,
            upload.targets if catalog else None,
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


def _require_catalogued(ctx: Context, progress: pd.DataFrame) -> None:
    known = {i.id for i in ctx.bundle.indicators}
    new = sorted(set(progress["indicator"].tolist()) - known)
    if new:
        raise ServiceError("upload_indicator_not_in_catalog", ids="、".join(new), sheet=TARGETS)


def catalog_changes(ctx: Context, upload: Upload) -> pd.DataFrame | None:
    """What an upload's 指标目标 sheet would change in the catalog in force: the added and changed rows of
    :meth:`Store.preview` (``change``, new values, ``old_<column>``); None without such a sheet."""
    if upload.targets is None:
        return None
    diff = ctx.store.preview(targets=upload.targets, checked=True)[TARGETS]
    return diff[diff["change"] != "unchanged"].reset_index(drop=True)


def commit_catalog(ctx: Context, upload: Upload, *, actor: Identity) -> ImportResult:
    """Store an upload's 指标目标 sheet as its own import (kind ``catalog``): the admin's confirmed step,
    never part of a monthly data import. Admins only."""
    require_admin(actor, "action_catalog")
    if upload.targets is None:
        raise ServiceError("catalog_no_sheet", sheet=TARGETS)
    try:
        return ctx.store.commit(
            targets=upload.targets, user=actor.name, file_name=upload.file_name, sha256=upload.sha256,
            kind="catalog", require_change=True, checked=True,
        )
    except StoreError as exc:
        if exc.reason != "unchanged":
            raise
        raise ServiceError("catalog_unchanged") from None


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
    notes = _comments.listing(ctx.store)
    for column, value in (("county", f.county), ("department", f.department)):
        if value != views.ALL:  # a comment on the whole item belongs to every filter
            notes = notes[notes[column].isin([value, ""])]
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
                 scope=scope, summary=summary,
                 comments=notes.assign(created_at=[views.beijing_time(x) for x in notes["created_at"]]))
    return file_name(snap.as_of, shown_county, shown_department)


def write_template_file(
    ctx: Context, out: str | Path | io.BytesIO, *, period: str | None = None, scope: Scope | None = None
) -> None:
    """The template workbook: every reporting key, or a reporter's own (``scope``) without the catalog."""
    write_template(ctx.bundle, out, period=None if period is None else plan_period(ctx, period), scope=scope)


def write_ledger_form_file(ctx: Context, out: str | Path | io.BytesIO) -> None:
    write_ledger_form(ctx.bundle.ledger, out)


# --- accounts --------------------------------------------------------------------------------------


def accounts(ctx: Context) -> Accounts:
    """The local accounts kept in this context's database."""
    return Accounts(ctx.store)


def canonical_scope(ctx: Context, departments=(), counties=()) -> Scope | None:
    """A scope from names as typed (税务局 → 市税务局, 惠农 → 惠农区), or None when both are empty. Raises
    :class:`ServiceError` for a department or county the ledger does not have."""
    cfg = ctx.bundle.config
    known = ctx.bundle.ledger.departments
    depts, areas = [], []
    for name in departments or ():
        canon = cfg.canonical_department(str(name), known)
        if canon is None or canon not in known:
            raise ServiceError("filter_department_unknown", department=name)
        depts.append(canon)
    for name in counties or ():
        canon = cfg.canonical_county(str(name))
        if canon is None:
            raise ServiceError("filter_county_unknown", county=name, choices="、".join(cfg.areas))
        areas.append(canon)
    if not depts and not areas:
        return None
    return Scope(tuple(dict.fromkeys(depts)), tuple(dict.fromkeys(areas)))


def add_account(
    ctx: Context, name: str, password: str, *, role: str, departments=(), counties=(),
    actor: Identity | None = None,
) -> bool:
    """Create (True) or update an account; a reporter's departments and counties are checked against
    the ledger. From a page, ``actor`` must be an admin (the command line passes none: it holds the
    database itself)."""
    if actor is not None:
        require_admin(actor, "action_accounts")
    scope = canonical_scope(ctx, departments, counties)
    return accounts(ctx).add(name, password, role, scope=scope)


def remove_account(ctx: Context, name: str, *, actor: Identity) -> bool:
    """Delete an account (its sessions end at once). Admins only; an admin cannot remove itself."""
    require_admin(actor, "action_accounts")
    if name_key(name) == name_key(actor.name):
        raise ServiceError("account_remove_self")
    return accounts(ctx).remove(name)


# --- submissions and review ------------------------------------------------------------------------


def submit_upload(ctx: Context, upload: Upload, *, actor: Identity) -> _submissions.Submission:
    """Hold a reporter's validated upload (read with its scope) for review. Reporters only."""
    require_reporter(actor)
    if upload.targets is not None or upload.kind != "upload":
        raise ServiceError("submission_template_only", progress=PROGRESS, tasks=TASKS)
    return _submissions.submit(
        ctx.store, ctx.bundle, upload.progress, upload.tasks, actor=actor, source="upload",
        file_name=upload.file_name, sha256=upload.sha256,
    )


def check_editor_rows(
    ctx: Context, progress: pd.DataFrame | None, tasks: pd.DataFrame | None, *, scope: Scope | None
) -> dict[str, pd.DataFrame]:
    """The in-app editor's tables through the upload engine (the same rules as an upload, the scope's
    too): ``{指标进度: frame, 任务进展: frame}``; a ``WorkbookError`` listing every problem of both."""
    frames, problems = {}, []
    for sheet, rows in ((PROGRESS, progress), (TASKS, tasks)):
        if rows is None:
            continue
        try:
            frames[sheet] = check_rows(ctx.bundle, sheet, rows, scope=scope)
        except WorkbookError as exc:
            problems.extend(exc.problems)
    if problems:
        raise WorkbookError(problems)
    return frames


def submit_rows(
    ctx: Context, progress: pd.DataFrame | None, tasks: pd.DataFrame | None, *, actor: Identity
) -> _submissions.Submission:
    """Hold the in-app editor's rows for review: checked by the upload engine with ``actor``'s scope,
    then submitted like an upload. Reporters only."""
    who = require_reporter(actor)
    frames = check_editor_rows(ctx, progress, tasks, scope=who.scope)
    return _submissions.submit(
        ctx.store, ctx.bundle, frames.get(PROGRESS), frames.get(TASKS), actor=who, source="editor",
    )


def submissions(
    ctx: Context, *, period: str | None = None, user: str | None = None, states=None
) -> list[_submissions.Submission]:
    """Submissions, newest first (see :func:`ledger.workflow.submissions.listing`)."""
    if period is not None:
        period = plan_period(ctx, period)
    return _submissions.listing(ctx.store, period=period, user=user, states=states)


def submission(ctx: Context, submission_id: int) -> _submissions.Submission:
    return _submissions.get(ctx.store, submission_id)


def submission_records(ctx: Context, submission_id: int) -> dict[str, pd.DataFrame]:
    return _submissions.records(ctx.store, submission_id)


def submission_preview(ctx: Context, submission_id: int) -> dict[str, pd.DataFrame]:
    """What approving a submission would change now, per sheet (see :meth:`Store.preview`)."""
    frames = _submissions.records(ctx.store, submission_id)
    return ctx.store.preview(
        frames[PROGRESS] if len(frames[PROGRESS]) else None, frames[TASKS] if len(frames[TASKS]) else None,
        checked=True,
    )


def approve_submission(
    ctx: Context, submission_id: int, *, actor: Identity, accepted: pd.DataFrame | None = None
) -> ImportResult:
    """通过: commit the submission (and ``accepted`` figure proposals) as one import. Analysts only."""
    return _review.approve(ctx.store, submission_id, actor=actor, accepted=accepted)


def return_submission(
    ctx: Context, submission_id: int, *, actor: Identity, reason: str
) -> _submissions.Submission:
    """退回 with a reason the reporter sees. Analysts only."""
    return _review.return_submission(ctx.store, submission_id, actor=actor, reason=reason)


def pending_records(ctx: Context, period: str | None = None) -> dict[str, pd.DataFrame]:
    """Records of the submissions waiting for review (with their ``submission`` id)."""
    return _submissions.pending_records(ctx.store, period)


# --- figures read from 工作完成情况 -----------------------------------------------------------------------


def figure_proposals(ctx: Context, tasks: pd.DataFrame, progress: pd.DataFrame | None = None) -> pd.DataFrame:
    """Figures the 工作完成情况 of ``tasks`` state for an indicator of their task, for keys ``progress``
    does not carry (:func:`ledger.workflow.figures.proposals`), with the figure stored now."""
    if tasks is None or tasks.empty:
        return _figures.proposals(ctx.bundle, tasks)
    periods = sorted(set(tasks["period"].tolist()))
    current = ctx.store.progress(columns=["period", "indicator", "department", "county", "actual"])
    current = current[current["period"].isin(periods)]
    return _figures.proposals(ctx.bundle, tasks, progress, current)


def accepted_figures(ctx: Context, accepted: pd.DataFrame, *, scope: Scope | None = None) -> pd.DataFrame:
    """Accepted proposals as 指标进度 records, checked by the upload engine like any row."""
    if accepted is None or accepted.empty:
        return _figures.as_progress(_figures.proposals(ctx.bundle, None))
    return check_rows(ctx.bundle, PROGRESS, _figures.as_progress(accepted), scope=scope)


# --- evidence, comments, 催报 ---------------------------------------------------------------------------


def attach_evidence(ctx: Context, key: dict, data: bytes, file_name: str, *, actor: Identity) -> int:
    """Keep a 佐证材料 file for a task report (see :func:`ledger.workflow.evidence.attach`)."""
    return _evidence.attach(ctx.store, ctx.bundle, key, data, file_name, actor=actor)


def evidence_files(ctx: Context, period: str | None = None) -> pd.DataFrame:
    return _evidence.listing(ctx.store, period)


def evidence_file(ctx: Context, evidence_id: int, *, actor: Identity | None) -> _evidence.File:
    """One evidence file for a signed-in user (a reporter: its scope's only)."""
    return _evidence.fetch(ctx.store, ctx.bundle, evidence_id, actor=actor)


def add_comment(ctx: Context, *, actor: Identity, **item) -> int:
    """Add a 批示 or 说明 to an item (see :func:`ledger.workflow.comments.add`)."""
    return _comments.add(ctx.store, ctx.bundle, actor=actor, **item)


def comments(ctx: Context, item_kind: str | None = None, items: list[str] | None = None) -> pd.DataFrame:
    return _comments.listing(ctx.store, item_kind, items)


def missing_reports(ctx: Context, period: str, on, *, since: str | None = None) -> pd.DataFrame:
    """The 催报 list: missing reports per month × department × county, overdue first, as of ``on``."""
    period = plan_period(ctx, period)
    since = None if since is None else plan_period(ctx, since)
    if since is not None and since > period:
        raise ServiceError("missing_since_after", since=since, period=period)
    return _reminders.missing(ctx.store, ctx.bundle, period, on, since=since)


def missing_json(rows: pd.DataFrame) -> list[dict]:
    """The 催报 rows as JSON-ready dicts (``missing --json``; the page shows the same rows)."""
    return [{k: (_json_value(v) if not isinstance(v, list) else v) for k, v in r.items()}
            for r in rows.to_dict("records")]


def reminder_notices(ctx: Context, rows: pd.DataFrame, on, lang: str = "zh") -> dict[str, str]:
    """The 催报通知 of every department in ``rows``, signed by the ``[briefing] issuer``."""
    issuer = str((ctx.bundle.config.briefing or {}).get("issuer", ""))
    return _reminders.notices(rows, on, issuer, lang)


def cli_identity(ctx: Context, name: str, default_role: str) -> Identity:
    """Who a command acts as: the local account ``name`` when there is one (its role and scope), else
    ``name`` with ``default_role`` (the command line holds the database itself). A reporter has to be
    an account: its scope comes from there."""
    found = accounts(ctx).identity(name, source="cli")
    if found is not None:
        return found
    if default_role == REPORTER:
        raise ServiceError("cli_no_account_for", name=name)
    return Identity(str(name), default_role, "cli")
