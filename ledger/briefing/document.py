"""The 通报 as a Word document: title, 主送, 总体情况, 主要进展, 县区推进情况, 存在问题, 下一步工作, 落款
and the 督办单 as its appendix. Every sentence comes from :mod:`ledger.i18n.briefing`."""

from __future__ import annotations

import re

import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..charts import score_text
from ..config import CityConfig
from ..i18n import area_label, status_label, t, unit_label
from ..metrics import ROLLUP_COUNT_COLUMNS, decimals, period_end
from ..model import BEHIND, CITY_WIDE, MET, NO_DATA, ON_TRACK, OVERDUE
from ..projection import MIN_POINTS, PROJECTED_MET, WINDOW
from . import charts, style
from . import text as tx
from .content import Figures, behind_by_indicator, completion_highlights, responsible, status_changes
from .orders import render_orders

#: Words around the plan's name in a ledger title, dropped to name the 通报 after the plan.
_TITLE_PREFIX = re.compile(r"^(落实|贯彻落实)?(自治区|全省|省|全市|市)?")
_TITLE_SUFFIX = re.compile(
    r"(任务分工台账|任务分工方案|任务分工|任务清单|工作台账|台账|实施方案|工作方案|方案)$"
)


def plan_name(ledger_title: str, city: str, year: int) -> str:
    """The plan's name in a ledger title without city, year and the document kind:
    石嘴山市落实自治区营商环境提质升级行动任务分工台账 → 营商环境提质升级行动."""
    name = ledger_title.strip()
    if city and name.startswith(city):
        name = name[len(city):]
    name = name.removeprefix(f"{year}年")
    name = _TITLE_SUFFIX.sub("", _TITLE_PREFIX.sub("", name, count=1))
    return name or ledger_title


def title(fig: Figures, cfg: CityConfig, lang: str) -> str:
    """石嘴山市营商环境提质升级行动推进情况通报 (the config's ``[briefing] title`` in Chinese if set)."""
    custom = str(cfg.briefing.get("title") or "").strip()
    if custom and lang == "zh":
        return custom
    return t("brief_title", lang, city=fig.city, plan=plan_name(fig.ledger_title, fig.city, fig.plan_year))


def issuer(fig: Figures, cfg: CityConfig, lang: str) -> str:
    """Who issues the 通报 and the 督办单 (``[briefing] issuer``, else a 领导小组办公室 of the city)."""
    custom = str(cfg.briefing.get("issuer") or "").strip()
    return custom if custom and lang == "zh" else t("brief_issuer_default", lang, city=fig.city)


def render_briefing(fig: Figures, cfg: CityConfig, lang: str = "zh", *, with_orders: bool = True):
    """The 通报 of ``fig`` as a python-docx ``Document`` (``cfg``: the city config, for its
    ``[briefing]`` title, issuer and recipients)."""
    doc = style.new_document(header_text=t("brief_sample_header", lang) if fig.sample else "", lang=lang)
    style.paragraph(doc, title(fig, cfg, lang), style.STYLE_TITLE)
    area = area_label(fig.county, lang) if fig.county else ""
    scope = tx.scoped([area, fig.department or "", tx.month_text(fig.as_of, lang)], lang)
    style.paragraph(doc, tx.paren(scope, lang), style.STYLE_TITLE)  # （惠农区 · 2023年9月）
    style.paragraph(doc)
    style.paragraph(doc, _recipients(fig, cfg, lang), indent=False)
    style.paragraph(doc, t("brief_opening", lang, plan=plan_name(fig.ledger_title, fig.city, fig.plan_year),
                           date=tx.period_end_text(fig.as_of, lang)))
    if fig.filling is not None:  # a month still being filled in is said so, as the pages' banner does
        reported, expected = fig.filling
        style.paragraph(doc, t("brief_filling", lang, month=tx.month_text(fig.as_of, lang), reported=reported,
                               expected=expected))

    sections = [
        ("brief_h_overall", _overall),
        ("brief_h_progress", _progress),
        ("brief_h_counties", _counties),
        ("brief_h_problems", _problems),
        ("brief_h_next", _next_steps),
    ]
    n = 0
    for key, write in sections:
        if key == "brief_h_counties" and fig.counties.empty:
            continue
        n += 1
        style.paragraph(doc, tx.heading1(n, t(key, lang), lang), style.STYLE_H1)
        write(doc, fig, cfg, lang)

    appendix = with_orders and bool(fig.orders)
    if appendix:  # 附件说明: below the body, two characters in (GB/T 9704 7.3.4)
        style.paragraph(doc)
        style.paragraph(doc, t("brief_appendix", lang, n=len(fig.orders)))
    _signature(doc, fig, cfg, lang)
    if appendix:  # the appendix on its own pages, 附件 in 黑体 at the top left
        style.page_break(doc)
        style.paragraph(doc, t("brief_appendix_head", lang), style.STYLE_H1, indent=False)
        render_orders(doc, fig.orders, fig, issuer(fig, cfg, lang), lang, first_break=False)
    return doc


