"""The 我的填报 page's parts: the 填报期, the reporter's submissions and what came of them, its own rows in an
editor (checked by the upload engine, like an upload), the template upload, and 佐证材料.

Everything here is the signed-in reporter's: its rows come from its scope
(:func:`ledger.workflow.scope.keys`), never from the sidebar filters or the URL, and every write goes
through :mod:`ledger.service`, which checks the role and the scope again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ledger import service
from ledger.auth import Identity
from ledger.i18n import column_labels, t
from ledger.model import TASK_STATES
from ledger.upload import WorkbookError
from ledger.upload.schema import PROGRESS, TASKS
from ledger.workflow import evidence as evidence_rules
from ledger.workflow.periods import due_date, periods
from ledger.workflow.scope import keys
from ledger.workflow.submissions import RETURNED, STATE_KEYS, SUBMITTED, Submission
from ui import data, errors, upload
from ui.widgets import plain, set_flash

_PROGRESS_EDIT = ["period", "indicator", "department", "county", "actual", "note"]
_TASK_EDIT = ["period", "task", "department", "county", "status", "percent", "completion"]
EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx"]


def default_period() -> str:
    """The month being reported now: the one after the dashboard's default as-of month (which is
    complete enough), else the plan year's first — never the clock."""
    months = periods(data.bundle().config)
    _, default = data.periods()
    if default is None:
        return months[0]
    i = months.index(default) if default in months else -1
    return months[min(i + 1, len(months) - 1)]


def period_choice(lang: str, key: str = "report_period") -> str:
    """The 填报期 to report (the plan year's months), with its due date."""
    config = data.bundle().config
    months = periods(config)
    if st.session_state.get(key) not in months:
        st.session_state[key] = default_period()
    period = st.selectbox(
        t("report_period", lang),
        months,
        key=key,
        format_func=lambda p: t("report_period_option", lang, period=p, due=due_date(p, config).isoformat()),
    )
    return period


def submission_table(found: list[Submission], lang: str, key: str, *, with_user: bool = False) -> None:
    """Submissions as a table: id, time, how, periods, rows, state, by whom, the return's reason."""
    from ledger.views import beijing_time

    rows = [
        {
            t("sub_id", lang): f"#{s.id}",
            t("sub_time", lang): beijing_time(s.created_at),
            **({t("sub_user", lang): s.user, t("sub_scope", lang): s.scope.text(lang)} if with_user else {}),
            t("sub_source", lang): t(f"sub_source_{s.source}", lang),
            t("sub_periods", lang): "、".join(s.periods),
            t("sub_rows", lang): "，".join(f"{k} {v}" for k, v in s.rows.items()),
            t("sub_state", lang): t(STATE_KEYS[s.state], lang)
            + (t("sub_reverted", lang, id=s.reverted_by) if s.reverted_by else ""),
            t("sub_by", lang): s.last.user if s.state in (RETURNED, "approved") else "",
            t("sub_reason", lang): s.returned_reason,
        }
        for s in found
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=key)


def my_submissions(who: Identity, lang: str) -> list[Submission]:
    """The reporter's submissions, newest first; for each month, its latest one is said loudly when it
    was returned (with the reason) or still waits for review."""
    mine = service.submissions(data.context(), user=who.name)
    st.subheader(t("report_mine", lang), anchor=False)
    if not mine:
        st.caption(t("report_none_yet", lang))
        return mine
    seen: set[str] = set()
    for sub in mine:
        month = "、".join(sub.periods)
        if month in seen:
            continue
        seen.add(month)
        if sub.state == RETURNED:
            st.error(t("report_returned", lang, id=sub.id, periods=month, user=plain(sub.last.user),
                       reason=plain(sub.returned_reason)), icon=":material/undo:")
        elif sub.state == SUBMITTED:
            st.info(t("report_waiting", lang, id=sub.id, periods=month), icon=":material/hourglass_top:")
    submission_table(mine[:20], lang, "my_submissions")
    return mine


