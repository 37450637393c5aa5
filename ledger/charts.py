"""Plotly figures for the dashboard: pure functions, tidy DataFrame in → ``go.Figure`` out.

Inputs are the frames of :mod:`ledger.metrics` (``indicator_status`` rows, ``rollup`` roll-ups, status
counts); no function modifies a frame it is given. Every figure:

- colours a status the same way (:data:`STATUS_COLORS`) and names it in the chosen language;
- uses the Chinese font stack :data:`FONT_FAMILY` (headless browsers without CJK fonts draw boxes);
- is small: data are aggregated before plotting, and per-point hover data (``customdata``) is only
  attached to series of at most :data:`MAX_HOVER_POINTS` points (plotly escapes non-ASCII text in JSON,
  so Chinese hover text on many points makes figures huge).

Pages check :func:`has_data` and show a sentence instead of drawing an empty chart.
``big=True`` is for the projector (meeting view): base font 22 px, titles larger.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .i18n import area_label, status_label, t, unit_label
from .model import BEHIND, CITY_WIDE, GE, LE, MET, NO_DATA, ON_TRACK, OVERDUE, STATUS_SEVERITY, STATUSES

__all__ = [
    "AREA_COLORS",
    "FONT_FAMILY",
    "MAX_HOVER_POINTS",
    "STATUS_COLORS",
    "bullet_chart",
    "category_chart",
    "has_data",
    "heatmap",
    "ranking_chart",
    "status_donut",
    "trend_chart",
]

#: One colour per status, in every figure.
STATUS_COLORS: dict[str, str] = {
    MET: "#2e7d32",  # green
    ON_TRACK: "#1565c0",  # blue
    BEHIND: "#f9a825",  # amber
    OVERDUE: "#c62828",  # red
    NO_DATA: "#9e9e9e",  # grey
}
#: Chinese first; the generic family last.
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"WenQuanYi Micro Hei", sans-serif'
)
#: Line colours for areas in trend charts: 全市 dark, counties in hues that are not status colours.
AREA_COLORS = ("#6a1b9a", "#00838f", "#6d4c41", "#ad1457", "#827717", "#283593", "#4e342e", "#00695c")
CITY_WIDE_COLOR = "#212121"
TARGET_COLOR = "#000000"
EXPECTED_COLOR = "#616161"
#: Largest series that gets per-point ``customdata`` for its hover text.
MAX_HOVER_POINTS = 200

_SEVERITY_RANK = {s: i for i, s in enumerate(STATUS_SEVERITY)}
#: Heat map colours: red below, amber approaching, green at or above 100 % (zmax = 150 %).
_HEAT_MAX = 1.5
_HEAT_SCALE = [
    [0.0, STATUS_COLORS[OVERDUE]],
    [0.6 / _HEAT_MAX, "#ef6c00"],
    [0.9 / _HEAT_MAX, STATUS_COLORS[BEHIND]],
    [1.0 / _HEAT_MAX, "#66bb6a"],
    [1.0, STATUS_COLORS[MET]],
]
_LABEL_KEYS = {
    "department": "col_department",
    "county": "col_county",
    "category": "col_category",
    "indicator": "col_indicator",
    "name": "col_indicator",
    "task": "col_task",
}


# --- shared helpers ---------------------------------------------------------------------------

def has_data(frame: pd.DataFrame | None, col: str = "actual") -> bool:
    """True when ``frame`` has a column ``col`` with at least one non-missing value."""
    if frame is None or frame.empty or col not in frame.columns:
        return False
    return bool(frame[col].notna().any())


def _sizes(big: bool) -> dict[str, int]:
    return {"base": 22, "title": 30, "tick": 22} if big else {"base": 14, "title": 18, "tick": 13}


def _merge(into: dict, update: Mapping) -> dict:
    """Merge ``update`` into ``into`` as plotly's ``update_layout`` does: nested dicts are merged, other
    values replaced. Returns ``into``."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = _merge({}, value) if isinstance(value, Mapping) else value
    return into


