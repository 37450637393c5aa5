"""The 上传 page's parts: template download, the uploader, validation with progress, the report of
problems, the preview of changes and the confirm button.

The validated upload and its preview are kept in the session, keyed by the file's sha256, the data
version and the chosen period, so clicking 确认导入 does not read the file again, while an import by
someone else in between (a new data version) makes the preview be computed afresh. Errors other than
the problems of the file itself reach :func:`ui.errors.shown` of the page.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ledger import service, views
from ledger.auth import Identity
from ledger.errors import UserError
from ledger.i18n import column_labels, t
from ledger.upload import PeriodRequired, Upload, WorkbookError
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


def template_button(lang: str) -> None:
    """模板下载: the analysts' template with the catalog in force (built when clicked)."""

    def build() -> bytes:
        buffer = io.BytesIO()
        service.write_template_file(data.context(), buffer)
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


def check(file: UploadedFile, lang: str) -> Checked:
    """Validate the uploaded file and preview its changes, with progress; cached in the session."""
    content = file.getvalue()
    period = st.session_state.get(_key("upload_period"))
    key = (hashlib.sha256(content).hexdigest(), data.version(), period)
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
                max_bytes=data.settings().max_upload_bytes,
            )
            result.needs_period = result.upload.kind == "ledger-form"  # keep the month choice on screen
            bar.progress(0.7)
            st.write(t("upload_step_compare", lang))
            result.preview = service.preview_upload(ctx, result.upload)
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
    problems = checked.error.problems
    st.error(t("upload_invalid", lang, n=len(problems)))
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
    st.download_button(
        t("problems_download", lang),
        lambda: service.problem_workbook(checked.content, checked.error, lang),
        file_name=t("upload_report_file", lang),
        mime=XLSX_MIME,
        icon=":material/download:",
        key="problems_download",
    )


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


def confirm(checked: Checked, counts: dict[str, dict[str, int]], who: Identity, lang: str) -> None:
    """确认导入: commit as one import, leave a message for the next run, reset the uploader, rerun. An
    upload that would change nothing gets its sentence instead of the button."""
    assert checked.upload is not None
    ctx = data.context()
    history = data.history()
    if not any(n[views.ADDED] or n[views.CHANGED] for n in counts.values()):
        st.info(service.unchanged(ctx, checked.upload, history).message(lang))
        return
    earlier = service.earlier_import(ctx, checked.upload.sha256, history)
    if earlier is not None:
        st.warning(t("upload_duplicate", lang, **earlier))
    if not st.button(
        t("upload_confirm", lang), type="primary", key="upload_confirm", icon=":material/upload:"
    ):
        return
    with errors.shown(lang, "upload_failed"):
        result = service.commit_upload(ctx, checked.upload, actor=who)
    detail = t("upload_success_detail", lang, rows=result.written, id=result.import_id)
    set_flash(f"{t('upload_success', lang)} · {detail}")
    reset()
    st.rerun()


def reset() -> None:
    """Forget the checked file and show a fresh, empty uploader."""
    st.session_state.pop(_CHECKED, None)
    st.session_state[_COUNTER] = st.session_state.get(_COUNTER, 0) + 1
