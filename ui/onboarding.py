"""接入台账 (analysts and admins): a city's ledger document uploaded, its parse and warnings shown, the
proposed indicator catalog edited in a table, and the ledger registered on a confirmed step
(:func:`ledger.registry.propose`, :func:`ledger.registry.register_proposal`)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from ledger import registry
from ledger.auth import Identity
from ledger.i18n import column_labels, t
from ledger.model import GE, LE, ParseWarning
from ledger.read.counties import county_list
from ledger.upload import WorkbookError
from ui import data, errors, upload
from ui.widgets import plain, set_flash

_KEY = "_onboard_proposal"
_CATALOG = ["indicator", "task", "name", "target", "unit", "direction", "deadline", "baseline"]


def choices(lang: str) -> tuple[bytes, str, str, int | None, list[str]] | None:
    """The uploaded file and the optional city, plan year and counties; None until a file is given."""
    file = st.file_uploader(t("onboard_file", lang), type=["txt", "docx", "pdf", "xlsx", "csv"],
                            key="onboard_file")
    left, mid, right = st.columns([2, 1, 3])
    city = left.text_input(t("onboard_city", lang), key="onboard_city").strip()
    year = mid.number_input(t("onboard_year", lang), min_value=0, max_value=2100, value=0, step=1,
                            key="onboard_year")
    counties = county_list(right.text_input(t("onboard_counties", lang), key="onboard_counties"))
    if file is None:
        return None
    return file.getvalue(), file.name, city, int(year) or None, counties


def proposal(
    document: bytes, name: str, city: str, year: int | None, counties: list[str]
) -> registry.Proposal:
    """The proposal for these inputs, read once per session and inputs (not on every rerun)."""
    sig = (hashlib.sha256(document).hexdigest(), name, city, year, tuple(counties))
    held = st.session_state.get(_KEY)
    if held is None or held[0] != sig:
        held = (sig, registry.propose(document, name, city=city or None, plan_year=year, counties=counties))
        st.session_state[_KEY] = held
    return held[1]


def parse_summary(p: registry.Proposal, lang: str) -> None:
    """Title, counts, the warnings and the tasks read."""
    ledger = p.ledger
    title = plain(ledger.title or p.document_name)
    st.success(t("onboard_parsed", lang, title=title, city=plain(p.config.city), year=p.config.plan_year,
                 tasks=len(ledger.tasks), categories=len({x.category for x in ledger.tasks}),
                 targets=len(p.indicators), ledger=plain(p.id)))
    if p.warnings:
        with st.expander(t("onboard_warnings", lang, n=len(p.warnings)), expanded=True):
            st.markdown("\n".join(f"- {plain(_warning(w, lang))}" for w in p.warnings))
    else:
        st.caption(t("onboard_no_warnings", lang))
    labels = column_labels(lang)
    tasks = pd.DataFrame(
        [{labels["task"]: x.id, labels["category"]: x.category, labels["title"]: x.title,
          labels["department"]: "、".join(x.departments), labels["county"]: "、".join(x.county_list),
          t("col_targets", lang): "；".join(f"{g.op} {g.value:g} {g.unit}" for g in x.targets)}
         for x in ledger.tasks])
    st.subheader(t("onboard_tasks", lang), anchor=False)
    st.dataframe(tasks, hide_index=True, width="stretch", key="onboard_tasks")
    with st.expander(t("onboard_config", lang)):
        st.code(p.config_toml, language="toml")


def _warning(w: ParseWarning, lang: str) -> str:
    """A parse warning as the page says it (the command line's --counties is the box above here)."""
    return t("onboard_no_counties_app", lang) if w.code == "onboard_no_counties" else w.message(lang)


def catalog_editor(p: registry.Proposal, lang: str) -> pd.DataFrame:
    """The proposed catalog in an editable table (rows may be deleted or added); returns it as edited."""
    st.subheader(t("onboard_catalog", lang), anchor=False)
    st.caption(t("onboard_catalog_help", lang))
    labels = column_labels(lang)
    frame = p.catalog()[_CATALOG]
    tasks = [x.id for x in p.ledger.tasks]
    return st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        placeholder="",  # an empty cell shows empty, not "None"
        num_rows="dynamic",
        key=f"onboard_catalog_{p.id}",
        column_config={
            "indicator": st.column_config.TextColumn(labels["indicator"], required=True),
            "task": st.column_config.SelectboxColumn(labels["task"], options=tasks, required=True),
            "name": st.column_config.TextColumn(t("col_name", lang), width="large", required=True),
            "target": st.column_config.NumberColumn(labels["target"], required=True),
            "unit": st.column_config.TextColumn(labels["unit"], required=True),
            "direction": st.column_config.SelectboxColumn(
                labels["direction"], options=[GE, LE], required=True
            ),
            "deadline": st.column_config.DateColumn(labels["deadline"], format="YYYY-MM-DD"),
            "baseline": st.column_config.NumberColumn(labels["baseline"]),
        },
    )


def confirm(who: Identity, p: registry.Proposal, catalog: pd.DataFrame, lang: str) -> None:
    """The confirmed step: a tick, then the button; the catalog's problems named by row and column."""
    if data.store().ledger_entry(p.id) is not None:
        st.warning(t("onboard_exists_note", lang, ledger=plain(p.id)))
        return
    checked = st.checkbox(t("onboard_check", lang, n=len(catalog)), key=f"onboard_checked_{p.id}")
    if not st.button(t("onboard_confirm", lang), type="primary", disabled=not checked, key="onboard_confirm",
                     icon=":material/how_to_reg:"):
        return
    with errors.shown(lang):
        try:
            done = registry.register_proposal(data.store(), p, catalog, user=who.name)
        except WorkbookError as exc:
            upload.problem_table(exc.problems, lang, "onboard_invalid")
            st.stop()
    data.forget_ledgers()
    st.session_state.pop(_KEY, None)
    set_flash(t("onboard_done", lang, ledger=plain(done.entry.id), title=plain(done.entry.title),
                n=done.catalog_rows))
    st.query_params["ledger"] = done.entry.id  # the sidebar's 台账 choice follows (ui.ledgers)
    st.rerun()