def _values(who: Identity, period: str) -> tuple[dict, dict]:
    """What the editor starts from: the reporter's own waiting submission for ``period`` if any, else the
    stored (approved) records: ``{sheet: frame}`` each, and which of them wait (``{sheet: set of keys}``)."""
    ctx = data.context()
    stored = ctx.store.reported(period, values=True)
    waiting = {x.id for x in service.submissions(ctx, period=period, user=who.name, states=[SUBMITTED])}
    pending = service.pending_records(ctx, period)
    mine = {s: f[f["submission"].isin(waiting)].drop(columns="submission") for s, f in pending.items()}
    return stored, mine


def editor_frames(who: Identity, period: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reporter's own keys for ``period`` with the values to start from and where they come from
    (已通过 / 待审核 / 未报)."""
    bundle = data.bundle()
    ind_keys, task_keys = keys(bundle, who.scope)
    stored, mine = _values(who, period)
    names = {i.id: f"{i.name}（{i.unit}）" for i in bundle.indicators}
    titles = {x.id: x.title for x in bundle.ledger.tasks}
    out = []
    for sheet, frame, ident, values in (
        (PROGRESS, ind_keys, "indicator", ["actual", "note"]),
        (TASKS, task_keys, "task", ["status", "percent", "completion"]),
    ):
        key = [ident, "department", "county"]
        base = frame.assign(period=period)
        held = mine[sheet][["period", *key, *values]].assign(source="pending")
        have = stored[sheet][["period", *key, *values]].assign(source="approved")
        both = pd.concat([held, have], ignore_index=True).drop_duplicates(["period", *key], keep="first")
        merged = base.merge(both, on=["period", *key], how="left")
        merged["source"] = merged["source"].fillna("missing")
        merged["state"] = [t(f"report_value_{s}", lang) for s in merged["source"]]
        merged["name"] = merged[ident].map(names if sheet == PROGRESS else titles)
        out.append(merged)
    return out[0], out[1]


def _text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Text columns as object with "" for missing (the editor's cells)."""
    return frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), "") for c in columns})


def editor(who: Identity, period: str, lang: str) -> None:
    """在线填报: the reporter's own rows, the keys fixed, the values editable; 提交审核 sends the cells
    through the upload engine (same rules as a workbook) and holds them for review."""
    progress, tasks = editor_frames(who, period, lang)
    labels = {**column_labels(lang), "state": t("report_value", lang)}
    st.caption(t("report_editor_help", lang))
    fixed = {
        c: st.column_config.TextColumn(labels.get(c, c), disabled=True)
        for c in ("period", "indicator", "task", "name", "department", "county", "state")
    }
    st.markdown(f"**{PROGRESS}**")
    shown_p = _text(progress, ["note"]).astype({"actual": float})[  # float: an empty cell shows blank
        ["period", "indicator", "name", "department", "county", "state", "actual", "note"]
    ]
    edited_p = st.data_editor(
        shown_p,
        hide_index=True,
        width="stretch",
        placeholder="",  # an empty cell shows empty, not "None"
        num_rows="fixed",
        key="editor_progress",
        column_config={
            **fixed,
            "actual": st.column_config.NumberColumn(labels["actual"]),
            "note": st.column_config.TextColumn(labels["note"], max_chars=500),
        },
    )
    st.markdown(f"**{TASKS}**")
    shown_t = _text(tasks, ["status", "completion"]).astype({"percent": float})[
        ["period", "task", "name", "department", "county", "state", "status", "percent", "completion"]
    ]
    edited_t = st.data_editor(
        shown_t,
        hide_index=True,
        width="stretch",
        placeholder="",  # an empty cell shows empty, not "None"
        num_rows="fixed",
        key="editor_tasks",
        column_config={
            **fixed,
            "name": st.column_config.TextColumn(t("col_title", lang), disabled=True),
            "status": st.column_config.SelectboxColumn(labels["status"], options=list(TASK_STATES)),
            "percent": st.column_config.NumberColumn(labels["percent"], min_value=0, max_value=100),
            "completion": st.column_config.TextColumn(labels["completion"], max_chars=2000),
        },
    )
    if not st.button(t("report_submit", lang), type="primary", key="editor_submit", icon=":material/send:"):
        return
    with errors.shown(lang):
        try:
            sub = service.submit_rows(
                data.context(), edited_p[_PROGRESS_EDIT], edited_t[_TASK_EDIT], actor=who
            )
        except WorkbookError as exc:  # the engine's problems, cell by cell, as for an upload
            upload.problem_table(exc.problems, lang, "report_invalid")
            st.stop()
    set_flash(t("report_submitted", lang, id=sub.id))
    st.rerun()