class _Fig:
    """A figure being put together: traces, layout and annotations, made into a ``go.Figure`` in one
    step by :meth:`build`. (Built up through plotly's own ``update_layout`` / ``add_trace`` calls, a
    figure costs about 20 ms more, validated property by property: a page of charts takes 7× longer.)"""

    def __init__(self, *traces: go.BaseTraceType) -> None:
        self.traces = list(traces)
        self.layout: dict = {}
        self.annotations: list[dict] = []

    def add_trace(self, trace: go.BaseTraceType) -> None:
        self.traces.append(trace)

    def add_annotation(self, **annotation: object) -> None:
        self.annotations.append(annotation)

    def update_layout(self, **layout: object) -> None:
        _merge(self.layout, layout)

    def build(self) -> go.Figure:
        layout = dict(self.layout)
        if self.annotations:
            layout["annotations"] = list(self.annotations)
        return go.Figure(data=self.traces, layout=layout)


def _layout(fig: _Fig, title: str, lang: str, big: bool = False) -> _Fig:
    """Apply the shared look (font stack, sizes, light grid, legend on top) and return ``fig``.

    The bulky default plotly template (≈ 6.5 kB of JSON per figure) is replaced by ``"none"`` and
    the few settings we need are set explicitly.
    """
    size = _sizes(big)
    fig.update_layout(
        template="none",
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        title={"text": title, "font": {"size": size["title"], "family": FONT_FAMILY}, "x": 0.0,
               "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": size["base"], "color": "#212121"},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": size["base"]}},
        # The legend sits at the bottom of the figure (not under the title, where a wrapped legend in
        # a narrow column would overlap it).
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0, "x": 0.0,
                "xanchor": "left", "font": {"size": size["base"]}},
        margin={"l": 10, "r": 30, "t": 80 if big else 56, "b": 130 if big else 100},
        meta={"lang": lang, "big": big},
    )
    axis = {"tickfont": {"size": size["tick"]}, "title": {"font": {"size": size["base"]}}, "automargin": True,
            "gridcolor": "#e5e5e5", "zerolinecolor": "#bdbdbd", "linecolor": "#bdbdbd"}
    fig.update_layout(xaxis=axis, yaxis=axis)
    return fig


