"""Plotly figures for the dashboard: pure functions, tidy DataFrame in → ``go.Figure`` out.

Inputs are the frames of :mod:`ledger.metrics` (``indicator_status`` rows, ``rollup`` roll-ups, status
counts); no function modifies a frame it is given. Every figure:

- colours a status the same way (:data:`STATUS_COLORS`, after Okabe and Ito's palette for colour-blind
  viewers) and names it with a mark that does not depend on colour (:data:`STATUS_MARKS`: ✓ ● ▼ × ○;
  late segments are hatched too);
- shows user text (indicator, department, county and category names, units, task titles) as text:
  plotly renders a subset of HTML in titles, labels and hover text, so every such string is escaped
  (:func:`esc`) and ``<a href=…>`` arrives as the characters typed, never as a link;
- uses the Chinese font stack :data:`FONT_FAMILY` (headless browsers without CJK fonts draw boxes);
- is small: data are aggregated before plotting, and per-point hover data (``customdata``) is only
  attached to series of at most :data:`MAX_HOVER_POINTS` points (plotly escapes non-ASCII text in JSON,
  so Chinese hover text on many points makes figures huge).

Pages check :func:`has_data` and show a sentence instead of drawing an empty chart.
``big=True`` is for the projector (meeting view): base font 22 px, titles larger.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import metrics
from .i18n import area_label, status_label, t, unit_label
from .model import BEHIND, CITY_WIDE, GE, LE, MET, NO_DATA, ON_TRACK, OVERDUE, STATUS_SEVERITY, STATUSES

__all__ = [
    "AREA_COLORS",
    "FONT_FAMILY",
    "MAX_HOVER_POINTS",
    "STATUS_COLORS",
    "STATUS_MARKS",
    "STATUS_TEXT_COLORS",
    "bullet_chart",
    "category_chart",
    "esc",
    "fmt_value",
    "has_data",
    "heatmap",
    "percent_label",
    "ranking_chart",
    "score_label",
    "score_text",
    "status_text",
    "trend_chart",
]

#: One colour per status, in every figure and table (Okabe–Ito: told apart with the common colour
#: vision deficiencies; ``.streamlit/config.toml`` gives Streamlit's named colours the same values).
STATUS_COLORS: dict[str, str] = {
    MET: "#009E73",  # bluish green
    ON_TRACK: "#0072B2",  # blue
    BEHIND: "#E69F00",  # orange
    OVERDUE: "#D55E00",  # vermillion
    NO_DATA: "#999999",  # grey
}
#: A mark per status, so that a status reads without its colour (all in Noto Sans CJK).
STATUS_MARKS: dict[str, str] = {MET: "✓", ON_TRACK: "●", BEHIND: "▼", OVERDUE: "×", NO_DATA: "○"}
#: Text drawn on a status colour: dark on the light ones, white on the dark ones.
STATUS_TEXT_COLORS: dict[str, str] = {
    MET: "#ffffff", ON_TRACK: "#ffffff", BEHIND: "#000000", OVERDUE: "#ffffff", NO_DATA: "#000000",
}
#: Hatching of the late statuses in bars (a second cue besides the hue).
STATUS_PATTERNS: dict[str, str] = {BEHIND: "/", OVERDUE: "x"}
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
#: Status order in the heat map's colour scale (z = the index) and in ranking bars (left to right:
#: the late statuses first, so the share behind is read from the axis).
_HEAT_ORDER = list(STATUSES)
_BAR_ORDER = [OVERDUE, BEHIND, ON_TRACK, MET, NO_DATA]
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


def esc(text: object) -> str:
    """User text made inert for plotly, which renders ``<a>``, ``<b>``, ``<span style>``, ``<br>`` … in
    titles, labels and hover text: ``<`` ``>`` ``&`` become entities, which plotly shows as typed."""
    return html.escape("" if text is None else str(text), quote=False)


def score_label(score: float) -> str:
    """A score as a whole number rounded down, so only a group entirely on schedule reads 100."""
    return "" if score is None or math.isnan(score) else str(math.floor(score + 1e-9))


def score_text(score: float | None) -> str:
    """A score (or annual completion) for a tile or a sentence: one decimal, rounded down (99.96 is not
    yet 100), as the overview and the 通报 show it; — without one."""
    if score is None or math.isnan(score):
        return "—"
    return f"{math.floor(score * 10 + 1e-9) / 10:.1f}"


def percent_label(ratio: float) -> str:
    """An attainment as a whole percentage rounded down (99.8 % is not 100 %): ``87%``."""
    return "" if ratio is None or math.isnan(ratio) else f"{math.floor(ratio * 100 + 1e-9)}%"


def status_text(status: str, lang: str = "zh") -> str:
    """A status with its mark: ``▼ 滞后`` / ``▼ Behind``."""
    return f"{STATUS_MARKS.get(status, '')} {status_label(status, lang)}".strip()


def fmt_value(value: float | None, places: int | None = None) -> str:
    """A figure as shown: ``places`` decimals (trailing zeros dropped), thousands separated; without
    ``places`` up to 2 decimals; '' for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    if abs(v) >= 1000 and (places is None or places == 0):
        return f"{v:,.0f}"
    text = f"{v:.{2 if places is None else places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _with_unit(value: float, unit: str, lang: str, places: int | None = None) -> str:
    """``52%``, ``3 工作日`` / ``3 working days``; '' for NaN (the unit escaped for plotly)."""
    number = fmt_value(value, places)
    if not number:
        return ""
    shown = esc(unit_label(unit, lang))
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
    return esc(area_label(group, lang) if by == "county" else group)