def upload_tab(who: Identity, period: str, lang: str) -> None:
    """上传模板: the reporter's own template (its rows only), the uploader, problems or the preview, and
    提交审核."""
    upload.template_button(lang, scope=who.scope, period=period)
    file = upload.uploader(lang)
    if file is None:
        return
    checked = upload.check(file, lang, scope=who.scope)
    if checked.error is not None:
        upload.show_problems(checked, lang)
    if checked.preview is None:
        return
    upload.show_preview(checked, lang)
    if not st.button(t("report_submit", lang), type="primary", key="upload_submit", icon=":material/send:"):
        return
    with errors.shown(lang):
        sub = service.submit_upload(data.context(), checked.upload, actor=who)
    set_flash(t("report_submitted", lang, id=sub.id))
    upload.reset()
    st.rerun()


def evidence_panel(who: Identity, period: str, lang: str) -> None:
    """佐证材料: attach a file to one of the reporter's task reports of ``period``; its files listed with
    downloads."""
    bundle = data.bundle()
    _, task_keys = keys(bundle, who.scope)
    st.subheader(t("evidence_title", lang), anchor=False)
    limit = evidence_rules.max_bytes(bundle.config) // 2**20
    st.caption(
        t("evidence_help", lang, mb=limit)
        + (
            t("evidence_rule_on", lang, done=evidence_rules.DONE)
            if bundle.config.evidence.get("require_for_done")
            else ""
        )
    )
    if task_keys.empty:
        st.caption(t("evidence_no_tasks", lang))
        return
    options = list(task_keys.itertuples(index=False, name=None))
    titles = {x.id: x.title for x in bundle.ledger.tasks}
    choice = st.selectbox(
        t("evidence_for", lang),
        options,
        key="evidence_key",
        format_func=lambda k: f"{k[0]} {titles.get(k[0], '')} · {k[1]} · {k[2]}",
    )
    file = st.file_uploader(
        t("evidence_choose", lang), type=EVIDENCE_TYPES, key="evidence_file", max_upload_size=limit
    )
    if file is not None and st.button(
        t("evidence_upload", lang), key="evidence_upload", icon=":material/attach_file:"
    ):
        key = {"period": period, "task": choice[0], "department": choice[1], "county": choice[2]}
        with errors.shown(lang):
            new = service.attach_evidence(data.context(), key, file.getvalue(), file.name, actor=who)
        set_flash(t("evidence_done", lang, id=new, name=plain(file.name)))
        st.rerun()
    files(who, period, lang)


def files(who: Identity, period: str | None, lang: str, keys_of: pd.DataFrame | None = None) -> None:
    """The evidence files of ``period`` that ``who`` may see (a reporter: its scope's; only those of the
    task reports ``keys_of`` when given), each with a download button."""
    ctx = data.context()
    found = service.evidence_files(ctx, period)
    if who.is_reporter:
        found = found[
            [who.scope.covers(d, c) for d, c in zip(found["department"], found["county"], strict=True)]
        ]
    if keys_of is not None and len(found):
        wanted = set(keys_of[["period", "task", "department", "county"]].itertuples(index=False, name=None))
        found = found[
            [
                k in wanted
                for k in found[["period", "task", "department", "county"]].itertuples(index=False, name=None)
            ]
        ]
    if found.empty:
        st.caption(t("evidence_none", lang))
        return
    for r in found.itertuples(index=False):
        left, right = st.columns([4, 1])
        left.write(
            t(
                "evidence_line",
                lang,
                id=r.id,
                name=plain(r.file_name),
                task=r.task,
                department=plain(r.department),
                county=plain(r.county),
                kind=r.kind.upper(),
                kb=max(1, r.size // 1024),
                user=plain(r.user),
            )
        )
        right.download_button(
            t("evidence_download", lang),
            lambda i=r.id: service.evidence_file(ctx, i, actor=who).data,
            file_name=r.file_name,
            key=f"evidence_dl_{r.id}",
            icon=":material/download:",
        )
