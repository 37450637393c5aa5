"""The 上传 page's parts: template download, the uploader, validation with progress, the report of
problems, the preview of changes, the figures read from 工作完成情况, the confirm button, and the
admin's separate step for changes to the indicator catalog (指标目标).

The validated upload and its preview are kept in the session, keyed by the file's sha256, the data
version and the chosen period, so clicking 确认导入 does not read the file again, while an import by
someone else in between (a new data version) makes the preview be computed afresh. Errors other than
the problems of the file itself reach :func:`ui.errors.shown` of the page. The reporters' page
(:mod:`ui.reports`) uses the same parts with the reporter's scope.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ledger import service, views
from ledger.auth import Identity, Scope
from ledger.errors import UserError
from ledger.i18n import column_labels, t
from ledger.upload import PeriodRequired, Problem, Upload, WorkbookError
from ledger.upload.schema import TARGETS
from ui import data, errors
from ui.widgets import plain, set_flash

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN = 500
#: Problems listed on the page; the downloaded report lists (and marks) more.
MAX_PROBLEMS_SHOWN = 200
_CHECKED, _COUNTER = "_upload_checked", "_upload_counter"
_STEPS = {"file": ("upload_step_file", 0.1), "read": ("upload_step_read", 0.3)}


@dataclass
class Checked:
    """One uploaded file after validation: ``upload`` + ``preview``, or the ``error`` listing its
    problems, or ``needs_period`` (a 台账 whose month is still to be chosen)."""

    key: tuple
    file_name: str
    content: bytes
    upload: Upload | None = None
    preview: dict[str, pd.DataFrame] | None = None
    error: WorkbookError | None = None
    needs_period: bool = False
    #: the 指标目标 rows that would change the catalog in force (None: no such sheet)
    catalog: pd.DataFrame | None = None
    #: figures read from the 工作完成情况 of its 任务进展 rows (ledger.workflow.figures.COLUMNS)
    figures: pd.DataFrame | None = None


def template_button(lang: str, scope: Scope | None = None, period: str | None = None) -> None:
    """模板下载: the analysts' template with the catalog in force, or a reporter's own rows (``scope``),
    built when clicked."""

    def build() -> bytes:
        buffer = io.BytesIO()
        service.write_template_file(data.context(), buffer, period=period, scope=scope)
        return buffer.getvalue()

    st.download_button(
        t("upload_template", lang),
        build,
        file_name=t("upload_template_file", lang),
        mime=XLSX_MIME,
        help=t("upload_template_help", lang),
        icon=":material/download:",
        key="template_download",
    )


def uploader(lang: str) -> UploadedFile | None:
    """The file uploader (.xlsx, size limit from ``LEDGER_MAX_UPLOAD_MB``); None until a file is given.

    The extension filter is a convenience; the content is what gets checked (:func:`check`)."""
    mb = data.settings().max_upload_mb
    return st.file_uploader(
        t("upload_choose", lang),
        type=["xlsx"],
        help=t("upload_choose_help", lang, mb=mb),
        max_upload_size=mb,
        key=_key("upload_file"),
    )


def _key(name: str) -> str:
    """Widget keys carry a counter, so :func:`reset` gets fresh, empty widgets."""
    return f"{name}_{st.session_state.get(_COUNTER, 0)}"


def period_choice(lang: str) -> str | None:
    """The month a ledger-form upload reports (asked only for that kind of workbook)."""
    year = data.bundle().config.plan_year
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    if st.session_state.get(_key("upload_period")) is None:
        st.info(t("upload_period_help", lang))
    return st.selectbox(
        t("upload_period", lang),
        months,
        index=None,
        help=t("upload_period_help", lang),
        key=_key("upload_period"),
    )


def check(file: UploadedFile, lang: str, scope: Scope | None = None) -> Checked:
    """Validate the uploaded file (with a reporter's ``scope``) and preview its changes, with progress;
    cached in the session."""
    content = file.getvalue()
    period = st.session_state.get(_key("upload_period"))
    key = (hashlib.sha256(content).hexdigest(), data.version(), period, scope)
    cached = st.session_state.get(_CHECKED)
    if isinstance(cached, Checked) and cached.key == key:
        return cached
    result = Checked(key=key, file_name=file.name, content=content)
    ctx = data.context()
    with st.status(t("upload_checking", lang), expanded=True) as status:
        bar = st.progress(0.0)

        def step(name: str) -> None:
            label, done = _STEPS[name]
            st.write(t(label, lang))
            bar.progress(done)

        try:
            result.upload = service.read_bytes(
                ctx, content, file_name=file.name, period=period, on_step=step,
                max_bytes=data.settings().max_upload_bytes, scope=scope,
            )
            result.needs_period = result.upload.kind == "ledger-form"  # keep the month choice on screen
            bar.progress(0.7)
            st.write(t("upload_step_compare", lang))
            up = result.upload
            # the data only: a change to the catalog is the admin's own step (catalog_step)
            result.preview = ctx.store.preview(up.progress, up.tasks, checked=True)
            result.catalog = service.catalog_changes(ctx, up)
            result.figures = service.figure_proposals(ctx, up.tasks, up.progress)
        except WorkbookError as exc:
            result.error = exc
        except PeriodRequired:
            result.needs_period = True
        except UserError:
            status.update(label=t("upload_check_failed", lang), state="error", expanded=False)
            raise
        bar.progress(1.0)
        ok = result.preview is not None
        status.update(
            label=t("upload_checked" if ok else "upload_check_failed", lang),
            state="complete" if ok else "error",
            expanded=False,
        )
    st.session_state[_CHECKED] = result
    return result


def show_problems(checked: Checked, lang: str) -> None:
    """The validation report: a table (sheet, row, column, value, problem) of the first problems in the
    user's language, and the marked workbook to download."""
    assert checked.error is not None
    problem_table(checked.error.problems, lang)
    st.download_button(
        t("problems_download", lang),
        lambda: service.problem_workbook(checked.content, checked.error, lang),
        file_name=t("upload_report_file", lang),
        mime=XLSX_MIME,
        icon=":material/download:",
        key="problems_download",
    )


def problem_table(problems: list[Problem], lang: str, key: str = "upload_invalid") -> None:
    """Problems as a table (sheet, row, column, value, problem) in the user's language, the first
    :data:`MAX_PROBLEMS_SHOWN` of them."""
    st.error(t(key, lang, n=len(problems)))
    if len(problems) > MAX_PROBLEMS_SHOWN:
        st.caption(t("upload_problems_shown", lang, n=MAX_PROBLEMS_SHOWN, total=len(problems)))
    frame = pd.DataFrame(
        [
            {
                t("problem_sheet", lang): p.sheet or t("problem_whole_file", lang),
                t("problem_row", lang): p.row,
                t("problem_column", lang): p.column,
                t("problem_value", lang): p.value,
                t("problem_reason", lang): p.reason(lang),
            }
            for p in problems[:MAX_PROBLEMS_SHOWN]
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def show_preview(checked: Checked, lang: str) -> dict[str, dict[str, int]]:
    """What the import will change, per sheet: counts, and the added / changed (old → new) /
    unchanged rows. Returns the counts."""
    assert checked.preview is not None
    counts = views.change_counts(checked.preview)
    size = f"{len(checked.content) / 1024:.0f} KB"
    st.caption(t("upload_file_info", lang, name=plain(checked.file_name), size=size))
    st.success(t("upload_valid", lang))
    st.subheader(t("upload_preview", lang))
    totals = {c: sum(n[c] for n in counts.values()) for c in views.CHANGES}
    st.write(
        t("diff_summary", lang, new=totals["added"], changed=totals["changed"], unchanged=totals["unchanged"])
    )
    labels = {views.ADDED: "diff_new", views.CHANGED: "diff_changed", views.UNCHANGED: "diff_unchanged"}
    sheets = list(checked.preview)
    for tab, sheet in zip(st.tabs(sheets), sheets, strict=True):
        with tab:
            n = counts[sheet]
            st.caption(t("upload_sheet_summary", lang, sheet=sheet, **n))
            inner = st.tabs([f"{t(labels[c], lang)} {n[c]}" for c in views.CHANGES])
            # on 指标目标 the name column is the indicator's name, headed 名称 as in that sheet
            headers = column_labels(lang, {"name": "col_name"} if sheet == TARGETS else None)
            for box, change in zip(inner, views.CHANGES, strict=True):
                with box:
                    rows = views.change_rows(sheet, checked.preview[sheet], change)
                    if rows.empty:
                        st.caption(t("empty_title", lang))
                        continue
                    if len(rows) > MAX_SHOWN:
                        st.caption(t("upload_rows_shown", lang, n=MAX_SHOWN))
                    shown = rows.head(MAX_SHOWN).rename(columns=headers)
                    st.dataframe(shown, hide_index=True, width="stretch")
    return counts


def change_table(diff: pd.DataFrame, sheet: str, lang: str, key: str) -> None:
    """Every added or changed row of a preview frame, old → new, as a table."""
    headers = column_labels(lang, {"name": "col_name"} if sheet == TARGETS else None)
    parts = [views.change_rows(sheet, diff, c) for c in (views.ADDED, views.CHANGED)]
    rows = pd.concat(parts, ignore_index=True)
    st.dataframe(rows.rename(columns=headers), hide_index=True, width="stretch", key=key)


def catalog_step(checked: Checked, who: Identity, lang: str) -> None:
    """Changes to the indicator catalog (指标目标): every one listed, never part of the data import. An
    admin confirms them as their own import (after ticking that each was checked); an analyst is told
    that an admin must."""
    changes = checked.catalog
    if changes is None or changes.empty:
        return
    st.subheader(t("catalog_title", lang, n=len(changes)), anchor=False)
    change_table(changes, TARGETS, lang, key="catalog_changes")
    if not who.is_admin:
        st.warning(t("catalog_admin_only", lang, n=len(changes), sheet=TARGETS), icon=":material/lock:")
        return
    st.warning(t("catalog_separate", lang), icon=":material/rule:")
    checked_all = st.checkbox(t("catalog_checked", lang, n=len(changes)), key=_key("catalog_ok"))
    if not st.button(t("catalog_confirm", lang), key="catalog_confirm", disabled=not checked_all,
                     icon=":material/edit:"):
        return
    with errors.shown(lang, "upload_failed"):
        result = service.commit_catalog(data.context(), checked.upload, actor=who)
    set_flash(t("catalog_done", lang, n=len(changes), id=result.import_id))
    st.session_state.pop(_CHECKED, None)  # the data are checked again against the new catalog
    st.rerun()


def propose(found: pd.DataFrame | None, lang: str, key: str) -> pd.DataFrame | None:
    """Figures read from 工作完成情况 (an upload's, a submission's), each with a 采用 box, unticked: nothing
    is stored without that click. The ticked ones as 指标进度 rows checked by the upload engine, for the
    same import (None: none ticked); problems of a ticked row are shown and stop the page."""
    if found is None or found.empty:
        return None
    st.subheader(t("figures_title", lang, n=len(found)), anchor=False)
    st.caption(t("figures_caption", lang))
    columns = ["accept", "period", "indicator", "name", "department", "county", "value", "unit", "current",
               "evidence"]
    shown = found.assign(accept=False)[columns]
    labels = {**column_labels(lang), "accept": t("figures_accept", lang), "value": t("figures_value", lang),
              "current": t("figures_current", lang), "evidence": t("figures_evidence", lang)}
    config = {c: st.column_config.Column(labels.get(c, c), disabled=c != "accept") for c in shown.columns}
    config["accept"] = st.column_config.CheckboxColumn(labels["accept"], default=False)
    edited = st.data_editor(shown, hide_index=True, width="stretch", key=key, column_config=config,
                            num_rows="fixed", placeholder="")
    ticked = found[edited["accept"].fillna(False).astype(bool).to_numpy()]
    if ticked.empty:
        return None
    try:
        return service.accepted_figures(data.context(), ticked)
    except WorkbookError as exc:
        problem_table(exc.problems, lang, "figures_invalid")
        st.stop()


def confirm(
    checked: Checked, counts: dict[str, dict[str, int]], who: Identity, lang: str,
    extra: pd.DataFrame | None = None,
) -> None:
    """确认导入: commit the data (and the accepted figures ``extra``) as one import, leave a message for
    the next run, reset the uploader, rerun. An upload that would change nothing gets its sentence
    instead of the button."""
    assert checked.upload is not None
    ctx = data.context()
    history = data.history()
    if extra is None and not any(n[views.ADDED] or n[views.CHANGED] for n in counts.values()):
        st.info(service.unchanged(ctx, checked.upload, history).message(lang))
        return
    earlier = service.earlier_import(ctx, checked.upload.sha256, history)
    if earlier is not None:
        st.warning(t("upload_duplicate", lang, **earlier))
    if extra is not None:
        st.caption(t("figures_included", lang, n=len(extra)))
    if not st.button(
        t("upload_confirm", lang), type="primary", key="upload_confirm", icon=":material/upload:"
    ):
        return
    with errors.shown(lang, "upload_failed"):
        result = service.commit_upload(ctx, checked.upload, actor=who, extra_progress=extra)
    detail = t("upload_success_detail", lang, rows=result.written, id=result.import_id)
    set_flash(f"{t('upload_success', lang)} · {detail}")
    reset()
    st.rerun()


def reset() -> None:
    """Forget the checked file and show a fresh, empty uploader."""
    st.session_state.pop(_CHECKED, None)
    st.session_state[_COUNTER] = st.session_state.get(_COUNTER, 0) + 1