def _worst_reported(statuses: Sequence[str], has_actual: bool) -> str:
    """Worst status among items with a figure; 无数据 only when no item has one."""
    if not has_actual:
        return NO_DATA
    reported = [s for s in statuses if s != NO_DATA] or list(statuses)
    return min(reported, key=lambda s: _SEVERITY_RANK.get(s, len(STATUS_SEVERITY)))


def _axis_title(
    lang: str, unit: str, direction: str, what: str = "chart_actual", bars: bool = False
) -> str:
    better = t("chart_lower_better", lang) if direction == LE else ""
    shorter = t("chart_shorter_better", lang) if direction == LE and bars else ""
    parts = [p for p in (esc(unit_label(unit, lang)), better, shorter) if p]
    if not parts:
        return t(what, lang)
    sep = "，" if lang == "zh" else ", "
    return f"{t(what, lang)}（{sep.join(parts)}）" if lang == "zh" else f"{t(what, lang)} ({sep.join(parts)})"


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


def _value_labels(
    labels: list[str], texts: list[str], statuses: list[str], lang: str, big: bool
) -> list[dict]:
    """One annotation per bar in the right margin (never under a marker): ``▼ 10.7 工作日``, in the
    status's colour (darkened grey for 无数据)."""
    size = _sizes(big)["base"]
    return [
        {"x": 1.0, "xref": "paper", "xanchor": "left", "xshift": 8, "y": y, "yref": "y",
         "text": f"{STATUS_MARKS.get(st, '')} {text}".strip(), "showarrow": False,
         "font": {"size": size, "color": "#616161" if st == NO_DATA else STATUS_COLORS.get(st, "#212121")}}
        for y, text, st in zip(labels, texts, statuses, strict=True)
    ]


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
    with a figure. Bars start at 0 on the left and are coloured by status (one trace per status, so the
    legend names them; late ones hatched); a thin black tick marks the target and an open diamond the
    序时进度 (expected value). Each bar's value, with the indicator's precision, its unit and the status
    mark, is written in the right margin, so no marker hides it; a group without a figure gets no bar
    and ``○ 无数据`` there. For ``<=`` targets (days) a shorter bar is better and the axis title says so.
    Groups are drawn top down in ``order`` (e.g. ``CityConfig.areas``) where given, then in order of
    appearance (全市 first).
    """
    if "indicator" in rows.columns and rows["indicator"].nunique() > 1:
        raise ValueError("bullet_chart takes the rows of one indicator")
    direction = str(_first(rows, "direction", GE))
    unit = str(_first(rows, "unit", ""))
    name = esc(_first(rows, "name", _first(rows, "indicator", "")))
    places = metrics.decimals(unit, _first(rows, "target", None))
    groups = _bullet_groups(rows, by, order) if len(rows) else pd.DataFrame(
        columns=["group", "actual", "target", "expected", "status"]
    )
    labels = [_display(g, by, lang) for g in groups["group"]]
    groups = groups.assign(label=labels)
    hover = len(groups) <= MAX_HOVER_POINTS

    fig = _Fig()
    for st in STATUSES:
        sel = groups[(groups["status"] == st) & groups["actual"].notna()]
        if sel.empty:
            continue
        trace: dict = {
            "x": sel["actual"].round(6).to_numpy(dtype=float),
            "y": sel["label"].tolist(),
            "orientation": "h",
            "name": status_text(st, lang),
            "legendgroup": st,
            "marker": {"color": STATUS_COLORS[st], **_pattern(st)},
            "width": 0.6,
        }
        if hover:
            cols = ("actual", "target", "expected")
            trace["customdata"] = np.column_stack(
                [[_with_unit(v, unit, lang, places) for v in sel[c]] for c in cols]
            )
            trace["hovertemplate"] = (
                f"<b>%{{y}}</b><br>{t('chart_actual', lang)}: %{{customdata[0]}}"
                f"<br>{t('chart_target', lang)}: %{{customdata[1]}}"
                f"<br>{t('chart_expected', lang)}: %{{customdata[2]}}<extra>{status_label(st, lang)}</extra>"
            )
        fig.add_trace(go.Bar(**trace))

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
                x=exp["expected"].round(6).to_numpy(dtype=float),
                y=exp["label"].tolist(),
                mode="markers",
                name=t("chart_expected", lang),
                marker={"symbol": "diamond-open", "size": 16 if big else 12, "color": EXPECTED_COLOR,
                        "line": {"width": 3 if big else 2, "color": EXPECTED_COLOR}},
                hovertemplate=f"%{{y}}<br>{t('chart_expected', lang)}: %{{x:.{places}f}}<extra></extra>",
            )
        )

    texts = [
        _with_unit(v, unit, lang, places) if not math.isnan(v) else status_label(NO_DATA, lang)
        for v in groups["actual"].to_numpy(dtype=float)
    ]
    for note in _value_labels(labels, texts, groups["status"].tolist(), lang, big):
        fig.add_annotation(**note)

    title_key = {"county": "chart_bullet_by_county", "department": "chart_bullet_by_department"}
    _layout(fig, t(title_key.get(by, "chart_bullet_title"), lang, name=name), lang, big)
    per_bar = 64 if big else 40
    top = np.nanmax(groups[["actual", "target", "expected"]].to_numpy(dtype=float)) if len(groups) else 1.0
    top = 1.0 if not np.isfinite(top) or top <= 0 else float(top)
    widest = max((_width(x) for x in texts), default=4)
    fig.update_layout(
        barmode="overlay",
        bargap=0.35,
        height=max(260, 120 + per_bar * len(groups)),
        margin={"r": min(260, 40 + widest * (14 if big else 9))},
        xaxis={"title": {"text": _axis_title(lang, unit, direction, bars=True)}, "range": [0, top * 1.08],
               "zeroline": True},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": labels,
               "autorange": "reversed"},
    )
    return fig.build()


def _width(text: str) -> int:
    """Rough width of a label in half-width characters (CJK and full-width count double)."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def _pattern(status: str) -> dict:
    """Hatching on the status colour (the pattern carries the colour as its background)."""
    shape = STATUS_PATTERNS.get(status)
    if not shape:
        return {}
    return {"pattern": {"shape": shape, "bgcolor": STATUS_COLORS[status], "fgcolor": "rgba(0,0,0,0.45)",
                        "size": 8, "solidity": 0.25}}


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
    places = metrics.decimals(unit, target)
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
                name=esc(area_label(county, lang)),
                line={"color": colors[county], "width": 4 if city else 2},
                marker={"size": 8 if big else 6},
                hovertemplate=f"%{{fullData.name}}<br>%{{x}}: %{{y:.{places}f}}{_unit_suffix(unit, lang)}"
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
                hovertemplate=f"{t('chart_expected', lang)}<br>%{{x}}: %{{y:.{places}f}}<extra></extra>",
            )
        )

    if projection is not None and len(projection):
        _projection_traces(fig, projection, colors, unit, lang)

    target_text = t("chart_target_line", lang, value=_with_unit(target, unit, lang, places))
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
        # at the start of the line: the lines begin far from the target (below a >= target, above a
        # <= one) and end near it, where a label would sit on them
        fig.add_annotation(
            x=periods[0], y=float(target), text=target_text, showarrow=False,
            xanchor="left", yanchor="bottom", font={"size": size["base"], "color": TARGET_COLOR},
        )

    _layout(fig, t("chart_trend_title", lang, name=esc(name)), lang, big)
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
                hovertemplate=f"{esc(area_label(str(county), lang))} {label}<br>%{{x}}: %{{y:.4g}}"
                f"{_unit_suffix(unit, lang)}<extra></extra>",
            )
        )


