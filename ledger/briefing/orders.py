"""督办单: one supervision order per item 滞后 or 逾期, coloured by severity.

Levels (rules in ``data/config.toml`` ``[supervision]``): **red** for 逾期 (deadline passed unmet),
or 滞后 for ``red_after`` periods running when that is set; **yellow** for 滞后 ``yellow_after``
periods running (default 2); **blue** for other 滞后 (behind once). Numbers follow ``number``
(default ``督办〔{year}〕第{month:02d}-{seq:03d}号``), red first, then yellow, then blue, each in the
order of :func:`ledger.views.behind`. They are assigned over all items of the period, so an order
keeps its number in every filtered document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from .. import views
from ..i18n import area_label, t
from ..metrics import INDICATOR_KEY, decimals, period_end
from ..model import BEHIND, CITY_WIDE, GE, OVERDUE
from ..projection import MIN_POINTS, PROJECTED_MET, WINDOW
from . import style
from . import text as tx

BLUE, YELLOW, RED = "blue", "yellow", "red"
LEVELS = (RED, YELLOW, BLUE)
#: Fill colours of the level band (hex RRGGBB) and the text colour on them.
LEVEL_FILLS = {RED: "C00000", YELLOW: "FFC000", BLUE: "2E75B6"}
LEVEL_TEXT = {RED: "FFFFFF", YELLOW: "000000", BLUE: "FFFFFF"}
DEFAULT_NUMBER = "督办〔{year}〕第{month:02d}-{seq:03d}号"


@dataclass(frozen=True)
class SupervisionRules:
    """How 督办单 are coloured and numbered (``[supervision]`` in the city config)."""

    yellow_after: int = 2
    red_after: int = 0  # 0: 滞后 alone never turns red
    reply_days: int = 15
    number: str = DEFAULT_NUMBER

    @classmethod
    def from_config(cls, raw: dict) -> SupervisionRules:
        """Rules from the ``[supervision]`` table; missing keys keep their defaults."""
        def count(key: str, default: int) -> int:
            v = raw.get(key, default)
            return int(v) if isinstance(v, int | float) and v >= 0 else default

        return cls(
            yellow_after=max(1, count("yellow_after", cls.yellow_after)),
            red_after=count("red_after", cls.red_after),
            reply_days=count("reply_days", cls.reply_days),
            number=str(raw.get("number") or DEFAULT_NUMBER),
        )

    @property
    def lookback(self) -> int:
        """How many periods of 滞后 in a row decide a level."""
        return max(self.yellow_after, self.red_after)

    def level(self, status: str, streak: int) -> str:
        """red / yellow / blue for an item 逾期 or 滞后 for ``streak`` periods running (this one included)."""
        if status == OVERDUE or (self.red_after and streak >= self.red_after):
            return RED
        return YELLOW if streak >= self.yellow_after else BLUE


@dataclass(frozen=True)
class Order:
    """One 督办单: its number, level, the item (a status row with projection) and its dates."""

    number: str
    seq: int
    level: str
    streak: int
    item: dict
    issued: date
    reply_by: date

    def label(self, lang: str = "zh") -> str:
        """The number as printed: the configured Chinese pattern, or the English one."""
        if lang != "en":
            return self.number
        return t("order_number", lang, year=self.issued.year, month=self.issued.month, seq=self.seq)


def behind_streaks(ctx, snap: views.Snapshot, behind: pd.DataFrame, lookback: int) -> pd.Series:
    """Periods running (up to ``lookback``) each 滞后 item of ``behind`` has been 滞后, the as-of
    period included; on ``behind``'s index. Earlier statuses are the snapshots of earlier periods."""
    streak = pd.Series(1, index=behind.index, dtype=int)
    if behind.empty or lookback <= 1:
        return streak
    earlier = [p for p in snap.periods if p < snap.as_of][::-1][: lookback - 1]
    running = (behind["status"] == BEHIND).to_numpy().copy()
    keys = pd.MultiIndex.from_frame(behind[INDICATOR_KEY].astype("str"))
    for k, period in enumerate(earlier):
        status = snap.previous_status if k == 0 and snap.previous == period else None
        if status is None:
            status = views.snapshot(ctx.store, ctx.bundle, period).status
        was = status.set_index(INDICATOR_KEY)["status"]
        was.index = pd.MultiIndex.from_frame(was.index.to_frame(index=False).astype("str"))
        running = running & (was.reindex(keys).to_numpy() == BEHIND)
        streak += running.astype(int)
        if not running.any():
            break
    return streak


def assign_orders(
    behind: pd.DataFrame, streaks: pd.Series, rules: SupervisionRules, as_of: str
) -> list[Order]:
    """The 督办单 of every item in ``behind`` (worst first), numbered red → yellow → blue."""
    issued = period_end(as_of)
    reply_by = issued + timedelta(days=rules.reply_days)
    staged = []
    for pos, (idx, row) in enumerate(behind.iterrows()):
        streak = int(streaks.get(idx, 1))
        staged.append((LEVELS.index(rules.level(row["status"], streak)), pos, streak, row.to_dict()))
    staged.sort(key=lambda s: (s[0], s[1]))
    year, month = int(as_of[:4]), int(as_of[5:7])
    return [
        Order(
            number=rules.number.format(year=year, month=month, seq=seq),
            seq=seq,
            level=LEVELS[level],
            streak=streak,
            item=item,
            issued=issued,
            reply_by=reply_by,
        )
        for seq, (level, _, streak, item) in enumerate(staged, start=1)
    ]


