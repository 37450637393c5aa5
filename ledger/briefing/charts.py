"""The 通报's charts as small PNGs (matplotlib, Agg backend), in the dashboard's status colours.

Chinese needs a CJK font: the first of :data:`CJK_FONTS` that matplotlib finds installed is used; with
none, the functions return ``None`` and the document says the chart is left out, rather than print
boxes where the characters should be.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.patches import Rectangle

from ..charts import _BAR_ORDER, STATUS_COLORS, STATUS_PATTERNS, STATUS_TEXT_COLORS, score_label, status_text
from ..i18n import area_label, status_label, t
from ..metrics import ROLLUP_COUNT_COLUMNS
from ..model import NO_DATA

#: Sans-serif CJK faces, in order of preference (Noto CJK is what Debian's fonts-noto-cjk installs).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC",
             "WenQuanYi Micro Hei", "Noto Sans CJK JP")
DPI = 150


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


def width_mm(png: bytes) -> float:
    """The printed width of a chart drawn at :data:`DPI` (from the PNG's header), in millimetres."""
    return int.from_bytes(png[16:20], "big") / DPI * 25.4


def _png(fig) -> bytes:
    """The figure as PNG bytes, cropped to what is drawn (the margin notes included)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.04)
    plt.close(fig)
    return buffer.getvalue()


def ranking_png(
    rollup: pd.DataFrame, label: str, lang: str = "zh", highlight: str | None = None
) -> bytes | None:
    """A roll-up (``status --json --by category`` or ``--by county``) drawn as the dashboard's ranking
    (:func:`ledger.charts.ranking_chart`): one bar per group, best score on top, showing the shares of
    its items 逾期 and 滞后 (hatched, from the left), 正常, 达标 and 无数据 with the counts inside, and
    ``98 分 · 滞后 3/12`` in the margin. ``highlight`` (a county) gets a black outline."""
    if rollup.empty or cjk_font() is None:
        return None
    ranked = rollup.sort_values("rank", kind="stable") if "rank" in rollup.columns else rollup
    groups = ranked[label].astype(str).tolist()
    labels = [area_label(g, lang) if label == "county" else g for g in groups]
    n = ranked["n"].astype(float).to_numpy()
    total = np.where(n > 0, n, 1.0)
    # the bars fill the figure; labels and notes are drawn outside it and kept by the tight crop, so the
    # picture is placed at its own size (:func:`width_mm`) and its type prints at the sizes set here
    fig, ax = _figure(3.3, 0.36 * len(ranked) + 0.5)
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    y = np.arange(len(ranked))[::-1]  # the first (best) on top
    left = np.zeros(len(ranked))
    for status in _BAR_ORDER:
        counts = ranked[ROLLUP_COUNT_COLUMNS[status]].astype(float).to_numpy()
        share = counts / total * 100.0
        hatch = {"/": "///", "x": "xxx"}.get(STATUS_PATTERNS.get(status, ""))
        ax.barh(y, share, left=left, color=STATUS_COLORS[status], height=0.62, hatch=hatch,
                edgecolor="white", linewidth=0.8, label=status_text(status, lang) if counts.sum() else None)
        for yi, c, w, x0 in zip(y, counts, share, left, strict=True):
            if c > 0 and w >= 5:
                ax.text(x0 + w / 2, yi, f"{c:.0f}", ha="center", va="center", fontsize=9.5,
                        color=STATUS_TEXT_COLORS[status],
                        bbox={"boxstyle": "square,pad=0.2", "fc": STATUS_COLORS[status], "ec": "none"})
        left = left + share
    late = t("ranking_late", lang)
    for yi, r in zip(y, ranked.itertuples(index=False), strict=True):
        score = float(r.score)
        note = status_label(NO_DATA, lang) if math.isnan(score) else t(
            "ranking_note", lang, score=score_label(score), late=late, n_late=f"{r.n_late:.0f}",
            n=f"{r.n:.0f}")
        ax.text(101.5, yi, note, va="center", fontsize=10.5)
    if highlight is not None and highlight in groups:
        at = y[groups.index(highlight)]
        ax.add_patch(Rectangle((0, at - 0.31), 100, 0.62, fill=False, edgecolor="black", linewidth=1.6))
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel(t("chart_share_axis", lang), fontsize=10)
    ax.tick_params(labelsize=10.5)
    ax.legend(ncol=5, fontsize=10, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0),
              handlelength=1.4, columnspacing=1.2)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return _png(fig)