def _recipients(fig: Figures, cfg, lang: str) -> str:
    custom = str(cfg.briefing.get("recipients") or "").strip()
    if fig.department:
        return tx.addressed(fig.department, lang)
    if fig.county and fig.county != CITY_WIDE:
        return t("brief_to_county", lang, county=fig.county)
    if fig.county == CITY_WIDE:
        return t("brief_to_city", lang)
    return custom if custom and lang == "zh" else t("brief_to_all", lang)


def _counts_phrase(counts: dict[str, int], lang: str) -> str:
    return t("brief_counts", lang, met=counts[MET], on_track=counts[ON_TRACK], behind=counts[BEHIND],
             overdue=counts[OVERDUE], no_data=counts[NO_DATA])


def _overall(doc, fig: Figures, cfg, lang: str) -> None:
    """Counts, score and annual completion with what they mean, the change since the previous period,
    the projection, the tasks' states and the reports not in: the overview's tiles in sentences."""
    date = tx.period_end_text(fig.as_of, lang)
    if not fig.n_items:  # tasks only: no score to state
        style.paragraph(doc, t("brief_no_items", lang, date=date))
        _tasks(doc, fig, lang)
        return
    text = t("brief_overall", lang, date=date, indicators=fig.n_indicators, items=fig.n_items,
             counts=_counts_phrase(fig.counts, lang))
    changes = status_changes(fig)
    if changes:
        moved = [
            t("brief_change_up" if changes[s] > 0 else "brief_change_down", lang,
              status=status_label(s, lang), n=abs(changes[s]))
            for s in (MET, BEHIND, OVERDUE) if changes[s]
        ]
        text += t("brief_changes", lang, changes=tx.join(moved, lang)) if moved else t(
            "brief_no_change", lang)
    style.paragraph(doc, text)
    delta = ""
    if fig.delta is not None and fig.previous is not None:
        previous = tx.month_text(fig.previous, lang)
        delta = t("brief_delta_clause", lang, previous=previous, change=tx.signed(fig.delta, lang))
    # the two numbers as the overview shows them, and what they mean in the dashboard's own sentence
    score = t("brief_score", lang, score=score_text(fig.score), delta=delta, annual=score_text(fig.annual))
    style.paragraph(doc, score.strip() + " " * (lang == "en") + tx.tight(t("score_explain", lang), lang))

    projected = fig.items["projected_status"]
    style.paragraph(doc, t("brief_projection", lang, met=int((projected == PROJECTED_MET).sum()),
                           unmet=fig.projected_unmet, none=int(projected.isna().sum()), points=MIN_POINTS,
                           window=WINDOW))

    _tasks(doc, fig, lang)

    unreported = fig.unreported
    if unreported.empty:
        style.paragraph(doc, t("brief_reports_all", lang, n=fig.n_items))
    else:
        on_time = fig.n_items - len(unreported)
        style.paragraph(doc, t("brief_reports_late", lang, n=fig.n_items, on_time=on_time,
                               stale=len(fig.stale), no_data=len(fig.no_data),
                               units=tx.join(responsible(unreported), lang, limit=5)))
    _chart(doc, charts.ranking_png(fig.categories, "category", lang), "brief_fig_categories", fig, lang)


def _tasks(doc, fig: Figures, lang: str) -> None:
    """The task items per reported state, as the overview's task tiles count them."""
    s = fig.task_states
    style.paragraph(doc, t("brief_tasks", lang, tasks=fig.tasks["task"].nunique(), units=len(fig.tasks),
                           done=s["已完成"], in_progress=s["推进中"], late=s["滞后"],
                           not_started=s["未启动"], unreported=s[None]))