def select(orders: list[Order], items: pd.DataFrame) -> list[Order]:
    """The orders whose item is among ``items`` (a filtered status frame), numbers kept."""
    keep = set(map(tuple, items[INDICATOR_KEY].astype("str").to_numpy().tolist()))
    return [o for o in orders if tuple(str(o.item[k]) for k in INDICATOR_KEY) in keep]


# --- the 督办单 page ------------------------------------------------------------------------------

def render_orders(
    doc, orders: list[Order], fig, issuer: str, lang: str = "zh", *, first_break: bool = True
) -> None:
    """Append one page per order to ``doc`` (a page break before each but the first when
    ``first_break`` is False). ``fig`` is the :class:`~ledger.briefing.content.Figures` they belong to."""
    for k, order in enumerate(orders):
        if k or first_break:
            style.page_break(doc)
        item = order.item
        style.paragraph(doc, t("order_title", lang, city=fig.city), style.STYLE_TITLE)
        streak_red = order.level == RED and item["status"] != OVERDUE
        band_key = f"order_band_{order.level}" + ("_streak" if streak_red else "")
        band = style.table(doc, None, [[t(band_key, lang, n=order.streak)]], [156])
        cell = band.rows[0].cells[0]
        style.shade(cell, LEVEL_FILLS[order.level])
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor.from_string(LEVEL_TEXT[order.level])
        style.set_fonts(run, style.HEADING1_FONT)
        style.paragraph(doc, order.label(lang), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

        unit = item["unit"]
        places = decimals(unit, item["target"])
        deadline = tx.day_text(pd.Timestamp(item["deadline"]).date(), lang)
        period = str(item.get("period"))
        reported = "" if period in ("nan", "None", fig.as_of) else t(
            "brief_reported_in", lang, month=tx.short_month(period, lang))
        # the gap between the figures as printed, so the sentence adds up
        gap = abs(round(float(item["actual"]), places) - round(float(item["expected"]), places))
        gap_text = t("order_gap_points", lang, gap=tx.number(gap, places)) if unit == "%" else tx.value(
            gap, unit, lang, places)
        progress = t(
            "order_progress_ge" if item["direction"] == GE else "order_progress_le", lang,
            month=tx.month_text(fig.as_of, lang), actual=tx.value(item["actual"], unit, lang, places),
            reported=reported, expected=tx.value(item["expected"], unit, lang, places), gap=gap_text,
        )
        if item["status"] == BEHIND and order.streak > 1:
            progress += t("order_streak", lang, n=order.streak)
        if item.get("projected_status") is None or pd.isna(item.get("projected")):
            trend = t("order_trend_none", lang, points=MIN_POINTS)
        else:
            met = item["projected_status"] == PROJECTED_MET
            verdict = t("brief_verdict_met" if met else "brief_verdict_unmet", lang)
            trend = t("order_trend", lang, deadline=deadline, window=WINDOW,
                      projected=tx.value(item["projected"], unit, lang, places), verdict=verdict)
        ask = t("order_ask_overdue" if item["status"] == OVERDUE else "order_ask", lang,
                reply_by=tx.day_text(order.reply_by, lang), deadline=deadline,
                target=tx.target(item["direction"], item["target"], unit, lang))
        unit_name = item["department"] if item["county"] == CITY_WIDE else (
            item["department"] + tx.paren(area_label(item["county"], lang), lang))
        rows = [
            (t("order_row_item", lang), item["name"] + tx.paren(item["indicator"], lang)),
            (t("order_row_clause", lang), t("order_clause", lang, clause=item.get("clause") or item["name"],
                                            task=item["task"], title=item.get("task_title", ""))),
            (t("order_row_unit", lang), unit_name),
            (t("order_row_target", lang), t("order_target", lang, target=tx.target(
                item["direction"], item["target"], unit, lang), deadline=deadline)),
            (t("order_row_progress", lang), progress),
            (t("order_row_trend", lang), trend),
            (t("order_row_ask", lang), ask),
            (t("order_row_issuer", lang), issuer),
            (t("order_row_date", lang), tx.day_text(order.issued, lang)),
            (t("order_row_receipt", lang), t("order_receipt", lang)),
        ]
        grid = style.table(doc, None, [list(r) for r in rows], [32, 124], align_left={1})
        for r, row in enumerate(grid.rows):
            label = row.cells[0].paragraphs[0].runs[0]
            style.set_fonts(label, style.HEADING1_FONT)
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.line_spacing = Pt(24)
                    for run in p.runs:
                        run.font.size = Pt(14)
            row.height = Mm(27) if r in (4, 5, 6) else Mm(12)

