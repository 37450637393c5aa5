"""批示 and 说明 in the pages: the comments on an indicator or task (with author and time), the form to add
one for those who may (:func:`ledger.workflow.comments.labels_for`), and the lines ``/meeting`` shows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ledger import service, views
from ledger.auth import Identity
from ledger.i18n import area_label, t
from ledger.workflow.comments import LABEL_KEYS, labels_for
from ui import data, errors
from ui.widgets import plain, set_flash

WHOLE = "__whole__"


def _line(r, lang: str) -> str:
    where = " · ".join(x for x in (r.item, r.department, area_label(r.county, lang) if r.county else "") if x)
    return t(
        "comment_line",
        lang,
        label=t(LABEL_KEYS.get(r.label, "comment_explanation"), lang),
        user=plain(r.user),
        time=views.beijing_time(r.created_at),
        where=plain(where),
        text=plain(r.text),
    )


def shown(found: pd.DataFrame, lang: str, limit: int = 20) -> None:
    """Comments as lines, newest first."""
    if found.empty:
        st.caption(t("comments_none", lang))
        return
    for r in found.head(limit).itertuples(index=False):
        st.markdown(_line(r, lang))
    if len(found) > limit:
        st.caption(t("comments_more", lang, n=len(found) - limit))


def section(
    item_kind: str, item: str, keys: pd.DataFrame, who: Identity | None, lang: str, period: str | None
) -> None:
    """The comments on ``item`` and, for those who may comment, the form: the whole item or one of its
    department × area ``keys``; a reporter only its own."""
    st.subheader(t("comments_title", lang), anchor=False)
    shown(service.comments(data.context(), item_kind, [item]), lang)
    labels = labels_for(who)
    if not labels:
        st.caption(t("comments_sign_in", lang))
        return
    options = [] if who.is_reporter else [WHOLE]
    pairs = keys[["department", "county"]].drop_duplicates()
    options += [
        f"{d}|{c}"
        for d, c in zip(pairs["department"], pairs["county"], strict=True)
        if not who.is_reporter or who.scope.covers(d, c)
    ]
    if not options:
        return
    with st.form(f"comment_{item_kind}_{item}", clear_on_submit=True):
        target = st.selectbox(
            t("comments_on", lang),
            options,
            key=f"comment_target_{item_kind}",
            format_func=lambda o: (
                t("comments_whole", lang, item=item)
                if o == WHOLE
                else " · ".join([o.split("|")[0], area_label(o.split("|")[1], lang)])
            ),
        )
        label = st.radio(
            t("comments_kind", lang),
            labels,
            horizontal=True,
            key=f"comment_label_{item_kind}",
            format_func=lambda x: t(LABEL_KEYS[x], lang),
        )
        text = st.text_area(t("comments_text", lang), max_chars=2000, key=f"comment_text_{item_kind}")
        sent = st.form_submit_button(t("comments_add", lang), icon=":material/add_comment:")
    if not sent:
        return
    department, county = ("", "") if target == WHOLE else target.split("|")
    with errors.shown(lang):
        service.add_comment(
            data.context(),
            actor=who,
            item_kind=item_kind,
            item=item,
            text=text,
            label=label,
            department=department,
            county=county,
            period=period,
        )
    set_flash(t("comments_done", lang))
    st.rerun()


def meeting(filters: views.Filters, lang: str, limit: int = 6) -> None:
    """The latest 批示 and 说明 for what ``/meeting`` shows (its county and department), in large type."""
    found = service.comments(data.context())
    for column, value in (("county", filters.county), ("department", filters.department)):
        if value != views.ALL:
            found = found[found[column].isin([value, ""])]
    if found.empty:
        return
    st.header(t("comments_meeting", lang, n=len(found)), anchor=False)
    for r in found.head(limit).itertuples(index=False):
        st.markdown(f"#### {_line(r, lang)}", anchors=False)
    if len(found) > limit:
        st.caption(t("comments_more", lang, n=len(found) - limit))