def _progress(doc, fig: Figures, cfg, lang: str) -> None:
    by_cat = fig.categories.set_index("category") if len(fig.categories) else None
    reported = set(fig.tasks["task"].astype("str")) | set(fig.items["task"].astype("str"))
    n = 0
    for category, tasks in fig.outline:
        mine = [(tid, name) for tid, name in tasks if tid in reported]
        if not mine:
            continue
        n += 1
        style.paragraph(doc, tx.heading2(n, category, lang), style.STYLE_H2)
        if by_cat is not None and category in by_cat.index:
            r = by_cat.loc[category]
            counts = {s: int(r[col]) for s, col in ROLLUP_COUNT_COLUMNS.items()}
            stale = t("brief_category_stale", lang, n=int(r["n_stale"])) if r["n_stale"] else ""
            style.paragraph(doc, t("brief_category", lang, tasks=len(mine), items=int(r["n"]),
                                   score=score_text(r["score"]), annual=score_text(r["annual"]),
                                   counts=_counts_phrase(counts, lang), stale=stale))
        else:
            style.paragraph(doc, t("brief_category_tasks_only", lang, tasks=len(mine)))
        for k, (tid, name) in enumerate(mine, start=1):
            found = completion_highlights(fig, tid)
            said = "".join(tx.sentence(s, lang) for s in found)
            p = style.paragraph(doc)
            style.runs(p, [(tx.numbered(k, name, lang), {"bold": True}),
                           (said or t("brief_task_no_text", lang), {})])


def _counties(doc, fig: Figures, cfg, lang: str) -> None:
    """The 县区 ranking of ``status --json --by county`` (the county filter left out: it compares):
    a sentence, table 1 and chart 2."""
    c = fig.counties
    ranked = tx.join([t("brief_rank_item", lang, county=area_label(r.county, lang),
                        score=score_text(r.score)) for r in c.itertuples()], lang)
    text = t("brief_ranking", lang, ranking=ranked)
    if fig.county and fig.county in set(c["county"]):
        rank = int(c.loc[c["county"] == fig.county, "rank"].iloc[0])
        text += t("brief_ranking_mine", lang, county=area_label(fig.county, lang), rank=rank, n=len(c))
    style.paragraph(doc, text)
    header = [t(k, lang) for k in ("brief_col_rank", "brief_col_county", "brief_col_score",
                                   "brief_col_annual", "status_met", "status_on_track", "brief_col_behind",
                                   "status_overdue", "status_no_data", "brief_col_stale")]
    rows = [[str(int(r.rank)), area_label(r.county, lang), score_text(r.score), score_text(r.annual),
             *(str(int(getattr(r, col))) for col in ROLLUP_COUNT_COLUMNS.values()), str(int(r.n_stale))]
            for r in c.itertuples()]
    mine = {i for i, r in enumerate(c.itertuples()) if fig.county and r.county == fig.county}
    style.paragraph(doc, t("brief_table_counties", lang, period=tx.month_text(fig.as_of, lang)),
                    style.STYLE_CAPTION)
    style.table(doc, header, rows, [12, 19, 14, 16, 13, 14, 15, 17, 16, 20], bold_rows=mine)
    _chart(doc, charts.ranking_png(c, "county", lang, highlight=fig.county), "brief_fig_counties", fig, lang)


def _chart(doc, png: bytes | None, caption: str, fig: Figures, lang: str) -> None:
    """A chart and its caption, or a sentence saying it is left out (no CJK font to draw it)."""
    if png is None:
        style.paragraph(doc, t("brief_chart_missing", lang), style.STYLE_CAPTION)
        return
    style.picture(doc, png, width_mm=min(charts.width_mm(png), style.TEXT_WIDTH.mm))
    style.paragraph(doc, t(caption, lang, period=tx.month_text(fig.as_of, lang)), style.STYLE_CAPTION)


def _problems(doc, fig: Figures, cfg, lang: str) -> None:
    date = tx.period_end_text(fig.as_of, lang)
    b = fig.behind
    if b.empty:
        style.paragraph(doc, t("brief_problems_none", lang, date=date))
        return
    n_behind, n_overdue = int((b["status"] == BEHIND).sum()), int((b["status"] == OVERDUE).sum())
    style.paragraph(doc, t("brief_problems_intro", lang, date=date, n=len(b), behind=n_behind,
                           overdue=n_overdue, indicators=b["indicator"].nunique(), units=len(responsible(b))))
    levels = {tuple(str(o.item[k]) for k in ("indicator", "department", "county")): o for o in fig.orders}
    for n, (_, rows) in enumerate(behind_by_indicator(fig), start=1):
        first = rows.iloc[0]
        style.paragraph(doc, tx.heading2(n, first["name"], lang), style.STYLE_H2)
        deadline = tx.day_text(pd.Timestamp(first["deadline"]).date(), lang)
        p = style.paragraph(doc)
        style.runs(p, [
            (t("brief_clause", lang, clause=first["clause"] or first["name"]), {}),
            (t("brief_clause_tail", lang, task=first["task"], title=first["task_title"],
               target=tx.target(first["direction"], first["target"], first["unit"], lang), deadline=deadline,
               departments=tx.join(responsible(rows), lang)), {}),
        ])
        # the figures of one indicator share its unit: said once, in the header (实际值（%）)
        unit = tx.paren(unit_label(first["unit"], lang), lang) if str(first["unit"]).strip() else ""
        header = [t(k, lang) + ("\n" + unit if unit and k in _FIGURE_COLUMNS else "")
                  for k in ("brief_col_no", "brief_col_department", "brief_col_county", "brief_col_actual",
                            "brief_col_expected", "brief_col_projected", "brief_col_status")]
        body = []
        for i, r in enumerate(rows.itertuples(), start=1):
            order = levels.get((str(r.indicator), str(r.department), str(r.county)))
            status = status_label(r.status, lang)
            if order is not None:
                status += "\n" + t(f"brief_level_{order.level}", lang)
            expected = tx.number(r.expected, decimals(r.unit, r.target))
            body.append([str(i), r.department, area_label(r.county, lang), actual_text(r, fig.as_of, lang),
                         expected, projected_text(r, lang), status])
        style.table(doc, header, body, [12, 30, 20, 25, 25, 25, 19], align_left={1})
        style.paragraph(doc)


