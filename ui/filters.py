"""The shared sidebar: language, 县区, 责任部门, 期间 — kept in the URL so a copied link reproduces the view.

Query parameters are read once per session (aliases allowed: ``?county=大武口&department=税务局``),
then the widgets own the state and write it back to the URL on every run, on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from ledger import views
from ledger.i18n import area_label, t

KEYS = ("lang", "county", "department", "period")


def bound_select(
    key: str,
    label: str,
    options: Sequence[str],
    canon: Callable[[str], str | None] = str.strip,
    fmt: Callable[[str], str] = str,
    help: str | None = None,
    container=st.sidebar,
) -> str:
    """A selectbox whose value starts from ``?key=`` (canonicalised, so aliases work) and is written
    back to the URL; the first option is the default and is left out of the URL."""
    if key not in st.session_state or st.session_state[key] not in options:
        raw = st.query_params.get(key)
        value = canon(raw) if raw else None
        st.session_state[key] = value if value in options else options[0]
    value = container.selectbox(label, options, key=key, format_func=fmt, help=help)
    if value == options[0]:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    return value


def sidebar(bundle, periods: Sequence[str]) -> tuple[views.Filters, str]:
    """Draw the filters; return them and the language."""
    lang = bound_select(
        "lang",
        "语言 / Language",
        ["zh", "en"],
        lambda v: v if v in ("zh", "en") else None,
        fmt=lambda v: t(f"lang_{v}"),
    )
    st.sidebar.header(t("filters", lang))
    cfg = bundle.config
    counties = views.county_options(bundle)
    county = bound_select(
        "county",
        t("filter_county", lang),
        counties,
        cfg.canonical_county,
        fmt=lambda v: t("filter_all", lang) if v == views.ALL else area_label(v, lang),
    )
    departments = [views.ALL, *bundle.ledger.departments]
    department = bound_select(
        "department",
        t("filter_department", lang),
        departments,
        lambda v: cfg.canonical_department(v, bundle.ledger.departments),
        fmt=lambda v: t("filter_all", lang) if v == views.ALL else v,
    )
    options = [views.ALL, *sorted(periods, reverse=True)]
    period = bound_select(
        "period",
        t("filter_period", lang),
        options,
        lambda v: v.strip(),
        fmt=lambda v: t("latest_period", lang) if v == views.ALL else v,
        help=t("filter_period_help", lang),
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