def _fmt(value: float) -> str:
    """A short number: 3, 2.5, 52.35, 12,345; '' for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _with_unit(value: float, unit: str, lang: str) -> str:
    """``52%``, ``3 工作日`` / ``3 working days``; '' for NaN."""
    number = _fmt(value)
    if not number:
        return ""
    shown = unit_label(unit, lang)
    if not shown:
        return number
    return f"{number}{shown}" if shown == "%" else f"{number} {shown}"


def _first(frame: pd.DataFrame, col: str, default: object = "") -> object:
    if col not in frame.columns:
        return default
    values = frame[col].dropna()
    return values.iloc[0] if len(values) else default


def _area_order(values: Iterable[str], order: Sequence[str] | None = None) -> list[str]:
    """Distinct values: those in ``order`` first, in that order; then the rest in order of appearance,
    全市 first."""
    if isinstance(values, pd.Series):  # one value per row: 27k rows at 300k records, a few dozen areas
        values = values.drop_duplicates()
    seen = list(dict.fromkeys(str(v) for v in values))
    head = [str(v) for v in dict.fromkeys(order or ()) if str(v) in seen]
    rest = [v for v in seen if v not in head]
    return head + ([CITY_WIDE] if CITY_WIDE in rest else []) + [v for v in rest if v != CITY_WIDE]


def _display(group: str, by: str, lang: str) -> str:
    return area_label(group, lang) if by == "county" else str(group)


def _worst_reported(statuses: Sequence[str], has_actual: bool) -> str:
    """Worst status among items with a figure; 无数据 only when no item has one."""
    if not has_actual:
        return NO_DATA
    reported = [s for s in statuses if s != NO_DATA] or list(statuses)
    return min(reported, key=lambda s: _SEVERITY_RANK.get(s, len(STATUS_SEVERITY)))


def _axis_title(lang: str, unit: str, direction: str, what: str = "chart_actual") -> str:
    better = t("chart_lower_better", lang) if direction == LE else ""
    parts = [p for p in (unit_label(unit, lang), better) if p]
    if not parts:
        return t(what, lang)
    sep = "，" if lang == "zh" else ", "
    return f"{t(what, lang)}（{sep.join(parts)}）" if lang == "zh" else f"{t(what, lang)} ({sep.join(parts)})"


def _no_data_trace(y: list[str], lang: str, big: bool, reversed_x: bool) -> go.Scatter:
    """Grey 无数据 labels in empty slots (no bar is drawn for a missing figure)."""
    return go.Scatter(
        x=[0.0] * len(y),
        y=y,
        mode="text",
        text=[status_label(NO_DATA, lang)] * len(y),
        textposition="middle left" if reversed_x else "middle right",
        textfont={"color": STATUS_COLORS[NO_DATA], "size": _sizes(big)["base"]},
        name=status_label(NO_DATA, lang),
        legendgroup=NO_DATA,
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )


# --- bullet chart -------------------------------------------------------------------------------

def _bullet_groups(rows: pd.DataFrame, by: str, order: Sequence[str] | None) -> pd.DataFrame:
    """One row per ``by`` group: mean actual / target / expected and the worst reported status."""
    names = _area_order(rows[by], order)
    work = pd.DataFrame(
        {
            "group": rows[by].astype(str).to_numpy(),
            "actual": pd.to_numeric(rows["actual"], errors="coerce").to_numpy(dtype=float),
            "target": pd.to_numeric(rows["target"], errors="coerce").to_numpy(dtype=float),
            "expected": pd.to_numeric(rows.get("expected", pd.Series(np.nan, index=rows.index)),
                                      errors="coerce").to_numpy(dtype=float),
            "status": rows["status"].astype(str).to_numpy(),
        }
    )
    rows_of: dict[str, list[int]] = {}  # the rows of each group, found in one pass
    for k, group in enumerate(work["group"].tolist()):
        rows_of.setdefault(group, []).append(k)
    values = {c: work[c].to_numpy(dtype=float) for c in ("actual", "target", "expected")}
    statuses = work["status"].to_numpy(dtype=object)
    out = []
    for group in names:
        idx = np.array(rows_of.get(group, []), dtype=np.intp)
        has_actual = bool((~np.isnan(values["actual"][idx])).any())
        out.append(
            {
                "group": group,
                "actual": _mean(values["actual"][idx]) if has_actual else np.nan,
                "target": _mean(values["target"][idx]),
                "expected": _mean(values["expected"][idx]),
                "status": _worst_reported(statuses[idx].tolist(), has_actual),
            }
        )
    return pd.DataFrame(out, columns=["group", "actual", "target", "expected", "status"])


def _mean(values: np.ndarray) -> float:
    """Mean of the non-missing values, summed as ``Series.mean`` sums (missing as 0, in row order);
    NaN when there are none."""
    missing = np.isnan(values)
    if missing.all():
        return np.nan
    filled = np.where(missing, 0.0, values)
    return float(filled.sum(dtype=np.float64) / np.count_nonzero(~missing))


def bullet_chart(
    rows: pd.DataFrame,
    by: str,
    *,
    lang: str = "zh",
    big: bool = False,
    order: Sequence[str] | None = None,
) -> go.Figure:
    """Actual vs target for ONE indicator, one horizontal bar per ``by`` group (county or department).

    ``rows`` are :func:`ledger.metrics.indicator_status` rows of a single indicator. Several rows per
    group (e.g. departments within a county) are averaged; the group's status is the worst among rows
    with a figure. Bars are coloured by status (one trace per status, so the legend names them); a thin
    black tick marks the target and an open diamond the 序时进度 (expected value); a group without a
    figure gets no bar but a grey 无数据 label. For ``<=`` targets (days: smaller is better) the x axis
    is reversed so better always points right, and the axis title says so. Groups are drawn top
    down in ``order`` (e.g. ``CityConfig.areas``) where given, then in order of appearance (全市 first).
    """
    if "indicator" in rows.columns and rows["indicator"].nunique() > 1:
        raise ValueError("bullet_chart takes the rows of one indicator")
    direction = str(_first(rows, "direction", GE))
    unit = str(_first(rows, "unit", ""))
    name = str(_first(rows, "name", _first(rows, "indicator", "")))
    groups = _bullet_groups(rows, by, order) if len(rows) else pd.DataFrame(
        columns=["group", "actual", "target", "expected", "status"]
    )
    labels = [_display(g, by, lang) for g in groups["group"]]
    groups = groups.assign(label=labels)
    reverse = direction == LE
    hover = len(groups) <= MAX_HOVER_POINTS

    fig = _Fig()
    for st in STATUSES:
        sel = groups[(groups["status"] == st) & groups["actual"].notna()]
        if sel.empty:
            continue
        trace: dict = {
            "x": sel["actual"].to_numpy(dtype=float),
            "y": sel["label"].tolist(),
            "orientation": "h",
            "name": status_label(st, lang),
            "legendgroup": st,
            "marker": {"color": STATUS_COLORS[st]},
            "text": [_with_unit(v, unit, lang) for v in sel["actual"]],
            "textposition": "auto",
            "width": 0.6,
        }
        if hover:
            trace["customdata"] = np.column_stack(
                [[_with_unit(v, unit, lang) for v in sel[c]] for c in ("actual", "target", "expected")]
            )
            trace["hovertemplate"] = (
                f"<b>%{{y}}</b><br>{t('chart_actual', lang)}: %{{customdata[0]}}"
                f"<br>{t('chart_target', lang)}: %{{customdata[1]}}"
                f"<br>{t('chart_expected', lang)}: %{{customdata[2]}}<extra>{status_label(st, lang)}</extra>"
            )
        fig.add_trace(go.Bar(**trace))

    missing = groups.loc[groups["actual"].isna(), "label"].tolist()
    if missing:
        fig.add_trace(_no_data_trace(missing, lang, big, reverse))

    size = _sizes(big)
    tick = 34 if big else 24
    tgt = groups[groups["target"].notna()]
    if not tgt.empty:
        fig.add_trace(
            go.Scatter(
                x=tgt["target"].to_numpy(dtype=float),
                y=tgt["label"].tolist(),
                mode="markers",
                name=t("chart_target", lang),
                marker={"symbol": "line-ns", "size": tick, "color": TARGET_COLOR,
                        "line": {"width": 4 if big else 3, "color": TARGET_COLOR}},
                hovertemplate=f"%{{y}}<br>{t('chart_target', lang)}: %{{x}}<extra></extra>",
            )
        )
    exp = groups[groups["expected"].notna()]
    if not exp.empty:
        fig.add_trace(
            go.Scatter(
                x=exp["expected"].to_numpy(dtype=float),
                y=exp["label"].tolist(),
                mode="markers",
                name=t("chart_expected", lang),
                marker={"symbol": "diamond-open", "size": 16 if big else 12, "color": EXPECTED_COLOR,
                        "line": {"width": 3 if big else 2, "color": EXPECTED_COLOR}},
                hovertemplate=f"%{{y}}<br>{t('chart_expected', lang)}: %{{x:.4g}}<extra></extra>",
            )
        )

    _layout(fig, t("chart_bullet_title", lang, name=name), lang, big)
    per_bar = 64 if big else 40
    fig.update_layout(
        barmode="overlay",
        bargap=0.35,
        height=max(260, 120 + per_bar * len(groups)),
        xaxis={"title": {"text": _axis_title(lang, unit, direction)}, "rangemode": "tozero",
               "autorange": "reversed" if reverse else True, "zeroline": True},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": labels,
               "autorange": "reversed"},
        uniformtext={"minsize": size["tick"] - 2, "mode": "hide"},
    )
    return fig.build()


# --- trend chart ----------------------------------------------------------------------------------

def trend_chart(
    progress: pd.DataFrame,
    *,
    target: float,
    direction: str,
    unit: str,
    name: str,
    expected: pd.DataFrame | None = None,
    lang: str = "zh",
    big: bool = False,
    order: Sequence[str] | None = None,
    projection: pd.DataFrame | None = None,
) -> go.Figure:
    """Reported values over time for ONE indicator: one line per county (全市 included, drawn darker).

    ``progress`` has columns period, county, actual (other columns are ignored; several departments
    per period and county are averaged first). A dashed horizontal line marks the target, with an
    annotation; ``expected`` (period, expected) adds the 序时进度 as a dotted line. ``projection``
    (county, period, projected: :func:`ledger.projection.trend_paths`) continues a county's line to
    the deadline as a dotted line in its colour. Hover shows the trace name and value only: no
    per-point text, so long series stay small. Lines follow ``order`` where given (e.g.
    ``CityConfig.areas``), then order of appearance with 全市 first.
    """
    work = pd.DataFrame(
        {
            "period": progress["period"].astype(str).to_numpy() if len(progress) else [],
            "county": progress["county"].astype(str).to_numpy() if len(progress) else [],
            "actual": pd.to_numeric(progress["actual"], errors="coerce").to_numpy(dtype=float)
            if len(progress) else [],
        }
    )
    work = work[work["period"].ne("nan") & work["actual"].notna()]
    agg = work.groupby(["period", "county"], sort=True)["actual"].mean().reset_index()
    periods = sorted(agg["period"].unique().tolist())
    if expected is not None and len(expected):
        periods = sorted(set(periods) | set(expected["period"].dropna().astype(str)))
    if projection is not None and len(projection):
        periods = sorted(set(periods) | set(projection["period"].astype(str)))

    size = _sizes(big)
    fig = _Fig()
    others = itertools.cycle(AREA_COLORS)
    lines = dict(tuple(agg.groupby("county", sort=False)))  # one line per area, split once
    colors: dict[str, str] = {}
    for county in _area_order(work["county"], order):
        sel = lines.get(county, agg.iloc[0:0])
        city = county == CITY_WIDE
        colors[county] = CITY_WIDE_COLOR if city else next(others)
        fig.add_trace(
            go.Scatter(
                x=sel["period"].tolist(),
                y=sel["actual"].round(6).to_numpy(dtype=float),
                mode="lines+markers" if len(sel) <= 60 else "lines",
                name=area_label(county, lang),
                line={"color": colors[county], "width": 4 if city else 2},
                marker={"size": 8 if big else 6},
                hovertemplate=f"%{{fullData.name}}<br>%{{x}}: %{{y:.4g}}{_unit_suffix(unit, lang)}"
                "<extra></extra>",
            )
        )

    if expected is not None and len(expected):
        exp = pd.DataFrame(
            {"period": expected["period"].astype(str).to_numpy(),
             "expected": pd.to_numeric(expected["expected"], errors="coerce").to_numpy(dtype=float)}
        ).dropna()
        exp = exp.groupby("period", sort=True)["expected"].mean().reset_index()
        fig.add_trace(
            go.Scatter(
                x=exp["period"].tolist(),
                y=exp["expected"].round(6).to_numpy(dtype=float),
                mode="lines",
                name=t("chart_expected", lang),
                line={"color": EXPECTED_COLOR, "width": 2, "dash": "dot"},
                hovertemplate=f"{t('chart_expected', lang)}<br>%{{x}}: %{{y:.4g}}<extra></extra>",
            )
        )

    if projection is not None and len(projection):
        _projection_traces(fig, projection, colors, unit, lang)

    target_text = t("chart_target_line", lang, value=_with_unit(target, unit, lang))
    if periods and target is not None and not math.isnan(float(target)):
        fig.add_trace(
            go.Scatter(
                x=[periods[0], periods[-1]],
                y=[float(target), float(target)],
                mode="lines",
                name=t("chart_target", lang),
                line={"color": TARGET_COLOR, "width": 2, "dash": "dash"},
                hovertemplate=f"{target_text}<extra></extra>",
            )
        )
        fig.add_annotation(
            x=periods[-1], y=float(target), text=target_text, showarrow=False,
            xanchor="right", yanchor="bottom", font={"size": size["base"], "color": TARGET_COLOR},
        )

    _layout(fig, t("chart_trend_title", lang, name=name), lang, big)
    fig.update_layout(
        height=620 if big else 420,
        hovermode="closest",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods,
               "title": {"text": t("col_period", lang)}},
        yaxis={"title": {"text": _axis_title(lang, unit, direction)},
               "rangemode": "tozero" if direction == GE else "normal"},
    )
    return fig.build()


def _projection_traces(
    fig: _Fig, projection: pd.DataFrame, colors: dict[str, str], unit: str, lang: str
) -> None:
    """One dotted line per county from its last report to the deadline, under one legend entry."""
    label = t("chart_projection", lang)
    for k, (county, path) in enumerate(projection.groupby("county", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=path["period"].astype(str).tolist(),
                y=pd.to_numeric(path["projected"], errors="coerce").round(6).to_numpy(dtype=float),
                mode="lines",
                name=label,
                legendgroup="projection",
                showlegend=k == 0,
                line={"color": colors.get(str(county), EXPECTED_COLOR), "width": 2, "dash": "dot"},
                hovertemplate=f"{area_label(str(county), lang)} {label}<br>%{{x}}: %{{y:.4g}}"
                f"{_unit_suffix(unit, lang)}<extra></extra>",
            )
        )


def _unit_suffix(unit: str, lang: str) -> str:
    shown = unit_label(unit, lang)
    return shown if shown in ("", "%") else f" {shown}"


# --- heat map ---------------------------------------------------------------------------------------

def heatmap(
    status_rows: pd.DataFrame, *, lang: str = "zh", order: Sequence[str] | None = None
) -> go.Figure:
    """Attainment per indicator (rows, labelled by ``name``) x county (columns, 全市 first).

    Cells hold the mean attainment over departments. Colour is capped at 150 % on a red → amber →
    green scale that turns green at 100 %; the cell text shows the uncapped percentage ("52%",
    "180%"). Cells without a figure are blank on a grey background, with the text 无数据. Columns
    follow ``order`` where given (e.g. ``CityConfig.areas``), then order of appearance.
    """
    ids = status_rows["indicator"].astype(str) if "indicator" in status_rows.columns else None
    names = status_rows["name"].astype(str) if "name" in status_rows.columns else ids
    if names is None:
        raise ValueError("heatmap needs an 'indicator' or 'name' column")
    if ids is None:
        ids = names
    # one label per indicator (its last name, in order of first appearance); an indicator name used
    # twice gets its id appended. Worked on the distinct ids: the rows are indicator x department x area.
    pairs = pd.DataFrame({"id": ids.to_numpy(dtype=object), "name": names.to_numpy(dtype=object)})
    last_name = pairs.drop_duplicates("id", keep="last").set_index("id")["name"]
    first_name = {i: last_name[i] for i in pairs["id"].drop_duplicates()}
    counts = pd.Series(list(first_name.values())).value_counts()
    label_of = {i: (n if counts[n] == 1 else f"{n}（{i}）") for i, n in first_name.items()}

    work = pd.DataFrame(
        {
            "row": pairs["id"].map(label_of).to_numpy(dtype=object),
            "county": status_rows["county"].astype(str).to_numpy(),
            "attainment": pd.to_numeric(status_rows["attainment"], errors="coerce").to_numpy(dtype=float),
        }
    )
    row_order = work["row"].drop_duplicates().tolist()
    col_order = _area_order(work["county"], order)
    grid = (
        work.groupby(["row", "county"], sort=False)["attainment"].mean().unstack("county")
        .reindex(index=row_order, columns=col_order)
    )
    values = grid.to_numpy(dtype=float)
    z = np.where(np.isnan(values), np.nan, np.minimum(values, _HEAT_MAX))
    no_data = status_label(NO_DATA, lang)
    text = [[no_data if math.isnan(v) else f"{v:.0%}" for v in row] for row in values]
    x_labels = [area_label(c, lang) for c in col_order]

    fig = _Fig(
        go.Heatmap(
            z=z,
            x=x_labels,
            y=row_order,
            text=text,
            texttemplate="%{text}",
            zmin=0.0,
            zmax=_HEAT_MAX,
            colorscale=_HEAT_SCALE,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            hovertemplate=f"%{{y}}<br>%{{x}}<br>{t('col_attainment', lang)}: %{{text}}<extra></extra>",
            colorbar={"title": {"text": t("col_attainment", lang)}, "tickvals": [0, 0.5, 1.0, 1.5],
                      "ticktext": ["0%", "50%", "100%", "≥150%"]},
        )
    )
    _layout(fig, t("chart_heatmap_title", lang), lang)
    fig.update_layout(
        height=max(260, 140 + 34 * len(row_order)),
        plot_bgcolor="#eeeeee",
        xaxis={"side": "top", "showgrid": False, "type": "category"},
        yaxis={"autorange": "reversed", "showgrid": False, "type": "category"},
    )
    return fig.build()


# --- rankings -----------------------------------------------------------------------------------------

def ranking_chart(rollup: pd.DataFrame, label: str, *, lang: str = "zh", big: bool = False) -> go.Figure:
    """Scores 0-100 of a :func:`ledger.metrics.rollup` frame as horizontal bars, best on top.

    ``label`` is the group column (department, county, category …). Bars are coloured by the roll-up
    ``status`` and labelled with the rounded score; groups without a score come last with 无数据.
    """
    scores = pd.to_numeric(rollup["score"], errors="coerce").to_numpy(dtype=float)
    work = pd.DataFrame(
        {
            "group": rollup[label].astype(str).to_numpy(),
            "score": scores,
            "status": rollup["status"].astype(str).to_numpy() if "status" in rollup.columns
            else np.full(len(rollup), NO_DATA, dtype=object),
            "n": pd.to_numeric(rollup["n"], errors="coerce").to_numpy(dtype=float) if "n" in rollup.columns
            else np.full(len(rollup), np.nan),
        }
    )
    work = work.assign(_order=np.arange(len(work)), _nan=work["score"].isna())
    work = work.sort_values(["_nan", "score", "_order"], ascending=[True, False, True], kind="stable")
    labels = [_display(g, label, lang) for g in work["group"]]
    work = work.assign(label=labels)
    hover = len(work) <= MAX_HOVER_POINTS

    fig = _Fig()
    for st in STATUSES:
        sel = work[(work["status"] == st) & work["score"].notna()]
        if sel.empty:
            continue
        trace: dict = {
            "x": sel["score"].round(4).to_numpy(dtype=float),
            "y": sel["label"].tolist(),
            "orientation": "h",
            "name": status_label(st, lang),
            "legendgroup": st,
            "marker": {"color": STATUS_COLORS[st]},
            "text": [f"{v:.0f}" for v in sel["score"]],
            "textposition": "outside",
            "cliponaxis": False,
            "width": 0.65,
        }
        if hover:
            trace["customdata"] = sel[["n"]].to_numpy(dtype=float)
            trace["hovertemplate"] = (
                f"<b>%{{y}}</b><br>{t('col_score', lang)}: %{{x:.1f}}<br>{t('col_items', lang)}: "
                f"%{{customdata[0]}}<extra>{status_label(st, lang)}</extra>"
            )
        fig.add_trace(go.Bar(**trace))
    missing = work.loc[work["score"].isna(), "label"].tolist()
    if missing:
        fig.add_trace(_no_data_trace(missing, lang, big, reversed_x=False))

    header = t(_LABEL_KEYS[label], lang) if label in _LABEL_KEYS else label
    title = t("chart_category_title", lang) if label == "category" else t(
        "chart_ranking_title", lang, label=header
    )
    _layout(fig, title, lang, big)
    per_bar = 56 if big else 32
    fig.update_layout(
        barmode="overlay",
        height=max(240, 120 + per_bar * len(work)),
        xaxis={"title": {"text": t("chart_score_axis", lang)}, "range": [0, 110], "tickvals": [0, 20, 40,
               60, 80, 100]},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": labels,
               "autorange": "reversed"},
    )
    return fig.build()


def category_chart(rollup: pd.DataFrame, *, lang: str = "zh", big: bool = False) -> go.Figure:
    """Score per category (a :func:`ledger.metrics.by_category` frame), coloured by its worst status."""
    return ranking_chart(rollup, "category", lang=lang, big=big)


# --- status donut ---------------------------------------------------------------------------------------

def status_donut(counts: Mapping[str, int], *, lang: str = "zh", big: bool = False) -> go.Figure:
    """Donut of item counts per status (:func:`ledger.metrics.status_counts`), fixed order and colours.

    Statuses with a zero count are left out; the total is written in the hole.
    """
    shown = [s for s in STATUSES if int(counts.get(s, 0) or 0) > 0]
    values = [int(counts[s]) for s in shown]
    fig = _Fig(
        go.Pie(
            labels=[status_label(s, lang) for s in shown],
            values=values,
            hole=0.55,
            sort=False,
            direction="clockwise",
            marker={"colors": [STATUS_COLORS[s] for s in shown], "line": {"color": "#ffffff", "width": 2}},
            # counts only, inside the slices: the legend names the statuses (long English labels
            # placed outside the ring were cut off at the figure's edge)
            textinfo="value",
            textposition="inside",
            hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
        )
    )
    _layout(fig, t("chart_status_title", lang), lang, big)
    fig.add_annotation(
        text=t("chart_total", lang, n=sum(values)), x=0.5, y=0.5, xref="paper", yref="paper",
        showarrow=False, font={"size": _sizes(big)["title"]},
    )
    fig.update_layout(height=520 if big else 360, showlegend=True)
    return fig.build()