#: Columns of the 存在问题 tables that hold figures (their unit is in the header).
_FIGURE_COLUMNS = ("brief_col_actual", "brief_col_expected", "brief_col_projected")


def actual_text(row, as_of: str, lang: str) -> str:
    """The reported figure (without its unit), with the month it was reported in when that is not
    the as-of month."""
    shown = tx.number(row.actual, decimals(row.unit, row.target))
    period = str(row.period)
    if shown != "—" and period != as_of and period != "nan":
        shown += "\n" + t("brief_reported_month", lang, month=tx.short_month(period, lang))
    return shown


def projected_text(row, lang: str) -> str:
    """The projection at the deadline and its verdict, or why there is none."""
    if row.projected_status is None or pd.isna(row.projected):
        return t("brief_projection_none", lang, points=MIN_POINTS)
    verdict = t("brief_verdict_met" if row.projected_status == PROJECTED_MET else "brief_verdict_unmet", lang)
    return f"{tx.number(row.projected, decimals(row.unit, row.target))}\n{verdict}"


def _next_steps(doc, fig: Figures, cfg, lang: str) -> None:
    n = 0
    reply_by = tx.day_text(fig.orders[0].reply_by, lang) if fig.orders else None
    who = issuer(fig, cfg, lang)

    def item(key: str, **fmt) -> None:
        nonlocal n
        n += 1
        p = style.paragraph(doc)
        style.runs(p, [(tx.heading2(n, t(f"{key}_title", lang), lang),
                        {"font": style.HEADING2_FONT}), (t(key, lang, **fmt), {})])

    if not fig.behind.empty:
        units = responsible(fig.behind)
        item("brief_next_fix", units=tx.join(units, lang, limit=4), reply_by=reply_by, issuer=who)
    if not fig.unreported.empty:
        due = tx.day_text(fig.orders[0].reply_by if fig.orders else period_end(fig.as_of), lang)
        item("brief_next_report", units=tx.join(responsible(fig.unreported), lang, limit=4),
             period=tx.month_text(fig.as_of, lang), reply_by=due)
    if fig.projected_unmet:
        item("brief_next_deadline", n=fig.projected_unmet)
    n += 1
    p = style.paragraph(doc)
    style.runs(p, [(tx.heading2(n, "", lang), {"font": style.HEADING2_FONT}),
                   (t("brief_next_placeholder", lang), {"highlight": True})])


def _signature(doc, fig: Figures, cfg, lang: str) -> None:
    """落款 as GB/T 9704 sets it without a seal: one blank line below the body, the issuer two
    characters in from the right, the date below it starting two characters right of the issuer's
    first character (or, when the date is the longer, the date two characters in from the right)."""
    style.paragraph(doc)
    who, when = issuer(fig, cfg, lang), tx.period_end_text(fig.as_of, lang)
    em = style.BODY_SIZE.pt
    if lang == "en":  # no character grid in English: both right-aligned
        for text in (who, when):
            p = style.paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            p.paragraph_format.right_indent = Pt(2 * em)
        return
    width = style.TEXT_WIDTH.pt
    who_w, when_w = tx.em_width(who), tx.em_width(when)
    right = 2 + max(0.0, when_w + 2 - who_w)  # the issuer's right space, in characters
    start = width / em - right - who_w  # where the issuer begins, in characters from the left
    p = style.paragraph(doc, who, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    p.paragraph_format.right_indent = Pt(right * em)
    p = style.paragraph(doc, when, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    p.paragraph_format.left_indent = Pt(max(0.0, start + 2) * em)
