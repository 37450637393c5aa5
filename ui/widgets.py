"""Shared page parts: the header (as-of month, filters, 示例数据 and 填报中 banners), tiles, tables.

Every table a viewer sees goes through :func:`table`: cells as text (:func:`ledger.views.display_rows`,
so no None / nan), and Streamlit's own CSV export is switched off (``client.disableDataExport``); the
download offered instead (:func:`download_csv`) neutralises text that a spreadsheet would run as a
formula (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ledger import metrics, views
from ledger.charts import STATUS_COLORS, STATUS_MARKS, score_text
from ledger.i18n import area_label, status_label, t, task_state_label
from ledger.model import BEHIND, MET, NO_DATA, ON_TRACK, OVERDUE
from ledger.report import neutralise

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
#: Streamlit's named Markdown colours for the statuses (``.streamlit/config.toml`` sets them to
#: :data:`ledger.charts.STATUS_COLORS`).
STATUS_MARKDOWN = {MET: "green", ON_TRACK: "blue", BEHIND: "orange", OVERDUE: "red", NO_DATA: "gray"}
#: Task states in the same colours (已完成 like 达标, 推进中 like 正常, 滞后 like 滞后, 未启动 grey).
STATE_MARKDOWN = {"已完成": "green", "推进中": "blue", "滞后": "orange", "未启动": "violet", None: "gray"}
STATE_MARKS = {"已完成": "✓", "推进中": "●", "滞后": "▼", "未启动": "◇", None: "○"}
_CHROME = "_chrome_drawn"
_NOTICES = "_notices"


def plain(text: object) -> str:
    """User text (file names, user names, e-mail addresses) made literal for elements that render
    Markdown (``st.caption``, ``st.success`` …): every Markdown character is backslash-escaped, so
    ``[x](javascript:…)`` or ``**bold**`` is shown as typed. HTML is never enabled anywhere."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def flash(key: str = "_flash") -> None:
    """Show (once) a message left by :func:`set_flash` before a rerun: a toast and a success box."""
    message = st.session_state.pop(key, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
        st.success(message)


def set_flash(message: str, key: str = "_flash") -> None:
    st.session_state[key] = message


# --- what every page shows once -------------------------------------------------------------------


def add_notice(message: str) -> None:
    """A warning about the request (e.g. an unknown value in the URL): shown at once when the page
    has begun (:func:`chrome` has run), else kept for :func:`chrome`."""
    if st.session_state.get(_CHROME):
        st.warning(message, icon=":material/link_off:")
    else:
        st.session_state.setdefault(_NOTICES, []).append(message)


def chrome(lang: str, sample: bool) -> None:
    """The notices left by :func:`add_notice` and the 示例数据 banner, drawn once per run: by app.py
    above every page (between :func:`begin_run` and :func:`end_run`), else by the page's header (a
    page run on its own, e.g. by AppTest after ``switch_page``)."""
    if st.session_state.get(_CHROME):
        return
    st.session_state[_CHROME] = True
    for message in st.session_state.pop(_NOTICES, []):
        st.warning(message, icon=":material/link_off:")
    if sample:
        st.warning(t("sample_banner", lang), icon=":material/science:")


def end_run() -> None:
    st.session_state.pop(_CHROME, None)


def header(page_key: str, snap: views.Snapshot, lang: str, filters: views.Filters | None = None) -> None:
    """Page title, the as-of month and the active filters; the 示例数据 banner whenever sample data is
    shown (so a screenshot or a projector always says what it shows); a warning while the chosen month
    is still being filled in."""
    st.title(t(page_key, lang), anchor=False)
    st.caption(" · ".join(caption_parts(snap, lang, filters)))
    chrome(lang, snap.sample)
    filling_banner(snap, lang)


def caption_parts(snap: views.Snapshot, lang: str, filters: views.Filters | None) -> list[str]:
    parts = [t("as_of", lang, period=snap.as_of)] if snap.as_of else []
    if filters is not None:
        county = t("filter_all", lang) if filters.county == views.ALL else area_label(filters.county, lang)
        department = t("filter_all", lang) if filters.department == views.ALL else filters.department
        colon = "：" if lang == "zh" else ": "
        parts += [
            f"{t('filter_county', lang)}{colon}{plain(county)}",
            f"{t('filter_department', lang)}{colon}{plain(department)}",
        ]
    if lang == "en":
        parts.append(t("names_caption", lang))
    return parts


def filling_banner(snap: views.Snapshot, lang: str) -> None:
    if not snap.filling:
        return
    row = snap.coverage[snap.coverage["period"] == snap.as_of].iloc[0]
    st.warning(
        t("filling_banner", lang, period=snap.as_of, reported=int(row["reported"]),
          expected=int(row["expected"])),
        icon=":material/hourglass_top:",
    )


def require_data(snap: views.Snapshot, lang: str) -> None:
    """Stop the page with a sentence when nothing has been imported yet."""
    if not snap.has_data:
        st.info(t("empty_no_data", lang))
        st.stop()


def empty(message: str) -> None:
    st.info(message)


# --- tiles ------------------------------------------------------------------------------------------


def status_label_md(status: str, lang: str) -> str:
    """``:orange[▼ 滞后]``: a status in its colour with its mark, for labels that render Markdown."""
    return f":{STATUS_MARKDOWN[status]}[{STATUS_MARKS[status]} {status_label(status, lang)}]"


def state_label_md(state: str | None, label: str) -> str:
    return f":{STATE_MARKDOWN.get(state, 'gray')}[{STATE_MARKS.get(state, '○')} {label}]"


#: Width of the overview's headline tiles: four in a row at 1280 px, three at 1024 px (with the sidebar).
TILE_WIDTH = 170


def tiles(items: list[dict], width: int = 150) -> None:
    """A row of bordered tiles (``{"label", "value"[, "help", "delta"]}``) that wraps onto the next
    line rather than cutting a label when the page is narrow (fixed-width tiles in a wrapping row)."""
    with st.container(horizontal=True, gap="small"):
        for item in items:
            st.metric(item["label"], item["value"], delta=item.get("delta"), help=item.get("help"),
                      border=True, width=width)


def big_tiles(items: list[tuple[str, str]]) -> None:
    """Tiles for the projector, as wide as their text: the label (24 px) and the value (28 px) side by
    side in heading type (``(label, value)``; labels may carry Markdown colours), wrapping onto the
    next line when the screen is narrow."""
    with st.container(horizontal=True, gap="xsmall"):
        for label, value in items:
            with st.container(border=True, width="content", horizontal=True, vertical_alignment="center",
                              gap="xsmall"):
                st.markdown(f"#### {label}", width="content", anchors=False)
                st.markdown(f"### {value}", width="content", anchors=False)


def headline(
    status: pd.DataFrame,
    tasks: pd.DataFrame,
    snap: views.Snapshot,
    filters: views.Filters,
    lang: str,
    *,
    big: bool = False,
    extra: list[dict] | None = None,
    after: Callable[[], None] | None = None,
) -> dict:
    """The one-glance tiles: overall score (with its change), annual completion and late reports,
    then the ``extra`` tiles; the score explained in one sentence, with what ``after`` draws (a
    button) beside it; the indicator items per status; the task items per reported state. ``big``
    for the projector (``extra`` and ``after`` are for the overview). Returns
    :func:`ledger.metrics.overall` of ``status`` (what the tiles show)."""
    summary = metrics.overall(status)
    counts = metrics.status_counts(status)
    states = views.task_states(tasks)
    delta = views.score_delta(snap, filters)
    state_labels = {s: task_state_label(s, lang) if s else t("state_unreported", lang) for s in states}
    if big:
        big_tiles(
            [
                (t("metric_overall_score", lang), score_text(summary["score"])),
                *[(status_label_md(s, lang), str(counts[s])) for s in metrics.STATUSES],
            ]
        )
        st.markdown(
            f"#### {t('metric_annual', lang)} {score_text(summary['annual'])} · "
            f"{t('metric_stale', lang)} {summary['n_stale']}",
            anchors=False,
        )
        task_line = " · ".join(f"{state_label_md(s, state_labels[s])} {n}" for s, n in states.items())
        st.markdown(f"#### {t('tiles_tasks_short', lang, n=len(tasks))} {task_line}", anchors=False)
        return summary
    tiles(
        [
            {"label": t("metric_overall_score", lang), "value": score_text(summary["score"]),
             "delta": None if delta is None else f"{delta:+.1f}", "help": t("metric_score_help", lang)},
            {"label": t("metric_annual", lang), "value": score_text(summary["annual"]),
             "help": t("metric_annual_help", lang)},
            {"label": t("metric_stale", lang), "value": str(summary["n_stale"]),
             "help": t("metric_stale_help", lang, period=snap.as_of)},
            *(extra or []),
        ],
        width=TILE_WIDTH,
    )
    if after is None:
        st.caption(t("score_explain", lang))
    else:  # what the score means, and beside it (not in a row of its own) what ``after`` draws, under the
        # headline row (at most as wide as four tiles and their gaps)
        row = {"horizontal": True, "wrap": False, "vertical_alignment": "center", "gap": "medium"}
        with st.container(**row, width=4 * TILE_WIDTH + 3 * 16):
            st.caption(t("score_explain", lang), width="stretch")
            after()
    st.markdown(f"**{t('tiles_indicators', lang, n=len(status))}**")
    tiles([{"label": status_label_md(s, lang), "value": str(counts[s])} for s in metrics.STATUSES])
    st.markdown(f"**{t('tiles_tasks', lang, n=len(tasks))}**")
    tiles([{"label": state_label_md(s, state_labels[s]), "value": str(n)} for s, n in states.items()])
    return summary


# --- tables -----------------------------------------------------------------------------------------


def table(
    frame: pd.DataFrame,
    columns: list[str],
    lang: str,
    *,
    download: str | None = None,
    height: int | str = "auto",
    key: str | None = None,
) -> pd.DataFrame:
    """A read-only table of ``frame[columns]`` as :func:`ledger.views.display_rows` shows it; returns
    the shown frame. ``download`` (a file name) adds our own CSV download with formulas neutralised."""
    shown = views.display_rows(frame, columns, lang)
    right = {"actual", "expected", "target", "attainment", "score", "annual", "percent", "baseline"}
    labels = views.display_rows(frame.iloc[0:0], columns, lang).columns
    config = {
        label: st.column_config.TextColumn(alignment="right")
        for col, label in zip(columns, labels, strict=True) if col in right
    }
    st.dataframe(shown, hide_index=True, width="stretch", height=height, column_config=config, key=key)
    if download:
        download_csv(shown, download, lang, key=None if key is None else f"{key}_csv")
    return shown


def static_table(frame: pd.DataFrame, columns: list[str], lang: str, font_px: int = 20) -> pd.DataFrame:
    """A table that grows with its rows (``st.table``: no inner scroll bar) in type of ``font_px``
    (for the projector), the status column in its colour; cells as :func:`ledger.views.display_rows`.
    Returns the shown frame."""
    shown = views.display_rows(frame, columns, lang)
    positions = [columns.index("status")] if "status" in columns else []
    styled = status_style(shown, frame["status"].tolist() if positions else [], positions)
    size = f"{font_px}px"
    styled = styled.set_properties(**{"font-size": size}).set_table_styles(
        [{"selector": "th", "props": [("font-size", size)]}]
    )
    st.table(styled, hide_index=True)
    return shown


def status_style(shown: pd.DataFrame, statuses: list[str], positions: list[int]):
    """A Styler of ``shown`` writing the cells of the columns at ``positions`` in their row's status
    colour (:data:`ledger.charts.STATUS_COLORS`), bold."""
    colours = {s: f"color: {c}; font-weight: 700" for s, c in STATUS_COLORS.items()}
    cells = [colours.get(s, "") for s in statuses]
    styler = shown.style
    if positions:
        styler = styler.apply(lambda _col: cells, subset=[shown.columns[i] for i in positions])
    return styler


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV for Excel (UTF-8 with BOM), every text cell neutralised (:func:`neutralise`)."""
    safe = frame.map(neutralise).rename(columns=lambda c: neutralise(str(c)))
    return safe.to_csv(index=False).encode("utf-8-sig")


def download_csv(frame: pd.DataFrame, file_name: str, lang: str, key: str | None = None) -> None:
    st.download_button(
        t("download_csv", lang),
        csv_bytes(frame),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        key=key,
    )