def _unit_suffix(unit: str, lang: str) -> str:
    shown = esc(unit_label(unit, lang))
    return shown if shown in ("", "%") else f" {shown}"


# --- heat map ---------------------------------------------------------------------------------------

def heatmap(
    status_rows: pd.DataFrame, *, lang: str = "zh", order: Sequence[str] | None = None, big: bool = False
) -> go.Figure:
    """Status per indicator (rows, labelled by ``name``) x county (columns, 全市 first).

    A cell's colour is its status — the roll-up of its items (:func:`ledger.metrics.rollup` by
    indicator and county: the worst status among the departments that reported), so a cell on
    schedule is blue like 正常 everywhere else — and its text is the status mark with the mean
    attainment against the year's target (``● 85%``, uncapped: ``✓ 180%``); ``○ 无数据`` where nothing
    was reported. Cells no one is assigned to stay blank. The colour bar is the status legend.
    Columns follow ``order`` where given (e.g. ``CityConfig.areas``), then order of appearance.
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
    label_of = {i: esc(n if counts[n] == 1 else f"{n}（{i}）") for i, n in first_name.items()}

    work = pd.DataFrame(
        {
            "row": pairs["id"].map(label_of).to_numpy(dtype=object),
            "county": status_rows["county"].astype(str).to_numpy(),
            "attainment": pd.to_numeric(status_rows["attainment"], errors="coerce").to_numpy(dtype=float),
            "status": status_rows["status"].astype(str).to_numpy() if len(status_rows) else [],
        }
    )
    row_order = work["row"].drop_duplicates().tolist()
    col_order = _area_order(work["county"], order)
    cells = metrics.rollup(work, ["row", "county"]) if len(work) else pd.DataFrame(
        columns=["row", "county", "status"]
    )
    status_grid = (
        cells.set_index(["row", "county"])["status"].unstack("county")
        .reindex(index=row_order, columns=col_order)
    )
    attain = (
        work.groupby(["row", "county"], sort=False)["attainment"].mean().unstack("county")
        .reindex(index=row_order, columns=col_order)
    ).to_numpy(dtype=float)
    codes = {s: i for i, s in enumerate(_HEAT_ORDER)}
    statuses = status_grid.to_numpy(dtype=object)
    z = [[codes.get(st, np.nan) if isinstance(st, str) else np.nan for st in row] for row in statuses]
    text = [
        ["" if not isinstance(st, str) else status_text(NO_DATA, lang) if math.isnan(v)
         else f"{STATUS_MARKS[st]} {percent_label(v)}" for st, v in zip(srow, vrow, strict=True)]
        for srow, vrow in zip(statuses, attain, strict=True)
    ]
    hover = [
        ["" if not isinstance(st, str) else status_label(st, lang) for st in srow] for srow in statuses
    ]
    n = len(_HEAT_ORDER)
    scale = [[pos, STATUS_COLORS[st]] for i, st in enumerate(_HEAT_ORDER) for pos in (i / n, (i + 1) / n)]
    x_labels = [esc(area_label(c, lang)) for c in col_order]
    size = _sizes(big)

    fig = _Fig(
        go.Heatmap(
            z=z,
            x=x_labels,
            y=row_order,
            text=text,
            customdata=hover,
            texttemplate="%{text}",
            textfont={"size": size["base"]},
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            hovertemplate=f"%{{y}}<br>%{{x}}<br>{t('col_status', lang)}: %{{customdata}}"
            f"<br>{t('col_attainment', lang)}: %{{text}}<extra></extra>",
            colorbar={"title": {"text": t("col_status", lang)}, "tickvals": list(range(n)),
                      "ticktext": [status_text(st, lang) for st in _HEAT_ORDER], "len": 0.9},
        )
    )
    _layout(fig, t("chart_heatmap_title", lang), lang, big)
    fig.update_layout(
        height=max(260, 110 + (52 if big else 34) * len(row_order)),
        margin={"b": 20},
        plot_bgcolor="#f5f5f5",
        xaxis={"side": "top", "showgrid": False, "type": "category"},
        yaxis={"autorange": "reversed", "showgrid": False, "type": "category"},
    )
    return fig.build()


# --- rankings -----------------------------------------------------------------------------------------

def ranking_chart(rollup: pd.DataFrame, label: str, *, lang: str = "zh", big: bool = False) -> go.Figure:
    """A :func:`ledger.metrics.rollup` frame ranked by score, best on top, one bar per group showing
    what its items are: the shares 逾期 and 滞后 (hatched, from the left, so the share behind reads off
    the axis), 正常, 达标 and 无数据, in the status colours with the legend naming them. The right margin
    gives the score and the count behind: ``96 · 滞后 3/12``; a group without a score says 无数据.

    ``label`` is the group column (department, county, category …). The order is the roll-up's (by
    score; ties by annual completion) when it has a ``rank`` column, else by score.
    """
    work = pd.DataFrame(
        {
            "group": rollup[label].astype(str).to_numpy(),
            "score": pd.to_numeric(rollup["score"], errors="coerce").to_numpy(dtype=float),
            "n": pd.to_numeric(rollup["n"], errors="coerce").fillna(0).to_numpy(dtype=float)
            if "n" in rollup.columns else np.zeros(len(rollup)),
            **{
                st: pd.to_numeric(rollup[col], errors="coerce").fillna(0).to_numpy(dtype=float)
                if col in rollup.columns else np.zeros(len(rollup))
                for st, col in metrics.ROLLUP_COUNT_COLUMNS.items()
            },
        }
    )
    work = work.assign(
        _order=np.arange(len(work)), _nan=work["score"].isna(),
        _rank=pd.to_numeric(rollup["rank"], errors="coerce").to_numpy(dtype=float)
        if "rank" in rollup.columns else np.zeros(len(work)),
    )
    work = work.sort_values(["_nan", "score", "_rank", "_order"], ascending=[True, False, True, True],
                            kind="stable")
    labels = [_display(g, label, lang) for g in work["group"]]
    work = work.assign(label=labels)
    total = np.where(work["n"].to_numpy() > 0, work["n"].to_numpy(), 1.0)
    hover = len(work) <= MAX_HOVER_POINTS

    fig = _Fig()
    for st in _BAR_ORDER:
        counts = work[st].to_numpy(dtype=float)
        if not (counts > 0).any():
            continue
        share = counts / total * 100.0
        trace: dict = {
            "x": share.round(4),
            "y": labels,
            "orientation": "h",
            "name": status_text(st, lang),
            "legendgroup": st,
            "marker": {"color": STATUS_COLORS[st], "line": {"color": "#ffffff", "width": 1}, **_pattern(st)},
            "text": [f"{c:.0f}" if c > 0 else "" for c in counts],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textangle": 0,
            "textfont": {"color": STATUS_TEXT_COLORS[st]},
            "width": 0.65,
        }
        if hover:
            trace["customdata"] = np.column_stack([counts, work["n"].to_numpy(dtype=float)])
            trace["hovertemplate"] = (
                f"<b>%{{y}}</b><br>{status_label(st, lang)}: %{{customdata[0]:.0f}} / %{{customdata[1]:.0f}}"
                "（%{x:.0f}%）<extra></extra>"
            )
        fig.add_trace(go.Bar(**trace))

    late = t("ranking_late", lang)
    notes = [
        t("ranking_note", lang, score=score_label(sc), late=late, n_late=f"{b + o:.0f}", n=f"{n:.0f}")
        if not math.isnan(sc) else status_label(NO_DATA, lang)
        for sc, b, o, n in zip(work["score"], work[BEHIND], work[OVERDUE], work["n"], strict=True)
    ]
    size = _sizes(big)
    for y, note in zip(labels, notes, strict=True):
        fig.add_annotation(x=1.0, xref="paper", xanchor="left", xshift=8, y=y, yref="y", text=note,
                           showarrow=False, font={"size": size["base"], "color": "#212121"})

    header = t(_LABEL_KEYS[label], lang) if label in _LABEL_KEYS else label
    title = t("chart_category_title", lang) if label == "category" else t(
        "chart_ranking_title", lang, label=header
    )
    _layout(fig, title, lang, big)
    per_bar = 56 if big else 34
    widest = max((_width(x) for x in notes), default=8)
    fig.update_layout(
        barmode="stack",
        height=(260 if big else 200) + per_bar * len(work),
        margin={"r": min(320, 30 + widest * (13 if big else 8))},
        uniformtext={"minsize": size["tick"] - 3, "mode": "hide"},
        xaxis={"title": {"text": t("chart_share_axis", lang)}, "range": [0, 100],
               "tickvals": [0, 25, 50, 75, 100], "ticksuffix": "%"},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": labels,
               "autorange": "reversed"},
    )
    return fig.build()


def category_chart(rollup: pd.DataFrame, *, lang: str = "zh", big: bool = False) -> go.Figure:
    """Score per category (a :func:`ledger.metrics.by_category` frame) as a :func:`ranking_chart`."""
    return ranking_chart(rollup, "category", lang=lang, big=big)
