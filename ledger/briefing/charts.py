"""The 通报's charts as small PNGs (matplotlib, Agg backend), in the dashboard's status colours.

Chinese needs a CJK font: the first of :data:`CJK_FONTS` that matplotlib finds installed is used; with
none, the functions return ``None`` and the document says the chart is left out, rather than print
boxes where the characters should be.
"""

from __future__ import annotations

import io
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

from ..charts import STATUS_COLORS
from ..i18n import area_label, status_label, t
from ..model import BEHIND, MET, NO_DATA, ON_TRACK, OVERDUE

#: Sans-serif CJK faces, in order of preference (Noto CJK is what Debian's fonts-noto-cjk installs).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC",
             "WenQuanYi Micro Hei", "Noto Sans CJK JP")
DPI = 150
_COUNT_COLUMNS = (("n_met", MET), ("n_on_track", ON_TRACK), ("n_behind", BEHIND), ("n_overdue", OVERDUE),
                  ("n_no_data", NO_DATA))


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed CJK font matplotlib can use, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _figure(width_in: float, height_in: float):
    font = cjk_font()
    plt.rcParams["font.family"] = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=DPI)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def category_status_png(categories: pd.DataFrame, lang: str = "zh") -> bytes | None:
    """Items per status in each category, as stacked horizontal bars (:func:`ledger.metrics.by_category`)."""
    if categories.empty or cjk_font() is None:
        return None
    cats = categories.iloc[::-1]  # first category on top
    fig, ax = _figure(6.2, 0.55 * len(cats) + 1.2)
    left = pd.Series(0.0, index=cats.index)
    for col, status in _COUNT_COLUMNS:
        values = cats[col].astype(float)
        ax.barh(cats["category"], values, left=left, color=STATUS_COLORS[status],
                label=status_label(status, lang), height=0.6)
        for y, (v, x0) in enumerate(zip(values, left, strict=True)):
            if v >= 2:
                ax.text(x0 + v / 2, y, f"{int(v)}", ha="center", va="center", fontsize=8,
                        color="white" if status != BEHIND else "black")
        left = left + values
    ax.set_xlabel(t("brief_axis_items", lang))
    ax.legend(ncol=5, fontsize=8, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.tick_params(labelsize=9)
    return _png(fig)


def county_scores_png(counties: pd.DataFrame, lang: str = "zh", highlight: str | None = None) -> bytes | None:
    """County scores as bars coloured by the county's status, the number behind written on each bar
    (:func:`ledger.metrics.by_county`); ``highlight`` draws one county's bar with a dark edge."""
    if counties.empty or cjk_font() is None:
        return None
    c = counties.iloc[::-1]
    fig, ax = _figure(6.2, 0.5 * len(c) + 1.0)
    labels = [area_label(x, lang) for x in c["county"]]
    colors = [STATUS_COLORS.get(s, STATUS_COLORS[NO_DATA]) for s in c["status"]]
    edges = ["#000000" if highlight and x == highlight else "none" for x in c["county"]]
    scores = c["score"].astype(float).fillna(0.0)
    ax.barh(labels, scores, color=colors, edgecolor=edges, linewidth=1.5, height=0.6)
    for y, (score, behind, overdue) in enumerate(zip(scores, c["n_behind"], c["n_overdue"], strict=True)):
        label = t("brief_bar_label", lang, score=f"{score:.1f}", behind=int(behind) + int(overdue))
        ax.text(score + 1, y, label, va="center", fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel(t("brief_axis_score", lang))
    ax.tick_params(labelsize=9)
    return _png(fig)
