"""The shared sidebar: language, 县区, 责任部门, 期间 — kept in the URL so a copied link reproduces the view.

Query parameters are read when a session starts (aliases allowed: ``?county=大武口&department=税务局``)
and whenever the URL brings a value other than the one last written to it (a link such as
``st.page_link(…, query_params={"county": …})``); otherwise the widgets own the state and write it
back to the URL on every run, on every page. A value in the URL that names nothing
(``?county=不存在县``) is not dropped silently: the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from ledger import views
from ledger.i18n import area_label, t
from ui import widgets

KEYS = ("lang", "county", "department", "period")


def bound_select(
    key: str,
    label: str,
    options: Sequence[str],
    canon: Callable[[str], str | None] = str.strip,
    fmt: Callable[[str], str] = str,
    help: str | None = None,
    container=st.sidebar,
    lang: str = "zh",
) -> str:
    """A selectbox whose value starts from ``?key=`` (canonicalised, so aliases work) and is written
    back to the URL; the first option is the default and is left out of the URL. A URL value that is
    not among the options leaves a notice (:func:`ui.widgets.add_notice`) and shows the default."""
    raw = st.query_params.get(key)
    written = f"_url_{key}"
    external = raw is not None and raw != st.session_state.get(written)
    if external or key not in st.session_state or st.session_state[key] not in options:
        value = canon(raw) if raw else None
        if raw and value not in options:
            shown = widgets.plain(fmt(options[0]))
            widgets.add_notice(t("notice_unknown", lang, what=label, value=widgets.plain(raw), shown=shown))
        st.session_state[key] = value if value in options else options[0]
    value = container.selectbox(label, options, key=key, format_func=fmt, help=help)
    if value == options[0]:
        st.query_params.pop(key, None)
        st.session_state[written] = None
    else:
        st.query_params[key] = value
        st.session_state[written] = value
    return value


def period_label(period: str, coverage: pd.DataFrame, default: str | None, lang: str) -> str:
    """How the period filter names a month: ``默认（2023-09）`` for the default choice, ``2023-10
    填报中（已报 8/172）`` for a month after the default one, else the month."""
    if period == views.ALL:
        return t("period_default", lang, period=default) if default else t("latest_period", lang)
    if period in views.filling_periods(coverage, default):
        row = coverage[coverage["period"] == period].iloc[0]
        return t("period_filling", lang, period=period, reported=int(row["reported"]),
                 expected=int(row["expected"]))
    return period


def sidebar(bundle, coverage: pd.DataFrame, default: str | None) -> tuple[views.Filters, str]:
    """Draw the filters; return them and the language. ``coverage`` and ``default`` are
    :func:`ui.data.periods`."""
    lang = bound_select(
        "lang",
        "语言 / Language",
        ["zh", "en"],
        lambda v: v if v in ("zh", "en") else None,
        fmt=lambda v: t(f"lang_{v}"),
    )
    st.sidebar.header(t("filters", lang), anchor=False)
    cfg = bundle.config
    counties = views.county_options(bundle)
    county = bound_select(
        "county",
        t("filter_county", lang),
        counties,
        cfg.canonical_county,
        fmt=lambda v: t("filter_all", lang) if v == views.ALL else area_label(v, lang),
        lang=lang,
    )
    departments = [views.ALL, *bundle.ledger.departments]
    department = bound_select(
        "department",
        t("filter_department", lang),
        departments,
        lambda v: cfg.canonical_department(v, bundle.ledger.departments),
        fmt=lambda v: t("filter_all", lang) if v == views.ALL else v,
        lang=lang,
    )
    periods = coverage["period"].tolist() if len(coverage) else []
    options = [views.ALL, *sorted(periods, reverse=True)]
    period = bound_select(
        "period",
        t("filter_period", lang),
        options,
        lambda v: v.strip(),
        fmt=lambda v: period_label(v, coverage, default, lang),
        help=t("filter_period_help", lang, share=cfg.complete_share),
        lang=lang,
    )
    filters = views.Filters(
        county=county, department=department, period=None if period == views.ALL else period
    )
    return filters, lang


def current() -> tuple[views.Filters, str]:
    """The filters app.py drew for this run (pages call this, never draw their own).

    A page run on its own (without app.py, e.g. in a unit test) gets the defaults.
    """
    return st.session_state.get("_filters", views.Filters()), st.session_state.get("_lang", "zh")
